"""Golden files: the data exports of the small fixture investigation, compared byte for byte
with the committed files in tests/golden/mini-exports. A change in an export shows up as a
diff to review.

Update on purpose with:  UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_exports.py
"""

from __future__ import annotations

import difflib
import os
import posixpath
from pathlib import Path

from reportgen import analysis, exports, pipeline
from reportgen.site import files as site_files

from .conftest import MINI

GOLDEN = Path(__file__).resolve().parent / "golden" / "mini-exports"


def exported() -> dict[str, bytes]:
    """Every export of the mini investigation, by file name."""
    files = exports.build_exports(analysis.analyse(pipeline.load_and_check(MINI)))
    return {posixpath.basename(path): data for path, data in files.items()}


def _lines(data: bytes) -> list[str]:
    # repr keeps what a text diff would hide: the byte order mark and CRLF line ends.
    return [repr(line) for line in data.decode("utf-8").splitlines(keepends=True)]


def test_exports_match_the_golden_files():
    files = exported()
    if os.environ.get("UPDATE_GOLDEN"):
        site_files.write_tree(files, GOLDEN)
    expected = {p.name: p.read_bytes() for p in sorted(GOLDEN.iterdir()) if p.is_file()}
    assert sorted(files) == sorted(expected), "exports added or removed: run with UPDATE_GOLDEN=1 and review"
    diffs = []
    for name in sorted(files):
        if files[name] != expected[name]:
            diffs.extend(difflib.unified_diff(_lines(expected[name]), _lines(files[name]), f"golden/{name}",
                                              f"exported/{name}", lineterm="", n=1))
    assert not diffs, "exports differ from tests/golden/mini-exports (UPDATE_GOLDEN=1 to accept):\n" + \
        "\n".join(diffs[:200])
