"""Check what the map draws: zones and distances need places with coordinates.

A zone (a place with `radius_km`) is drawn as a geodesic circle around its centre, and a
distance claim (`quantity.from_place`) as a ring around the place it is measured from;
without coordinates there is nothing to draw them around. A circle wider than
MAX_RING_KM does not fit a regional map: a zone that wide is an error (most likely a
wrong unit), a distance that long a warning (the map page lists it instead of drawing it).
Coordinates out of range and a radius that is not positive are refused by the model.
"""

from __future__ import annotations

import math

from reportgen.data import units
from reportgen.data.diagnostics import Diagnostics, did_you_mean
from reportgen.data.loader import Investigation

MAX_RING_KM = 5000.0


def check_geography(inv: Investigation, d: Diagnostics) -> None:
    places = inv.place_by_id
    for p in inv.places:
        if p.radius_km is None:
            continue
        if p.coordinates is None:
            d.error(p.field_origin("radius_km"),
                    f"place `{p.id}`: a zone needs a centre: `radius_km` is set but `coordinates` is not",
                    "add `coordinates: {lat: ..., lon: ..., precision: ...}` for the zone's centre, "
                    "or drop `radius_km`")
        if math.isfinite(p.radius_km) and p.radius_km > MAX_RING_KM:
            d.error(p.field_origin("radius_km"),
                    f"place `{p.id}`: a radius of {p.radius_km:,.0f} km cannot be drawn on a regional map",
                    f"a zone's radius is at most {MAX_RING_KM:,.0f} km; check the figure and its unit (km)")
    for c in inv.claims:
        q = c.quantity
        if q is None or q.from_place is None:
            continue
        place = places.get(q.from_place)
        if place is None:
            d.error(q.field_origin("from_place"), f"claim `{c.id}`: `from_place` names unknown place `{q.from_place}`",
                    did_you_mean(q.from_place, places) or "name the id of a place with coordinates")
        elif place.coordinates is None:
            d.error(q.field_origin("from_place"),
                    f"claim `{c.id}`: the distance is measured from `{place.id}`, which has no coordinates",
                    f"add `coordinates:` to place `{place.id}` so the map can draw the distance, "
                    "or drop `from_place`")
        unit = units.lookup(q.unit)
        if unit is None:
            continue  # the unknown unit is reported with the quantities
        if unit.dimension != "length":
            d.error(q.field_origin("from_place"),
                    f"claim `{c.id}`: `from_place` goes with a distance, and `{q.unit}` is not a length",
                    "drop `from_place`, or give the distance in km, m or miles")
            continue
        if q.value <= 0:
            d.error(q.field_origin("value"), f"claim `{c.id}`: a distance from a place is more than 0, not {q.value:g}",
                    "write the distance the source gives, a positive figure")
            continue
        longest = max(v for v in (q.value, q.value_max) if v is not None) * unit.to_base
        if math.isfinite(longest) and longest > MAX_RING_KM:
            d.warning(q.field_origin("from_place"),
                      f"claim `{c.id}`: {longest:,.0f} km is too far to draw as a ring on a regional map",
                      "the map page lists the distance instead of drawing it")
