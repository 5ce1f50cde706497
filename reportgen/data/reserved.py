"""Ids a record may not take: the names of the site's own pages and section anchors.

A record's id names its page (actors/<id>.md, citations/<id>.md) or is its anchor on a
section's page. An id equal to one of the site's own pages or anchors would replace that
page (an actor `index` is actors/index.md) or give one link two targets, and mkdocs would
fail with warnings that name no record. A test reads every anchor of the generated pages
and fails when one is missing here.
"""

from __future__ import annotations

import re
from typing import Optional

# The site's pages and folders, and the fixed anchors of its sections: name -> where.
RESERVED: dict[str, str] = {
    **{name: f"the page {name}.md" for name in (
        "timeline", "actors", "escalation", "claims", "map", "places", "citations", "methodology", "downloads")},
    "index": "the index pages (actors/index.md, citations/index.md, timeline/index.md)",
    "assets": "the site's assets folder",
    **{name: f"a section of the home page (#{name})" for name in (
        "at-a-glance", "bottom-line", "incidents-compared", "key-judgments", "read-on", "where")},
    "incidents": "the brief's chapter of the incidents compared (#incidents)",
    **{name: f"a section of the timeline (#{name})" for name in ("months", "events-by-type", "key-events")},
    **{name: f"a section of claims.md (#{name})" for name in (
        "claims-and-evidence", "corroborated", "disputed", "single-source")},
    **{name: f"a section of escalation.md (#{name})" for name in (
        "escalation-analysis", "escalation-over-time", "ladders", "tempo", "distances", "discrepancies",
        "interpretations", "scores")},
    **{name: f"a section of an actor's page (#{name})" for name in (
        "relations", "events", "quotes", "claims-by", "claims-about", "hypotheses", "network")},
    **{name: f"a section of a source's page (#{name})" for name in ("text", "coverage")},
    "archived": "a section of citations/index.md (#archived)",
    "records": "the section of a list's own page that holds its records (#records)",
    **{name: f"a section of methodology.md (#{name})" for name in (
        "grading", "verification", "corroboration", "dates", "limits", "scope")},
    **{name: f"a section of downloads.md (#{name})" for name in ("data", "the-brief", "sources")},
}

# Anchors the site makes from dates, numbers and chart names.
PATTERNS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"(day|week)-\d{4}-\d{2}-\d{2}"), "the anchor of a day or week of the timeline"),
    (re.compile(r"month-\d{4}-\d{2}"), "the anchor of a month of the timeline"),
    (re.compile(r"range-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}"), "the anchor of a date range of the timeline"),
    (re.compile(r"timeline-[a-z]+-\d{4}(-\d+)?"), "the title anchor of a timeline page"),
    (re.compile(r"para-\d+"), "the anchor of a paragraph of a source's page"),
    (re.compile(r"period-\d{4}(-\d{2})?(-part-\d+)?"), "the anchor of a month's section of the one-page timeline"),
    (re.compile(r"country-[a-z0-9-]+"), "the anchor of a country's section of places.md"),
    (re.compile(r"chart-[a-z0-9-]*"), "an anchor inside the site's charts"),
)


def taken_by(record_id: str) -> Optional[str]:
    """What of the site's own already has this name, or None when the id is free."""
    if record_id in RESERVED:
        return RESERVED[record_id]
    for pattern, what in PATTERNS:
        if pattern.fullmatch(record_id):
            return what
    return None
