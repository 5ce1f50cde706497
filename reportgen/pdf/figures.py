"""The site's charts and maps, the same SVG, as images the brief embeds (data: URLs).

The brief draws nothing of its own: a chart reads the same on the site and on paper.
Only the whole actor network is left out, as it is too big for a page; the brief shows
one picture per side instead, of its busiest actors.
"""

from __future__ import annotations

import base64

from reportgen.analysis import Analysis
from reportgen.pdf import BriefError

CHART_NAMES = ("escalation", "tempo", "distance")  # where the template places each chart
# The actors of a side the brief's network picture shows at most (the busiest), so that the
# tallest picture fits a page with its text at about 9 pt; the site shows more.
BRIEF_SIDE_ACTORS = 15


def charts_for(analysis: Analysis) -> dict[str, object]:
    """Chart name -> {src, alt, title, id}, or None when that chart has nothing to draw;
    `network_sides`: the network pictures, one per side."""
    from reportgen.views import charts, network

    out: dict[str, object] = {name: None for name in CHART_NAMES}
    try:
        rendered = charts.render_all(analysis)
    except (RuntimeError, OSError) as exc:
        raise BriefError([f"error: PDF brief: a chart could not be drawn: {exc}"]) from None
    for chart in charts.CHARTS:
        svg = rendered.get(chart.name)
        if svg and chart.name != "network":
            out[chart.name] = {"src": svg_data_url(charts.standalone(svg)), "alt": chart.description,
                               "title": chart.title, "id": f"chart-{chart.name}"}
    sides = []
    for side in network.drawn_sides(analysis):
        svg = network.side_chart(analysis, side, max_actors=BRIEF_SIDE_ACTORS)
        if svg:
            name = charts.network_side_name(side)
            title, description = charts.chart_text(analysis, name)
            sides.append({"src": svg_data_url(charts.standalone(svg)), "alt": description,
                          "title": title, "id": f"chart-{name}", "kind": "network"})
    out["network_sides"] = sides
    return out


def maps_for(analysis: Analysis) -> dict:
    """The map's figures and the rows of its text alternative; no figures when no place has
    coordinates."""
    from reportgen.views import charts, geomap

    view = geomap.MapView(analysis)
    figures = [{"src": svg_data_url(charts.standalone(f.svg)), "alt": f.description, "title": f.title,
                "id": f"figure-{f.name}"} for f in view.figures()]
    return {"figures": figures, "rings": view.ring_rows() if figures else [],
            "places": view.place_rows() if figures else [], "drawn": view.drawn}


def svg_data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
