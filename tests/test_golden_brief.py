"""Golden file: the HTML of the small fixture investigation's PDF brief, as it goes to
WeasyPrint, compared with the committed tests/golden/mini-brief/brief-a4.html. A change in
the brief's content or markup shows up as a diff to review; how WeasyPrint lays it out is
tests/test_pdf.py's.

Update on purpose with:  UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_brief.py
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from pathlib import Path

import pytest

from reportgen import pipeline
from reportgen.pdf import brief

from .conftest import MINI

GOLDEN = Path(__file__).resolve().parent / "golden" / "mini-brief" / "brief-a4.html"
DATA_URL = re.compile(r"data:([\w/+.-]+);base64,[A-Za-z0-9+/=]+")


def _readable(html: str) -> list[str]:
    """The lines to show in a diff: an embedded chart as its type and hash, not its base64."""
    def short(m: re.Match) -> str:
        return f"data:{m.group(1)};base64,<sha256 {hashlib.sha256(m.group().encode()).hexdigest()[:12]}>"

    return DATA_URL.sub(short, html).splitlines()


def test_the_brief_html_matches_the_golden_file(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # the report's date, as a clean checkout has it
    html, _ = brief.render_html(pipeline.analyse_folder(MINI), "a4")
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(html.encode("utf-8"))
    expected = GOLDEN.read_bytes().decode("utf-8")
    if html != expected:
        diff = difflib.unified_diff(_readable(expected), _readable(html), "golden/mini-brief/brief-a4.html",
                                    "rendered", lineterm="", n=1)
        pytest.fail("the brief's HTML differs from the golden file (UPDATE_GOLDEN=1 to accept):\n"
                    + "\n".join(list(diff)[:200] or ["(only inside an embedded chart's base64)"]))
