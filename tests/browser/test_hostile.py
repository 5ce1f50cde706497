"""No injection: a dataset full of markup, Markdown and template syntax is shown as text.

The hostile fixture puts <script>, event handlers, javascript: links, attr_list
`{: onclick=... }`, Jinja `{{ }}` and snippet lines into every free-text field
and into the archived source itself. Built into a site and a PDF, none of it
may run, become an element, or be interpreted.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from reportgen import pipeline

from ..conftest import ROOT
from .conftest import CHROMIUM, FLAGS

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
ACTIVE_TAGS = ("script", "img", "iframe", "style", "marquee", "object", "embed")
# The markup the fixture plants; our own SVG charts may hold a <style>, data never.
PLANTED = ("<script>window", "<img src=x", "<iframe src=", "<style>body", "<marquee>", "<svg onload",
           "<a href=\"javascript", "<b>Evil", "<b>Battles")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    result = pipeline.build(pipeline.BuildOptions(
        data_dir=HOSTILE, generated_dir=out / "generated", site_dir=out / "site", stage_dir=out / "stage"))
    return out, result


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


@pytest.mark.browser
def test_no_script_runs_and_no_element_is_injected(hostile_build):
    from playwright import sync_api
    out, _ = hostile_build
    site = out / "site"
    dialogs: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for html in sorted(site.rglob("*.html")):
            page.goto(html.as_uri())
            assert page.evaluate("window.__pwned") is None, f"script ran on {html.name}"
            injected = page.evaluate(
                """(tags) => Array.from(document.querySelectorAll('article *')).filter(e =>
                    (tags.includes(e.tagName.toLowerCase()) && !e.closest('figure, .chart'))
                    || Array.from(e.attributes).some(a => a.name.startsWith('on')
                        || (a.value || '').trim().toLowerCase().startsWith('javascript:'))
                  ).map(e => e.outerHTML.slice(0, 160))""",
                list(ACTIVE_TAGS),
            )
            assert injected == [], f"{html.name}: {injected}"
        # The text is there, as text, for a reader to see.
        page.goto((site / "citations" / "article.html").as_uri())
        assert '<script>window.__pwned = "script"</script>' in page.inner_text("article")
        browser.close()
    assert dialogs == []


@pytest.mark.browser
def test_citation_popovers_show_hostile_words_as_text(hostile_build):
    """A chip's evidence (quote, speaker, source title) is read back from its data attributes and
    shown as text: markup in it never becomes an element, and no script runs."""
    from playwright import sync_api
    out, _ = hostile_build
    site = out / "site"
    shown: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        for html in sorted(site.rglob("*.html")):
            page.goto(html.as_uri())
            chips = page.locator("a.cite")
            for i in range(chips.count()):
                chips.nth(i).focus()
                popover = page.locator("#cite-popover")
                elements = popover.evaluate(
                    "el => Array.from(el.querySelectorAll('*')).map(e => [e.tagName, "
                    "Array.from(e.attributes).map(a => a.name)])")
                assert {tag for tag, _ in elements} <= {"BLOCKQUOTE", "P", "A"}, (html.name, elements)
                assert not [a for _, attrs in elements for a in attrs if a.startswith("on")], html.name
                shown.append(popover.inner_text())
            assert page.evaluate("window.__pwned") is None, f"script ran on {html.name}"
        browser.close()
    text = "\n".join(shown)
    assert '<script>window.__pwned = "script"</script>' in text
    assert "<img src=x onerror=" in text
