"""What several export formats share: records as written, citation labels, actor names, date spans."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterable, Optional

from reportgen.analysis import Analysis
from reportgen.data import dates
from reportgen.data.model import Citation, DateSpec, Record
from reportgen.views import labels as view_labels
from reportgen.views.labels import citation_label

LIST_SEPARATOR = "; "


def json_bytes(value: Any) -> bytes:
    """Indented UTF-8 JSON with a final newline (stable bytes for the same value)."""
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def dump(record: Optional[Record]) -> Optional[dict]:
    """A record exactly as its YAML says it (unset optional fields left out)."""
    return record.model_dump(mode="json", exclude_none=True) if record is not None else None


def label(analysis: Analysis, citation: Citation) -> str:
    """The label the site shows for a citation: "Loveluck ¶4"."""
    return citation_label(analysis, analysis.resolve(citation))


def labels(analysis: Analysis, citations: Iterable[Citation]) -> str:
    return LIST_SEPARATOR.join(label(analysis, c) for c in citations)


def citations(analysis: Analysis, cited: Iterable[Citation]) -> list[dict]:
    """Each citation resolved to its source, paragraph and quote, with its label."""
    out = []
    for citation in cited:
        resolved = analysis.resolve(citation)
        item = {"source": resolved.source_id, "paragraph": resolved.paragraph, "quote": resolved.quote_id,
                "label": label(analysis, citation)}
        out.append({k: v for k, v in item.items() if v is not None})
    return out


def actor_name(analysis: Analysis, actor_id: Optional[str]) -> str:
    return view_labels.actor_name(analysis.inv, actor_id)


def span(spec: DateSpec) -> tuple[str, str]:
    """First and last moment a date covers, as ISO strings (the last one inclusive)."""
    interval = dates.interval(spec)
    if interval.form == "time":
        last = interval.end - dt.timedelta(minutes=1) if spec.end else interval.start
        return interval.start.strftime("%Y-%m-%dT%H:%M"), last.strftime("%Y-%m-%dT%H:%M")
    last = interval.end - dt.timedelta(days=1)
    return interval.start.strftime("%Y-%m-%d"), last.strftime("%Y-%m-%d")
