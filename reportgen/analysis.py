"""Analyse: everything the pages show that is computed, not curated.

Templates never compute a statistic; they read an `Analysis`. Corroboration
counts independent lines of evidence: two outlets repeating one official or
one wire are one line, not two.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional

from reportgen.data import cameo
from reportgen.data import dates
from reportgen.data import hygiene
from reportgen.data import units
from reportgen.data.checks import Checked
from reportgen.data.model import Citation, Claim, Event, LadderStep, Quote, Source
from reportgen.views.formats import quantity_text
from reportgen.views.labels import actor_name, claimant_name, incident_title

STRIKE_STEPS = {"strike", "shoot-down"}
TEMPO_STEPS = {"strike"}  # the tempo is between strikes on forces; a shoot-down downs an aircraft
ANALYST_QUOTES_SHOWN = 3  # per analyst and assessment on the escalation page and in the brief
TIMELINE_PAGE_EVENTS = 150  # at most this many events on one timeline page


@dataclass
class TimelinePeriod:
    """One timeline page: a month (or a year), or a part of a busy month."""

    key: str  # "2017-05", "2017-05-part-2", "2017"
    title: str
    groups: list  # [(day label, anchor, [events])]

    @property
    def count(self) -> int:
        return sum(len(g[2]) for g in self.groups)


def _day_group(e: Event) -> tuple[str, str]:
    """The heading an event is listed under on its timeline page, and that heading's anchor.
    Times group under their day; a month-only date under "day not known"."""
    spec = e.when
    span = dates.interval(spec)
    p = spec.precision.value
    if spec.end and p in ("day", "time"):
        label = dates.display(spec.model_copy(update={"approximate": False, "timezone": None,
                                                       "precision": spec.precision.__class__("day"),
                                                       "date": spec.date[:10], "end": spec.end[:10]}))
        return label + " (range)", f"range-{span.start:%Y-%m-%d}-{(span.end - dt.timedelta(days=1)):%Y-%m-%d}"
    if p in ("day", "time"):
        return _day_label(span.start), f"day-{span.start:%Y-%m-%d}"
    if p == "week":
        return f"Week of {span.start.day} {dates.MONTHS[span.start.month - 1]} {span.start.year}", \
            f"week-{span.start:%Y-%m-%d}"
    if p == "month":
        return f"{dates.MONTHS[span.start.month - 1]} {span.start.year}, day not known", f"month-{span.start:%Y-%m}"
    return f"{span.start.year}, month not known", f"year-{span.start.year}"


def _add_to_day_groups(groups: list, e: Event, used: set[str]) -> None:
    """Add an event, in the report's order, to a page's day headings: (label, anchor, events).
    It joins the last heading when that is its own (a range of days joins the heading of the
    day it starts on when events of that day come before it); otherwise it starts a heading, so
    grouping never moves an event past another. A heading seen before on the page starts again
    with an anchor of its own."""
    label, anchor = _day_group(e)
    if groups:
        last_label, _, last_events = groups[-1]
        spec = e.when
        starts_that_day = (spec.end and spec.precision.value in ("day", "time")
                           and last_label == _day_label(dates.interval(spec).start))
        if last_label == label or starts_that_day:
            last_events.append(e)
            return
    unique, n = anchor, 1
    while unique in used:
        n += 1
        unique = f"{anchor}-{n}"
    used.add(unique)
    groups.append((label, unique, [e]))


def _day_label(day: dt.datetime) -> str:
    return f"{day:%A} {day.day} {dates.MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class ResolvedCitation:
    """A citation resolved to a source and, where known, a paragraph and exact span."""

    source_id: str
    paragraph: Optional[int]
    quote_id: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None
    note: Optional[str] = None

    @property
    def anchor(self) -> str:
        """Anchor on the source page: the quote's highlight, or the paragraph."""
        if self.quote_id:
            return self.quote_id
        return f"para-{self.paragraph}" if self.paragraph else ""


@dataclass
class ClaimStatus:
    claim: Claim
    lines: list[str]  # independent lines of evidence (origins), those of agreeing figures included
    status: str  # "confirmed", "single-source", "disputed"
    discrepancies: list[str]
    normalised: Optional[tuple[float, Optional[float], str]] = None  # (value, max, base unit)
    agrees_with: list[str] = field(default_factory=list)  # claims whose figures corroborate it


@dataclass
class Coverage:
    source_id: str
    total: int
    cited: list[int]
    artifacts: dict[int, str]  # paragraph -> artifact kind
    uncited_reasons: dict[int, str]
    unexplained: list[int]

    @property
    def substantive(self) -> int:
        return self.total - len(self.artifacts)

    @property
    def percent(self) -> float:
        cited = len([p for p in self.cited if p not in self.artifacts])
        return 100.0 * cited / self.substantive if self.substantive else 100.0


@dataclass
class Usage:
    """Where in the report a piece of evidence is used: (kind, record id, label)."""

    kind: str
    record_id: str
    label: str


@dataclass
class Analysis:
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

    # Groupings and labels the templates show (so templates compute nothing).

    def timeline_groups(self) -> list[tuple[str, list[tuple[str, list[Event]]]]]:
        """Events grouped by month, then by day (or the coarser date they are known to), in the
        report's order (`event_order`): a group holds consecutive events only, so grouping never
        moves an event past another."""
        months: list[tuple] = []  # (month, unused, day groups, anchors taken)
        for e in self.events:
            span = dates.interval(e.when)
            if e.when.precision.value != "year":
                month = f"{dates.MONTHS[span.start.month - 1]} {span.start.year}"
            else:
                month = str(span.start.year)
            if not months or months[-1][0] != month:
                months.append((month, [], [], set()))
            _add_to_day_groups(months[-1][2], e, months[-1][3])
        return [(month, [(label, events) for label, _, events in groups]) for month, _, groups, _ in months]

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

    # Site presentation helpers (the web pages and charts read these).

    def timeline_periods(self, max_events: int = TIMELINE_PAGE_EVENTS) -> list["TimelinePeriod"]:
        """The timeline cut into pages: one per month (a year when only the year is known),
        a busy month split into parts of at most `max_events`, never splitting a day."""
        periods: dict[str, list[tuple[str, str, list[Event]]]] = {}
        titles: dict[str, str] = {}
        used: dict[str, set[str]] = {}  # per page: the anchors its headings have taken
        for e in self.events:
            span = dates.interval(e.when)
            if e.when.precision.value == "year":
                key, title = f"{span.start.year}", f"{span.start.year} (month not known)"
            else:
                key, title = f"{span.start:%Y-%m}", f"{dates.MONTHS[span.start.month - 1]} {span.start.year}"
            titles[key] = title
            _add_to_day_groups(periods.setdefault(key, []), e, used.setdefault(key, set()))
        out: list[TimelinePeriod] = []
        for key, groups in periods.items():
            parts: list[list[tuple[str, str, list[Event]]]] = [[]]
            count = 0
            for group in groups:
                if parts[-1] and count + len(group[2]) > max_events:
                    parts.append([])
                    count = 0
                parts[-1].append(group)
                count += len(group[2])
            for i, part in enumerate(parts, 1):
                page_key = key if i == 1 else f"{key}-part-{i}"
                title = titles[key] if len(parts) == 1 else f"{titles[key]}, part {i} of {len(parts)}"
                out.append(TimelinePeriod(page_key, title, part))
        return out

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
        """Each incident's ladder: its events in the order they happened (`event_order`, the
        timeline's), the highest rung reached and the lowest Goldstein score."""
        order = [step.value for step in LadderStep]
        out = []
        for incident, events in self.incidents.items():
            steps = list(events)  # already in the report's order
            rungs = [e.ladder.value for e in events if e.ladder]
            out.append({
                "id": incident,
                "title": incident_title(incident),
                "events": steps,
                "top": max(rungs, key=order.index) if rungs else "",
                "lowest": min(self.goldstein[e.id] for e in events),
                "when": dates.display(events[0].when),
            })
        return out

    def ladder_steps(self) -> list[str]:
        return [step.value for step in LadderStep]

    def length_claims(self) -> list[dict]:
        """Claims with a length, normalised to km; `radius` marks a zone's radius (a claim whose
        subject names a radius). Zones with a curated `radius_km` come from `zone_radii`."""
        out = []
        for cs in self.claim_status.values():
            if not cs.normalised or cs.normalised[2] != "km":
                continue
            claim = cs.claim
            out.append({
                "claim": claim,
                "status": cs.status,
                "km": cs.normalised[0],
                "km_max": cs.normalised[1],
                "as_written": quantity_text(cs),
                "claimant": claimant_name(self.inv, claim),
                "radius": "radius" in claim.subject,
                "qualifier": claim.quantity.qualifier,
            })
        return sorted(out, key=lambda r: (r["radius"], r["claim"].subject, r["km"], r["claim"].id))

    def approach_claims(self) -> list[dict]:
        """Length claims about how close something came in an incident: those `about` an event
        (a strike, a convoy's approach). Without any, every length claim that is not a radius."""
        rows = [r for r in self.length_claims() if not r["radius"]]
        approaches = [r for r in rows if any(x in self.inv.event_by_id for x in r["claim"].about)]
        return approaches or rows

    def escalation_window(self) -> tuple[Optional[dt.datetime], Optional[dt.datetime], list[Event]]:
        """The span the escalation chart shows: the incidents' events (ladder steps) with a
        margin before them, so one far-off background event does not squash the chart, and
        ending with the evidence (the last source's date): nothing is known after it. Also the
        events left outside it (the chart's table lists every event)."""
        if not self.events:
            return None, None, []
        core = [e for e in self.events if e.incident or e.ladder] or self.events
        start = min(dates.interval(e.when).start for e in core)
        end = max(dates.interval(e.when).end for e in core)
        pad = max((end - start) / 4, dt.timedelta(days=14))
        evidence_end = self.evidence_end()
        start = start - pad
        end = max(end, evidence_end) if evidence_end else end + pad
        outside = [e for e in self.events
                   if dates.interval(e.when).end <= start or dates.interval(e.when).start >= end]
        return start, end, outside

    def evidence_end(self) -> Optional[dt.datetime]:
        """The end of the last day any source may have been published: the evidence stops there."""
        ends = []
        for s in self.inv.sources:
            try:
                ends.append(dates.interval(s.published).end)
            except dates.DateProblem:
                continue
        return max(ends) if ends else None

    def strike_marks(self) -> list[tuple[Event, str]]:
        """The strikes the escalation chart marks, each with its name: the incident's title
        (\"First strike\"), else the event's title."""
        return [(e, incident_title(e.incident) if e.incident else e.title)
                for e in self.events if e.ladder and e.ladder.value in TEMPO_STEPS]

    def tempo_left_out(self) -> list[Event]:
        """Strike-like events the tempo does not count (shoot-downs: they down an aircraft)."""
        return [e for e in self.events if e.ladder and e.ladder.value in STRIKE_STEPS - TEMPO_STEPS]

    def zone_radii(self) -> list[dict]:
        """Zone radii: places with `radius_km`, then radius claims, in km."""
        out = [{"label": f"{p.name} (curated)", "km": p.radius_km, "source": "curated", "place": p,
                "as_written": f"{p.radius_km:g} km"}
               for p in self.inv.places if p.radius_km]
        out += [{"label": f"radius as reported by {r['claimant']}", "km": r["km"], "source": r["claimant"],
                 "claim": r["claim"], "as_written": r["as_written"]}
                for r in self.length_claims() if r["radius"]]
        return out

    def ach_tally(self, assessment) -> dict[str, dict[str, int]]:
        """Per hypothesis: how many evidence items are consistent, inconsistent, neutral.
        ACH weighs the inconsistent ones: the hypothesis with fewest is the least refuted."""
        tally = {h.id: {"consistent": 0, "inconsistent": 0, "neutral": 0} for h in assessment.hypotheses}
        for item in assessment.evidence:
            for hid, rating in item.ratings.items():
                if hid in tally:
                    tally[hid][getattr(rating, "value", rating)] += 1
        return tally

    def least_refuted(self, assessment) -> list[str]:
        counts = hygiene.inconsistencies(assessment)
        if not counts or not assessment.evidence:
            return []
        fewest = min(counts.values())
        return [hid for hid, n in counts.items() if n == fewest]

    def analyst_quotes(self, assessment, limit: int = ANALYST_QUOTES_SHOWN) -> list[tuple[str, list[Quote]]]:
        """The words of each actor who argues one of the hypotheses: (actor id, quotes).

        Quotes this assessment cites come first; at most `limit` per analyst, so the
        escalation page stays bounded however much an analyst said (the actor's own
        page has every quote).
        """
        cited = {c.quote for c in assessment.citations if c.quote}
        for item in assessment.evidence:
            cited.update(c.quote for c in item.citations if c.quote)
        seen, out = set(), []
        for h in assessment.hypotheses:
            for actor_id in h.held_by:
                quotes = self.quotes_by_actor.get(actor_id)
                if actor_id not in seen and quotes:
                    seen.add(actor_id)
                    ranked = sorted(quotes, key=lambda q: q.id not in cited)  # stable: cited first
                    out.append((actor_id, ranked[:limit]))
        return out

    def event_type_counts(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for e in self.events:
            counts[e.event_type] = counts.get(e.event_type, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def actors_by_role(self, event: Event) -> list[tuple[str, list[str]]]:
        """An event's actors as ("By", ids), ("Against", ids), ("Also involved", ids)."""
        labels = {"initiator": "By", "target": "Against", "other": "Also involved"}
        out = []
        for role, label in labels.items():
            ids = [ea.actor for ea in event.actors if ea.role.value == role]
            if ids:
                out.append((label, ids))
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


def resolve_citation(checked: Checked, citation: Citation) -> ResolvedCitation:
    if citation.quote:
        quote = checked.inv.quote_by_id[citation.quote]
        match = checked.matches.get(citation.quote)
        return ResolvedCitation(
            source_id=quote.source,
            paragraph=match.paragraph if match else None,
            quote_id=quote.id,
            start=match.start if match else None,
            end=match.end if match else None,
            note=citation.note,
        )
    return ResolvedCitation(source_id=citation.source or "", paragraph=citation.paragraph, note=citation.note)


def evidence_origin(checked: Checked, citation: Citation) -> str:
    """Who the information really comes from, so repeats count once."""
    inv = checked.inv
    if citation.quote:
        quote = inv.quote_by_id[citation.quote]
        if quote.speaker != "reported":
            return f"actor:{quote.speaker}"
        if quote.according_to:
            return f"actor:{quote.according_to}"
        source_id = quote.source
    else:
        source_id = citation.source or ""
    source: Optional[Source] = inv.source_by_id.get(source_id)
    if source and source.syndicated_from:
        return f"wire:{source.syndicated_from}"
    return f"source:{source_id}"


def event_order(event: Event) -> tuple:
    """Day, then the curated order within the day (`sequence`), then time and id.

    A timed event and an event known only to its day fall on the same day; the
    curator's sequence, where the sources give one, decides which came first.
    """
    start, end = dates.sort_key(event.when)
    return (start.date(), event.sequence or 0, start, end, event.id)


def analyse(checked: Checked) -> Analysis:
    inv = checked.inv
    events = sorted(inv.events, key=event_order)
    goldstein, labels = {}, {}
    for e in inv.events:
        found = cameo.lookup(e.cameo)
        if found:
            labels[e.id], goldstein[e.id] = found

    in_discrepancy: dict[str, list[str]] = defaultdict(list)
    rejected: set[str] = set()  # claims a contradiction leaves contested (not upheld by its resolution)
    agreeing: dict[str, set[str]] = defaultdict(set)  # claim -> claims whose figures agree with it
    for disc in inv.discrepancies:
        members = [inv.claim_by_id[c] for c in disc.claims if c in inv.claim_by_id]
        for cid in disc.claims:
            in_discrepancy[cid].append(disc.id)
        if disc.outcome == "compatible":
            # Figures that agree corroborate each other; readings that need not conflict stand apart.
            if hygiene.figures_agree(members, disc.tolerance):
                for claim in members:
                    agreeing[claim.id].update(m.id for m in members if m.id != claim.id)
            continue
        for cid in disc.claims:
            if cid not in disc.upheld:
                rejected.add(cid)

    own_lines = {claim.id: sorted({evidence_origin(checked, c) for c in claim.citations}) for claim in inv.claims}
    claim_status = {}
    origins_all: set[str] = set()
    for claim in inv.claims:
        lines = sorted(set(own_lines[claim.id]).union(*(own_lines[o] for o in agreeing.get(claim.id, ()))))
        origins_all.update(own_lines[claim.id])
        if claim.id in rejected:
            status = "disputed"
        elif len(lines) >= 2:
            status = "confirmed"
        else:
            status = "single-source"
        normalised = None
        if claim.quantity and units.lookup(claim.quantity.unit):
            value, base = units.normalise(claim.quantity.value, claim.quantity.unit)
            vmax = units.normalise(claim.quantity.value_max, claim.quantity.unit)[0] \
                if claim.quantity.value_max is not None else None
            normalised = (value, vmax, base)
        claim_status[claim.id] = ClaimStatus(claim, lines, status, in_discrepancy.get(claim.id, []), normalised,
                                             sorted(agreeing.get(claim.id, ())))

    usages_by_quote: dict[str, list[Usage]] = defaultdict(list)
    usages_by_paragraph: dict[tuple[str, int], list[Usage]] = defaultdict(list)

    def use(citations: list[Citation], usage: Usage) -> None:
        for citation in citations:
            resolved = resolve_citation(checked, citation)
            if resolved.quote_id:
                usages_by_quote[resolved.quote_id].append(usage)
            if resolved.paragraph:
                usages_by_paragraph[(resolved.source_id, resolved.paragraph)].append(usage)

    for e in events:
        use(e.citations, Usage("event", e.id, e.title))
    for claim in inv.claims:
        use(claim.citations, Usage("claim", claim.id, claim.statement))
    for actor in inv.actors:
        for rel in actor.relations:
            target = actor_name(inv, rel.target)
            use(rel.citations, Usage("actor", actor.id, f"{actor.name}: {rel.type.value} {target}"))
    for a in inv.assessments:
        use(a.citations, Usage("assessment", a.id, a.question))
        for item in a.evidence:
            use(item.citations, Usage("assessment", a.id, item.description))
    if inv.report:
        for kj in inv.report.key_judgments:
            use(kj.citations, Usage("key judgment", kj.id, kj.text))
    # A quote is used wherever it is shown, too: on its speaker's page.
    quotes_by_actor: dict[str, list[Quote]] = defaultdict(list)
    quotes_by_source: dict[str, list[Quote]] = defaultdict(list)
    for q in inv.quotes:
        quotes_by_source[q.source].append(q)
        for actor_id in {q.speaker, q.according_to} - {"reported", None}:
            quotes_by_actor[actor_id].append(q)
        match = checked.matches.get(q.id)
        if match:
            for p in range(match.paragraph, match.paragraph_end + 1):
                usages_by_paragraph.setdefault((q.source, p), [])

    coverage = {}
    paragraphs_used: dict[str, set[int]] = defaultdict(set)  # by source: one pass, not one per source
    for (sid, p), uses in usages_by_paragraph.items():
        if uses:
            paragraphs_used[sid].add(p)
    for src in inv.sources:
        archive = checked.archives.get(src.id)
        if archive is None:
            continue
        cited = set()
        for q in quotes_by_source.get(src.id, []):
            match = checked.matches.get(q.id)
            if match and (usages_by_quote.get(q.id) or q.speaker != "reported"):
                cited.update(range(match.paragraph, match.paragraph_end + 1))
        cited.update(paragraphs_used.get(src.id, ()))
        artifacts = {p: a.kind for a in src.artifacts for p in a.paragraphs}
        total = len(archive.paragraphs)
        unexplained = [p for p in range(1, total + 1)
                       if p not in cited and p not in artifacts and p not in src.uncited]
        coverage[src.id] = Coverage(src.id, total, sorted(cited), artifacts, dict(src.uncited), unexplained)

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
        coverage=coverage,
        usages_by_quote=dict(usages_by_quote),
        usages_by_paragraph=dict(usages_by_paragraph),
        tempo=_tempo(events),
        incidents=dict(incidents),
        events_by_actor=dict(events_by_actor),
        quotes_by_actor=dict(quotes_by_actor),
        claims_by_actor=dict(claims_by_actor),
        quotes_by_source=dict(quotes_by_source),
        independent_origins=len(origins_all),
    )
    analysis.figures = _figures(analysis)
    return analysis


def _tempo(events: list[Event]) -> list[dict]:
    """Calendar days between consecutive strikes (events on the `strike` rung), from one
    strike's date to the next's, whatever the hour: a date known only within a span gives
    a range, `days` to `days_max` (equal when both dates are known to the day)."""
    strikes = [e for e in events if e.ladder and e.ladder.value in TEMPO_STEPS]
    out = []
    for before, after in zip(strikes, strikes[1:]):
        low, high = calendar_days(before.when, after.when)
        out.append({"from": before, "to": after, "days": low, "days_max": high})
    return out


def calendar_days(first, second) -> tuple[int, int]:
    """The fewest and most calendar days from the date of `first` to the date of `second`, each
    at the precision it is written to (a time counts as its day)."""
    a, b = dates.interval(first), dates.interval(second)
    a_first, a_last = a.start.date(), (a.end - dt.timedelta(microseconds=1)).date()
    b_first, b_last = b.start.date(), (b.end - dt.timedelta(microseconds=1)).date()
    return max(0, (b_first - a_last).days), max(0, (b_last - a_first).days)


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
