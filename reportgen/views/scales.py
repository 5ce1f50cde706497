"""Scales and ticks for the charts' axes: numbers and dates onto pixels, round tick values.

Ticks fall on round values (1, 2, 2.5 or 5 times a power of ten) and on calendar steps
(days, weeks, half months, months, quarters, years), as many as fit without their
labels touching; tick numbers get thousands separators and a real minus sign.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Callable

from reportgen.views.svgtext import text_width


def minus(text: str) -> str:
    """A number as text with a real minus sign."""
    return text.replace("-", "−")


@dataclass(frozen=True)
class Linear:
    """Maps the domain [d0, d1] onto the range [r0, r1] (either may run backwards)."""

    d0: float
    d1: float
    r0: float
    r1: float

    def __call__(self, value: float) -> float:
        span = self.d1 - self.d0
        return self.r0 + (value - self.d0) * (self.r1 - self.r0) / span if span else self.r0


_EPOCH = dt.datetime(1970, 1, 1)


def seconds(when: dt.datetime) -> float:
    return (when - _EPOCH).total_seconds()


@dataclass(frozen=True)
class TimeScale:
    """Maps datetimes between `start` and `end` onto [r0, r1]."""

    start: dt.datetime
    end: dt.datetime
    r0: float
    r1: float

    def __call__(self, when: dt.datetime) -> float:
        span = (self.end - self.start).total_seconds()
        return self.r0 + (when - self.start).total_seconds() * (self.r1 - self.r0) / span if span else self.r0


def nice_step(span: float, max_ticks: int, integer: bool = False) -> float:
    """The smallest step of 1, 2, 2.5 or 5 times a power of ten that cuts `span` into at most
    `max_ticks` - 1 parts (at least 1 when `integer`)."""
    if span <= 0:
        return 1.0
    raw = span / max(1, max_ticks - 1)
    power = 10 ** math.floor(math.log10(raw))
    for mult in (1, 2, 2.5, 5, 10):
        step = mult * power
        if integer and (step < 1 or step != int(step)):
            continue
        if step >= raw - 1e-12:
            return step
    return 10 * power


def nice_ticks(lo: float, hi: float, max_ticks: int = 7, integer: bool = False) -> list[float]:
    """Round values from `lo` up to `hi` (both included when they fall on a step)."""
    step = nice_step(hi - lo, max_ticks, integer)
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def tick_label(value: float) -> str:
    """A tick's number: whole numbers with thousands separators, a real minus sign."""
    return minus(f"{int(value):,}" if value == int(value) else f"{value:g}")


MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _month_add(when: dt.datetime, months: int) -> dt.datetime:
    index = when.year * 12 + when.month - 1 + months
    return dt.datetime(index // 12, index % 12 + 1, 1)


def _date_candidates(start: dt.datetime, end: dt.datetime):
    """(unit, step, tick datetimes) from the finest spacing to the coarsest."""
    day0 = dt.datetime(start.year, start.month, start.day)
    for step in (1, 2, 7):
        first = day0 + dt.timedelta(days=(-(day0 - dt.datetime(2000, 1, 3)).days) % step)  # weeks start on Mondays
        yield "day", step, _range(first, end, lambda d, s=step: d + dt.timedelta(days=s))
    # The 1st and the 15th of each month.
    months = _range(dt.datetime(start.year, start.month, 1), end, lambda d: _month_add(d, 1))
    yield "day", 15, [d for month in months for d in (month, month.replace(day=15)) if start <= d <= end]
    for step in (1, 2, 3, 6):
        first = dt.datetime(start.year, 1, 1)
        yield "month", step, [d for d in _range(first, end, lambda d, s=step: _month_add(d, s)) if d >= start]
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        first_year = -(-start.year // step) * step
        years = range(first_year, end.year + 1, step)
        yield "year", step, [dt.datetime(y, 1, 1) for y in years if 1 <= y <= 9999
                            and start <= dt.datetime(y, 1, 1) <= end]


def _range(first: dt.datetime, end: dt.datetime, step: Callable[[dt.datetime], dt.datetime]) -> list:
    out, when = [], first
    while when <= end and len(out) <= 1000:
        out.append(when)
        try:
            when = step(when)
        except (OverflowError, ValueError):
            break
    return out


@dataclass(frozen=True)
class DateTick:
    when: dt.datetime
    label: str  # first line: "15 May", "Jun" or "2017"
    year: str  # second line: the year where it changes ("" when the first line is a year)


def date_ticks(start: dt.datetime, end: dt.datetime, width: float, size: float, max_ticks: int = 8) -> list[DateTick]:
    """Ticks for a date axis `width` px wide: the finest calendar spacing (days, weeks, half
    months, months, quarters, years...) with at most `max_ticks` ticks whose labels do not
    touch. The year is written under the first tick and wherever it changes."""
    seconds_wide = max(1.0, seconds(end) - seconds(start))
    for unit, step, whens in _date_candidates(start, end):
        whens = [w for w in whens if start <= w <= end]
        if not whens or len(whens) > max_ticks:
            continue
        ticks, last_year = [], None
        for when in whens:
            if unit == "year":
                ticks.append(DateTick(when, str(when.year), ""))
                continue
            label = (f"{when.day} {MONTHS_SHORT[when.month - 1]}" if unit == "day"
                     else MONTHS_SHORT[when.month - 1])
            ticks.append(DateTick(when, label, str(when.year) if when.year != last_year else ""))
            last_year = when.year
        if len(ticks) > 1:
            gap = min(seconds(b.when) - seconds(a.when) for a, b in zip(ticks, ticks[1:])) / seconds_wide * width
            widest = max(max(text_width(t.label, size), text_width(t.year, size)) for t in ticks)
            if widest + 0.6 * size > gap:
                continue
        return ticks
    return [DateTick(start, str(start.year), "")]

