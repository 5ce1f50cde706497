"""No injection: a dataset full of markup, Markdown and template syntax is shown as text.

The hostile fixture (tests/fixtures/hostile) puts <script>, event handlers, javascript:
links, attr_list `{: onclick=... }`, Jinja `{{ }}` and snippet lines into every free-text
field and into the archived source itself. Built into pages, a site and a PDF, none of it
may become markup or be interpreted. That no script runs in a browser is
tests/browser/test_hostile.py.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

# The markup the fixture plants; our own SVG charts may hold a <style>, data never.
PLANTED = ("<script>window", "<img src=x", "<iframe src=", "<style>body", "<marquee>", "<svg onload",
           "<a href=\"javascript", "<b>Evil", "<b>Battles")


def test_generated_markdown_carries_no_raw_markup(hostile_build):
    out, _ = hostile_build
    for page in (out / "generated").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        for planted in PLANTED:
            assert planted not in text, f"{page.name} has raw {planted}"
        assert "javascript:" not in text.lower(), page.name
        assert "{: onclick" not in text and "{{ 7*7 }}" not in text, page.name
        assert not re.search(r"^--8<--", text, re.M), page.name


def test_site_html_shows_hostile_text_escaped(hostile_build):
    out, _ = hostile_build
    html = (out / "site" / "citations" / "article.html").read_text(encoding="utf-8")
    assert "The spokesman wrote &lt;script&gt;window." in html
    assert "<script>window.__pwned" not in html
    assert "Templates leak when &#123;&#123; 7&#42;7 &#125;&#125;" in html  # not evaluated, not eaten


def test_pdf_shows_hostile_text_literally(hostile_build):
    _, result = hostile_build
    pdf = next(data for path, data in result.files.items() if str(path).endswith(".pdf"))

    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "<script>window.__pwned" in text.replace("\n", "")
