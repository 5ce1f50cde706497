"""What readers see of a built page or the brief, and the record ids that must not be in it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Attributes a reader sees (tooltips) or hears (screen readers), besides the text.
SHOWN_ATTRIBUTES = ("title", "alt", "aria-label")


def record_ids(inv) -> set[str]:
    """Every id of the investigation: records, key judgments, sides, hypotheses, evidence items."""
    ids = set()
    for name in ("sources", "quotes", "actors", "places", "events", "claims", "discrepancies", "assessments"):
        ids |= {record.id for record in getattr(inv, name)}
    if inv.report:
        ids |= {kj.id for kj in inv.report.key_judgments} | {side.id for side in inv.report.sides}
    for a in inv.assessments:
        ids |= {h.id for h in a.hypotheses} | {item.id for item in a.evidence}
    return ids


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data) -> None:
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text of an HTML page a reader sees or hears: its text (SVG titles included), tooltips,
    alternative texts and labels; not scripts, styles, addresses or ids."""
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def ids_in(text: str, ids: set[str]) -> list[str]:
    """The record ids a text shows, written as ids: whole, lowercase, not part of a longer word,
    an address or a file name."""
    if not ids:
        return []
    pattern = re.compile(r"(?<![\w./@#-])(" + "|".join(map(re.escape, sorted(ids, key=len, reverse=True)))
                         + r")(?![\w/-])(?!\.\w)")
    return sorted(set(pattern.findall(text)))
