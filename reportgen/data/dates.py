"""Dates with precision: parse, check, order and show them honestly.

A date is written to its precision (2017, 2017-05, 2017-05-18, 2017-05-18T16:30)
and its `precision` must agree with that form, so an event known only to the
month never looks exact.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from reportgen.data.model import DateSpec, Precision
from reportgen.errors import UsageError

# ASCII digits only (\d would take Arabic-Indic digits too), matched in full
# (with `$` alone, a trailing newline would pass).
_FORMS = {
    "year": re.compile(r"([0-9]{4})"),
    "month": re.compile(r"([0-9]{4})-([0-9]{2})"),
    "day": re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})"),
    "time": re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?"),
}
# Which written form each precision needs.
_FORM_FOR_PRECISION = {
    Precision.year: ("year",),
    Precision.month: ("month",),
    Precision.week: ("day",),
    Precision.day: ("day",),
    Precision.time: ("time",),
}


class DateProblem(ValueError):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Interval:
    """The span of time a written date covers: [start, end)."""

    start: dt.datetime
    end: dt.datetime
    form: str


@lru_cache(maxsize=65536)  # pages sort and group every event by date many times over
def parse(text: str) -> Interval:
    for form, pattern in _FORMS.items():
        match = pattern.fullmatch(text)
        if not match:
            continue
        parts = [int(p) for p in match.groups() if p is not None]
        try:
            if form == "year":
                start = dt.datetime(parts[0], 1, 1)
                return Interval(start, dt.datetime(parts[0] + 1, 1, 1), form)
            if form == "month":
                start = dt.datetime(parts[0], parts[1], 1)
                nxt = dt.datetime(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
                return Interval(start, nxt, form)
            if form == "day":
                start = dt.datetime(*parts)
                return Interval(start, start + dt.timedelta(days=1), form)
            start = dt.datetime(*parts)
            return Interval(start, start + dt.timedelta(minutes=1), form)
        except ValueError as exc:
            raise DateProblem(f"{text!r} is not a real date ({exc})", _fix_for(str(exc))) from None
        except OverflowError:  # the day after 9999-12-31
            raise DateProblem(f"{text!r} is past the last date this tool can hold", "check the year") from None
    raise DateProblem(
        f"{text!r} is not an ISO date",
        "write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM (e.g. 2017-05-18)",
    )


def _fix_for(reason: str) -> str:
    if "year" in reason:
        return "check the year"
    if "month" in reason and "day" not in reason:
        return "months run from 01 to 12"
    if any(unit in reason for unit in ("hour", "minute", "second")):
        return "times run from 00:00 to 23:59"
    return "check the day exists in that month"


def check(spec: DateSpec) -> list[DateProblem]:
    """Every problem with one DateSpec (empty when it is sound)."""
    problems: list[DateProblem] = []
    try:
        start = parse(spec.date)
    except DateProblem as exc:
        return [exc]
    allowed = _FORM_FOR_PRECISION[spec.precision]
    if start.form not in allowed and not (spec.precision == Precision.week and spec.end):
        problems.append(DateProblem(
            f"precision `{spec.precision.value}` does not fit the date {spec.date!r} (written to the {start.form})",
            f"write the date to its precision, e.g. {_example(spec.precision)}",
        ))
    if spec.end is not None:
        try:
            end = parse(spec.end)
            if end.end <= start.start:
                problems.append(DateProblem(f"range ends ({spec.end}) before it starts ({spec.date})",
                                            "swap `date` and `end`"))
            elif end.form != start.form:
                problems.append(DateProblem(
                    f"`end` {spec.end!r} is written to the {end.form} but `date` {spec.date!r} to the {start.form}",
                    "write both ends of a range to the same precision",
                ))
        except DateProblem as exc:
            problems.append(exc)
    elif spec.precision == Precision.week:
        try:
            interval(spec)
        except DateProblem as exc:
            problems.append(exc)
    if spec.relative and not spec.reasoning:
        problems.append(DateProblem(
            f"date derived from {spec.relative!r} has no `reasoning`",
            "say how the date was worked out, e.g. 'Thursday before the source's date of Friday 19 May 2017'",
        ))
    if spec.reasoning and spec.relative and not spec.anchor:
        problems.append(DateProblem("a derived date needs `anchor`: the source whose date it is read against",
                                    "add `anchor: <source id>`"))
    return problems


def _example(precision: Precision) -> str:
    return {
        Precision.year: "2017",
        Precision.month: "2017-05",
        Precision.week: "2017-05-15 (the week's first day)",
        Precision.day: "2017-05-18",
        Precision.time: "2017-05-18T16:30",
    }[precision]


def interval(spec: DateSpec) -> Interval:
    start = parse(spec.date)
    if spec.end:
        return Interval(start.start, parse(spec.end).end, start.form)
    if spec.precision == Precision.week:
        try:
            return Interval(start.start, start.start + dt.timedelta(days=7), start.form)
        except OverflowError:
            raise DateProblem(f"the week of {spec.date!r} runs past the last representable date",
                              "check the year") from None
    return start


def sort_key(spec: Optional[DateSpec]) -> tuple:
    if spec is None:
        return (dt.datetime.max, dt.datetime.max)
    try:
        span = interval(spec)
    except DateProblem:
        return (dt.datetime.max, dt.datetime.max)
    return (span.start, span.end)


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def _day(d: dt.datetime) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def display(spec: DateSpec) -> str:
    """Human form that shows the precision: 'May 2017', 'week of 15 May 2017', ..."""
    try:
        span = interval(spec)
    except DateProblem:
        return spec.date
    s = span.start
    if spec.precision == Precision.year:
        text = str(s.year)
    elif spec.precision == Precision.month:
        text = f"{MONTHS[s.month - 1]} {s.year}"
    elif spec.precision == Precision.week:
        text = f"week of {_day(s)}"
    elif spec.precision == Precision.time:
        text = f"{_day(s)}, {s:%H:%M}"
        if spec.timezone:
            text += f" {spec.timezone}"
    else:
        text = _day(s)
    if spec.end and spec.precision != Precision.week:
        text += f" – {display(DateSpec(date=spec.end, precision=spec.precision))}"
    if spec.approximate:
        text = f"c. {text}"
    return text


def build_time(report_date: Optional[str]) -> dt.datetime:
    """When the outputs say they were made: SOURCE_DATE_EPOCH if set, else midnight UTC of
    the report's date, never the clock, so the same input always gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds") from None
    start = parse(report_date).start if report_date else dt.datetime(1970, 1, 1)
    return start.replace(tzinfo=dt.timezone.utc)
