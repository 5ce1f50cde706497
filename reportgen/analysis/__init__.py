"""Analyse: everything the pages show that is computed, not curated.

Templates never compute a statistic; they read an `Analysis`, made once by `analyse()`
from the checked investigation. It holds facts, not how they are shown (labels, routes
and formats are the views' and the site's). The facts are worked out by this package's
modules, one subject each: citations (where a citation points, who it comes from),
claims (each claim's status from the evidence), coverage (where evidence is used),
timeline (the report's order of events and its pages), escalation (ladders, tempo),
distances, assessments (competing hypotheses); indexes by actor are built here, once,
when first asked for.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional

from reportgen.analysis import assessments, distances, escalation, timeline
from reportgen.analysis.citations import ResolvedCitation, resolve_citation
from reportgen.analysis.claims import ClaimStatus, claim_statuses
from reportgen.analysis.coverage import Coverage, Usage, coverage, quotes_by, usages
from reportgen.analysis.escalation import STRIKE_STEPS, TEMPO_STEPS
from reportgen.analysis.timeline import TIMELINE_PAGE_EVENTS, TimelinePeriod, event_order
from reportgen.data import cameo
from reportgen.data.checks import Checked
from reportgen.data.model import Citation, Claim, Event, LadderStep, Quote


@dataclass
class Analysis:
    """The checked investigation and the facts computed from it: what every later stage reads."""

    checked: Checked
    events: list[Event]  # in date order
    goldstein: dict[str, float]
    cameo_labels: dict[str, str]
    claim_status: dict[str, ClaimStatus]
    coverage: dict[str, Coverage]
    usages_by_quote: dict[str, list[Usage]]
    usages_by_paragraph: dict[tuple[str, int], list[Usage]]
    tempo: list[dict]
    incidents: dict[str, list[Event]]
    events_by_actor: dict[str, list[Event]]
    quotes_by_actor: dict[str, list[Quote]]
    claims_by_actor: dict[str, list[Claim]]
    quotes_by_source: dict[str, list[Quote]]
    independent_origins: int = 0
    figures: dict[str, object] = field(default_factory=dict)

    @property
    def inv(self):
        return self.checked.inv

    def resolve(self, citation: Citation) -> ResolvedCitation:
        return resolve_citation(self.checked, citation)

    def timeline_groups(self) -> list[tuple[str, list[tuple[str, list[Event]]]]]:
        """Events grouped by month, then by day, in the report's order (timeline.timeline_groups)."""
        return timeline.timeline_groups(self.events)

    def kind_of(self, record_id: str) -> str:
        inv = self.inv
        for kind, table in (("event", inv.event_by_id), ("claim", inv.claim_by_id),
                            ("discrepancy", inv.index("discrepancies")), ("assessment", inv.index("assessments")),
                            ("actor", inv.actor_by_id), ("place", inv.place_by_id), ("source", inv.source_by_id),
                            ("quote", inv.quote_by_id)):
            if record_id in table:
                return kind
        if record_id in self.assessment_of_hypothesis():
            return "hypothesis"
        if inv.report and any(kj.id == record_id for kj in inv.report.key_judgments):
            return "key judgment"
        return "event"

    def assessment_of_hypothesis(self) -> dict[str, str]:
        """Hypothesis id -> the id of the assessment it belongs to."""
        return self.memo("assessment_of_hypothesis",
                          lambda: {h.id: a.id for a in self.inv.assessments for h in a.hypotheses})

    def quote_citation(self, quote_id: str) -> Citation:
        return Citation(quote=quote_id)

    def claims_with_status(self, status: str) -> list[ClaimStatus]:
        return [cs for cs in self.claim_status.values() if cs.status == status]

    def timeline_periods(self, max_events: int = TIMELINE_PAGE_EVENTS) -> list[TimelinePeriod]:
        """The timeline cut into pages (timeline.timeline_periods)."""
        return timeline.timeline_periods(self.events, max_events)

    def event_sides(self, event: Event) -> list[str]:
        """Side ids of an event's actors, in the report's order of sides."""
        sides = {self.inv.actor_by_id[ea.actor].side for ea in event.actors
                 if ea.actor in self.inv.actor_by_id}
        return [s for s in self.side_ids() if s in sides]

    def side_ids(self) -> list[str]:
        def build() -> list[str]:
            order = [s.id for s in self.inv.report.sides] if self.inv.report else []
            extra = sorted({a.side for a in self.inv.actors if a.side and a.side not in order})
            return order + extra

        return list(self.memo("side_ids", build))

    def memo(self, key: str, build):
        """An index over the whole investigation, built once: the pages ask for it once per
        actor or event, and rebuilding it each time would make the site quadratic in their number."""
        cache = self.__dict__.setdefault("_memo_cache", {})
        if key not in cache:
            cache[key] = build()
        return cache[key]

    def _group(self, key: str, pairs) -> dict[str, list]:
        def build() -> dict[str, list]:
            out: dict[str, list] = {}
            for k, value in pairs():
                out.setdefault(k, []).append(value)
            return out

        return self.memo(key, build)

    def is_exact(self, spec) -> bool:
        return spec is not None and not spec.approximate and not spec.end and spec.precision.value in ("day", "time")

    def all_relations(self) -> list[tuple]:
        """Every relation as (actor, relation) in a stable order."""
        return list(self.memo("all_relations", lambda: [
            (actor, rel) for actor in sorted(self.inv.actors, key=lambda x: x.id) for rel in actor.relations]))

    def relations_to(self, actor_id: str) -> list[tuple]:
        """Relations other actors have towards this one: (other actor, relation)."""
        by_target = self._group("relations_to", lambda: ((rel.target, (actor, rel))
                                                         for actor, rel in self.all_relations()))
        return list(by_target.get(actor_id, []))

    def members_of(self, actor_id: str) -> list:
        by_parent = self._group("members_of", lambda: ((a.parent, a) for a in self.inv.actors if a.parent))
        return sorted(by_parent.get(actor_id, []), key=lambda x: x.name.lower())

    def event_role(self, event: Event, actor_id: str) -> str:
        return ", ".join(ea.role.value for ea in event.actors if ea.actor == actor_id)

    def claims_by(self, actor_id: str) -> list[Claim]:
        by_claimant = self._group("claims_by", lambda: ((c.claimant, c) for c in self.inv.claims))
        return list(by_claimant.get(actor_id, []))

    def claims_about(self, actor_id: str) -> list[Claim]:
        by_about = self._group("claims_about", lambda: ((target, c) for c in self.inv.claims
                                                        for target in dict.fromkeys(c.about)))
        return [c for c in by_about.get(actor_id, []) if c.claimant != actor_id]

    def hypotheses_of(self, actor_id: str) -> list[tuple]:
        """(assessment, hypothesis) pairs the actor argues."""
        by_actor = self._group("hypotheses_of", lambda: ((actor, (a, h)) for a in self.inv.assessments
                                                         for h in a.hypotheses for actor in dict.fromkeys(h.held_by)))
        return list(by_actor.get(actor_id, []))

    def incident_rows(self) -> list[dict]:
        """Each incident's ladder (escalation.incident_rows)."""
        return escalation.incident_rows(self)

    def ladder_steps(self) -> list[str]:
        return [step.value for step in LadderStep]

    def length_claims(self) -> list[dict]:
        """Every claim of a length, in km (distances.length_claims)."""
        return distances.length_claims(self)

    def approach_claims(self) -> list[dict]:
        """The length claims about how close something came (distances.approach_claims)."""
        return distances.approach_claims(self)

    def escalation_window(self) -> tuple[Optional[dt.datetime], Optional[dt.datetime], list[Event]]:
        """The span the escalation chart shows, and the events outside it (escalation.escalation_window)."""
        return escalation.escalation_window(self.events, self.inv.sources)

    def evidence_end(self) -> Optional[dt.datetime]:
        """The end of the last day any source may have been published: the evidence stops there."""
        return escalation.evidence_end(self.inv.sources)

    def strike_marks(self) -> list[Event]:
        """The strikes the escalation chart marks: the events on the `strike` rung."""
        return [e for e in self.events if e.ladder and e.ladder.value in TEMPO_STEPS]

    def tempo_left_out(self) -> list[Event]:
        """Strike-like events the tempo does not count (shoot-downs: they down an aircraft)."""
        return [e for e in self.events if e.ladder and e.ladder.value in STRIKE_STEPS - TEMPO_STEPS]

    def zone_radii(self) -> list[dict]:
        """The zone's radii, curated and reported, in km (distances.zone_radii)."""
        return distances.zone_radii(self)

    def ach_tally(self, assessment) -> dict[str, dict[str, int]]:
        """Per hypothesis: how many evidence items are consistent, inconsistent, neutral."""
        return assessments.ach_tally(assessment)

    def least_refuted(self, assessment) -> list[str]:
        """The hypotheses with the fewest inconsistent items of evidence."""
        return assessments.least_refuted(assessment)

    def analyst_quotes(self, assessment, limit: int = assessments.ANALYST_QUOTES_SHOWN) \
            -> list[tuple[str, list[Quote]]]:
        """The words of each actor who argues one of the hypotheses (assessments.analyst_quotes)."""
        return assessments.analyst_quotes(assessment, self.quotes_by_actor, limit)

    def event_type_counts(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for e in self.events:
            counts[e.event_type] = counts.get(e.event_type, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def actors_by_role(self, event: Event) -> list[tuple[str, list[str]]]:
        """An event's actors by their role: ("initiator", ids), ("target", ids), ("other", ids)."""
        out = []
        for role in ("initiator", "target", "other"):
            ids = [ea.actor for ea in event.actors if ea.role.value == role]
            if ids:
                out.append((role, ids))
        return out

    def events_at(self, place_id: str) -> list[Event]:
        by_place = self._group("events_at", lambda: ((e.place, e) for e in self.events if e.place))
        return list(by_place.get(place_id, []))

    def quote_uses(self, quote_id: str) -> list[Usage]:
        seen, out = set(), []
        for u in self.usages_by_quote.get(quote_id, []):
            if (u.kind, u.record_id) not in seen:
                seen.add((u.kind, u.record_id))
                out.append(u)
        return out



def analyse(checked: Checked) -> Analysis:
    inv = checked.inv
    events = sorted(inv.events, key=event_order)
    goldstein, labels = {}, {}
    for e in inv.events:
        found = cameo.lookup(e.cameo)
        if found:
            labels[e.id], goldstein[e.id] = found
    claim_status, origins_all = claim_statuses(checked)
    usages_by_quote, usages_by_paragraph = usages(checked, events)
    quotes_by_actor, quotes_by_source = quotes_by(checked)
    events_by_actor: dict[str, list[Event]] = defaultdict(list)
    incidents: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        for ea in e.actors:
            events_by_actor[ea.actor].append(e)
        if e.incident:
            incidents[e.incident].append(e)
    claims_by_actor: dict[str, list[Claim]] = defaultdict(list)
    for claim in inv.claims:
        if claim.claimant != "reported":
            claims_by_actor[claim.claimant].append(claim)
        for target in claim.about:
            if target in inv.actor_by_id:
                claims_by_actor[target].append(claim)

    analysis = Analysis(
        checked=checked,
        events=events,
        goldstein=goldstein,
        cameo_labels=labels,
        claim_status=claim_status,
        coverage=coverage(checked, usages_by_quote, usages_by_paragraph, quotes_by_source),
        usages_by_quote=usages_by_quote,
        usages_by_paragraph=usages_by_paragraph,
        tempo=escalation.tempo(events),
        incidents=dict(incidents),
        events_by_actor=dict(events_by_actor),
        quotes_by_actor=quotes_by_actor,
        claims_by_actor=dict(claims_by_actor),
        quotes_by_source=quotes_by_source,
        independent_origins=len(origins_all),
    )
    analysis.figures = _figures(analysis)
    return analysis


def _figures(a: Analysis) -> dict[str, object]:
    inv = a.inv
    statuses = [s.status for s in a.claim_status.values()]
    return {
        "sources": len(inv.sources),
        "quotes": len(inv.quotes),
        "events": len(inv.events),
        "actors": len(inv.actors),
        "claims": len(inv.claims),
        "confirmed": statuses.count("confirmed"),
        "single_source": statuses.count("single-source"),
        "disputed": statuses.count("disputed"),
        "discrepancies": len(inv.discrepancies),
        "strikes": sum(1 for e in inv.events if e.ladder and e.ladder.value in STRIKE_STEPS),
        "strikes_only": sum(1 for e in inv.events if e.ladder and e.ladder.value in TEMPO_STEPS),
        "independent_origins": a.independent_origins,
    }
