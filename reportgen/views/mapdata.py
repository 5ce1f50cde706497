"""What the map shows, from the analysed investigation: which places, zones and distance rings.

- **Which places.** The located places that lie together (the main cluster: from the
  busiest place outwards, while each next place is not much farther than the last) are
  drawn; places far from them (Geneva, Washington) are listed under the map with their
  distance and direction. A place without coordinates is never guessed at.
- **Precision shows.** A site is a dot; a town or an area is a dot in a ring as wide as
  how far off it may be (PRECISION_KM); a region or a country is a name in italics with
  no point, since it has none.
- **Zones** (a place with `radius_km`) are geodesic circles of their radius; **distances**
  (a claim whose quantity is measured `from_place`) are rings around that place, each
  with the figure as written, converted, the incident it belongs to, who says so and the
  source paragraph; figures that disagree share a colour.
- Routes are not drawn: the data model holds no path with its precision and source.

`build(analysis)` gives a GeoMap, None when no place has coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from reportgen.analysis import Analysis
from reportgen.data import units
from reportgen.data.geochecks import MAX_RING_KM
from reportgen.data.model import Claim, Event, Place
from reportgen.views import geodesy
from reportgen.views.chartstyle import PALETTE
from reportgen.views.labels import claimant_name, incident_name, incident_title, source_label

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
ZONE_COLOUR = PALETTE[1]
RING_COLOURS = [PALETTE[0], PALETTE[2], PALETTE[3], PALETTE[4], PALETTE[6], PALETTE[7], PALETTE[5]]
RING_DASHES = [None, "7 3", "2 3", "9 3 2 3"]


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
            return incident_name(event)
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
