"""The tempo plot: how many calendar days passed between one strike and the next.

Up to TEMPO_BARS_MAX gaps, one bar per gap, labelled with both strikes' dates (a range
where a date is known only within a span); past that, one column per strike on a time
axis, as tall as the gap before it, so the plot stays a bounded size (the page's table
lists every gap).
"""

from __future__ import annotations

import datetime as dt
import math

from reportgen.analysis import Analysis
from reportgen.data import dates
from reportgen.views import labels
from reportgen.views.chartstyle import AXIS, INK, MARGIN, PALETTE, SMALL, WIDTH
from reportgen.views.plotkit import date_axis, scale_to_fit, short_day, value_axis, y_axis, y_axis_left
from reportgen.views.scales import Linear, TimeScale, nice_step, nice_ticks, tick_label
from reportgen.views.svgplot import Svg, middle, num
from reportgen.views.svgtext import fit, text_width, wrap

TEMPO_BARS_MAX = 24  # more gaps than this: columns on a time axis, not one bar each


def tempo_chart(a: Analysis, width: float = WIDTH) -> str:
    """Days between consecutive strikes: one bar per gap, labelled with both strikes' dates;
    past TEMPO_BARS_MAX gaps, one column per strike on a time axis, as tall as the gap before it."""
    if not a.tempo:
        return ""
    if len(a.tempo) <= TEMPO_BARS_MAX:
        return _tempo_bars(a, width)
    return _tempo_columns(a, width)


def _tempo_bars(a: Analysis, width: float) -> str:
    years = {dates.interval(t[k].when).start.year for t in a.tempo for k in ("from", "to")}
    names = [f"{short_day(t['from'].when, len(years) > 1)} → {short_day(t['to'].when, len(years) > 1)}" for t in a.tempo]
    names = [fit(name, SMALL, width * 0.45) for name in names]
    values = [t["days"] for t in a.tempo]
    highs = [t.get("days_max", t["days"]) for t in a.tempo]
    values_text = [labels.days_text(t) for t in a.tempo]
    left = MARGIN + max(text_width(name, SMALL) for name in names) + 8
    right = width - 12
    top_value, ticks = scale_to_fit(highs, [text_width(t, SMALL) + 10 for t in values_text], right - left, 1,
                                     integer=True)
    x = Linear(0, top_value, left, right)
    svg = Svg(width, INK, AXIS)
    row, bar, top = 28.0, 15.0, 6.0
    bottom = top + row * len(values)
    under = value_axis(svg, x, ticks, top, bottom, "Calendar days since the previous strike")
    for i, (name, value, high, text) in enumerate(zip(names, values, highs, values_text)):
        centre = top + row * i + row / 2
        svg.text(left - 8, middle(centre, SMALL), name, size=SMALL, anchor="end")
        end = max(x(value), left + 2)  # a same-day pair still shows a sliver
        if high > value:  # a range: the rest of it paler
            svg.rect(left, centre - bar / 2, x(high) - left, bar, PALETTE[1], opacity=0.35)
        svg.rect(left, centre - bar / 2, end - left, bar, PALETTE[1])
        svg.text(max(end, x(high)) + 5, middle(centre, SMALL), text, size=SMALL)
    svg.line(left, top, left, bottom)
    return svg.render(under)


def _tempo_columns(a: Analysis, picture_width: float) -> str:
    whens = [dates.interval(t["to"].when).start for t in a.tempo]
    start, end = min(whens), max(whens)
    pad = max((end - start) / 50, dt.timedelta(days=1))
    start = start - pad if start - dt.datetime.min > pad else dt.datetime.min
    end = end + pad if dt.datetime.max - end > pad else dt.datetime.max
    values = [t["days"] for t in a.tempo]
    step = nice_step(max(values + [1]), 6, integer=True)
    y_top = math.ceil(max(values + [1]) / step) * step
    y_ticks = nice_ticks(0, y_top, 6, integer=True)
    left = y_axis_left([tick_label(v) for v in y_ticks])
    right = picture_width - 16
    top, bottom = 10.0, 230.0
    x = TimeScale(start, end, left, right)
    y = Linear(0, y_top, bottom, top)
    svg = Svg(picture_width, INK, AXIS)
    under = date_axis(svg, x, top, bottom)
    y_axis(svg, y, y_ticks, left, right, "Days since previous")
    # One column per strike; strikes that land on the same pixel show the longest gap.
    tallest: dict[float, int] = {}
    for when, days in zip(whens, values):
        key = round(x(when) * 2) / 2
        tallest[key] = max(tallest.get(key, 0), days)
    per_day = (right - left) / max(1.0, (end - start).total_seconds() / 86400)
    width = min(8.0, max(1.0, per_day * 0.7))
    d = "".join(f"M{num(px)} {num(bottom)}V{num(y(days))}" for px, days in tallest.items() if days > 0)
    svg.path(d, stroke=PALETTE[1], width=round(width, 1))
    note = (f"Each column is one of {len(values):,} strikes, at its date, as tall as the days since the "
            "strike before it (a strike on the same day as the one before has no column). "
            "Every gap is listed in the table.")
    lines = wrap(note, SMALL, picture_width - 2 * MARGIN)
    for i, line in enumerate(lines):
        svg.text(MARGIN, under + SMALL * (1 + 1.4 * i), line, size=SMALL)
    return svg.render(under + SMALL * 1.4 * len(lines) + 8)
