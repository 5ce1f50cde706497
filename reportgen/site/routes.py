"""Where a link to a record leads: the page that holds it and the anchor on that page.

Derived from the registry: a page type declares the kinds of record anchored on its page,
or has one page per record of its kind; record pages and lists cut into pages say which
records moved where. Links are relative to the page they are on, so the site opens from
the file system as well as over HTTP.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

from reportgen.site import registry


class Routes:
    """(link kind, record id) -> (page, anchor) for one build."""

    def __init__(self, placed: dict[tuple[str, str], str]):
        self.placed = placed  # records whose page depends on the record (a month, a list's page)
        self.own: dict[str, registry.PageType] = {}  # kinds with a page per record
        self.home: dict[str, tuple[str, Callable[[str], str]]] = {}  # kind -> (page, anchor of an id)
        for pt in registry.PAGE_TYPES:
            if pt.kind:
                self.own[pt.kind] = pt
            for kind, anchor in pt.anchors.items():
                page = registry.page_type(pt.under).page() if pt.under else pt.page()
                self.home[kind] = (page, anchor)

    def page_of(self, kind: str, rid: str) -> tuple[str, str]:
        if kind in self.own:
            return self.own[kind].page(rid), ""
        page, anchor = self.home[kind]
        return self.placed.get((kind, rid), page), anchor(rid)


def record_page(kind: str, rid: str) -> str:
    """The page of a record with a page of its own ("actor", "jim-mattis" -> "actors/jim-mattis.md")."""
    return next(pt for pt in registry.PAGE_TYPES if pt.kind == kind).page(rid)


@lru_cache(maxsize=1 << 16)
def relative(target: str, page: str) -> str:
    """`target` relative to the folder of `page` ("" for the page itself); both are relative
    paths inside the site, so this is string work only (posixpath.relpath asks the OS for the
    working folder on every call, and a large site makes a great many links)."""
    if target == page:
        return ""
    base = page.split("/")[:-1]
    parts = target.split("/")
    common = 0
    while common < len(base) and common < len(parts) - 1 and base[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:])
