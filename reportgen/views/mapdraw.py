"""Drawing a map: a projected frame on the page, the base map, its furniture, marks and labels.

The projection is azimuthal equidistant (geodesy.Azimuthal): distances and directions
from its centre are true and a regional map is true to a fraction of a percent, so one
scale bar holds; the north arrow points to true north where it stands. Labels go where
they fit (Placer): nothing is drawn over a mark or another label, and every label has a
halo of the paper's colour so it reads over lines and fills. The overview and the detail
maps are drawn with these pieces.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

from reportgen.data import units
from reportgen.views import basemap, geodesy
from reportgen.views.chartstyle import INK
from reportgen.views.mapdata import MapPlace
from reportgen.views.svgplot import Svg, middle, num
from reportgen.views.svgtext import esc, text_width, wrap

WIDTH = 640
MARGIN = 8
LABEL = 11.5  # place labels
SMALL = 11  # legends, notes, ring labels
RING_STEPS = 144
PAPER = "#ffffff"  # behind the scale bar and the north arrow; the site's CSS gives it the page's colour


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


def fit_frame(proj: geodesy.Azimuthal, xs: list[float], ys: list[float], width: float, left: float, top: float,
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


def ring_path(frame: Frame, lat: float, lon: float, km: float) -> str:
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


def draw_base(svg: Svg, frame: Frame) -> list[tuple[str, list[list[tuple[float, float]]]]]:
    cut = basemap.load().cut(frame.px_many, frame.box, frame.lonlat_box())
    for _, rings in cut.land:
        svg.parts.append(f'<path d="{_poly_d(rings, close=True)}" fill="{INK}" fill-opacity="0.07" '
                         f'fill-rule="evenodd"/>')
    svg.path(_poly_d(cut.coasts), stroke=INK, width=0.8, opacity=0.55, join="round")
    svg.path(_poly_d(cut.borders), stroke=INK, width=1.1, dash="5 2 1.5 2", opacity=0.7, join="round")
    return cut.land


def country_labels(svg: Svg, placer: Placer, land) -> None:
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


def with_notes(svg, notes: list[str], height: float) -> str:
    """The map's SVG with its notes (what is left out, the projection, the attribution) below it."""
    for note in notes:
        for line in wrap(note, SMALL, WIDTH - 2 * MARGIN):
            height += SMALL * 1.4
            svg.text(MARGIN, height, line, size=SMALL)
        height += 4
    return svg.render(height + 6)


def frame_furniture(svg, frame, placer, box: tuple[float, float, float, float]) -> None:
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


def mark_place(svg: Svg, frame: Frame, mp: MapPlace, min_ring: float = 4.5) -> tuple[float, float, float]:
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


def label_candidates(x: float, y: float, r: float, w: float, h: float) -> list[tuple[float, float, str]]:
    """Where a label may go around a mark: (anchor x, baseline-middle y, text-anchor)."""
    gap = r + 3
    out = []
    for step in (0.0, 1.0):
        g = gap + step * 8
        out += [(x + g, y, "start"), (x - g, y, "end"), (x, y - g - h / 2, "middle"), (x, y + g + h / 2, "middle"),
                (x + g * 0.8, y - g * 0.8 - h / 3, "start"), (x + g * 0.8, y + g * 0.8 + h / 3, "start"),
                (x - g * 0.8, y - g * 0.8 - h / 3, "end"), (x - g * 0.8, y + g * 0.8 + h / 3, "end")]
    return out


def label_box(x: float, y: float, anchor: str, w: float, h: float) -> tuple[float, float, float, float]:
    x0 = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
    return x0 - 1, y - h / 2 - 1, x0 + w + 1, y + h / 2 + 1


def halo_label(svg: Svg, x: float, y: float, text: str, size: float, anchor: str, italic: bool = False) -> None:
    """A label with a halo of the paper's colour under it, so it reads over lines and fills."""
    attrs = (f' x="{num(x)}" y="{num(middle(y, size))}" font-size="{num(size)}"'
             + ("" if anchor == "start" else f' text-anchor="{anchor}"')
             + (' font-style="italic"' if italic else ""))
    body = esc(text)
    svg.parts.append(f'<text class="map-halo"{attrs} fill="{PAPER}" stroke="{PAPER}" stroke-width="3" '
                     f'stroke-linejoin="round" aria-hidden="true">{body}</text>')
    svg.parts.append(f"<text{attrs}>{body}</text>")
