"""The incidents compared: a column per strike or shoot-down, a row per thing a reader compares.

What the home page and the brief show first after the bottom line, derived from the data
alone, never written by hand. A column is a key event (an event on the ladder's top rungs: a
strike, a shoot-down). Its rows: what happened (the event), the ladder's lower rungs its
incident climbed before it, and the distance, what was hit and the toll that the claims
`about` it report, then the sources that say so. A claim fills a row by its `aspect`, or
without one by its figure (a length is a distance, a count of killed or wounded a toll).
Figures that the report finds disputed, or agreeing within a tolerance, are also given as a
range; each figure keeps its own source. A row with nothing in it says "Not reported".
Everything here is plain data; the templates escape it (statements are inline Markdown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from reportgen.analysis import STRIKE_STEPS
from reportgen.data import dates, units
from reportgen.data.model import Citation, LadderStep, Precision
from reportgen.views import labels
from reportgen.views.formats import number, quantity_text

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.analysis import Analysis, ClaimStatus
    from reportgen.data.model import Claim, DateSpec, Event

NOT_REPORTED = "Not reported"
MAX_COLUMNS = 5  # key events compared side by side; past that, the first ones and a note
ITEMS_SHOWN = 4  # claims shown in one cell; past that, "and N more"
CHIPS_SHOWN = 1  # citation chips of one item shown before "+N more" on the site
TOLL_UNITS = frozenset({"killed", "wounded", "lives"})  # base units (data/units.py) of a toll

# (key, label): the rows in the order they are shown.
ROWS = (
    ("happened", "What happened"),
    ("before", "Warnings and steps before it"),
    ("distance", "Distance reported"),
    ("hit", "What was hit"),
    ("toll", "Toll"),
    ("sources", "Who says so"),
)
ASPECTS = ("distance", "hit", "toll")
_RUNGS = [step.value for step in LadderStep]


@dataclass(frozen=True)
class Item:
    """One thing a cell says: an event (by its title or its rung) or a claim (by its figure, or
    its statement when it has none), who says so, and the citations behind it."""

    kind: str  # "event" or "claim": where the record is linked
    record_id: str
    text: str
    markdown: bool = False  # `text` is data text with inline Markdown (a claim's statement)
    who: str = ""
    citations: tuple[Citation, ...] = ()
    disputed: bool = False
    reported: bool = False  # `who` names the outlets that report it themselves (their chips name them too)


@dataclass(frozen=True)
class Range:
    """The spread of a cell's figures, lowest to highest: a distance in km, a count in the words of
    the source at each end."""

    text: str  # "8 to several dozen killed", "27.4–29 km"
    disputed: bool  # a figure in it is disputed (else they agree within a tolerance)
    discrepancy: Optional[str] = None  # the discrepancy that sets them side by side


@dataclass(frozen=True)
class SourceRef:
    """A source a column cites: its label and Admiralty grade."""

    source_id: str
    label: str
    grade: str


@dataclass(frozen=True)
class Cell:
    items: tuple[Item, ...] = ()
    more: int = 0  # items left out past ITEMS_SHOWN
    range: Optional[Range] = None
    sources: tuple[SourceRef, ...] = ()  # the "Who says so" row

    @property
    def empty(self) -> bool:
        return not self.items and not self.sources

    @property
    def citations(self) -> list[Citation]:
        """Every citation of the items shown, in order: one footnote for the cell in the brief."""
        return [c for item in self.items for c in item.citations]


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Column:
    event: "Event"
    title: str  # "Strike, 18 May 2017"


@dataclass
class Comparison:
    columns: list[Column]
    rows: list[Row]
    total: int  # key events in all: more than the columns when they were too many to compare
    left_out: list["Event"] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.columns)


def compare(analysis: "Analysis", max_columns: int = MAX_COLUMNS) -> Comparison:
    """The comparison of the first `max_columns` key events, in the report's order (built once)."""
    return analysis.memo(f"incidents-compared-{max_columns}", lambda: _compare(analysis, max_columns))


def key_events(analysis: "Analysis") -> list["Event"]:
    """The events compared: those on the ladder's top rungs (strikes, shoot-downs), in order."""
    return [e for e in analysis.events if e.ladder and e.ladder.value in STRIKE_STEPS]


def _compare(analysis: "Analysis", max_columns: int) -> Comparison:
    keys = key_events(analysis)
    shown = keys[:max_columns]
    before = _steps_before(analysis, shown)
    claims = _claims_by_event(analysis)
    cells: dict[str, list[Cell]] = {key: [] for key, _ in ROWS}
    for event in shown:
        column = {"happened": Cell((_event_item(event, event.title),)),
                  "before": Cell(tuple(_event_item(e, e.ladder.value.capitalize()) for e in before[event.id]))}
        for aspect in ASPECTS:
            column[aspect] = _claims_cell(analysis, [c for c in claims.get(event.id, ()) if aspect_of(c) == aspect])
        column["sources"] = Cell(sources=_sources(analysis, [c for cell in column.values() for c in cell.citations]))
        for key, _ in ROWS:
            cells[key].append(column[key])
    rows = [Row(key, label, tuple(cells[key])) for key, label in ROWS]
    columns = [Column(e, f"{e.ladder.value.capitalize()}, {day_text(e.when)}") for e in shown]
    return Comparison(columns, rows, len(keys), keys[max_columns:])


def aspect_of(claim: "Claim") -> Optional[str]:
    """The row a claim fills: its `aspect`, else a length's is the distance and a count of
    killed or wounded the toll; None for any other claim."""
    if claim.aspect is not None:
        return claim.aspect.value
    if claim.quantity is None:
        return None
    unit = units.lookup(claim.quantity.unit)
    if unit is None:
        return None
    if unit.dimension == "length":
        return "distance"
    return "toll" if unit.base in TOLL_UNITS else None


def day_text(spec: "DateSpec") -> str:
    """A key event's date as a column names it: to the day at most ("18 May 2017", not its hour)."""
    if spec.precision == Precision.time:
        spec = spec.model_copy(update={"precision": Precision.day, "date": spec.date[:10], "timezone": None,
                                       "end": spec.end[:10] if spec.end else None})
    return dates.display(spec)


def _steps_before(analysis: "Analysis", keys: list["Event"]) -> dict[str, list["Event"]]:
    """For each key event, the events of its incident since the previous key event that stand
    on a lower rung of the ladder (the call, the show of force, the warning shots), in order."""
    out: dict[str, list] = {e.id: [] for e in keys}
    for event in keys:
        if not event.incident:
            continue
        pending: list = []
        for e in analysis.incidents.get(event.incident, ()):
            if e.id == event.id:
                break
            if e.ladder and e.ladder.value in STRIKE_STEPS:
                pending = []  # an earlier key event of the same incident: its steps are its own
            elif e.ladder and _RUNGS.index(e.ladder.value) < _RUNGS.index(event.ladder.value):
                pending.append(e)
        out[event.id] = pending
    return out


def _claims_by_event(analysis: "Analysis") -> dict[str, list["Claim"]]:
    events = analysis.inv.event_by_id
    out: dict[str, list] = {}
    for claim in analysis.inv.claims:
        for target in dict.fromkeys(claim.about):
            if target in events:
                out.setdefault(target, []).append(claim)
    return out


def _event_item(event: "Event", text: str) -> Item:
    return Item("event", event.id, text, citations=tuple(event.citations))


def _claims_cell(analysis: "Analysis", claims: list["Claim"]) -> Cell:
    statuses = [analysis.claim_status[c.id] for c in claims]
    spread, in_range = _range(statuses)
    # A figure in a disputed range is marked once, on the range.
    items = tuple(_claim_item(analysis, cs, cs.status == "disputed" and cs.claim.id not in in_range)
                  for cs in statuses)
    return Cell(items[:ITEMS_SHOWN], max(0, len(items) - ITEMS_SHOWN), spread)


def _claim_item(analysis: "Analysis", cs: "ClaimStatus", disputed: bool) -> Item:
    claim = cs.claim
    inv = analysis.inv
    reported = claim.claimant == "reported"
    if reported:  # the outlets' own reporting: name them
        who = ", ".join(dict.fromkeys(labels.source_label(inv, analysis.resolve(c).source_id)
                                      for c in claim.citations))
    else:
        who = labels.claimant_name(inv, claim)
    if claim.quantity is not None:
        text, markdown = figure_text(analysis, cs), False
    else:
        text, markdown = labels.in_list(claim.statement), True
    return Item("claim", claim.id, text, markdown=markdown, who=who, citations=tuple(claim.citations),
                disputed=disputed, reported=reported)


def figure_text(analysis: "Analysis", cs: "ClaimStatus") -> str:
    """A claim's figure as a cell gives it: the source's words where the curator recorded them,
    with the figure they are read as ("several dozen (at least 24 civilians killed)"); a
    distance from a place names the place ("24 miles (≈ 38.6 km) from al-Tanf")."""
    q = cs.claim.quantity
    text = quantity_text(cs)
    if q.as_written:
        text = f"{' '.join(q.as_written.split())} ({text})"
    place = analysis.inv.place_by_id.get(q.from_place) if q.from_place else None
    if place is not None:
        text += f" {'of' if q.qualifier == 'within' else 'from'} {place.name}"
    return text


def _range(statuses: list["ClaimStatus"]) -> tuple[Optional[Range], set[str]]:
    """The spread of the figures of one unit in a cell, when they differ and the report has
    compared them: some disputed, or all agreeing within a discrepancy's tolerance; and the
    claims whose figures it spans."""
    by_unit: dict[str, list] = {}
    for cs in statuses:
        if cs.normalised is not None:
            by_unit.setdefault(cs.normalised[2], []).append(cs)
    for base, group in by_unit.items():
        if len(group) < 2:
            continue
        low = min(group, key=lambda cs: cs.normalised[0])
        high = max(group, key=lambda cs: _top(cs))
        if low.normalised[0] == _top(high):
            continue
        disputed = any(cs.status == "disputed" for cs in group)
        ids = {cs.claim.id for cs in group}
        agreeing = all(ids - {cs.claim.id} <= set(cs.agrees_with) for cs in group)
        if not (disputed or agreeing):
            continue
        if base == "km":
            text = f"{_km(low.normalised[0])}–{_km(_top(high))} km"
        else:
            text = f"{_figure_words(low, low=True)} to {_figure_words(high, low=False)} {base}"
        shared = [d for d in low.discrepancies if d in high.discrepancies]
        return Range(text, disputed, shared[0] if shared else None), ids
    return None, set()


def _top(cs: "ClaimStatus") -> float:
    value, value_max, _ = cs.normalised
    return value if value_max is None else value_max


def _km(value: float) -> str:
    return f"{round(value, 1):g}"


def _figure_words(cs: "ClaimStatus", low: bool) -> str:
    """One end of a range as the source gives it: its words, else the figure with its qualifier."""
    q = cs.claim.quantity
    if q.as_written:
        return " ".join(q.as_written.split())
    value = number(q.value if low or q.value_max is None else q.value_max)
    return f"{q.qualifier} {value}" if q.qualifier not in ("exactly", "within") else value


def _sources(analysis: "Analysis", citations: list[Citation]) -> tuple[SourceRef, ...]:
    """The sources behind a column, in the report's order of sources."""
    cited = {analysis.resolve(c).source_id for c in citations}
    inv = analysis.inv
    return tuple(SourceRef(s.id, labels.source_label(inv, s.id), s.reliability.grade)
                 for s in inv.sources if s.id in cited)
