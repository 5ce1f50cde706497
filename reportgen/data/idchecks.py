"""Ids: unique across the investigation, none taking the name of a page of the site, and
every id a record names defined.

Ids are URL anchors and page names, so two records cannot share one and none may be a
page or an anchor the site makes itself. Every reference between records (a quote's
source and speaker, an event's place and actors, a claim's claimant, a citation's quote or
paragraph, an actor's parent, without loops) must name a record that exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Optional

from reportgen.data import reserved
from reportgen.data.diagnostics import Diagnostics, did_you_mean
from reportgen.data.loader import Investigation
from reportgen.data.model import Citation, DateSpec, Record

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.data.checks import Checked


def all_records(inv: Investigation) -> Iterable[tuple[str, Record]]:
    """Every record that has an id, with the word for its kind ("key judgment", "quote"...)."""
    if inv.report:
        for kj in inv.report.key_judgments:
            yield "key judgment", kj
        for side in inv.report.sides:
            yield "side", side
    for name, kind in (("sources", "source"), ("quotes", "quote"), ("actors", "actor"), ("places", "place"),
                       ("events", "event"), ("claims", "claim"), ("discrepancies", "discrepancy"),
                       ("assessments", "assessment")):
        for record in getattr(inv, name):
            yield kind, record
    for assessment in inv.assessments:
        for hyp in assessment.hypotheses:
            yield "hypothesis", hyp
        for item in assessment.evidence:
            yield "evidence item", item


def check_ids(inv: Investigation, d: Diagnostics) -> dict[str, str]:
    """Ids are unique across the whole investigation (they are URL anchors)."""
    seen: dict[str, tuple[str, Record]] = {}
    for kind, record in all_records(inv):
        if record.id in seen:
            first_kind, first = seen[record.id]
            d.error(record.field_origin("id"), f"duplicate id `{record.id}` ({kind})",
                    f"already used by the {first_kind} at {first.origin}; ids must be unique")
        else:
            seen[record.id] = (kind, record)
    return {rid: kind for rid, (kind, _) in seen.items()}


def check_reserved_ids(inv: Investigation, d: Diagnostics) -> None:
    """No id takes the name of one of the site's own pages or anchors (reportgen/data/reserved.py),
    nor of an anchor the site makes from other records: an incident's, an assessment's words."""
    made = {f"incident-{e.incident}": f"the anchor of incident `{e.incident}` on escalation.md"
            for e in inv.events if e.incident}
    made.update({f"{a.id}-words": f"the anchor of the analysts' words of assessment `{a.id}` on escalation.md"
                 for a in inv.assessments})
    for kind, record in all_records(inv):
        where = reserved.taken_by(record.id) or made.get(record.id)
        if where:
            d.error(record.field_origin("id"), f"{kind} `{record.id}`: id `{record.id}` is taken by {where}",
                    f"ids are page names and anchors of the site: choose another, e.g. "
                    f"`{record.id}-{kind.replace(' ', '-')}`")


_RECORD_KIND = {"Source": "source", "Quote": "quote", "Actor": "actor", "Event": "event", "Claim": "claim",
                "Discrepancy": "discrepancy", "Assessment": "assessment", "KeyJudgment": "key judgment"}


def check_references(inv: Investigation, result: Checked, ids: dict[str, str]) -> None:
    d = result.diagnostics
    sources, quotes, actors, places = inv.source_by_id, inv.quote_by_id, inv.actor_by_id, inv.place_by_id
    claims = inv.claim_by_id
    side_ids = {s.id for s in inv.report.sides} if inv.report else set()

    owner: Optional[Record] = None  # the record being checked, named in each message (`named`)

    def ref(record: Record, field_name: str, value: Optional[str], table: dict, kind: str,
            allow: tuple = ()) -> None:
        if value is None or value in allow or value in table:
            return
        hint = did_you_mean(value, table) or f"define a {kind} with `id: {value}`"
        d.error(record.field_origin(field_name), f"{named(owner)}`{field_name}` names unknown {kind} `{value}`", hint)

    def named(record: Optional[Record]) -> str:
        """'quote `x`: '"""
        if record is None:
            return ""
        kind = _RECORD_KIND.get(type(record).__name__, type(record).__name__.lower())
        return f"{kind} `{record.id}`: "

    def cites(record: Record, citations: list[Citation]) -> None:
        for c in citations:
            if c.quote is not None:
                ref(c, "quote", c.quote, quotes, "quote")
            if c.source is not None:
                ref(c, "source", c.source, sources, "source")
                archive = result.archives.get(c.source)
                if archive and c.paragraph is not None and c.paragraph > len(archive.paragraphs):
                    d.error(c.field_origin("paragraph"), f"paragraph {c.paragraph} of `{c.source}` does not exist",
                            f"the archived text has paragraphs 1 to {len(archive.paragraphs)}")

    def date_anchor(record: Record, spec: Optional[DateSpec]) -> None:
        if spec is not None:
            ref(spec, "anchor", spec.anchor, sources, "source")

    for src in inv.sources:
        owner = src
        date_anchor(src, src.published)
    for q in inv.quotes:
        owner = q
        ref(q, "source", q.source, sources, "source")
        ref(q, "speaker", q.speaker, actors, "actor", allow=("reported",))
        ref(q, "according_to", q.according_to, actors, "actor")
        date_anchor(q, q.said)
    for a in inv.actors:
        owner = a
        ref(a, "parent", a.parent, actors, "actor")
        if a.side is not None and a.side not in side_ids:
            d.error(a.field_origin("side"), f"actor `{a.id}`: unknown side `{a.side}`",
                    did_you_mean(a.side, side_ids) or "define the side under `report: sides:`")
        for rel in a.relations:
            ref(rel, "target", rel.target, actors, "actor")
            cites(rel, rel.citations)
            if rel.target == a.id:
                d.error(rel.origin, f"actor `{a.id}` has a relation to itself", "name another actor as `target`")
    _check_parent_cycles(inv, d)
    for e in inv.events:
        owner = e
        ref(e, "place", e.place, places, "place")
        for ea in e.actors:
            ref(ea, "actor", ea.actor, actors, "actor")
        cites(e, e.citations)
        date_anchor(e, e.when)
    for c in inv.claims:
        owner = c
        ref(c, "claimant", c.claimant, actors, "actor", allow=("reported",))
        for target in c.about:
            if target not in ids:
                d.error(c.field_origin("about"), f"claim `{c.id}`: `about` names unknown id `{target}`",
                        did_you_mean(target, ids) or "name an actor, place or event id")
        cites(c, c.citations)
    for disc in inv.discrepancies:
        owner = disc
        for cid in disc.claims:
            if cid not in claims:
                d.error(disc.field_origin("claims"), f"discrepancy `{disc.id}`: unknown claim `{cid}`",
                        did_you_mean(cid, claims) or "list the ids of claims that disagree")
        for cid in disc.upheld:
            if cid not in disc.claims:
                d.error(disc.field_origin("upheld"), f"discrepancy `{disc.id}`: upheld claim `{cid}` is not one of its claims",
                        f"list in `upheld` only claims from `claims`: {', '.join(disc.claims)}")
        if disc.upheld and not disc.resolution:
            d.error(disc.field_origin("upheld"), f"discrepancy `{disc.id}` upholds claims without a `resolution`",
                    "say in `resolution` why the report accepts those claims")
        if len(set(disc.claims)) < 2:
            d.error(disc.field_origin("claims"), f"discrepancy `{disc.id}` needs two different claims",
                    "a discrepancy shows at least two sides")
    for a in inv.assessments:
        owner = a
        cites(a, a.citations)
        for item in a.evidence:
            cites(item, item.citations)
        for h in a.hypotheses:
            for actor in h.held_by:
                if actor not in actors:
                    d.error(h.field_origin("held_by"), f"hypothesis `{h.id}`: unknown actor `{actor}`",
                            did_you_mean(actor, actors) or "name the analysts' actor ids")
    if inv.report:
        allowed = {"event", "claim", "discrepancy", "assessment"}
        for kj in inv.report.key_judgments:
            owner = kj
            cites(kj, kj.citations)
            for target in kj.based_on:
                if ids.get(target) not in allowed:
                    d.error(kj.field_origin("based_on"), f"key judgment `{kj.id}`: `based_on` names unknown `{target}`",
                            did_you_mean(target, [i for i, k in ids.items() if k in allowed])
                            or "name events, claims, discrepancies or assessments")


def _check_parent_cycles(inv: Investigation, d: Diagnostics) -> None:
    actors = inv.actor_by_id
    reported: set[frozenset] = set()
    for actor in inv.actors:
        seen = [actor.id]
        current = actor.parent
        while current in actors:
            if current in seen:
                if current == actor.id and frozenset(seen) not in reported:  # each loop once, at its first actor
                    reported.add(frozenset(seen))
                    chain = " -> ".join(seen + [current])
                    d.error(actor.field_origin("parent"), f"actor `{actor.id}`: parent chain loops ({chain})",
                            "an organisation cannot be its own ancestor; fix one `parent:`")
                break
            seen.append(current)
            current = actors[current].parent
