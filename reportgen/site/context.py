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

from reportgen.site.figures import chart_figure
from reportgen.site.routes import Routes, relative
from reportgen.views import evidence, labels, network, safetext

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.analysis import Analysis
    from reportgen.analysis.citations import ResolvedCitation
    from reportgen.data.model import Citation
    from reportgen.site.paging import PagedList

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

    def cites(self, citations: list["Citation"], shown: int = labels.CHIPS_SHOWN) -> Markup:
        """Citations as a compact run of links, one per source paragraph: [Loveluck ¶4] [Wire copy ¶2];
        past `shown` of them (labels.CHIPS_SHOWN), the rest follow behind a "+N more" button
        (report.js; without JavaScript every chip shows)."""
        groups = labels.citation_groups(self.analysis, citations)
        shown, hidden = labels.shown_and_more(groups, shown)
        text = " ".join(self._chip(g) for g in shown)
        if hidden:
            text += (f' <span class="cite-rest">{" ".join(self._chip(g) for g in hidden)}</span>'
                     f'<button type="button" class="cite-more" hidden>{labels.more_text(hidden)}</button>')
        return Markup(text)

    def _chip(self, group: labels.CiteGroup) -> str:
        # What a chip's link says and carries is the same on every page (a quote cited on the
        # timeline, its speaker's page and a claim's list): worked out once per build.
        key = (group.source_id, group.paragraph, tuple(group.quote_ids), tuple(group.notes))
        parts = self.cite_cache.get(key)
        if parts is None:
            page, _ = self.routes.page_of("source", group.source_id)
            parts = self.cite_cache[key] = (
                page, group.anchor, safetext.md_plain(group.label), cite_data(self.analysis, group),
            )
        target, anchor, label, data = parts
        return f"[{label}]({self.rel(target, anchor)}){{.cite{data}}}"

    def neighbourhood(self, actor_id: str) -> Markup:
        """The picture of an actor's relations, either way (nothing when it has none)."""
        svg = network.neighbourhood_chart(self.analysis, actor_id)
        if not svg:
            return Markup("")
        name = labels.actor_name(self.analysis.inv, actor_id)
        return chart_figure("neighbourhood", svg, f"The relations of {name}",
                            f"Who {name} backs, opposes, commands or speaks for, and who does so to {name}; "
                            "the list gives each relation with its sources.")

    # ---- references and labels

    def md(self, text: str):
        """Data text with its references to records as links to them (None: it holds none)."""
        inv = self.analysis.inv

        def link(label: str, ref) -> str:
            target = self.ref_link(ref.kind, ref.id)
            shown = safetext.md_plain(labels.plain(inv, label))
            return f"[{shown}]({target})" if target else str(shown)

        out = labels.with_refs(inv, text, lambda t: str(safetext.md_inline(t)), link)
        return None if out is None else Markup(out)

    def ref_link(self, kind: str, rid: str) -> str:
        """Where a reference `kind:id` leads on the site ("" when nowhere)."""
        if kind == "hypothesis":
            owner = self.analysis.assessment_of_hypothesis().get(rid)
            return self.link("assessment", owner).split("#")[0] + f"#{rid}" if owner else ""
        if kind == "judgment":
            return self.rel("index.md", rid)
        try:
            return self.link(kind, rid)
        except KeyError:
            return ""

    def label(self, rid: str) -> str:
        """A record's label as an item of a list of links (no closing full stop, references as words)."""
        inv = self.analysis.inv
        return labels.in_list(labels.plain(inv, labels.record_label(inv, rid)))

    def plain(self, text: str) -> str:
        """Data text with references as their labels, for short labels that are cut."""
        return labels.plain(self.analysis.inv, text)

    def hypothesis_labels(self, assessment) -> dict[str, str]:
        return labels.hypothesis_labels(assessment)

    # ---- the shared wording of labels.py

    inferred_note = labels.INFERRED_NOTE
    source_title = staticmethod(labels.source_title)
    source_outlet = staticmethod(labels.source_outlet)
    source_date = staticmethod(labels.source_date)
    source_kind = staticmethod(labels.source_kind)
    source_origin = staticmethod(labels.source_origin)
    relation_qualifier = staticmethod(labels.relation_qualifier)
    days = staticmethod(labels.days_text)
    outcome = staticmethod(labels.outcome_text)
    ach_notes = staticmethod(labels.ach_notes)
    field_words = staticmethod(labels.field_words)
    tempo_note = labels.TEMPO_NOTE
    outcomes_note = labels.OUTCOMES_NOTE
    left_out_text = staticmethod(labels.left_out_text)

    def source_name(self, source_id: str) -> str:
        return labels.source_name(self.analysis.inv, source_id)

    def reliability_reason(self, source) -> str:
        return labels.reliability_reason(source, labels.grade_words(source.reliability.grade))


def cite_data(analysis: "Analysis", group: labels.CiteGroup) -> str:
    """The evidence a chip carries for its popover (docs/assets/javascripts/cite.js), as escaped
    data attributes: each quoted passage of the paragraph with who said it and when
    (data-cite-words, -by, -date, then -words-2, -by-2, -date-2...), the source and its grade,
    and the curator's notes."""
    passages = evidence.group_evidence(analysis, group.source_id, group.paragraph, group.quote_ids)
    first = passages[0]
    values = {"cite-source": first.source, "cite-grade": first.grade,
              "cite-note": " · ".join(filter(None, (safetext.md_words(n) for n in group.notes)))}
    for i, ev in enumerate(passages, start=1):
        suffix = f"-{i}" if i > 1 else ""
        values.update({f"cite-words{suffix}": ev.words, f"cite-by{suffix}": ev.speaker,
                       f"cite-date{suffix}": ev.date})
    return safetext.data_attributes(values)
