"""Pieces the plots share: axes with grid lines and ticks, legend symbols, a short date.

The escalation, tempo and distance plots are drawn with the same axes and symbols, so
they read alike; each plot module only lays out its own marks.
"""

from __future__ import annotations

import math

from reportgen.data import dates
from reportgen.views.chartstyle import AXIS, GRID, MARGIN, MARK_R, WIDTH
from reportgen.views.scales import Linear, TimeScale, date_ticks, nice_step, nice_ticks, tick_label
from reportgen.views.svgplot import Marks, Svg, middle, num
from reportgen.views.svgtext import text_width


def y_axis(svg: Svg, scale: Linear, ticks: list[float], left: float, right: float, title: str,
            zero_line: bool = False) -> None:
    """Horizontal grid lines with labelled ticks at `ticks`, the axis line, the title read upwards."""
    for value in ticks:
        y = scale(value)
        if zero_line and value == 0:
            svg.line(left, y, right, y, width=1.0)
        else:
            svg.line(left, y, right, y, GRID, 0.8)
        svg.line(left - 4, y, left, y)
        svg.text(left - 7, middle(y, AXIS), tick_label(value), anchor="end")
    top, bottom = scale(scale.d1), scale(scale.d0)
    svg.line(left, top, left, bottom)
    svg.text(MARGIN + 0.8 * AXIS, (top + bottom) / 2, title, anchor="middle", rotate=True)


def y_axis_left(tick_texts: list[str]) -> float:
    """Where the plot starts when the y axis has a title read upwards and these tick labels."""
    return MARGIN + AXIS + 8 + max(text_width(t, AXIS) for t in tick_texts) + 7


def _inside(x: float, *labels: str, width: float = WIDTH) -> float:
    """Where to centre a tick's label so it stays inside the picture (moved in at the edges)."""
    half = max(text_width(label, AXIS) for label in labels) / 2
    return min(max(x, MARGIN + half), width - MARGIN - half)


def date_axis(svg: Svg, scale: TimeScale, top: float, bottom: float) -> float:
    """Vertical grid lines and two-line date labels under `bottom`; returns the y under them."""
    for tick in date_ticks(scale.start, scale.end, scale.r1 - scale.r0, AXIS):
        x = scale(tick.when)
        svg.line(x, top, x, bottom, GRID, 0.8)
        svg.line(x, bottom, x, bottom + 4)
        at = _inside(x, tick.label, tick.year, width=svg.width)
        svg.text(at, bottom + 4 + AXIS * 1.1, tick.label, anchor="middle")
        if tick.year:
            svg.text(at, bottom + 4 + AXIS * 2.3, tick.year, anchor="middle")
    svg.line(scale.r0, bottom, scale.r1, bottom)
    return bottom + 4 + AXIS * 2.3 + 8


def value_axis(svg: Svg, scale: Linear, ticks: list[float], top: float, bottom: float, title: str) -> float:
    """Vertical grid lines and labelled ticks of a numeric x axis under `bottom`, its title
    centred under them; returns the y under the title."""
    for value in ticks:
        x = scale(value)
        svg.line(x, top, x, bottom, GRID, 0.8)
        svg.line(x, bottom, x, bottom + 4)
        svg.text(_inside(x, tick_label(value), width=svg.width), bottom + 4 + AXIS * 1.1, tick_label(value),
                 anchor="middle")
    svg.line(scale.r0, bottom, scale.r1, bottom)
    svg.text(_inside((scale.r0 + scale.r1) / 2, title, width=svg.width), bottom + 4 + AXIS * 2.5, title, anchor="middle")
    return bottom + 4 + AXIS * 2.5 + 10


def scale_to_fit(values: list[float], label_widths: list[float], plot_width: float, floor: float,
                  integer: bool = False) -> tuple[float, list[float]]:
    """The top of a value axis starting at 0, on a round tick, so every bar plus the label after
    it fits in `plot_width`; and the ticks."""
    top = max([floor] + values)
    for value, width in zip(values, label_widths):
        room = plot_width - width
        if room > 0:
            top = max(top, value * plot_width / room)
    step = nice_step(top, 7, integer)
    top = math.ceil(top / step - 1e-9) * step
    return top, nice_ticks(0, top, 7, integer)


def marker_symbol(shape: str, colour: str, filled: bool = True, bar: bool = False):
    def draw(svg: Svg, x: float, y: float) -> None:
        if bar:
            svg.path(f"M{num(x - 10)} {num(y)}H{num(x + 8)}", stroke=colour, width=6.0, opacity=0.45)
        marks = Marks(shape, MARK_R)
        marks.add(x, y)
        svg.path(marks.d(), fill=colour if filled else "none", stroke=colour, width=1.8 if not filled else 1.2)
    return draw


def line_symbol(colour: str, dash: str | None):
    def draw(svg: Svg, x: float, y: float) -> None:
        svg.line(x - 11, y, x + 11, y, colour, 1.8, dash)
    return draw


def short_day(spec, with_year: bool = False) -> str:
    """"18 May" (with the year when asked), "(approx.)" after a date not known to the day."""
    start = dates.interval(spec).start
    text = f"{start.day} {dates.MONTHS[start.month - 1][:3]}" + (f" {start.year}" if with_year else "")
    return text + ("" if _exact(spec) else " (approx.)")


def _exact(spec) -> bool:
    return not spec.approximate and not spec.end and spec.precision.value in ("day", "time")
