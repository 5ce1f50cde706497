"""A source's page: its archived text as numbered paragraphs, every passage the site cites marked.

The text is cut at every boundary of a cited quote, so overlapping quotes each get their own
marks, and each quote's id sits on its first marked piece: a citation lands on the highlight.
A quote nothing cites is left plain.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from markupsafe import Markup

from reportgen.views import safetext

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.analysis import Analysis


def source_paragraphs(analysis: "Analysis", source_id: str) -> list[dict]:
    """The archived text as numbered paragraphs with its cited passages marked.

    Each paragraph's text is split at every boundary of a quote the site cites (see
    `cited_quotes`); a piece covered by one or more of them is wrapped in <mark>, and an
    anchor with the quote's id sits just before the first piece of that quote.
    """
    archive = analysis.checked.archives.get(source_id)
    if archive is None:
        return []
    shown = cited_quotes(analysis)
    quotes = [q for q in analysis.quotes_by_source.get(source_id, []) if q.id in shown]
    paragraphs = archive.paragraphs
    starts = [para.start for para in paragraphs]
    # (start, end, quote id, is first piece) of every quoted piece, filed under each
    # paragraph it overlaps (found by bisection: a long text has many paragraphs).
    spans_of: list[list[tuple]] = [[] for _ in paragraphs]
    for q in quotes:
        match = analysis.checked.matches.get(q.id)
        if match:
            for i, (start, end) in enumerate(match.pieces):
                at = max(bisect.bisect_right(starts, start) - 1, 0)
                while at < len(paragraphs) and paragraphs[at].start < end:
                    if paragraphs[at].end > start:
                        spans_of[at].append((start, end, q.id, i == 0))
                    at += 1
    coverage = analysis.coverage.get(source_id)
    out = []
    for para, inside in zip(paragraphs, spans_of):
        html = _marked_pieces(archive.text, para, inside)
        quote_ids = sorted({s[2] for s in inside})
        usages = list(analysis.usages_by_paragraph.get((source_id, para.number), []))
        for qid in quote_ids:
            usages.extend(analysis.usages_by_quote.get(qid, []))
        seen, uses = set(), []
        for u in usages:
            if (u.kind, u.record_id) not in seen:
                seen.add((u.kind, u.record_id))
                uses.append(u)
        status = "cited"
        if coverage is not None:
            if para.number in coverage.artifacts:
                status = coverage.artifacts[para.number]
            elif para.number not in coverage.cited:
                status = "uncited"
        out.append({
            "number": para.number,
            "html": Markup("".join(html)),
            "quotes": quote_ids,
            "uses": uses,
            "status": status,
            "reason": (coverage.uncited_reasons.get(para.number) if coverage else None),
        })
    return out


def cited_quotes(analysis: "Analysis") -> set[str]:
    """The quotes some page cites: those a record rests on, and those the site shows with a
    citation of their own (each actor's page lists what the actor said)."""
    return set(analysis.usages_by_quote) | {q.id for quotes in analysis.quotes_by_actor.values() for q in quotes}


def _marked_pieces(text: str, para, inside: list[tuple]) -> list[str]:
    """A paragraph's text cut at every quote boundary, quoted pieces wrapped in <mark>."""
    cuts = {para.start, para.end}
    for start, end, _, _ in inside:
        cuts.add(max(start, para.start))
        cuts.add(min(end, para.end))
    points = sorted(cuts)
    html = []
    for a, b in zip(points, points[1:]):
        covering = [s for s in inside if s[0] <= a and s[1] >= b]
        starting = sorted(qid for start, _, qid, first in inside if first and start == a)
        # The mark itself carries the id of the first quote starting here (so a citation
        # lands on the highlighted passage); other quotes starting here get an anchor.
        own_id = starting[0] if covering and starting and a < b else None
        for qid in starting:
            if qid != own_id:
                html.append(f'<a class="quote-anchor" id="{qid}"></a>')
        piece = safetext.escape_plain(text[a:b]) if a < b else ""
        if covering:
            ids = " ".join(sorted({s[2] for s in covering}))
            id_attr = f' id="{own_id}"' if own_id else ""
            html.append(f'<mark class="quoted"{id_attr} data-quotes="{ids}">{piece}</mark>')
        else:
            html.append(str(piece))
    return html
