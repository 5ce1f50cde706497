"""Citations resolved: to a source, a paragraph and the exact span of a quote; and who the
information really comes from, so that two outlets repeating one official or one wire
count as one line of evidence, not two.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from reportgen.data.checks import Checked
from reportgen.data.model import Citation, Source


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
