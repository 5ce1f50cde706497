"""The distance plot: how close each reported approach came, against the zone's radius.

Each bar is one reported distance, converted to km, and says which incident it is and who
reports it, in full (wrapped, never cut); each distinct radius of the deconfliction zone is
a dashed vertical line, every report of it named in the legend. With more than
DISTANCE_ROWS_MAX approaches the closest are drawn and the plot says so (the page's table
lists every one).
"""

from __future__ import annotations

import re

from reportgen.analysis import Analysis
from reportgen.views import labels
from reportgen.views.chartstyle import AXIS, INK, PALETTE, SMALL, WIDTH
from reportgen.views.plotkit import line_symbol, scale_to_fit, value_axis
from reportgen.views.scales import Linear
from reportgen.views.svgplot import Key, Svg, legend, middle, num
from reportgen.views.svgtext import text_width, wrap

DISTANCE_ROWS_MAX = 12  # more approaches than this: the closest ones are drawn
# Dash patterns telling zone radii apart (with colour the same for all of them).
RADIUS_DASHES = ["7 4", "2 3", "9 3 2 3", None]
RADIUS_LINES_MAX = len(RADIUS_DASHES)

_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)")


def _plain(text: str) -> str:
    """Inline Markdown as the words a reader sees: link text kept, emphasis marks dropped."""
    return _MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", str(text)))


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
    top_km, ticks = scale_to_fit(highs, [text_width(t, SMALL) + 10 for t in values_text], plot,
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
    under = value_axis(svg, x, ticks, top, bottom, "Distance from the base, km (all units converted)")

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
            keys.append(Key(line_symbol(PALETTE[1], dash), tuple(names)))
    else:
        for km, _ in groups:
            svg.path(radius_line(km), stroke=PALETTE[1], width=1.2, dash=RADIUS_DASHES[0])
        count = sum(len(members) for _, members in groups)
        lowest, highest = groups[0][0], groups[-1][0]
        keys.append(Key(line_symbol(PALETTE[1], RADIUS_DASHES[0]),
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
            name = labels.incident_name(event)
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
