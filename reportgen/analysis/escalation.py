"""Escalation: each incident's ladder, the tempo between strikes, the span the escalation chart shows.

An incident's events are listed in the order they happened, with the highest rung of the
ladder they reached and the lowest Goldstein score. The tempo counts calendar days from one
strike on forces to the next (a shoot-down downs an aircraft: it is not counted), each date
at the precision it is known to, so a date known only within a span gives a range.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Optional

from reportgen.data import dates
from reportgen.data.model import Event, LadderStep, Source
# The incident rows the brief reads carry their title and date in words, until the brief
# takes them from the views.
from reportgen.views.labels import incident_title

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.analysis import Analysis

STRIKE_STEPS = {"strike", "shoot-down"}
TEMPO_STEPS = {"strike"}  # the tempo is between strikes on forces; a shoot-down downs an aircraft


def incident_rows(a: "Analysis") -> list[dict]:
    """Each incident's ladder: its events in the order they happened (`event_order`, the
    timeline's), the highest rung reached and the lowest Goldstein score."""
    order = [step.value for step in LadderStep]
    out = []
    for incident, events in a.incidents.items():
        steps = list(events)  # already in the report's order
        rungs = [e.ladder.value for e in events if e.ladder]
        out.append({
            "id": incident,
            "title": incident_title(incident),
            "events": steps,
            "top": max(rungs, key=order.index) if rungs else "",
            "lowest": min(a.goldstein[e.id] for e in events),
            "when": dates.display(events[0].when),
        })
    return out


def escalation_window(events: list[Event], sources: list[Source]) \
        -> tuple[Optional[dt.datetime], Optional[dt.datetime], list[Event]]:
    """The span the escalation chart shows: the incidents' events (ladder steps) with a
    margin before them, so one far-off background event does not squash the chart, and
    ending with the evidence (the last source's date): nothing is known after it. Also the
    events left outside it (the chart's table lists every event)."""
    if not events:
        return None, None, []
    core = [e for e in events if e.incident or e.ladder] or events
    start = min(dates.interval(e.when).start for e in core)
    end = max(dates.interval(e.when).end for e in core)
    pad = max((end - start) / 4, dt.timedelta(days=14))
    known_until = evidence_end(sources)
    start = start - pad
    end = max(end, known_until) if known_until else end + pad
    outside = [e for e in events
               if dates.interval(e.when).end <= start or dates.interval(e.when).start >= end]
    return start, end, outside


def evidence_end(sources: list[Source]) -> Optional[dt.datetime]:
    """The end of the last day any source may have been published: the evidence stops there."""
    ends = []
    for s in sources:
        try:
            ends.append(dates.interval(s.published).end)
        except dates.DateProblem:
            continue
    return max(ends) if ends else None


def tempo(events: list[Event]) -> list[dict]:
    """Calendar days between consecutive strikes (events on the `strike` rung), from one
    strike's date to the next's, whatever the hour: a date known only within a span gives
    a range, `days` to `days_max` (equal when both dates are known to the day)."""
    strikes = [e for e in events if e.ladder and e.ladder.value in TEMPO_STEPS]
    out = []
    for before, after in zip(strikes, strikes[1:]):
        low, high = calendar_days(before.when, after.when)
        out.append({"from": before, "to": after, "days": low, "days_max": high})
    return out


def calendar_days(first, second) -> tuple[int, int]:
    """The fewest and most calendar days from the date of `first` to the date of `second`, each
    at the precision it is written to (a time counts as its day)."""
    a, b = dates.interval(first), dates.interval(second)
    a_first, a_last = a.start.date(), (a.end - dt.timedelta(microseconds=1)).date()
    b_first, b_last = b.start.date(), (b.end - dt.timedelta(microseconds=1)).date()
    return max(0, (b_first - a_last).days), max(0, (b_last - a_first).days)
