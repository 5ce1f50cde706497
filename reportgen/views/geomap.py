"""The map of the investigation as the site and the brief show it: its figures and tables.

The map is drawn from the investigation's own data, as static SVG like the charts, for
the site and the PDF brief alike: mapdata decides what it shows, mapoverview and
mapdetail draw the overview and a detail map of the distances measured from each of the
busiest places (mapdraw holds what both draw with). `MapView` is what the pages and the
brief read: the figures drawn once, as files and inline, and the rows of the tables that
are their text alternative.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from reportgen.analysis import Analysis
from reportgen.views import basemap
from reportgen.views.charts import standalone, themed
from reportgen.views.mapdata import FAR_LISTED_MAX, RINGS_LISTED_MAX, GeoMap, MapPlace, Ring, build
from reportgen.views.mapdetail import detail_svg
from reportgen.views.mapoverview import overview_svg


@dataclass(frozen=True)
class Figure:
    name: str  # file name stem: "map", "map-al-tanf"
    title: str
    description: str
    svg: str  # standalone, placeholder ink, no links


class MapView:
    """The map as the site and the brief show it, drawn once (lazily); empty when no place
    has coordinates. `link(place id)` -> href for the overview's names on the site."""

    def __init__(self, analysis: Analysis, link: Optional[Callable[[str], str]] = None):
        self.a = analysis
        self.link = link
        self._geo: Optional[GeoMap] = None
        self._built = False
        self._figures: Optional[list[Figure]] = None
        self._linked: Optional[str] = None

    @property
    def geo(self) -> Optional[GeoMap]:
        if not self._built:
            self._geo = build(self.a)
            self._built = True
        return self._geo

    @property
    def has_map(self) -> bool:
        return self.geo is not None

    def figures(self) -> list[Figure]:
        """The overview, then a detail map per place distances are measured from."""
        if self._figures is None:
            geo = self.geo
            out: list[Figure] = []
            if geo is not None:
                out.append(Figure("map", "Map of the investigation", self.overview_description(),
                                  overview_svg(geo)))
                for mp in geo.details():
                    out.append(Figure(f"map-{mp.id}", f"Distances from {mp.name}", self.detail_description(mp),
                                      detail_svg(geo, mp)))
            self._figures = out
        return self._figures

    def overview_description(self) -> str:
        geo = self.geo
        names = ", ".join(mp.name for mp in geo.places[:12]) + (" and more" if len(geo.places) > 12 else "")
        zones = "; ".join(f"{z.centre.name}, a {z.km:g} km radius" for z in geo.zones)
        return (f"Located places: {names}." + (f" Zones: {zones}." if zones else "")
                + " The table of places gives every coordinate.")

    def detail_description(self, mp: MapPlace) -> str:
        rings = self.geo.rings_around(mp)
        parts = [f"{r.title}: {r.figure} ({r.who})" for r in rings]
        return f"Rings around {mp.name}: " + "; ".join(parts) + "."

    def files(self) -> dict[str, str]:
        """assets/charts/<name>.svg for each figure (near-black ink, no links)."""
        return {f"assets/charts/{f.name}.svg": standalone(f.svg) for f in self.figures()}

    def inline(self, name: str) -> str:
        """A figure as SVG to inline in a page (ink follows the theme); the overview with links."""
        figure = next((f for f in self.figures() if f.name == name), None)
        if figure is None:
            return ""
        if name == "map" and self.link is not None:
            if self._linked is None:
                self._linked = overview_svg(self.geo, self.link)
            # A picture holding links is a group, not an image: an image's content is not
            # reachable, and its links would be controls nested in one.
            return themed(self._linked, name, figure.title, figure.description).replace(
                ' role="img" ', ' role="group" ', 1)
        return themed(figure.svg, name, figure.title, figure.description)

    # Rows of the text alternative.

    def place_rows(self) -> list[dict]:
        geo = self.geo
        if geo is None:
            return []
        far = {f.place.id: f for f in geo.far}
        rows = []
        for mp in geo.places + [f.place for f in geo.far[:FAR_LISTED_MAX]]:
            f = far.get(mp.id)
            rows.append({
                "mp": mp, "place": mp.place, "lat": f"{mp.lat:.3f}", "lon": f"{mp.lon:.3f}",
                "precision": mp.precision,
                "where": "on the map" if f is None else f"off the map, {f.km:,.0f} km {f.direction}",
                "events": mp.events,
                "zone": f"{mp.place.radius_km:g} km" if mp.place.radius_km else "",
            })
        return rows

    def ring_rows(self) -> list[Ring]:
        geo = self.geo
        if geo is None:
            return []
        rings = sorted(geo.rings + geo.too_far, key=lambda r: (r.centre.name.lower(), r.group, r.km, r.key))
        return list(geo.zones) + rings[:RINGS_LISTED_MAX]

    def rows_left_out(self) -> dict[str, int]:
        """How many places and distances the map page's tables leave out (the Places and
        Claims pages list them all)."""
        geo = self.geo
        if geo is None:
            return {"places": 0, "rings": 0}
        return {"places": geo.left_out + max(0, len(geo.far) - FAR_LISTED_MAX),
                "rings": max(0, len(geo.rings) + len(geo.too_far) - RINGS_LISTED_MAX)}

    def drawn(self, ring: Ring) -> bool:
        return self.geo is not None and ring not in self.geo.too_far

    @staticmethod
    def attribution() -> str:
        return basemap.ATTRIBUTION
