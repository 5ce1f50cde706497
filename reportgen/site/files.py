"""Writing the generated tree: only files whose content changed, stale ones removed.

Rewriting an unchanged file would make `mkdocs serve` rebuild in a loop; pruning never
touches anything outside the generated folder.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.paths import HANDWRITTEN_DOCS


def handwritten_files(root: Path = HANDWRITTEN_DOCS) -> dict[str, bytes]:
    """Hand-written site files (stylesheets, scripts, images) copied into the generated tree."""
    out = {}
    assets = root / "assets"
    if assets.is_dir():
        for path in sorted(assets.rglob("*")):
            if path.is_file():
                out[str(path.relative_to(root))] = path.read_bytes()
    return out


def write_tree(files: dict[str, str | bytes], target: Path, *, prune: bool = True) -> int:
    """Write files under `target` where their content changed; prune stale ones. Returns files written."""
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    for rel, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = target / rel
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        written += 1
    if prune:  # hidden files are not the build's (mkdocs skips them): docs/generated/.gitkeep stays
        keep = {str(Path(rel)) for rel in files}
        for path in sorted(target.rglob("*"), reverse=True):
            rel = str(path.relative_to(target))
            if path.is_file() and rel not in keep and not path.name.startswith("."):
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written
