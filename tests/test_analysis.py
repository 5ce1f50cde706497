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
