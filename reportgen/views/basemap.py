"""The base map: countries, land borders and coastlines from Natural Earth, read offline.

Natural Earth's 1:10m countries (public domain) as TopoJSON, from the npm package
`world-atlas` that `make setup` installs under node_modules/ (pinned in package.json).
Nothing is fetched at build or read time. TopoJSON stores each border once as an arc
shared by the two countries it separates, so an arc used by two countries is a land
border and an arc used by one is a coastline: each is drawn once.

`BaseMap.cut(project, frame)` gives what falls inside a map's frame, projected to the
page: land as polygons clipped to the frame, borders and coasts as polylines clipped to
it, points closer than a fraction of a pixel merged.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Callable, Optional

from reportgen.errors import UsageError
from reportgen.paths import CACHE_DIR, NODE_MODULES

BASEMAP_FILE = NODE_MODULES / "world-atlas" / "countries-10m.json"
ATTRIBUTION = "Base map: Natural Earth 1:10m (public domain); borders as Natural Earth draws them"
MIN_STEP_PX = 0.6  # a point closer than this to the last one kept adds nothing visible
FAR_MARGIN_DEG = 2.0  # arcs this far outside what a frame shows ...
FAR_STEP = 25  # ... keep every 25th point (1:10m points are about a kilometre apart)

Point = tuple[float, float]
Frame = tuple[float, float, float, float]  # x0, y0, x1, y1 in px, y downwards


class BaseMapMissing(UsageError):
    """The Natural Earth file is not installed (or unreadable): the environment, not the data."""


@dataclass
class Arc:
    lon: list[float]
    lat: list[float]
    bbox: tuple[float, float, float, float]  # lon min, lat min, lon max, lat max
    uses: int = 0


@dataclass
class Country:
    name: str
    polygons: list[list[list[int]]]  # polygon -> rings -> arc indexes (~i: arc i reversed)
    bbox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


@dataclass
class Cut:
    """What a frame shows: land per country, land borders, coastlines (px)."""

    land: list[tuple[str, list[list[Point]]]] = field(default_factory=list)
    borders: list[list[Point]] = field(default_factory=list)
    coasts: list[list[Point]] = field(default_factory=list)


@dataclass
class BaseMap:
    arcs: list[Arc]
    countries: list[Country]

    def cut(self, project: Callable[[list[float], list[float]], list[Point]], frame: Frame,
            lonlat_box: tuple[float, float, float, float]) -> Cut:
        """Land, borders and coasts inside `frame`; `project(lats, lons)` maps points to px;
        `lonlat_box` bounds (with a margin) what the frame can show. The part of a country's
        outline far outside the box only closes its polygon, so it is taken at every
        FAR_STEP-th point: its shape there is never seen."""
        out = Cut()
        wanted = [i for i, arc in enumerate(self.arcs) if _overlaps(arc.bbox, lonlat_box)]
        near = _grown(lonlat_box, FAR_MARGIN_DEG)
        projected: dict[int, list[Point]] = {}

        def arc_points(index: int) -> list[Point]:
            if index not in projected:
                arc = self.arcs[index]
                lats, lons = arc.lat, arc.lon
                if not _overlaps(arc.bbox, near) and len(lats) > 2 * FAR_STEP:
                    keep = list(range(0, len(lats) - 1, FAR_STEP)) + [len(lats) - 1]
                    lats, lons = [lats[k] for k in keep], [lons[k] for k in keep]
                projected[index] = _thin(project(lats, lons))
            return projected[index]

        for i in wanted:
            line = arc_points(i)
            pieces = clip_polyline(line, frame)
            (out.borders if self.arcs[i].uses >= 2 else out.coasts).extend(pieces)
        for country in self.countries:
            if not _overlaps(country.bbox, lonlat_box):
                continue
            rings = []
            for polygon in country.polygons:
                for ring in polygon:
                    points: list[Point] = []
                    for index in ring:
                        pts = arc_points(index if index >= 0 else ~index)
                        pts = pts if index >= 0 else pts[::-1]
                        points.extend(pts if not points else pts[1:])
                    clipped = clip_polygon(points, frame)
                    if len(clipped) >= 3:
                        rings.append(clipped)
            if rings:
                out.land.append((country.name, rings))
        return out


def _grown(box: tuple[float, float, float, float], by: float) -> tuple[float, float, float, float]:
    return box[0] - by, box[1] - by, box[2] + by, box[3] + by


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _thin(points: list[Point]) -> list[Point]:
    """Points less than MIN_STEP_PX from the last one kept are dropped (the last one stays)."""
    if len(points) < 3:
        return points
    out = [points[0]]
    for x, y in points[1:-1]:
        lx, ly = out[-1]
        if abs(x - lx) + abs(y - ly) >= MIN_STEP_PX:
            out.append((x, y))
    out.append(points[-1])
    return out


DECODED_FORMAT = 1  # the layout of the decoded file below; a change starts a new file


@lru_cache(maxsize=2)
def load(path: Path = BASEMAP_FILE, cache_dir: Optional[Path] = CACHE_DIR) -> BaseMap:
    """The Natural Earth countries, arcs decoded to degrees: read once per process, and decoded
    once per copy of the file (kept in the build cache, named by the file's hash: decoding
    the TopoJSON takes several times longer than reading the decoded arcs back)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise BaseMapMissing(f"the map's base map {path} cannot be read ({exc.__class__.__name__}): "
                             "run `make setup` (npm ci installs world-atlas)") from None
    kept = None
    if cache_dir is not None:
        kept = Path(cache_dir) / "basemap" / f"{hashlib.sha256(raw).hexdigest()[:24]}-{DECODED_FORMAT}.marshal"
        try:
            arcs, countries = marshal.loads(kept.read_bytes())
            return BaseMap([Arc(lon, lat, tuple(box), uses) for lon, lat, box, uses in arcs],
                           [Country(name, polygons, tuple(box)) for name, polygons, box in countries])
        except (OSError, ValueError, EOFError, TypeError):
            pass  # not decoded yet (or unreadable): decode it below
    basemap = _decode(raw, path)
    if kept is not None:
        _keep(kept, marshal.dumps(([(a.lon, a.lat, a.bbox, a.uses) for a in basemap.arcs],
                                   [(c.name, c.polygons, c.bbox) for c in basemap.countries])))
    return basemap


def _keep(path: Path, data: bytes) -> None:
    """Written whole, then renamed into place (processes may decode at the same time)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, suffix=".tmp", delete=False) as f:
            f.write(data)
        os.replace(f.name, path)
    except OSError:
        pass  # a read-only build folder: decode again next time


def _decode(raw: bytes, path: Path) -> BaseMap:
    try:
        topology = json.loads(raw.decode("utf-8"))
        (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
        geometries = topology["objects"]["countries"]["geometries"]
        raw_arcs = topology["arcs"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BaseMapMissing(f"the map's base map {path} cannot be read ({exc.__class__.__name__}): "
                             "run `make setup` (npm ci installs world-atlas)") from None
    arcs = []
    for deltas in raw_arcs:
        lon = [tx + sx * q for q in accumulate(p[0] for p in deltas)]
        lat = [ty + sy * q for q in accumulate(p[1] for p in deltas)]
        arcs.append(Arc(lon, lat, (min(lon), min(lat), max(lon), max(lat))))
    countries = []
    for geometry in geometries:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        name = (geometry.get("properties") or {}).get("name", "")
        used = {i if i >= 0 else ~i for polygon in polygons for ring in polygon for i in ring}
        for i in used:
            arcs[i].uses += 1
        boxes = [arcs[i].bbox for i in used]
        bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                max(b[3] for b in boxes)) if boxes else (0.0, 0.0, 0.0, 0.0)
        countries.append(Country(name, polygons, bbox))
    return BaseMap(arcs, countries)


# --------------------------------------------------------------------------- clipping


def clip_polyline(points: list[Point], frame: Frame) -> list[list[Point]]:
    """The parts of a polyline inside the frame (Liang-Barsky on each segment)."""
    pieces: list[list[Point]] = []
    current: list[Point] = []
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        seg = _clip_segment(ax, ay, bx, by, frame)
        if seg is None:
            if len(current) >= 2:
                pieces.append(current)
            current = []
            continue
        (cx, cy), (dx, dy), cut_end = seg
        if not current or current[-1] != (cx, cy):
            if len(current) >= 2:
                pieces.append(current)
            current = [(cx, cy)]
        current.append((dx, dy))
        if cut_end:
            pieces.append(current)
            current = []
    if len(current) >= 2:
        pieces.append(current)
    return pieces


def _clip_segment(ax: float, ay: float, bx: float, by: float,
                  frame: Frame) -> Optional[tuple[Point, Point, bool]]:
    x0, y0, x1, y1 = frame
    dx, dy = bx - ax, by - ay
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            if t > t1:
                return None
            t0 = max(t0, t)
        else:
            if t < t0:
                return None
            t1 = min(t1, t)
    return (ax + t0 * dx, ay + t0 * dy), (ax + t1 * dx, ay + t1 * dy), t1 < 1.0


def clip_polygon(points: list[Point], frame: Frame) -> list[Point]:
    """A polygon clipped to the frame (Sutherland-Hodgman: a concave one may keep edges
    along the frame, which a fill without stroke does not show)."""
    x0, y0, x1, y1 = frame
    edges = (
        (lambda p: p[0] >= x0, lambda a, b: _cross_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _cross_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _cross_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _cross_y(a, b, y1)),
    )
    out = points
    for inside, cross in edges:
        if not out:
            break
        src, out = out, []
        prev = src[-1]
        for cur in src:
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
            prev = cur
    return out


def _cross_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _cross_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y
