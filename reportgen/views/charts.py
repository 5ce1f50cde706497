"""Charts: static SVG made at build time from an Analysis, byte for byte the same for the same input.

The three plots (escalation, tempo, distance) are written by our own code on top of
`svgplot` (text kept as text and XML-escaped, coordinates rounded, no date, nothing
measured by a renderer); the actor network is laid out by Graphviz's `dot`.
Each chart function returns standalone SVG text whose ink is a fixed near-black,
so the files print and open anywhere (the PDF brief reuses them). `themed()` turns
that into SVG for inlining in a web page, where the ink follows the page's text
colour (`currentColor`), so one chart reads in light and dark mode. Series colours
are mid-tone, with at least 3:1 contrast on both white and the dark theme, and are
never the only cue: markers, line styles and labels differ too.

Every plot stays a bounded size whatever the size of the investigation: the escalation
chart draws one path per series with each mark once per position; past TEMPO_BARS_MAX
gaps the tempo chart draws columns on a time axis instead of one bar per gap; the
distance chart draws at most DISTANCE_ROWS_MAX rows (the closest approaches, and says
so in the chart). The pages' tables list everything.

Public functions (all take an Analysis, return SVG text, "" when there is nothing to draw):
    escalation_chart, tempo_chart, distance_chart, network_chart
and `chart_files(analysis)` -> {"assets/charts/<name>.svg": text} for every non-empty chart.
One module, past the usual size: the charts share their axes, styles and legends, and
reading them side by side is how they stay alike.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import shutil
import subprocess
from dataclasses import dataclass
from typing import Callable

from reportgen.data import dates
from reportgen.analysis import STRIKE_STEPS, Analysis
from reportgen.views import labels, network
from reportgen.views.scales import Linear, TimeScale, date_ticks, nice_step, nice_ticks, tick_label
from reportgen.views.svgplot import Key, Marks, Segments, Svg, legend, middle, num
from reportgen.views.svgtext import fit, text_width, wrap

INK = "#010203"  # placeholder ink: near-black in files, currentColor when inlined
FILE_INK = "#1a1a1a"
GRID = "#8080804d"  # translucent grey: visible on light and dark backgrounds
# Mid-tone colours readable on white and on Material's slate background (>= 3:1 on both).
PALETTE = ["#2f8fd8", "#e05a00", "#3a9a4a", "#a26bd6", "#c2185b", "#8a8a00", "#00897b", "#b0651b"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
LINESTYLES = {"backs": "solid", "opposes": "dashed", "commands": "bold", "allied with": "solid",
              "speaks for": "dotted", "member of": "dotted"}
RELATION_COLOURS = {"backs": PALETTE[2], "opposes": PALETTE[4], "commands": PALETTE[0],
                    "allied with": PALETTE[5], "speaks for": PALETTE[3], "member of": "#808080"}
NETWORK_MAX_NODES = 60
# How each relation is drawn, in words (the legend under the picture).
RELATION_LEGEND = [("backs", "green, solid"), ("opposes", "red, dashed, round head"),
                   ("commands", "blue, bold"), ("allied with", "olive, solid"),
                   ("speaks for", "purple, dotted"), ("member of", "grey, dotted")]

# The plots' geometry, in px of the SVG's own coordinates (a page scales it to its width).
WIDTH = 640
NARROW = 360  # the plots again at a phone's width, so their text stays at reading size there
PLOTS = ("escalation", "tempo", "distance")  # the charts drawn at either width
MARGIN = 8  # between the picture's edge and anything drawn
AXIS = 13  # axis labels and ticks
SMALL = 12  # legends, value labels, notes
MARK_R = 5.0
TEMPO_BARS_MAX = 24  # more gaps than this: columns on a time axis, not one bar each
DISTANCE_ROWS_MAX = 12  # more approaches than this: the closest ones are drawn
# Dash patterns telling zone radii apart (with colour the same for all of them).
RADIUS_DASHES = ["7 4", "2 3", "9 3 2 3", None]
RADIUS_LINES_MAX = len(RADIUS_DASHES)


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    description: str
    make: Callable[[Analysis], str]


def _side_style(a: Analysis) -> dict[str, tuple[str, str]]:
    return {sid: (PALETTE[i % len(PALETTE)], MARKERS[i % len(MARKERS)])
            for i, sid in enumerate(a.side_ids() + [""])}


# --------------------------------------------------------------------------- shared pieces


def _y_axis(svg: Svg, scale: Linear, ticks: list[float], left: float, right: float, title: str,
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


def _y_axis_left(tick_texts: list[str]) -> float:
    """Where the plot starts when the y axis has a title read upwards and these tick labels."""
    return MARGIN + AXIS + 8 + max(text_width(t, AXIS) for t in tick_texts) + 7


def _inside(x: float, *labels: str, width: float = WIDTH) -> float:
    """Where to centre a tick's label so it stays inside the picture (moved in at the edges)."""
    half = max(text_width(label, AXIS) for label in labels) / 2
    return min(max(x, MARGIN + half), width - MARGIN - half)


def _date_axis(svg: Svg, scale: TimeScale, top: float, bottom: float) -> float:
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


def _value_axis(svg: Svg, scale: Linear, ticks: list[float], top: float, bottom: float, title: str) -> float:
    """Vertical grid lines and labelled ticks of a numeric x axis under `bottom`, its title
    centred under them; returns the y under the title."""
    for value in ticks:
        x = scale(value)
        svg.line(x, top, x, bottom, GRID, 0.8)
        svg.line(x, bottom, x, bottom + 4)
        svg.text(_inside(x, tick_label(value), width=svg.width), bottom + 4 + AXIS * 1.1, tick_label(value),
                 anchor="middle")
    svg.line(scale.r0, bottom, scale.r1, bottom)
    svg.text((scale.r0 + scale.r1) / 2, bottom + 4 + AXIS * 2.5, title, anchor="middle")
    return bottom + 4 + AXIS * 2.5 + 10


def _scale_to_fit(values: list[float], label_widths: list[float], plot_width: float, floor: float,
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


def _marker_symbol(shape: str, colour: str, filled: bool = True, bar: bool = False):
    def draw(svg: Svg, x: float, y: float) -> None:
        if bar:
            svg.path(f"M{num(x - 10)} {num(y)}H{num(x + 8)}", stroke=colour, width=6.0, opacity=0.45)
        marks = Marks(shape, MARK_R)
        marks.add(x, y)
        svg.path(marks.d(), fill=colour if filled else "none", stroke=colour, width=1.8 if not filled else 1.2)
    return draw


def _line_symbol(colour: str, dash: str | None):
    def draw(svg: Svg, x: float, y: float) -> None:
        svg.line(x - 11, y, x + 11, y, colour, 1.8, dash)
    return draw


_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)")


def _plain(text: str) -> str:
    """Inline Markdown as the words a reader sees: link text kept, emphasis marks dropped."""
    return _MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", str(text)))


# --------------------------------------------------------------------------- escalation


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
    left = _y_axis_left([tick_label(v) for v in y_ticks])
    x = TimeScale(window_start, window_end, left, right)
    strikes = _strike_labels(a, x, left_out, left, right)
    rows = max((row for *_, row in strikes), default=-1) + 1
    top = 10.0 + rows * SMALL * 1.35
    bottom = top + 250.0
    y = Linear(-10.8, 10.8, bottom, top)
    under = _date_axis(svg, x, top, bottom)
    for at, text, anchor, row in strikes:
        baseline = 10.0 + SMALL + row * SMALL * 1.35 - 2
        svg.line(at, baseline + 3, at, bottom, INK, 1.0, "4 3")
        svg.text(at + (3 if anchor == "start" else -3), baseline, text, size=SMALL, anchor=anchor)
    _y_axis(svg, y, y_ticks, left, right, "Goldstein score", zero_line=True)
    for word, value in ends:
        svg.text(right + 8, middle(y(value), SMALL), word, size=SMALL)

    styles = _side_style(a)
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

    keys = [Key(_marker_symbol(styles[s][1], styles[s][0]), (labels.side_name(a.inv, s),)) for s in order]
    height = under
    if keys:
        height += legend(svg, MARGIN, height, width - 2 * MARGIN, "Initiator's side", keys, SMALL)
    if strikes:
        keys = [Key(_line_symbol(INK, "4 3"), ("a strike on forces, named above the plot",))]
        height += 6 + legend(svg, MARGIN, height + 6, width - 2 * MARGIN, "Strikes", keys, SMALL)
    if hollow:
        keys = [Key(_marker_symbol("o", INK), ("dated to the day or the minute",)),
                Key(_marker_symbol("o", INK, filled=False, bar=True),
                    ("known only within the bar's span (week, month, range)",))]
        height += 6 + legend(svg, MARGIN, height + 6, width - 2 * MARGIN, "How exact the date is", keys, SMALL)
    return svg.render(height + 6)


def _strike_labels(a: Analysis, x: TimeScale, left_out: set[str], left: float,
                   right: float) -> list[tuple[float, str, str, int]]:
    """(x, name, anchor, row) of each strike the chart marks: named by its incident ("First
    strike, 18 May"), the names put in rows above the plot so that none overlaps another."""
    out: list[tuple[float, str, str, int]] = []
    ends: list[float] = []  # per row: where its last name ends
    for event, name in a.strike_marks():
        if event.id in left_out:
            continue
        span = dates.interval(event.when)
        at = x(span.start + (span.end - span.start) / 2)
        text = f"{name}, {_day(event.when)}"
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


# --------------------------------------------------------------------------- tempo


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
    names = [f"{_day(t['from'].when, len(years) > 1)} → {_day(t['to'].when, len(years) > 1)}" for t in a.tempo]
    names = [fit(name, SMALL, width * 0.45) for name in names]
    values = [t["days"] for t in a.tempo]
    highs = [t.get("days_max", t["days"]) for t in a.tempo]
    values_text = [labels.days_text(t) for t in a.tempo]
    left = MARGIN + max(text_width(name, SMALL) for name in names) + 8
    right = width - 12
    top_value, ticks = _scale_to_fit(highs, [text_width(t, SMALL) + 10 for t in values_text], right - left, 1,
                                     integer=True)
    x = Linear(0, top_value, left, right)
    svg = Svg(width, INK, AXIS)
    row, bar, top = 28.0, 15.0, 6.0
    bottom = top + row * len(values)
    under = _value_axis(svg, x, ticks, top, bottom, "Calendar days since the previous strike")
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
    left = _y_axis_left([tick_label(v) for v in y_ticks])
    right = picture_width - 16
    top, bottom = 10.0, 230.0
    x = TimeScale(start, end, left, right)
    y = Linear(0, y_top, bottom, top)
    svg = Svg(picture_width, INK, AXIS)
    under = _date_axis(svg, x, top, bottom)
    _y_axis(svg, y, y_ticks, left, right, "Days since previous")
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


# --------------------------------------------------------------------------- distance


def distance_chart(a: Analysis, width: float = WIDTH) -> str:
    """How close each reported approach came, in km, against the deconfliction zone's radius
    (one dashed vertical line per distinct radius, every report of it named in the legend).
    Each bar says which incident it is and who reports it, in full (wrapped, never cut). With
    more than DISTANCE_ROWS_MAX approaches, the closest are drawn and the chart says so."""
    rows = a.approach_claims()
    if not rows:
        return ""
    total = len(rows)
    if total > DISTANCE_ROWS_MAX:
        rows = sorted(rows, key=lambda r: (r["km"], r["claim"].id))[:DISTANCE_ROWS_MAX]
    groups = _radius_groups(a.zone_radii())
    left, right = 12.0, width - 16.0
    plot = right - left
    highs = [r["km_max"] if r["km_max"] is not None else r["km"] for r in rows]
    values_text = [r["as_written"] for r in rows]
    top_km, ticks = _scale_to_fit(highs, [text_width(t, SMALL) + 10 for t in values_text], plot,
                                  max([km * 1.05 for km, _ in groups] + [1.0]))
    x = Linear(0, top_km, left, right)
    svg = Svg(width, INK, AXIS)
    line, bar, gap, top = SMALL * 1.3, 14.0, 14.0, 6.0
    # Text a radius line must not cross: (from x, to x, top y, bottom y) of each label.
    texts: list[tuple[float, float, float, float]] = []
    y0 = top
    for r, hi, text in zip(rows, highs, values_text):
        what, who = _distance_label(a, r)
        lines = wrap(what, SMALL, plot, cut=False)
        said = wrap(who, SMALL, plot, cut=False)
        for i, words in enumerate(lines + said):
            baseline = y0 + SMALL + line * i
            svg.text(left, baseline, words, size=SMALL, italic=i >= len(lines))
            texts.append((left, left + text_width(words, SMALL), baseline - SMALL, baseline + 4))
        bar_top = y0 + line * (len(lines) + len(said)) + 4
        if hi > r["km"]:
            svg.rect(left, bar_top, x(hi) - left, bar, PALETTE[0], opacity=0.35)
        svg.rect(left, bar_top, max(x(r["km"]) - left, 1.0), bar, PALETTE[0])
        svg.text(x(hi) + 5, middle(bar_top + bar / 2, SMALL), text, size=SMALL)
        texts.append((x(hi) + 5, x(hi) + 5 + text_width(text, SMALL), bar_top, bar_top + bar))
        y0 = bar_top + bar + gap
    bottom = y0 - gap / 2
    under = _value_axis(svg, x, ticks, top, bottom, "Distance from the base, km (all units converted)")

    def radius_line(km: float) -> str:
        """A vertical line from the top of the rows to the axis, broken where a label is."""
        at, d, y = x(km), [], top
        for x0, x1, t0, t1 in sorted(texts, key=lambda box: box[2]):
            if x0 - 3 <= at <= x1 + 3 and t1 > y:
                if t0 > y:
                    d.append(f"M{num(at)} {num(y)}V{num(t0)}")
                y = max(y, t1)
        if y < bottom:
            d.append(f"M{num(at)} {num(y)}V{num(bottom)}")
        return "".join(d)

    keys = []
    if len(groups) <= RADIUS_LINES_MAX:
        for (km, members), dash in zip(groups, RADIUS_DASHES):
            svg.path(radius_line(km), stroke=PALETTE[1], width=1.8, dash=dash)
            names = [f"{_plain(z['label'])}: {z['as_written']}" for z in members]
            if len(names) > 3:
                names = names[:2] + [f"and {len(names) - 2} more at {km:g} km"]
            keys.append(Key(_line_symbol(PALETTE[1], dash), tuple(names)))
    else:
        for km, _ in groups:
            svg.path(radius_line(km), stroke=PALETTE[1], width=1.2, dash=RADIUS_DASHES[0])
        count = sum(len(members) for _, members in groups)
        lowest, highest = groups[0][0], groups[-1][0]
        keys.append(Key(_line_symbol(PALETTE[1], RADIUS_DASHES[0]),
                        (f"{count:,} radii reported, {len(groups)} distinct, from {lowest:g} to {highest:g} km",)))
    height = under
    if total > len(rows):
        note = (f"The {len(rows)} closest of {total:,} reported distances are drawn, nearest first; "
                "the table lists every one.")
        for words in wrap(note, SMALL, plot):
            svg.text(left, height + SMALL, words, size=SMALL, italic=True)
            height += SMALL * 1.4
        height += 6
    if keys:
        height += legend(svg, left, height, plot, "Deconfliction zone radius", keys, SMALL)
    return svg.render(height + 6)


def _radius_groups(radii: list[dict]) -> list[tuple[float, list[dict]]]:
    """Zone radii that agree (within 1%, or half a km) as one line: (km, the radii), nearest
    first. The line stands at the curated radius where there is one, else the first reported."""
    groups: list[tuple[float, list[dict]]] = []
    for z in sorted(radii, key=lambda z: (z["km"], z["source"] != "curated")):
        if groups and abs(z["km"] - groups[-1][0]) <= max(0.5, 0.01 * groups[-1][0]):
            groups[-1][1].append(z)
        else:
            groups.append((z["km"], [z]))
    return [(next((z["km"] for z in members if z["source"] == "curated"), km), members) for km, members in groups]


def _distance_label(a: Analysis, row: dict) -> tuple[str, str]:
    """What a distance bar says: its incident and the claim ("First strike: ..."), and who
    reports it, with the sources that carry it."""
    claim = row["claim"]
    incidents = []
    for rid in claim.about:
        event = a.inv.event_by_id.get(rid)
        if event is not None:
            name = labels.incident_title(event.incident) if event.incident else event.title
            if name not in incidents:
                incidents.append(name)
    statement = _plain(labels.plain(a.inv, claim.statement))
    what = f"{' and '.join(incidents)}: {statement}" if incidents else statement
    sources = list(dict.fromkeys(labels.source_label(a.inv, a.resolve(c).source_id) for c in claim.citations))
    carried = ", ".join(sources)
    if claim.claimant == "reported":
        who = f"as reported by {carried}" if carried else "as reported"
    else:
        who = f"{row['claimant']}, as reported by {carried}" if carried else row["claimant"]
    return what, who[0].upper() + who[1:]


def _day(spec, with_year: bool = False) -> str:
    start = dates.interval(spec).start
    text = f"{start.day} {dates.MONTHS[start.month - 1][:3]}" + (f" {start.year}" if with_year else "")
    return text + ("" if a_exact(spec) else " (approx.)")


def a_exact(spec) -> bool:
    return not spec.approximate and not spec.end and spec.precision.value in ("day", "time")


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).replace("*", "").replace("_", " ").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# --------------------------------------------------------------------------- network


def network_nodes(a: Analysis) -> tuple[list, list[tuple], int]:
    """Actors drawn in the network (those in a relation, busiest first when there are too
    many), the relations among them, and how many actors with relations were left out."""
    rels = [(actor.id, rel.type.value, rel.target) for actor, rel in a.all_relations()]
    linked = {(src, dst) for src, _, dst in rels}
    rels += [(actor.id, "member of", actor.parent) for actor in sorted(a.inv.actors, key=lambda x: x.id)
             if actor.parent and (actor.id, actor.parent) not in linked]
    degree: dict[str, int] = {}
    for src, _, dst in rels:
        degree[src] = degree.get(src, 0) + 1
        degree[dst] = degree.get(dst, 0) + 1
    ranked = sorted(degree, key=lambda k: (-degree[k], k))
    keep = set(ranked[:NETWORK_MAX_NODES])
    actors = [a.inv.actor_by_id[k] for k in sorted(keep) if k in a.inv.actor_by_id]
    edges = [r for r in rels if r[0] in keep and r[2] in keep]
    return actors, edges, len(ranked) - len(keep)


def _dot_str(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def network_dot(a: Analysis) -> str:
    actors, edges, _ = network_nodes(a)
    styles = _side_style(a)
    # Graphviz names each node's and edge's <title> (a tooltip) after the node: readers see names,
    # never ids, so nodes are named by the actor's name, made unique where two share one.
    node: dict[str, str] = {}
    taken: set[str] = set()
    for x in actors:
        name, n = x.name, 1
        while name in taken:
            n += 1
            name = f"{x.name} ({n})"
        taken.add(name)
        node[x.id] = name
    lines = [
        "digraph actors {",
        '  graph [rankdir=LR, bgcolor="transparent", fontname="Helvetica", fontsize=11, '
        f'fontcolor="{INK}", nodesep=0.25, ranksep=0.6, pad=0.1];',
        f'  node [shape=box, style="rounded", fontname="Helvetica", fontsize=11, fontcolor="{INK}", penwidth=1.8];',
        '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7, penwidth=1.4];',
    ]
    for number, side in enumerate(a.side_ids() + [""], start=1):
        members = [x for x in actors if (x.side or "") == side]
        if not members:
            continue
        colour = styles[side][0]
        name = labels.side_name(a.inv, side)
        lines.append(f"  subgraph {_dot_str(f'cluster_{number}: {name}')} {{")
        lines.append(f'    label={_dot_str(name)}; color="{GRID}"; style="rounded,dashed"; fontcolor="{INK}";')
        for x in members:
            lines.append(f"    {_dot_str(node[x.id])} [label={_dot_str(_short(x.name, 32))}, color=\"{colour}\"];")
        lines.append("  }")
    for src, kind, dst in edges:
        colour = RELATION_COLOURS.get(kind, INK)
        style = LINESTYLES.get(kind, "solid")
        head = "odot" if kind == "opposes" else "normal"
        lines.append(f"  {_dot_str(node[src])} -> {_dot_str(node[dst])} [color=\"{colour}\", style={style}, "
                     f"arrowhead={head}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def network_chart(a: Analysis) -> str:
    """Who backs, opposes, commands or speaks for whom, grouped by side (Graphviz dot)."""
    actors, edges, _ = network_nodes(a)
    if not edges:
        return ""
    dot = shutil.which("dot")
    if dot is None:
        raise RuntimeError("Graphviz `dot` is not installed: run `make setup` (installs Debian's graphviz)")
    result = subprocess.run([dot, "-Tsvg"], input=network_dot(a), capture_output=True, text=True,
                            check=False, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"graphviz failed: {result.stderr.strip()}")
    return result.stdout


# --------------------------------------------------------------------------- files and inlining


CHARTS = [
    Chart("escalation", "Escalation over time",
          "Goldstein score of each event by date, from −10 (most conflictual) to +10 (most cooperative); "
          "dashed lines mark the strikes, named above the plot; the time axis ends with the last source.",
          escalation_chart),
    Chart("tempo", "Tempo between strikes", "Days between one strike and the next.", tempo_chart),
    Chart("distance", "How close the convoys came",
          "Each reported distance from the base, converted to km, against the deconfliction zone's radius.",
          distance_chart),
    Chart("network", "The whole actor network",
          "Who backs, opposes, commands or speaks for whom, grouped by side, in one picture.", network_chart),
]


def network_side_name(side: str) -> str:
    """The chart name of one side's network picture."""
    return f"network-{side or 'no-side'}"


def render_all(a: Analysis) -> dict[str, str]:
    """Chart name -> standalone SVG (the placeholder ink still in it) for every non-empty chart:
    the CHARTS, then one network picture per side (network-<side id>)."""
    out = {}
    for chart in CHARTS:
        svg = chart.make(a)
        if svg:
            out[chart.name] = svg
    for side in network.drawn_sides(a):
        svg = network.side_chart(a, side)
        if svg:
            out[network_side_name(side)] = svg
    return out


def render_narrow(a: Analysis) -> dict[str, str]:
    """Chart name -> the plot drawn NARROW px wide, for phones (same text size, fewer ticks, the
    legend in one column), for each of the plots that has something to draw."""
    out = {}
    for chart in CHARTS:
        if chart.name in PLOTS:
            svg = chart.make(a, width=NARROW)
            if svg:
                out[chart.name] = svg
    return out


def chart_text(a: Analysis, name: str) -> tuple[str, str]:
    """A chart's title and description, by its name."""
    for chart in CHARTS:
        if chart.name == name:
            return chart.title, chart.description
    for side in network.drawn_sides(a):
        if name == network_side_name(side):
            side_name = labels.side_name(a.inv, side)
            return (f"Actor network: {side_name}",
                    f"Who among {side_name} backs, opposes, commands or speaks for whom, members indented under "
                    "their organisation, and the actors of other sides they relate to.")
    raise KeyError(name)


def standalone(svg: str) -> str:
    """SVG for a file: the ink made near-black."""
    return svg.replace(INK, FILE_INK)


def chart_files(a: Analysis, rendered: dict[str, str] | None = None) -> dict[str, str]:
    rendered = render_all(a) if rendered is None else rendered
    return {f"assets/charts/{name}.svg": standalone(svg) for name, svg in rendered.items()}


_XML_PROLOGUE = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*", re.DOTALL)


def themed(svg: str, name: str, title: str, description: str) -> str:
    """SVG to inline in a page: ink follows the page's text colour; ids prefixed so two charts
    on a page never clash; sized by CSS; an accessible name and description; no blank lines
    (Markdown would end the HTML block there)."""
    text = _XML_PROLOGUE.sub("", svg).strip()
    text = text.replace(INK, "currentColor")
    prefix = f"chart-{name}-"
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", text)
    text = re.sub(r'((?:xlink:)?href)="#([^"]+)"', lambda m: f'{m.group(1)}="#{prefix}{m.group(2)}"', text)
    # Graphviz titles every node and edge (tooltips); keep them but not as the chart's name.
    open_tag = re.match(r"<svg\b[^>]*>", text)
    if not open_tag:
        return ""
    tag = open_tag.group(0)
    tag = re.sub(r'\s(width|height)="[^"]*"', "", tag)
    if name == "network":
        # A big graph is shown at its own size (text stays legible) and scrolls in its box.
        box = re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"', tag)
        if box:
            tag = tag[:-1] + f' width="{float(box.group(1)):.0f}" height="{float(box.group(2)):.0f}">'
    tag = tag[:-1] + (f' role="img" aria-labelledby="{prefix}title {prefix}desc" class="chart-svg"'
                      f' focusable="false">')
    head = (f'<title id="{prefix}title">{html.escape(title)}</title>'
            f'<desc id="{prefix}desc">{html.escape(description)}</desc>')
    body = text[open_tag.end():]
    out = tag + head + body
    return "\n".join(line for line in out.splitlines() if line.strip())


def is_strike(event) -> bool:
    return bool(event.ladder and event.ladder.value in STRIKE_STEPS)
