"""The charts as page figures: the SVG inlined so its ink follows the light or dark theme,
scaled to the page's width, with a narrow drawing of the plots for a phone.

Drawn the first time a page asks for one (LazyFigures), so a build whose pages show no
chart, or a worker that renders none of those pages, never draws them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from markupsafe import Markup

from reportgen.views import charts

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.analysis import Analysis


class LazyFigures(Mapping):
    """Chart name -> the chart as a page figure, drawn the first time a page asks."""

    def __init__(self, analysis: "Analysis"):
        self.analysis = analysis
        self._svgs: dict[str, str] | None = None
        self._figures: dict[str, Markup] | None = None

    def svgs(self) -> dict[str, str]:
        if self._svgs is None:
            self._svgs = charts.render_all(self.analysis)
        return self._svgs

    def _all(self) -> dict[str, Markup]:
        if self._figures is None:
            narrow = charts.render_narrow(self.analysis)
            self._figures = {name: chart_figure(name, svg, *charts.chart_text(self.analysis, name),
                                                narrow=narrow.get(name, ""))
                             for name, svg in self.svgs().items()}
        return self._figures

    def __getitem__(self, name: str) -> Markup:
        return self._all()[name]

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def chart_figure(name: str, svg: str, title: str, description: str, narrow: str = "") -> Markup:
    """A chart as an HTML block for a Markdown page, scaled to the width of the page; with a
    `narrow` drawing, that one on a phone (the stylesheet shows one of the two, so a screen
    reader meets one)."""
    inline = charts.themed(svg, name, title, description)
    kind = "network" if name.startswith(("network", "neighbourhood")) else name
    if not narrow:
        return Markup(f'<figure class="chart chart-{kind}">\n{inline}\n</figure>')
    small = charts.themed(narrow, f"{name}-narrow", title, description)
    return Markup(f'<figure class="chart chart-{kind} chart-two-widths">\n<div class="chart-wide">\n{inline}\n</div>\n'
                  f'<div class="chart-narrow">\n{small}\n</div>\n</figure>')
