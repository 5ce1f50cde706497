"""Lists that grow with the investigation, cut into pages once they outgrow their page.

Each list is declared in the registry (ListSpec) on the page type that shows it; a list
longer than its size moves to pages of its own (escalation/discrepancies-1.md, -2.md, ...)
and its page links to them, so no page grows without bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from reportgen.analysis.timeline import TIMELINE_PAGE_EVENTS
from reportgen.site import registry

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.analysis import Analysis

LIST_PAGE_TEMPLATE = "site/list_page.md.j2"
# The largest list a page shows; "timeline": the most events the timeline shows as one page.
PAGE_SIZES = {"timeline": TIMELINE_PAGE_EVENTS, **{spec.key: spec.size for _, spec in registry.list_specs()}}


@dataclass
class PagedList:
    """One list of records, shown on its section's page (`home`) while it fits, else on
    pages of its own: escalation/discrepancies-1.md, escalation/discrepancies-2.md..."""

    key: str
    home: str
    home_title: str  # "the escalation analysis" reads "Back to the {home_title}"
    title: str
    noun: str  # what one record is called, plural ("incidents")
    items: list
    size: int
    kind: str = ""  # the link kind whose records' anchors are on these pages
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


def paged_lists(analysis: "Analysis", sizes: dict[str, int] | None = None) -> dict[str, PagedList]:
    """Every list of the registry with its records; `sizes` overrides PAGE_SIZES."""
    sizes = {**PAGE_SIZES, **(sizes or {})}
    lists = [PagedList(spec.key, pt.page(), pt.title.lower(), spec.title, spec.noun, spec.items(analysis),
                       sizes.get(spec.key, spec.size), kind=spec.kind, id_of=spec.id_of, anchor=spec.anchor,
                       partial=spec.partial)
             for pt, spec in registry.list_specs()]
    return {pl.key: pl for pl in lists}


def list_pages(lists: dict[str, PagedList]) -> list[tuple[str, dict]]:
    """(page, template arguments) of every page a list too long for its home is cut into."""
    out = []
    for pl in lists.values():
        if pl.split:
            chunks = pl.chunks()
            for number, chunk in enumerate(chunks, start=1):
                out.append((pl.page(number), {"part": pl, "items": chunk, "number": number, "count": len(chunks),
                                              "first": pl.first(number), "last": number == len(chunks),
                                              "level": 3}))
    return out


def moved_records(lists: dict[str, PagedList]) -> dict[tuple[str, str], str]:
    """(link kind, record id) -> the page it is on, for records moved to a list's own pages."""
    out = {}
    for pl in lists.values():
        if pl.kind and pl.split:
            for number, chunk in enumerate(pl.chunks(), start=1):
                for record in chunk:
                    out[(pl.kind, pl.id_of(record))] = pl.page(number)
    return out


def list_folders() -> list[str]:
    """The folders the lists' own pages go in ("escalation", "citations/index")."""
    return list(dict.fromkeys(pt.page()[:-len(".md")] for pt, _ in registry.list_specs()))
