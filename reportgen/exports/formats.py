"""Exports: the investigation as data files other tools read, listed on the Downloads page.

- `investigation.json` — every record as written, plus what the build derived
  (verified quote offsets and paragraphs, claim statuses, Goldstein scores).
- `events.csv`, `actors.csv`, `quotes.csv`, `claims.csv` — for spreadsheets.
- `timeline.json` — Knight Lab TimelineJS 3 format.
- `sources.csl.json` (CSL-JSON) and `sources.bib` (BibTeX) — for reference managers.

Every file is a pure function of the analysis: same data, same bytes. Text that
ends up as HTML (TimelineJS) is rendered with raw HTML disabled; text in CSV
cannot become a spreadsheet formula; text in BibTeX is escaped.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from typing import TYPE_CHECKING, Any, Iterable, Optional

from reportgen.data import dates
from reportgen.views import labels
from reportgen.views import safetext
from reportgen.analysis import Analysis
from reportgen.data.model import Citation, DateSpec, Precision, Record, Source

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.pipeline import BuildOptions

FOLDER = "downloads"
DATASET = f"{FOLDER}/investigation.json"
EVENTS_CSV = f"{FOLDER}/events.csv"
ACTORS_CSV = f"{FOLDER}/actors.csv"
QUOTES_CSV = f"{FOLDER}/quotes.csv"
CLAIMS_CSV = f"{FOLDER}/claims.csv"
TIMELINE = f"{FOLDER}/timeline.json"
CSL_JSON = f"{FOLDER}/sources.csl.json"
BIBTEX = f"{FOLDER}/sources.bib"

DATASET_FORMAT = "reportgen-investigation"
DATASET_VERSION = 1

# Excel opens a CSV as UTF-8 only when it starts with a byte order mark; without
# one it guesses the legacy code page and garbles every accent, dash and Arabic
# name. LibreOffice, pandas and Python's "utf-8-sig" read the BOM correctly.
CSV_BOM = "\ufeff"
# OWASP "CSV injection": a cell starting with one of these is a formula to a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "


def build_exports(analysis: Analysis, options: Optional["BuildOptions"] = None) -> dict[str, bytes]:
    """The output stage: relative path (under downloads/) -> bytes."""
    return {
        DATASET: _json_bytes(dataset(analysis)),
        EVENTS_CSV: events_csv(analysis),
        ACTORS_CSV: actors_csv(analysis),
        QUOTES_CSV: quotes_csv(analysis),
        CLAIMS_CSV: claims_csv(analysis),
        TIMELINE: _json_bytes(timeline(analysis)),
        CSL_JSON: _json_bytes(csl_json(analysis)),
        BIBTEX: bibtex(analysis).encode("utf-8"),
    }


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- shared helpers


def _dump(record: Optional[Record]) -> Optional[dict]:
    """A record exactly as its YAML says it (unset optional fields left out)."""
    return record.model_dump(mode="json", exclude_none=True) if record is not None else None


def _citations(analysis: Analysis, citations: Iterable[Citation]) -> list[dict]:
    out = []
    for citation in citations:
        resolved = analysis.resolve(citation)
        item = {"source": resolved.source_id, "paragraph": resolved.paragraph, "quote": resolved.quote_id,
                "label": _label(analysis, citation)}
        out.append({k: v for k, v in item.items() if v is not None})
    return out


def _label(analysis: Analysis, citation: Citation) -> str:
    from reportgen.site.pages import citation_label  # the site's own label: "Loveluck ¶4"

    return citation_label(analysis, analysis.resolve(citation))


def _labels(analysis: Analysis, citations: Iterable[Citation]) -> str:
    return LIST_SEPARATOR.join(_label(analysis, c) for c in citations)


def _actor_name(analysis: Analysis, actor_id: Optional[str]) -> str:
    if not actor_id:
        return ""
    if actor_id == "reported":
        return "the outlet's own reporting"
    actor = analysis.inv.actor_by_id.get(actor_id)
    return actor.name if actor else actor_id


def _span(spec: DateSpec) -> tuple[str, str]:
    """First and last moment a date covers, as ISO strings (the last one inclusive)."""
    span = dates.interval(spec)
    last = span.end - dt.timedelta(minutes=1) if span.form == "time" else span.end - dt.timedelta(days=1)
    if span.form == "time" and not spec.end:
        last = span.start
    fmt = "%Y-%m-%dT%H:%M" if span.form == "time" else "%Y-%m-%d"
    return span.start.strftime(fmt), last.strftime(fmt)


# --------------------------------------------------------------------------- full dataset (JSON)


def dataset(analysis: Analysis) -> dict:
    """Every record as written (`schema/investigation.schema.json` describes the fields), with
    what the build derived under `derived`. Quote offsets are indexes of Unicode characters in
    the archived text file decoded as UTF-8; `pieces` has one span per elided part."""
    inv = analysis.inv
    checked = analysis.checked

    def with_derived(record: Record, derived: dict) -> dict:
        out = _dump(record) or {}
        out["derived"] = derived
        return out

    sources = []
    for src in inv.sources:
        archive = checked.archives.get(src.id)
        coverage = analysis.coverage.get(src.id)
        sources.append(with_derived(src, {
            "published_display": dates.display(src.published),
            "paragraphs": len(archive.paragraphs) if archive else None,
            "cited_paragraphs": coverage.cited if coverage else [],
            "coverage_percent": round(coverage.percent, 1) if coverage else None,
        }))

    quotes = []
    for q in inv.quotes:
        match = checked.matches.get(q.id)
        archive = checked.archives.get(q.source)
        derived: dict[str, Any] = {"verified": match is not None}
        if match is not None and archive is not None:
            derived.update({
                "paragraph": match.paragraph,
                "paragraph_end": match.paragraph_end,
                "start": match.start,
                "end": match.end,
                "pieces": [list(piece) for piece in match.pieces],
                "exact": match.exact,
                "archived_text": archive.text[match.start:match.end],
                "prefix": match.prefix,
                "suffix": match.suffix,
            })
        quotes.append(with_derived(q, derived))

    events = []
    for e in analysis.events:
        first, last = _span(e.when)
        events.append(with_derived(e, {
            "date_display": dates.display(e.when),
            "first": first,
            "last": last,
            "goldstein": analysis.goldstein.get(e.id),
            "cameo_label": analysis.cameo_labels.get(e.id),
            "citations": _citations(analysis, e.citations),
        }))

    claims = []
    for claim in inv.claims:
        cs = analysis.claim_status[claim.id]
        normalised = None
        if cs.normalised:
            normalised = {"value": cs.normalised[0], "value_max": cs.normalised[1], "unit": cs.normalised[2]}
        claims.append(with_derived(claim, {
            "status": cs.status,
            "lines_of_evidence": cs.lines,
            "independent_lines": len(cs.lines),
            "discrepancies": cs.discrepancies,
            "normalised": normalised,
            "citations": _citations(analysis, claim.citations),
        }))

    assessments = [with_derived(a, {"citations": _citations(analysis, a.citations)}) for a in inv.assessments]

    return {
        "format": DATASET_FORMAT,
        "format_version": DATASET_VERSION,
        "report": _dump(inv.report),
        "figures": analysis.figures,
        "sources": sources,
        "quotes": quotes,
        "actors": [_dump(a) for a in inv.actors],
        "places": [_dump(p) for p in inv.places],
        "events": events,
        "claims": claims,
        "discrepancies": [_dump(d) for d in inv.discrepancies],
        "assessments": assessments,
    }


# --------------------------------------------------------------------------- CSV


def csv_cell(value: Any) -> str:
    """One cell: numbers as numbers, booleans as true/false, text guarded against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = safetext.clean(str(value))
    if text.startswith(FORMULA_START):
        text = "'" + text
    return text


def csv_bytes(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    """RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return (CSV_BOM + buffer.getvalue()).encode("utf-8")


def events_csv(analysis: Analysis) -> bytes:
    inv = analysis.inv
    header = ["id", "title", "event_date", "end_date", "time_precision", "approximate", "date_display",
              "event_type", "sub_event_type", "cameo", "cameo_label", "goldstein",
              "place_id", "place", "latitude", "longitude", "geo_precision",
              "initiators", "initiator_ids", "targets", "target_ids", "other_actors", "other_actor_ids",
              "incident", "ladder", "fatalities", "summary", "citations", "tags"]
    rows = []
    for e in analysis.events:
        place = inv.place_by_id.get(e.place) if e.place else None
        coords = place.coordinates if place else None
        by_role: dict[str, list[str]] = {"initiator": [], "target": [], "other": []}
        for ea in e.actors:
            by_role[ea.role.value].append(ea.actor)
        rows.append([
            e.id, e.title, e.when.date, e.when.end, e.when.precision.value, e.when.approximate,
            dates.display(e.when), e.event_type, e.sub_event_type, e.cameo, analysis.cameo_labels.get(e.id),
            analysis.goldstein.get(e.id), e.place, place.name if place else None,
            coords.lat if coords else None, coords.lon if coords else None,
            coords.precision.value if coords else None,
            *[x for role in ("initiator", "target", "other") for x in (
                LIST_SEPARATOR.join(_actor_name(analysis, a) for a in by_role[role]),
                LIST_SEPARATOR.join(by_role[role]))],
            e.incident, e.ladder.value if e.ladder else None, e.fatalities, e.summary,
            _labels(analysis, e.citations), LIST_SEPARATOR.join(e.tags),
        ])
    return csv_bytes(header, rows)


def actors_csv(analysis: Analysis) -> bytes:
    header = ["id", "name", "aliases", "kind", "side_id", "side", "parent_id", "anonymous", "description",
              "relations", "events", "quotes"]
    rows = []
    for a in analysis.inv.actors:
        relations = LIST_SEPARATOR.join(f"{r.type.value} {r.target}" for r in a.relations)
        rows.append([
            a.id, a.name, LIST_SEPARATOR.join(a.aliases), a.kind.value, a.side,
            analysis.side_name(a.side) if a.side else None, a.parent, a.anonymous, a.description, relations,
            len(analysis.events_by_actor.get(a.id, [])), len(analysis.quotes_by_actor.get(a.id, [])),
        ])
    return csv_bytes(header, rows)


def quotes_csv(analysis: Analysis) -> bytes:
    inv = analysis.inv
    header = ["id", "text", "speaker_id", "speaker", "according_to_id", "according_to", "said",
              "source_id", "source", "paragraph", "paragraph_end", "start", "end", "exact_match", "note"]
    rows = []
    for q in inv.quotes:
        match = analysis.checked.matches.get(q.id)
        source = inv.source_by_id.get(q.source)
        rows.append([
            q.id, q.text, q.speaker, _actor_name(analysis, q.speaker), q.according_to,
            _actor_name(analysis, q.according_to) if q.according_to else None,
            dates.display(q.said) if q.said else None, q.source, source.title if source else None,
            match.paragraph if match else None, match.paragraph_end if match else None,
            match.start if match else None, match.end if match else None,
            match.exact if match else None, q.note,
        ])
    return csv_bytes(header, rows)


def claims_csv(analysis: Analysis) -> bytes:
    header = ["id", "statement", "subject", "claimant_id", "claimant", "kind", "status", "independent_lines",
              "lines_of_evidence", "qualifier", "value", "value_max", "unit",
              "normalised_value", "normalised_value_max", "normalised_unit", "discrepancies", "about",
              "credibility", "citations", "note"]
    rows = []
    for claim in analysis.inv.claims:
        cs = analysis.claim_status[claim.id]
        q = claim.quantity
        norm = cs.normalised
        rows.append([
            claim.id, claim.statement, claim.subject, claim.claimant, _actor_name(analysis, claim.claimant),
            claim.kind.value, cs.status, len(cs.lines), LIST_SEPARATOR.join(cs.lines),
            q.qualifier if q else None, q.value if q else None, q.value_max if q else None, q.unit if q else None,
            norm[0] if norm else None, norm[1] if norm else None, norm[2] if norm else None,
            LIST_SEPARATOR.join(cs.discrepancies), LIST_SEPARATOR.join(claim.about), claim.credibility,
            _labels(analysis, claim.citations), claim.note,
        ])
    return csv_bytes(header, rows)


# --------------------------------------------------------------------------- TimelineJS


def tl_date(written: str) -> dict[str, str]:
    """A written ISO date -> a TimelineJS date object; the parts left out express the precision."""
    span = dates.parse(written)
    d = span.start
    out = {"year": str(d.year)}
    if span.form in ("month", "day", "time"):
        out["month"] = str(d.month)
    if span.form in ("day", "time"):
        out["day"] = str(d.day)
    if span.form == "time":
        out["hour"] = str(d.hour)
        out["minute"] = str(d.minute)
    return out


def _tl_dates(spec: DateSpec) -> dict[str, dict[str, str]]:
    out = {"start_date": tl_date(spec.date)}
    if spec.end:
        out["end_date"] = tl_date(spec.end)
    elif spec.precision == Precision.week:
        last = dates.interval(spec).end - dt.timedelta(days=1)
        out["end_date"] = {"year": str(last.year), "month": str(last.month), "day": str(last.day)}
    return out


def _esc(text: object) -> str:
    return html.escape(safetext.clean(" ".join(str(text).split())), quote=True)


def _title_slide_id(analysis: Analysis) -> str:
    taken = {e.id for e in analysis.inv.events}
    base = candidate = "timeline-title"
    n = 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def timeline(analysis: Analysis) -> dict:
    """Knight Lab TimelineJS 3 JSON: a title slide and one slide per event, grouped by event type.
    Headlines, captions and credits are escaped text; `text.text` is inline Markdown rendered
    with raw HTML disabled (TimelineJS also sanitises on its side)."""
    inv = analysis.inv
    report = inv.report
    title: dict[str, Any] = {"unique_id": _title_slide_id(analysis), "text": {
        "headline": _esc(report.title) if report else "Timeline",
        "text": f"<p>{safetext.html_inline(labels.plain(inv, report.bottom_line))}</p>" if report else "",
    }}
    slides = []
    for e in analysis.events:
        place = inv.place_by_id.get(e.place) if e.place else None
        paragraphs = [f"<p>{safetext.html_inline(labels.plain(inv, e.summary))}</p>"]  # references as labels
        facts = []
        if place:
            facts.append(f"Place: {_esc(place.name)}")
        for role, label in (("initiator", "Initiated by"), ("target", "Target"), ("other", "Also involved")):
            names = [_actor_name(analysis, ea.actor) for ea in e.actors if ea.role.value == role]
            if names:
                facts.append(f"{label}: {_esc(', '.join(names))}")
        if e.id in analysis.goldstein:
            facts.append(f"Goldstein score: {analysis.goldstein[e.id]:+.1f} "
                         f"(CAMEO {_esc(e.cameo)}, {_esc(analysis.cameo_labels.get(e.id, ''))})")
        if e.when.reasoning:
            facts.append(f"Date: {_esc(e.when.reasoning)}")
        if facts:
            paragraphs.append("<p>" + "<br>".join(facts) + "</p>")
        if e.citations:
            paragraphs.append(f"<p>Sources: {_esc(_labels(analysis, e.citations))}</p>")
        slide: dict[str, Any] = {"unique_id": e.id, **_tl_dates(e.when), "display_date": _esc(dates.display(e.when)),
                                 "text": {"headline": _esc(e.title), "text": "".join(paragraphs)},
                                 "group": _esc(e.event_type)}
        media = _tl_media(analysis, e.citations)
        if media:
            slide["media"] = media
        slides.append(slide)
    return {"title": title, "events": slides, "scale": "human"}


def _tl_media(analysis: Analysis, citations: list[Citation]) -> Optional[dict]:
    """The first quote an event cites (a speaker's words before an outlet's narration), shown as
    a blockquote with its speaker and source as credit."""
    quoted = [c for c in citations if c.quote]
    spoken = [c for c in quoted if analysis.inv.quote_by_id[c.quote].speaker != "reported"]
    for citation in spoken + [c for c in quoted if c not in spoken]:
        quote = analysis.inv.quote_by_id[citation.quote]
        source = analysis.inv.source_by_id.get(quote.source)
        speaker = _actor_name(analysis, quote.speaker)
        via = f", via {source.outlet}" if source and source.outlet else ""
        return {
            "url": f"<blockquote>{_esc(quote.text)}</blockquote>",
            "credit": _esc(f"{speaker}{via}" if quote.speaker != "reported" else (source.outlet if source and
                                                                                   source.outlet else speaker)),
            "caption": _esc(_caption(analysis, citation, source.title if source else quote.source)),
        }
    return None


def _caption(analysis: Analysis, citation: Citation, title: str) -> str:
    paragraph = analysis.resolve(citation).paragraph
    return f"{title}, paragraph {paragraph}" if paragraph else title


# --------------------------------------------------------------------------- CSL-JSON


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


def split_name(name: str, organisations: Iterable[str] = ()) -> dict[str, str]:
    """A byline name as CSL's {given, family}, or {literal} when it is not plainly "Given Family"."""
    words = name.split()
    if (name in set(organisations) or not 2 <= len(words) <= 3
            or not all(_NAME_WORD.match(w) for w in words) or not words[0][0].isupper()
            or any(w.lower().strip(".") in _ORG_WORDS for w in words)):
        return {"literal": name}
    return {"family": words[-1], "given": " ".join(words[:-1])}


def _date_parts(spec: DateSpec) -> dict:
    span = dates.interval(spec)
    depth = {"year": 1, "month": 2, "day": 3, "time": 3}[span.form]

    def parts(d: dt.datetime) -> list[int]:
        return [d.year, d.month, d.day][:depth]

    out: dict[str, Any] = {"date-parts": [parts(span.start)]}
    if spec.end or spec.precision == Precision.week:
        last = span.end - dt.timedelta(days=1)
        end_depth = {"year": 1, "month": 2}.get(dates.parse(spec.end).form, 3) if spec.end else 3
        out["date-parts"].append([last.year, last.month, last.day][:end_depth])
    if spec.approximate:
        out["circa"] = True
    return out


def _source_note(src: Source) -> str:
    parts = [f"Archived text SHA-256 {src.sha256}"]
    if src.inferred:
        parts.append("inferred by the curator, not shown in the text: " + ", ".join(sorted(src.inferred)))
    if src.syndicated_from:
        parts.append(f"repeats {src.syndicated_from}")
    parts.append(f"Admiralty reliability {src.reliability.grade}")
    return "; ".join(parts)


def _organisations(src: Source) -> list[str]:
    return [x for x in (src.outlet, src.syndicated_from) if x]


def csl_json(analysis: Analysis) -> list[dict]:
    """CSL-JSON (Citation Style Language 1.0.2 input data): one item per source."""
    items = []
    for src in analysis.inv.sources:
        item: dict[str, Any] = {"id": src.id, "type": CSL_TYPE[src.kind.value], "title": src.title}
        if src.short_name:
            item["title-short"] = src.short_name
        if src.outlet:
            item["container-title" if item["type"] == "article-newspaper" else "publisher"] = src.outlet
        if src.authors:
            item["author"] = [split_name(a, _organisations(src)) for a in src.authors]
        item["issued"] = _date_parts(src.published)
        if src.url:
            item["URL"] = src.url
        if src.archived:
            item["accessed"] = _date_parts(DateSpec(date=src.archived, precision=_precision_of(src.archived)))
        if src.archive_url:
            item["archive_location"] = src.archive_url
        item["genre"] = src.kind.value
        item["language"] = src.language
        item["note"] = _source_note(src)
        items.append(item)
    return items


def _precision_of(written: str) -> Precision:
    return {"year": Precision.year, "month": Precision.month, "day": Precision.day,
            "time": Precision.time}[dates.parse(written).form]


# --------------------------------------------------------------------------- BibTeX


_BIB_SPECIAL = {
    # BibTeX counts every brace, escaped or not, so a lone \{ would end the entry early:
    # braces in text become the LaTeX text symbols instead.
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "&": r"\&", "%": r"\%",
    "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_BIB_SPECIAL_RE = re.compile(r"[\\{}&%$#_~^]")
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def bib_escape(text: str) -> str:
    """Plain text -> a BibTeX field value: LaTeX specials escaped, braces always balanced.
    Non-ASCII letters stay as UTF-8 (biber, bibtexu and pybtex read them)."""
    text = safetext.clean(" ".join(str(text).split()))
    return _BIB_SPECIAL_RE.sub(lambda m: _BIB_SPECIAL[m.group()], text)


def bib_url(url: str) -> str:
    """URLs are verbatim fields: only characters that would unbalance the entry are percent-encoded."""
    return re.sub(r"[{}\\\s]", lambda m: "%{:02X}".format(ord(m.group())), url.strip())


def _bib_name(name: str, organisations: Iterable[str]) -> str:
    parts = split_name(name, organisations)
    if "literal" in parts:
        return "{" + bib_escape(parts["literal"]) + "}"  # braced: one name, never split at "and"
    return f"{bib_escape(parts['family'])}, {bib_escape(parts['given'])}"


def bibtex(analysis: Analysis) -> str:
    """One entry per source (@article for press, @misc otherwise), keyed by the source id."""
    entries = ["% Sources of the investigation, exported by reportgen. UTF-8.\n"]
    for src in analysis.inv.sources:
        press = CSL_TYPE[src.kind.value] == "article-newspaper"
        fields: list[tuple[str, str]] = []  # (name, value as written after "=")
        if src.authors:
            names = " and ".join(_bib_name(a, _organisations(src)) for a in src.authors)
            fields.append(("author", "{" + names + "}"))
        fields.append(("title", "{{" + bib_escape(src.title) + "}}"))  # inner braces keep the case as written
        if src.outlet:
            fields.append(("journal" if press else "howpublished", "{" + bib_escape(src.outlet) + "}"))
        span = dates.interval(src.published)
        fields.append(("year", "{" + str(span.start.year) + "}"))
        if span.form != "year":
            fields.append(("month", _MONTHS[span.start.month - 1]))  # the standard macro, unbraced
        fields.append(("date", "{" + _bib_date(src.published) + "}"))
        if src.url:
            fields.append(("url", "{" + bib_url(src.url) + "}"))
        if src.archived:
            fields.append(("urldate", "{" + src.archived[:10] + "}"))
        fields.append(("note", "{" + bib_escape(_source_note(src)) + "}"))
        body = "".join(f"  {name} = {value},\n" for name, value in fields)
        entries.append(f"@{'article' if press else 'misc'}{{{src.id},\n{body}}}\n")
    return "\n".join(entries)


def _bib_date(spec: DateSpec) -> str:
    """biblatex's ISO date to the written precision; a range as start/end."""
    def day(written: str) -> str:
        return written[:10]

    out = day(spec.date)
    if spec.end:
        out += "/" + day(spec.end)
    return out
