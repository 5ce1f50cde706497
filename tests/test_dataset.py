"""The real al-Tanf dataset: its integrity, beyond what `check` alone enforces.

Each test loads data/ through the same pipeline the build uses, then asserts a
property the curated evidence must keep: every event cited, every actor used,
discrepancies with two sides, key judgments with evidence, archives unchanged,
paragraphs covered, direct quotations all recorded.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest

from reportgen.data.checks import Checked
from reportgen.data.model import Citation
from reportgen.pipeline import load_and_check

from .conftest import DATA

MIN_COVERAGE = 0.90

# Words in quotation marks that nobody is quoted as saying: terms of art and scare
# quotes in the outlets' own narration. (source id, paragraph, words) -> why.
UNATTRIBUTED_QUOTATION_MARKS = {
    ("loveluck-beirut", 10, "de-escalation zones"): "the Astana deal's term",
    ("wire-washington-damascus", 2, "deconfliction zone"): "term of art",
    ("wire-washington-damascus", 18, "terrorism"): "scare quotes around an agenda item",
    ("wire-washington-damascus", 28, "de-escalation zones"): "the Astana deal's term",
    ("at-tanf-militia-strike", 12, "buffer zones"): "the writer's scare quotes",
    ("cnn-containment-is-back", 4, "de-confliction zone"): "term of art",
    ("cnn-containment-is-back", 5, "show of force"): "term of art in CNN's narration",
    ("cnn-containment-is-back", 28, "de-escalation zones"): "the Astana deal's term",
}
QUOTED = re.compile(r"[\"\u201c]([^\"\u201d]+)[\"\u201d]")


@pytest.fixture(scope="module")
def checked() -> Checked:
    return load_and_check(DATA)


def all_citations(inv) -> list[Citation]:
    """Every citation anywhere in the investigation."""
    out: list[Citation] = []
    for e in inv.events:
        out += e.citations
    for c in inv.claims:
        out += c.citations
    for a in inv.actors:
        for rel in a.relations:
            out += rel.citations
    for a in inv.assessments:
        out += a.citations
        for item in a.evidence:
            out += item.citations
    if inv.report:
        for kj in inv.report.key_judgments:
            out += kj.citations
    return out


def cited_paragraphs(checked: Checked) -> dict[str, set[int]]:
    """Paragraphs cited per source: by a quote that some record cites or that has a
    speaker (a direct quotation is shown on its speaker's page), or by a
    {source, paragraph} citation."""
    inv = checked.inv
    cited: dict[str, set[int]] = {s.id: set() for s in inv.sources}
    citations = all_citations(inv)
    quotes_cited = {c.quote for c in citations if c.quote}
    for q in inv.quotes:
        if q.id in quotes_cited or q.speaker != "reported":
            m = checked.matches[q.id]
            cited[q.source].update(range(m.paragraph, m.paragraph_end + 1))
    for c in citations:
        if c.source and c.paragraph:
            cited[c.source].add(c.paragraph)
    return cited


def test_the_dataset_passes_the_check_and_every_archived_text_is_a_source(checked):
    assert not checked.diagnostics.errors
    assert checked.inv.sources and len(checked.matches) == len(checked.inv.quotes)
    archived = {p.resolve() for p in (DATA / "sources").iterdir() if p.is_file()}
    assert archived == {(DATA / s.file).resolve() for s in checked.inv.sources}, \
        "an archived text no source record names, or a source whose text is not in data/sources/"


def test_every_event_has_a_citation(checked):
    uncited = [e.id for e in checked.inv.events if not e.citations]
    assert uncited == []


def test_every_actor_takes_part_somewhere(checked):
    inv = checked.inv
    used: set[str] = set()
    for e in inv.events:
        used.update(ea.actor for ea in e.actors)
    for q in inv.quotes:
        used.update({q.speaker, q.according_to} - {None, "reported"})
    for c in inv.claims:
        used.add(c.claimant)
        used.update(c.about)
    for a in inv.actors:
        if a.relations:
            used.add(a.id)
        used.update(rel.target for rel in a.relations)
    idle = sorted(a.id for a in inv.actors if a.id not in used)
    assert idle == [], f"actors in no event, quote, claim or relation: {idle}"


def test_every_discrepancy_sets_two_sourced_sides_against_each_other(checked):
    inv = checked.inv
    claims = inv.claim_by_id
    quotes = inv.quote_by_id
    for disc in inv.discrepancies:
        assert len(set(disc.claims)) >= 2, disc.id
        claimants, sources = set(), set()
        for cid in disc.claims:
            claim = claims[cid]
            cited_sources = {quotes[c.quote].source if c.quote else c.source for c in claim.citations}
            assert cited_sources, f"{disc.id}: claim {cid} cites no source"
            claimants.add(claim.claimant)
            sources.update(cited_sources)
        assert len(claimants) >= 2 or len(sources) >= 2, \
            f"{disc.id}: all its claims come from one claimant in one source"
        assert disc.resolution, f"{disc.id}: say what the report concludes, or that it does not"


def test_every_key_judgment_has_probability_confidence_and_evidence(checked):
    report = checked.inv.report
    assert 4 <= len(report.key_judgments) <= 8
    for kj in report.key_judgments:
        assert kj.probability and kj.confidence, kj.id
        assert kj.based_on or kj.citations, kj.id


def test_every_archived_text_matches_its_recorded_sha256(checked):
    for src in checked.inv.sources:
        digest = hashlib.sha256((DATA / src.file).read_bytes()).hexdigest()
        assert digest == src.sha256, f"{src.file} has changed since it was archived"


def test_every_source_has_its_undated_metadata_marked_inferred(checked):
    # None of the five texts carries a date or a headline in a header: both are inferences.
    for src in checked.inv.sources:
        assert {"title", "published"} <= set(src.inferred), src.id
        if src.outlet:
            assert "outlet" in src.inferred, src.id
        if src.url:
            assert "url" in src.inferred, src.id


@pytest.mark.parametrize("source_id", [
    "loveluck-beirut", "wire-washington-damascus", "at-tanf-militia-strike",
    "cnn-containment-is-back", "third-strike-al-tanf",
])
def test_paragraph_coverage_of_each_source(checked, source_id):
    src = checked.inv.source_by_id[source_id]
    total = len(checked.archives[source_id].paragraphs)
    artifacts = {p for a in src.artifacts for p in a.paragraphs}
    substantive = [p for p in range(1, total + 1) if p not in artifacts and p not in src.uncited]
    cited = cited_paragraphs(checked)[source_id]
    missing = [p for p in substantive if p not in cited]
    coverage = (len(substantive) - len(missing)) / len(substantive)
    assert coverage >= MIN_COVERAGE, f"{source_id}: {coverage:.0%} covered; uncited paragraphs {missing}"


def test_every_direct_quotation_in_the_archives_is_recorded_with_its_speaker(checked):
    inv = checked.inv
    spans: dict[str, list[tuple[int, int]]] = {}
    for q in inv.quotes:
        if q.speaker != "reported":
            m = checked.matches[q.id]
            spans.setdefault(q.source, []).append((m.start, m.end))
    missing = []
    for src in inv.sources:
        archive = checked.archives[src.id]
        for mo in QUOTED.finditer(archive.text):
            words = mo.group(1).strip(" ,.")
            start = archive.text.index(words, mo.start(1))
            paragraph = archive.paragraph_at(start)
            covered = any(s <= start and start + len(words) <= e for s, e in spans.get(src.id, []))
            if not covered and (src.id, paragraph, words) not in UNATTRIBUTED_QUOTATION_MARKS:
                missing.append(f"{src.id} ¶{paragraph}: \"{words}\"")
    assert missing == [], "direct quotations with no quote record: " + "; ".join(missing)


def test_one_statement_quoted_by_two_outlets_keeps_one_speaker(checked):
    # Mattis's remark appears in the Post and in the wire copy; Centcom's 18 May release in
    # the wire copy and the third-strike article: each is one origin, not two.
    q = checked.inv.quote_by_id
    assert q["lov-mattis-offensive-movement"].speaker == q["wire-mattis-necessitated"].speaker == "jim-mattis"
    assert q["wire-centcom-destroyed"].speaker == q["third-centcom-advancing-well-inside"].speaker == "us-centcom"
    assert q["lov-mattis-offensive-movement"].source != q["wire-mattis-necessitated"].source
    assert checked.inv.source_by_id["wire-washington-damascus"].syndicated_from


def test_each_incident_climbs_to_a_strike(checked):
    rungs: dict[str, set[str]] = {}
    for e in checked.inv.events:
        if e.incident:
            rungs.setdefault(e.incident, set()).add(e.ladder.value if e.ladder else "")
    assert set(rungs) == {"first-strike", "second-strike", "third-strike"}
    for incident, steps in rungs.items():
        assert "strike" in steps, incident
    assert {"diplomatic contact", "show of force", "warning shots", "strike"} <= rungs["first-strike"]
    assert "shoot-down" in rungs["third-strike"]


def test_strike_fatalities_are_the_most_conservative_figure(checked):
    inv = checked.inv
    killed = Counter()
    for c in inv.claims:
        if c.quantity and c.quantity.unit in ("killed", "civilians killed"):
            for target in c.about:
                killed[target] = min(killed.get(target, c.quantity.value), c.quantity.value)
    for e in inv.events:
        if e.id in killed:
            assert e.fatalities == killed[e.id], e.id


def test_every_place_coordinate_says_where_it_comes_from(checked):
    for place in checked.inv.places:
        if place.coordinates:
            assert place.coordinates.note and "general knowledge" in place.coordinates.note.lower(), place.id


def test_anonymous_actors_are_described_not_named(checked):
    for actor in checked.inv.actors:
        if actor.anonymous:
            assert actor.description, actor.id
            assert not actor.aliases, f"{actor.id}: an unnamed actor has no names to list"
