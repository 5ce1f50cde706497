"""The site's page types, in the order of the navigation: one entry per template.

Adding a page type is a template under templates/site/ and an entry in PAGE_TYPES. The
rest derives from the entries: the navigation and the pages it leaves out (site/nav.py),
where a link to each kind of record leads (site/routes.py), the lists that move to pages
of their own when they grow (site/paging.py), which pages draw the charts
(site/pages.py), and the chapters of the PDF brief, their order and which are annexes (pdf/).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Callable, Optional

from reportgen import exports
from reportgen.analysis.timeline import TIMELINE_PAGE_EVENTS
from reportgen.site.sourcetext import source_paragraphs
from reportgen.site.timeline import TimelineView
from reportgen.views import charts, labels

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.analysis import Analysis
    from reportgen.site.mappage import SiteMap


def _same(record_id: str) -> str:
    return record_id


def _record_id(record) -> str:
    return record.id


@dataclass
class SiteData:
    """What the page types' functions read: the analysis, the downloads the site lists
    (path and name of each), and the timeline: one page while its events fit
    (`page_sizes["timeline"]`), else a page per month."""

    analysis: "Analysis"
    downloads: list[dict] = field(default_factory=list)
    geo: Optional["SiteMap"] = None  # the map's figures and tables (site/mappage.py), set once links are known
    page_sizes: dict[str, int] = field(default_factory=dict)

    @cached_property
    def timeline(self) -> TimelineView:
        return TimelineView(self.analysis, self.page_sizes.get("timeline", TIMELINE_PAGE_EVENTS))

    @property
    def periods(self) -> list:
        """The timeline's own pages besides its index (none while it is one page)."""
        return self.timeline.pages()

    @property
    def brief(self) -> Optional[dict]:
        return next((d for d in self.downloads if d["name"].endswith(".pdf")), None)


class Deferred:
    """A template argument computed when its page renders (in whichever process renders it)."""

    def __init__(self, fn: Callable, *args):
        self.fn, self.args = fn, args

    def __call__(self):
        return self.fn(*self.args)


@dataclass(frozen=True)
class RecordPage:
    """One page of a page type with a page per record: the record's id (in the page's path),
    what its template gets, and the (link kind, id) of the records anchored on it."""

    id: str
    args: dict
    holds: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ListSpec:
    """A list that grows with the investigation: shown on its page type's page while it has at
    most `size` records, else on pages of its own (site/paging.py)."""

    key: str
    title: str
    noun: str  # what one record is called, plural ("incidents")
    items: Callable[["Analysis"], list]
    size: int
    kind: str = ""  # the link kind whose records' anchors move with the list
    id_of: Callable = _record_id
    anchor: str = ""  # the section of its page type's page that shows it
    partial: str = ""  # the template under templates/site/parts/ that shows the records (default: key)


@dataclass(frozen=True)
class Chapter:
    """A chapter of the PDF brief: templates/brief/chapters/<anchor>.html.j2, which defines the
    macros `contents()` (its entries under its line in the table of contents) and `body()`.

    The brief's body summarises (it is meant to stay within about twelve pages); an `annex`
    holds a full list and follows the body, lettered in its order ("Annex A: Timeline")."""

    anchor: str
    title: str
    order: int  # the brief reads in its own order (bottom line first, sources last), not the site's
    annex: bool = False

    @property
    def template(self) -> str:
        return f"chapters/{self.anchor}.html.j2"


@dataclass(frozen=True)
class PageType:
    """One kind of page: its template, where it goes, how the navigation lists it, which
    records it holds, and what it adds to the brief."""

    name: str
    template: str  # under templates/
    path: str  # the page under the site; with "{id}": one page per record (see `records`)
    title: str = ""  # its entry in the navigation
    section: bool = False  # listed as a section: this page, then the record pages `under` it
    under: str = ""  # record pages: the page type whose section lists them in the navigation
    kind: str = ""  # record pages: the link kind that leads to a record's own page
    records: Optional[Callable[[SiteData], list[RecordPage]]] = None  # record pages, in navigation order
    args: Optional[Callable[[SiteData], dict]] = None  # what the template gets besides the analysis
    anchors: dict[str, Callable[[str], str]] = field(default_factory=dict)  # link kind -> anchor of a record
    lists: tuple[ListSpec, ...] = ()
    charts: bool = False  # shows a chart (ctx.figure)
    chapters: tuple[Chapter, ...] = ()

    def page(self, record_id: str = "") -> str:
        return self.path.format(id=record_id)


def _claims(status: str) -> Callable[["Analysis"], list]:
    return lambda a: a.claims_with_status(status)


def _claim_id(cs) -> str:
    return cs.claim.id


def _timeline_months(site: SiteData) -> list[RecordPage]:
    periods = site.periods
    return [RecordPage(period.key,
                       {"period": period, "periods": periods, "timeline": site.timeline,
                        "previous": periods[i - 1] if i else None,
                        "next": periods[i + 1] if i + 1 < len(periods) else None},
                       tuple(("event", e.id) for _, _, events in period.groups for e in events))
            for i, period in enumerate(periods)]


def places_by_country(places: list) -> list:
    """Places grouped by country, countries in the order they first appear, places without
    one last; the curated order kept within a country (the Places page has a section each)."""
    order: dict[str, int] = {}
    for place in places:
        order.setdefault(place.country or "", len(order))
    return sorted(places, key=lambda p: (not p.country, order[p.country or ""]))


def _actors(site: SiteData) -> list[RecordPage]:
    actors = sorted(site.analysis.inv.actors, key=lambda x: (x.name.lower(), x.id))
    return [RecordPage(actor.id, {"actor": actor}) for actor in actors]


def _sources(site: SiteData) -> list[RecordPage]:
    a = site.analysis
    return [RecordPage(source.id, {"source": source, "label": labels.source_label(a.inv, source.id),
                                    "paragraphs": Deferred(source_paragraphs, a, source.id)},
                       tuple(("quote", q.id) for q in a.quotes_by_source.get(source.id, ())))
            for source in a.inv.sources]


PAGE_TYPES: tuple[PageType, ...] = (
    PageType("home", "site/home.md.j2", "index.md", title="Home", charts=True,
             args=lambda site: {"brief": site.brief, "geo": site.geo},
             anchors={"key judgment": _same, "judgment": _same},
             chapters=(Chapter("bottom-line", "Bottom line and key judgments", 10),
                       Chapter("incidents", "The incidents compared", 12))),
    PageType("timeline", "site/timeline_index.md.j2", "timeline/index.md", title="Timeline", section=True,
             charts=True, args=lambda site: {"timeline": site.timeline},
             chapters=(Chapter("timeline", "Timeline", 20, annex=True),)),
    PageType("timeline-month", "site/timeline.md.j2", "timeline/{id}.md", under="timeline", kind="period",
             records=_timeline_months, anchors={"event": _same}),
    PageType("actors", "site/actors_index.md.j2", "actors/index.md", title="Actors", section=True, charts=True,
             args=lambda site: {"network_name": charts.network_side_name},
             chapters=(Chapter("actors", "Actors", 30, annex=True),)),
    PageType("actor", "site/actor.md.j2", "actors/{id}.md", under="actors", kind="actor", records=_actors),
    PageType("escalation", "site/escalation.md.j2", "escalation.md", title="Escalation analysis", charts=True,
             anchors={"discrepancy": _same, "assessment": _same, "incident": lambda rid: f"incident-{rid}"},
             lists=(
                 ListSpec("scores", "Every event and its score", "events", lambda a: a.events, 500,
                          anchor="escalation-over-time"),
                 ListSpec("incidents", "Escalation ladders", "incidents", lambda a: a.incident_rows(), 60,
                          kind="incident", id_of=lambda row: row["id"], anchor="ladders"),
                 ListSpec("tempo", "Tempo between strikes", "intervals", lambda a: a.tempo, 500, anchor="tempo"),
                 ListSpec("distances", "How close the convoys came", "distances", lambda a: a.length_claims(),
                          300, anchor="distances"),
                 ListSpec("discrepancies", "Discrepancies", "discrepancies", lambda a: a.inv.discrepancies, 100,
                          kind="discrepancy", anchor="discrepancies"),
                 ListSpec("interpretations", "Competing hypotheses", "questions",
                          lambda a: a.inv.assessments, 25, kind="assessment", anchor="interpretations"),
             ),
             chapters=(Chapter("escalation", "Escalation analysis", 40),
                       Chapter("discrepancies", "Discrepancies", 60),
                       Chapter("hypotheses", "Competing hypotheses", 70),
                       Chapter("interpretations", "Competing hypotheses in full", 60, annex=True))),
    PageType("claims", "site/claims.md.j2", "claims.md", title="Claims and evidence",
             anchors={"claim": _same},
             lists=tuple(ListSpec(key, title, "claims", _claims(status), 200, kind="claim", id_of=_claim_id,
                                  anchor=key, partial="claims")
                         for status, key, title in (
                             ("confirmed", "corroborated", "Corroborated by independent sources"),
                             ("single-source", "single-source", "Single-source claims"),
                             ("disputed", "disputed", "Disputed claims"))),
             chapters=(Chapter("claims", "Claims and discrepancies", 50, annex=True),)),
    PageType("map", "site/map.md.j2", "map.md", title="Map", charts=True, args=lambda site: {"geo": site.geo},
             chapters=(Chapter("map", "Map", 15),)),
    PageType("places", "site/places.md.j2", "places.md", title="Places", anchors={"place": _same},
             lists=(ListSpec("places", "Places", "places", lambda a: places_by_country(a.inv.places), 100,
                             kind="place"),),
             chapters=(Chapter("places", "Places", 70, annex=True),)),
    PageType("citations", "site/citations_index.md.j2", "citations/index.md", title="Sources", section=True,
             anchors={"bibliography": _same},
             lists=(ListSpec("sources", "Sources", "sources", lambda a: a.inv.sources, 150,
                             kind="bibliography"),),
             chapters=(Chapter("sources", "Sources", 80),
                       Chapter("citations", "Sources in full", 80, annex=True))),
    PageType("source", "site/source.md.j2", "citations/{id}.md", under="citations", kind="source",
             records=_sources, anchors={"quote": _same}),
    PageType("methodology", "site/methodology.md.j2", "methodology.md", title="Methodology",
             chapters=(Chapter("about", "About this brief", 90, annex=True),)),
    PageType("downloads", "site/downloads.md.j2", "downloads.md", title="Downloads",
             args=lambda site: {"downloads": site.downloads, "export_sections": exports.sections(site.downloads),
                                "other_downloads": [d for d in site.downloads
                                                    if d["name"] not in exports.NAMES and not d["name"].endswith(".pdf")
                                                    and d["name"] != "SHA256SUMS"]}),
)



def page_type(name: str) -> PageType:
    return next(pt for pt in PAGE_TYPES if pt.name == name)


def chart_templates() -> set[str]:
    """The templates of the page types that show a chart."""
    return {pt.template for pt in PAGE_TYPES if pt.charts}


def list_specs() -> list[tuple[PageType, ListSpec]]:
    """Every growing list, with the page type whose page shows it."""
    return [(pt, spec) for pt in PAGE_TYPES for spec in pt.lists]


def brief_chapters() -> list[Chapter]:
    """The brief's chapters in the order it prints them: the body's, then the annexes."""
    return sorted((ch for pt in PAGE_TYPES for ch in pt.chapters), key=lambda ch: (ch.annex, ch.order))
