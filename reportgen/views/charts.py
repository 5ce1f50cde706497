"""The charts as a set: which there are, their titles and descriptions, drawn for files and pages.

The plots (escalationplot, tempoplot, distanceplot) are written by our own code on top of
`svgplot` (text kept as text and XML-escaped, coordinates rounded, no date, nothing
measured by a renderer); the whole actor network is laid out by Graphviz (actorgraph),
each side's network picture by network.py. Each chart function takes an Analysis and
returns standalone SVG text with the placeholder ink (chartstyle), "" when there is nothing
to draw, byte for byte the same for the same input. `standalone()` makes that a file that
prints and opens anywhere (the PDF brief embeds the files); `themed()` makes it SVG to
inline in a page, where the ink follows the page's text colour.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable

from reportgen.analysis import Analysis
from reportgen.views import labels, network
from reportgen.views.actorgraph import network_chart
from reportgen.views.chartstyle import FILE_INK, INK, NARROW
from reportgen.views.distanceplot import distance_chart
from reportgen.views.escalationplot import escalation_chart
from reportgen.views.tempoplot import tempo_chart

PLOTS = ("escalation", "tempo", "distance")  # the charts drawn at either width (chartstyle.WIDTH, NARROW)


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    description: str
    make: Callable[[Analysis], str]


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
