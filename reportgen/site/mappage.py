"""The map on the site: geomap's figures as page blocks, for the map page and the home page.

The overview's place names link to each place's entry on the Places page, which lists the
events there, each linked to the timeline. The SVG is raw HTML in the page, which mkdocs
does not rewrite, so the link is written as the built page's address (`places.html#id`:
the site is built with `use_directory_urls: false`); both pages showing the overview sit
at the site's root. The figures are drawn once per build, by whichever page asks first.
"""

from __future__ import annotations

from typing import Callable

from markupsafe import Markup

from reportgen.analysis import Analysis
from reportgen.views import geomap, safetext


def built_address(link: str) -> str:
    """A link between generated pages ("places.md#x") as the built site's ("places.html#x")."""
    path, hash_, anchor = str(link).partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    return path + hash_ + anchor


class SiteMap:
    """What the templates read: `has_map`, `figure(name)`, the figures, the tables' rows."""

    def __init__(self, analysis: Analysis, place_link: Callable[[str], str]):
        """`place_link(place id)`: the link to a place's entry, from a page at the site's root."""
        self.view = geomap.MapView(analysis, link=lambda pid: built_address(place_link(pid)))

    @property
    def has_map(self) -> bool:
        return self.view.has_map

    @property
    def geo(self):
        return self.view.geo

    def figures(self) -> list[geomap.Figure]:
        return self.view.figures() if self.has_map else []

    def details(self) -> list[geomap.Figure]:
        return self.figures()[1:]

    def figure(self, name: str) -> Markup:
        """A figure inlined so its ink follows the theme, in a keyboard-scrollable box."""
        inline = self.view.inline(name)
        if not inline:
            return Markup("")
        title = next(f.title for f in self.figures() if f.name == name)
        label = safetext.md_plain(f"{title} (scrolls sideways on small screens)")
        kind = "chart-map" if name == "map" else f"chart-map-detail chart-{name}"
        return Markup(f'<figure class="chart {kind}">\n'
                      f'<div class="chart-scroll" tabindex="0" role="group" aria-label="{label}">\n'
                      f"{inline}\n</div>\n</figure>")

    def place_rows(self) -> list[dict]:
        return self.view.place_rows()

    def ring_rows(self):
        return self.view.ring_rows()

    def left_out(self) -> dict[str, int]:
        return self.view.rows_left_out()

    def drawn(self, ring) -> bool:
        return self.view.drawn(ring)

    def files(self) -> dict[str, str]:
        """The figures as files under assets/charts/ (no links: a file stands on its own)."""
        return self.view.files() if self.has_map else {}

    @property
    def attribution(self) -> str:
        return self.view.attribution()
