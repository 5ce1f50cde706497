"""The map of the investigation: its places, zones and distances over an offline base map.

Drawn from the investigation's own data, as static SVG like the charts (svgplot: text
escaped, coordinates rounded, ink that follows the page's theme), for the site and the
PDF brief alike:

- **Which places.** The located places that lie together (the main cluster: from the
  busiest place outwards, while each next place is not much farther than the last) are
  drawn; places far from them (Geneva, Washington) are listed under the map with their
  distance and direction. A place without coordinates is never guessed at.
- **Projection.** Azimuthal equidistant, centred on the drawn places (geodesy.Azimuthal):
  distances and directions from the centre are true and a regional map is true to a
  fraction of a percent, so one scale bar holds; north is marked where the arrow stands.
- **Precision shows.** A site is a dot; a town or an area is a dot in a ring as wide as
  how far off it may be (PRECISION_KM); a region or a country is a name in italics with
  no point, since it has none.
- **Zones** (a place with `radius_km`) are geodesic circles of their radius; **distances**
  (a claim whose quantity is measured `from_place`) are rings around that place in a
  detail map of each such place, each labelled with the figure as written, converted,
  the incident it belongs to, who says so and the source paragraph; figures that
  disagree sit side by side in one colour.
- Routes are not drawn: the data model holds no path with its precision and source.

`build(analysis)` gives a GeoMap (None when no place has coordinates); `overview_svg` and
`detail_svg` draw it; `MapView` is what the site and the brief read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Optional

from reportgen.analysis import Analysis
from reportgen.views.labels import claimant_name, incident_title, source_label
from reportgen.data import units
from reportgen.data.geochecks import MAX_RING_KM
from reportgen.data.model import Claim, Event, Place
from reportgen.views import basemap, geodesy
from reportgen.views.charts import standalone, themed
from reportgen.views.chartstyle import INK, PALETTE
from reportgen.views.svgplot import Key, Svg, legend, middle, num
from reportgen.views.svgtext import esc, text_width, wrap

WIDTH = 640
MARGIN = 8
LABEL = 11.5  # place labels
SMALL = 11  # legends, notes, ring labels
# How far off a place given to this precision may be, km: the ring drawn around its dot.
PRECISION_KM = {"site": 0.0, "town": 5.0, "area": 15.0}
LABEL_ONLY = ("region", "country")  # no point: drawn as a name in italics
CLUSTER_GAP_KM = 250.0  # a place joins the map while it is within twice the last one's distance plus this
CLUSTER_MAX_KM = 3000.0  # and never farther than this from the busiest place
DETAILS_MAX = 3  # detail maps, for the places most distances are measured from
# However large the investigation, the map stays legible and its page bounded: the busiest
# places and zones are drawn, the far places and the rings listed up to a limit, and the
# map and its page say how many more there are (the Places and Claims pages list them all).
PLACES_MAX = 60
ZONES_MAX = 12
FAR_LISTED_MAX = 12
RINGS_LISTED_MAX = 300
DETAIL_RINGS_MAX = 8  # rings labelled in one detail map (the table lists every one)
RING_STEPS = 144
MIN_SPAN_KM = 200.0  # the base map holds countries, not streets: an overview shows at least this much
ZONE_COLOUR = PALETTE[1]
RING_COLOURS = [PALETTE[0], PALETTE[2], PALETTE[3], PALETTE[4], PALETTE[6], PALETTE[7], PALETTE[5]]
RING_DASHES = [None, "7 3", "2 3", "9 3 2 3"]
PAPER = "#ffffff"  # behind the scale bar and the north arrow; the site's CSS gives it the page's colour


# --------------------------------------------------------------------------- what the map shows


@dataclass
class MapPlace:
    place: Place
    lat: float
    lon: float
    precision: str
    events: list[Event]
    weight: int

    @property
    def id(self) -> str:
        return self.place.id

    @property
    def name(self) -> str:
        return self.place.name

    @property
    def uncertainty_km(self) -> Optional[float]:
        return PRECISION_KM.get(self.precision)

    @property
    def is_point(self) -> bool:
        return self.precision not in LABEL_ONLY


@dataclass
class Ring:
    """A circle around a place: a zone's radius, or a distance a claim gives from it."""

    centre: MapPlace
    km: float
    km_max: Optional[float]
    kind: str  # "zone" or "distance"
    title: str  # the zone's name, or the incident the distance belongs to
    figure: str  # "within 17 miles (≈ 27.4 km)"
    who: str  # who says so
    cites: list[str]  # "Military Times ¶7"
    claims: list[Claim] = field(default_factory=list)
    group: str = ""  # rings of one group (a claim subject) share a colour
    colour: str = ZONE_COLOUR
    dash: Optional[str] = None
    status: str = ""

    @property
    def key(self) -> str:
        return self.claims[0].id if self.claims and self.kind == "distance" else self.centre.id


@dataclass
class FarPlace:
    place: MapPlace
    km: float
    direction: str


@dataclass
class GeoMap:
    centre: tuple[float, float]
    places: list[MapPlace]  # the main cluster, busiest first
    far: list[FarPlace]
    unlocated: list[Place]
    zones: list[Ring]
    rings: list[Ring]  # distances drawable as rings
    too_far: list[Ring]  # distances too long to draw (listed only)
    left_out: int = 0  # located places of the cluster past PLACES_MAX, not drawn (the Places page lists them)

    def details(self) -> list[MapPlace]:
        """The places distances are measured from, most rings first (at most DETAILS_MAX)."""
        counts: dict[str, int] = {}
        by_id: dict[str, MapPlace] = {}
        for ring in self.rings:
            counts[ring.centre.id] = counts.get(ring.centre.id, 0) + 1
            by_id[ring.centre.id] = ring.centre
        order = sorted(counts, key=lambda pid: (-counts[pid], by_id[pid].name.lower(), pid))
        return [by_id[pid] for pid in order[:DETAILS_MAX]]

    def rings_around(self, place: MapPlace) -> list[Ring]:
        """Every ring around `place`: its zones and its distances (colour group, then size)."""
        zones = [z for z in self.zones if _same_spot(z.centre, place)]
        rings = [r for r in self.rings if r.centre.id == place.id]
        groups = list(dict.fromkeys(r.group for r in rings))
        rings.sort(key=lambda r: (groups.index(r.group), r.km, r.key))
        return zones + rings


def _same_spot(a: MapPlace, b: MapPlace) -> bool:
    return geodesy.distance_km(a.lat, a.lon, b.lat, b.lon) < 0.5


def build(a: Analysis) -> Optional[GeoMap]:
    """What the map shows, from the analysed investigation; None when no place has coordinates."""
    inv = a.inv
    located = [p for p in inv.places if p.coordinates is not None]
    if not located:
        return None
    rings_from: dict[str, int] = {}
    for claim in inv.claims:
        if claim.quantity and claim.quantity.from_place:
            rings_from[claim.quantity.from_place] = rings_from.get(claim.quantity.from_place, 0) + 1
    places = []
    for p in located:
        events = a.events_at(p.id)
        weight = 1 + len(events) + rings_from.get(p.id, 0) + (2 if p.radius_km else 0)
        places.append(MapPlace(p, p.coordinates.lat, p.coordinates.lon, p.coordinates.precision.value,
                               events, weight))
    by_id = {mp.id: mp for mp in places}
    cluster, far = _cluster(places)
    left_out = max(0, len(cluster) - PLACES_MAX)
    cluster = cluster[:PLACES_MAX]  # busiest first
    zones = [_zone(a, mp) for mp in cluster if mp.place.radius_km][:ZONES_MAX]
    rings, too_far = _distance_rings(a, by_id, zones)
    centre = geodesy.mean_position([(mp.lat, mp.lon) for mp in cluster])
    unlocated = [p for p in inv.places if p.coordinates is None]
    return GeoMap(centre, cluster, far, unlocated, zones, rings, too_far, left_out)


def _cluster(places: list[MapPlace]) -> tuple[list[MapPlace], list[FarPlace]]:
    """The busiest place and those that lie together with it; the rest, far, with how far."""
    anchor = max(places, key=lambda mp: (mp.weight, -places.index(mp)))
    ranked = sorted(places, key=lambda mp: (geodesy.distance_km(anchor.lat, anchor.lon, mp.lat, mp.lon), mp.id))
    cluster, far, last = [], [], 0.0
    for mp in ranked:
        d = geodesy.distance_km(anchor.lat, anchor.lon, mp.lat, mp.lon)
        if not far and d <= min(CLUSTER_MAX_KM, 2 * last + CLUSTER_GAP_KM):
            cluster.append(mp)
            last = d
        else:
            far.append(mp)
    cluster.sort(key=lambda mp: (-mp.weight, mp.name.lower(), mp.id))
    centre = geodesy.mean_position([(mp.lat, mp.lon) for mp in cluster])
    out = []
    for mp in far:
        d = geodesy.distance_km(centre[0], centre[1], mp.lat, mp.lon)
        out.append(FarPlace(mp, d, geodesy.compass(geodesy.bearing(centre[0], centre[1], mp.lat, mp.lon))))
    out.sort(key=lambda f: (f.km, f.place.id))
    return cluster, out


def _cites(a: Analysis, claim: Claim) -> list[str]:
    out = []
    for citation in claim.citations:
        r = a.resolve(citation)
        label = source_label(a.inv, r.source_id) + (f" ¶{r.paragraph}" if r.paragraph else "")
        if label not in out:
            out.append(label)
    return out


def _converted(value: float, value_max: Optional[float], unit: str) -> str:
    """A figure as written, with its conversion: "17 miles (≈ 27.4 km)", "29 km (≈ 18.0 mi)"."""
    found = units.lookup(unit)
    text = f"{value:g}" + (f" to {value_max:g}" if value_max is not None else "") + f" {unit}"
    if found is None or found.dimension != "length":
        return text
    km = value * found.to_base
    km_max = value_max * found.to_base if value_max is not None else None
    if found.to_base == 1.0:
        miles = f"{km / units.KM_PER_MILE:.1f}" + (f"–{km_max / units.KM_PER_MILE:.1f}" if km_max is not None else "")
        return f"{text} (≈ {miles} mi)"
    return f"{text} (≈ {km:.1f}" + (f"–{km_max:.1f}" if km_max is not None else "") + " km)"


def _incident(a: Analysis, claim: Claim) -> str:
    """What a distance belongs to: its incident, else its event, else whom it is about."""
    inv = a.inv
    for rid in claim.about:
        event = inv.event_by_id.get(rid)
        if event is not None:
            return incident_title(event.incident) if event.incident else event.title
    names = [inv.actor_by_id[rid].name for rid in claim.about if rid in inv.actor_by_id]
    names = names or [inv.place_by_id[rid].name for rid in claim.about
                      if rid in inv.place_by_id and rid != claim.quantity.from_place]
    if names:
        return " and ".join(names)
    return incident_title(claim.subject)


def _zone(a: Analysis, mp: MapPlace) -> Ring:
    km = float(mp.place.radius_km)
    return Ring(mp, km, None, "zone", mp.name, f"{km:g} km radius (≈ {km / units.KM_PER_MILE:.1f} mi)",
                "curated", [])


def _distance_rings(a: Analysis, places: dict[str, MapPlace], zones: list[Ring]) -> tuple[list[Ring], list[Ring]]:
    rings, too_far = [], []
    groups: list[str] = []
    for cs in a.claim_status.values():
        claim = cs.claim
        q = claim.quantity
        if q is None or not q.from_place or q.from_place not in places:
            continue
        if not cs.normalised or cs.normalised[2] != "km" or cs.normalised[0] <= 0:
            continue
        centre = places[q.from_place]
        km, km_max = cs.normalised[0], cs.normalised[1]
        qualifier = "" if q.qualifier == "exactly" else f"{q.qualifier} "
        figure = qualifier + _converted(q.value, q.value_max, q.unit)
        who = claimant_name(a.inv, claim)
        cites = _cites(a, claim)
        # A radius the data also holds as a zone's curated radius is that zone's source.
        zone = next((z for z in zones if "radius" in claim.subject and _same_spot(z.centre, centre)
                     and abs(z.km - km) <= 0.005 * z.km), None)
        if zone is not None:
            zone.figure = f"{figure}, read as its radius"
            zone.who = who
            zone.cites = cites
            zone.claims.append(claim)
            continue
        ring = Ring(centre, km, km_max, "distance", _incident(a, claim), figure, who, cites, [claim],
                    claim.subject, status=cs.status)
        if (km_max or km) > MAX_RING_KM:
            too_far.append(ring)
            continue
        if ring.group not in groups:
            groups.append(ring.group)
        rings.append(ring)
    members: dict[str, int] = {}
    for ring in sorted(rings, key=lambda r: (r.group, r.km, r.key)):
        ring.colour = RING_COLOURS[groups.index(ring.group) % len(RING_COLOURS)]
        ring.dash = RING_DASHES[members.get(ring.group, 0) % len(RING_DASHES)]
        members[ring.group] = members.get(ring.group, 0) + 1
    return rings, too_far


# --------------------------------------------------------------------------- the page frame


@dataclass
class Frame:
    """A projected map on the page: km from the projection's centre -> px."""

    proj: geodesy.Azimuthal
    x_min: float
    y_max: float
    scale: float  # px per km
    left: float
    top: float
    width: float
    height: float

    def px(self, lat: float, lon: float) -> tuple[float, float]:
        x, y = self.proj.forward(lat, lon)
        return self.left + (x - self.x_min) * self.scale, self.top + (self.y_max - y) * self.scale

    def px_many(self, lats: list[float], lons: list[float]) -> list[tuple[float, float]]:
        left, top, scale, x_min, y_max = self.left, self.top, self.scale, self.x_min, self.y_max
        return [(left + (x - x_min) * scale, top + (y_max - y) * scale) for x, y in self.proj.forward_many(lats, lons)]

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.left, self.top, self.left + self.width, self.top + self.height

    def lonlat_box(self) -> tuple[float, float, float, float]:
        """The longitudes and latitudes the frame can show, with a margin (from its edge)."""
        pts = []
        for i in range(41):
            t = i / 40
            for fx, fy in ((t, 0.0), (t, 1.0), (0.0, t), (1.0, t)):
                x = self.x_min + fx * self.width / self.scale
                y = self.y_max - fy * self.height / self.scale
                pts.append(self.proj.inverse(x, y))
        lats = [p[0] for p in pts] + [self.proj.lat0]
        lons = [p[1] for p in pts] + [self.proj.lon0]
        margin = 0.5
        if max(lons) - min(lons) > 180:  # the frame straddles the antimeridian: take every longitude
            return -180.0, max(-90.0, min(lats) - margin), 180.0, min(90.0, max(lats) + margin)
        return (min(lons) - margin, max(-90.0, min(lats) - margin),
                max(lons) + margin, min(90.0, max(lats) + margin))


def _fit(proj: geodesy.Azimuthal, xs: list[float], ys: list[float], width: float, left: float, top: float,
         min_span_km: float, aspect: tuple[float, float]) -> Frame:
    """A frame `width` px wide around projected points (km), padded, within the aspect range."""
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    span_x, span_y = max(x1 - x0, min_span_km), max(y1 - y0, min_span_km * aspect[0])
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    span_x, span_y = span_x * 1.16, span_y * 1.16
    low, high = aspect
    if span_y / span_x < low:
        span_y = span_x * low
    elif span_y / span_x > high:
        span_x = span_y / high
    scale = width / span_x
    return Frame(proj, cx - span_x / 2, cy + span_y / 2, scale, left, top, width, span_y * scale)


# --------------------------------------------------------------------------- drawing helpers


class Placer:
    """Boxes already taken on the map; a label goes to the first candidate that fits."""

    def __init__(self, bounds: tuple[float, float, float, float]):
        self.bounds = bounds
        self.taken: list[tuple[float, float, float, float]] = []

    def fits(self, box: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = self.bounds
        if box[0] < x0 or box[1] < y0 or box[2] > x1 or box[3] > y1:
            return False
        return not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in self.taken)

    def take(self, box: tuple[float, float, float, float]) -> None:
        self.taken.append(box)


def _ring_path(frame: Frame, lat: float, lon: float, km: float) -> str:
    points = [frame.px(la, lo) for la, lo in geodesy.geodesic_circle(lat, lon, km, RING_STEPS)]
    return "M" + "L".join(f"{num(x)} {num(y)}" for x, y in points) + "Z"


def _poly_d(lines: list[list[tuple[float, float]]], close: bool = False) -> str:
    out = []
    for line in lines:
        pts = []
        last = None
        for x, y in line:
            p = (num(x), num(y))
            if p != last:
                pts.append(f"{p[0]} {p[1]}")
                last = p
        if len(pts) >= 2:
            out.append("M" + "L".join(pts) + ("Z" if close else ""))
    return "".join(out)


def _draw_base(svg: Svg, frame: Frame) -> list[tuple[str, list[list[tuple[float, float]]]]]:
    cut = basemap.load().cut(frame.px_many, frame.box, frame.lonlat_box())
    for _, rings in cut.land:
        svg.parts.append(f'<path d="{_poly_d(rings, close=True)}" fill="{INK}" fill-opacity="0.07" '
                         f'fill-rule="evenodd"/>')
    svg.path(_poly_d(cut.coasts), stroke=INK, width=0.8, opacity=0.55, join="round")
    svg.path(_poly_d(cut.borders), stroke=INK, width=1.1, dash="5 2 1.5 2", opacity=0.7, join="round")
    return cut.land


def _country_labels(svg: Svg, placer: Placer, land) -> None:
    """Country names in small grey capitals, where the country shows most and nothing else is."""
    for name, rings in land:
        ring = max(rings, key=lambda r: abs(_area(r)))
        if abs(_area(ring)) < 2500:
            continue
        text = name.upper()
        w, h = text_width(text, SMALL) * 1.08, SMALL
        spot = _inside_spot(ring, w, h, placer)
        if spot is None:
            continue
        x, y = spot
        placer.take((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
        svg.parts.append(f'<text x="{num(x)}" y="{num(middle(y, SMALL))}" font-size="{num(SMALL)}" '
                         f'text-anchor="middle" letter-spacing="0.8" fill-opacity="0.5">{esc(text)}</text>')


def _area(ring: list[tuple[float, float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


def _inside(ring: list[tuple[float, float]], x: float, y: float) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _inside_spot(ring, w: float, h: float, placer: Placer) -> Optional[tuple[float, float]]:
    """A point of a grid over the ring where a w x h box lies inside it and is free: the one
    nearest the ring's middle."""
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    spots = []
    for i in range(1, 12):
        for j in range(1, 10):
            spots.append((x0 + (x1 - x0) * i / 12, y0 + (y1 - y0) * j / 10))
    spots.sort(key=lambda p: ((p[0] - cx) ** 2 + (p[1] - cy) ** 2, p))
    for x, y in spots:
        box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        if not placer.fits(box):
            continue
        corners = [(box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3]), (x, y)]
        if all(_inside(ring, px, py) for px, py in corners):
            return x, y
    return None


def _paper(svg: Svg, x: float, y: float, w: float, h: float) -> None:
    svg.parts.append(f'<rect class="map-paper" x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" '
                     f'rx="3" fill="{PAPER}" fill-opacity="0.85"/>')


def _scale_bar(svg: Svg, frame: Frame, placer: Placer) -> None:
    """Kilometres above, miles below, at the frame's bottom left (true at the projection's centre)."""
    target = frame.width / 5 / frame.scale  # about a fifth of the frame, km

    def nice(value: float) -> float:
        power = 10 ** math.floor(math.log10(value))
        return max(m * power for m in (1, 2, 5) if m * power <= value) if value >= power else power

    km = nice(target)
    miles = nice(target / units.KM_PER_MILE)
    km_px, mi_px = km * frame.scale, miles * units.KM_PER_MILE * frame.scale
    x, y = frame.left + 10, frame.top + frame.height - 34
    width = max(km_px, mi_px) + text_width(f"{miles:g} mi", SMALL) + 18
    svg.parts.append(f'<g class="map-scale" data-km="{km:g}">')
    _paper(svg, x - 6, y - 8, width, 38)
    placer.take((x - 6, y - 8, x - 6 + width, y + 30))
    svg.line(x, y + 4, x + km_px, y + 4, width=1.4)
    svg.line(x, y, x, y + 4, width=1.2)
    svg.line(x + km_px, y, x + km_px, y + 4, width=1.2)
    svg.line(x, y + 17, x + mi_px, y + 17, width=1.4)
    svg.line(x, y + 17, x, y + 21, width=1.2)
    svg.line(x + mi_px, y + 17, x + mi_px, y + 21, width=1.2)
    svg.text(x + km_px + 4, middle(y + 3, SMALL), f"{km:g} km", size=SMALL)
    svg.text(x + mi_px + 4, middle(y + 18, SMALL), f"{miles:g} mi", size=SMALL)
    svg.parts.append("</g>")


def _with_notes(svg, notes: list[str], height: float) -> str:
    """The map's SVG with its notes (what is left out, the projection, the attribution) below it."""
    for note in notes:
        for line in wrap(note, SMALL, WIDTH - 2 * MARGIN):
            height += SMALL * 1.4
            svg.text(MARGIN, height, line, size=SMALL)
        height += 4
    return svg.render(height + 6)


def _frame_furniture(svg, frame, placer, box: tuple[float, float, float, float]) -> None:
    """A map's border, north arrow and scale bar."""
    x0, y0, x1, y1 = box
    svg.parts.append(f'<rect x="{num(x0)}" y="{num(y0)}" width="{num(x1 - x0)}" height="{num(y1 - y0)}" '
                     f'fill="none" stroke="{INK}" stroke-width="1"/>')
    _north_arrow(svg, frame, placer)
    _scale_bar(svg, frame, placer)


def _north_arrow(svg: Svg, frame: Frame, placer: Placer) -> None:
    """An arrow to true north where it stands (in this projection north turns across the map)."""
    cx, cy = frame.left + frame.width - 20, frame.top + 26
    lat, lon = frame.proj.inverse(frame.x_min + (cx - frame.left) / frame.scale,
                                  frame.y_max - (cy - frame.top) / frame.scale)
    x0, y0 = frame.px(lat, lon)
    x1, y1 = frame.px(min(89.9, lat + 0.05), lon)
    angle = math.atan2(x1 - x0, -(y1 - y0))  # clockwise from straight up
    _paper(svg, cx - 14, cy - 22, 28, 42)
    placer.take((cx - 14, cy - 22, cx + 14, cy + 20))

    def rot(dx: float, dy: float) -> tuple[float, float]:
        return (cx + dx * math.cos(angle) - dy * math.sin(angle), cy + dx * math.sin(angle) + dy * math.cos(angle))

    tip, left, right, tail = rot(0, -12), rot(-6, 8), rot(6, 8), rot(0, 4)
    svg.path(f"M{num(tip[0])} {num(tip[1])}L{num(right[0])} {num(right[1])}L{num(tail[0])} {num(tail[1])}Z",
             fill=INK, stroke=INK, width=0.8)
    svg.path(f"M{num(tip[0])} {num(tip[1])}L{num(left[0])} {num(left[1])}L{num(tail[0])} {num(tail[1])}Z",
             stroke=INK, width=0.8)
    n = rot(0, 15)
    svg.text(n[0], n[1] + 4, "N", size=SMALL, anchor="middle")


def _mark(svg: Svg, frame: Frame, mp: MapPlace, min_ring: float = 4.5) -> tuple[float, float, float]:
    """A place's mark; returns its centre and the radius it covers (px)."""
    x, y = frame.px(mp.lat, mp.lon)
    km = mp.uncertainty_km or 0.0
    r = km * frame.scale
    if mp.precision == "site":
        svg.parts.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="3.2" fill="{INK}"/>')
        return x, y, 3.5
    ring = max(r, min_ring)
    dash = ' stroke-dasharray="3 2"' if mp.precision == "area" else ""
    svg.parts.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(ring)}" fill="{INK}" fill-opacity="0.08" '
                     f'stroke="{INK}" stroke-width="1"{dash}/>')
    svg.parts.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="1.8" fill="{INK}"/>')
    return x, y, ring


def _label_candidates(x: float, y: float, r: float, w: float, h: float) -> list[tuple[float, float, str]]:
    """Where a label may go around a mark: (anchor x, baseline-middle y, text-anchor)."""
    gap = r + 3
    out = []
    for step in (0.0, 1.0):
        g = gap + step * 8
        out += [(x + g, y, "start"), (x - g, y, "end"), (x, y - g - h / 2, "middle"), (x, y + g + h / 2, "middle"),
                (x + g * 0.8, y - g * 0.8 - h / 3, "start"), (x + g * 0.8, y + g * 0.8 + h / 3, "start"),
                (x - g * 0.8, y - g * 0.8 - h / 3, "end"), (x - g * 0.8, y + g * 0.8 + h / 3, "end")]
    return out


def _box(x: float, y: float, anchor: str, w: float, h: float) -> tuple[float, float, float, float]:
    x0 = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
    return x0 - 1, y - h / 2 - 1, x0 + w + 1, y + h / 2 + 1


def _label_text(mp: MapPlace) -> str:
    n = len(mp.events)
    return mp.name + (f" ({n} event{'s' if n != 1 else ''})" if n else "")


def _label(svg: Svg, x: float, y: float, text: str, size: float, anchor: str, italic: bool = False) -> None:
    """A label with a halo of the paper's colour under it, so it reads over lines and fills."""
    attrs = (f' x="{num(x)}" y="{num(middle(y, size))}" font-size="{num(size)}"'
             + ("" if anchor == "start" else f' text-anchor="{anchor}"')
             + (' font-style="italic"' if italic else ""))
    body = esc(text)
    svg.parts.append(f'<text class="map-halo"{attrs} fill="{PAPER}" stroke="{PAPER}" stroke-width="3" '
                     f'stroke-linejoin="round" aria-hidden="true">{body}</text>')
    svg.parts.append(f"<text{attrs}>{body}</text>")


def _open_link(svg: Svg, href: Optional[str], title: str) -> None:
    if href:
        svg.parts.append(f'<a href="{esc(href)}"><title>{esc(title)}</title>')
    else:
        svg.parts.append(f"<g><title>{esc(title)}</title>")


def _close_link(svg: Svg, href: Optional[str]) -> None:
    svg.parts.append("</a>" if href else "</g>")


def _events_title(mp: MapPlace) -> str:
    if not mp.events:
        return f"{mp.name}: {mp.lat:.3f}, {mp.lon:.3f} ({mp.precision} precision)"
    shown = "; ".join(e.title for e in mp.events[:5])
    more = f"; and {len(mp.events) - 5} more" if len(mp.events) > 5 else ""
    return f"{mp.name}: {shown}{more}"


# --------------------------------------------------------------------------- the overview


def overview_svg(geo: GeoMap, link: Optional[Callable[[str], str]] = None) -> str:
    """The main cluster of places over the base map, zones as geodesic circles, each detail
    map's area outlined; places far away listed under it. `link(place id)` -> href for each
    place's name (the list of its events), or no links."""
    proj = geodesy.Azimuthal(*geo.centre)
    xs, ys = [], []
    for mp in geo.places:
        x, y = proj.forward(mp.lat, mp.lon)
        pad = mp.uncertainty_km or 0.0
        xs += [x - pad, x + pad]
        ys += [y - pad, y + pad]
    for zone in geo.zones:
        for lat, lon in geodesy.geodesic_circle(zone.centre.lat, zone.centre.lon, zone.km, 36):
            x, y = proj.forward(lat, lon)
            xs.append(x)
            ys.append(y)
    frame = _fit(proj, xs, ys, WIDTH - 2 * MARGIN, MARGIN, MARGIN, MIN_SPAN_KM, (0.55, 1.0))
    svg = Svg(WIDTH, INK, SMALL)
    x0, y0, x1, y1 = frame.box
    placer = Placer(frame.box)
    svg.parts.append(f'<clipPath id="overview-frame"><rect x="{num(x0)}" y="{num(y0)}" '
                     f'width="{num(x1 - x0)}" height="{num(y1 - y0)}"/></clipPath>')
    svg.parts.append('<g clip-path="url(#overview-frame)">')
    land = _draw_base(svg, frame)
    for zone in geo.zones:
        svg.parts.append(f'<path class="map-zone" d="{_ring_path(frame, zone.centre.lat, zone.centre.lon, zone.km)}" '
                         f'fill="{zone.colour}" fill-opacity="0.1" stroke="{zone.colour}" stroke-width="2"/>')
    details = geo.details()
    detail_boxes = []
    for mp in details:
        half = _detail_half_km(geo, mp)
        cx, cy = frame.px(mp.lat, mp.lon)
        h = half * frame.scale
        if h * 2 < frame.width * 0.6:
            detail_boxes.append((mp, (cx - h, cy - h, cx + h, cy + h)))
            svg.parts.append(f'<rect x="{num(cx - h)}" y="{num(cy - h)}" width="{num(2 * h)}" height="{num(2 * h)}" '
                             f'fill="none" stroke="{INK}" stroke-width="0.9" stroke-dasharray="2 2" '
                             f'stroke-opacity="0.8"/>')
    svg.parts.append("</g>")
    _frame_furniture(svg, frame, placer, (x0, y0, x1, y1))

    # Marks first (they may not be covered by labels), then labels, busiest place first.
    marks = {}
    for mp in geo.places:
        if mp.is_point and not mp.place.radius_km:
            marks[mp.id] = _mark(svg, frame, mp)
            x, y, r = marks[mp.id]
            placer.take((x - r, y - r, x + r, y + r))
        elif mp.place.radius_km:
            x, y = frame.px(mp.lat, mp.lon)
            r = mp.place.radius_km * frame.scale
            marks[mp.id] = (x, y, r)
    unplaced = []
    for mp in geo.places:
        text = _label_text(mp)
        italic = not mp.is_point
        w, h = text_width(text, LABEL), LABEL
        if mp.id in marks:
            x, y, r = marks[mp.id]
            candidates = _label_candidates(x, y, r, w, h)
        else:
            x, y = frame.px(mp.lat, mp.lon)
            candidates = [(x + dx * w, y + dy * h, "middle") for dy in (0, -1, 1, -2, 2, -3, 3)
                          for dx in (0, -0.3, 0.3, -0.6, 0.6)]
        spot = next(((cx, cy, anchor) for cx, cy, anchor in candidates
                     if placer.fits(_box(cx, cy, anchor, w, h))), None)
        if spot is None:
            unplaced.append(mp)
            continue
        cx, cy, anchor = spot
        placer.take(_box(cx, cy, anchor, w, h))
        href = link(mp.id) if link else None
        _open_link(svg, href, _events_title(mp))
        _label(svg, cx, cy, text, LABEL, anchor, italic)
        _close_link(svg, href)
    for mp, box in detail_boxes:
        w = text_width("detail map", SMALL)
        for bx, by, anchor in ((box[0], box[1] - 7, "start"), (box[0], box[3] + 11, "start"),
                               (box[2] + 3, box[1] + 8, "start")):
            b = _box(bx, by - 3, anchor, w, SMALL)
            if placer.fits(b):
                placer.take(b)
                svg.text(bx, by, "detail map", size=SMALL, italic=True)
                break
    _country_labels(svg, placer, land)
    # Labels that found no room: numbered at their place, named under the map.
    for n, mp in enumerate(unplaced, 1):
        x, y = frame.px(mp.lat, mp.lon)
        r = marks.get(mp.id, (x, y, 0.0))[2]
        svg.text(x + r + 2, middle(y - r - 2, SMALL), str(n), size=SMALL)

    height = y1 + 8
    keys = _overview_keys(geo, frame, bool(detail_boxes))
    height += legend(svg, MARGIN, height, WIDTH - 2 * MARGIN, "", keys, SMALL)
    notes = []
    if unplaced:
        notes.append("Numbered on the map: " + "; ".join(f"{n} {_label_text(mp)}" for n, mp in
                                                         enumerate(unplaced, 1)) + ".")
    if geo.far:
        listed = geo.far[:FAR_LISTED_MAX]
        more = f"; and {len(geo.far) - len(listed):,} more" if len(geo.far) > len(listed) else ""
        notes.append("Also located, off this map: " + "; ".join(
            f"{f.place.name}, {f.km:,.0f} km {f.direction}" for f in listed) + more + ".")
    if geo.left_out:
        notes.append(f"The {len(geo.places)} places with the most events are drawn; {geo.left_out:,} more located "
                     "places lie among them (the Places page lists every place).")
    notes.append(f"Azimuthal equidistant projection centred on {_degrees(*geo.centre)}. {basemap.ATTRIBUTION}.")
    return _with_notes(svg, notes, height)


def _degrees(lat: float, lon: float) -> str:
    ns = "N" if lat >= 0 else "S"
    ew = "E" if lon >= 0 else "W"
    return f"{abs(lat):.2f}° {ns}, {abs(lon):.2f}° {ew}"


def _overview_keys(geo: GeoMap, frame: Frame, detail: bool) -> list[Key]:
    precisions = {mp.precision for mp in geo.places if not mp.place.radius_km}
    keys = []

    def dot(svg: Svg, x: float, y: float) -> None:
        svg.parts.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="3.2" fill="{INK}"/>')

    def ringed(dash: bool):
        def draw(svg: Svg, x: float, y: float) -> None:
            d = ' stroke-dasharray="3 2"' if dash else ""
            svg.parts.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="6" fill="{INK}" fill-opacity="0.08" '
                             f'stroke="{INK}" stroke-width="1"{d}/>')
            svg.parts.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="1.8" fill="{INK}"/>')
        return draw

    def italic(svg: Svg, x: float, y: float) -> None:
        svg.text(x, middle(y, SMALL), "Aa", size=SMALL, anchor="middle", italic=True)

    if "site" in precisions:
        keys.append(Key(dot, ("site: known to the spot",)))
    if "town" in precisions:
        keys.append(Key(ringed(False), (f"town: within {PRECISION_KM['town']:g} km (ring to scale)",)))
    if "area" in precisions:
        keys.append(Key(ringed(True), (f"area: within {PRECISION_KM['area']:g} km (ring to scale)",)))
    if precisions & set(LABEL_ONLY):
        keys.append(Key(italic, ("region or country: a name, not a point",)))
    if geo.zones:
        def zone(svg: Svg, x: float, y: float) -> None:
            svg.path(f"M{num(x - 11)} {num(y)}H{num(x + 11)}", stroke=ZONE_COLOUR, width=2.0)
        keys.append(Key(zone, ("zone: geodesic circle of its radius",)))
    if detail:
        def box(svg: Svg, x: float, y: float) -> None:
            svg.parts.append(f'<rect x="{num(x - 8)}" y="{num(y - 6)}" width="16" height="12" fill="none" '
                             f'stroke="{INK}" stroke-width="0.9" stroke-dasharray="2 2"/>')
        keys.append(Key(box, ("area of the detail map of distances",)))

    def border(svg: Svg, x: float, y: float) -> None:
        svg.path(f"M{num(x - 11)} {num(y)}H{num(x + 11)}", stroke=INK, width=1.1, dash="5 2 1.5 2", opacity=0.7)
    keys.append(Key(border, ("international border",)))
    return keys


# --------------------------------------------------------------------------- a detail map


DETAIL_MAP = 400.0  # px: the square map of a detail; its labels take the column to its right
COLUMN_GAP = 14.0


def _detail_half_km(geo: GeoMap, mp: MapPlace) -> float:
    rings = geo.rings_around(mp)[:DETAIL_RINGS_MAX]
    largest = max([r.km_max or r.km for r in rings] + [mp.uncertainty_km or 0.0, 1.0])
    return largest / (DETAIL_MAP / 2 - 8) * (DETAIL_MAP / 2)


def detail_svg(geo: GeoMap, mp: MapPlace) -> str:
    """Every ring around one place, to scale, each labelled with its figure as written and
    converted, what it belongs to, who says so and the source; rings of one subject (figures
    that disagree) share a colour and sit side by side in the labels."""
    every = geo.rings_around(mp)
    rings = every[:DETAIL_RINGS_MAX]
    half = _detail_half_km(geo, mp)
    proj = geodesy.Azimuthal(mp.lat, mp.lon)
    frame = Frame(proj, -half, half, DETAIL_MAP / (2 * half), MARGIN, MARGIN, DETAIL_MAP, DETAIL_MAP)
    svg = Svg(WIDTH, INK, SMALL)
    x0, y0, x1, y1 = frame.box
    placer = Placer(frame.box)
    clip = f"detail-{mp.id}"
    svg.parts.append(f'<clipPath id="{esc(clip)}"><rect x="{num(x0)}" y="{num(y0)}" width="{num(x1 - x0)}" '
                     f'height="{num(y1 - y0)}"/></clipPath>')
    svg.parts.append(f'<g clip-path="url(#{esc(clip)})">')
    land = _draw_base(svg, frame)
    for ring in rings:
        if ring.km_max is not None:
            # A range: the band between its ends, shaded.
            outer = _ring_path(frame, mp.lat, mp.lon, ring.km_max)
            inner = _ring_path(frame, mp.lat, mp.lon, ring.km)
            svg.parts.append(f'<path d="{outer}{inner}" fill="{ring.colour}" fill-opacity="0.18" '
                             f'fill-rule="evenodd"/>')
        fill = f'fill="{ring.colour}" fill-opacity="0.07"' if ring.kind == "zone" else 'fill="none"'
        dash = f' stroke-dasharray="{ring.dash}"' if ring.dash else ""
        svg.parts.append(f'<path class="map-{ring.kind}" d="{_ring_path(frame, mp.lat, mp.lon, ring.km)}" {fill} '
                         f'stroke="{ring.colour}" stroke-width="{2.2 if ring.kind == "zone" else 1.8}"{dash}/>')
    svg.parts.append("</g>")
    _frame_furniture(svg, frame, placer, (x0, y0, x1, y1))
    # The place itself, and any other located place inside the frame (a checkpoint on its ring).
    cx, cy, r = _mark(svg, frame, mp, min_ring=3.0)
    others = []
    for other in geo.places + [f.place for f in geo.far]:
        if other.id == mp.id or not other.is_point or other.place.radius_km:
            continue
        ox, oy = frame.px(other.lat, other.lon)
        if x0 + 4 < ox < x1 - 4 and y0 + 4 < oy < y1 - 4:
            others.append((other, _mark(svg, frame, other, min_ring=3.0)))
    for place, (px, py, _) in [(mp, (cx, cy, r))] + others:
        placer.take((px - 3, py - 3, px + 3, py + 3))
    for place, (px, py, _) in [(mp, (cx, cy, r))] + others:
        w = text_width(place.name, LABEL)
        spot = next(((lx, ly, anchor) for lx, ly, anchor in _label_candidates(px, py, 3.0, w, LABEL)
                     if placer.fits(_box(lx, ly, anchor, w, LABEL))), None)
        if spot is not None:
            placer.take(_box(spot[0], spot[1], spot[2], w, LABEL))
            _label(svg, spot[0], spot[1], place.name, LABEL, spot[2])
    _country_labels(svg, placer, land)

    # Labels in the column to the right, each joined to its ring by a radial leader.
    col = x1 + COLUMN_GAP
    col_w = WIDTH - MARGIN - col - 16
    blocks = []
    for ring in rings:
        lines = wrap(ring.title, SMALL, col_w / 1.15) + wrap(ring.figure, SMALL, col_w)  # the title is bold
        tail = ", ".join(ring.cites)
        who = f"{ring.who}: {tail}" if tail and ring.who != "curated" else (tail or "curated radius")
        lines += wrap(who, SMALL, col_w)
        blocks.append((ring, lines))
    line_h = SMALL * 1.3
    gap = 10.0
    total = sum(len(lines) * line_h for _, lines in blocks) + gap * max(0, len(blocks) - 1)
    y = max(y0, cy - total / 2)
    bottom = y1
    for i, (ring, lines) in enumerate(blocks):
        anchor_y = y + line_h / 2
        ax = col - 4
        dx, dy = ax - cx, anchor_y - cy
        dist = math.hypot(dx, dy) or 1.0
        radius_px = ring.km * frame.scale
        sx, sy = cx + dx / dist * radius_px, cy + dy / dist * radius_px
        svg.line(sx, sy, ax, anchor_y, stroke=ring.colour, width=0.9)
        svg.parts.append(f'<circle cx="{num(sx)}" cy="{num(sy)}" r="2.2" fill="{ring.colour}"/>')
        svg.line(col + 2, anchor_y, col + 14, anchor_y, stroke=ring.colour, width=2.2, dash=ring.dash)
        for n, text in enumerate(lines):
            weight = ' font-weight="bold"' if n == 0 else ""
            svg.parts.append(f'<text x="{num(col + 18)}" y="{num(middle(y + line_h * n + line_h / 2, SMALL))}"'
                             f'{weight}>{esc(text)}</text>')
        y += len(lines) * line_h + gap
        bottom = max(bottom, y)
    height = bottom + 6
    notes = []
    if len(every) > len(rings):
        notes.append(f"{len(rings)} of the {len(every)} rings around {mp.name} are drawn; the table lists every one.")
    notes.append(f"Distances from {mp.name} ({mp.precision} precision: its position may be off by "
                 f"{mp.uncertainty_km or 0:g} km, the grey ring). {basemap.ATTRIBUTION}.")
    return _with_notes(svg, notes, height)


# --------------------------------------------------------------------------- what the site and brief read


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
