"""Load: YAML files in the data folder -> one typed Investigation.

Every file is read and validated; every problem in every file is collected
before anything is raised, with the file, line and column it was found at
(characters.py refuses what text may not hold, validation.py words the model's
errors). Each record then learns where it was written (`attach_origins`).
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ValidationError

from reportgen import parallel
from reportgen.data import model as m
from reportgen.data.characters import check_characters, may_hold_forbidden
from reportgen.data.diagnostics import DataError, Diagnostics
from reportgen.data.validation import report_validation
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
    if may_hold_forbidden(text):  # most files cannot: then the walk over every value is skipped
        check_characters(raw, raw, (), None, at, diags)
    try:
        parsed = m.DataFile.model_validate(raw)
    except ValidationError as exc:
        report_validation(exc, raw, at, diags)
        return None
    attach_origins(parsed, raw, shown)
    return parsed


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
