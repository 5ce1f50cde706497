"""Competing hypotheses: the ACH tally of each hypothesis, the least refuted, the analysts' words.

Analysis of Competing Hypotheses weighs the evidence inconsistent with each hypothesis: the
one with the fewest inconsistent items is the least refuted. Beside the matrix stand the
words of each actor who argues one of the hypotheses.
"""

from __future__ import annotations

from reportgen.data import hygiene
from reportgen.data.model import Quote

ANALYST_QUOTES_SHOWN = 3  # per analyst and assessment on the escalation page and in the brief


def ach_tally(assessment) -> dict[str, dict[str, int]]:
    """Per hypothesis: how many evidence items are consistent, inconsistent, neutral.
    ACH weighs the inconsistent ones: the hypothesis with fewest is the least refuted."""
    tally = {h.id: {"consistent": 0, "inconsistent": 0, "neutral": 0} for h in assessment.hypotheses}
    for item in assessment.evidence:
        for hid, rating in item.ratings.items():
            if hid in tally:
                tally[hid][getattr(rating, "value", rating)] += 1
    return tally


def least_refuted(assessment) -> list[str]:
    """The hypotheses with the fewest inconsistent items of evidence (none without evidence)."""
    counts = hygiene.inconsistencies(assessment)
    if not counts or not assessment.evidence:
        return []
    fewest = min(counts.values())
    return [hid for hid, n in counts.items() if n == fewest]


def analyst_quotes(assessment, quotes_by_actor: dict[str, list[Quote]],
                   limit: int = ANALYST_QUOTES_SHOWN) -> list[tuple[str, list[Quote]]]:
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
            quotes = quotes_by_actor.get(actor_id)
            if actor_id not in seen and quotes:
                seen.add(actor_id)
                ranked = sorted(quotes, key=lambda q: q.id not in cited)  # stable: cited first
                out.append((actor_id, ranked[:limit]))
    return out
