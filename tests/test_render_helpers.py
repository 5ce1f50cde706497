"""The page renderer's shortcuts give exactly what the slow, general way gives."""

from __future__ import annotations

import itertools
import posixpath

from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen import pages, safetext

SITE_PATHS = ["index.md", "claims.md", "timeline/index.md", "timeline/2017-05.md", "actors/index.md",
              "actors/jim-mattis.md", "citations/article.md", "claims/disputed-2.md",
              "assets/charts/escalation.svg", "a/b/c.md", "a/c/d.md", "timeline.md"]


def _relpath(target: str, page: str) -> str:
    if target == page:
        return ""
    path = posixpath.relpath(target, posixpath.dirname(page) or ".")
    return "" if path == "." else path


def test_relative_links_match_posixpath_for_every_pair_of_pages():
    for target, page in itertools.product(SITE_PATHS, SITE_PATHS):
        assert pages._relative(target, page) == _relpath(target, page), (target, page)


# Text without Markdown syntax skips the parser; with it, or near it, the parser runs.
@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="ab \"'#:()~=|{}$@^-+.1\n\t\u00a0é;%/?*_[]<>&!`\\", max_size=40))
def test_plain_text_shortcut_renders_as_markdown_it_does(text):
    normalised = safetext.clean(" ".join(text.split()))
    expected = safetext._add_link_attrs(safetext._md.renderInline(normalised))
    assert safetext.inline_html(text) == expected


def test_plain_text_shortcut_still_escapes_quotes_and_markup_characters():
    assert safetext.inline_html('He said "no" (twice): #1') == "He said &quot;no&quot; (twice): #1"
    shown = safetext.md_inline('He said "no" (twice): #1 {: onclick=x}')
    assert shown == ("He said &quot;no&quot; &#40;twice&#41;&#58; &#35;1 "
                     "&#123;&#58; onclick&#61;x&#125;")
