"""Values a record must hold: dates that exist at their precision, known units, CAMEO codes,
event types from the codebook in force, and an ACH matrix without gaps.
"""

from __future__ import annotations

from typing import Iterable, Optional

from reportgen.data import cameo, codebook, dates, units
from reportgen.data.diagnostics import Diagnostics, did_you_mean
from reportgen.data.loader import Investigation
from reportgen.data.model import DateSpec, Record


def check_dates(inv: Investigation, d: Diagnostics) -> None:
    def one(record: Record, field_name: str, spec: Optional[DateSpec], label: str) -> None:
        if spec is None:
            return
        for problem in dates.check(spec):
            d.error(record.field_origin(field_name), f"{label}: {problem}", problem.hint)

    for q in inv.quotes:
        one(q, "said", q.said, f"quote `{q.id}`: said")
    for e in inv.events:
        one(e, "when", e.when, f"event `{e.id}`: when")
    if inv.report:
        try:
            dates.parse(inv.report.date)
        except dates.DateProblem as exc:
            d.error(inv.report.field_origin("date"), f"report: date: {exc}", exc.hint)


def check_quantities(inv: Investigation, d: Diagnostics) -> None:
    for c in inv.claims:
        q = c.quantity
        if q is None:
            continue
        if units.lookup(q.unit) is None:
            d.error(q.field_origin("unit"), f"claim `{c.id}`: unknown unit `{q.unit}`",
                    did_you_mean(q.unit, units.UNITS) or f"use one of: {', '.join(sorted(units.UNITS))}")
        if q.value_max is not None and q.value_max < q.value:
            d.error(q.field_origin("value_max"), f"claim `{c.id}`: `value_max` {q.value_max:g} is below `value` {q.value:g}",
                    "a range runs from `value` up to `value_max`")


def check_aspects(inv: Investigation, d: Diagnostics) -> None:
    """A claim's `aspect` places it in the incidents compared, in the column of an event it is
    `about`: it needs such an event, and a distance is a length (a length is nothing else)."""
    for c in inv.claims:
        if c.aspect is None:
            continue
        aspect = c.aspect.value
        if not any(target in inv.event_by_id for target in c.about):
            d.error(c.field_origin("aspect"),
                    f"claim `{c.id}`: `aspect: {aspect}` puts it beside an incident, but it is `about` no event",
                    "add the event it tells about (the strike or shoot-down) to `about`, or drop `aspect`")
        unit = units.lookup(c.quantity.unit) if c.quantity else None
        if unit is None:
            continue  # no figure, or an unknown unit (reported with the quantities)
        if aspect == "distance" and unit.dimension != "length":
            d.error(c.field_origin("aspect"), f"claim `{c.id}`: `aspect: distance` goes with a length, "
                    f"and `{c.quantity.unit}` is not one", "give the distance in km, m or miles, or choose "
                    "another aspect: hit or toll")
        elif aspect != "distance" and unit.dimension == "length":
            d.error(c.field_origin("aspect"), f"claim `{c.id}`: a length of `{c.quantity.unit}` is a distance, "
                    f"not `{aspect}`", "write `aspect: distance`, or leave `aspect` out")


def check_events(inv: Investigation, d: Diagnostics) -> None:
    for e in inv.events:
        if cameo.lookup(e.cameo) is None:
            d.error(e.field_origin("cameo"), f"event `{e.id}`: unknown CAMEO code `{e.cameo}`",
                    "use a CAMEO code such as 195 (employ aerial weapons) or 150 (show of force)")
        if not e.citations:
            d.error(e.origin, f"event `{e.id}` has no citation", "every event cites a quote or a source paragraph")


def check_vocabulary(inv: Investigation, d: Diagnostics) -> None:
    """Every event's type and sub-event type from ACLED's codebook, or the report's own."""
    declared = inv.report.codebook if inv.report else None
    types = codebook.vocabulary(declared)
    source = "the report's codebook" if declared else "ACLED's codebook"
    seen: set[str] = set()
    for entry in declared or ():
        if entry.event_type in seen:
            d.error(entry.field_origin("event_type"), f"codebook: event type '{entry.event_type}' is listed twice",
                    "list each event type once, with all its sub-event types")
        seen.add(entry.event_type)
    for e in inv.events:
        if e.event_type not in types:
            d.error(e.field_origin("event_type"), f"event `{e.id}`: `event_type` '{e.event_type}' is not in {source}",
                    did_you_mean(e.event_type, types) or _terms(types, "use one of", declared))
            continue
        subs = types[e.event_type]
        if e.sub_event_type is not None and e.sub_event_type not in subs:
            owner = next((t for t, others in types.items() if e.sub_event_type in others), None)
            d.error(e.field_origin("sub_event_type"),
                    f"event `{e.id}`: `sub_event_type` '{e.sub_event_type}' is not a sub-event type of "
                    f"'{e.event_type}' in {source}",
                    f"it belongs to '{owner}': correct `event_type` or `sub_event_type`" if owner
                    else did_you_mean(e.sub_event_type, subs) or _terms(subs, "use one of", declared))


def _terms(terms: Iterable[str], lead: str, declared) -> str:
    listed = ", ".join(f"'{t}'" for t in terms) or "none are declared"
    return f"{lead}: {listed}" + ("" if declared else "; or declare the report's own `codebook:`")


def check_assessments(inv: Investigation, d: Diagnostics) -> None:
    for a in inv.assessments:
        hyp_ids = [h.id for h in a.hypotheses]
        for item in a.evidence:
            for hid in item.ratings:
                if hid not in hyp_ids:
                    d.error(item.field_origin("ratings"), f"evidence `{item.id}` rates unknown hypothesis `{hid}`",
                            did_you_mean(hid, hyp_ids) or f"hypotheses of `{a.id}`: {', '.join(hyp_ids)}")
            missing = [h for h in hyp_ids if h not in item.ratings]
            if missing:
                d.error(item.field_origin("ratings"), f"evidence `{item.id}` does not rate {', '.join(missing)}",
                        "rate every hypothesis: consistent, inconsistent or neutral (the ACH matrix has no gaps)")
