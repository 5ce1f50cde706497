"""A page type is one template and one registry entry: the navigation, the pages left out of
it, the links, the paging, the pages that draw charts and the brief's chapters follow."""

from __future__ import annotations

import re
import shutil

import pytest

from reportgen import pipeline
from reportgen.paths import TEMPLATES
from reportgen.pdf import brief
from reportgen.site import files, mkdocs_build, nav, pages, registry

from .conftest import MINI

WALL = """---
title: "Quote wall"
---

# Quote wall

{% with part = lists["wall"], level = 2 %}
{% include "site/parts/paged.md.j2" %}
{% endwith %}
"""
WALL_PART = """{% for q in items %}
{{ ctx.heading(level) }} {{ q.text | md }} {: #wall-{{ q.id }} }

{{ ctx.cites([a.quote_citation(q.id)]) }}

{% endfor %}
"""


@pytest.fixture
def with_wall(tmp_path, monkeypatch):
    """The templates with a "quote wall" page type added after the escalation analysis."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "site" / "wall.md.j2").write_text(WALL)
    (templates / "site" / "parts" / "wall.md.j2").write_text(WALL_PART)
    entry = registry.PageType(
        "wall", "site/wall.md.j2", "wall.md", title="Quote wall", charts=True,
        lists=(registry.ListSpec("wall", "Every quote", "quotes", lambda a: a.inv.quotes, 1),),
        chapters=(registry.Chapter("wall", "Quote wall", 15),))
    at = [pt.name for pt in registry.PAGE_TYPES].index("escalation") + 1
    monkeypatch.setattr(registry, "PAGE_TYPES", registry.PAGE_TYPES[:at] + (entry,) + registry.PAGE_TYPES[at:])
    return templates


def test_a_new_page_type_is_rendered_listed_and_paged(with_wall, tmp_path):
    analysis = pipeline.analyse_folder(MINI)
    quotes = analysis.inv.quotes
    assert len(quotes) >= 2
    tree = pages.render_site(analysis, templates=with_wall)
    # Its page, and its list cut into pages of one quote each (the size in its entry).
    assert tree["wall.md"].startswith('---\ntitle: "Quote wall"\n---\n\n# Quote wall\n')
    assert f"{len(quotes)} quotes, on {len(quotes)} pages: [1–1](wall/wall-1.md)" in tree["wall.md"]
    second = tree["wall/wall-2.md"]
    assert f"{{: #wall-{quotes[1].id} }}" in second
    assert "[Back to the quote wall](../wall.md)" in second
    assert f"(../citations/{quotes[1].source}.md#{quotes[1].id}" in second  # links work from there too
    # In the navigation after the escalation analysis; its list's pages are left out of it.
    titles = [next(iter(item)) for item in nav.navigation(analysis)]
    assert titles[titles.index("Escalation analysis") + 1] == "Quote wall"
    assert {"Quote wall": "wall.md"} in nav.navigation(analysis)
    assert "/wall/*.md" in nav.not_in_nav().splitlines()
    assert "site/wall.md.j2" in registry.chart_templates()
    # mkdocs (strict) accepts the site: every page listed or left out on purpose, every link found.
    docs, out = tmp_path / "docs", tmp_path / "site"
    files.write_tree({**files.handwritten_files(), **mkdocs_build.vendored_assets(), **tree}, docs)
    mkdocs_build.mkdocs_build(docs, out, nav.navigation(analysis), analysis.inv.report)
    nav_html = (out / "index.html").read_text()
    assert re.search(r'href="wall\.html"[^>]*>\s*<span class="md-ellipsis">\s*Quote wall', nav_html)
    assert (out / "wall" / "wall-2.html").is_file()


def test_a_page_types_chapter_takes_its_place_in_the_brief(with_wall):
    anchors = [chapter.anchor for chapter in registry.brief_chapters()]
    # Its order (15) puts it after the bottom line (10) and the incidents compared (12), before the timeline (20).
    assert anchors[0] == "bottom-line" and anchors.index("incidents") < anchors.index("wall") < anchors.index("timeline")


def test_the_brief_prints_the_registrys_chapters_in_order_with_their_contents():
    html, view = brief.render_html(pipeline.analyse_folder(MINI))
    # The registry's chapters, the body's then the annexes; the mini fixture has no assessment,
    # so the annex of competing hypotheses in full is left out (its template's shown()).
    chapters = [ch for ch in registry.brief_chapters() if ch.anchor != "interpretations"]
    assert [ch.anchor for ch in view.chapters] == [ch.anchor for ch in sorted(chapters, key=lambda c: c.annex)]
    letters = [ch.title.split(":")[0] for ch in view.chapters if ch.annex]
    assert letters == [f"Annex {c}" for c in "ABCDEFGHIJ"[:len(letters)]]
    assert [ch.title for ch in view.chapters if not ch.annex][0] == "Bottom line and key judgments"
    listed = re.findall(r'<li class="toc-1"><a href="#([^"]+)">([^<]+)</a>', html)
    assert listed == [(chapter.anchor, chapter.title) for chapter in view.chapters]
    sections = re.findall(r'<section class="chapter" id="([^"]+)">\n  <h1>([^<]+)</h1>', html)
    assert sections == listed


WALL_CHAPTER = """{% macro contents() %}{% endmacro %}
{% macro body(chapter) %}
<section class="chapter" id="{{ chapter.anchor }}">
  <h1>{{ chapter.title }}</h1>
  {% for q in inv.quotes %}<p>{{ q.text }}{{ cite([a.quote_citation(q.id)], false) }}</p>{% endfor %}
</section>
{%- endmacro %}
"""


def test_an_annex_is_one_registry_entry_and_one_template(tmp_path, monkeypatch):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "brief" / "chapters" / "wall.html.j2").write_text(WALL_CHAPTER)
    entry = registry.PageType("wall", "site/wall.md.j2", "wall.md", title="Quote wall",
                              chapters=(registry.Chapter("wall", "Quote wall", 45, annex=True),))
    monkeypatch.setattr(registry, "PAGE_TYPES", registry.PAGE_TYPES + (entry,))
    analysis = pipeline.analyse_folder(MINI)
    html, view = brief.render_html(analysis, templates=templates / "brief")
    # Lettered in the annexes' order (after the actors' 30, before the claims' 50), on a page of its own.
    annexes = [ch.title for ch in view.chapters if ch.annex]
    assert annexes[:4] == ["Annex A: Timeline", "Annex B: Actors", "Annex C: Quote wall",
                           "Annex D: Claims and discrepancies"]
    assert '<li class="toc-1"><a href="#wall">Annex C: Quote wall</a></li>' in html
    assert '<div class="annex part-wall">\n<section class="chapter" id="wall">\n  <h1>Annex C: Quote wall</h1>' in html
    assert html.count('<span class="cite">') >= len(analysis.inv.quotes)
