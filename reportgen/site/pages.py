"""Render: the analysed investigation -> Markdown pages, through the registry's templates.

Pages are rendered in memory (a dict of relative path -> text) so nothing is written
until every page has rendered (site/files.py writes them). Each page type of the registry
gives one page, or one per record; lists too long for their page add pages of their own.
A large site renders its pages in several processes (reportgen/parallel.py): pages are
independent of each other, and come back in the same order, so the bytes are the same.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from reportgen import parallel
from reportgen.paths import TEMPLATES
from reportgen.site import paging, registry
from reportgen.site.context import PageContext
from reportgen.site.environment import shared_environment
from reportgen.site.figures import LazyFigures
from reportgen.site.mappage import SiteMap
from reportgen.site.registry import Deferred
from reportgen.site.routes import Routes
from reportgen.views import charts

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.analysis import Analysis

PARALLEL_MIN_PAGES = 400  # fewer pages than this render in this process alone


@dataclass
class PageJob:
    template: str
    page: str
    extra: dict


def page_jobs(site: registry.SiteData, lists: dict[str, paging.PagedList]
              ) -> tuple[list[PageJob], dict[tuple[str, str], str]]:
    """Every page to render, and where the records that do not sit on their kind's usual
    page are: (link kind, id) -> page."""
    jobs = [PageJob(paging.LIST_PAGE_TEMPLATE, page, args) for page, args in paging.list_pages(lists)]
    placed = paging.moved_records(lists)
    for pt in registry.PAGE_TYPES:
        if pt.records is None:
            jobs.append(PageJob(pt.template, pt.page(), pt.args(site) if pt.args else {}))
            continue
        for record in pt.records(site):
            page = pt.page(record.id)
            jobs.append(PageJob(pt.template, page, record.args))
            for held in record.holds:
                placed[held] = page
    return jobs, placed


def render_site(analysis: "Analysis", templates: Path = TEMPLATES, downloads: list[str] | None = None,
                page_sizes: dict[str, int] | None = None, workers: int | None = None) -> dict[str, str]:
    """Every generated page, as relative path -> Markdown, and the charts' SVG files.
    `downloads` are the output files (paths under the site) that the Downloads page lists;
    `page_sizes` overrides paging.PAGE_SIZES; `workers` processes render the pages
    (default: see `render_workers`)."""
    env = shared_environment(str(templates))
    inv = analysis.inv
    site = registry.SiteData(analysis, describe_downloads(downloads or []), page_sizes=dict(page_sizes or {}))
    lists = paging.paged_lists(analysis, page_sizes)
    # The map links each place to its entry: drawn when a page first shows it, once `routes` is known.
    site.geo = SiteMap(analysis, lambda pid: PageContext(analysis, "map.md", routes).link("place", pid))
    jobs, placed = page_jobs(site, lists)
    routes = Routes(placed)
    figures = LazyFigures(analysis)
    cite_cache: dict = {}

    def render_one(job: PageJob) -> str:
        ctx = PageContext(analysis, job.page, routes, figures, cite_cache)
        extra = {key: value() if isinstance(value, Deferred) else value for key, value in job.extra.items()}
        return env.get_template(job.template).render(
            a=analysis, inv=inv, report=inv.report, ctx=ctx, page=job.page, lists=lists, **extra
        )

    workers = render_workers(len(jobs)) if workers is None else workers
    # This process renders the pages that show a chart, so it draws the charts while the
    # workers render (and has them for the chart files below).
    charted = registry.chart_templates()
    mine = set(range(0, len(jobs), workers)) | {i for i, job in enumerate(jobs) if job.template in charted}
    pages = render_jobs(render_one, jobs, workers, mine)
    pages.update(charts.chart_files(analysis, figures.svgs()))
    pages.update(site.geo.files())
    return pages


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
