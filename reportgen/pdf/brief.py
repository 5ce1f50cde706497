"""The PDF brief's entry points: render it, print it, name it.

A brief, not the site on paper: a body of about twelve pages (cover, bottom line and key
judgments, then the chapters the page registry lists, each summing up) and lettered
annexes with the full lists. It is rendered from the `Analysis` through its own print
template (templates/brief/) and printed by WeasyPrint, never from the site's HTML.
`build_pdf(analysis, paper) -> bytes` is what the pipeline and the benchmark call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from reportgen.analysis import Analysis
from reportgen.pdf import BriefError
from reportgen.pdf.figures import charts_for, maps_for
from reportgen.pdf.footnotes import Footnote
from reportgen.pdf.offline import TEMPLATES
from reportgen.pdf.printing import PDF_VARIANT, print_html
from reportgen.pdf.sections import Rows
from reportgen.pdf.template import environment
from reportgen.pdf.view import PAPERS, BriefView, chapter_views
from reportgen.site import registry

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.pdf.fetcher import OfflineFetcher

__all__ = ["BriefError", "PAPERS", "PrintedBrief", "build_pdf", "pdf_name", "pdf_path",
           "print_html", "render", "render_html"]

DOWNLOADS = "downloads"


def render_html(analysis: Analysis, paper: str = "a4", site_url: str = "",
                templates: Path = TEMPLATES) -> tuple[str, BriefView]:
    """The brief as HTML (what WeasyPrint prints) and the view it was rendered from.
    `site_url`: the published site's address; footnotes link to the passages there."""
    if paper not in PAPERS:
        raise BriefError([f"error: unknown paper size {paper!r}; use one of: {', '.join(PAPERS)}"])
    if analysis.inv.report is None:
        raise BriefError(["error: the data has no `report:` block, so there is no brief to print",
                          "hint: add `report:` (title, authors, version, date, bottom_line, key_judgments)"])
    view = BriefView(analysis, paper, site_url)
    env = environment(templates)
    context = dict(b=view, rows=Rows(analysis), a=analysis, inv=analysis.inv, report=analysis.inv.report,
                   fn=view.notes, cite=view.notes.cite, charts=charts_for(analysis), maps=maps_for(analysis))
    view.chapters = chapter_views([ch for ch in registry.brief_chapters() if _shown(env, ch, context)])
    html = env.get_template("brief.html.j2").render(**context, chapters=view.chapters)
    return html, view


def _shown(env, chapter: registry.Chapter, context: dict) -> bool:
    """A chapter prints unless its template's `shown()` macro prints nothing (no map without
    coordinates)."""
    module = env.get_template(chapter.template).make_module(context)
    shown = getattr(module, "shown", None)
    return shown is None or bool(str(shown()).strip())


@dataclass
class PrintedBrief:
    pdf: bytes
    pages: int
    html: str
    footnotes: list[Footnote]  # in the order of their numbers
    inline: list[Footnote]  # the annexes' evidence in line, in the order printed
    warnings: list[str]
    fetched: list[str]


def render(analysis: Analysis, paper: str = "a4", *, site_url: str = "", fetcher: Optional["OfflineFetcher"] = None,
           pdf_variant: Optional[str] = PDF_VARIANT) -> PrintedBrief:
    """Print the brief. Raises BriefError (with every message) if WeasyPrint reports an error
    or anything outside the allowed local files was asked for."""
    from reportgen.pdf.fetcher import OfflineFetcher

    html, view = render_html(analysis, paper, site_url)
    fetcher = fetcher or OfflineFetcher.for_brief()
    pdf, pages, warnings = print_html(html, fetcher=fetcher, pdf_variant=pdf_variant)
    return PrintedBrief(pdf, pages, html, view.notes.emitted, view.notes.inline, warnings, fetcher.fetched)


def build_pdf(analysis: Analysis, paper: str = "a4", site_url: str = "") -> bytes:
    """The PDF brief's bytes: same analysis, paper and site address -> same bytes."""
    return render(analysis, paper, site_url=site_url).pdf


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
