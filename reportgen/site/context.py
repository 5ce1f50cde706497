"""`ctx`, the helpers every page template gets: links relative to the page being rendered,
citations as links, charts, and the few bits of HTML a Markdown page needs.

Everything a helper returns is safe markup built from slugs, escaped text and the
relative links of site/routes.py; data text never reaches the page unescaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING

from markupsafe import Markup

from reportgen.site.routes import Routes, relative
from reportgen.views import labels, safetext

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.analysis import Analysis, ResolvedCitation
    from reportgen.data.model import Citation
    from reportgen.site.paging import PagedList

QUOTE_TITLE_CHARS = 140  # the longest quote a citation's hover title shows whole


class PageContext:
    """Helpers for the page at `page`. `figures`, `cite_cache` and `routes` are shared by
    every page of one build."""

    def __init__(self, analysis: "Analysis", page: str, routes: Routes | None = None,
                 figures: Mapping[str, Markup] | None = None, cite_cache: dict | None = None):
        self.analysis = analysis
        self.page = page
        self.routes = routes or Routes({})
        self.figures = {} if figures is None else figures  # not `or`: that would draw lazy charts
        self.cite_cache = {} if cite_cache is None else cite_cache

    def figure(self, name: str) -> Markup:
        """A chart inlined as SVG (theme-aware), or nothing when the chart is empty."""
        return self.figures.get(name, Markup(""))

    def has_figure(self, name: str) -> bool:
        return name in self.figures

    def rel(self, target: str, anchor: str = "") -> Markup:
        """Relative link to a generated page (paths and anchors are slugs, so safe as they are)."""
        path = relative(target, self.page)
        return Markup(f"{path}#{anchor}" if anchor else (path or "#"))

    def link(self, kind: str, rid: str) -> Markup:
        """Relative link to a record: its own page, or its anchor on the page that holds it."""
        return self.rel(*self.routes.page_of(kind, rid))

    def download(self, path: str, text: str) -> Markup:
        """A link to a published download. An HTML link, not Markdown: the brief and the
        checksums are put beside the site after mkdocs ran, so mkdocs cannot vouch for them
        (tests/test_pipeline.py checks that every download linked is published)."""
        return Markup(f'<a href="{self.rel(path)}">{safetext.md_plain(text)}</a>')

    def paged_summary(self, pl: "PagedList") -> Markup:
        """Where a list too long for this page is: links to its pages, by record range."""
        links = []
        for number, chunk in enumerate(pl.chunks(), start=1):
            first = pl.first(number)
            links.append(f"[{first:,}–{first + len(chunk) - 1:,}]({self.rel(pl.page(number))})")
        return Markup(f"{len(pl.items):,} {pl.noun}, on {len(links)} pages: " + " · ".join(links)
                      + "\n{: .paged-list }")

    @staticmethod
    def heading(level: int) -> Markup:
        """The Markdown heading mark of a level (a list's records sit one level lower on its own pages)."""
        return Markup("#" * level)

    @staticmethod
    def ach(rating) -> Markup:
        """An ACH cell: the letter, with the word for screen readers and on hover."""
        word = getattr(rating, "value", rating) or "not rated"
        letter = labels.ach_letter(rating)
        return Markup(f'<abbr class="ach ach-{letter}" title="{word}">{letter}</abbr>'
                      f'<span class="sr-only"> ({word})</span>')

    def goldstein_class(self, event_id: str) -> str:
        """The CSS class that colours an event's Goldstein score by how conflictual it is."""
        score = self.analysis.goldstein.get(event_id, 0.0)
        if score <= -7:
            return "gs-severe"
        if score < 0:
            return "gs-negative"
        return "gs-positive" if score > 0 else "gs-neutral"

    @staticmethod
    def ext_link(url) -> Markup:
        """An outside address as a plain link (only http(s); anything else as text)."""
        safe = safetext.safe_url(url)
        if not safe:
            return safetext.md_plain(url)
        return Markup(f'<a href="{html.escape(safe, quote=True)}" rel="noopener noreferrer nofollow">'
                      f"{safetext.md_plain(safe)}</a>")

    def cites(self, citations: list["Citation"]) -> Markup:
        """Citations as a compact run of links: [Loveluck ¶4] [Wire ¶2]."""
        return Markup(" ".join(self._cite(citation) for citation in citations))

    def _cite(self, citation: "Citation") -> str:
        # What a citation's link says is the same on every page (a quote cited on the
        # timeline, its speaker's page and a claim's list): worked out once per build.
        key = (citation.quote, citation.source, citation.paragraph)
        parts = self.cite_cache.get(key)
        if parts is None:
            resolved = self.analysis.resolve(citation)
            page, anchor = self.routes.page_of("source", resolved.source_id)
            parts = self.cite_cache[key] = (
                page, resolved.anchor,
                safetext.md_plain(labels.citation_label(self.analysis, resolved)),
                safetext.escape_plain(citation_title(self.analysis, resolved)),
            )
        target, anchor, label, title = parts
        return f'[{label}]({self.rel(target, anchor)} "{title}"){{.cite}}'


def citation_title(analysis: "Analysis", resolved: "ResolvedCitation") -> str:
    """What a citation shows on hover: the source's title, and the quote's words."""
    source = analysis.inv.source_by_id.get(resolved.source_id)
    title = source.title if source else resolved.source_id
    if resolved.quote_id:
        quote = analysis.inv.quote_by_id[resolved.quote_id]
        limit = QUOTE_TITLE_CHARS
        text = quote.text if len(quote.text) < limit else quote.text[:limit - 3] + "..."
        return f"{title}: “{text}”"
    return title
