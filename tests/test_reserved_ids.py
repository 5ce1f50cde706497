"""The site's own page names and anchors, which `check` refuses as ids, are all listed.

reportgen/data/reserved.py lists them by hand; this reads every anchor the generated
pages of the real report and of the fixture carry and fails when a page that anchors
records also has an anchor of its own that the list does not name.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from reportgen import pipeline
from reportgen.data import reserved
from reportgen.data.idchecks import all_records
from reportgen.site import pages

from .conftest import DATA, MINI

ANCHOR = re.compile(r'\{:[^}\n]*?#([A-Za-z0-9_-]+)|\bid="([^"]+)"')


def own_anchors(analysis) -> dict[str, set[str]]:
    """Page -> the anchors on it that are no record's, on the pages where records have anchors."""
    inv = analysis.inv
    ids = {record.id for _, record in all_records(inv)}
    made = {f"incident-{e.incident}" for e in inv.events if e.incident}
    made |= {f"{a.id}-words" for a in inv.assessments}
    by_page: dict[str, set[str]] = defaultdict(set)
    anchors_records: set[str] = set()
    for page, text in pages.render_site(analysis, workers=1).items():
        if not page.endswith(".md"):
            continue
        for match in ANCHOR.finditer(text):
            anchor = match.group(1) or match.group(2)
            if anchor in ids or anchor in made:
                anchors_records.add(page)
            else:
                by_page[page].add(anchor)
    return {page: anchors for page, anchors in by_page.items() if page in anchors_records}


@pytest.mark.parametrize("data", [MINI, DATA], ids=["mini", "al-tanf"])
def test_every_anchor_of_the_site_beside_records_is_reserved(data):
    analysis = pipeline.analyse_folder(data)
    unlisted = {page: sorted(a for a in anchors if reserved.taken_by(a) is None)
                for page, anchors in own_anchors(analysis).items()}
    assert {page: a for page, a in unlisted.items() if a} == {}


def test_the_pages_named_after_records_have_reserved_neighbours():
    """actors/<id>.md and citations/<id>.md share their folder with the section's index page."""
    files = pages.render_site(pipeline.analyse_folder(MINI), workers=1)
    for folder in ("actors", "citations"):
        stems = {p[len(folder) + 1:-3] for p in files if p.startswith(folder + "/") and p.count("/") == 1}
        records = {r.id for kind, r in all_records(pipeline.analyse_folder(MINI).inv)}
        assert stems - records == {"index"}, folder
        assert reserved.taken_by("index")
