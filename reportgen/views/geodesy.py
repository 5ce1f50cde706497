"""Geodesy for the map: distances, geodesic circles and the map's projection.

- `destination` walks a geodesic on the WGS 84 ellipsoid (Vincenty's direct formula,
  millimetre-exact), so a zone drawn as the points at its radius from its centre is a
  true geodesic circle, not a circle on the page.
- `distance_km` and `bearing` are on a sphere of the mean Earth radius (haversine): good
  to about 0.5%, enough to pick the map's places and to say "2,900 km north-west".
- `Azimuthal` is the azimuthal equidistant projection centred on the investigation's
  places: distances from the centre are true, and a regional map is nearly true
  everywhere, so rings of distance around a place near the centre stay round and a
  scale bar holds across the map.
Plain math on floats, no library: the same input gives the same numbers everywhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# WGS 84
A = 6378137.0
F = 1 / 298.257223563
B = (1 - F) * A
MEAN_RADIUS_KM = 6371.0088  # IUGG mean radius, for the sphere of the projection and haversine


def destination(lat: float, lon: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """The point `km` along the geodesic leaving (lat, lon) at `bearing_deg` (clockwise from
    north), on the WGS 84 ellipsoid (Vincenty's direct formula)."""
    lat = max(-89.999999, min(89.999999, lat))  # at a pole every bearing is south (or north)
    alpha1 = math.radians(bearing_deg)
    sin_a1, cos_a1 = math.sin(alpha1), math.cos(alpha1)
    tan_u1 = (1 - F) * math.tan(math.radians(lat))
    cos_u1 = 1 / math.sqrt(1 + tan_u1 * tan_u1)
    sin_u1 = tan_u1 * cos_u1
    sigma1 = math.atan2(tan_u1, cos_a1)
    sin_alpha = cos_u1 * sin_a1
    cos2_alpha = 1 - sin_alpha * sin_alpha
    u2 = cos2_alpha * (A * A - B * B) / (B * B)
    big_a = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)))
    big_b = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)))
    s = km * 1000.0
    sigma = s / (B * big_a)
    for _ in range(200):
        cos_2sm = math.cos(2 * sigma1 + sigma)
        sin_s, cos_s = math.sin(sigma), math.cos(sigma)
        delta = big_b * sin_s * (cos_2sm + big_b / 4 * (
            cos_s * (-1 + 2 * cos_2sm * cos_2sm)
            - big_b / 6 * cos_2sm * (-3 + 4 * sin_s * sin_s) * (-3 + 4 * cos_2sm * cos_2sm)))
        previous, sigma = sigma, s / (B * big_a) + delta
        if abs(sigma - previous) < 1e-12:
            break
    cos_2sm = math.cos(2 * sigma1 + sigma)
    sin_s, cos_s = math.sin(sigma), math.cos(sigma)
    x = sin_u1 * sin_s - cos_u1 * cos_s * cos_a1
    lat2 = math.atan2(sin_u1 * cos_s + cos_u1 * sin_s * cos_a1, (1 - F) * math.hypot(sin_alpha, x))
    lam = math.atan2(sin_s * sin_a1, cos_u1 * cos_s - sin_u1 * sin_s * cos_a1)
    c = F / 16 * cos2_alpha * (4 + F * (4 - 3 * cos2_alpha))
    big_l = lam - (1 - c) * F * sin_alpha * (
        sigma + c * sin_s * (cos_2sm + c * cos_s * (-1 + 2 * cos_2sm * cos_2sm)))
    lon2 = (lon + math.degrees(big_l) + 540.0) % 360.0 - 180.0
    return math.degrees(lat2), lon2


def geodesic_circle(lat: float, lon: float, km: float, steps: int = 144) -> list[tuple[float, float]]:
    """`steps` points at `km` from (lat, lon) along geodesics, every 360/steps degrees from north."""
    return [destination(lat, lon, 360.0 * i / steps, km) for i in range(steps)]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on the mean-radius sphere (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * MEAN_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing from the first point to the second, degrees clockwise from north."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(y, x)) + 360.0) % 360.0


COMPASS = ["north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west"]


def compass(degrees: float) -> str:
    """A bearing in words, to the nearest of eight directions."""
    return COMPASS[int((degrees % 360.0) / 45.0 + 0.5) % 8]


def mean_position(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The centre of (lat, lon) points: their mean direction from the Earth's centre (so
    points either side of the antimeridian average to it, not to Greenwich)."""
    x = y = z = 0.0
    for lat, lon in points:
        p, l = math.radians(lat), math.radians(lon)
        x += math.cos(p) * math.cos(l)
        y += math.cos(p) * math.sin(l)
        z += math.sin(p)
    if abs(x) + abs(y) + abs(z) < 1e-12:  # points that cancel out: take the first
        return points[0]
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


@dataclass(frozen=True)
class Azimuthal:
    """Azimuthal equidistant projection on the mean-radius sphere, centred on (lat0, lon0):
    (lat, lon) -> (x east, y north) in km from the centre."""

    lat0: float
    lon0: float

    def forward(self, lat: float, lon: float) -> tuple[float, float]:
        p0, p = math.radians(self.lat0), math.radians(lat)
        dl = math.radians(lon - self.lon0)
        cos_c = math.sin(p0) * math.sin(p) + math.cos(p0) * math.cos(p) * math.cos(dl)
        c = math.acos(max(-1.0, min(1.0, cos_c)))
        k = 1.0 if c < 1e-9 else c / math.sin(c) if c < math.pi - 1e-9 else 0.0
        x = MEAN_RADIUS_KM * k * math.cos(p) * math.sin(dl)
        y = MEAN_RADIUS_KM * k * (math.cos(p0) * math.sin(p) - math.sin(p0) * math.cos(p) * math.cos(dl))
        return x, y

    def forward_many(self, lats: list[float], lons: list[float]) -> list[tuple[float, float]]:
        """`forward` of many points at once (the base map projects tens of thousands)."""
        sin, cos, acos, rad = math.sin, math.cos, math.acos, math.radians
        p0 = rad(self.lat0)
        sp0, cp0 = sin(p0), cos(p0)
        out = []
        for lat, lon in zip(lats, lons):
            p, dl = rad(lat), rad(lon - self.lon0)
            sp, cp, cdl = sin(p), cos(p), cos(dl)
            cos_c = sp0 * sp + cp0 * cp * cdl
            c = acos(-1.0 if cos_c < -1.0 else 1.0 if cos_c > 1.0 else cos_c)
            k = 1.0 if c < 1e-9 else c / sin(c) if c < math.pi - 1e-9 else 0.0
            k *= MEAN_RADIUS_KM
            out.append((k * cp * sin(dl), k * (cp0 * sp - sp0 * cp * cdl)))
        return out

    def inverse(self, x: float, y: float) -> tuple[float, float]:
        rho = math.hypot(x, y)
        if rho < 1e-9:
            return self.lat0, self.lon0
        c = rho / MEAN_RADIUS_KM
        p0 = math.radians(self.lat0)
        lat = math.asin(max(-1.0, min(1.0, math.cos(c) * math.sin(p0) + y * math.sin(c) * math.cos(p0) / rho)))
        lon = self.lon0 + math.degrees(math.atan2(x * math.sin(c),
                                                  rho * math.cos(p0) * math.cos(c) - y * math.sin(p0) * math.sin(c)))
        return math.degrees(lat), (lon + 540.0) % 360.0 - 180.0
