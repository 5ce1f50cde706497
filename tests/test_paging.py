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


def test_the_real_report_fits_on_its_section_pages(analysis):
    tree = pages.render_site(analysis)
    assert not [name for name in tree if name.split("/")[0] in ("escalation", "claims", "places")
                or name.startswith("citations/index/")]


def test_long_lists_are_cut_into_pages_of_at_most_the_page_size(analysis, paged):
    lists = paging.paged_lists(analysis, TINY)
    assert lists["discrepancies"].split and len(analysis.inv.discrepancies) == 11
    discrepancy_pages = sorted(name for name in paged if name.startswith("escalation/discrepancies-"))
    assert len(discrepancy_pages) == 6  # 11 discrepancies, 2 a page
    for name in discrepancy_pages:
        shown = [d.id for d in analysis.inv.discrepancies if f"{{: #{d.id} }}" in paged[name]]
        assert 1 <= len(shown) <= 2, name
    # Every discrepancy is on exactly one page, and the escalation page no longer lists them.
    for d in analysis.inv.discrepancies:
        assert sum(f"{{: #{d.id} }}" in paged[name] for name in discrepancy_pages) == 1
        assert f"{{: #{d.id} }}" not in paged["escalation.md"]
    assert "11 discrepancies, on 6 pages: [1–2](escalation/discrepancies-1.md)" in paged["escalation.md"]
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


def test_list_pages_lead_back_and_to_each_other(paged):
    first, second = paged["escalation/discrepancies-1.md"], paged["escalation/discrepancies-2.md"]
    assert first.startswith('---\ntitle: "Discrepancies, 1 of 6"\n---\n\n# Discrepancies: 1–2 of 11\n')
    assert "[Next](discrepancies-2.md)" in first and "[Previous]" not in first
    assert "[Previous](discrepancies-1.md) · [Next](discrepancies-3.md)" in second
    assert "[Back to the escalation analysis](../escalation.md#discrepancies)" in second


def test_a_paged_site_builds_strictly_with_every_link_and_anchor_checked(analysis, tmp_path, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZES", TINY)
    generated = pipeline.generate_files(analysis)
    assert "claims/disputed-1.md" in generated
    docs, out = tmp_path / "docs", tmp_path / "site"
    files.write_tree(generated, docs)
    site.mkdocs_build(docs, out, nav.navigation(analysis))  # strict: a broken anchor fails
    assert (out / "escalation" / "discrepancies-1.html").is_file()
