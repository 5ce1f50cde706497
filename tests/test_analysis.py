"""Analysis: corroboration by independent origin, dispute status, event order."""

import pytest

from reportgen import pipeline
from reportgen.views import groups
from reportgen.data.diagnostics import DataError

from .conftest import ROOT

EXTRA_CLAIMS = """
  - id: convoy-thursday-post
    statement: The attack came on Thursday.
    subject: strike-day
    claimant: reported
    citations: [{quote: attack-thursday}]
  - id: convoy-wednesday
    statement: The attack came on Wednesday.
    subject: strike-day
    claimant: reported
    citations: [{source: article, paragraph: 5}]

discrepancies:
  - id: strike-day
    question: Which day?
    claims: [convoy-thursday-post, convoy-wednesday]
"""


def add(mini, text: str) -> None:
    path = mini / "investigation.yml"
    path.write_text(path.read_text() + text)


def test_claims_in_an_unresolved_discrepancy_are_all_disputed(mini):
    add(mini, EXTRA_CLAIMS)
    a = pipeline.analyse_folder(mini)
    assert a.claim_status["convoy-thursday-post"].status == "disputed"
    assert a.claim_status["convoy-wednesday"].status == "disputed"


def test_upheld_claims_keep_their_corroboration_status(mini):
    add(mini, EXTRA_CLAIMS + "    resolution: Thursday.\n    upheld: [convoy-thursday-post]\n")
    a = pipeline.analyse_folder(mini)
    assert a.claim_status["convoy-thursday-post"].status == "single-source"
    assert a.claim_status["convoy-thursday-post"].discrepancies == ["strike-day"]
    assert a.claim_status["convoy-wednesday"].status == "disputed"


def test_upheld_must_name_a_claim_of_the_discrepancy_and_need_a_resolution(mini):
    add(mini, EXTRA_CLAIMS + "    upheld: [convoy-iran-directed]\n")
    with pytest.raises(DataError) as info:
        pipeline.load_and_check(mini)
    text = "\n".join(d.format() for d in info.value.diagnostics.items)
    assert "upheld claim `convoy-iran-directed` is not one of its claims" in text
    assert "upholds claims without a `resolution`" in text


def test_one_official_quoted_twice_is_one_line_of_evidence(mini):
    add(mini, """
  - id: iran-directed-twice
    statement: Iranian-directed forces.
    subject: who-directed
    claimant: jim-mattis
    citations: [{quote: mattis-necessitated}, {quote: mattis-again}]
  - id: attack-two-origins
    statement: The attack happened.
    subject: attack
    claimant: reported
    citations: [{quote: attack-thursday}, {quote: mattis-necessitated}]
""")
    path = mini / "investigation.yml"
    path.write_text(path.read_text().replace("\nevents:", """
  - id: mattis-again
    source: article
    speaker: jim-mattis
    text: Iranian-directed forces inside an established and agreed-upon deconfliction zone
\nevents:""", 1))
    a = pipeline.analyse_folder(mini)
    assert a.claim_status["iran-directed-twice"].lines == ["actor:jim-mattis"]
    assert a.claim_status["iran-directed-twice"].status == "single-source"
    assert a.claim_status["attack-two-origins"].status == "confirmed"


def test_sequence_orders_events_of_the_same_day(mini):
    path = mini / "investigation.yml"
    text = path.read_text()
    second = text[text.index("  - id: strike\n"):text.index("\nclaims:")].replace("id: strike\n", "id: retreat\n", 1)
    second = second.replace("    ladder: strike\n", "    sequence: 2\n")
    text = text.replace("    ladder: strike\n", "    ladder: strike\n    sequence: 1\n", 1)
    path.write_text(text.replace("\nclaims:", "\n" + second + "\nclaims:", 1))
    assert [e.id for e in pipeline.analyse_folder(mini).events] == ["strike", "retreat"]
    path.write_text(path.read_text().replace("sequence: 1", "sequence: 3"))
    assert [e.id for e in pipeline.analyse_folder(mini).events] == ["retreat", "strike"]


def test_a_timeline_page_offers_only_its_own_actors_sides_and_types():
    a = pipeline.analyse_folder(ROOT / "data")
    offered_anywhere, restricted = set(), False
    for period in a.timeline_periods():
        events = [e for _, _, group in period.groups for e in group]
        choices = groups.timeline_filter(a, period)
        actors = [x.id for _, _, group in choices["actors"] for x in group]
        assert len(actors) == len(set(actors))
        assert set(actors) == {ea.actor for e in events for ea in e.actors}, period.key
        assert set(choices["sides"]) == {side for e in events for side in a.event_sides(e)}
        assert choices["types"] == sorted({e.event_type for e in events})
        offered_anywhere |= set(actors)
        restricted |= len(actors) < len(a.events_by_actor)
    assert offered_anywhere == set(a.events_by_actor)
    assert restricted  # some month has fewer actors than the whole report


# --------------------------------------------------------------------------- tempo, order within a day, outcomes

import yaml  # noqa: E402


def edit_doc(mini, change) -> None:
    path = mini / "investigation.yml"
    doc = yaml.safe_load(path.read_text())
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))


def event(eid: str, when: dict, title: str, **extra) -> dict:
    base = {"id": eid, "title": title, "when": when, "event_type": "Strategic developments", "cameo": "195",
            "actors": [{"actor": "us-led-coalition", "role": "initiator"}], "summary": "Something happened.",
            "citations": [{"source": "article", "paragraph": 5}]}
    base.update(extra)
    return base


def test_tempo_counts_calendar_days_between_dates_at_their_precision(mini):
    def change(doc):
        first = doc["events"][0]
        first["when"] = {"date": "2017-05-18T16:30", "precision": "time"}  # late in the day
        doc["events"].append(event("second", {"date": "2017-06-06", "precision": "day"}, "Second", ladder="strike"))
        doc["events"].append(event("third", {"date": "2017-06-08", "precision": "day"}, "Third", ladder="strike"))
        doc["events"].append(event("drone", {"date": "2017-06-08", "precision": "day"}, "Drone", ladder="shoot-down"))
        doc["events"].append(event("fourth", {"date": "2017-07", "precision": "month"}, "Fourth", ladder="strike"))
    edit_doc(mini, change)
    a = pipeline.analyse_folder(mini)
    gaps = [(t["from"].id, t["to"].id, t["days"], t["days_max"]) for t in a.tempo]
    # 18 May 16:30 to 6 June is 19 calendar days (not 18, as the hours since 16:30 would give);
    # the shoot-down is not a strike; a date known only to the month gives a range.
    assert gaps == [("strike", "second", 19, 19), ("second", "third", 2, 2), ("third", "fourth", 23, 53)]
    assert [e.id for e in a.tempo_left_out()] == ["drone"]
    from reportgen.views import labels

    assert [labels.days_text(t) for t in a.tempo] == ["19 days", "2 days", "23 to 53 days"]
    assert labels.days_text({"days": 0, "days_max": 0}) == "the same day"


def test_tempo_says_about_when_a_date_is_approximate(mini):
    def change(doc):
        doc["events"].append(event("second", {"date": "2017-06-06", "precision": "day", "approximate": True},
                                   "Second", ladder="strike"))
    edit_doc(mini, change)
    a = pipeline.analyse_folder(mini)
    from reportgen.views import labels

    assert [labels.days_text(t) for t in a.tempo] == ["about 19 days"]


def test_order_within_a_day_follows_sequence_and_time_in_every_view(mini):
    """Titles sort the other way; the ladder lists events as they happened, not by rung."""
    def change(doc):
        strike = doc["events"][0]
        strike["when"] = {"date": "2017-05-18T16:30", "precision": "time"}
        strike["sequence"] = 2
        doc["events"].append(event("call", {"date": "2017-05-18", "precision": "day"}, "Z: a call",
                                   ladder="diplomatic contact", incident="first-strike", sequence=1, cameo="041"))
        doc["events"].append(event("pull-back", {"date": "2017-05-18", "end": "2017-05-19", "precision": "day"},
                                   "A: the convoy pulls back", incident="first-strike", sequence=3, cameo="087"))
        doc["events"].append(event("statement", {"date": "2017-05-18", "precision": "day"}, "B: a statement",
                                   sequence=4, cameo="010"))
    edit_doc(mini, change)
    a = pipeline.analyse_folder(mini)
    order = ["call", "strike", "pull-back", "statement"]
    assert [e.id for e in a.events] == order
    (ladder,) = a.incident_rows()
    assert [e.id for e in ladder["events"]] == ["call", "strike", "pull-back"]
    assert [e.id for _, days in a.timeline_groups() for _, events in days for e in events] == order
    assert [e.id for p in a.timeline_periods() for _, _, group in p.groups for e in group] == order


def test_a_compatible_discrepancy_corroborates_and_only_a_contradiction_disputes(mini):
    add(mini, """
  - id: within-17-miles
    statement: The convoy came within 17 miles.
    subject: closest-approach
    claimant: reported
    quantity: {value: 17, unit: miles, qualifier: within}
    citations: [{quote: attack-thursday}]
  - id: within-29-km
    statement: The convoy came within 29 km.
    subject: closest-approach
    claimant: jim-mattis
    quantity: {value: 29, unit: km, qualifier: within}
    citations: [{quote: mattis-necessitated}]

discrepancies:
  - id: closest
    question: How close did the convoy come?
    claims: [within-17-miles, within-29-km]
    outcome: compatible
    tolerance: {value: 2, unit: km}
""")
    a = pipeline.analyse_folder(mini)
    for cid in ("within-17-miles", "within-29-km"):
        assert a.claim_status[cid].status == "confirmed", cid  # 27.4 and 29 km corroborate each other
        assert len(a.claim_status[cid].lines) == 2
    assert a.claim_status["within-17-miles"].agrees_with == ["within-29-km"]
    assert a.figures["disputed"] == 0
    path = mini / "investigation.yml"
    path.write_text(path.read_text().replace("outcome: compatible", "outcome: contradiction"))
    a = pipeline.analyse_folder(mini)
    assert {a.claim_status[c].status for c in ("within-17-miles", "within-29-km")} == {"disputed"}
    # Readings that need not conflict (no figures to compare) are not disputed, and keep their own lines.
    path.write_text(path.read_text().replace("outcome: contradiction\n    tolerance: {value: 2, unit: km}",
                                             "outcome: compatible")
                    .replace("    quantity: {value: 29, unit: km, qualifier: within}\n", ""))
    a = pipeline.analyse_folder(mini)
    assert [a.claim_status[c].status for c in ("within-17-miles", "within-29-km")] == ["single-source"] * 2


def test_a_cameo_code_the_table_lacks_takes_its_roots_kind_without_repeating_the_code():
    """Pages print "057 Engage in diplomatic cooperation": the label never carries the code again."""
    from reportgen.data import cameo

    assert cameo.lookup("057") == cameo.CAMEO["05"]
    assert "057" not in cameo.lookup("057")[0]
    assert cameo.lookup("195") == ("Employ aerial weapons", -10.0)
    assert cameo.lookup("99") is None
