"""The timeline's order and shape: events in the report's order, by month and day, cut into pages.

Events are ordered by day, then by the curator's `sequence` within the day (`event_order`);
grouping never moves an event past another, so every list of events keeps that one order.
A busy month is cut into pages of at most TIMELINE_PAGE_EVENTS events, never splitting a day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportgen.data import dates
from reportgen.data.model import Event

TIMELINE_PAGE_EVENTS = 150  # at most this many events on one timeline page


@dataclass
class TimelinePeriod:
    """One timeline page: a month (or a year), or a part of a busy month."""

    key: str  # "2017-05", "2017-05-part-2", "2017"
    title: str
    groups: list  # [(day label, anchor, [events])]

    @property
    def count(self) -> int:
        return sum(len(g[2]) for g in self.groups)


def event_order(event: Event) -> tuple:
    """Day, then the curated order within the day (`sequence`), then time and id.

    A timed event and an event known only to its day fall on the same day; the
    curator's sequence, where the sources give one, decides which came first.
    """
    start, end = dates.sort_key(event.when)
    return (start.date(), event.sequence or 0, start, end, event.id)


def _day_group(e: Event) -> tuple[str, str]:
    """The heading an event is listed under on its timeline page, and that heading's anchor.
    Times group under their day; a month-only date under "day not known"."""
    spec = e.when
    span = dates.interval(spec)
    p = spec.precision.value
    if spec.end and p in ("day", "time"):
        label = dates.display(spec.model_copy(update={"approximate": False, "timezone": None,
                                                       "precision": spec.precision.__class__("day"),
                                                       "date": spec.date[:10], "end": spec.end[:10]}))
        return label + " (range)", f"range-{span.start:%Y-%m-%d}-{(span.end - dt.timedelta(days=1)):%Y-%m-%d}"
    if p in ("day", "time"):
        return _day_label(span.start), f"day-{span.start:%Y-%m-%d}"
    if p == "week":
        return f"Week of {span.start.day} {dates.MONTHS[span.start.month - 1]} {span.start.year}", \
            f"week-{span.start:%Y-%m-%d}"
    if p == "month":
        return f"{dates.MONTHS[span.start.month - 1]} {span.start.year}, day not known", f"month-{span.start:%Y-%m}"
    return f"{span.start.year}, month not known", f"year-{span.start.year}"


def _add_to_day_groups(groups: list, e: Event, used: set[str]) -> None:
    """Add an event, in the report's order, to a page's day headings: (label, anchor, events).
    It joins the last heading when that is its own (a range of days joins the heading of the
    day it starts on when events of that day come before it); otherwise it starts a heading, so
    grouping never moves an event past another. A heading seen before on the page starts again
    with an anchor of its own."""
    label, anchor = _day_group(e)
    if groups:
        last_label, _, last_events = groups[-1]
        spec = e.when
        starts_that_day = (spec.end and spec.precision.value in ("day", "time")
                           and last_label == _day_label(dates.interval(spec).start))
        if last_label == label or starts_that_day:
            last_events.append(e)
            return
    unique, n = anchor, 1
    while unique in used:
        n += 1
        unique = f"{anchor}-{n}"
    used.add(unique)
    groups.append((label, unique, [e]))


def _day_label(day: dt.datetime) -> str:
    return f"{day:%A} {day.day} {dates.MONTHS[day.month - 1]} {day.year}"


def timeline_groups(events: list[Event]) -> list[tuple[str, list[tuple[str, list[Event]]]]]:
    """Events grouped by month, then by day (or the coarser date they are known to), in the
    report's order (`event_order`): a group holds consecutive events only, so grouping never
    moves an event past another."""
    months: list[tuple] = []  # (month, unused, day groups, anchors taken)
    for e in events:
        span = dates.interval(e.when)
        if e.when.precision.value != "year":
            month = f"{dates.MONTHS[span.start.month - 1]} {span.start.year}"
        else:
            month = str(span.start.year)
        if not months or months[-1][0] != month:
            months.append((month, [], [], set()))
        _add_to_day_groups(months[-1][2], e, months[-1][3])
    return [(month, [(label, events) for label, _, events in groups]) for month, _, groups, _ in months]


def timeline_periods(events: list[Event], max_events: int = TIMELINE_PAGE_EVENTS) -> list[TimelinePeriod]:
    """The timeline cut into pages: one per month (a year when only the year is known),
    a busy month split into parts of at most `max_events`, never splitting a day."""
    periods: dict[str, list[tuple[str, str, list[Event]]]] = {}
    titles: dict[str, str] = {}
    used: dict[str, set[str]] = {}  # per page: the anchors its headings have taken
    for e in events:
        span = dates.interval(e.when)
        if e.when.precision.value == "year":
            key, title = f"{span.start.year}", f"{span.start.year} (month not known)"
        else:
            key, title = f"{span.start:%Y-%m}", f"{dates.MONTHS[span.start.month - 1]} {span.start.year}"
        titles[key] = title
        _add_to_day_groups(periods.setdefault(key, []), e, used.setdefault(key, set()))
    out: list[TimelinePeriod] = []
    for key, groups in periods.items():
        parts: list[list[tuple[str, str, list[Event]]]] = [[]]
        count = 0
        for group in groups:
            if parts[-1] and count + len(group[2]) > max_events:
                parts.append([])
                count = 0
            parts[-1].append(group)
            count += len(group[2])
        for i, part in enumerate(parts, 1):
            page_key = key if i == 1 else f"{key}-part-{i}"
            title = titles[key] if len(parts) == 1 else f"{titles[key]}, part {i} of {len(parts)}"
            out.append(TimelinePeriod(page_key, title, part))
    return out
