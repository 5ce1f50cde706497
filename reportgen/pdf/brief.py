"""The PDF brief: the analysed investigation -> a printed brief people read without the site.

A brief, not the site on paper: cover, bottom line and key judgments first, a
condensed timeline, the actors, the escalation analysis with the site's charts,
claims, discrepancies, competing hypotheses and the sources. It is rendered from
the `Analysis` through its own print template (templates/brief/: Jinja2 -> HTML
+ print CSS) by WeasyPrint, never from the site's HTML.

- Citations are footnotes (`float: footnote`) that name the source and paragraph
  and link to the source's entry at the end of the brief.
- Nothing is fetched from the network: WeasyPrint gets a URL fetcher that serves
  only data: URLs, files under templates/brief/ and the Debian font files the
  brief embeds; anything else stops the build, as does any ERROR WeasyPrint logs.
- Same input, same bytes: the PDF's dates come from SOURCE_DATE_EPOCH when set,
  otherwise from the report's own date, never from the clock.

`build_pdf(analysis, paper) -> bytes` is the entry point (the benchmark calls it);
`pdf_stage` plugs it into the pipeline's output stages.
"""

from __future__ import annotations

import base64
import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional
from urllib.parse import urlsplit
from urllib.request import url2pathname

import jinja2
from markupsafe import Markup, escape

from reportgen.data import dates
from reportgen.analysis import Analysis, ClaimStatus
from reportgen.paths import TEMPLATES as TEMPLATE_ROOT
from reportgen.data.model import Citation
from reportgen.errors import StageError
from reportgen.logs import captured
from reportgen.site import registry
from reportgen.views import formats, groups, labels, safetext, templating

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.pipeline import BuildOptions

TEMPLATES = TEMPLATE_ROOT / "brief"
PAPERS = {"a4": "A4", "letter": "letter"}  # --paper value -> CSS page size
COVER_HEIGHT = {"a4": "259mm", "letter": "241mm"}  # the cover page's area (page height less margins)
DOWNLOADS = "downloads"
PDF_VARIANT = "pdf/ua-1"  # tagged PDF for screen readers (checked: structure tree, alt text, language)
CHART_NAMES = ("escalation", "tempo", "distance")  # where the template places each chart
# The actors of a side the brief's network picture shows at most (the busiest), so that the
# tallest picture fits a page with its text at about 9 pt; the site shows more.
BRIEF_SIDE_ACTORS = 15
SAFE_ANCHOR = re.compile(r"[a-z0-9][a-z0-9-]*")  # anchors written into CSS as they are (record ids are slugs)

# The fonts the brief embeds: Debian's Liberation 2 (fonts-liberation2) for text,
# DejaVu Sans (fonts-dejavu-core) for any glyph Liberation lacks. Both are
# installed by scripts/setup.sh; no font is ever fetched.
FONT_FILES: dict[str, list[tuple[str, str, Path]]] = {
    "Brief Serif": [
        ("normal", "normal", Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")),
        ("bold", "normal", Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf")),
        ("normal", "italic", Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf")),
        ("bold", "italic", Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-BoldItalic.ttf")),
    ],
    "Brief Sans": [
        ("normal", "normal", Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf")),
        ("bold", "normal", Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf")),
        ("normal", "italic", Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Italic.ttf")),
        ("bold", "italic", Path("/usr/share/fonts/truetype/liberation2/LiberationSans-BoldItalic.ttf")),
    ],
    "Brief Mono": [
        ("normal", "normal", Path("/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf")),
        ("bold", "normal", Path("/usr/share/fonts/truetype/liberation2/LiberationMono-Bold.ttf")),
    ],
    "Brief Fallback": [
        ("normal", "normal", Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")),
        ("bold", "normal", Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")),
    ],
}


class BriefError(StageError):
    """The brief could not be printed; `messages` say why. Nothing is written."""


# --------------------------------------------------------------------------- offline fetching


class OfflineFetcher:
    """WeasyPrint URL fetcher that never touches the network.

    Serves data: URLs, files inside `roots` and the exact font files listed in
    `files`; refuses everything else (http, https, ftp, other files). Every
    refusal is recorded in `refused` and stops the rendering.
    """

    def __init__(self, roots: list[Path], files: set[Path] = frozenset()):
        from weasyprint.urls import URLFetcher

        self._inner = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
        self._fail_on_errors = True  # read by weasyprint.urls.fetch: a refusal is fatal
        self.roots = [r.resolve() for r in roots]
        self.files = {f.resolve() for f in files}
        self.refused: list[str] = []
        self.fetched: list[str] = []

    def allows(self, url: str) -> Optional[Path]:
        """The local path `url` stands for if it may be read, else None (data: -> None too)."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(url2pathname(parts.path)).resolve()
        if path in self.files or any(path.is_relative_to(root) for root in self.roots):
            return path
        return None

    def __call__(self, url: str, headers=None):
        from weasyprint.urls import URLFetcherResponse

        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            self.fetched.append("data:")
            return self._inner.fetch(url, headers)
        path = self.allows(url)
        if path is None:
            self.refused.append(url)
            raise PermissionError(f"refused to fetch {url!r}: the brief is built offline from local files only")
        if not path.is_file():
            raise FileNotFoundError(f"{path} does not exist")
        self.fetched.append(str(path))
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _content_type(path)})

    fetch = __call__


def _content_type(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png",
            ".ttf": "font/ttf", ".otf": "font/otf", ".html": "text/html"}.get(path.suffix.lower(),
                                                                           "application/octet-stream")


# --------------------------------------------------------------------------- what the template reads


def _iso_date_text(text: str) -> str:
    """'2026-11-21' -> '21 November 2026' (to the precision it is written in)."""
    try:
        span = dates.parse(text)
    except dates.DateProblem:
        return text
    s = span.start
    if span.form == "year":
        return str(s.year)
    if span.form == "month":
        return f"{dates.MONTHS[s.month - 1]} {s.year}"
    return f"{s.day} {dates.MONTHS[s.month - 1]} {s.year}"


_LINK = re.compile(r'<a\b([^>]*)\bhref="([^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)


def pdf_inline(text: object) -> Markup:
    """Data text (inline Markdown, raw HTML disabled) for the print template.

    Only http(s) links stay links (safetext.safe_url); a relative or other link
    in the data would point at nothing in a PDF, so it becomes plain text.
    """
    rendered = str(safetext.html_inline(text))

    def fix(mo: re.Match) -> str:
        href = mo.group(2).replace("&amp;", "&")
        if safetext.safe_url(href):
            return mo.group(0)
        return f"<span>{mo.group(4)}</span>"

    return Markup(_LINK.sub(fix, rendered))


@dataclass
class Footnote:
    """One footnote: every source (and paragraph) a statement cites."""

    number: int
    cites: list[tuple[str, Optional[int]]]  # (source id, paragraph), in the order shown
    labels: dict[str, str]  # source id -> how the footnote names it


@dataclass
class Notes:
    """Citations -> footnotes, one per cited statement. Each names its sources and the
    paragraphs cited in each: "Loveluck ¶3, ¶4 (The Washington Post, 19 May 2017)".
    Remembers every footnote in document order (the tests read the PDF back against it)."""

    analysis: Analysis
    emitted: list[Footnote] = field(default_factory=list)

    def __call__(self, citations: list[Citation]) -> Markup:
        by_source: dict[str, list[labels.CiteGroup]] = {}
        for group in labels.citation_groups(self.analysis, citations):  # one per source paragraph
            by_source.setdefault(group.source_id, []).append(group)
        if not by_source:
            return Markup("")
        parts, cites, names = [], [], {}
        for source_id, chips in by_source.items():
            chips.sort(key=lambda g: (g.paragraph is None, g.paragraph or 0))
            names[source_id] = labels.source_label(self.analysis.inv, source_id)
            cites += [(source_id, g.paragraph) for g in chips]
            parts.append(self._source(source_id, names[source_id], chips))
        self.emitted.append(Footnote(len(self.emitted) + 1, cites, names))
        # A word joiner keeps the call on the line of the word it follows.
        return Markup(f'\u2060<span class="fn">{"; ".join(parts)}.</span>')

    def _source(self, source_id: str, label: str, groups: list[labels.CiteGroup]) -> str:
        source = self.analysis.inv.source_by_id.get(source_id)
        text = f'<a class="fn-source" href="#{escape(source_id)}">{escape(label)}</a>'
        paras = []
        for g in groups:
            para = f"¶{g.paragraph}" if g.paragraph else ""
            for note in g.notes:
                para += (" " if para else "") + f"({pdf_inline(note)})"
            if para:
                paras.append(para)
        if paras:
            text += " " + ", ".join(paras)
        if source is not None:
            outlet = labels.source_outlet(source) if source.outlet and source.outlet != label else None
            where = ", ".join(str(escape(x)) for x in (outlet, labels.source_date(source)) if x)
            if where:
                text += f" ({where})"
        return text


@dataclass
class Ref:
    """A record the brief points to: its label and, when the brief shows it, its anchor."""

    label: str
    anchor: Optional[str]


class Brief:
    """Everything the print template reads, computed here (templates compute nothing)."""

    def __init__(self, analysis: Analysis, paper: str):
        self.a = analysis
        self.inv = analysis.inv
        self.report = analysis.inv.report
        self.paper = paper
        self.page_size = PAPERS[paper]
        self.cover_height = COVER_HEIGHT[paper]
        self.notes = Notes(analysis)
        self.created = dates.build_time(analysis.inv.report.date if analysis.inv.report else None)
        self._page_refs: dict[tuple[str, str], None] = {}  # (kind, anchor) of links printing a page number

    # ---- metadata

    @property
    def timestamp(self) -> str:
        return self.created.strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def subject(self) -> str:
        r = self.report
        return r.subtitle or f"Open-source brief: {r.title}"

    @property
    def keywords(self) -> list[str]:
        words = ["open-source investigation", "escalation analysis"]
        words += [p.name for p in self.inv.places]
        words += [s.name for s in self.report.sides]
        return [w.replace(",", " ") for w in dict.fromkeys(words)]

    @property
    def running_title(self) -> str:
        """The title in the running header: up to a colon if it has one, at most one line."""
        title = " ".join(self.report.title.split())
        head = title.split(":", 1)[0]
        return labels.cut_at_word(head if ":" in title and len(head) >= 8 else title, 70)

    @property
    def date_text(self) -> str:
        return _iso_date_text(self.report.date)

    @property
    def lang(self) -> str:
        langs = {s.language for s in self.inv.sources}
        return "en" if not langs or "en" in langs else sorted(langs)[0]

    # ---- references inside the brief

    def shown_ids(self) -> set[str]:
        inv = self.inv
        ids = {e.id for e in inv.events} | {a.id for a in inv.actors} | {s.id for s in inv.sources}
        ids |= {d.id for d in inv.discrepancies} | {a.id for a in inv.assessments}
        ids |= {kj.id for kj in self.report.key_judgments}
        ids |= {cs.claim.id for cs in self.corroborated()} | {cid for d in inv.discrepancies for cid in d.claims}
        return ids

    def ref(self, record_id: str) -> Ref:
        """A record as an item of a run-in list: its label without a closing full stop (the
        list's own punctuation follows), linked when the brief shows the record."""
        label = labels.in_list(labels.plain(self.inv, labels.record_label(self.inv, record_id)))
        return Ref(label, self.anchor_of(record_id))

    def anchor_of(self, record_id: str) -> Optional[str]:
        """Where the brief shows a record (None: it does not)."""
        if record_id in self.shown_ids():
            return record_id
        owner = self.a.assessment_of_hypothesis().get(record_id)
        return record_id if owner else None

    def md(self, text) -> Markup:
        """Data text as HTML; a reference to a record shows its label, linked when the brief shows it."""
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

    # ---- sections

    def timeline(self):
        """Month -> day -> events, with what each row shows."""
        out = []
        for month, days in self.a.timeline_groups():
            rows = []
            for day, events in days:
                for e in events:
                    rows.append({
                        "day": day,
                        "event": e,
                        "place": self.inv.place_by_id[e.place].name if e.place in self.inv.place_by_id else "",
                        "actors": [(labels.actor_name(self.inv, ea.actor), ea.actor, ea.role.value) for ea in e.actors],
                        "goldstein": self.a.goldstein.get(e.id),
                        "cameo": self.a.cameo_labels.get(e.id, ""),
                    })
            out.append((month, rows))
        return out

    def actor_groups(self):
        out = []
        for _side_id, side, kinds in groups.actors_by_side(self.a):
            rows = []
            for kind, actors in kinds:
                for actor in actors:
                    rows.append({"actor": actor, "kind": kind, "relations": [
                        (rel.type.value, labels.actor_name(self.inv, rel.target), rel.target, rel.citations, rel.note,
                         labels.relation_qualifier(rel))
                        for rel in actor.relations]})
            out.append((side, rows))
        return out

    def tempo(self) -> list[dict]:
        return [{**row, "text": labels.days_text(row)} for row in self.a.tempo]

    @staticmethod
    def outcome(disc) -> str:
        return labels.outcome_text(disc)

    inferred_note = labels.INFERRED_NOTE
    field_words = staticmethod(labels.field_words)
    tempo_note = labels.TEMPO_NOTE
    outcomes_note = labels.OUTCOMES_NOTE
    left_out_text = staticmethod(labels.left_out_text)

    def incidents(self) -> list[dict]:
        """Each incident's ladder (analysis.incident_rows: steps by rung, top rung, lowest score)."""
        return self.a.incident_rows()

    def distances(self) -> list[dict]:
        """Every reported length in km (a zone's radius marked as such), and the zone radii."""
        return self.a.length_claims()

    def zones(self) -> list[dict]:
        return self.a.zone_radii()

    def corroborated(self) -> list[ClaimStatus]:
        return self.a.claims_with_status("confirmed")

    def single_source(self) -> list[ClaimStatus]:
        return self.a.claims_with_status("single-source")

    def disputed(self) -> list[ClaimStatus]:
        return self.a.claims_with_status("disputed")

    def discrepancies(self):
        """Each discrepancy with its claims; a claim's anchor sits on its first row in the brief
        (a corroborated claim is anchored in its own table)."""
        out = []
        anchored = {cs.claim.id for cs in self.corroborated()}
        for d in self.inv.discrepancies:
            rows = []
            for cid in d.claims:
                if cid in self.a.claim_status:
                    cs = self.a.claim_status[cid]
                    rows.append({"cs": cs, "anchor": cid not in anchored, "figure": formats.quantity_text(cs)})
                    anchored.add(cid)
            out.append((d, rows))
        return out

    def assessments(self):
        """Each assessment with its hypotheses' short labels, its ACH matrix and what the matrix
        cannot tell (with the report's answer)."""
        out = []
        for asmt in self.inv.assessments:
            names = labels.hypothesis_labels(asmt)
            hyps = [{"label": names[h.id], "h": h, "held_by": [(labels.actor_name(self.inv, x), x) for x in h.held_by]}
                    for h in asmt.hypotheses]
            rows = []
            for item in asmt.evidence:
                cells = []
                for hyp in hyps:
                    rating = item.ratings.get(hyp["h"].id)
                    value = getattr(rating, "value", rating) or "none"
                    cells.append({"symbol": labels.ach_letter(rating), "value": value})
                rows.append({"item": item, "cells": cells})
            tally = self.a.ach_tally(asmt)
            inconsistent = [tally[h["h"].id]["inconsistent"] for h in hyps]
            least = set(self.a.least_refuted(asmt))
            words = [{"quote": q, "name": labels.actor_name(self.inv, actor_id), "actor": actor_id}
                     for actor_id, quotes in self.a.analyst_quotes(asmt)
                     for q in quotes if q.speaker == actor_id]
            out.append({"asmt": asmt, "hyps": hyps, "rows": rows, "inconsistent": inconsistent,
                        "least_refuted": [h["h"].id in least for h in hyps], "words": words,
                        "notes": labels.ach_notes(asmt)})
        return out

    def sources(self):
        out = []
        for s in self.inv.sources:
            cov = self.a.coverage.get(s.id)
            grade_words = labels.grade_words(s.reliability.grade)
            out.append({
                "s": s,
                "cited_as": labels.source_label(self.inv, s.id),
                "title": labels.source_title(s),
                "outlet": labels.source_outlet(s),
                "published": labels.source_date(s),
                "kind": labels.source_kind(s),
                "origin": labels.source_origin(s),
                "reason": labels.reliability_reason(s, grade_words),
                "grade_words": grade_words,
                "url": safetext.safe_url(s.url),
                "archive_url": safetext.safe_url(s.archive_url),
                "coverage": cov.percent if cov else None,
            })
        return out


# --------------------------------------------------------------------------- rendering


def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    templating.register(env)
    env.filters["md"] = _md
    env.filters["url"] = safetext.safe_url
    return env


@jinja2.pass_context
def _md(context, text) -> Markup:
    """The `md` filter: data text as HTML, references to records by their labels (Brief.md)."""
    if text is None:
        return Markup("")
    brief = context.get("b")
    return brief.md(text) if brief is not None else pdf_inline(text)


def font_css() -> str:
    """@font-face rules for the embedded Debian fonts (file:// URLs the fetcher allows)."""
    missing = [str(p) for faces in FONT_FILES.values() for _, _, p in faces if not p.is_file()]
    if missing:
        raise BriefError([f"error: font file {m} is missing" for m in missing]
                         + ["hint: run `make setup` (installs fonts-liberation2 and fonts-dejavu-core)"])
    rules = []
    for family, faces in FONT_FILES.items():
        for weight, style, path in faces:
            rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                         f'font-style: {style}; src: url("{path.as_uri()}"); }}')
    return "\n".join(rules)


def font_paths() -> set[Path]:
    return {p for faces in FONT_FILES.values() for _, _, p in faces}


def charts_for(analysis: Analysis) -> dict[str, dict]:
    """The site's charts (reportgen/views/charts.py), the same SVG, as images the brief embeds:
    chart name -> {src (data: URL), alt, title}, or None when that chart has nothing to draw
    (or the charts module is not there); `network_sides`: a list of them, one per side."""
    out: dict[str, object] = {name: None for name in CHART_NAMES}
    out["network_sides"] = []
    try:
        from reportgen.views import charts, network
    except ImportError:
        return out
    try:
        rendered = charts.render_all(analysis)
    except (RuntimeError, OSError) as exc:
        raise BriefError([f"error: PDF brief: a chart could not be drawn: {exc}"]) from None
    for chart in charts.CHARTS:
        svg = rendered.get(chart.name)
        if svg and chart.name != "network":  # the whole network is too big for a page: one picture per side
            out[chart.name] = {"src": _svg_data_url(charts.standalone(svg)), "alt": chart.description,
                               "title": chart.title, "id": f"chart-{chart.name}"}
    for side in network.drawn_sides(analysis):
        svg = network.side_chart(analysis, side, max_actors=BRIEF_SIDE_ACTORS)
        if svg:
            name = charts.network_side_name(side)
            title, description = charts.chart_text(analysis, name)
            out["network_sides"].append({"src": _svg_data_url(charts.standalone(svg)), "alt": description,
                                         "title": title, "id": f"chart-{name}", "kind": "network"})
    return out


def maps_for(analysis: Analysis) -> dict:
    """The site's map (reportgen/views/geomap.py), the same SVG, as images the brief embeds,
    and the rows of its text alternative; no figures when no place has coordinates."""
    from reportgen.views import charts, geomap

    view = geomap.MapView(analysis)
    figures = [{"src": _svg_data_url(charts.standalone(f.svg)), "alt": f.description, "title": f.title,
                "id": f"figure-{f.name}"} for f in view.figures()]
    return {"figures": figures, "rings": view.ring_rows() if figures else [],
            "places": view.place_rows() if figures else [], "drawn": view.drawn}


def _svg_data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def render_html(analysis: Analysis, paper: str = "a4") -> tuple[str, Brief]:
    """The brief as HTML (what WeasyPrint prints) and the context it was rendered from."""
    if paper not in PAPERS:
        raise BriefError([f"error: unknown paper size {paper!r}; use one of: {', '.join(PAPERS)}"])
    if analysis.inv.report is None:
        raise BriefError(["error: the data has no `report:` block, so there is no brief to print",
                          "hint: add `report:` (title, authors, version, date, bottom_line, key_judgments)"])
    brief = Brief(analysis, paper)
    html = environment().get_template("brief.html.j2").render(
        b=brief, a=analysis, inv=analysis.inv, report=analysis.inv.report,
        fn=brief.notes, charts=charts_for(analysis), maps=maps_for(analysis),
        chapters=registry.brief_chapters(),
    )
    return html, brief


@dataclass
class PrintedBrief:
    pdf: bytes
    pages: int
    html: str
    footnotes: list[Footnote]
    warnings: list[str]
    fetched: list[str]


def render(analysis: Analysis, paper: str = "a4", *, fetcher: Optional[OfflineFetcher] = None,
           pdf_variant: Optional[str] = PDF_VARIANT) -> PrintedBrief:
    """Print the brief. Raises BriefError (with every message) if WeasyPrint reports an error
    or anything outside the allowed local files was asked for."""
    html, brief = render_html(analysis, paper)
    fetcher = fetcher or OfflineFetcher([TEMPLATES], font_paths())
    pdf, pages, warnings = print_html(html, fetcher=fetcher, pdf_variant=pdf_variant)
    return PrintedBrief(pdf, pages, html, brief.notes.emitted, warnings, fetcher.fetched)


def print_html(html: str, *, fetcher: Optional[OfflineFetcher] = None,
               pdf_variant: Optional[str] = PDF_VARIANT) -> tuple[bytes, int, list[str]]:
    """HTML -> (PDF bytes, page count, WeasyPrint's warnings), offline, with the embedded fonts.

    Relative URLs resolve under templates/brief/. Any fetch the fetcher refuses or cannot
    serve, and any ERROR WeasyPrint logs (it only logs, say, an image that failed to load),
    raise BriefError: a brief with a hole in it is never written."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    fetcher = fetcher or OfflineFetcher([TEMPLATES], font_paths())
    fonts = font_css()
    fatal = ""
    try:
        with captured("weasyprint") as log, collector_paused():
            font_config = FontConfiguration()
            base_url = TEMPLATES.as_uri() + "/"
            document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
            stylesheets = [weasyprint.CSS(string=fonts, url_fetcher=fetcher, base_url=base_url,
                                          font_config=font_config)]
            rendered = document.render(font_config=font_config, stylesheets=stylesheets, pdf_variant=pdf_variant)
            pdf = rendered.write_pdf(pdf_variant=pdf_variant, pdf_identifier=True)
            page_count = len(rendered.pages)
            del font_config, document, stylesheets, rendered  # garbage for the collection ending the render
    except FatalURLFetchingError as exc:
        fatal = f"{exc.__cause__ or exc}"  # raised below: its traceback would keep the render alive
    finally:
        # WeasyPrint's font configuration keeps the @font-face fonts in a weasyprint-* folder of
        # the temporary directory until it is collected, and a render's objects are cyclic: let
        # go of them and collect them now, so no build, failed or not, leaves that folder behind.
        font_config = document = stylesheets = rendered = None  # noqa: F841
        gc.collect()
    if fatal:
        raise BriefError([f"error: PDF brief: {fatal}", HINT_LOCAL])
    problems = list(dict.fromkeys(log.first_lines(errors=True)))
    problems += [f"refused to fetch {url!r}" for url in fetcher.refused if not any(url in p for p in problems)]
    if problems:
        raise BriefError([f"error: PDF brief: {p}" for p in problems] + [HINT_LOCAL])
    return pdf, page_count, log.first_lines(errors=False)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while WeasyPrint renders, then run once.

    A render makes a few hundred thousand objects that live until it ends, nearly all in
    reference cycles; walking them again and again during the render finds nothing to free.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
            gc.collect()


HINT_LOCAL = ("hint: the brief may only use files under templates/brief/, data: URLs and the embedded "
              "Debian fonts; nothing is fetched from the network")


def build_pdf(analysis: Analysis, paper: str = "a4") -> bytes:
    """The PDF brief's bytes: same analysis and paper -> same bytes."""
    return render(analysis, paper).pdf


def pdf_name(analysis: Analysis) -> str:
    """A stable file name from the report's title: 'us-led-strikes-near-al-tanf-brief.pdf'."""
    report = analysis.inv.report
    title = report.title if report else "report"
    words = re.findall(r"[a-z0-9]+", title.lower().replace("'", "").replace("’", ""))
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > 40:
            break
        slug = f"{slug}-{word}" if slug else word
    return f"{slug or 'report'}-brief.pdf"


def pdf_path(analysis: Analysis) -> str:
    """Where the build puts the brief, relative to the site: downloads/<name>."""
    return f"{DOWNLOADS}/{pdf_name(analysis)}"


def pdf_stage(analysis: Analysis, options: "BuildOptions") -> dict[str, bytes]:
    """Output stage for the pipeline: the brief under downloads/, which the Downloads page lists."""
    return {pdf_path(analysis): build_pdf(analysis, options.paper)}

