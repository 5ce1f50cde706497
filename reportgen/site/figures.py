"""The charts as page figures: the SVG inlined so its ink follows the light or dark theme.

Drawn the first time a page asks for one (LazyFigures), so a build whose pages show no
chart, or a worker that renders none of those pages, never draws them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from markupsafe import Markup

from reportgen.views import charts, safetext

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.analysis import Analysis

CHART_TEXT = {chart.name: chart for chart in charts.CHARTS}


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
            self._figures = {name: chart_figure(name, svg) for name, svg in self.svgs().items()}
        return self._figures

    def __getitem__(self, name: str) -> Markup:
        return self._all()[name]

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def chart_figure(name: str, svg: str) -> Markup:
    """A chart as an HTML block for a Markdown page, in a keyboard-scrollable box for narrow screens."""
    chart = CHART_TEXT[name]
    inline = charts.themed(svg, name, chart.title, chart.description)
    label = safetext.md_plain(f"{chart.title} (scrolls sideways on small screens)")
    return Markup(
        f'<figure class="chart chart-{name}">\n'
        f'<div class="chart-scroll" tabindex="0" role="group" aria-label="{label}">\n'
        f"{inline}\n</div>\n</figure>"
    )
