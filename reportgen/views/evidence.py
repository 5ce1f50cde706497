"""What a citation shows a reader without leaving the page: the cited words, who said them,
the source, the date and the source's grade.

One place decides it, so the site's citation popovers and any other view (the brief's
footnotes) quote the same words the same way. Everything here is plain text; whoever
prints it escapes it for its own medium.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.analysis import Analysis
from reportgen.analysis.citations import ResolvedCitation
from reportgen.data import dates
from reportgen.views import labels, safetext

# A paragraph cited as a whole is quoted up to this many words (news paragraphs are
# shorter; a long one is cut at a word, with an ellipsis).
PARAGRAPH_WORDS = 80


@dataclass(frozen=True)
class Evidence:
    """A citation as a reader sees it: every field plain text, "" when not known."""

    words: str  # the quoted words, or the cited paragraph's text
    speaker: str  # who says them ("" for a paragraph cited as a whole)
    source: str  # the source's label, outlet and title
    date: str  # when the words were said, else when the source was published
    grade: str  # the source's Admiralty reliability grade, in words
    note: str = ""  # the curator's note on this citation


def cited_words(analysis: Analysis, resolved: ResolvedCitation) -> str:
    """The words a citation points at: a quote's text as curated (elisions marked), or the
    archived paragraph's text, cut after PARAGRAPH_WORDS words."""
    inv = analysis.inv
    if resolved.quote_id:
        return " ".join(inv.quote_by_id[resolved.quote_id].text.split())
    archive = analysis.checked.archives.get(resolved.source_id)
    if archive is None or not resolved.paragraph or resolved.paragraph > len(archive.paragraphs):
        return ""
    para = archive.paragraphs[resolved.paragraph - 1]
    words = archive.text[para.start:para.end].split()
    if len(words) > PARAGRAPH_WORDS:
        return " ".join(words[:PARAGRAPH_WORDS]) + " …"
    return " ".join(words)


def speaker_text(analysis: Analysis, resolved: ResolvedCitation) -> str:
    """Who says the cited words: an actor's name, or the outlet itself (and on whose word)."""
    if not resolved.quote_id:
        return ""
    quote = analysis.inv.quote_by_id[resolved.quote_id]
    if quote.speaker == "reported":
        text = "The outlet's own words"
        if quote.according_to:
            text += f", according to {labels.actor_name(analysis.inv, quote.according_to)}"
        return text
    return labels.actor_name(analysis.inv, quote.speaker)


def cited_evidence(analysis: Analysis, resolved: ResolvedCitation) -> Evidence:
    inv = analysis.inv
    source = inv.source_by_id.get(resolved.source_id)
    if source is None:
        return Evidence(cited_words(analysis, resolved), speaker_text(analysis, resolved),
                        resolved.source_id, "", "", safetext.md_words(resolved.note or ""))
    label = labels.source_label(inv, source.id)
    parts = [label]
    if source.outlet and source.outlet != label:
        parts.append(source.outlet)
    source_text = ", ".join(parts) + f": {labels.source_title(source)}"
    if resolved.paragraph:
        source_text += f", paragraph {resolved.paragraph}"
    quote = inv.quote_by_id[resolved.quote_id] if resolved.quote_id else None
    if quote is not None and quote.said:
        date = f"said {dates.display(quote.said)}"
    else:
        date = f"published {dates.display(source.published)}"
    grade = source.reliability.grade
    return Evidence(
        words=cited_words(analysis, resolved),
        speaker=speaker_text(analysis, resolved),
        source=source_text,
        date=date,
        grade=f"Source graded {grade}: {labels.grade_words(grade)}",
        note=safetext.md_words(resolved.note or ""),
    )


def group_evidence(analysis: Analysis, source_id: str, paragraph, quote_ids: list[str]) -> list[Evidence]:
    """What one chip shows: the evidence of each quoted passage of a source paragraph, in the
    order cited, or of the paragraph itself when no passage of it is quoted."""
    if not quote_ids:
        return [cited_evidence(analysis, ResolvedCitation(source_id, paragraph))]
    return [cited_evidence(analysis, ResolvedCitation(source_id, paragraph, qid)) for qid in quote_ids]
