"""The overview map: the main cluster of places over the base map, with its key and notes.

Zones are drawn as geodesic circles and each detail map's area is outlined; a place's
name links to its events on the site. Names that find no room are numbered at their place
and named under the map, with the places far away, what is left out, the projection and
the base map's attribution.
"""

from __future__ import annotations

from typing import Callable, Optional

from reportgen.views import basemap, geodesy
from reportgen.views.chartstyle import INK
from reportgen.views.mapdata import FAR_LISTED_MAX, LABEL_ONLY, PRECISION_KM, ZONE_COLOUR, GeoMap, MapPlace
from reportgen.views.mapdetail import detail_half_km
from reportgen.views.mapdraw import (LABEL, MARGIN, SMALL, WIDTH, Frame, Placer, country_labels, draw_base,
                                     fit_frame, frame_furniture, halo_label, label_box, label_candidates,
                                     mark_place, ring_path, with_notes)
from reportgen.views.svgplot import Key, Svg, legend, middle, num
from reportgen.views.svgtext import esc, text_width

MIN_SPAN_KM = 200.0  # the base map holds countries, not streets: an overview shows at least this much


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
    frame = fit_frame(proj, xs, ys, WIDTH - 2 * MARGIN, MARGIN, MARGIN, MIN_SPAN_KM, (0.55, 1.0))
    svg = Svg(WIDTH, INK, SMALL)
    x0, y0, x1, y1 = frame.box
    placer = Placer(frame.box)
    svg.parts.append(f'<clipPath id="overview-frame"><rect x="{num(x0)}" y="{num(y0)}" '
                     f'width="{num(x1 - x0)}" height="{num(y1 - y0)}"/></clipPath>')
    svg.parts.append('<g clip-path="url(#overview-frame)">')
    land = draw_base(svg, frame)
    for zone in geo.zones:
        svg.parts.append(f'<path class="map-zone" d="{ring_path(frame, zone.centre.lat, zone.centre.lon, zone.km)}" '
                         f'fill="{zone.colour}" fill-opacity="0.1" stroke="{zone.colour}" stroke-width="2"/>')
    details = geo.details()
    detail_boxes = []
    for mp in details:
        half = detail_half_km(geo, mp)
        cx, cy = frame.px(mp.lat, mp.lon)
        h = half * frame.scale
        if h * 2 < frame.width * 0.6:
            detail_boxes.append((mp, (cx - h, cy - h, cx + h, cy + h)))
            svg.parts.append(f'<rect x="{num(cx - h)}" y="{num(cy - h)}" width="{num(2 * h)}" height="{num(2 * h)}" '
                             f'fill="none" stroke="{INK}" stroke-width="0.9" stroke-dasharray="2 2" '
                             f'stroke-opacity="0.8"/>')
    svg.parts.append("</g>")
    frame_furniture(svg, frame, placer, (x0, y0, x1, y1))

    # Marks first (they may not be covered by labels), then labels, busiest place first.
    marks = {}
    for mp in geo.places:
        if mp.is_point and not mp.place.radius_km:
            marks[mp.id] = mark_place(svg, frame, mp)
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
            candidates = label_candidates(x, y, r, w, h)
        else:
            x, y = frame.px(mp.lat, mp.lon)
            candidates = [(x + dx * w, y + dy * h, "middle") for dy in (0, -1, 1, -2, 2, -3, 3)
                          for dx in (0, -0.3, 0.3, -0.6, 0.6)]
        spot = next(((cx, cy, anchor) for cx, cy, anchor in candidates
                     if placer.fits(label_box(cx, cy, anchor, w, h))), None)
        if spot is None:
            unplaced.append(mp)
            continue
        cx, cy, anchor = spot
        placer.take(label_box(cx, cy, anchor, w, h))
        href = link(mp.id) if link else None
        _open_link(svg, href, _events_title(mp))
        halo_label(svg, cx, cy, text, LABEL, anchor, italic)
        _close_link(svg, href)
    for mp, box in detail_boxes:
        w = text_width("detail map", SMALL)
        for bx, by, anchor in ((box[0], box[1] - 7, "start"), (box[0], box[3] + 11, "start"),
                               (box[2] + 3, box[1] + 8, "start")):
            b = label_box(bx, by - 3, anchor, w, SMALL)
            if placer.fits(b):
                placer.take(b)
                svg.text(bx, by, "detail map", size=SMALL, italic=True)
                break
    country_labels(svg, placer, land)
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
    return with_notes(svg, notes, height)


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


def _label_text(mp: MapPlace) -> str:
    n = len(mp.events)
    return mp.name + (f" ({n} event{'s' if n != 1 else ''})" if n else "")


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
