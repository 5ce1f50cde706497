"""Check: the whole graph, before a single page is written.

Every problem is collected (never the first one only) with the file and line
of the YAML that is wrong and a hint on how to fix it. The result also carries
what later stages need: each source's text and where each quote was found.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from reportgen.data import cameo
from reportgen.data import codebook
from reportgen.data import dates
from reportgen.data import hygiene
from reportgen.data import reserved
from reportgen import parallel
from reportgen.data import refs
from reportgen.data import units
from reportgen.data.diagnostics import Diagnostics, did_you_mean
from reportgen.data.geochecks import check_geography
from reportgen.data.loader import Investigation
from reportgen.data.model import Citation, DateSpec, Origin, Quote, Record, Source
from reportgen.data.textmatch import ArchivedText, Match, Miss, find_quote, locate

MAX_SOURCE_BYTES = 5 * 1024 * 1024  # an archived article is kilobytes; megabytes means a wrong file


@dataclass
class Checked:
    """The investigation plus what checking learnt about it."""

    inv: Investigation
    archives: dict[str, ArchivedText] = field(default_factory=dict)
    matches: dict[str, Match] = field(default_factory=dict)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    def summary(self) -> dict[str, int]:
        inv = self.inv
        return {
            "sources": len(inv.sources),
            "quotes verified": len(self.matches),
            "actors": len(inv.actors),
            "places": len(inv.places),
            "events": len(inv.events),
            "claims": len(inv.claims),
            "discrepancies": len(inv.discrepancies),
            "assessments": len(inv.assessments),
        }


def check(inv: Investigation) -> Checked:
    result = Checked(inv)
    d = result.diagnostics
    ids = _check_ids(inv, d)
    _check_reserved_ids(inv, d)
    _check_sources(inv, result)
    _check_quotes(inv, result)
    _check_references(inv, result, ids)
    _check_dates(inv, d)
    _check_quantities(inv, d)
    _check_aspects(inv, d)
    check_geography(inv, d)
    _check_events(inv, d)
    _check_vocabulary(inv, d)
    _check_assessments(inv, d)
    refs.check(inv, d, ids)  # references in text, ids shown as text
    hygiene.check(inv, result, d, ids)  # analytic hygiene: ACH, figures, outcomes, hedges, views
    for archive in result.archives.values():  # what a quote found in the wrong source made again
        archive.forget_normalised()
    return result


# --------------------------------------------------------------------------- ids


def _all_records(inv: Investigation) -> Iterable[tuple[str, Record]]:
    if inv.report:
        for kj in inv.report.key_judgments:
            yield "key judgment", kj
        for side in inv.report.sides:
            yield "side", side
    for name, kind in (("sources", "source"), ("quotes", "quote"), ("actors", "actor"), ("places", "place"),
                       ("events", "event"), ("claims", "claim"), ("discrepancies", "discrepancy"),
                       ("assessments", "assessment")):
        for record in getattr(inv, name):
            yield kind, record
    for assessment in inv.assessments:
        for hyp in assessment.hypotheses:
            yield "hypothesis", hyp
        for item in assessment.evidence:
            yield "evidence item", item


def _check_ids(inv: Investigation, d: Diagnostics) -> dict[str, str]:
    """Ids are unique across the whole investigation (they are URL anchors)."""
    seen: dict[str, tuple[str, Record]] = {}
    for kind, record in _all_records(inv):
        if record.id in seen:
            first_kind, first = seen[record.id]
            d.error(record.field_origin("id"), f"duplicate id `{record.id}` ({kind})",
                    f"already used by the {first_kind} at {first.origin}; ids must be unique")
        else:
            seen[record.id] = (kind, record)
    return {rid: kind for rid, (kind, _) in seen.items()}


def _check_reserved_ids(inv: Investigation, d: Diagnostics) -> None:
    """No id takes the name of one of the site's own pages or anchors (reportgen/data/reserved.py),
    nor of an anchor the site makes from other records: an incident's, an assessment's words."""
    made = {f"incident-{e.incident}": f"the anchor of incident `{e.incident}` on escalation.md"
            for e in inv.events if e.incident}
    made.update({f"{a.id}-words": f"the anchor of the analysts' words of assessment `{a.id}` on escalation.md"
                 for a in inv.assessments})
    for kind, record in _all_records(inv):
        where = reserved.taken_by(record.id) or made.get(record.id)
        if where:
            d.error(record.field_origin("id"), f"{kind} `{record.id}`: id `{record.id}` is taken by {where}",
                    f"ids are page names and anchors of the site: choose another, e.g. "
                    f"`{record.id}-{kind.replace(' ', '-')}`")


# --------------------------------------------------------------------------- sources


def _check_sources(inv: Investigation, result: Checked) -> None:
    d = result.diagnostics
    root = inv.data_dir.resolve()
    folders: dict[Path, Path] = {}
    for src in inv.sources:
        text = _read_archive(src, root, d, folders)
        if text is not None:
            result.archives[src.id] = ArchivedText(text, src.paragraphs)
        problems = dates.check(src.published)
        for p in problems:
            d.error(src.field_origin("published"), f"source `{src.id}`: published: {p}", p.hint)
        fields = set(Source.model_fields) - {"inferred", "id", "file", "sha256", "artifacts", "uncited", "notes"}
        for key in src.inferred:
            if key not in fields:
                d.error(src.field_origin("inferred"), f"source `{src.id}`: `inferred` names unknown field `{key}`",
                        did_you_mean(key, fields) or f"name one of: {', '.join(sorted(fields))}")
            elif getattr(src, key) in (None, [], ""):
                d.error(src.field_origin("inferred"), f"source `{src.id}`: `{key}` is marked inferred but not set",
                        f"set `{key}` or drop it from `inferred`")
        for url_field in ("url", "archive_url"):
            url = getattr(src, url_field)
            if url and not url.lower().startswith(("http://", "https://")):
                d.error(src.field_origin(url_field), f"source `{src.id}`: `{url_field}` must be an http(s) URL",
                        "only http:// and https:// links are published")
        archive = result.archives.get(src.id)
        if archive is None:
            continue
        count = len(archive.paragraphs)
        for artifact in src.artifacts:
            for n in artifact.paragraphs:
                if not 1 <= n <= count:
                    d.error(artifact.origin, f"source `{src.id}`: artifact paragraph {n} does not exist",
                            f"the archived text has paragraphs 1 to {count}")
        for n in src.uncited:
            if not 1 <= n <= count:
                d.error(src.field_origin("uncited"), f"source `{src.id}`: uncited paragraph {n} does not exist",
                        f"the archived text has paragraphs 1 to {count}")


def _read_archive(src: Source, root: Path, d: Diagnostics, folders: Optional[dict] = None) -> Optional[str]:
    path = (root / src.file)
    try:
        resolved = _resolve(path, {} if folders is None else folders)
    except (OSError, RuntimeError, ValueError):  # a symlink loop; a NUL byte in the name
        d.error(src.field_origin("file"), f"source `{src.id}`: cannot resolve `{src.file}`", "check the path")
        return None
    if resolved == root or not str(resolved).startswith(os.path.join(str(root), "")):
        d.error(src.field_origin("file"), f"source `{src.id}`: `{src.file}` is outside the data folder",
                "archived texts live under the data folder, e.g. sources/<id>.txt; links out of it are refused")
        return None
    try:
        status = resolved.stat()
    except OSError as exc:
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP, errno.EBADF):
            d.error(src.field_origin("file"), f"source `{src.id}`: cannot read `{src.file}`: {exc.strerror or exc}",
                    "check the file's permissions")
            return None
        status = None
    if status is not None and stat.S_ISDIR(status.st_mode):
        d.error(src.field_origin("file"), f"source `{src.id}`: `{src.file}` is a folder, not a text file",
                "name the archived text file itself, e.g. sources/<id>.txt")
        return None
    if status is None or not stat.S_ISREG(status.st_mode):
        d.error(src.field_origin("file"), f"source `{src.id}`: archived text `{src.file}` not found",
                f"put the archived text at {Path(inv_rel(root, path))} or correct `file:`")
        return None
    if status.st_size > MAX_SOURCE_BYTES:
        d.error(src.field_origin("file"),
                f"source `{src.id}`: archived text is {status.st_size:,} bytes, over the {MAX_SOURCE_BYTES:,}-byte limit",
                "archive the article's text only, not the whole page or a binary file")
        return None
    try:
        with resolved.open("rb") as handle:  # read no more than the limit, should the file grow meanwhile
            data = handle.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        d.error(src.field_origin("file"), f"source `{src.id}`: cannot read `{src.file}`: {exc.strerror or exc}",
                "check the file's permissions")
        return None
    digest = hashlib.sha256(data).hexdigest()
    if digest != src.sha256:
        d.error(src.field_origin("sha256"), f"source `{src.id}`: archived text has changed since it was hashed",
                "restore the original file; if the new text is deliberately the archive, record "
                f"`sha256: {digest}`",
                detail=[f"recorded: {src.sha256}", f"file has: {digest}"])
    if not data.strip():
        d.error(src.field_origin("file"), f"source `{src.id}`: archived text `{src.file}` is empty",
                "archive the article's text")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        d.error(src.field_origin("file"),
                f"source `{src.id}`: `{src.file}` is not UTF-8 (byte {exc.start}, line {line})",
                "convert the archived text to UTF-8, then record its new sha256")
        return None


def _resolve(path: Path, folders: dict) -> Path:
    """`path.resolve()`, with the folder resolved once for all the files of one check
    (`folders`: folder -> resolved); resolving costs a system call per folder from /."""
    try:
        plain_file = path.name not in ("", ".", "..") and not stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:  # missing, or no access: the long way says which
        plain_file = False
    if not plain_file:  # a link is followed the long way
        return path.resolve()
    folder = path.parent
    resolved = folders.get(folder)
    if resolved is None:
        resolved = folders[folder] = folder.resolve()
    return resolved / path.name


def inv_rel(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- quotes


# Quotes are searched for in several processes once there are this many (each source's
# quotes in one process, so its text is normalised once).
PARALLEL_MIN_QUOTES = 10_000


def _check_quotes(inv: Investigation, result: Checked) -> None:
    sources = inv.source_by_id
    found = _search_all(inv, result)
    last_quote = {quote.source: index for index, quote in enumerate(inv.quotes)}
    for index, quote in enumerate(inv.quotes):
        _record_search(quote, found[index] if index in found else _search(quote, sources, result), result)
        archive = result.archives.get(quote.source)
        if archive is not None and last_quote[quote.source] == index:
            archive.forget_normalised()  # its last quote: 40 MB in all at the large size


def _search_all(inv: Investigation, result: Checked) -> dict[int, object]:
    """quote index -> what its search found, for every quote of a large investigation,
    searched for in several processes (a smaller one's are searched for in order, later)."""
    workers = parallel.worker_count(len(inv.quotes), PARALLEL_MIN_QUOTES)
    if workers < 2:
        return {}
    by_source: dict[str, list[int]] = {}
    for index, quote in enumerate(inv.quotes):
        by_source.setdefault(quote.source, []).append(index)
    groups = list(by_source.items())
    sources = inv.source_by_id

    def search_group(group: tuple[str, list[int]]) -> list:
        source_id, indexes = group
        found = [_search(inv.quotes[i], sources, result) for i in indexes]
        archive = result.archives.get(source_id)
        if archive is not None:
            archive.forget_normalised()
        return found

    searched = parallel.map_shared(search_group, groups, workers, chunksize=16,
                                   mine=parallel.my_share([len(g[1]) for g in groups], workers, sent=0.3))
    return {i: found for (_, indexes), results in zip(groups, searched) for i, found in zip(indexes, results)}


def _search(quote: Quote, sources: dict, result: Checked):
    """What searching the quote's source for it finds: a Match, a Miss, or None when there is
    nothing to search (no such source, an unreadable archive) or no words to search for."""
    if quote.source not in sources:
        return None  # reported with the references
    archive = result.archives.get(quote.source)
    if archive is None:
        return None  # the source's own error says why
    if not any(map(str.isalnum, quote.text)):
        return NO_WORDS
    return find_quote(archive, quote.text, quote.paragraph)


NO_WORDS = "no words"


def _record_search(quote: Quote, found, result: Checked) -> None:
    d = result.diagnostics
    if found is None:
        return
    if found == NO_WORDS:  # a string: equal, not identical, once it comes back from a worker
        d.error(quote.field_origin("text"), f"quote `{quote.id}` has no words",
                "quote the words of the source, not only punctuation or spaces")
        return
    if isinstance(found, Match):
        if quote.paragraph is not None and quote.paragraph != found.paragraph:
            d.error(quote.field_origin("paragraph"),
                    f"quote `{quote.id}` is not in paragraph {quote.paragraph} of `{quote.source}`",
                    f"it is in paragraph {found.paragraph}; correct or drop `paragraph:`")
        result.matches[quote.id] = found
        return
    d.error(quote.field_origin("text"), *_miss_message(quote.id, quote.source, found, result, quote.text))


def _miss_message(qid: str, sid: str, miss: Miss, result: Checked, text: str) -> tuple[str, str, list[str]]:
    detail = []
    if miss.piece:
        detail.append(f"the elided piece not found: \"{miss.piece}\"")
    if miss.passage:
        detail.append(f"closest passage (paragraph {miss.paragraph}, {miss.score:.0f}% alike): \"{miss.passage}\"")
    detail.extend(miss.differences[:6])
    hint = "copy the words exactly from the archived text; only quote marks, dashes, ellipses and spacing may differ"
    elsewhere = _found_elsewhere(text, sid, result)
    if elsewhere:
        hint = f"the quote is in source `{elsewhere[0]}` (paragraph {elsewhere[1]}): did you mean `source: {elsewhere[0]}`?"
        detail = []  # the closest passage of the wrong source would only mislead
    return f"quote `{qid}` not found verbatim in source `{sid}`", hint, detail


def _found_elsewhere(text: str, sid: str, result: Checked) -> Optional[tuple[str, int]]:
    for other_id, archive in result.archives.items():
        if other_id == sid:
            continue
        found = locate(archive, text)  # exact and normalised search only: no fuzzy pass per source
        if found is not None:
            return other_id, found.paragraph
    return None


# --------------------------------------------------------------------------- references


_RECORD_KIND = {"Source": "source", "Quote": "quote", "Actor": "actor", "Event": "event", "Claim": "claim",
                "Discrepancy": "discrepancy", "Assessment": "assessment", "KeyJudgment": "key judgment"}


def _check_references(inv: Investigation, result: Checked, ids: dict[str, str]) -> None:
    d = result.diagnostics
    sources, quotes, actors, places = inv.source_by_id, inv.quote_by_id, inv.actor_by_id, inv.place_by_id
    claims = inv.claim_by_id
    side_ids = {s.id for s in inv.report.sides} if inv.report else set()

    owner: Optional[Record] = None  # the record being checked, named in each message (`named`)

    def ref(record: Record, field_name: str, value: Optional[str], table: dict, kind: str,
            allow: tuple = ()) -> None:
        if value is None or value in allow or value in table:
            return
        hint = did_you_mean(value, table) or f"define a {kind} with `id: {value}`"
        d.error(record.field_origin(field_name), f"{named(owner)}`{field_name}` names unknown {kind} `{value}`", hint)

    def named(record: Optional[Record]) -> str:
        """'quote `x`: '"""
        if record is None:
            return ""
        kind = _RECORD_KIND.get(type(record).__name__, type(record).__name__.lower())
        return f"{kind} `{record.id}`: "

    def cites(record: Record, citations: list[Citation]) -> None:
        for c in citations:
            if c.quote is not None:
                ref(c, "quote", c.quote, quotes, "quote")
            if c.source is not None:
                ref(c, "source", c.source, sources, "source")
                archive = result.archives.get(c.source)
                if archive and c.paragraph is not None and c.paragraph > len(archive.paragraphs):
                    d.error(c.field_origin("paragraph"), f"paragraph {c.paragraph} of `{c.source}` does not exist",
                            f"the archived text has paragraphs 1 to {len(archive.paragraphs)}")

    def date_anchor(record: Record, spec: Optional[DateSpec]) -> None:
        if spec is not None:
            ref(spec, "anchor", spec.anchor, sources, "source")

    for src in inv.sources:
        owner = src
        date_anchor(src, src.published)
    for q in inv.quotes:
        owner = q
        ref(q, "source", q.source, sources, "source")
        ref(q, "speaker", q.speaker, actors, "actor", allow=("reported",))
        ref(q, "according_to", q.according_to, actors, "actor")
        date_anchor(q, q.said)
    for a in inv.actors:
        owner = a
        ref(a, "parent", a.parent, actors, "actor")
        if a.side is not None and a.side not in side_ids:
            d.error(a.field_origin("side"), f"actor `{a.id}`: unknown side `{a.side}`",
                    did_you_mean(a.side, side_ids) or "define the side under `report: sides:`")
        for rel in a.relations:
            ref(rel, "target", rel.target, actors, "actor")
            cites(rel, rel.citations)
            if rel.target == a.id:
                d.error(rel.origin, f"actor `{a.id}` has a relation to itself", "name another actor as `target`")
    _check_parent_cycles(inv, d)
    for e in inv.events:
        owner = e
        ref(e, "place", e.place, places, "place")
        for ea in e.actors:
            ref(ea, "actor", ea.actor, actors, "actor")
        cites(e, e.citations)
        date_anchor(e, e.when)
    for c in inv.claims:
        owner = c
        ref(c, "claimant", c.claimant, actors, "actor", allow=("reported",))
        for target in c.about:
            if target not in ids:
                d.error(c.field_origin("about"), f"claim `{c.id}`: `about` names unknown id `{target}`",
                        did_you_mean(target, ids) or "name an actor, place or event id")
        cites(c, c.citations)
    for disc in inv.discrepancies:
        owner = disc
        for cid in disc.claims:
            if cid not in claims:
                d.error(disc.field_origin("claims"), f"discrepancy `{disc.id}`: unknown claim `{cid}`",
                        did_you_mean(cid, claims) or "list the ids of claims that disagree")
        for cid in disc.upheld:
            if cid not in disc.claims:
                d.error(disc.field_origin("upheld"), f"discrepancy `{disc.id}`: upheld claim `{cid}` is not one of its claims",
                        f"list in `upheld` only claims from `claims`: {', '.join(disc.claims)}")
        if disc.upheld and not disc.resolution:
            d.error(disc.field_origin("upheld"), f"discrepancy `{disc.id}` upholds claims without a `resolution`",
                    "say in `resolution` why the report accepts those claims")
        if len(set(disc.claims)) < 2:
            d.error(disc.field_origin("claims"), f"discrepancy `{disc.id}` needs two different claims",
                    "a discrepancy shows at least two sides")
    for a in inv.assessments:
        owner = a
        cites(a, a.citations)
        for item in a.evidence:
            cites(item, item.citations)
        for h in a.hypotheses:
            for actor in h.held_by:
                if actor not in actors:
                    d.error(h.field_origin("held_by"), f"hypothesis `{h.id}`: unknown actor `{actor}`",
                            did_you_mean(actor, actors) or "name the analysts' actor ids")
    if inv.report:
        allowed = {"event", "claim", "discrepancy", "assessment"}
        for kj in inv.report.key_judgments:
            owner = kj
            cites(kj, kj.citations)
            for target in kj.based_on:
                if ids.get(target) not in allowed:
                    d.error(kj.field_origin("based_on"), f"key judgment `{kj.id}`: `based_on` names unknown `{target}`",
                            did_you_mean(target, [i for i, k in ids.items() if k in allowed])
                            or "name events, claims, discrepancies or assessments")


def _check_parent_cycles(inv: Investigation, d: Diagnostics) -> None:
    actors = inv.actor_by_id
    reported: set[frozenset] = set()
    for actor in inv.actors:
        seen = [actor.id]
        current = actor.parent
        while current in actors:
            if current in seen:
                if current == actor.id and frozenset(seen) not in reported:  # each loop once, at its first actor
                    reported.add(frozenset(seen))
                    chain = " -> ".join(seen + [current])
                    d.error(actor.field_origin("parent"), f"actor `{actor.id}`: parent chain loops ({chain})",
                            "an organisation cannot be its own ancestor; fix one `parent:`")
                break
            seen.append(current)
            current = actors[current].parent


# --------------------------------------------------------------------------- dates, units, events


def _check_dates(inv: Investigation, d: Diagnostics) -> None:
    def one(record: Record, field_name: str, spec: Optional[DateSpec], label: str) -> None:
        if spec is None:
            return
        for problem in dates.check(spec):
            d.error(record.field_origin(field_name), f"{label}: {problem}", problem.hint)

    for q in inv.quotes:
        one(q, "said", q.said, f"quote `{q.id}`: said")
    for e in inv.events:
        one(e, "when", e.when, f"event `{e.id}`: when")
    if inv.report:
        try:
            dates.parse(inv.report.date)
        except dates.DateProblem as exc:
            d.error(inv.report.field_origin("date"), f"report: date: {exc}", exc.hint)


def _check_quantities(inv: Investigation, d: Diagnostics) -> None:
    for c in inv.claims:
        q = c.quantity
        if q is None:
            continue
        if units.lookup(q.unit) is None:
            d.error(q.field_origin("unit"), f"claim `{c.id}`: unknown unit `{q.unit}`",
                    did_you_mean(q.unit, units.UNITS) or f"use one of: {', '.join(sorted(units.UNITS))}")
        if q.value_max is not None and q.value_max < q.value:
            d.error(q.field_origin("value_max"), f"claim `{c.id}`: `value_max` {q.value_max:g} is below `value` {q.value:g}",
                    "a range runs from `value` up to `value_max`")


def _check_aspects(inv: Investigation, d: Diagnostics) -> None:
    """A claim's `aspect` places it in the incidents compared, in the column of an event it is
    `about`: it needs such an event, and a distance is a length (a length is nothing else)."""
    for c in inv.claims:
        if c.aspect is None:
            continue
        aspect = c.aspect.value
        if not any(target in inv.event_by_id for target in c.about):
            d.error(c.field_origin("aspect"),
                    f"claim `{c.id}`: `aspect: {aspect}` puts it beside an incident, but it is `about` no event",
                    "add the event it tells about (the strike or shoot-down) to `about`, or drop `aspect`")
        unit = units.lookup(c.quantity.unit) if c.quantity else None
        if unit is None:
            continue  # no figure, or an unknown unit (reported with the quantities)
        if aspect == "distance" and unit.dimension != "length":
            d.error(c.field_origin("aspect"), f"claim `{c.id}`: `aspect: distance` goes with a length, "
                    f"and `{c.quantity.unit}` is not one", "give the distance in km, m or miles, or choose "
                    "another aspect: hit or toll")
        elif aspect != "distance" and unit.dimension == "length":
            d.error(c.field_origin("aspect"), f"claim `{c.id}`: a length of `{c.quantity.unit}` is a distance, "
                    f"not `{aspect}`", "write `aspect: distance`, or leave `aspect` out")


def _check_events(inv: Investigation, d: Diagnostics) -> None:
    for e in inv.events:
        if cameo.lookup(e.cameo) is None:
            d.error(e.field_origin("cameo"), f"event `{e.id}`: unknown CAMEO code `{e.cameo}`",
                    "use a CAMEO code such as 195 (employ aerial weapons) or 150 (show of force)")
        if not e.citations:
            d.error(e.origin, f"event `{e.id}` has no citation", "every event cites a quote or a source paragraph")


def _check_vocabulary(inv: Investigation, d: Diagnostics) -> None:
    """Every event's type and sub-event type from ACLED's codebook, or the report's own."""
    declared = inv.report.codebook if inv.report else None
    types = codebook.vocabulary(declared)
    source = "the report's codebook" if declared else "ACLED's codebook"
    seen: set[str] = set()
    for entry in declared or ():
        if entry.event_type in seen:
            d.error(entry.field_origin("event_type"), f"codebook: event type '{entry.event_type}' is listed twice",
                    "list each event type once, with all its sub-event types")
        seen.add(entry.event_type)
    for e in inv.events:
        if e.event_type not in types:
            d.error(e.field_origin("event_type"), f"event `{e.id}`: `event_type` '{e.event_type}' is not in {source}",
                    did_you_mean(e.event_type, types) or _terms(types, "use one of", declared))
            continue
        subs = types[e.event_type]
        if e.sub_event_type is not None and e.sub_event_type not in subs:
            owner = next((t for t, others in types.items() if e.sub_event_type in others), None)
            d.error(e.field_origin("sub_event_type"),
                    f"event `{e.id}`: `sub_event_type` '{e.sub_event_type}' is not a sub-event type of "
                    f"'{e.event_type}' in {source}",
                    f"it belongs to '{owner}': correct `event_type` or `sub_event_type`" if owner
                    else did_you_mean(e.sub_event_type, subs) or _terms(subs, "use one of", declared))


def _terms(terms: Iterable[str], lead: str, declared) -> str:
    listed = ", ".join(f"'{t}'" for t in terms) or "none are declared"
    return f"{lead}: {listed}" + ("" if declared else "; or declare the report's own `codebook:`")


def _check_assessments(inv: Investigation, d: Diagnostics) -> None:
    for a in inv.assessments:
        hyp_ids = [h.id for h in a.hypotheses]
        for item in a.evidence:
            for hid in item.ratings:
                if hid not in hyp_ids:
                    d.error(item.field_origin("ratings"), f"evidence `{item.id}` rates unknown hypothesis `{hid}`",
                            did_you_mean(hid, hyp_ids) or f"hypotheses of `{a.id}`: {', '.join(hyp_ids)}")
            missing = [h for h in hyp_ids if h not in item.ratings]
            if missing:
                d.error(item.field_origin("ratings"), f"evidence `{item.id}` does not rate {', '.join(missing)}",
                        "rate every hypothesis: consistent, inconsistent or neutral (the ACH matrix has no gaps)")
