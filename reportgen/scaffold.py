"""`build_report.py new PATH --title "..."`: a small, valid, commented investigation to start from.

The files come from templates/scaffold/: YAML with a comment on each field, and one
archived example text whose SHA-256 is computed here, so the new investigation
checks and builds at once. Every YAML file names the editor schema on its first
line. An existing folder that is not empty is never written to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import jinja2

from reportgen.data import schema
from reportgen.errors import UsageError
from reportgen.paths import TEMPLATES

SCAFFOLD = TEMPLATES / "scaffold"
YAML_FILES = ("report.yml", "sources.yml", "actors.yml", "events.yml")
ARCHIVE = "sources/example-article.txt"


def _yaml_string(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def render(target: Path, title: str, today: dt.date) -> dict[str, bytes]:
    """The new investigation's files, relative path -> bytes."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(SCAFFOLD)), autoescape=False,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["yaml"] = _yaml_string
    archive = (SCAFFOLD / ARCHIVE).read_bytes()
    values = {
        "title": title,
        "today": today.isoformat(),
        "sha256": hashlib.sha256(archive).hexdigest(),
        "modeline": schema.modeline(target),
        "folder": str(target),
    }
    files = {name: env.get_template(name + ".j2").render(**values).encode("utf-8") for name in YAML_FILES}
    files[ARCHIVE] = archive
    return files


def create(target: Path, title: str, today: dt.date | None = None) -> list[str]:
    """Write a new investigation into `target` (missing or empty); return the files written."""
    target = Path(target)
    title = " ".join(title.split())
    if not title:
        raise UsageError("--title is empty: give the investigation a title")
    if len(title) > 500:
        raise UsageError("--title is longer than 500 characters")
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(f"{target} is not empty: `new` never writes into an existing investigation; "
                         "choose a new folder")
    files = render(target.resolve() if target.exists() else target.absolute(), title, today or dt.date.today())
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed into place: a failure leaves nothing half-made.
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for rel, data in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        os.chmod(staging, 0o777 & ~_umask())
        if target.is_dir():
            target.rmdir()  # empty, checked above
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(files)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
