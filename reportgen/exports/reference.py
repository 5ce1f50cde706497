"""A source read as a bibliographic reference, once for CSL-JSON and BibTeX.

Reference managers print what they are given as fact, so what the curator inferred is marked
the way catalogues mark supplied information: in square brackets (a descriptive title written
by the curator, an outlet recognised from a byline). How it was inferred goes to the note,
never into the title. Dates keep only the parts the evidence fixes for certain, in a form every
CSL processor renders (a piece of 18 or 19 May 2017 is "May 2017"; the exact span is in the note).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable, Optional

from reportgen.data import dates
from reportgen.data.model import DateSpec, Precision, Source, SourceKind
from reportgen.views import safetext

CSL_TYPE = {
    "news report": "article-newspaper",
    "wire copy": "article-newspaper",
    "opinion/analysis": "article-newspaper",
    "official statement": "report",
    "other": "document",
}
_ORG_WORDS = {"press", "news", "agency", "staff", "service", "desk", "team", "bureau", "network", "times",
              "post", "reuters", "agence", "wire", "reporters", "correspondents", "media", "tv", "radio"}
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")


def plain(text: str) -> str:
    """One line of text: control characters dropped, whitespace runs as one space."""
    return " ".join(safetext.clean(str(text)).split())


def supplied(src: Source, field: str, value: str) -> str:
    """`value` as printed in a reference: in square brackets when the curator inferred it."""
    return f"[{value}]" if field in src.inferred else value


def is_press(src: Source) -> bool:
    return CSL_TYPE[src.kind.value] == "article-newspaper"


def title(src: Source) -> str:
    return supplied(src, "title", plain(src.title))


def outlet(src: Source) -> Optional[str]:
    return supplied(src, "outlet", plain(src.outlet)) if src.outlet else None


def split_name(name: str, organisations: Iterable[str] = ()) -> dict[str, str]:
    """A byline name as CSL's {given, family}, or {literal} when it is not plainly "Given Family"."""
    words = name.split()
    if (name in set(organisations) or not 2 <= len(words) <= 3
            or not all(_NAME_WORD.match(w) for w in words) or not words[0][0].isupper()
            or any(w.lower().strip(".") in _ORG_WORDS for w in words)):
        return {"literal": name}
    return {"family": words[-1], "given": " ".join(words[:-1])}


def authors(src: Source) -> list[dict[str, str]]:
    """The byline as CSL names; wire copy without a byline has its agency as organisational author."""
    if src.authors:
        organisations = [x for x in (src.outlet, src.syndicated_from) if x]
        names = [split_name(plain(a), organisations) for a in src.authors]
        if "authors" in src.inferred:
            names = [{"literal": f"[{n['literal']}]"} if "literal" in n else n for n in names]
        return names
    if src.kind == SourceKind.wire_copy and src.syndicated_from:
        return [{"literal": supplied(src, "syndicated_from", plain(src.syndicated_from))}]
    return []


def certain_parts(spec: DateSpec) -> tuple[list[list[int]], bool]:
    """CSL date-parts holding what the date fixes for certain, and whether it is circa.

    A single date keeps its precision (and `approximate` becomes circa). A range, or a week,
    keeps the parts its two ends share (18-19 May 2017 -> May 2017), with no circa: the span
    is the uncertainty. Ends in different years give a range of years."""
    interval = dates.interval(spec)
    depth = {"year": 1, "month": 2, "day": 3, "time": 3}[interval.form]
    first = [interval.start.year, interval.start.month, interval.start.day][:depth]
    if not spec.end and spec.precision != Precision.week:
        return [first], spec.approximate
    last_day = interval.end - dt.timedelta(days=1)
    shared = []
    for a, b in zip(first, [last_day.year, last_day.month, last_day.day]):
        if a != b:
            break
        shared.append(a)
    if shared:
        return [shared], False
    return [[first[0]], [last_day.year]], False


def date_is_coarsened(spec: DateSpec) -> bool:
    """Whether `certain_parts` leaves out something the written date says."""
    return bool(spec.end) or spec.precision == Precision.week


def note(src: Source) -> str:
    """What a reader of the reference should know that has no field of its own."""
    parts = []
    if "title" in src.inferred:
        parts.append(f"Title inferred by the curator: {plain(src.inferred['title'])}")
    if src.inferred:
        parts.append("Inferred by the curator, not shown in the text: " + ", ".join(sorted(src.inferred)))
    if date_is_coarsened(src.published):
        parts.append(f"Published {dates.display(src.published)}")
    if src.syndicated_from:
        parts.append(f"Repeats {plain(src.syndicated_from)}")
    parts.append(f"Archived text SHA-256 {src.sha256}")
    parts.append(f"Admiralty reliability {src.reliability.grade}")
    return ". ".join(p.rstrip(".") for p in parts) + "."
