"""Golden files: the generated Markdown of the small fixture investigation, compared with the
committed tree in tests/golden/mini. A change in the pages shows up as a diff to review.

Update on purpose with:  UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from reportgen.site import files, pages
from reportgen import pipeline

from .conftest import MINI

GOLDEN = Path(__file__).resolve().parent / "golden" / "mini"


def rendered_tree() -> dict[str, str]:
    """Every generated page and chart of the mini investigation (no assets, no downloads)."""
    analysis = pipeline.analyse_folder(MINI)
    return {path: text for path, text in pages.render_site(analysis).items()}


def test_generated_pages_match_the_golden_tree():
    tree = rendered_tree()
    if os.environ.get("UPDATE_GOLDEN"):
        files.write_tree(tree, GOLDEN)
    expected = {str(p.relative_to(GOLDEN)): p.read_text(encoding="utf-8")
                for p in sorted(GOLDEN.rglob("*")) if p.is_file()}
    assert sorted(tree) == sorted(expected), "pages added or removed: run with UPDATE_GOLDEN=1 and review"
    diffs = []
    for path in sorted(tree):
        if tree[path] != expected[path]:
            diffs.extend(difflib.unified_diff(expected[path].splitlines(), tree[path].splitlines(),
                                              f"golden/{path}", f"rendered/{path}", lineterm="", n=1))
    assert not diffs, "generated pages differ from tests/golden (UPDATE_GOLDEN=1 to accept):\n" + \
        "\n".join(diffs[:200])


def test_rendering_twice_gives_the_same_bytes():
    assert rendered_tree() == rendered_tree()
