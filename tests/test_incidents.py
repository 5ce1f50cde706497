"""The incidents compared (reportgen/views/incidents.py): columns and rows derived from the data,
disputed figures as a range with each source, empty cells said plainly, untrusted text escaped,
and the `aspect` field checked like any other."""

from __future__ import annotations

import html
import re

import pytest

from reportgen import pipeline
from reportgen.pdf import brief
from reportgen.site import pages
from reportgen.views import incidents

from .conftest import edit_investigation, event_record
from .test_checks import errors_of

DAY = {"date": "2017-05-18", "precision": "day"}


def claim(cid: str, statement: str, about: list, subject: str, claimant: str = "jim-mattis", **extra) -> dict:
    """A claim for the mini investigation, citing the article's paragraph 3 unless told."""
    record = {"id": cid, "statement": statement, "subject": subject, "claimant": claimant, "about": about,
              "citations": [{"source": "article", "paragraph": 3}]}
    record.update(extra)
    return record


@pytest.fixture
def two_strikes(mini):
    """The mini investigation with a ladder before its strike, a second incident (a strike and a
    shoot-down), and claims about the first strike: distances that agree, a toll in dispute."""
    def change(doc):
        events = doc["events"]
        events.insert(0, event_record("show-of-force", dict(DAY), "Aircraft fly over the convoy", sequence=2,
                                      ladder="show of force", incident="first-strike"))
        events.insert(0, event_record("call", dict(DAY), "The coalition calls the Russians", sequence=1, cameo="041",
                                      ladder="diplomatic contact", incident="first-strike"))
        events[-1]["sequence"] = 3
        events.append(event_record("june-warning", {"date": "2017-06-08", "precision": "day"}, "A warning in June",
                                   sequence=1, ladder="threat", incident="june", cameo="138"))
        events.append(event_record("june-strike", {"date": "2017-06-08", "precision": "day"}, "The June strike",
                                   sequence=2, ladder="strike", incident="june", cameo="195"))
        events.append(event_record("drone-down", {"date": "2017-06-08", "precision": "day"}, "A drone shot down",
                                   sequence=3, ladder="shoot-down", incident="june", cameo="195"))
        doc["claims"] += [
            claim("within-17-miles", "The convoy came within 17 miles.", ["strike"], "closest",
                  quantity={"value": 17, "unit": "miles", "qualifier": "within", "from_place": "al-tanf"}),
            claim("within-29-km", "The convoy came within 29 km.", ["strike"], "closest", claimant="reported",
                  quantity={"value": 29, "unit": "km", "qualifier": "within", "from_place": "al-tanf"}),
            claim("eight-killed", "The strike killed eight.", ["strike"], "toll", claimant="pro-government-convoy",
                  quantity={"value": 8, "unit": "killed"}),
            claim("dozens-killed", "Several dozen civilians died.", ["strike"], "toll",
                  quantity={"value": 24, "unit": "civilians killed", "qualifier": "at least",
                            "as_written": "several dozen"}),
            claim("tank-hit", "A tank was hit.", ["strike"], "hit", aspect="hit"),
            claim("call-made", "The call was made.", ["call"], "call", aspect="hit"),  # about a step, not a key event
            claim("convoy-size", "The convoy had 20 vehicles.", ["strike"], "size",
                  quantity={"value": 20, "unit": "vehicles"}),  # a count that fills no row
        ]
        doc["discrepancies"] = [
            {"id": "closest", "question": "How close?", "claims": ["within-17-miles", "within-29-km"],
             "outcome": "compatible", "tolerance": {"value": 2, "unit": "km"}},
            {"id": "how-many-killed", "question": "How many died?", "claims": ["eight-killed", "dozens-killed"],
             "outcome": "contradiction"},
        ]
    edit_investigation(mini, change)
    return mini


def _rows(cmp) -> dict:
    return {row.key: row.cells for row in cmp.rows}


def test_a_column_per_strike_and_shoot_down_and_rows_from_ladders_and_claims(two_strikes):
    a = pipeline.analyse_folder(two_strikes)
    cmp = incidents.compare(a)
    assert [c.title for c in cmp.columns] == ["Strike, 18 May 2017", "Strike, 8 June 2017", "Shoot-down, 8 June 2017"]
    rows = _rows(cmp)
    assert [row.label for row in cmp.rows] == [label for _, label in incidents.ROWS]
    assert [i.text for i in rows["happened"][0].items] == ["Coalition aircraft strike a convoy near al-Tanf"]
    # The ladder's lower rungs before each key event, in order; a shoot-down after a strike of the
    # same incident has no steps of its own.
    assert [i.text for i in rows["before"][0].items] == ["Diplomatic contact", "Show of force"]
    assert [i.record_id for i in rows["before"][1].items] == ["june-warning"]
    assert rows["before"][2].empty
    # Claims fill rows by their figure or their aspect; a claim about a step stays out, and so
    # does a count that is neither a toll nor given an aspect.
    assert [i.record_id for i in rows["distance"][0].items] == ["within-17-miles", "within-29-km"]
    assert [i.record_id for i in rows["hit"][0].items] == ["struck-militants", "tank-hit"]
    assert [i.record_id for i in rows["toll"][0].items] == ["eight-killed", "dozens-killed"]
    assert "convoy-size" not in {i.record_id for cells in rows.values() for c in cells for i in c.items}
    # Who says so: the sources behind the column, with their grade.
    assert [(s.label, s.grade) for s in rows["sources"][0].sources] == [("Loveluck", "B")]


def test_disputed_figures_are_a_range_with_both_sources(two_strikes):
    a = pipeline.analyse_folder(two_strikes)
    toll = _rows(incidents.compare(a))["toll"][0]
    assert toll.range == incidents.Range("8 to several dozen killed", disputed=True, discrepancy="how-many-killed")
    eight, dozens = toll.items
    assert (eight.text, eight.who) == ("8 killed", "Pro-government convoy")
    assert (dozens.text, dozens.who) == ("several dozen (at least 24 civilians killed)", "Jim Mattis")
    assert not eight.disputed and not dozens.disputed  # marked once, on the range
    # Figures that agree within the discrepancy's tolerance are a range too, not a dispute.
    distance = _rows(incidents.compare(a))["distance"][0]
    assert distance.range == incidents.Range("27.4–29 km", disputed=False, discrepancy="closest")
    assert distance.items[0].text == "within 17 miles (≈ 27.4 km) of al-Tanf"
    # The outlet's own reporting is named by its source.
    assert (distance.items[1].who, distance.items[1].reported) == ("Loveluck", True)

    home = pages.render_site(a)["index.md"]
    row = next(line for line in home.splitlines() if line.startswith("| **Toll**"))
    first = html.unescape(row.split(" | ")[1])
    assert first.startswith("<strong>8 to several dozen killed</strong> · [disputed](escalation.md#how-many-killed)")
    assert "8 killed <span class=\"cmp-who\">— Pro-government convoy</span>" in first
    assert "several dozen (at least 24 civilians killed) <span class=\"cmp-who\">— Jim Mattis</span>" in first
    assert first.count("{.cite") == 2  # each figure with its own chip


def test_figures_that_differ_without_being_compared_are_not_a_range(two_strikes):
    def change(doc):
        doc["discrepancies"] = [d for d in doc["discrepancies"] if d["id"] != "how-many-killed"]
    edit_investigation(two_strikes, change)
    toll = _rows(incidents.compare(pipeline.analyse_folder(two_strikes)))["toll"][0]
    assert toll.range is None and len(toll.items) == 2


def test_empty_cells_say_not_reported_on_the_site_and_in_the_brief(two_strikes):
    a = pipeline.analyse_folder(two_strikes)
    home = pages.render_site(a)["index.md"]
    table = [line for line in home.splitlines() if line.startswith("| **")]
    cells = {line.split(" | ")[0]: line.split(" | ")[1:] for line in table}
    assert cells["| **Toll**"][1:] == ['<span class="cmp-none">Not reported</span>',
                                       '<span class="cmp-none">Not reported</span> |']
    assert all(len(line.split(" | ")) == 4 for line in table)  # every row has a cell per column
    printed, _ = brief.render_html(a)
    chapter = printed.split('<section class="chapter" id="incidents">')[1].split("</section>")[0]
    assert chapter.count('<th scope="col">') == 3
    assert chapter.count(f'<span class="cmp-none">{incidents.NOT_REPORTED}</span>') == 7


def test_without_a_strike_there_is_nothing_to_compare(mini):
    def change(doc):
        del doc["events"][0]["ladder"]
    edit_investigation(mini, change)
    a = pipeline.analyse_folder(mini)
    assert not incidents.compare(a)
    assert "incidents-compared" not in pages.render_site(a)["index.md"]
    assert 'id="incidents"' not in brief.render_html(a)[0]


def test_past_the_columns_a_comparison_holds_the_first_and_says_so(two_strikes):
    a = pipeline.analyse_folder(two_strikes)
    cmp = incidents.compare(a, max_columns=2)
    assert len(cmp.columns) == 2 and cmp.total == 3 and [e.id for e in cmp.left_out] == ["drone-down"]
    assert all(len(row.cells) == 2 for row in cmp.rows)


def test_untrusted_text_in_a_cell_is_escaped(two_strikes):
    def change(doc):
        doc["events"][-2]["title"] = "<script>alert(1)</script> | strike"  # the June strike
        doc["actors"][2]["name"] = 'Convoy <img src=x onerror="alert(2)"> {: onclick="x" }'
        doc["claims"].append(claim("hostile", "A *tank* <b>hit</b> | here", ["june-strike"], "hostile",
                                   aspect="hit"))
        dozens = next(c for c in doc["claims"] if c["id"] == "dozens-killed")
        dozens["quantity"]["as_written"] = "several | <i>dozen</i>"
    edit_investigation(two_strikes, change)
    a = pipeline.analyse_folder(two_strikes)
    home = pages.render_site(a)["index.md"]
    table = home.split('<div class="compare" markdown="1">')[1].split("</div>")[0]
    for raw in ("<script>", "<img", "<b>", "<i>", "{: onclick"):
        assert raw not in table
    assert "&lt;script&gt;alert&#40;1&#41;&lt;/script&gt; &#124; strike" in table
    assert "A <em>tank</em> &lt;b&gt;hit&lt;/b&gt; &#124; here" in table  # a statement's own Markdown kept
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    assert {len(re.findall(r"(?<!&#124;) \| ", line)) for line in rows[2:]} == {3}  # no cell split by a bar
    printed, _ = brief.render_html(a)
    chapter = printed.split('<section class="chapter" id="incidents">')[1].split("</section>")[0]
    assert "<script>" not in chapter and "<img" not in chapter and "&lt;script&gt;alert(1)&lt;/script&gt;" in chapter


def test_an_aspect_needs_an_event_and_a_distance_a_length(mini):
    def change(doc):
        doc["claims"][0]["aspect"] = "toll"  # about nothing
        doc["claims"].append(claim("far", "Far away.", ["strike"], "far", aspect="distance",
                                   quantity={"value": 3, "unit": "vehicles"}))
        doc["claims"].append(claim("near", "Near.", ["strike"], "near", aspect="hit",
                                   quantity={"value": 3, "unit": "km"}))
    edit_investigation(mini, change)
    text = errors_of(mini)
    assert re.search(r"investigation\.yml:\d+:\d+: error: claim `convoy-iran-directed`: `aspect: toll` puts it "
                     r"beside an incident, but it is `about` no event", text)
    assert "hint: add the event it tells about (the strike or shoot-down) to `about`, or drop `aspect`" in text
    assert "claim `far`: `aspect: distance` goes with a length, and `vehicles` is not one" in text
    assert "claim `near`: a length of `km` is a distance, not `hit`" in text


def test_an_unknown_aspect_is_refused_with_the_allowed_ones(mini):
    def change(doc):
        doc["claims"][0]["aspect"] = "damage"
        doc["claims"][0]["about"] = ["strike"]
    edit_investigation(mini, change)
    text = errors_of(mini)
    assert "aspect" in text and "'distance', 'hit' or 'toll'" in text
