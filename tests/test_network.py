"""The actor network pictures: narrow enough for a phone at reading size, names whole, members
under their organisation, other sides set apart, data text inert."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from reportgen import pipeline
from reportgen.site import pages
from reportgen.views import charts, network, svgtext

from .test_charts import SVG_NS, _assert_text_inside, _texts
from .conftest import edit_investigation as _edit

LONG_NAME = "Directorate of the Extraordinarily Long-Named Reconnaissance and Liaison Detachment of the South"
LONG_WORD = "Supercalifragilisticexpialidociousbrigadeandsoonwithoutanyspaceatall"


def _with_network(data: Path) -> None:
    """A side with an organisation, two members, a long-named unit, and an opponent across sides."""
    def change(doc):
        doc["actors"] += [
            {"id": "ministry", "name": "Ministry of Defence", "kind": "government body", "side": "coalition"},
            {"id": "unit", "name": LONG_NAME, "kind": "armed force", "side": "coalition", "parent": "ministry",
             "relations": [{"type": "opposes", "target": "pro-government-convoy",
                            "citations": [{"source": "article", "paragraph": 5}]}]},
            {"id": "word", "name": LONG_WORD, "kind": "militia", "side": "coalition", "parent": "ministry"},
        ]
    _edit(data, change)


def test_a_side_picture_is_narrow_with_every_name_whole(mini):
    _with_network(mini)
    a = pipeline.analyse_folder(mini)
    svg = network.side_chart(a, "coalition")
    root = ET.fromstring(svg)
    assert float(root.get("width")) == network.WIDTH <= 360
    # 12 px text in a 360 px picture: at least 11 px on a 375 px phone's 343 px column.
    sizes = {float(t.get("font-size") or root.get("font-size")) for t in _texts(svg)}
    assert min(sizes) * 343 / network.WIDTH >= 11
    shown = [t.text for t in _texts(svg)]
    assert not [line for line in shown if "…" in line]
    joined = " ".join(shown)
    assert " ".join(svgtext.wrap(LONG_NAME, network.SIZE, 500)) in joined  # wrapped over lines, all there
    assert LONG_WORD in "".join(shown)  # a word too long for the box is broken, not cut
    for name in ("Ministry of Defence", "Jim Mattis", "US-led coalition", "Pro-government convoy (Pro-government forces)"):
        assert name in joined
    _assert_text_inside(svg)


def test_members_sit_under_their_organisation_and_other_sides_are_dashed(mini):
    _with_network(mini)
    a = pipeline.analyse_folder(mini)
    svg = network.side_chart(a, "coalition")
    lines = {t.text: (float(t.get("x")), float(t.get("y"))) for t in _texts(svg)}
    ministry, word = lines["Ministry of Defence"], next(v for k, v in lines.items() if k and k.startswith("Supercal"))
    assert word[0] > ministry[0] and word[1] > ministry[1]  # indented, below
    dashed_boxes = [p for p in ET.fromstring(svg).iter(SVG_NS + "path")
                    if p.get("stroke") == "#808080" and p.get("stroke-dasharray") == "4 3"]
    assert len(dashed_boxes) == 2  # the convoy, on the other side, and the legend's key for it
    assert "opposes" in " ".join(t.text for t in _texts(svg))  # the legend names the relations drawn


def test_each_side_in_a_relation_has_a_picture_and_a_busy_side_says_who_is_left_out(mini):
    _with_network(mini)
    a = pipeline.analyse_folder(mini)
    assert network.drawn_sides(a) == ["coalition", "pro-government"]
    rendered = charts.render_all(a)
    assert {"network-coalition", "network-pro-government"} <= set(rendered)
    svg = network.side_chart(a, "coalition", max_actors=2)
    assert "The 3 least-connected actors of this side are left out" in " ".join(t.text for t in _texts(svg))


def test_an_actors_neighbourhood_names_it_and_everyone_it_relates_to(mini):
    _with_network(mini)
    a = pipeline.analyse_folder(mini)
    svg = network.neighbourhood_chart(a, "ministry")
    joined = " ".join(t.text for t in _texts(svg))
    assert "Ministry of Defence" in joined and LONG_WORD[:10] in joined and "Extraordinarily" in joined
    assert "Jim Mattis" not in joined  # not a neighbour
    assert network.neighbourhood_chart(a, "pro-government-convoy")  # a relation to it counts too
    # On the actor's page, even when its only relations are its members'.
    page = pages.render_site(a)["actors/ministry.md"]
    assert 'aria-labelledby="chart-neighbourhood-title chart-neighbourhood-desc"' in page
    assert "<title id=\"chart-neighbourhood-title\">The relations of Ministry of Defence</title>" in page


def test_names_in_the_network_are_text_only(mini):
    def change(doc):
        doc["actors"][0]["name"] = 'Jim "Mad Dog" <script>x</script> & co'
    _edit(mini, change)
    a = pipeline.analyse_folder(mini)
    for svg in (network.side_chart(a, "coalition"), network.neighbourhood_chart(a, "jim-mattis")):
        root = ET.fromstring(svg)  # well formed
        assert {el.tag for el in root.iter()} <= {SVG_NS + t for t in ("svg", "path", "rect", "text")}
        assert "<script>" not in svg
        assert 'Jim "Mad Dog" <script>x</script> & co' in " ".join(t.text for t in _texts(svg))


def test_pictures_stay_bounded_and_say_what_they_leave_out(mini, monkeypatch):
    _with_network(mini)
    a = pipeline.analyse_folder(mini)
    monkeypatch.setattr(network, "OUTSIDE_MAX_ACTORS", 0)
    monkeypatch.setattr(network, "NEIGHBOURS_MAX", 1)
    side = " ".join(t.text for t in _texts(network.side_chart(a, "coalition")))
    assert "1 actors of other sides it relates to less are left out" in side
    assert "Pro-government convoy" not in side
    mine = network.neighbourhood_chart(a, "ministry")
    assert "1 more related actors are left out" in " ".join(t.text for t in _texts(mine))
    assert len([t for t in _texts(mine) if t.text == "Ministry of Defence"]) == 1
