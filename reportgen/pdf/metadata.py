"""What the PDF says about itself: its dates, subject, keywords, language and running title.

Same input, same bytes: the dates are SOURCE_DATE_EPOCH when set, else the report's own date
(dates.build_time), never the clock. The cover prints the report's date, not the build's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportgen.data import dates
from reportgen.views import labels

GENERIC_KEYWORDS = ("open-source investigation", "escalation analysis")


def date_text(text: str) -> str:
    """'2026-11-21' -> '21 November 2026', to the precision it is written in."""
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


def clean_keywords(words) -> list[str]:
    """Keywords as a PDF reader lists them: no comma inside one (commas separate them), one space
    between words, none empty, each once (ignoring case), in the order first given."""
    out: dict[str, str] = {}
    for word in words:
        text = " ".join(str(word or "").replace(",", " ").split())
        if text and text.casefold() not in out:
            out[text.casefold()] = text
    return list(out.values())


@dataclass
class Metadata:
    """The PDF's metadata and the cover's date, from the report."""

    title: str
    subject: str
    keywords: list[str]
    created: datetime
    date_text: str
    lang: str
    running_title: str

    @property
    def timestamp(self) -> str:
        return self.created.strftime("%Y-%m-%dT%H:%M:%SZ")


def metadata(inv) -> Metadata:
    report = inv.report
    langs = {s.language for s in inv.sources}
    return Metadata(
        title=report.title,
        subject=report.subtitle or f"Open-source brief: {report.title}",
        keywords=clean_keywords([*GENERIC_KEYWORDS, *(p.name for p in inv.places),
                                 *(s.name for s in report.sides)]),
        created=dates.build_time(report.date),
        date_text=date_text(report.date),
        lang="en" if not langs or "en" in langs else sorted(langs)[0],
        running_title=running_title(report.title),
    )


def running_title(title: str) -> str:
    """The title in the running header: up to a colon if it has one, at most one line."""
    title = " ".join(title.split())
    head = title.split(":", 1)[0]
    return labels.cut_at_word(head if ":" in title and len(head) >= 8 else title, 70)
