"""The plots drawn by our own SVG code: data text stays inert text, imprecise dates are
spans, labels stay inside the picture, and every plot stays a bounded size however big
the investigation is (asserted on structure and size, never on time)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reportgen.views import charts, chartstyle, distanceplot, escalationplot, tempoplot
from reportgen import pipeline
from reportgen.views import svgtext

from .conftest import MINI, edit_investigation, event_record

SVG_NS = "{http://www.w3.org/2000/svg}"
PLOTS = ("escalation", "tempo", "distance")


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def _texts(svg: str) -> list[ET.Element]:
    return list(_parse(svg).iter(SVG_NS + "text"))


def _height(svg: str) -> float:
    return float(_parse(svg).get("height"))


def _days(first: dt.date, n: int, step: int = 2) -> list[str]:
    return [(first + dt.timedelta(days=i * step)).isoformat() for i in range(n)]


# --------------------------------------------------------------------------- data text


HOSTILE_SIDE = '<script>alert("side")</script> "]]> & co'
HOSTILE_CLAIM = '<img src=x onerror=alert(1)> "]]> colour #010203'
HOSTILE_ACTOR = "Jim </text><script>x</script>"
HOSTILE_PLACE = "Zone ]]><svg onload=alert(2)>"


def test_hostile_text_is_escaped_in_every_plot(richer):
    def change(doc):
        doc["report"]["sides"][0]["name"] = HOSTILE_SIDE
        doc["actors"][0]["name"] = HOSTILE_ACTOR  # jim-mattis, the distance claim's claimant
        doc["claims"][-1]["statement"] = HOSTILE_CLAIM
        doc["places"][-1]["name"] = HOSTILE_PLACE
    edit_investigation(richer, change)
    a = pipeline.analyse_folder(richer)
    drawn = {chart.name: chart.make(a) for chart in charts.CHARTS if chart.name in PLOTS}
    for name, svg in drawn.items():
        assert svg, name
        root = _parse(svg)  # well-formed XML: nothing broke out of an element or attribute
        for element in root.iter():
            assert element.tag in {SVG_NS + t for t in ("svg", "path", "rect", "text")}, (name, element.tag)
            assert not [k for k in element.attrib if k.lower().startswith("on")], name
        for raw in ("<script", "<img", "<svg onload", "</text><"):
            assert raw not in svg, (name, raw)
    # The text is all there, as the reader should see it.
    shown = {name: " ".join(t.text or "" for t in _texts(svg)) for name, svg in drawn.items()}
    assert HOSTILE_SIDE in shown["escalation"]
    assert HOSTILE_CLAIM in shown["distance"] and HOSTILE_ACTOR in shown["distance"]
    assert f"{HOSTILE_PLACE} (the report's radius): 55 km" in shown["distance"]
    # Inlined in a page, the text still reads "#010203": only the ink placeholder becomes currentColor.
    inline = charts.themed(drawn["distance"], "distance", "t", "d")
    assert "#010203" in " ".join(t.text or "" for t in _parse(inline).iter(SVG_NS + "text"))
    assert "currentColor" in inline and chartstyle.INK not in inline


def test_text_xml_cannot_hold_is_dropped():
    assert svgtext.esc("a\x00b\x1bc\u202ed\ufffe") == "abcd"
    assert svgtext.esc("<&>\"'#") == "&lt;&amp;&gt;&quot;&#39;&#35;"
    assert svgtext.clean("  two\n\tlines ") == "two lines"


# --------------------------------------------------------------------------- text width


def test_text_width_never_underestimates_dejavu_sans():
    """Every glyph of the font the SVG names is at most as wide as the estimate (marks that
    combine with the letter before take no room of their own when text is shaped)."""
    from fontTools.ttLib import TTFont

    font = TTFont("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    per_em = font["head"].unitsPerEm
    metrics = font["hmtx"]
    narrow = [hex(cp) for cp, glyph in font.getBestCmap().items()
              if unicodedata.category(chr(cp)) not in ("Mn", "Me", "Cf")
              and metrics[glyph][0] / per_em > svgtext.char_width(chr(cp)) + 1e-9]
    assert narrow == []
    assert svgtext.char_width("中") >= 1.0 and svgtext.char_width("\u0301") == 0


def test_fit_and_wrap_keep_to_the_width():
    text = "Despite warning shots, the convoy advanced to within 17 miles of the rebel base."
    cut = svgtext.fit(text, 12, 200)
    assert cut.endswith("…") and svgtext.text_width(cut, 12) <= 200
    assert svgtext.fit("short", 12, 200) == "short"
    lines = svgtext.wrap(" ".join([text] * 3), 12, 250)
    assert len(lines) > 3 and all(svgtext.text_width(line, 12) <= 250 for line in lines)
    assert " ".join(lines) == " ".join([text] * 3)


def _extent(text: ET.Element) -> tuple[float, float]:
    size = float(text.get("font-size", chartstyle.AXIS))
    width = svgtext.text_width(text.text or "", size)
    x = float(text.get("x"))
    anchor = text.get("text-anchor", "start")
    start = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return start, start + width


def _assert_text_inside(svg: str) -> None:
    width = float(_parse(svg).get("width"))
    for text in _texts(svg):
        if text.get("transform"):
            continue  # the y axis title, read upwards
        start, end = _extent(text)
        assert 0 <= start and end <= width, (text.text, start, end, width)


@pytest.mark.parametrize("value, value_max", [(54, 55), (1480, 1520), (0.2, None)])
def test_labels_stay_inside_the_picture(richer, value, value_max):
    def change(doc):
        doc["claims"][-1]["statement"] = "A very long statement about the convoy " * 6
        doc["claims"][-1]["quantity"] = {"value": value, "unit": "km", "qualifier": "within"}
        if value_max is not None:
            doc["claims"][-1]["quantity"]["value_max"] = value_max
    edit_investigation(richer, change)
    a = pipeline.analyse_folder(richer)
    for chart in charts.CHARTS:
        if chart.name in PLOTS:
            _assert_text_inside(chart.make(a))


# --------------------------------------------------------------------------- imprecise dates


def _segments(d: str) -> list[tuple[float, float, float]]:
    """(x1, x2, y) of each `M x y H x2` in a path."""
    return [(float(x1), float(x2), float(y)) for x1, y, x2 in re.findall(r"M([\d.]+) ([\d.]+)H([\d.]+)", d)]


def test_an_imprecise_date_is_drawn_as_a_bar_across_its_span(mini):
    def change(doc):
        # On the ladder, so the chart's window takes in the whole of both spans.
        doc["events"].append(event_record("some-week", {"date": "2017-05-22", "precision": "week"}, cameo="040",
                                    ladder="threat", incident="threats"))
        doc["events"].append(event_record("some-month", {"date": "2017-06", "precision": "month"}, cameo="190",
                                    ladder="threat", incident="threats"))
    edit_investigation(mini, change)
    a = pipeline.analyse_folder(mini)
    root = _parse(escalationplot.escalation_chart(a))
    paths = root.findall(SVG_NS + "path")
    bars = [p for p in paths if p.get("stroke-opacity") == "0.45"]
    week, month = sorted(_segments(bars[0].get("d")), key=lambda s: s[1] - s[0])  # the data's bars come first
    week_px, month_px = week[1] - week[0], month[1] - month[0]
    assert month_px > 40  # a span, never a point
    assert month_px / week_px == pytest.approx(30 / 7, rel=0.03)
    # Each has a hollow mark on its bar; the exact strike a filled one.
    hollow = [p for p in paths if p.get("fill") == "none" and p.get("stroke-width") == "1.8"
              and p.get("stroke") in chartstyle.PALETTE]
    assert hollow and hollow[0].get("d").count("z") == 2
    marks = re.findall(r"M([\d.]+) ([\d.]+)a", hollow[0].get("d"))
    assert week[0] < float(marks[0][0]) + chartstyle.MARK_R < week[1]
    filled = [p for p in paths if p.get("fill") in chartstyle.PALETTE]
    assert filled[0].get("d").count("z") == 1

    # Made exact, the same event loses its bar and its mark fills.
    def exact(doc):
        doc["events"][-1]["when"] = {"date": "2017-06-10", "precision": "day"}
    edit_investigation(mini, exact)
    root = _parse(escalationplot.escalation_chart(pipeline.analyse_folder(mini)))
    bars = [p for p in root.findall(SVG_NS + "path") if p.get("stroke-opacity") == "0.45"]
    assert len(_segments(bars[0].get("d"))) == 1


# --------------------------------------------------------------------------- bounded at any size


def _with_strikes(data: Path, n: int) -> None:
    def change(doc):
        for i, day in enumerate(_days(dt.date(2017, 1, 1), n, step=1)):
            doc["events"].append(event_record(f"strike-{i}", {"date": day, "precision": "day"}, "Another strike",
                                        cameo="195", ladder="strike", incident=f"strike-{i}"))
    edit_investigation(data, change)


@pytest.mark.parametrize("n", [40, 400])
def test_tempo_chart_with_many_gaps_keeps_a_fixed_height(mini, n):
    _with_strikes(mini, n)
    a = pipeline.analyse_folder(mini)
    assert len(a.tempo) > tempoplot.TEMPO_BARS_MAX
    svg = tempoplot.tempo_chart(a)
    # Columns on a time axis: as tall whatever the number of gaps; one column per date.
    assert _height(svg) <= 340
    assert len(svg) < 20_000
    columns = [p for p in _parse(svg).findall(SVG_NS + "path") if p.get("stroke") == chartstyle.PALETTE[1]]
    assert len(columns) == 1
    assert len(re.findall(r"V", columns[0].get("d"))) <= n
    assert f"one of {len(a.tempo):,} strikes" in " ".join(t.text for t in _texts(svg))
    _assert_text_inside(svg)


def test_tempo_chart_height_does_not_grow_past_the_bar_limit(tmp_path):
    heights = []
    for n in (tempoplot.TEMPO_BARS_MAX + 5, tempoplot.TEMPO_BARS_MAX * 10):
        data = tmp_path / str(n)
        shutil.copytree(MINI, data)
        _with_strikes(data, n)
        heights.append(_height(tempoplot.tempo_chart(pipeline.analyse_folder(data))))
    assert heights[0] == heights[1]


def _with_distances(data: Path, n: int, prefix: str = "distance") -> None:
    def change(doc):
        for i in range(n):
            doc["claims"].append({"id": f"{prefix}-{i}", "statement": f"Came within {n + 2 - i} km, report {i}.",
                                  "subject": "distance", "claimant": "jim-mattis",
                                  "quantity": {"value": n + 2 - i, "unit": "km", "qualifier": "within"},
                                  "citations": [{"source": "article", "paragraph": 5}]})
    edit_investigation(data, change)


def test_distance_chart_draws_the_closest_rows_and_says_so(richer):
    few = distanceplot.distance_chart(pipeline.analyse_folder(richer))
    _with_distances(richer, 60)
    a = pipeline.analyse_folder(richer)
    total = len(a.approach_claims())
    assert total == 61
    svg = distanceplot.distance_chart(a)
    bars = [r for r in _parse(svg).findall(SVG_NS + "rect") if r.get("fill") == chartstyle.PALETTE[0]
            and r.get("fill-opacity") is None]
    assert len(bars) == distanceplot.DISTANCE_ROWS_MAX
    shown = " ".join(t.text for t in _texts(svg))
    assert f"The {distanceplot.DISTANCE_ROWS_MAX} closest of {total} reported distances are drawn" in shown
    assert "within 3 km" in shown and "within 62 km" not in shown  # the nearest, not the first listed
    assert _height(svg) < 1000 and _height(svg) > _height(few)  # 12 rows of two lines each, and the axis
    # More rows than that change nothing in the height.
    _with_distances(richer, 200, "more")
    assert _height(distanceplot.distance_chart(pipeline.analyse_folder(richer))) == _height(svg)
    _assert_text_inside(svg)


def test_many_zone_radii_share_the_legend(richer):
    def change(doc):
        for i in range(30):
            doc["places"].append({"id": f"zone-{i}", "name": f"Zone {i}", "radius_km": 20 + i,
                                   "coordinates": {"lat": 33.5, "lon": 38.66, "precision": "area"}})
    edit_investigation(richer, change)
    svg = distanceplot.distance_chart(pipeline.analyse_folder(richer))
    shown = " ".join(t.text for t in _texts(svg))
    assert "31 radii reported, 31 distinct, from 20 to 55 km" in shown
    assert len(_texts(svg)) < 40


def test_escalation_chart_stays_small_with_thousands_of_events(mini):
    """Marks that land on the same spot are drawn once, one path per series: twice the events
    on the same dates with the same scores give the very same picture."""
    days = _days(dt.date(2017, 5, 4), 16, step=1)  # inside the chart's window: before the last source
    codes = ["010", "040", "190", "195"]

    def add(copy: int):
        def change(doc):
            for i in range(1500):
                when = ({"date": days[i % 16], "precision": "day"} if i % 3 else
                        {"date": days[i % 16], "precision": "week"})
                doc["events"].append(event_record(f"e{copy}-{i}", when, cameo=codes[i % 4]))
        return change

    edit_investigation(mini, add(0))
    a = pipeline.analyse_folder(mini)
    assert len(a.events) > 1500 and not a.escalation_window()[2]
    once = escalationplot.escalation_chart(a)
    paths = _parse(once).findall(SVG_NS + "path")
    marks = sum(p.get("d").count("z") for p in paths if p.get("stroke") in chartstyle.PALETTE)
    assert 20 < marks < 200  # one per distinct date and score, not one per event
    assert len(paths) < 60
    assert len(once) < 30_000
    edit_investigation(mini, add(1))
    twice = escalationplot.escalation_chart(pipeline.analyse_folder(mini))
    assert twice == once
    _assert_text_inside(once)


def test_a_distance_bar_names_its_incident_and_who_reports_it_in_full(richer):
    long = "The convoy came within 29 km of the garrison, according to what was said at the briefing that Friday."
    def change(doc):
        doc["claims"][-1]["statement"] = long
        doc["claims"][-1]["about"] = ["strike"]
    edit_investigation(richer, change)
    a = pipeline.analyse_folder(richer)
    for width in (chartstyle.WIDTH, chartstyle.NARROW):
        svg = distanceplot.distance_chart(a, width=width)
        shown = " ".join(t.text for t in _texts(svg))
        assert "…" not in shown
        assert " ".join(f"First strike: {long}".split()) in shown  # wrapped over lines, every word kept
        assert "Jim Mattis, as reported by Loveluck" in shown  # the source by its short name
        _assert_text_inside(svg)


def test_radii_that_agree_are_one_line_with_every_report_in_the_legend(richer):
    def change(doc):
        doc["claims"].append({"id": "radius-34-miles", "statement": "The zone spreads 34 miles around the base.",
                              "subject": "zone-radius", "claimant": "jim-mattis",
                              "quantity": {"value": 34, "unit": "miles"},
                              "citations": [{"source": "article", "paragraph": 5}]})
    edit_investigation(richer, change)
    a = pipeline.analyse_folder(richer)
    assert sorted(round(z["km"], 1) for z in a.zone_radii()) == [54.7, 55]
    svg = distanceplot.distance_chart(a)
    radius_lines = [p for p in _parse(svg).iter(SVG_NS + "path")
                    if p.get("stroke") == chartstyle.PALETTE[1] and p.get("stroke-dasharray")
                    and p.get("d", "").startswith("M") and "V" in p.get("d", "") and "H" not in p.get("d", "")]
    assert len(radius_lines) == 1
    shown = " ".join(t.text for t in _texts(svg))
    assert "Deconfliction zone (the report's radius): 55 km" in shown and "34 miles (≈ 54.7 km)" in shown


def test_the_narrow_plots_keep_their_text_size_and_stay_inside(richer):
    a = pipeline.analyse_folder(richer)
    for name, svg in charts.render_narrow(a).items():
        assert float(_parse(svg).get("width")) == chartstyle.NARROW, name
        sizes = {float(t.get("font-size") or _parse(svg).get("font-size")) for t in _texts(svg)}
        assert min(sizes) >= 12, name
        _assert_text_inside(svg)
