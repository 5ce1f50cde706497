"""`sources.csl.json`: CSL-JSON (Citation Style Language 1.0.2 input data), one item per source,
for Zotero, Pandoc and any citeproc processor.

`title` is the title as published, or the curator's supplied title in square brackets; there is
no `title-short`, because a source's short name is a citation label, not a short title.
"""

from __future__ import annotations

from typing import Any

from reportgen.analysis import Analysis
from reportgen.data import dates
from reportgen.exports import reference
from reportgen.exports.common import json_bytes
from reportgen.data.model import DateSpec, Precision


# Styles print `genre` ("[Opinion/analysis]" in APA): only kinds a reader would not assume.
GENRE_SHOWN = {"wire copy", "opinion/analysis", "official statement"}


def build(analysis: Analysis) -> bytes:
    return json_bytes(csl_json(analysis))


def date_variable(spec: DateSpec) -> dict[str, Any]:
    parts, circa = reference.certain_parts(spec)
    out: dict[str, Any] = {"date-parts": parts}
    if circa:
        out["circa"] = True
    return out


def _precision_of(written: str) -> Precision:
    return {"year": Precision.year, "month": Precision.month, "day": Precision.day,
            "time": Precision.time}[dates.parse(written).form]


def csl_json(analysis: Analysis) -> list[dict]:
    items = []
    for src in analysis.inv.sources:
        kind = reference.CSL_TYPE[src.kind.value]
        item: dict[str, Any] = {"id": src.id, "type": kind, "title": reference.title(src)}
        outlet = reference.outlet(src)
        if outlet:
            item["container-title" if kind == "article-newspaper" else "publisher"] = outlet
        names = reference.authors(src)
        if names:
            item["author"] = names
        item["issued"] = date_variable(src.published)
        if src.url:
            item["URL"] = src.url
        if src.archived:
            item["accessed"] = date_variable(DateSpec(date=src.archived, precision=_precision_of(src.archived)))
        if src.archive_url:
            item["archive_location"] = src.archive_url
        if src.kind.value in GENRE_SHOWN:
            item["genre"] = src.kind.value
        item["language"] = src.language
        item["note"] = reference.note(src)
        items.append(item)
    return items
