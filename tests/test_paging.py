"""Lists that grow with the investigation move to pages of their own once they outgrow their
section's page, and every link to a record still lands on it."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from reportgen import pipeline
from reportgen.site import files, nav, pages, paging
from reportgen.site import mkdocs_build as site

ROOT = Path(__file__).resolve().parent.parent
TINY = {key: 2 for key in paging.PAGE_SIZES}
LINK = re.compile(r"\]\(([^)\s#]*)(?:#([^)\s]+))?(?:\s+\"[^\"]*\")?\)")


@pytest.fixture(scope="module")
def analysis():
    return pipeline.analyse_folder(ROOT / "data")


@pytest.fixture(scope="module")
def paged(analysis):
    return pages.render_site(analysis, page_sizes=TINY)


def _anchors(text: str) -> set[str]:
    return set(re.findall(r"\{:[^}]*#([\w-]+)", text)) | set(re.findall(r'\bid="([^"]+)"', text))


def test_a_list_has_pages_of_its_own_only_when_it_outgrows_its_page_size(analysis):
    tree = pages.render_site(analysis)
    for pl in paging.paged_lists(analysis).values():
        own = sorted(name for name in tree if name.startswith(f"{pl.home[:-len('.md')]}/{pl.key}-"))
        expected = [pl.page(n) for n in range(1, len(pl.chunks()) + 1)] if len(pl.items) > pl.size else []
        assert own == sorted(expected), (pl.key, len(pl.items), pl.size)


def _discrepancy_pages(analysis) -> list[tuple[str, list[str]]]:
    """The discrepancies' own pages at TINY sizes, (page, ids on it) in order: none when they
    all fit on the escalation page."""
    ids = [d.id for d in analysis.inv.discrepancies]
    size = TINY["discrepancies"]
    if len(ids) <= size:
        return []
    return [(f"escalation/discrepancies-{n}.md", ids[i:i + size])
            for n, i in enumerate(range(0, len(ids), size), start=1)]


def test_long_lists_are_cut_into_pages_of_at_most_the_page_size(analysis, paged):
    expected = _discrepancy_pages(analysis)
    assert sorted(name for name in paged if name.startswith("escalation/discrepancies-")) == \
        sorted(name for name, _ in expected)
    # Every discrepancy is on exactly one page, in the report's order, and the escalation page
    # lists them only when they have no pages of their own.
    for name, ids in expected:
        shown = [d.id for d in analysis.inv.discrepancies if f"{{: #{d.id} }}" in paged[name]]
        assert shown == ids, name
    for d in analysis.inv.discrepancies:
        assert (f"{{: #{d.id} }}" in paged["escalation.md"]) == (not expected), d.id
    if expected:
        n = len(analysis.inv.discrepancies)
        first_range = f"1–{len(expected[0][1])}"
        assert f"{n:,} discrepancies, on {len(expected)} pages: [{first_range}](escalation/discrepancies-1.md)" \
            in paged["escalation.md"]
    claims_pages = [name for name in paged if name.startswith("claims/")]
    assert len(claims_pages) >= len(analysis.inv.claims) // 2


def test_every_link_to_a_record_lands_on_the_page_and_anchor_that_holds_it(paged):
    broken = []
    for name, text in paged.items():
        if not name.endswith(".md"):
            continue
        for target, anchor in LINK.findall(text):
            if target.startswith(("http", "mailto")):
                continue
            path = posixpath.normpath(posixpath.join(posixpath.dirname(name), target)) if target else name
            if not path.endswith(".md"):
                continue
            if path not in paged:
                broken.append(f"{name}: no page {path}")
            elif anchor and anchor not in _anchors(paged[path]):
                broken.append(f"{name}: no #{anchor} on {path}")
    assert not broken, broken[:10]


def test_list_pages_lead_back_and_to_each_other(analysis, paged):
    expected = _discrepancy_pages(analysis)
    n, count = len(analysis.inv.discrepancies), len(expected)
    for number, (name, ids) in enumerate(expected, start=1):
        page, first = paged[name], (number - 1) * TINY["discrepancies"] + 1
        assert page.startswith(f'---\ntitle: "Discrepancies, {number} of {count}"\n---\n\n'
                               f"# Discrepancies: {first}–{first + len(ids) - 1} of {n}\n"), name
        links = ([f"[Previous](discrepancies-{number - 1}.md)"] if number > 1 else []) + \
                ([f"[Next](discrepancies-{number + 1}.md)"] if number < count else [])
        assert " · ".join(links + ["[Back to the escalation analysis](../escalation.md#discrepancies)"]) in page
        assert ("[Previous]" in page) == (number > 1) and ("[Next]" in page) == (number < count), name


def test_a_paged_site_builds_strictly_with_every_link_and_anchor_checked(analysis, tmp_path, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZES", TINY)
    generated = pipeline.generate_files(analysis)
    assert "claims/disputed-1.md" in generated
    docs, out = tmp_path / "docs", tmp_path / "site"
    files.write_tree(generated, docs)
    site.mkdocs_build(docs, out, nav.navigation(analysis))  # strict: a broken anchor fails
    assert (out / "escalation" / "discrepancies-1.html").is_file()
