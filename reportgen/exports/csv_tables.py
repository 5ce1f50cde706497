"""`events.csv`, `actors.csv`, `quotes.csv`, `claims.csv`: one row per record, for spreadsheets.

RFC 4180 (CRLF, quoted where needed), UTF-8 with a byte order mark so that Excel reads the
accents. A cell a spreadsheet would run as a formula, or read as a number although it is a
code (CAMEO `010`), starts with an apostrophe: LibreOffice, Excel and pandas then all keep it
as text, leading zeros included.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any, Iterable

from reportgen.analysis import Analysis
from reportgen.data import dates
from reportgen.exports.common import LIST_SEPARATOR, actor_name, labels
from reportgen.views import labels as view_labels
from reportgen.views import safetext

# Excel opens a CSV as UTF-8 only when it starts with a byte order mark; without
# one it guesses the legacy code page and garbles every accent, dash and Arabic
# name. LibreOffice, pandas and Python's "utf-8-sig" read the BOM correctly.
BOM = "\ufeff"
# OWASP "CSV injection": a cell starting with one of these is a formula to a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"
_NUMBER_LIKE = re.compile(r"\s*[+-]?(\d+[.,]?\d*|[.,]\d+)([eE][+-]?\d+)?\s*")


class Code(str):
    """A code written with digits (CAMEO "010"): text, never a number, in every reader."""


def cell(value: Any) -> str:
    """One cell: numbers as numbers, booleans as true/false, text guarded against formulas,
    codes guarded against becoming numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = safetext.clean(str(value))
    if text.startswith(FORMULA_START) or (isinstance(value, Code) and _NUMBER_LIKE.fullmatch(text)):
        text = TEXT_MARK + text
    return text


def table(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    """RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return (BOM + buffer.getvalue()).encode("utf-8")


def prose(analysis: Analysis, text: Any) -> Any:
    """Curated prose as a reader reads it: each reference to a record as its words, no link."""
    return view_labels.plain(analysis.inv, text) if text else text


def events(analysis: Analysis) -> bytes:
    """ACLED-style columns: date and precision, type, CAMEO code and Goldstein score, place,
    actors by role, fatalities, summary and citations; in the report's order."""
    inv = analysis.inv
    header = ["id", "title", "event_date", "end_date", "time_precision", "approximate", "date_display",
              "event_type", "sub_event_type", "cameo", "cameo_label", "goldstein",
              "place_id", "place", "latitude", "longitude", "geo_precision",
              "initiators", "initiator_ids", "targets", "target_ids", "other_actors", "other_actor_ids",
              "incident", "ladder", "fatalities", "summary", "citations", "tags"]
    rows = []
    for e in analysis.events:
        place = inv.place_by_id.get(e.place) if e.place else None
        coords = place.coordinates if place else None
        by_role: dict[str, list[str]] = {"initiator": [], "target": [], "other": []}
        for ea in e.actors:
            by_role[ea.role.value].append(ea.actor)
        rows.append([
            e.id, e.title, e.when.date, e.when.end, e.when.precision.value, e.when.approximate,
            dates.display(e.when), e.event_type, e.sub_event_type, Code(e.cameo), analysis.cameo_labels.get(e.id),
            analysis.goldstein.get(e.id), e.place, place.name if place else None,
            coords.lat if coords else None, coords.lon if coords else None,
            coords.precision.value if coords else None,
            *[x for role in ("initiator", "target", "other") for x in (
                LIST_SEPARATOR.join(actor_name(analysis, a) for a in by_role[role]),
                LIST_SEPARATOR.join(by_role[role]))],
            e.incident, e.ladder.value if e.ladder else None, e.fatalities, prose(analysis, e.summary),
            labels(analysis, e.citations), LIST_SEPARATOR.join(e.tags),
        ])
    return table(header, rows)


def actors(analysis: Analysis) -> bytes:
    header = ["id", "name", "aliases", "kind", "side_id", "side", "parent_id", "anonymous", "description",
              "relations", "events", "quotes"]
    rows = []
    for a in analysis.inv.actors:
        relations = LIST_SEPARATOR.join(f"{r.type.value} {r.target}" for r in a.relations)
        rows.append([
            a.id, a.name, LIST_SEPARATOR.join(a.aliases), a.kind.value, a.side,
            view_labels.side_name(analysis.inv, a.side) if a.side else None, a.parent, a.anonymous,
            prose(analysis, a.description), relations,
            len(analysis.events_by_actor.get(a.id, [])), len(analysis.quotes_by_actor.get(a.id, [])),
        ])
    return table(header, rows)


def quotes(analysis: Analysis) -> bytes:
    inv = analysis.inv
    header = ["id", "text", "speaker_id", "speaker", "according_to_id", "according_to", "said",
              "source_id", "source", "paragraph", "paragraph_end", "start", "end", "exact_match", "note"]
    rows = []
    for q in inv.quotes:
        match = analysis.checked.matches.get(q.id)
        source = inv.source_by_id.get(q.source)
        rows.append([
            q.id, q.text, q.speaker, actor_name(analysis, q.speaker), q.according_to,
            actor_name(analysis, q.according_to) if q.according_to else None,
            dates.display(q.said) if q.said else None, q.source, source.title if source else None,
            match.paragraph if match else None, match.paragraph_end if match else None,
            match.start if match else None, match.end if match else None,
            match.exact if match else None, prose(analysis, q.note),
        ])
    return table(header, rows)


def claims(analysis: Analysis) -> bytes:
    header = ["id", "statement", "subject", "claimant_id", "claimant", "kind", "status", "independent_lines",
              "lines_of_evidence", "qualifier", "value", "value_max", "unit",
              "normalised_value", "normalised_value_max", "normalised_unit", "discrepancies", "about",
              "credibility", "citations", "note"]
    rows = []
    for claim in analysis.inv.claims:
        cs = analysis.claim_status[claim.id]
        q = claim.quantity
        norm = cs.normalised
        rows.append([
            claim.id, prose(analysis, claim.statement), claim.subject, claim.claimant, actor_name(analysis, claim.claimant),
            claim.kind.value, cs.status, len(cs.lines), LIST_SEPARATOR.join(cs.lines),
            q.qualifier if q else None, q.value if q else None, q.value_max if q else None, q.unit if q else None,
            norm[0] if norm else None, norm[1] if norm else None, norm[2] if norm else None,
            LIST_SEPARATOR.join(cs.discrepancies), LIST_SEPARATOR.join(claim.about), claim.credibility,
            labels(analysis, claim.citations), prose(analysis, claim.note),
        ])
    return table(header, rows)
