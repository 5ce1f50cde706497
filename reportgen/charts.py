"""Charts: static SVG made at build time from an Analysis, byte for byte the same for the same input.

Plots are drawn by matplotlib (SVG backend: text kept as text, a fixed hash salt,
no date in the metadata); the actor network is laid out by Graphviz's `dot`.
Each chart function returns standalone SVG text whose ink is a fixed near-black,
so the files print and open anywhere (the PDF brief reuses them). `themed()` turns
that into SVG for inlining in a web page, where the ink follows the page's text
colour (`currentColor`), so one chart reads in light and dark mode. Series colours
are mid-tone, with at least 3:1 contrast on both white and the dark theme, and are
never the only cue: markers, line styles and labels differ too.

Public functions (all take an Analysis, return SVG text, "" when there is nothing to draw):
    escalation_chart, tempo_chart, distance_chart, network_chart
and `chart_files(analysis)` -> {"assets/charts/<name>.svg": text} for every non-empty chart.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from typing import Callable

from . import dates
from .analysis import STRIKE_STEPS, Analysis

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


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    description: str
    make: Callable[[Analysis], str]


def _rc() -> dict:
    return {
        "svg.hashsalt": "reportgen",
        "svg.fonttype": "none",
        "font.family": "DejaVu Sans",
        "font.size": 11,
        "text.color": INK,
        "axes.labelcolor": INK,
        "axes.edgecolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "axes.facecolor": "none",
        "figure.facecolor": "none",
        "savefig.facecolor": "none",
        "savefig.edgecolor": "none",
        "axes.grid": True,
        "grid.color": GRID,
        "grid.linewidth": 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "path.simplify": False,
    }


def _figure(width: float, height: float):
    import matplotlib

    matplotlib.use("svg", force=True)
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _save(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def _mid(spec) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
    span = dates.interval(spec)
    return span.start, span.start + (span.end - span.start) / 2, span.end


def _side_style(a: Analysis) -> dict[str, tuple[str, str]]:
    return {sid: (PALETTE[i % len(PALETTE)], MARKERS[i % len(MARKERS)])
            for i, sid in enumerate(a.side_ids() + [""])}


def _initiator_side(a: Analysis, event) -> str:
    for ea in event.actors:
        if ea.role.value == "initiator":
            actor = a.inv.actor_by_id.get(ea.actor)
            return actor.side or "" if actor else ""
    return ""


def escalation_chart(a: Analysis) -> str:
    """Goldstein score of every event over time; an imprecise date is drawn as a bar
    across the span it may fall in, never as a point. Marker and colour: the initiator's side."""
    import matplotlib
    from matplotlib import dates as mdates

    if not a.events:
        return ""
    window_start, window_end, outside = a.escalation_window()
    shown = [e for e in a.events if e not in outside]
    with matplotlib.rc_context(_rc()):
        fig = _figure(7.2, 4.2)
        ax = fig.add_subplot()
        styles = _side_style(a)
        seen: set[str] = set()
        for e in shown:
            start, mid, end = _mid(e.when)
            start, end = max(start, window_start), min(end, window_end)
            side = _initiator_side(a, e)
            colour, marker = styles[side]
            score = a.goldstein[e.id]
            exact = a.is_exact(e.when)
            if not exact:
                ax.plot([start, end], [score, score], color=colour, linewidth=5, alpha=0.45,
                        solid_capstyle="butt")
            label = (a.side_name(side) or "No side named") if side not in seen else None
            seen.add(side)
            ax.plot([mid], [score], linestyle="none", marker=marker, markersize=8,
                    markerfacecolor=colour if exact else "none", markeredgecolor=colour,
                    markeredgewidth=1.8, label=label)
        ax.axhline(0, color=INK, linewidth=0.8)
        ax.set_ylim(-10.8, 10.8)
        ax.set_yticks([-10, -5, 0, 5, 10])
        ax.set_ylabel("Goldstein score")
        ax.text(0.005, 0.02, "conflict", transform=ax.transAxes, fontsize=9, va="bottom")
        ax.text(0.005, 0.98, "cooperation", transform=ax.transAxes, fontsize=9, va="top")
        ax.set_xlim(window_start, window_end)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b\n%Y"))
        fig.legend(loc="outside lower center", fontsize=9, title="Initiator's side", title_fontsize=9,
                   ncols=3)
        return _save(fig)


def tempo_chart(a: Analysis) -> str:
    """Days between consecutive strikes, one bar per gap, labelled with the later strike's date."""
    import matplotlib
    from matplotlib.ticker import MaxNLocator

    if not a.tempo:
        return ""
    with matplotlib.rc_context(_rc()):
        fig = _figure(7.2, 0.9 + 0.45 * len(a.tempo))
        ax = fig.add_subplot()
        labels = [f"{_day(t['from'].when)} → {_day(t['to'].when)}" for t in a.tempo]
        values = [t["days"] for t in a.tempo]
        ys = list(range(len(values)))[::-1]
        ax.barh(ys, values, color=PALETTE[1], height=0.6)
        for y, v in zip(ys, values):
            ax.text(v, y, f" {v} day{'s' if v != 1 else ''}", va="center", fontsize=9)
        ax.set_yticks(ys, labels, fontsize=9)
        ax.set_xlabel("Days since the previous strike")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0, max(values + [1]) * 1.25)
        ax.grid(axis="y", visible=False)
        return _save(fig)


def distance_chart(a: Analysis) -> str:
    """How close each reported approach came, in km, against each reported or curated
    radius of the deconfliction zone (dashed vertical lines, named in the legend)."""
    import matplotlib

    rows = a.approach_claims()
    radii = a.zone_radii()
    if not rows:
        return ""
    with matplotlib.rc_context(_rc()):
        fig = _figure(7.2, 1.3 + 0.62 * len(rows) + 0.22 * len(radii))
        ax = fig.add_subplot()
        ys = [float(i) for i in range(len(rows))][::-1]
        top = max([r["km_max"] or r["km"] for r in rows] + [z["km"] for z in radii] + [1])
        for y, r in zip(ys, rows):
            lo = r["km"]
            hi = r["km_max"] if r["km_max"] is not None else lo
            if hi > lo:
                ax.barh([y], [hi], color=PALETTE[0], height=0.34, alpha=0.35)
            ax.barh([y], [lo], color=PALETTE[0], height=0.34)
            ax.text(hi, y, f" {r['as_written']}", va="center", fontsize=9)
            ax.text(0, y + 0.24, _short(f"{r['claim'].statement} ({r['claimant']})", 90), fontsize=9,
                    va="bottom")
        styles = [(0, (5, 3)), (0, (1, 2)), (0, (6, 2, 1, 2)), "solid"]
        for i, z in enumerate(radii):
            ax.axvline(z["km"], color=PALETTE[1], linestyle=styles[i % len(styles)], linewidth=1.6,
                       label=f"{_short(z['label'], 60)}: {z['as_written']}")
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.set_xlim(0, top * 1.15)
        ax.set_ylim(-0.5, len(rows) - 0.2)
        ax.set_xlabel("Distance from the base, km (all units converted)")
        if radii:
            fig.legend(loc="outside lower left", fontsize=9, title="Deconfliction zone radius",
                       title_fontsize=9, alignment="left")
        return _save(fig)


def _day(spec) -> str:
    start = dates.interval(spec).start
    return f"{start.day} {dates.MONTHS[start.month - 1][:3]}" + ("" if a_exact(spec) else " (approx.)")


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
    lines = [
        "digraph actors {",
        '  graph [rankdir=LR, bgcolor="transparent", fontname="Helvetica", fontsize=11, '
        f'fontcolor="{INK}", nodesep=0.25, ranksep=0.6, pad=0.1];',
        f'  node [shape=box, style="rounded", fontname="Helvetica", fontsize=11, fontcolor="{INK}", penwidth=1.8];',
        '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7, penwidth=1.4];',
    ]
    for side in a.side_ids() + [""]:
        members = [x for x in actors if (x.side or "") == side]
        if not members:
            continue
        colour = styles[side][0]
        name = a.side_name(side) if side else "No side named"
        lines.append(f"  subgraph {_dot_str('cluster_' + (side or 'none'))} {{")
        lines.append(f'    label={_dot_str(name)}; color="{GRID}"; style="rounded,dashed"; fontcolor="{INK}";')
        for x in members:
            lines.append(f"    {_dot_str(x.id)} [label={_dot_str(_short(x.name, 32))}, color=\"{colour}\"];")
        lines.append("  }")
    for src, kind, dst in edges:
        colour = RELATION_COLOURS.get(kind, INK)
        style = LINESTYLES.get(kind, "solid")
        head = "odot" if kind == "opposes" else "normal"
        lines.append(f"  {_dot_str(src)} -> {_dot_str(dst)} [color=\"{colour}\", style={style}, "
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
          "Goldstein score of each event by date, from −10 (most conflictual) to +10 (most cooperative).",
          escalation_chart),
    Chart("tempo", "Tempo between strikes", "Days between one strike and the next.", tempo_chart),
    Chart("distance", "How close the convoys came",
          "Each reported distance from the base, converted to km, against the deconfliction zone's radius.",
          distance_chart),
    Chart("network", "Actor network",
          "Who backs, opposes, commands or speaks for whom, grouped by side.", network_chart),
]


def render_all(a: Analysis) -> dict[str, str]:
    """Chart name -> standalone SVG (the placeholder ink still in it) for every non-empty chart."""
    out = {}
    for chart in CHARTS:
        svg = chart.make(a)
        if svg:
            out[chart.name] = svg
    return out


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
