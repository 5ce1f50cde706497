"""Citations -> footnotes: each quotes the words it cites, names who said them and where.

One footnote per cited statement, its sources in the order first cited (or the same words
in line, after an annex's entry: a long list reads better with each entry's evidence
beside it, and footnotes cost WeasyPrint far more to lay out than text in line). A passage is
quoted up to QUOTE_WORDS words (then an ellipsis) with its speaker; a footnote quotes
passages while their words stay within FOOTNOTE_WORDS and names the rest by source and
paragraph, so a statement resting on twenty passages still has a footnote that fits a
page. When the site's address is known, each passage links to its highlighted place on
the source's page there. The words come from the data: they are escaped, never markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from markupsafe import Markup, escape

from reportgen.analysis import Analysis, ResolvedCitation
from reportgen.data.model import Citation
from reportgen.site import routes
from reportgen.site.mappage import built_address
from reportgen.views import evidence, labels

QUOTE_WORDS = 25
FOOTNOTE_WORDS = 30
_ENDS_SENTENCE = re.compile(r"[.!?]”(</a>)?$")  # quoted words that end a sentence end the note too


@dataclass
class Footnote:
    """One footnote as printed, for whoever checks the PDF against it."""

    number: int
    cites: list[tuple[str, Optional[int]]]  # (source id, paragraph), in the order shown
    labels: dict[str, str]  # source id -> how the footnote names it
    quoted: list[str] = field(default_factory=list)  # the words it quotes, as printed
    links: list[str] = field(default_factory=list)  # the site's passages it links


def shorten(words: str, limit: int = QUOTE_WORDS) -> str:
    """At most `limit` words, cut at a word with an ellipsis; a comma or colon the quoted words
    end on is left out, as the footnote's own punctuation follows."""
    parts = words.split()
    if len(parts) <= limit:
        return " ".join(parts).rstrip(",;:")
    return " ".join(parts[:limit]).rstrip(",;:") + " …"


def passage_url(site_url: str, source_id: str, anchor: str) -> str:
    """The address of a cited passage on the published site: its source's page, at the passage."""
    page = built_address(routes.record_page("source", source_id))
    return f"{site_url}{page}" + (f"#{anchor}" if anchor else "")


@dataclass
class Notes:
    """The template's `fn(citations)`, a numbered footnote, and `cite(citations)`, the same words
    printed in line (the annexes' entries carry their evidence with them). Each remembers what
    it printed (`emitted`, `inline`) for whoever checks the PDF against it."""

    analysis: Analysis
    site_url: str = ""  # the published site's address, ending in "/"; "" when not known
    render_note: Callable[[object], Markup] = escape  # a citation's note: data text with inline Markdown
    emitted: list[Footnote] = field(default_factory=list)
    inline: list[Footnote] = field(default_factory=list)

    def __call__(self, citations: list[Citation], most: int = 0, words: int = FOOTNOTE_WORDS) -> Markup:
        """A numbered footnote; `most` > 0 names at most that many passages and counts the rest,
        and `words` caps what it quotes (a table's cell, whose full evidence an annex gives)."""
        text = self._text(citations, len(self.emitted) + 1, self.emitted, words, most)
        # A word joiner keeps the call on the line of the word it follows.
        return Markup(f'\u2060<span class="fn">{text}</span>') if text else Markup("")

    def cite(self, citations: list[Citation], quote: bool = True) -> Markup:
        """The evidence in line; `quote=False` names the passages without their words (after the
        words themselves, as under a quotation)."""
        text = self._text(citations, 0, self.inline, FOOTNOTE_WORDS if quote else 0)
        return Markup(f'<span class="cite">{text}</span>') if text else Markup("")

    def _text(self, citations: list[Citation], number: int, into: list[Footnote],
              words: int = FOOTNOTE_WORDS, most: int = 0) -> str:
        by_source: dict[str, list[labels.CiteGroup]] = {}
        groups = labels.citation_groups(self.analysis, citations)  # one per source paragraph
        shown = groups[:most] if most else groups
        left = len(groups) - len(shown)
        for group in shown:
            by_source.setdefault(group.source_id, []).append(group)
        if not by_source:
            return ""
        note = Footnote(number, [], {})
        budget = [words]
        parts = []
        for source_id, groups in by_source.items():
            groups.sort(key=lambda g: (g.paragraph is None, g.paragraph or 0))
            note.labels[source_id] = labels.source_label(self.analysis.inv, source_id)
            note.cites += [(source_id, g.paragraph) for g in groups]
            parts.append(self._source(source_id, note, groups, budget))
        into.append(note)
        text = "; ".join(parts)
        if left:
            text += f"; and {left} more passage{'s' if left > 1 else ''}"
        return text if _ENDS_SENTENCE.search(text) else text + "."

    def _source(self, source_id: str, note: Footnote, groups: list[labels.CiteGroup], budget: list[int]) -> str:
        inv = self.analysis.inv
        label = note.labels[source_id]
        text = f'<a class="fn-source" href="#{escape(source_id)}">{escape(label)}</a>'
        source = inv.source_by_id.get(source_id)
        if source is not None:
            outlet = labels.source_outlet(source) if source.outlet and source.outlet != label else None
            where = ", ".join(str(escape(x)) for x in (outlet, labels.source_date(source)) if x)
            if where:
                text += f" ({where})"
        passages = [self._paragraph(source_id, g, note, budget) for g in groups]
        passages = [p for p in passages if p]
        return text + (" " + ", ".join(passages) if passages else "")

    def _paragraph(self, source_id: str, group: labels.CiteGroup, note: Footnote, budget: list[int]) -> str:
        """"¶4, Jim Mattis: “words”" while the footnote's words last, else "¶4"; with its notes."""
        url = passage_url(self.site_url, source_id, group.anchor) if self.site_url else ""
        mark = f"¶{group.paragraph}" if group.paragraph else ""
        quoted = []
        for qid in group.quote_ids or [None]:
            resolved = ResolvedCitation(source_id, group.paragraph, qid)
            # the footnote's first words fit its budget; later passages are quoted only while they fit
            words = shorten(evidence.cited_words(self.analysis, resolved),
                            QUOTE_WORDS if note.quoted else max(1, min(QUOTE_WORDS, budget[0])))
            count = len(words.split())
            if not words or count > budget[0] and (note.quoted or budget[0] == 0):
                continue
            budget[0] -= count
            note.quoted.append(words)
            speaker = evidence.speaker_text(self.analysis, resolved)
            if qid and self.analysis.inv.quote_by_id[qid].speaker == "reported":
                speaker = speaker[:1].lower() + speaker[1:]  # "the outlet's own words", mid-sentence
            quote = f"“{escape(words)}”"
            if url:
                quote = f'<a class="fn-quote" href="{escape(url)}">{quote}</a>'
            quoted.append(f"{escape(speaker)}: {quote}" if speaker else quote)
        if url and not quoted and mark:
            mark = f'<a class="fn-quote" href="{escape(url)}">{mark}</a>'
        if url:
            note.links.append(url)
        text = ", ".join(x for x in [mark, *quoted] if x)
        for extra in group.notes:
            text += (" " if text else "") + f"({self.render_note(extra)})"
        return text
