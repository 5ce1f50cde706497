"""Analyse: everything the pages show that is computed, not curated.

Templates never compute a statistic; they read an `Analysis`. Corroboration
counts independent lines of evidence: two outlets repeating one official or
one wire are one line, not two.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional

from . import cameo, dates, units
from .checks import Checked
from .model import Citation, Claim, Event, Quote, Source

STRIKE_STEPS = {"strike", "shoot-down"}


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
    lines: list[str]  # independent lines of evidence (origins)
    status: str  # "confirmed", "single-source", "disputed"
    discrepancies: list[str]
    normalised: Optional[tuple[float, Optional[float], str]] = None  # (value, max, base unit)


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
        """Events grouped by month, then by day (or by the coarser date they are known to)."""
        months: dict[str, dict[str, list[Event]]] = {}
        for e in self.events:
            span = dates.interval(e.when)
            month = "Date unknown"
            if e.when.precision.value != "year":
                month = f"{dates.MONTHS[span.start.month - 1]} {span.start.year}"
            else:
                month = str(span.start.year)
            day = dates.display(e.when.model_copy(update={"approximate": False}))
            months.setdefault(month, {}).setdefault(day, []).append(e)
        return [(m, list(days.items())) for m, days in months.items()]

    def actors_by_side(self) -> list[tuple[str, list[tuple[str, list]]]]:
        inv = self.inv
        order = [s.id for s in inv.report.sides] if inv.report else []
        groups: dict[str, dict[str, list]] = {}
        for actor in sorted(inv.actors, key=lambda x: x.name.lower()):
            side = self.side_name(actor.side) if actor.side else "No side"
            groups.setdefault(side, {}).setdefault(actor.kind.value, []).append(actor)
        names = [self.side_name(s) for s in order] + ["No side"]
        ordered = sorted(groups.items(), key=lambda kv: names.index(kv[0]) if kv[0] in names else len(names))
        return [(side, sorted(kinds.items())) for side, kinds in ordered]

    def side_name(self, side_id: Optional[str]) -> str:
        if self.inv.report:
            for side in self.inv.report.sides:
                if side.id == side_id:
                    return side.name
        return side_id or ""

    def kind_of(self, record_id: str) -> str:
        inv = self.inv
        for kind, table in (("event", inv.event_by_id), ("claim", inv.claim_by_id),
                            ("discrepancy", inv.index("discrepancies")), ("assessment", inv.index("assessments")),
                            ("actor", inv.actor_by_id), ("place", inv.place_by_id), ("source", inv.source_by_id)):
            if record_id in table:
                return kind
        return "event"

    def quote_citation(self, quote_id: str) -> Citation:
        return Citation(quote=quote_id)

    def claimant_name(self, claim: Claim) -> str:
        if claim.claimant == "reported":
            return "the outlet's own reporting"
        actor = self.inv.actor_by_id.get(claim.claimant)
        return actor.name if actor else claim.claimant

    @staticmethod
    def ach_symbol(rating) -> str:
        return {"consistent": "C", "inconsistent": "I", "neutral": "N"}.get(getattr(rating, "value", rating), "–")

    def claims_with_status(self, status: str) -> list[ClaimStatus]:
        return [cs for cs in self.claim_status.values() if cs.status == status]

    @staticmethod
    def quantity_text(cs: "ClaimStatus") -> str:
        q = cs.claim.quantity
        if q is None:
            return ""
        value = f"{q.value:g}" + (f" to {q.value_max:g}" if q.value_max is not None else "")
        qualifier = "" if q.qualifier == "exactly" else f"{q.qualifier} "
        text = f"{qualifier}{value} {q.unit}"
        if cs.normalised and cs.normalised[2] == "km" and q.unit not in ("km", "kilometres", "kilometers"):
            text += f" (≈ {cs.normalised[0]:.1f} km)"
        return text


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


def analyse(checked: Checked) -> Analysis:
    inv = checked.inv
    events = sorted(inv.events, key=lambda e: (dates.sort_key(e.when), e.id))
    goldstein, labels = {}, {}
    for e in inv.events:
        found = cameo.lookup(e.cameo)
        if found:
            labels[e.id], goldstein[e.id] = found

    in_discrepancy: dict[str, list[str]] = defaultdict(list)
    for disc in inv.discrepancies:
        for cid in disc.claims:
            in_discrepancy[cid].append(disc.id)

    claim_status = {}
    origins_all: set[str] = set()
    for claim in inv.claims:
        lines = sorted({evidence_origin(checked, c) for c in claim.citations})
        origins_all.update(lines)
        if in_discrepancy.get(claim.id):
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
        claim_status[claim.id] = ClaimStatus(claim, lines, status, in_discrepancy.get(claim.id, []), normalised)

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
            use(rel.citations, Usage("actor", actor.id, f"{actor.name} {rel.type.value} {rel.target}"))
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
    for src in inv.sources:
        archive = checked.archives.get(src.id)
        if archive is None:
            continue
        cited = set()
        for q in quotes_by_source.get(src.id, []):
            match = checked.matches.get(q.id)
            if match and (usages_by_quote.get(q.id) or q.speaker != "reported"):
                cited.update(range(match.paragraph, match.paragraph_end + 1))
        cited.update(p for (sid, p), uses in usages_by_paragraph.items() if sid == src.id and uses)
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
    """Days between consecutive strikes (events on the strike rungs of the ladder)."""
    strikes = [e for e in events if e.ladder and e.ladder.value in STRIKE_STEPS]
    out = []
    for before, after in zip(strikes, strikes[1:]):
        gap = dates.interval(after.when).start - dates.interval(before.when).start
        out.append({"from": before, "to": after, "days": gap.days})
    return out


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
        "independent_origins": a.independent_origins,
    }
