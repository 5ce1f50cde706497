"""Sources: each archived text read safely, unchanged since it was hashed, and its metadata sound.

The archived text must lie inside the data folder (no link out of it), be a regular file
of a sane size, hash to the recorded SHA-256 and be UTF-8; what `inferred` names must be
a field that is set; links are http(s); paragraphs named as artifacts or deliberately
uncited must exist.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from reportgen.data import dates
from reportgen.data.diagnostics import Diagnostics, did_you_mean
from reportgen.data.loader import Investigation
from reportgen.data.model import Source
from reportgen.data.archivedtext import ArchivedText

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.data.checks import Checked

MAX_SOURCE_BYTES = 5 * 1024 * 1024  # an archived article is kilobytes; megabytes means a wrong file


def check_sources(inv: Investigation, result: Checked) -> None:
    d = result.diagnostics
    root = inv.data_dir.resolve()
    folders: dict[Path, Path] = {}
    for src in inv.sources:
        text = _read_archive(src, root, d, folders)
        if text is not None:
            result.archives[src.id] = ArchivedText(text, src.paragraphs)
        problems = dates.check(src.published)
        for p in problems:
            d.error(src.field_origin("published"), f"source `{src.id}`: published: {p}", p.hint)
        fields = set(Source.model_fields) - {"inferred", "id", "file", "sha256", "artifacts", "uncited", "notes"}
        for key in src.inferred:
            if key not in fields:
                d.error(src.field_origin("inferred"), f"source `{src.id}`: `inferred` names unknown field `{key}`",
                        did_you_mean(key, fields) or f"name one of: {', '.join(sorted(fields))}")
            elif getattr(src, key) in (None, [], ""):
                d.error(src.field_origin("inferred"), f"source `{src.id}`: `{key}` is marked inferred but not set",
                        f"set `{key}` or drop it from `inferred`")
        for url_field in ("url", "archive_url"):
            url = getattr(src, url_field)
            if url and not url.lower().startswith(("http://", "https://")):
                d.error(src.field_origin(url_field), f"source `{src.id}`: `{url_field}` must be an http(s) URL",
                        "only http:// and https:// links are published")
        archive = result.archives.get(src.id)
        if archive is None:
            continue
        count = len(archive.paragraphs)
        for artifact in src.artifacts:
            for n in artifact.paragraphs:
                if not 1 <= n <= count:
                    d.error(artifact.origin, f"source `{src.id}`: artifact paragraph {n} does not exist",
                            f"the archived text has paragraphs 1 to {count}")
        for n in src.uncited:
            if not 1 <= n <= count:
                d.error(src.field_origin("uncited"), f"source `{src.id}`: uncited paragraph {n} does not exist",
                        f"the archived text has paragraphs 1 to {count}")


def _read_archive(src: Source, root: Path, d: Diagnostics, folders: Optional[dict] = None) -> Optional[str]:
    path = (root / src.file)
    try:
        resolved = _resolve(path, {} if folders is None else folders)
    except (OSError, RuntimeError, ValueError):  # a symlink loop; a NUL byte in the name
        d.error(src.field_origin("file"), f"source `{src.id}`: cannot resolve `{src.file}`", "check the path")
        return None
    if resolved == root or not str(resolved).startswith(os.path.join(str(root), "")):
        d.error(src.field_origin("file"), f"source `{src.id}`: `{src.file}` is outside the data folder",
                "archived texts live under the data folder, e.g. sources/<id>.txt; links out of it are refused")
        return None
    try:
        status = resolved.stat()
    except OSError as exc:
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP, errno.EBADF):
            d.error(src.field_origin("file"), f"source `{src.id}`: cannot read `{src.file}`: {exc.strerror or exc}",
                    "check the file's permissions")
            return None
        status = None
    if status is not None and stat.S_ISDIR(status.st_mode):
        d.error(src.field_origin("file"), f"source `{src.id}`: `{src.file}` is a folder, not a text file",
                "name the archived text file itself, e.g. sources/<id>.txt")
        return None
    if status is None or not stat.S_ISREG(status.st_mode):
        d.error(src.field_origin("file"), f"source `{src.id}`: archived text `{src.file}` not found",
                f"put the archived text at {Path(inv_rel(root, path))} or correct `file:`")
        return None
    if status.st_size > MAX_SOURCE_BYTES:
        d.error(src.field_origin("file"),
                f"source `{src.id}`: archived text is {status.st_size:,} bytes, over the {MAX_SOURCE_BYTES:,}-byte limit",
                "archive the article's text only, not the whole page or a binary file")
        return None
    try:
        with resolved.open("rb") as handle:  # read no more than the limit, should the file grow meanwhile
            data = handle.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        d.error(src.field_origin("file"), f"source `{src.id}`: cannot read `{src.file}`: {exc.strerror or exc}",
                "check the file's permissions")
        return None
    digest = hashlib.sha256(data).hexdigest()
    if digest != src.sha256:
        d.error(src.field_origin("sha256"), f"source `{src.id}`: archived text has changed since it was hashed",
                "restore the original file; if the new text is deliberately the archive, record "
                f"`sha256: {digest}`",
                detail=[f"recorded: {src.sha256}", f"file has: {digest}"])
    if not data.strip():
        d.error(src.field_origin("file"), f"source `{src.id}`: archived text `{src.file}` is empty",
                "archive the article's text")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        d.error(src.field_origin("file"),
                f"source `{src.id}`: `{src.file}` is not UTF-8 (byte {exc.start}, line {line})",
                "convert the archived text to UTF-8, then record its new sha256")
        return None


def _resolve(path: Path, folders: dict) -> Path:
    """`path.resolve()`, with the folder resolved once for all the files of one check
    (`folders`: folder -> resolved); resolving costs a system call per folder from /."""
    try:
        plain_file = path.name not in ("", ".", "..") and not stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:  # missing, or no access: the long way says which
        plain_file = False
    if not plain_file:  # a link is followed the long way
        return path.resolve()
    folder = path.parent
    resolved = folders.get(folder)
    if resolved is None:
        resolved = folders[folder] = folder.resolve()
    return resolved / path.name


def inv_rel(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
