"""The site's navigation, from the registry: mkdocs.yml names no page.

Page types with a title are listed in the registry's order; a section lists its page,
then the record pages under it while there are at most NAV_RECORD_LIMIT of them (a nav
of 1,000 actors on every page would make every page huge). Pages left out are named in
`not_in_nav`, so mkdocs' strict build still fails on a page nothing lists.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from reportgen.site import paging, registry

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.analysis import Analysis

NAV_RECORD_LIMIT = 40


def navigation(analysis: "Analysis", page_sizes: dict[str, int] | None = None) -> list:
    """mkdocs' `nav`: [{"Home": "index.md"}, {"Timeline": ["timeline/index.md", ...]}, ...];
    `page_sizes` as given to pages.render_site (the timeline's pages depend on it)."""
    site = registry.SiteData(analysis, page_sizes=dict(page_sizes or {}))
    nav: list = []
    for pt in registry.PAGE_TYPES:
        if not pt.title:
            continue
        if not pt.section:
            nav.append({pt.title: pt.page()})
            continue
        entries = [pt.page()]
        for sub in registry.PAGE_TYPES:
            if sub.under == pt.name:
                pages = [sub.page(record.id) for record in sub.records(site)]
                if len(pages) <= NAV_RECORD_LIMIT:
                    entries += pages
        nav.append({pt.title: entries})
    return nav


def not_in_nav() -> str:
    """mkdocs' `not_in_nav`: the folders of record pages and of lists' own pages."""
    folders = [posixpath.dirname(pt.path) for pt in registry.PAGE_TYPES if pt.records] + paging.list_folders()
    return "".join(f"/{folder}/*.md\n" for folder in dict.fromkeys(folders))
