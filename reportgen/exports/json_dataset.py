"""`investigation.json`: every record as written, plus what the build derived.

Field names are the data format's (`schema/investigation.schema.json`); codes such as CAMEO
stay strings, as written. Quote offsets are indexes of Unicode characters in the archived
text decoded as UTF-8; `pieces` has one span per elided part.
"""

from __future__ import annotations

from typing import Any

from reportgen.analysis import Analysis
from reportgen.data import dates
from reportgen.data.model import Record
from reportgen.exports.common import citations, dump, json_bytes, span

FORMAT = "reportgen-investigation"
VERSION = 1


def build(analysis: Analysis) -> bytes:
    return json_bytes(dataset(analysis))


def dataset(analysis: Analysis) -> dict:
    """The whole investigation as one JSON value: records under their collection's name."""
    inv = analysis.inv
    checked = analysis.checked

    def with_derived(record: Record, derived: dict) -> dict:
        out = dump(record) or {}
        out["derived"] = derived
        return out

    sources = []
    for src in inv.sources:
        archive = checked.archives.get(src.id)
        coverage = analysis.coverage.get(src.id)
        sources.append(with_derived(src, {
            "published_display": dates.display(src.published),
            "paragraphs": len(archive.paragraphs) if archive else None,
            "cited_paragraphs": coverage.cited if coverage else [],
            "coverage_percent": round(coverage.percent, 1) if coverage else None,
        }))

    quotes = []
    for q in inv.quotes:
        match = checked.matches.get(q.id)
        archive = checked.archives.get(q.source)
        derived: dict[str, Any] = {"verified": match is not None}
        if match is not None and archive is not None:
            derived.update({
                "paragraph": match.paragraph,
                "paragraph_end": match.paragraph_end,
                "start": match.start,
                "end": match.end,
                "pieces": [list(piece) for piece in match.pieces],
                "exact": match.exact,
                "archived_text": archive.text[match.start:match.end],
                "prefix": match.prefix,
                "suffix": match.suffix,
            })
        quotes.append(with_derived(q, derived))

    events = []
    for e in analysis.events:
        first, last = span(e.when)
        events.append(with_derived(e, {
            "date_display": dates.display(e.when),
            "first": first,
            "last": last,
            "goldstein": analysis.goldstein.get(e.id),
            "cameo_label": analysis.cameo_labels.get(e.id),
            "citations": citations(analysis, e.citations),
        }))

    claims = []
    for claim in inv.claims:
        cs = analysis.claim_status[claim.id]
        normalised = None
        if cs.normalised:
            normalised = {"value": cs.normalised[0], "value_max": cs.normalised[1], "unit": cs.normalised[2]}
        claims.append(with_derived(claim, {
            "status": cs.status,
            "lines_of_evidence": cs.lines,
            "independent_lines": len(cs.lines),
            "discrepancies": cs.discrepancies,
            "normalised": normalised,
            "citations": citations(analysis, claim.citations),
        }))

    assessments = [with_derived(a, {"citations": citations(analysis, a.citations)}) for a in inv.assessments]

    return {
        "format": FORMAT,
        "format_version": VERSION,
        "report": dump(inv.report),
        "figures": analysis.figures,
        "sources": sources,
        "quotes": quotes,
        "actors": [dump(a) for a in inv.actors],
        "places": [dump(p) for p in inv.places],
        "events": events,
        "claims": claims,
        "discrepancies": [dump(d) for d in inv.discrepancies],
        "assessments": assessments,
    }
