"""A content-addressed cache for slow output stages (the PDF brief).

A stage's output depends only on the data folder, the templates, the generator's
code, the pinned dependencies, the paper size, SOURCE_DATE_EPOCH and the site's address. Their hash
is the key: when none of them changed, the previous output is reused byte for
byte, so re-running `make` with nothing changed is fast. Any change, however
small, gives a new key and a fresh render. Each investigation keeps its own entry
(the key starts with its folder's id), so building one never evicts another's.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Iterable, Optional

from reportgen.paths import CACHE_DIR, PROJECT_ROOT, investigation_id

CODE_INPUTS = ("reportgen", "templates", "constraints.txt", "requirements.txt")


def _files(root: Path) -> Iterable[Path]:
    if root.is_file():
        yield root
    elif root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                yield path


def input_key(stage: str, data_dir: Path, extra: dict[str, str], exclude: Iterable[Path] = ()) -> str:
    """'<investigation id>/<hash of every input>'. Files under `exclude` (the build's own
    outputs, when they live in the data folder, as DIR/site does) are not inputs."""
    digest = hashlib.sha256()
    digest.update(json.dumps({"stage": stage, **extra}, sort_keys=True).encode())
    outputs = _inside(Path(data_dir), exclude)
    roots = [(data_dir, "data")] + [(PROJECT_ROOT / name, name) for name in CODE_INPUTS]
    for root, label in roots:
        for path in _files(Path(root)):
            rel = path.relative_to(root) if path != root else Path()
            if label == "data" and any(rel.parts[:len(out)] == out for out in outputs):
                continue
            digest.update(f"{label}/{rel if path != root else ''}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return f"{investigation_id(data_dir)}/{digest.hexdigest()}"


def _inside(root: Path, paths: Iterable[Path]) -> list[tuple[str, ...]]:
    """The parts, relative to `root`, of those of `paths` that lie inside it."""
    resolved = root.resolve()
    inside = []
    for path in paths:
        try:
            inside.append(Path(path).resolve().relative_to(resolved).parts)
        except ValueError:
            continue
    return [parts for parts in inside if parts]


def lookup(stage: str, key: str, cache_dir: Path = CACHE_DIR) -> Optional[dict[str, bytes]]:
    """The stage's files stored under this key, or None (never stored, or damaged)."""
    entry = cache_dir / stage / key
    manifest = entry / "manifest.json"
    if manifest.is_file():
        names = json.loads(manifest.read_text(encoding="utf-8"))
        try:
            return {name: (entry / "files" / name).read_bytes() for name in names}
        except OSError:
            pass  # a damaged entry counts as none
    return None


def store(stage: str, key: str, files: dict[str, bytes], cache_dir: Path = CACHE_DIR) -> None:
    """Keep the stage's files under this key (one entry per stage; REPORTGEN_NO_CACHE: none)."""
    if os.environ.get("REPORTGEN_NO_CACHE"):
        return
    entry = cache_dir / stage / key
    shutil.rmtree(entry.parent, ignore_errors=True)  # keep one entry per stage and investigation
    for name, data in files.items():
        target = entry / "files" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (entry / "manifest.json").write_text(json.dumps(sorted(files)), encoding="utf-8")
