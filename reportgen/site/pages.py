"""Render: the analysed investigation -> Markdown pages, through Jinja2 templates.

Pages are rendered in memory (a dict of relative path -> text) so nothing is
written until every page has rendered; `write_tree` then writes only files
whose content changed (mkdocs serve would otherwise rebuild in a loop) and
removes stale generated files, never anything outside the generated folder.
"""

from __future__ import annotations

import bisect
import html
import posixpath
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import jinja2
from markupsafe import Markup

from reportgen.views import charts as charts_mod
from reportgen.data import dates
from reportgen import parallel
from reportgen.views import evidence, network, safetext
from reportgen import analysis as analysis_mod
from reportgen.analysis import Analysis, ResolvedCitation, source_label
from reportgen.data.model import Citation
from reportgen.paths import HANDWRITTEN_DOCS, TEMPLATES
from reportgen.site.timeline import TimelineView

HANDWRITTEN = HANDWRITTEN_DOCS

# Section and record pages are listed in the navigation only while there are at most
# this many of a kind; past that the index pages lead to them (a nav of 1,000 actors on
# every page would make every page huge).
NAV_RECORD_LIMIT = 40

# Where each kind of record lives on the site (events: see PageContext.link).
PAGE_OF_KIND: dict[str, Callable[[str], tuple[str, str]]] = {
    "event": lambda rid: ("timeline/index.md", rid),
    "claim": lambda rid: ("claims.md", rid),
    "discrepancy": lambda rid: ("escalation.md", rid),
    "assessment": lambda rid: ("escalation.md", rid),
    "key judgment": lambda rid: ("index.md", rid),
    "actor": lambda rid: (f"actors/{rid}.md", ""),
    "place": lambda rid: ("places.md", rid),
    "source": lambda rid: (f"citations/{rid}.md", ""),
    "quote": lambda rid: ("", rid),  # resolved through its source
    "incident": lambda rid: ("escalation.md", f"incident-{rid}"),
    "bibliography": lambda rid: ("citations/index.md", rid),
}

# Lists that grow with the investigation are cut into pages of at most this many records
# once they no longer fit on their section's page, so no page grows without bound. The
# al-Tanf report fits everywhere; a report a hundred times larger does not.
PAGE_SIZES = {"timeline": analysis_mod.TIMELINE_PAGE_EVENTS, "scores": 500, "incidents": 60, "tempo": 500, "distances": 300, "discrepancies": 100,
              "interpretations": 25, "corroborated": 200, "single-source": 200, "disputed": 200,
              "places": 100, "sources": 150}


@dataclass
class PagedList:
    """One list of records, shown on its section's page (`home`) while it fits, else on
    pages of its own: escalation/discrepancies-1.md, escalation/discrepancies-2.md..."""

    key: str
    home: str
    title: str
    noun: str  # what one record is called, plural ("incidents")
    items: list
    size: int
    kind: str = ""  # the link kind (PAGE_OF_KIND) whose records' anchors are on these pages
    id_of: Callable = lambda record: record.id
    anchor: str = ""  # the section on the home page
    partial: str = ""  # the template under templates/site/parts/ that shows the records (default: key)

    @property
    def split(self) -> bool:
        return len(self.items) > self.size

    def chunks(self) -> list[list]:
        return [self.items[i:i + self.size] for i in range(0, len(self.items), self.size)]

    def page(self, number: int) -> str:
        return f"{self.home[:-len('.md')]}/{self.key}-{number}.md"

    def first(self, number: int) -> int:
        """The 1-based position in the list of page `number`'s first record."""
        return (number - 1) * self.size + 1

    @property
    def template(self) -> str:
        return f"site/parts/{self.partial or self.key}.md.j2"

    @property
    def home_title(self) -> str:
        return HOME_TITLES[self.home]


HOME_TITLES = {"escalation.md": "escalation analysis", "claims.md": "claims and evidence",
               "places.md": "places", "citations/index.md": "sources"}


def paged_lists(analysis: Analysis, sizes: dict[str, int] | None = None) -> dict[str, PagedList]:
    sizes = {**PAGE_SIZES, **(sizes or {})}
    inv = analysis.inv
    lists = [
        PagedList("scores", "escalation.md", "Every event and its score", "events", analysis.events,
                  sizes["scores"], anchor="escalation-over-time"),
        PagedList("incidents", "escalation.md", "Escalation ladders", "incidents", analysis.incident_rows(),
                  sizes["incidents"], kind="incident", id_of=lambda row: row["id"], anchor="ladders"),
        PagedList("tempo", "escalation.md", "Tempo between strikes", "intervals", analysis.tempo,
                  sizes["tempo"], anchor="tempo"),
        PagedList("distances", "escalation.md", "How close the convoys came", "distances",
                  analysis.length_claims(), sizes["distances"], anchor="distances"),
        PagedList("discrepancies", "escalation.md", "Discrepancies", "discrepancies", inv.discrepancies,
                  sizes["discrepancies"], kind="discrepancy", anchor="discrepancies"),
        PagedList("interpretations", "escalation.md", "Competing hypotheses", "questions", inv.assessments,
                  sizes["interpretations"], kind="assessment", anchor="interpretations"),
    ]
    for status, key, title in (("confirmed", "corroborated", "Corroborated by independent sources"),
                               ("single-source", "single-source", "Single-source claims"),
                               ("disputed", "disputed", "Disputed claims")):
        lists.append(PagedList(key, "claims.md", title, "claims", analysis.claims_with_status(status), sizes[key],
                               kind="claim", id_of=lambda cs: cs.claim.id, anchor=key, partial="claims"))
    lists.append(PagedList("places", "places.md", "Places", "places", places_by_country(inv.places), sizes["places"],
                           kind="place"))
    lists.append(PagedList("sources", "citations/index.md", "Sources", "sources", inv.sources,
                           sizes["sources"], kind="bibliography"))
    return {pl.key: pl for pl in lists}


def places_by_country(places: list) -> list:
    """Places grouped by country, countries in the order they first appear, places without
    one last; the curated order kept within a country (the Places page has a section each)."""
    order: dict[str, int] = {}
    for place in places:
        order.setdefault(place.country or "", len(order))
    return sorted(places, key=lambda p: (not p.country, order[p.country or ""]))


def record_pages(lists: dict[str, PagedList]) -> dict[tuple[str, str], str]:
    """(link kind, record id) -> the page it is on, for records moved to a list's own pages."""
    out = {}
    for pl in lists.values():
        if pl.kind and pl.split:
            for number, chunk in enumerate(pl.chunks(), start=1):
                for record in chunk:
                    out[(pl.kind, pl.id_of(record))] = pl.page(number)
    return out


def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        # Anything printed that is not already safe markup is treated as plain,
        # untrusted text: HTML- and Markdown-escaped. A forgotten filter is safe.
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = safetext.md_inline
    env.filters["plain"] = safetext.md_plain
    env.filters["date"] = lambda spec: dates.display(spec) if spec else ""
    env.filters["pct"] = lambda value: f"{value:.0f}%"
    env.filters["signed"] = lambda value: f"{value:+.1f}".replace("-", "−")
    env.filters["fmt_num"] = lambda value: f"{value:g}"
    return env


def _finalize(value: object) -> Markup:
    # Called for every value a template prints: the common cases first.
    kind = type(value)
    if kind is Markup:
        return value
    if kind is str:
        return safetext.plain_markup(value)
    return safetext.md_plain(value)


class PageContext:
    """Helpers every template gets: links relative to the page being rendered."""

    def __init__(self, analysis: Analysis, page: str, event_pages: dict[str, str] | None = None,
                 figures: Mapping[str, Markup] | None = None, cite_cache: dict | None = None,
                 record_pages: dict[tuple[str, str], str] | None = None):
        self.analysis = analysis
        self.page = page
        self.event_pages = event_pages or {}
        self.record_pages = record_pages or {}
        self.figures = {} if figures is None else figures  # not `or`: that would draw lazy charts
        self.cite_cache = {} if cite_cache is None else cite_cache  # shared by the pages of one build

    def figure(self, name: str) -> Markup:
        """A chart inlined as SVG (theme-aware), or nothing when the chart is empty."""
        return self.figures.get(name, Markup(""))

    def has_figure(self, name: str) -> bool:
        return name in self.figures

    def neighbourhood(self, actor_id: str) -> Markup:
        """The picture of an actor's relations, either way (nothing when it has none)."""
        svg = network.neighbourhood_chart(self.analysis, actor_id)
        if not svg:
            return Markup("")
        name = self.analysis.actor_name(actor_id)
        return chart_figure("neighbourhood", svg, f"The relations of {name}",
                            f"Who {name} backs, opposes, commands or speaks for, and who does so to {name}; "
                            "the list gives each relation with its sources.")

    def rel(self, target: str, anchor: str = "") -> Markup:
        """Relative link to a generated page (paths and anchors are slugs, so safe as they are)."""
        path = _relative(target, self.page)
        return Markup(f"{path}#{anchor}" if anchor else (path or "#"))

    def link(self, kind: str, rid: str) -> Markup:
        if kind == "quote":
            quote = self.analysis.inv.quote_by_id[rid]
            return self.rel(f"citations/{quote.source}.md", rid)
        if kind == "event" and rid in self.event_pages:
            return self.rel(self.event_pages[rid], rid)
        target, anchor = PAGE_OF_KIND[kind](rid)
        return self.rel(self.record_pages.get((kind, rid), target), anchor)

    def download(self, path: str, text: str) -> Markup:
        """A link to a published download. An HTML link, not Markdown: the brief and the
        checksums are put beside the site after mkdocs ran, so mkdocs cannot vouch for them
        (tests/test_pipeline.py checks that every download linked is published)."""
        return Markup(f'<a href="{self.rel(path)}">{safetext.md_plain(text)}</a>')

    def paged_summary(self, pl: PagedList) -> Markup:
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
        letter = {"consistent": "C", "inconsistent": "I", "neutral": "N"}.get(word, "–")
        return Markup(f'<abbr class="ach ach-{letter}" title="{word}">{letter}</abbr>'
                      f'<span class="sr-only"> ({word})</span>')

    @staticmethod
    def ext_link(url) -> Markup:
        """An outside address as a plain link (only http(s); anything else as text)."""
        safe = safetext.safe_url(url)
        if not safe:
            return safetext.md_plain(url)
        return Markup(f'<a href="{html.escape(safe, quote=True)}" rel="noopener noreferrer nofollow">'
                      f"{safetext.md_plain(safe)}</a>")

    def cite_label(self, resolved: ResolvedCitation) -> str:
        return citation_label(self.analysis, resolved)

    def cites(self, citations: list[Citation]) -> Markup:
        """Citations as a compact run of links: [Loveluck ¶4] [Wire ¶2]."""
        return Markup(" ".join(self._cite(citation) for citation in citations))

    def _cite(self, citation: Citation) -> str:
        # What a citation's link says and carries is the same on every page (a quote cited on
        # the timeline, its speaker's page and a claim's list): worked out once per build.
        key = (citation.quote, citation.source, citation.paragraph, citation.note)
        parts = self.cite_cache.get(key)
        if parts is None:
            resolved = self.analysis.resolve(citation)
            parts = self.cite_cache[key] = (
                f"citations/{resolved.source_id}.md", resolved.anchor,
                safetext.md_plain(self.cite_label(resolved)),
                cite_data(self.analysis, resolved),
            )
        target, anchor, label, data = parts
        return f"[{label}]({self.rel(target, anchor)}){{.cite{data}}}"


@lru_cache(maxsize=1 << 16)
def _relative(target: str, page: str) -> str:
    """`target` relative to the folder of `page` ("" for the page itself); both are relative
    paths inside the site, so this is string work only (posixpath.relpath asks the OS for the
    working folder twice per call, and a large site makes hundreds of thousands of links)."""
    if target == page:
        return ""
    base = page.split("/")[:-1]
    parts = target.split("/")
    common = 0
    while common < len(base) and common < len(parts) - 1 and base[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:])


def citation_label(analysis: Analysis, resolved: ResolvedCitation) -> str:
    short = source_label(analysis, resolved.source_id)
    return f"{short} ¶{resolved.paragraph}" if resolved.paragraph else short


def cite_data(analysis: Analysis, resolved: ResolvedCitation) -> str:
    """The evidence a citation chip carries for its popover (docs/assets/javascripts/cite.js),
    as escaped data attributes: the cited words, who said them, the source, date and grade."""
    ev = evidence.cited_evidence(analysis, resolved)
    return safetext.data_attributes({"cite-words": ev.words, "cite-by": ev.speaker, "cite-source": ev.source,
                                     "cite-date": ev.date, "cite-grade": ev.grade, "cite-note": ev.note})


def navigation_extra(analysis: Analysis, page_sizes: dict[str, int] | None = None) -> dict[str, list[str]]:
    """Pages to list in the navigation under a section's index page (titles come from the pages).
    Kinds with more than NAV_RECORD_LIMIT pages are reached from their index page only."""
    inv = analysis.inv
    sizes = {**PAGE_SIZES, **(page_sizes or {})}
    extra = {
        "timeline/index.md": [p.page for p in TimelineView(analysis, sizes["timeline"]).pages()],
        "actors/index.md": [f"actors/{a.id}.md" for a in sorted(inv.actors, key=lambda x: (x.name.lower(), x.id))],
        "citations/index.md": [f"citations/{s.id}.md" for s in inv.sources],
    }
    return {key: pages for key, pages in extra.items() if len(pages) <= NAV_RECORD_LIMIT}


def expand_nav(nav: list, extra: dict[str, list[str]]) -> list:
    """mkdocs.yml's nav with each section holding an index page followed by its record pages."""
    out = []
    for item in nav:
        if isinstance(item, dict):
            out.append({key: expand_nav(value, extra) if isinstance(value, list) else value
                        for key, value in item.items()})
        else:
            out.append(item)
            out.extend(extra.get(item, []))
    return out


def render_site(analysis: Analysis, templates: Path = TEMPLATES,
                downloads: list[str] | None = None,
                page_sizes: dict[str, int] | None = None, workers: int | None = None) -> dict[str, str]:
    """Every generated page, as relative path -> Markdown. `downloads` are the output
    files (paths under the site) that the Downloads page lists; `page_sizes` overrides PAGE_SIZES;
    `workers` processes render the pages (default: see `render_workers`)."""
    env = environment(templates)
    inv = analysis.inv
    timeline = TimelineView(analysis, {**PAGE_SIZES, **(page_sizes or {})}["timeline"])
    periods = timeline.pages()
    event_pages = timeline.event_pages()
    figures = LazyFigures(analysis)
    downloads_list = describe_downloads(downloads or [])
    brief = next((d for d in downloads_list if d["name"].endswith(".pdf")), None)

    cite_cache: dict = {}
    lists = paged_lists(analysis, page_sizes)
    moved = record_pages(lists)
    jobs: list[PageJob] = []

    def render(template: str, page: str, **extra) -> None:
        jobs.append(PageJob(template, page, extra))

    def render_one(job: "PageJob") -> str:
        ctx = PageContext(analysis, job.page, event_pages, figures, cite_cache, moved)
        extra = {key: value() if isinstance(value, Deferred) else value for key, value in job.extra.items()}
        return env.get_template(job.template).render(
            a=analysis, inv=inv, report=inv.report, ctx=ctx, page=job.page, lists=lists, **extra
        )

    for pl in lists.values():
        if pl.split:
            chunks = pl.chunks()
            for number, chunk in enumerate(chunks, start=1):
                render("site/list_page.md.j2", pl.page(number), part=pl, items=chunk, number=number,
                       count=len(chunks), first=pl.first(number), last=number == len(chunks),
                       level=3)

    render("site/home.md.j2", "index.md", brief=brief)
    render("site/timeline_index.md.j2", "timeline/index.md", timeline=timeline)
    for i, period in enumerate(periods):
        render("site/timeline.md.j2", period.page, period=period, periods=periods, timeline=timeline,
               previous=periods[i - 1] if i else None,
               next=periods[i + 1] if i + 1 < len(periods) else None)
    render("site/actors_index.md.j2", "actors/index.md", network_name=charts_mod.network_side_name)
    for actor in inv.actors:
        render("site/actor.md.j2", f"actors/{actor.id}.md", actor=actor)
    render("site/places.md.j2", "places.md")
    render("site/escalation.md.j2", "escalation.md")
    render("site/claims.md.j2", "claims.md")
    render("site/citations_index.md.j2", "citations/index.md")
    for source in inv.sources:
        render("site/source.md.j2", f"citations/{source.id}.md", source=source,
               label=source_label(analysis, source.id),
               paragraphs=Deferred(source_paragraphs, analysis, source.id))
    render("site/methodology.md.j2", "methodology.md")
    render("site/downloads.md.j2", "downloads.md", downloads=downloads_list)
    workers = render_workers(len(jobs)) if workers is None else workers
    # This process renders the pages that show a chart, so it draws the charts while the
    # workers render (and has them for the chart files below).
    mine = set(range(0, len(jobs), workers)) | {i for i, job in enumerate(jobs) if job.template in CHART_PAGES}
    pages = render_jobs(render_one, jobs, workers, mine)
    pages.update(charts_mod.chart_files(analysis, figures.svgs()))
    return pages


# The templates that show a chart (ctx.figure); another would draw the charts itself.
CHART_PAGES = {"site/home.md.j2", "site/timeline_index.md.j2", "site/actors_index.md.j2",
               "site/escalation.md.j2"}


class LazyFigures(Mapping):
    """Chart name -> the chart as a page figure, drawn the first time a page asks."""

    def __init__(self, analysis: Analysis):
        self.analysis = analysis
        self._svgs: dict[str, str] | None = None
        self._figures: dict[str, Markup] | None = None

    def svgs(self) -> dict[str, str]:
        if self._svgs is None:
            self._svgs = charts_mod.render_all(self.analysis)
        return self._svgs

    def _all(self) -> dict[str, Markup]:
        if self._figures is None:
            narrow = charts_mod.render_narrow(self.analysis)
            self._figures = {name: chart_figure(name, svg, *charts_mod.chart_text(self.analysis, name),
                                                narrow=narrow.get(name, ""))
                             for name, svg in self.svgs().items()}
        return self._figures

    def __getitem__(self, name: str) -> Markup:
        return self._all()[name]

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def chart_figure(name: str, svg: str, title: str, description: str, narrow: str = "") -> Markup:
    """A chart as an HTML block for a Markdown page: the SVG inlined so its ink follows the
    light or dark theme, scaled to the width of the page; with a `narrow` drawing, that one
    on a phone (the stylesheet shows one of the two, so a screen reader meets one)."""
    inline = charts_mod.themed(svg, name, title, description)
    kind = "network" if name.startswith(("network", "neighbourhood")) else name
    if not narrow:
        return Markup(f'<figure class="chart chart-{kind}">\n{inline}\n</figure>')
    small = charts_mod.themed(narrow, f"{name}-narrow", title, description)
    return Markup(f'<figure class="chart chart-{kind} chart-two-widths">\n<div class="chart-wide">\n{inline}\n</div>\n'
                  f'<div class="chart-narrow">\n{small}\n</div>\n</figure>')


def source_paragraphs(analysis: Analysis, source_id: str) -> list[dict]:
    """The archived text as numbered paragraphs with its cited passages marked.

    Each paragraph's text is split at every boundary of a quote the site cites (see
    `cited_quotes`); a piece covered by one or more of them is wrapped in <mark>, and an
    anchor with the quote's id sits just before the first piece of that quote. A quote
    nothing cites is left plain.
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


def cited_quotes(analysis: Analysis) -> set[str]:
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


# --------------------------------------------------------------------------- rendering in parallel

# A large site renders its pages in several processes, one per core (reportgen/parallel.py):
# pages are independent of each other, and a 10,000-event investigation has thousands.
PARALLEL_MIN_PAGES = 400


@dataclass
class PageJob:
    template: str
    page: str
    extra: dict


class Deferred:
    """A template argument computed when its page renders (in whichever worker renders it)."""

    def __init__(self, fn: Callable, *args):
        self.fn, self.args = fn, args

    def __call__(self):
        return self.fn(*self.args)


def render_workers(pages: int) -> int:
    """How many processes should render this many pages."""
    return parallel.worker_count(pages, PARALLEL_MIN_PAGES)


def render_jobs(render_one: Callable[[PageJob], str], jobs: list[PageJob], workers: int,
                mine: set[int] | None = None) -> dict[str, str]:
    """Every job rendered, in job order, by `workers` processes where forking is safe (a few
    pages a message back, so no worker holds its share of a large site); this process
    renders the jobs `mine` names (default: every workers-th)."""
    texts = parallel.map_shared(render_one, jobs, workers, mine=mine, chunksize=8)
    return {job.page: text for job, text in zip(jobs, texts)}


def describe_downloads(paths: list[str]) -> list[dict]:
    """Path and file name of each download, in a stable order."""
    return [{"path": path, "name": posixpath.basename(path)} for path in sorted(paths)]


# --------------------------------------------------------------------------- writing


def handwritten_files(root: Path = HANDWRITTEN) -> dict[str, bytes]:
    """Hand-written site files (stylesheets, scripts, images) copied into the generated tree."""
    out = {}
    assets = root / "assets"
    if assets.is_dir():
        for path in sorted(assets.rglob("*")):
            if path.is_file():
                out[str(path.relative_to(root))] = path.read_bytes()
    return out


def write_tree(files: dict[str, str | bytes], target: Path, *, prune: bool = True) -> int:
    """Write files under `target` where their content changed; prune stale ones. Returns files written."""
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    for rel, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = target / rel
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        written += 1
    if prune:
        keep = {str(Path(rel)) for rel in files}
        for path in sorted(target.rglob("*"), reverse=True):
            rel = str(path.relative_to(target))
            if path.is_file() and rel not in keep:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written


def copy_tree(src: Path, dst: Path) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
