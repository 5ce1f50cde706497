"""The escalation plot: the Goldstein score of every event over time.

An imprecise date is drawn as a bar across the span it may fall in, never as a point;
marker and colour say the initiator's side. The strikes are marked by dashed lines and
named above the plot, and the time axis ends with the evidence (the last source's date).
However many events there are, the plot draws one path per series and each mark once per
position, so it stays a bounded size.
"""

from __future__ import annotations

from reportgen.analysis import Analysis
from reportgen.data import dates
from reportgen.views import labels
from reportgen.views.chartstyle import AXIS, INK, MARGIN, MARK_R, SMALL, WIDTH, side_style
from reportgen.views.plotkit import date_axis, line_symbol, marker_symbol, short_day, y_axis, y_axis_left
from reportgen.views.scales import Linear, TimeScale, tick_label
from reportgen.views.svgplot import Key, Marks, Segments, Svg, legend, middle
from reportgen.views.svgtext import text_width


def escalation_chart(a: Analysis, width: float = WIDTH) -> str:
    """Goldstein score of every event over time; an imprecise date is drawn as a bar
    across the span it may fall in, never as a point. Marker and colour: the initiator's side.
    The strikes are marked by dashed lines and named above the plot; the time axis ends with
    the evidence (the last source's date)."""
    if not a.events:
        return ""
    window_start, window_end, outside = a.escalation_window()
    left_out = {e.id for e in outside}
    shown = [e for e in a.events if e.id not in left_out]
    svg = Svg(width, INK, AXIS)
    ends = [("cooperation", 10), ("conflict", -10)]
    right = width - MARGIN - max(text_width(word, SMALL) for word, _ in ends) - 8
    y_ticks = [-10.0, -5.0, 0.0, 5.0, 10.0]
    left = y_axis_left([tick_label(v) for v in y_ticks])
    x = TimeScale(window_start, window_end, left, right)
    strikes = _strike_labels(a, x, left_out, left, right)
    rows = max((row for *_, row in strikes), default=-1) + 1
    top = 10.0 + rows * SMALL * 1.35
    bottom = top + 250.0
    y = Linear(-10.8, 10.8, bottom, top)
    under = date_axis(svg, x, top, bottom)
    for at, text, anchor, row in strikes:
        baseline = 10.0 + SMALL + row * SMALL * 1.35 - 2
        svg.line(at, baseline + 3, at, bottom, INK, 1.0, "4 3")
        svg.text(at + (3 if anchor == "start" else -3), baseline, text, size=SMALL, anchor=anchor)
    y_axis(svg, y, y_ticks, left, right, "Goldstein score", zero_line=True)
    for word, value in ends:
        svg.text(right + 8, middle(y(value), SMALL), word, size=SMALL)

    styles = side_style(a)
    bars: dict[str, Segments] = {}
    hollow: dict[str, Marks] = {}
    filled: dict[str, Marks] = {}
    side_of = {actor.id: actor.side or "" for actor in a.inv.actors}
    for e in shown:
        span = dates.interval(e.when)
        side = next((side_of.get(ea.actor, "") for ea in e.actors if ea.role.value == "initiator"), "")
        score = y(a.goldstein[e.id])
        if a.is_exact(e.when):
            if side not in filled:
                filled[side] = Marks(styles[side][1], MARK_R)
            filled[side].add(x(span.start + (span.end - span.start) / 2), score)
        else:
            # A bar across the part of the span the chart shows, the mark mid-way along it.
            start, end = max(span.start, window_start), min(span.end, window_end)
            if side not in bars:
                bars[side], hollow[side] = Segments(), Marks(styles[side][1], MARK_R)
            bars[side].horizontal(x(start), x(end), score)
            hollow[side].add(x(start + (end - start) / 2), score)
    order = [s for s in styles if s in bars or s in hollow or s in filled]
    for side in order:
        if side in bars:
            svg.path(bars[side].d(), stroke=styles[side][0], width=6.0, opacity=0.45)
    for side in order:
        if side in hollow:
            svg.path(hollow[side].d(), stroke=styles[side][0], width=1.8)
    for side in order:
        if side in filled:
            svg.path(filled[side].d(), fill=styles[side][0], stroke=styles[side][0], width=1.2)

    keys = [Key(marker_symbol(styles[s][1], styles[s][0]), (labels.side_name(a.inv, s),)) for s in order]
    height = under
    if keys:
        height += legend(svg, MARGIN, height, width - 2 * MARGIN, "Initiator's side", keys, SMALL)
    if strikes:
        keys = [Key(line_symbol(INK, "4 3"), ("a strike on forces, named above the plot",))]
        height += 6 + legend(svg, MARGIN, height + 6, width - 2 * MARGIN, "Strikes", keys, SMALL)
    if hollow:
        keys = [Key(marker_symbol("o", INK), ("dated to the day or the minute",)),
                Key(marker_symbol("o", INK, filled=False, bar=True),
                    ("known only within the bar's span (week, month, range)",))]
        height += 6 + legend(svg, MARGIN, height + 6, width - 2 * MARGIN, "How exact the date is", keys, SMALL)
    return svg.render(height + 6)


def _strike_labels(a: Analysis, x: TimeScale, left_out: set[str], left: float,
                   right: float) -> list[tuple[float, str, str, int]]:
    """(x, name, anchor, row) of each strike the chart marks: named by its incident ("First
    strike, 18 May"), the names put in rows above the plot so that none overlaps another."""
    out: list[tuple[float, str, str, int]] = []
    ends: list[float] = []  # per row: where its last name ends
    for event in a.strike_marks():
        if event.id in left_out:
            continue
        name = labels.incident_name(event)
        span = dates.interval(event.when)
        at = x(span.start + (span.end - span.start) / 2)
        text = f"{name}, {short_day(event.when)}"
        width = text_width(text, SMALL) + 3
        anchor = "start" if at + width <= right else "end"
        x0, x1 = (at, at + width) if anchor == "start" else (at - width, at)
        x0 = max(x0, left - 40)
        row = next((i for i, end in enumerate(ends) if end + 6 <= x0), len(ends))
        if row == len(ends):
            ends.append(x1)
        else:
            ends[row] = x1
        out.append((at, text, anchor, row))
    return out
