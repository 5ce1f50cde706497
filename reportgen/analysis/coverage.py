"""Where the report uses each piece of evidence, and how much of each source it uses.

Every citation of an event, claim, relation, assessment or key judgment is filed under the
quote and the source paragraph it points to; a quote is used, too, wherever it is shown
(on its speaker's page). A source's coverage is the share of its paragraphs the report
uses, leaving out those the curator marked as artifacts (a caption, a byline); a paragraph
nothing uses and no reason explains is `unexplained`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Optional

from reportgen.analysis.citations import resolve_citation
from reportgen.data.checks import Checked
from reportgen.data.model import Citation, Event, Quote, Relation


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
    """Where in the report a piece of evidence is used: the record's kind and id, and its own
    words (a title, a statement, a question, a name); `relation` when an actor's relation
    cites it (views.labels.usage_label says it in words)."""

    kind: str
    record_id: str
    label: str
    relation: Optional[Relation] = None


def usages(checked: Checked, events: list[Event]) -> tuple[dict[str, list[Usage]], dict[tuple[str, int], list[Usage]]]:
    """Where each quote and each source paragraph is used: (by quote id, by (source id, paragraph))."""
    inv = checked.inv
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
            use(rel.citations, Usage("actor", actor.id, actor.name, rel))
    for a in inv.assessments:
        use(a.citations, Usage("assessment", a.id, a.question))
        for item in a.evidence:
            use(item.citations, Usage("assessment", a.id, item.description))
    if inv.report:
        for kj in inv.report.key_judgments:
            use(kj.citations, Usage("key judgment", kj.id, kj.text))
    # A quote is used wherever it is shown, too: on its speaker's page.
    for q in inv.quotes:
        match = checked.matches.get(q.id)
        if match:
            for p in range(match.paragraph, match.paragraph_end + 1):
                usages_by_paragraph.setdefault((q.source, p), [])
    return dict(usages_by_quote), dict(usages_by_paragraph)


def quotes_by(checked: Checked) -> tuple[dict[str, list[Quote]], dict[str, list[Quote]]]:
    """Each actor's quotes (said by them or attributed to them), and each source's."""
    quotes_by_actor: dict[str, list[Quote]] = defaultdict(list)
    quotes_by_source: dict[str, list[Quote]] = defaultdict(list)
    for q in checked.inv.quotes:
        quotes_by_source[q.source].append(q)
        for actor_id in {q.speaker, q.according_to} - {"reported", None}:
            quotes_by_actor[actor_id].append(q)
    return dict(quotes_by_actor), dict(quotes_by_source)


def coverage(checked: Checked, usages_by_quote: dict[str, list[Usage]],
             usages_by_paragraph: dict[tuple[str, int], list[Usage]],
             quotes_by_source: dict[str, list[Quote]]) -> dict[str, Coverage]:
    """Each source's coverage: the paragraphs the report uses, by source id."""
    inv = checked.inv
    out = {}
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
        out[src.id] = Coverage(src.id, total, sorted(cited), artifacts, dict(src.uncited), unexplained)
    return out
