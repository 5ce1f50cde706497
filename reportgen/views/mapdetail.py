"""A detail map: every ring around one place, to scale, each labelled in a column beside it.

Each ring is labelled with its figure as written and converted, what it belongs to, who
says so and the source, joined to its ring by a radial leader; rings of one subject
(figures that disagree) share a colour and sit side by side in the labels. At most
DETAIL_RINGS_MAX rings are drawn (the map page's table lists every one).
"""

from __future__ import annotations

import math

from reportgen.views import basemap, geodesy
from reportgen.views.chartstyle import INK
from reportgen.views.mapdata import GeoMap, MapPlace
from reportgen.views.mapdraw import (LABEL, MARGIN, SMALL, WIDTH, Frame, Placer, country_labels, draw_base,
                                     frame_furniture, halo_label, label_box, label_candidates, mark_place,
                                     ring_path, with_notes)
from reportgen.views.svgplot import Svg, middle, num
from reportgen.views.svgtext import esc, text_width, wrap

DETAIL_RINGS_MAX = 8  # rings labelled in one detail map (the table lists every one)
DETAIL_MAP = 400.0  # px: the square map of a detail; its labels take the column to its right
COLUMN_GAP = 14.0


def detail_half_km(geo: GeoMap, mp: MapPlace) -> float:
    """Half the width of the place's detail map, km: its largest drawn ring fits, with a margin."""
    rings = geo.rings_around(mp)[:DETAIL_RINGS_MAX]
    largest = max([r.km_max or r.km for r in rings] + [mp.uncertainty_km or 0.0, 1.0])
    return largest / (DETAIL_MAP / 2 - 8) * (DETAIL_MAP / 2)


def detail_svg(geo: GeoMap, mp: MapPlace) -> str:
    """Every ring around one place, to scale, each labelled with its figure as written and
    converted, what it belongs to, who says so and the source; rings of one subject (figures
    that disagree) share a colour and sit side by side in the labels."""
    every = geo.rings_around(mp)
    rings = every[:DETAIL_RINGS_MAX]
    half = detail_half_km(geo, mp)
    proj = geodesy.Azimuthal(mp.lat, mp.lon)
    frame = Frame(proj, -half, half, DETAIL_MAP / (2 * half), MARGIN, MARGIN, DETAIL_MAP, DETAIL_MAP)
    svg = Svg(WIDTH, INK, SMALL)
    x0, y0, x1, y1 = frame.box
    placer = Placer(frame.box)
    clip = f"detail-{mp.id}"
    svg.parts.append(f'<clipPath id="{esc(clip)}"><rect x="{num(x0)}" y="{num(y0)}" width="{num(x1 - x0)}" '
                     f'height="{num(y1 - y0)}"/></clipPath>')
    svg.parts.append(f'<g clip-path="url(#{esc(clip)})">')
    land = draw_base(svg, frame)
    for ring in rings:
        if ring.km_max is not None:
            # A range: the band between its ends, shaded.
            outer = ring_path(frame, mp.lat, mp.lon, ring.km_max)
            inner = ring_path(frame, mp.lat, mp.lon, ring.km)
            svg.parts.append(f'<path d="{outer}{inner}" fill="{ring.colour}" fill-opacity="0.18" '
                             f'fill-rule="evenodd"/>')
        fill = f'fill="{ring.colour}" fill-opacity="0.07"' if ring.kind == "zone" else 'fill="none"'
        dash = f' stroke-dasharray="{ring.dash}"' if ring.dash else ""
        svg.parts.append(f'<path class="map-{ring.kind}" d="{ring_path(frame, mp.lat, mp.lon, ring.km)}" {fill} '
                         f'stroke="{ring.colour}" stroke-width="{2.2 if ring.kind == "zone" else 1.8}"{dash}/>')
    svg.parts.append("</g>")
    frame_furniture(svg, frame, placer, (x0, y0, x1, y1))
    # The place itself, and any other located place inside the frame (a checkpoint on its ring).
    cx, cy, r = mark_place(svg, frame, mp, min_ring=3.0)
    others = []
    for other in geo.places + [f.place for f in geo.far]:
        if other.id == mp.id or not other.is_point or other.place.radius_km:
            continue
        ox, oy = frame.px(other.lat, other.lon)
        if x0 + 4 < ox < x1 - 4 and y0 + 4 < oy < y1 - 4:
            others.append((other, mark_place(svg, frame, other, min_ring=3.0)))
    for place, (px, py, _) in [(mp, (cx, cy, r))] + others:
        placer.take((px - 3, py - 3, px + 3, py + 3))
    for place, (px, py, _) in [(mp, (cx, cy, r))] + others:
        w = text_width(place.name, LABEL)
        spot = next(((lx, ly, anchor) for lx, ly, anchor in label_candidates(px, py, 3.0, w, LABEL)
                     if placer.fits(label_box(lx, ly, anchor, w, LABEL))), None)
        if spot is not None:
            placer.take(label_box(spot[0], spot[1], spot[2], w, LABEL))
            halo_label(svg, spot[0], spot[1], place.name, LABEL, spot[2])
    country_labels(svg, placer, land)

    # Labels in the column to the right, each joined to its ring by a radial leader.
    col = x1 + COLUMN_GAP
    col_w = WIDTH - MARGIN - col - 16
    blocks = []
    for ring in rings:
        lines = wrap(ring.title, SMALL, col_w / 1.15) + wrap(ring.figure, SMALL, col_w)  # the title is bold
        tail = ", ".join(ring.cites)
        who = f"{ring.who}: {tail}" if tail and ring.who != "curated" else (tail or "the report's radius")
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
    return with_notes(svg, notes, height)
