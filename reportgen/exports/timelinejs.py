"""`timeline.json`: Knight Lab TimelineJS 3 JSON, one slide per event, in the report's order.

Date objects leave out the parts the evidence does not give (a month is `{year, month}`).
TimelineJS sorts slides by start date, so where the report orders events that TimelineJS
would place the other way (an event known to its day after a timed one on the same day), the
later one gets the time of its predecessor plus a minute, inside its own date span; the
slide's `display_date` still shows the date as precise as the evidence.

Headlines, captions and credits are escaped text; `text.text` is inline Markdown rendered
with raw HTML disabled (TimelineJS also sanitises on its side).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any, Optional

from reportgen.analysis import Analysis
from reportgen.data import dates
from reportgen.data.model import Citation, DateSpec, Event, Precision
from reportgen.exports import reference
from reportgen.exports.common import actor_name, json_bytes, labels
from reportgen.views import labels as view_labels
from reportgen.views import safetext

_PARTS = ("year", "month", "day", "hour", "minute")
_PARTS_OF_FORM = {"year": 1, "month": 2, "day": 3, "time": 5}


def build(analysis: Analysis) -> bytes:
    return json_bytes(timeline(analysis))


def tl_date(moment: dt.datetime, depth: int) -> dict[str, str]:
    """A TimelineJS date object with the first `depth` parts of year, month, day, hour, minute."""
    values = (moment.year, moment.month, moment.day, moment.hour, moment.minute)
    return {name: str(value) for name, value in zip(_PARTS[:depth], values)}


def written_date(written: str) -> dict[str, str]:
    """A written ISO date as a TimelineJS date object; the parts left out express the precision."""
    span = dates.parse(written)
    return tl_date(span.start, _PARTS_OF_FORM[span.form])


def ordered_starts(events: list[Event]) -> dict[str, dict[str, str]]:
    """Each event's start date for TimelineJS, such that sorting by date keeps the given order.

    An event whose start would sort before its predecessor's gets that start plus a minute,
    when that still lies inside the event's own span; otherwise it keeps its written date."""
    out: dict[str, dict[str, str]] = {}
    previous: Optional[dt.datetime] = None
    for event in events:
        start = dates.parse(event.when.date)
        own_span = dates.interval(event.when)
        moment, depth = start.start, _PARTS_OF_FORM[start.form]
        if previous is not None and moment < previous:
            later = previous + dt.timedelta(minutes=1)
            if own_span.start <= later < own_span.end:
                moment, depth = later, 5
        out[event.id] = tl_date(moment, depth)
        previous = moment if previous is None else max(previous, moment)
    return out


def _end_date(spec: DateSpec) -> Optional[dict[str, str]]:
    if spec.end:
        return written_date(spec.end)
    if spec.precision == Precision.week:
        last = dates.interval(spec).end - dt.timedelta(days=1)
        return tl_date(last, 3)
    return None


def _esc(text: object) -> str:
    return html.escape(safetext.clean(" ".join(str(text).split())), quote=True)


def _title_slide_id(analysis: Analysis) -> str:
    taken = {e.id for e in analysis.inv.events}
    base = candidate = "timeline-title"
    n = 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def timeline(analysis: Analysis) -> dict:
    """A title slide and one slide per event, in the report's order, grouped by event type."""
    inv = analysis.inv
    report = inv.report
    title: dict[str, Any] = {"unique_id": _title_slide_id(analysis), "text": {
        "headline": _esc(report.title) if report else "Timeline",
        "text": f"<p>{safetext.html_inline(view_labels.plain(inv, report.bottom_line))}</p>" if report else "",
    }}
    starts = ordered_starts(analysis.events)
    slides = []
    for e in analysis.events:
        place = inv.place_by_id.get(e.place) if e.place else None
        paragraphs = [f"<p>{safetext.html_inline(view_labels.plain(inv, e.summary))}</p>"]
        facts = []
        if place:
            facts.append(f"Place: {_esc(place.name)}")
        for role, role_label in (("initiator", "Initiated by"), ("target", "Target"), ("other", "Also involved")):
            names = [actor_name(analysis, ea.actor) for ea in e.actors if ea.role.value == role]
            if names:
                facts.append(f"{role_label}: {_esc(', '.join(names))}")
        if e.id in analysis.goldstein:
            facts.append(f"Goldstein score: {analysis.goldstein[e.id]:+.1f} "
                         f"(CAMEO {_esc(e.cameo)}, {_esc(analysis.cameo_labels.get(e.id, ''))})")
        if e.when.reasoning:
            facts.append(f"Date: {_esc(e.when.reasoning)}")
        if facts:
            paragraphs.append("<p>" + "<br>".join(facts) + "</p>")
        if e.citations:
            paragraphs.append(f"<p>Sources: {_esc(labels(analysis, e.citations))}</p>")
        slide: dict[str, Any] = {"unique_id": e.id, "start_date": starts[e.id]}
        end = _end_date(e.when)
        if end:
            slide["end_date"] = end
        slide.update({"display_date": _esc(dates.display(e.when)),
                      "text": {"headline": _esc(e.title), "text": "".join(paragraphs)},
                      "group": _esc(e.event_type)})
        media = _media(analysis, e.citations)
        if media:
            slide["media"] = media
        slides.append(slide)
    return {"title": title, "events": slides, "scale": "human"}


def _media(analysis: Analysis, citations: list[Citation]) -> Optional[dict]:
    """The first quote an event cites (a speaker's words before an outlet's narration), shown as
    a blockquote with its speaker and source as credit (what the curator inferred in brackets)."""
    quoted = [c for c in citations if c.quote]
    spoken = [c for c in quoted if analysis.inv.quote_by_id[c.quote].speaker != "reported"]
    for citation in spoken + [c for c in quoted if c not in spoken]:
        quote = analysis.inv.quote_by_id[citation.quote]
        source = analysis.inv.source_by_id.get(quote.source)
        speaker = actor_name(analysis, quote.speaker)
        outlet = reference.outlet(source) if source else None
        via = f", via {outlet}" if outlet else ""
        return {
            "url": f"<blockquote>{_esc(quote.text)}</blockquote>",
            "credit": _esc(f"{speaker}{via}" if quote.speaker != "reported" else (outlet or speaker)),
            "caption": _esc(_caption(analysis, citation, reference.title(source) if source else quote.source)),
        }
    return None


def _caption(analysis: Analysis, citation: Citation, title: str) -> str:
    paragraph = analysis.resolve(citation).paragraph
    return f"{title}, paragraph {paragraph}" if paragraph else title
