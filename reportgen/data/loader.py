"""Load: YAML files in the data folder -> one typed Investigation.

Every file is read and validated; every problem in every file is collected
before anything is raised, with the file, line and column it was found at.
"""

from __future__ import annotations

import re
import types
import typing
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ValidationError

from reportgen.data import model as m
from reportgen import parallel
from reportgen.data.diagnostics import DataError, Diagnostics, did_you_mean
from reportgen.data.yamlpos import Mark, PosDict, PosList, YamlProblem, load_yaml

MAX_YAML_BYTES = 50 * 1024 * 1024  # far above any curated file; stops accidents early


@dataclass
class Investigation:
    """Everything the data says, merged from all files, with lookups by id."""

    data_dir: Path
    report: Optional[m.Report] = None
    sources: list[m.Source] = field(default_factory=list)
    quotes: list[m.Quote] = field(default_factory=list)
    actors: list[m.Actor] = field(default_factory=list)
    places: list[m.Place] = field(default_factory=list)
    events: list[m.Event] = field(default_factory=list)
    claims: list[m.Claim] = field(default_factory=list)
    discrepancies: list[m.Discrepancy] = field(default_factory=list)
    assessments: list[m.Assessment] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def index(self, collection: str) -> dict[str, Any]:
        """Records of one collection by id (first one wins; duplicates are a check error)."""
        cache = self.__dict__.setdefault("_index_cache", {})
        if collection not in cache:
            by_id: dict[str, Any] = {}
            for record in getattr(self, collection):
                by_id.setdefault(record.id, record)
            cache[collection] = by_id
        return cache[collection]

    @property
    def source_by_id(self) -> dict[str, m.Source]:
        return self.index("sources")

    @property
    def quote_by_id(self) -> dict[str, m.Quote]:
        return self.index("quotes")

    @property
    def actor_by_id(self) -> dict[str, m.Actor]:
        return self.index("actors")

    @property
    def place_by_id(self) -> dict[str, m.Place]:
        return self.index("places")

    @property
    def event_by_id(self) -> dict[str, m.Event]:
        return self.index("events")

    @property
    def claim_by_id(self) -> dict[str, m.Claim]:
        return self.index("claims")


def data_files(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())


def load(data_dir: Path | str) -> Investigation:
    """Read every YAML file of `data_dir`; raise DataError with all problems found."""
    data_dir = Path(data_dir)
    diags = Diagnostics()
    inv = Investigation(data_dir=data_dir)
    if not data_dir.is_dir():
        diags.error(m.Origin(file=str(data_dir), line=1), "data folder not found",
                    "pass the folder that holds the investigation's YAML files with --data")
        raise DataError(diags)
    files = data_files(data_dir)
    if not files:
        diags.error(m.Origin(file=str(data_dir), line=1), "no YAML files (*.yml) in the data folder",
                    "create data/report.yml; `build_report.py new` scaffolds an investigation")
        raise DataError(diags)
    sizes = [_size(path) for path in files]
    workers = parallel.worker_count(sum(sizes), PARALLEL_MIN_BYTES)
    mine = parallel.my_share(sizes, workers, sent=PICKLED) if workers > 1 else None
    for shown, parsed, found in parallel.map_shared(_read_file, files, workers, mine):
        inv.files.append(shown)
        diags.extend(found)
        if parsed is None:
            continue
        if parsed.report is not None:
            if inv.report is not None:
                diags.error(parsed.report.origin, "a second `report:` section",
                            f"the report is already defined in {inv.report.origin}; keep one")
            else:
                inv.report = parsed.report
        for name in m.COLLECTIONS:
            getattr(inv, name).extend(getattr(parsed, name))
    if inv.report is None and not diags.errors:
        diags.error(m.Origin(file=display_path(files[0]), line=1), "no `report:` section in any data file",
                    "add a `report:` mapping with title, authors, version, date, licence, bottom_line, key_judgments")
    if diags.errors:
        raise DataError(diags)
    return inv


# Files are parsed in several processes once there is this much YAML (a large
# investigation has tens of megabytes in a dozen files; below this, starting a
# process costs more than it saves). The records a worker reads are pickled there and
# unpickled here, which costs them and this process about as much again as reading them.
PARALLEL_MIN_BYTES = 4_000_000
PICKLED = 0.6


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # _load_file reports it


def _read_file(path: Path) -> tuple[str, Optional[m.DataFile], Diagnostics]:
    """One file read and validated, with its problems (in whichever process reads it)."""
    shown = display_path(path)
    found = Diagnostics()
    return shown, _load_file(path, shown, found), found


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _load_file(path: Path, shown: str, diags: Diagnostics) -> Optional[m.DataFile]:
    def at(mark: Optional[Mark]) -> m.Origin:
        return m.Origin(file=shown, line=mark.line if mark else 1, column=mark.column if mark else 1)

    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            diags.error(at(None), f"file is {size:,} bytes, over the {MAX_YAML_BYTES:,}-byte limit",
                        "split the data into several YAML files")
            return None
        raw_bytes = path.read_bytes()
    except OSError as exc:
        diags.error(at(None), f"cannot read file: {exc.strerror}")
        return None
    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        diags.error(m.Origin(file=shown, line=line), "file is not valid UTF-8",
                    "save the file as UTF-8")
        return None
    try:
        raw = load_yaml(text)
    except YamlProblem as exc:
        diags.error(at(exc.mark), exc.message, exc.hint)
        return None
    except RecursionError:
        diags.error(at(None), "YAML nested too deeply", "flatten the structure")
        return None
    if raw is None:
        return m.DataFile()
    if not isinstance(raw, PosDict):
        diags.error(at(getattr(raw, "mark", None)),
                    "a data file must be a mapping of collections (report, sources, quotes, ...)",
                    "start the file with e.g. `quotes:` and list the records under it")
        return None
    if _may_hold_forbidden(text):  # most files cannot: then the walk over every value is skipped
        _check_characters(raw, raw, (), None, at, diags)
    try:
        parsed = m.DataFile.model_validate(raw)
    except ValidationError as exc:
        _report_validation(exc, raw, at, diags)
        return None
    attach_origins(parsed, raw, shown)
    return parsed


# --------------------------------------------------------------------------- characters

# Policy: no text in the data may hold a character that changes how the text
# around it is displayed or that cannot be seen, because a reader (and a
# reviewer reading the YAML) would see something other than what is stored:
# C0/C1 control characters (terminal escapes such as U+001B, NUL, carriage
# return), bidirectional embeddings, overrides and isolates (U+202A-U+202E,
# U+2066-U+2069: "Trojan Source" spoofing), zero-width spaces and joiners that
# make two names look alike, and lone surrogates. Tab and newline are allowed:
# long text spans lines. Archived source texts are evidence and are not
# changed; the pages escape what they show of them.
_FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff\ud800-\udfff]"
)


# A double-quoted YAML scalar can spell such a character as an escape ("\e", "\x1b", "\u202e").
_FORBIDDEN_ESCAPE = re.compile(r"\\[0abefrvxuUN_LP]")


def _may_hold_forbidden(text: str) -> bool:
    """False when no value parsed from this file text can hold a refused character."""
    return bool(_FORBIDDEN_CHARS.search(text) or _FORBIDDEN_ESCAPE.search(text))


def forbidden_characters(text: str) -> list[str]:
    """'U+001B (ESCAPE)' for each distinct character the policy refuses, in order of appearance."""
    found = dict.fromkeys(_FORBIDDEN_CHARS.findall(text))
    return [f"U+{ord(ch):04X} ({unicodedata.name(ch, '') or _CONTROL_NAMES.get(ord(ch), 'control character')})"
            for ch in found]


def _check_characters(node: Any, raw: PosDict, path: tuple, mark: Optional[Mark], at, diags: Diagnostics) -> None:
    if isinstance(node, PosDict):
        for key, value in node.items():
            key_mark = node.mark_of(key)
            if isinstance(key, str):
                _refuse_characters(key, raw, path + (key,), key_mark, at, diags, is_key=True)
            _check_characters(value, raw, path + (key,), key_mark, at, diags)
    elif isinstance(node, PosList):
        for index, item in enumerate(node):
            _check_characters(item, raw, path + (index,), node.mark_of(index), at, diags)
    elif isinstance(node, str):
        _refuse_characters(node, raw, path, mark, at, diags)


def _refuse_characters(text: str, raw: PosDict, path: tuple, mark: Optional[Mark], at, diags: Diagnostics,
                       is_key: bool = False) -> None:
    found = forbidden_characters(text)
    if not found:
        return
    what = "the key" if is_key else f"`{_field_name(path)}`" if path else "the text"
    plural = "characters" if len(found) > 1 else "character"
    diags.error(at(mark), f"{_describe(raw, path)}{what} contains the invisible or control {plural} "
                f"{', '.join(found[:3])}",
                "remove it: control characters and bidirectional overrides can make text display as "
                "something other than what it says")


# --------------------------------------------------------------------------- errors


_KIND = {
    "sources": "source", "quotes": "quote", "actors": "actor", "places": "place", "events": "event",
    "claims": "claim", "discrepancies": "discrepancy", "assessments": "assessment", "report": "report",
}


def _report_validation(exc: ValidationError, raw: PosDict, at, diags: Diagnostics) -> None:
    seen: dict[tuple, list[dict]] = {}
    for err in exc.errors(include_url=False):
        path = _clean_loc(err["loc"])
        seen.setdefault((path, err["type"] == "extra_forbidden"), []).append(err)
    for (path, _), errs in seen.items():
        mark = _locate(raw, path)
        message, hint = _explain(path, errs, raw)
        where = _describe(raw, path)
        diags.error(at(mark), f"{where}{message}", hint)


def _clean_loc(loc: tuple) -> tuple:
    """Drop pydantic's union/validator labels, keep field names and indexes."""
    out = []
    for part in loc:
        if isinstance(part, str) and ("[" in part or part in ("str", "int", "float", "bool", "function-after")
                                      or part.startswith("constrained-")):
            continue
        out.append(part)
    return tuple(out)


def _locate(raw: Any, path: tuple) -> Optional[Mark]:
    """Position of the deepest part of `path` that exists in the raw YAML."""
    node, mark = raw, getattr(raw, "mark", None)
    for part in path:
        if isinstance(node, PosDict) and part in node:
            mark = node.mark_of(part)
            node = node[part]
        elif isinstance(node, PosDict) and isinstance(part, int) and str(part) in node:
            mark = node.mark_of(str(part))
            node = node[str(part)]
        elif isinstance(node, PosList) and isinstance(part, int) and 0 <= part < len(node):
            mark = node.mark_of(part)
            node = node[part]
        else:
            break
    return mark


def _describe(raw: Any, path: tuple) -> str:
    """'quote `mattis-1`: ' — names the record the problem is in."""
    if not path:
        return ""
    kind = _KIND.get(path[0], "")
    if path[0] == "report":
        return "report: "
    if len(path) >= 2 and isinstance(path[1], int):
        item = raw.get(path[0])
        if isinstance(item, list) and path[1] < len(item) and isinstance(item[path[1]], dict):
            rid = item[path[1]].get("id")
            if isinstance(rid, str):
                return f"{kind} `{rid}`: "
        return f"{kind} #{path[1] + 1}: "
    return ""


def _field_name(path: tuple) -> str:
    names = [str(p) for p in path[1:] if not isinstance(p, int)] if len(path) > 1 else [str(p) for p in path]
    return ".".join(names) or str(path[-1]) if path else "file"


def _explain(path: tuple, errs: list[dict], raw: Any) -> tuple[str, str]:
    if {e["type"] for e in errs} - {"enum", "literal_error"}:
        # a union of fixed terms and free text (an event type): the text's own error says what is wrong
        errs = [e for e in errs if e["type"] not in ("enum", "literal_error")]
    err = errs[0]
    kind = err["type"]
    name = str(path[-1]) if path else ""
    fld = _field_name(path)
    if kind == "extra_forbidden":
        allowed = _allowed_fields(path[:-1])
        hint = did_you_mean(name, allowed)
        listing = f"allowed fields: {', '.join(allowed)}" if allowed else ""
        return f"unknown field `{name}`", "; ".join(x for x in (hint, listing) if x)
    if kind == "missing":
        return f"missing required field `{name}`", f"add `{name}:` to this record"
    value = err.get("input")
    shown = _short(value)
    limit = (err.get("ctx") or {}).get("le", (err.get("ctx") or {}).get("ge"))
    if kind in ("less_than_equal", "greater_than_equal") and limit is not None and abs(limit) == m.MAX_FIGURE:
        return (f"`{fld}` {shown} is larger than any figure a source gives (at most {m.MAX_FIGURE:g} either way)",
                "write the figure the source gives; a number this size is a typo or a placeholder")
    if kind == "finite_number":
        return (f"`{fld}` must be a finite number, not {shown}",
                "write the figure the source gives as an ordinary number (.inf, .nan and numbers past 1e308 "
                "are not figures)")
    if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == m.SLUG_PATTERN:
        return (f"`{fld}` {shown} is not a valid id",
                "ids use lowercase letters, digits and single hyphens, e.g. `al-tanf-strike-1`")
    if kind in ("enum", "literal_error"):
        expected = err.get("ctx", {}).get("expected", "")
        if len(errs) > 1:
            expected = " or ".join(str(e.get("ctx", {}).get("expected", "")) for e in errs if e.get("ctx"))
        return f"`{fld}` {shown} is not one of the allowed values", f"use {expected}" if expected else ""
    msgs = "; ".join(dict.fromkeys(e["msg"] for e in errs))
    return f"`{fld}` {shown}: {msgs}" if path else msgs, _generic_hint(errs)


def _generic_hint(errs: list[dict]) -> str:
    """How to fix the common schema errors pydantic words in general terms."""
    kinds = {e["type"] for e in errs}
    ctx: dict = {}
    for e in errs:
        ctx.update(e.get("ctx") or {})
    if "string_too_long" in kinds:
        return f"shorten it to at most {ctx.get('max_length', 'the allowed number of')} characters"
    if kinds & {"string_too_short", "too_short"}:
        return f"give at least {ctx.get('min_length', 1)}" + (" item(s)" if "too_short" in kinds else " character(s)")
    if "too_long" in kinds:
        return f"give at most {ctx.get('max_length')} item(s)"
    if "string_type" in kinds:
        return "write text here; put quotes around text that YAML would read as a number, date, list or true/false"
    if kinds & {"float_parsing", "float_type", "int_parsing", "int_type", "int_from_float", "finite_number"}:
        return "write a number (whole where a count or paragraph is meant)"
    if kinds & {"bool_parsing", "bool_type"}:
        return "write true or false"
    if "list_type" in kinds:
        return "write a list: `[a, b]`, or one `- item` per line"
    if kinds & {"dict_type", "model_type", "model_attributes_type"}:
        return "write a mapping of fields (`name: value`, one per line) here"
    if kinds & {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        return "use a value inside the allowed range"
    if "string_pattern_mismatch" in kinds:
        return f"the value must match {ctx.get('pattern', 'the expected form')}"
    return ""


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "(a mapping)"
    if isinstance(value, list):
        return "(a list)"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"


# Control characters have no Unicode name; these are the ones worth naming.
_CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE",
                  0x7F: "DELETE", 0x9B: "CONTROL SEQUENCE INTRODUCER"}


def _allowed_fields(path: tuple) -> list[str]:
    cls: Any = m.DataFile
    for part in path:
        cls = _model_of(cls, part)
        if cls is None:
            return []
    return list(cls.model_fields) if isinstance(cls, type) and issubclass(cls, BaseModel) else []


def _model_of(cls: Any, part: Any) -> Any:
    if isinstance(part, int):
        return cls  # already unwrapped the list element type
    if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or part not in cls.model_fields:
        return None
    return _unwrap(cls.model_fields[part].annotation)


def _unwrap(tp: Any) -> Any:
    """list[X] / Optional[X] / Annotated[X, ...] / dict[str, X] -> X (the record model if any)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (list, tuple, set):
        return _unwrap(typing.get_args(tp)[0])
    if origin is dict:
        return _unwrap(typing.get_args(tp)[1])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
        return None
    return tp


# --------------------------------------------------------------------------- origins


def attach_origins(record: BaseModel, raw: Any, file: str) -> None:
    """Give every Record the file and position of the mapping it was read from, and of each key.

    Walks only the fields that can hold records (a large investigation has
    hundreds of thousands of records and millions of plain values).
    """
    pending = [(record, raw)]
    pop, push, extend = pending.pop, pending.append, pending.extend
    while pending:
        record, raw = pop()
        if not isinstance(raw, PosDict):
            continue
        if isinstance(record, m.Record):
            _object_setattr(record, "_where", (file, raw.pos, raw.key_marks))
        names = _RECORD_FIELDS.get(record.__class__)
        if names is None:
            names = _record_fields(record.__class__)
        if not names:
            continue
        values = record.__dict__
        for name in names:
            value = values.get(name)
            if isinstance(value, BaseModel):
                push((value, raw.get(name)))
            elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
                sub = raw.get(name)
                if isinstance(sub, PosList):
                    extend(zip(value, sub))


_object_setattr = object.__setattr__  # model.Record._where is a plain slot
_RECORD_FIELDS: dict[type, tuple[str, ...]] = {}


def _record_fields(cls: type) -> tuple[str, ...]:
    """Names of the fields of a model whose type can hold a pydantic model."""
    names = _RECORD_FIELDS[cls] = tuple(
        name for name, info in getattr(cls, "model_fields", {}).items() if _may_hold_model(info.annotation))
    return names


def _may_hold_model(tp: Any) -> bool:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return True
    return any(_may_hold_model(arg) for arg in typing.get_args(tp))
