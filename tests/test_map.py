"""The map: what it draws from the investigation's own places, zones and distances, where it
draws them (rings at their true radius, checked against geodesy written here, not the
map's), that it is the same bytes each time, that untrusted names stay text, that a report
without coordinates gets no map, and that the site and the brief both show it."""

from __future__ import annotations

import base64
import html
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from reportgen import pipeline
from reportgen.pdf import brief
from reportgen.site import pages
from reportgen.views import geodesy, geomap, mapdata, mapdetail, mapoverview

from .conftest import DATA, run_cli

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def real():
    return pipeline.analyse_folder(DATA)


def _root(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def _words(svg: str) -> str:
    return " ".join("".join(t.itertext()) for t in _root(svg).iter(SVG + "text"))


def _points(d: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+) (-?[\d.]+)", d)]


# --------------------------------------------------------------------------- geodesy, independently


def vincenty_inverse_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance on WGS 84 (Vincenty's inverse formula), written here on its own."""
    a, f = 6378137.0, 1 / 298.257223563
    b = (1 - f) * a
    u1 = math.atan((1 - f) * math.tan(math.radians(lat1)))
    u2 = math.atan((1 - f) * math.tan(math.radians(lat2)))
    big_l = math.radians(lon2 - lon1)
    lam = big_l
    for _ in range(1000):
        sin_sigma = math.hypot(math.cos(u2) * math.sin(lam),
                               math.cos(u1) * math.sin(u2) - math.sin(u1) * math.cos(u2) * math.cos(lam))
        if sin_sigma == 0:
            return 0.0
        cos_sigma = math.sin(u1) * math.sin(u2) + math.cos(u1) * math.cos(u2) * math.cos(lam)
        sigma = math.atan2(sin_sigma, cos_sigma)
        sin_alpha = math.cos(u1) * math.cos(u2) * math.sin(lam) / sin_sigma
        cos2_alpha = 1 - sin_alpha ** 2
        cos_2sm = cos_sigma - 2 * math.sin(u1) * math.sin(u2) / cos2_alpha if cos2_alpha else 0.0
        c = f / 16 * cos2_alpha * (4 + f * (4 - 3 * cos2_alpha))
        previous = lam
        lam = big_l + (1 - c) * f * sin_alpha * (sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm ** 2)))
        if abs(lam - previous) < 1e-12:
            break
    u_sq = cos2_alpha * (a * a - b * b) / (b * b)
    big_a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    big_b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    delta = big_b * sin_sigma * (cos_2sm + big_b / 4 * (cos_sigma * (-1 + 2 * cos_2sm ** 2)
                                 - big_b / 6 * cos_2sm * (-3 + 4 * sin_sigma ** 2) * (-3 + 4 * cos_2sm ** 2)))
    return b * big_a * (sigma - delta) / 1000


@pytest.mark.parametrize("lat, lon, km", [
    (33.5, 38.66, 54.7),       # the al-Tanf zone
    (33.5, 38.66, 27.4),
    (0.0, 179.9, 500.0),       # across the antimeridian
    (-41.3, 174.8, 1200.0),    # southern hemisphere
    (78.2, 15.6, 300.0),       # near the pole
    (51.5, -0.1, 1.0),
])
def test_every_point_of_a_geodesic_ring_lies_at_its_radius(lat, lon, km):
    ring = geodesy.geodesic_circle(lat, lon, km)
    assert len(ring) >= 72
    for plat, plon in ring:
        assert -90 <= plat <= 90 and -180 <= plon <= 180
        assert vincenty_inverse_km(lat, lon, plat, plon) == pytest.approx(km, rel=0.005)


def test_the_projection_keeps_distances_from_its_centre():
    proj = geodesy.Azimuthal(33.5, 38.66)
    for lat, lon in [(33.51, 36.29), (35.95, 39.01), (46.2, 6.15)]:
        x, y = proj.forward(lat, lon)
        assert math.hypot(x, y) == pytest.approx(vincenty_inverse_km(33.5, 38.66, lat, lon), rel=0.005)
        back = proj.inverse(x, y)
        assert back == pytest.approx((lat, lon), abs=1e-6)


# --------------------------------------------------------------------------- the real map


def test_the_overview_names_every_place_of_the_main_cluster_and_draws_the_zone(real):
    geo = mapdata.build(real)
    svg = mapoverview.overview_svg(geo)
    words = _words(svg)
    drawn = {mp.id for mp in geo.places}
    # The region around al-Tanf, from Cyprus to the Euphrates, is on the map...
    assert {"al-tanf", "al-tanf-deconfliction-zone", "damascus", "beirut", "raqqa", "shayrat-airbase",
            "cyprus", "deir-ezzor"} <= drawn
    for mp in geo.places:
        assert mp.name in words, mp.name
    # ... Geneva, Astana and Washington are far from it: listed under the map with how far.
    assert {f.place.id for f in geo.far} == {"geneva", "astana", "washington-dc", "the-pentagon"}
    assert re.search(r"Geneva, 2,9\d\d km north-west", words)
    # Places the data cannot place are not guessed at.
    assert "Mafraq Kabid" not in words and "mafraq-kabid" in {p.id for p in geo.unlocated}
    # The deconfliction zone is a ring around al-Tanf's mark.
    root = _root(svg)
    zones = [p for p in root.iter(SVG + "path") if p.get("class") == "map-zone"]
    assert len(zones) == 1
    pts = _points(zones[0].get("d"))
    cx = sum(x for x, _ in pts) / len(pts)
    cy = sum(y for _, y in pts) / len(pts)
    dots = [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(SVG + "circle") if c.get("r") == "1.8"]
    assert any(abs(x - cx) < 1.5 and abs(y - cy) < 1.5 for x, y in dots), "no place mark at the zone's centre"
    assert "Natural Earth" in words and "public domain" in words


def test_a_detail_ring_is_drawn_at_its_radius_by_the_scale_bar(real):
    geo = mapdata.build(real)
    tanf = next(mp for mp in geo.details() if mp.id == "al-tanf")
    svg = mapdetail.detail_svg(geo, tanf)
    root = _root(svg)
    scale = next(g for g in root.iter(SVG + "g") if g.get("class") == "map-scale")
    bar = _points(next(scale.iter(SVG + "path")).get("d"))
    px_per_km = abs(bar[1][0] - bar[0][0]) / float(scale.get("data-km"))
    centre = next((float(c.get("cx")), float(c.get("cy"))) for c in root.iter(SVG + "circle") if c.get("r") == "1.8")
    rings = {p.get("class"): p for p in root.iter(SVG + "path") if (p.get("class") or "").startswith("map-")}
    zone = _points(rings["map-zone"].get("d"))
    for x, y in zone:
        assert math.hypot(x - centre[0], y - centre[1]) / px_per_km == pytest.approx(54.7, rel=0.01)
    # Every distance around al-Tanf is labelled with its figure, converted, and who says so.
    words = _words(svg)
    for text in ("within 17 miles (≈ 27.4 km)", "within 29 km (≈ 18.0 mi)", "24 miles (≈ 38.6 km)",
                 "20 km (≈ 12.4 mi)", "First strike", "Third strike", "CNN ¶5", "al-Tanf deconfliction zone"):
        assert text in words, text
    # The two figures for the first strike's closest approach share a colour, drawn apart.
    first = [r for r in geo.rings if r.title == "First strike"]
    assert len(first) == 2 and first[0].colour == first[1].colour and first[0].dash != first[1].dash


def test_the_same_input_gives_the_same_bytes(real):
    one = [f.svg for f in geomap.MapView(real).figures()]
    two = [f.svg for f in geomap.MapView(pipeline.analyse_folder(DATA)).figures()]
    assert one == two and len(one) == 2


# --------------------------------------------------------------------------- small investigations


def _edit(data: Path, change) -> None:
    path = data / "investigation.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_no_coordinates_no_map(mini):
    _edit(mini, lambda doc: [p.pop("coordinates", None) for p in doc["places"]])
    analysis = pipeline.analyse_folder(mini)
    assert mapdata.build(analysis) is None
    site = pages.render_site(analysis, workers=1)
    assert "No place in this report has coordinates, so there is no map" in site["map.md"]
    assert "<svg" not in site["map.md"]
    assert "## Where" not in site["index.md"] and "chart-map" not in site["index.md"]
    assert not any(path.startswith("assets/charts/map") for path in site)
    html, _ = brief.render_html(analysis)
    assert 'id="map"' not in html


def test_names_stay_text(mini):
    def change(doc):
        doc["places"][0]["name"] = '<script>alert(1)</script> & "Tanf"'
        doc["places"].append({"id": "far-off", "name": "]]><b>x</b>", "coordinates":
                              {"lat": 46.2, "lon": 6.15, "precision": "town"}})
    _edit(mini, change)
    geo = mapdata.build(pipeline.analyse_folder(mini))
    svg = mapoverview.overview_svg(geo, link=lambda pid: f"places.html#{pid}")
    root = _root(svg)  # still well-formed XML
    assert '<script>alert(1)</script> & "Tanf"' in _words(svg)
    assert "]]><b>x</b>" in _words(svg)
    assert not list(root.iter(SVG + "script")) and not list(root.iter("b"))


def test_a_distance_too_long_to_draw_is_listed_with_a_warning(mini):
    def change(doc):
        doc["claims"].append({
            "id": "far-claim", "statement": "The convoy came from 9,000 km away.", "subject": "origin",
            "claimant": "reported", "quantity": {"value": 9000, "unit": "km", "from_place": "al-tanf"},
            "citations": [{"quote": "attack-thursday"}],
            # the quote holds no such figure: answered, so the map's warning is the only one
            "answers": {"figure-not-cited": "a test figure"}})
    _edit(mini, change)
    result = run_cli("--data", str(mini), "check")
    assert result.returncode == 0, result.stderr
    assert "0 error(s), 1 warning(s)" in result.stderr
    assert "warning: claim `far-claim`: 9,000 km is too far to draw as a ring on a regional map" in result.stderr
    view = geomap.MapView(pipeline.analyse_folder(mini))
    ring = next(r for r in view.ring_rows() if r.key == "far-claim")
    assert not view.drawn(ring) and ring not in view.geo.rings


def test_the_site_has_a_map_page_and_the_home_page_shows_the_map(real):
    site = pages.render_site(real, workers=1)
    page = site["map.md"]
    assert page.count("<svg") == 2 and "Distances from al-Tanf" in page
    assert "| [al-Tanf](places.md#al-tanf) | 33.500 | 38.660 | area (± 15 km)" in page
    assert "Geneva" in page and "off the map, 2,9" in page
    assert "<svg" in site["index.md"] and "(map.md)" in site["index.md"]
    # The files are the same drawing, with near-black ink and no links.
    assert set(p for p in site if p.startswith("assets/charts/map")) == {"assets/charts/map.svg",
                                                                         "assets/charts/map-al-tanf.svg"}
    assert "<a " not in site["assets/charts/map.svg"] and "currentColor" not in site["assets/charts/map.svg"]
    # Every name on the map leads to a place's entry on the Places page.
    hrefs = [html.unescape(h) for h in re.findall(r'<a href="([^"]+)"', page.split("## Distances")[0])]
    assert hrefs and all(re.fullmatch(r"places\.html#[a-z0-9-]+", h) for h in hrefs)
    ids = {p.id for p in real.inv.places}
    assert {h.split("#")[1] for h in hrefs} <= ids


def test_the_brief_has_the_map(real):
    html, _ = brief.render_html(real)
    chapter = html.split('<section class="chapter" id="map">')[1].split("</section>")[0]
    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', chapter)
    assert len(images) == 2
    overview = base64.b64decode(images[0]).decode("utf-8")
    assert "al-Tanf deconfliction zone" in _words(overview) and 'class="map-zone"' in overview
    # The zones, distances and coordinates the map draws are listed in the places annex.
    annex = html.split('<section class="chapter" id="places">')[1].split("</section>")[0]
    assert "33.500, 38.660" in annex and "within 17 miles (≈ 27.4 km)" in annex
    assert 'href="#places">Annex' in chapter
    assert '<a href="#map">' in html.split("</nav>")[0]  # in the contents


def test_a_new_investigation_starts_with_a_map(tmp_path):
    target = tmp_path / "rivertown"
    assert run_cli("new", str(target), "--title", "Aid access in Rivertown").returncode == 0
    geo = mapdata.build(pipeline.analyse_folder(target))
    assert geo is not None and geo.places and geo.rings
    assert "Rivertown" in _words(mapoverview.overview_svg(geo))


def test_the_map_stays_bounded_however_many_places(mini):
    def change(doc):
        for i in range(300):
            place = {"id": f"p-{i}", "name": f"Place {i}",
                     "coordinates": {"lat": 32.5 + (i % 20) * 0.2, "lon": 36.0 + (i // 20) * 0.3, "precision": "town"}}
            if i % 5 == 0:
                place["radius_km"] = 20.0
            doc["places"].append(place)
    _edit(mini, change)
    analysis = pipeline.analyse_folder(mini)
    view = geomap.MapView(analysis)
    svg = view.figures()[0].svg
    assert len(view.geo.places) == mapdata.PLACES_MAX and len(view.geo.zones) == mapdata.ZONES_MAX
    assert "more located places lie among them" in _words(svg)
    assert len(svg) < 200_000
    page = pages.render_site(analysis, workers=1)["map.md"]
    assert page.count("\n| [") <= mapdata.PLACES_MAX + mapdata.ZONES_MAX + mapdata.FAR_LISTED_MAX
    assert "more located places are not listed here" in page


def test_the_decoded_base_map_is_kept_and_read_back_the_same(tmp_path):
    """Decoding Natural Earth's TopoJSON is done once per copy of the file; what is read back
    from the build cache is the same base map, and a damaged cache file is decoded again."""
    from reportgen.views import basemap

    fresh = basemap.load.__wrapped__(basemap.BASEMAP_FILE, None)
    first = basemap.load.__wrapped__(basemap.BASEMAP_FILE, tmp_path)
    [kept] = (tmp_path / "basemap").iterdir()
    again = basemap.load.__wrapped__(basemap.BASEMAP_FILE, tmp_path)
    for other in (first, again):
        assert [(a.lon, a.lat, a.bbox, a.uses) for a in other.arcs[:50]] == \
            [(a.lon, a.lat, a.bbox, a.uses) for a in fresh.arcs[:50]]
        assert [(c.name, c.polygons, c.bbox) for c in other.countries] == \
            [(c.name, c.polygons, c.bbox) for c in fresh.countries]
    kept.write_bytes(b"damaged")
    assert len(basemap.load.__wrapped__(basemap.BASEMAP_FILE, tmp_path).arcs) == len(fresh.arcs)
