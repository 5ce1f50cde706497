"""No injection, in a real browser: the hostile fixture's site (markup, event handlers,
javascript: links in every text field) runs no script and gains no element. What the pages,
the HTML and the PDF hold is checked without a browser in tests/test_hostile.py.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

ACTIVE_TAGS = ("script", "img", "iframe", "style", "marquee", "object", "embed")


def test_no_script_runs_and_no_element_is_injected(browser, hostile_build):
    out, _ = hostile_build
    site = out / "site"
    dialogs: list[str] = []
    context = browser.new_context()
    try:
        page = context.new_page()
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
    finally:
        context.close()
    assert dialogs == []


def test_citation_popovers_show_hostile_words_as_text(browser, hostile_build):
    """A chip's evidence (quote, speaker, source title) is read back from its data attributes and
    shown as text: markup in it never becomes an element, and no script runs."""
    out, _ = hostile_build
    site = out / "site"
    shown: list[str] = []
    context = browser.new_context()
    try:
        page = context.new_page()
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
    finally:
        context.close()
    text = "\n".join(shown)
    assert '<script>window.__pwned = "script"</script>' in text
    assert "<img src=x onerror=" in text
