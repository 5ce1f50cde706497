"""The brief as the print template sees it (`b`): paper, metadata, chapters, and references.

A record the brief shows has one anchor, where the brief shows it; a reference to it in
data text prints its label linked there, and a reference to a record the brief does not
show prints the label alone (readers never see an id). A few records are shown twice,
summed up in the body and in full in an annex: the annex's entry takes `full_anchor`,
which no record id can take (ids are slugs, it holds an underscore).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cached_property
from typing import Optional

from markupsafe import Markup, escape

from reportgen.analysis import Analysis
from reportgen.pdf.footnotes import QUOTE_WORDS, Notes
from reportgen.pdf.metadata import metadata
from reportgen.pdf.template import pdf_inline
from reportgen.site import registry
from reportgen.views import labels, safetext

PAPERS = {"a4": "A4", "letter": "letter"}  # --paper value -> CSS page size
COVER_HEIGHT = {"a4": "259mm", "letter": "241mm"}  # the cover page's area (page height less margins)
SAFE_ANCHOR = re.compile(r"[a-z0-9][a-z0-9_-]*")  # anchors written into CSS as they are


@dataclass(frozen=True)
class ChapterView:
    """A registry chapter as the brief prints it: an annex's title carries its letter."""

    anchor: str
    name: str  # the registry's title
    template: str
    letter: str = ""  # "A", "B", ... for an annex

    @property
    def annex(self) -> bool:
        return bool(self.letter)

    @property
    def title(self) -> str:
        return f"Annex {self.letter}: {self.name}" if self.letter else self.name


def chapter_views(chapters: list[registry.Chapter]) -> list[ChapterView]:
    """The registry's chapters in print order, the annexes lettered A, B, C ... (AA past Z)."""
    out, annexes = [], 0
    for ch in chapters:
        letter = ""
        if ch.annex:
            letter = _letter(annexes)
            annexes += 1
        out.append(ChapterView(ch.anchor, ch.title, ch.template, letter))
    return out


def _letter(n: int) -> str:
    letters = string.ascii_uppercase
    return letters[n] if n < len(letters) else _letter(n // len(letters) - 1) + letters[n % len(letters)]


def full_anchor(record_id: str) -> str:
    """The anchor of a record's full entry in an annex, when the body sums it up."""
    return f"{record_id}_full"


class BriefView:
    """Everything the print template reads about the brief itself (templates compute nothing)."""

    def __init__(self, analysis: Analysis, paper: str, site_url: str = ""):
        self.a = analysis
        self.inv = analysis.inv
        self.paper = paper
        self.page_size = PAPERS[paper]
        self.cover_height = COVER_HEIGHT[paper]
        self.meta = metadata(analysis.inv)
        self.site_url = safetext.safe_url(site_url)
        if self.site_url and not self.site_url.endswith("/"):
            self.site_url += "/"
        self.notes = Notes(analysis, self.site_url, self.md)
        self.chapters = chapter_views(registry.brief_chapters())  # render_html leaves out those not shown
        self._page_refs: dict[tuple[str, str], None] = {}  # (kind, anchor) of links printing a page number

    def chapter(self, anchor: str) -> Optional[ChapterView]:
        return next((ch for ch in self.chapters if ch.anchor == anchor), None)

    full_anchor = staticmethod(full_anchor)
    quote_words = QUOTE_WORDS

    # ---- references inside the brief

    @cached_property
    def shown_ids(self) -> frozenset[str]:
        """The records the brief shows, each at the anchor of its own id."""
        inv = self.inv
        ids = {e.id for e in inv.events} | {a.id for a in inv.actors} | {s.id for s in inv.sources}
        ids |= {d.id for d in inv.discrepancies} | {a.id for a in inv.assessments} | {c.id for c in inv.claims}
        ids |= {kj.id for kj in inv.report.key_judgments} | {p.id for p in inv.places}
        ids |= {h.id for a in inv.assessments for h in a.hypotheses}
        return frozenset(ids)

    def ref(self, record_id: str):
        """A record as an item of a run-in list: (label without a closing full stop, anchor or None)."""
        label = labels.in_list(labels.plain(self.inv, labels.record_label(self.inv, record_id)))
        return Ref(label, self.anchor_of(record_id))

    def anchor_of(self, record_id: str) -> Optional[str]:
        """Where the brief shows a record (None: it does not)."""
        return record_id if record_id in self.shown_ids else None

    def md(self, text) -> Markup:
        """Data text as HTML; a reference to a record shows its label, linked when the brief shows it."""
        if text is None:
            return Markup("")

        def link(label: str, ref) -> str:
            shown = escape(labels.plain(self.inv, label))
            anchor = self.anchor_of(ref.id)
            return f'<a class="xref-plain" href="#{escape(anchor)}">{shown}</a>' if anchor else str(shown)

        out = labels.with_refs(self.inv, str(text), lambda t: str(pdf_inline(t)), link)
        return pdf_inline(text) if out is None else Markup(out)

    # ---- page numbers of the contents and the cross-references

    def page_ref(self, kind: str, anchor: str) -> str:
        """`anchor`, for a link of `kind` ("toc" or "xref") that prints its target's page number;
        remembered, so that `page_ref_css` names the target in that link's rule."""
        self._page_refs[(kind, anchor)] = None
        return anchor

    def page_ref_css(self) -> Markup:
        """A rule per linked target that prints its page number, the target written out.

        brief.css prints the number with `target-counter(attr(href url), page)`, but WeasyPrint
        70 files a target given through attr() under no anchor, so its number is only put right
        when the page's own counters change, which lays the contents and each page with a
        cross-reference out once more. Written out, the target is followed as WeasyPrint means
        it to be. An anchor that is not a plain slug keeps the stylesheet's rule."""
        rules = []
        for kind, anchor in self._page_refs:
            if not SAFE_ANCHOR.fullmatch(anchor):
                continue
            if kind == "toc":
                rules.append(f'.toc a[href="#{anchor}"]::after '
                             f'{{ content: leader(".") target-counter(url(#{anchor}), page); }}')
            else:
                rules.append(f'a.xref[href="#{anchor}"]::after '
                             f'{{ content: " (p. " target-counter(url(#{anchor}), page) ")"; }}')
        return Markup("\n".join(rules))


@dataclass
class Ref:
    """A record the brief points to: its label and, when the brief shows it, its anchor."""

    label: str
    anchor: Optional[str]
