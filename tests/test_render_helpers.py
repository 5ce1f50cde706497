"""The page renderer's shortcuts give exactly what the slow, general way gives."""

from __future__ import annotations

import html
import itertools
import posixpath
import re

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from reportgen.site import pages, routes
from reportgen.site.environment import environment
from reportgen import parallel
from reportgen.views import safetext

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
        assert routes.relative(target, page) == _relpath(target, page), (target, page)


# Text without Markdown syntax skips the parser; with it, or near it, the parser runs.
@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="ab \"'#:()~=|{}$@^-+.1\n\t\u00a0é;%/?*_[]<>&!`\\", max_size=40))
def test_plain_text_shortcut_renders_as_markdown_it_does(text):
    normalised = safetext.clean(" ".join(text.split()))
    expected = safetext._add_link_attrs(safetext._md.renderInline(normalised))
    assert safetext.inline_html(text) == expected


def _plain_the_long_way(text: str) -> str:
    # What md_plain did before its one-pass translation table: html.escape, then every
    # Markdown-active character outside an entity as a numeric entity, then leading list marks.
    escaped = html.escape(safetext.clean(re.sub(r"\s+", " ", text)), quote=True)
    pieces = re.split(r"(&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);)", escaped)
    out = "".join(p if p.startswith("&") and p.endswith(";") and len(p) > 2
                  else re.sub(r"[\\`*_{}\[\]()#|<>:~^=!$@]", lambda m: f"&#{ord(m.group())};", p)
                  for p in pieces)
    return safetext._protect_start(out)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="ab \"'#:()~=|{}$@^-+.1\n\t\u00a0\x1c\u2028\u3000\x07\u202eé;%/?*_[]<>&!`\\",
               max_size=240))  # short texts and long ones take different paths
def test_plain_text_in_one_pass_is_what_escaping_step_by_step_gives(text):
    assert safetext.md_plain(text) == _plain_the_long_way(text)


def test_plain_text_shortcut_still_escapes_quotes_and_markup_characters():
    assert safetext.inline_html('He said "no" (twice): #1') == "He said &quot;no&quot; (twice): #1"
    shown = safetext.md_inline('He said "no" (twice): #1 {: onclick=x}')
    assert shown == ("He said &quot;no&quot; &#40;twice&#41;&#58; &#35;1 "
                     "&#123;&#58; onclick&#61;x&#125;")


def test_pages_rendered_in_several_processes_are_the_same_bytes_in_the_same_order(forking):
    from pathlib import Path

    from reportgen import pipeline

    analysis = pipeline.analyse_folder(Path(__file__).resolve().parent.parent / "data")
    alone = pages.render_site(analysis, workers=1)
    shared = pages.render_site(analysis, workers=3)
    assert forking == ["fork"]
    assert list(shared) == list(alone)
    assert shared == alone


def test_small_sites_render_in_one_process_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv(parallel.WORKERS_ENV, raising=False)
    assert pages.render_workers(pages.PARALLEL_MIN_PAGES - 1) == 1
    monkeypatch.setenv(parallel.WORKERS_ENV, "3")
    assert pages.render_workers(10) == 3


class _Text(str):
    pass


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", _Text("<b>*x*</b>"), 42, 2.5, None,
                                   ["<i>"], {"a": "<a>"}])
def test_every_value_a_page_prints_is_escaped(value):
    env = environment()
    shown = env.from_string("[{{ v }}]").render(v=value)
    assert shown == f"[{safetext.md_plain(value)}]"
    assert "<" not in shown


def test_markup_a_helper_made_is_printed_as_it_is():
    env = environment()
    assert env.from_string("{{ v }}").render(v=Markup('<a href="x">y</a>')) == '<a href="x">y</a>'
    # Autoescaping still marks up what templates join: a plain string joined to markup is escaped.
    assert env.from_string("{{ m ~ s }}").render(m=Markup("<b>"), s="<i>") == "<b>&lt;i&gt;"


class _Helpers:
    def plain(self, word):
        return f"<{word}>"

    @jinja2.pass_context
    def with_context(self, context, word):
        return f"{context['page']}: {word}"


def test_helper_methods_print_escaped_and_context_methods_get_the_context():
    env = environment()
    shown = env.from_string("{{ h.plain('x') }} {{ h.with_context('y') }}").render(h=_Helpers(), page="p.md")
    assert shown == "&lt;x&gt; p.md&#58; y"  # the colon escaped as any printed text is


def test_compiled_templates_are_kept_between_builds_and_give_the_same_page(tmp_path):
    """A second process (here: a second environment) loads the compiled template from the cache
    folder, and its page is the same bytes; a changed template is compiled again."""
    import jinja2

    from reportgen.views import templating

    (tmp_path / "t").mkdir()
    page = tmp_path / "t" / "page.md.j2"
    page.write_text("{{ who }} says {{ what | upper }}\n", encoding="utf-8")

    def render():
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "t")),
                                 bytecode_cache=templating.compiled_cache("site", root=tmp_path / "cache"))
        return env.get_template("page.md.j2").render(who="Mattis", what="no")

    first = render()
    assert list((tmp_path / "cache" / "templates" / "site").iterdir())  # kept for the next build
    assert render() == first == "Mattis says NO"
    page.write_text("{{ who }} said {{ what }}\n", encoding="utf-8")
    assert render() == "Mattis said no"
