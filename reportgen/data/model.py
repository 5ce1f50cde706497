"""The typed model of an investigation: what the data can say.

Every record is a pydantic model that forbids unknown fields, so a typo in a
YAML key is an error, not a silently ignored value. Records that come from a
YAML file carry `origin` (file and line) once loaded; it is not a data field.

Ids are slugs: they are also URL anchors, so they must stay stable.

One module, past the usual size: it is the data format itself, every record type and the
terms its fields take, read as one document (the editor schema is generated from it), and
its records share one base (`Record`) that knows where each was written.
"""

from __future__ import annotations

import datetime as _dt
import re
from enum import Enum
from typing import Annotated, Literal, Optional, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from reportgen.data.codebook import ACLED_EVENT_TYPES, ACLED_SUB_EVENT_TYPES
from reportgen.data.yamlpos import Mark

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[
    str,
    Field(
        pattern=SLUG_PATTERN,
        max_length=80,
        description="Stable id: lowercase letters, digits and single hyphens. Also the URL anchor.",
    ),
]
# Every decimal number a record takes: finite (Record's allow_inf_nan=False refuses .inf,
# .nan and 1e400 in any float field) and of a size a source can state, so what the build
# computes from it (unit conversions, chart scales) stays finite too.
MAX_FIGURE = 1e15
Figure = Annotated[float, Field(ge=-MAX_FIGURE, le=MAX_FIGURE)]
# Free text that may hold inline Markdown; rendered with raw HTML disabled.
Text = Annotated[str, Field(min_length=1, max_length=20_000)]
ShortText = Annotated[str, Field(min_length=1, max_length=500)]
# Analytic-hygiene warnings a record answers: warning code -> why it stands (shown to readers).
Answers = Annotated[dict[str, Text], Field(
    default_factory=dict,
    description="Warnings of `check` this record answers: the warning's code -> why it stands. "
    "The answer is published beside what the warning is about.")]


class Origin(BaseModel):
    """Where a record was written: shown in every error message."""

    file: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class Record(BaseModel):
    # allow_inf_nan=False: every number a record takes is finite (.inf, .nan and 1e400 are
    # refused where they are written), one rule for all numeric fields.
    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=False, allow_inf_nan=False)

    # Where the record was written, set by the loader: (file, position of the
    # mapping, {key: position of the key}), positions packed as yamlpos.pack
    # does. A slot rather than a pydantic private attribute: pydantic calls back
    # into Python for every record of a model with private attributes, which slows
    # the validation of a large investigation. Origins are made only
    # when a message asks for one; most records never need one.
    __slots__ = ("_where",)

    @property
    def origin(self) -> Optional[Origin]:
        where = getattr(self, "_where", None)
        return None if where is None else _origin_at(where[0], where[1])

    def field_origin(self, name: str) -> Optional[Origin]:
        """Where one field was written, falling back to the record's own position."""
        where = getattr(self, "_where", None)
        if where is None:
            return None
        file, pos, key_marks = where
        return _origin_at(file, key_marks.get(name, pos))

    # Copies, pickles and comparisons see the slot as they saw the private
    # attributes it replaces: a copy keeps its origin, and two records written
    # at different places are not equal. They rely on what pydantic's own methods
    # hand back: tests/test_model.py fails if an upgrade changes that.
    def __eq__(self, other: object) -> bool:
        equal = super().__eq__(other)
        if equal is True and isinstance(other, Record):
            return getattr(self, "_where", None) == getattr(other, "_where", None)
        return equal

    def __copy__(self):
        copied = super().__copy__()
        _keep_where(self, copied)
        return copied

    def __deepcopy__(self, memo=None):
        copied = super().__deepcopy__(memo)
        _keep_where(self, copied)
        return copied

    def __getstate__(self):
        state = super().__getstate__()
        state["_where"] = getattr(self, "_where", None)
        return state

    def __setstate__(self, state) -> None:
        super().__setstate__(state)
        if state.get("_where") is not None:
            object.__setattr__(self, "_where", state["_where"])


def _keep_where(original: Record, copied: Record) -> None:
    where = getattr(original, "_where", None)
    if where is not None:
        object.__setattr__(copied, "_where", where)


def _origin_at(file: str, pos: int) -> Origin:
    mark = Mark.unpack(pos)
    return Origin(file=file, line=mark.line, column=mark.column)


# --------------------------------------------------------------------------- dates


class Precision(str, Enum):
    time = "time"
    day = "day"
    week = "week"
    month = "month"
    year = "year"


def _iso(value: object) -> object:
    # YAML reads an unquoted 2017-05-18 as a date; keep every date a string so
    # its written form (which carries its precision) survives.
    if isinstance(value, _dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return value


IsoDate = Annotated[
    str,
    Field(
        description="ISO 8601 date written to its precision: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM",
    ),
]


class DateSpec(Record):
    """A date with its precision, optionally a range, optionally derived.

    A date read as "Thursday" or "last month" in a source is *derived*: the
    source's own date is the anchor and `reasoning` says how it was worked out.
    """

    date: IsoDate
    end: Optional[IsoDate] = Field(None, description="End of a range, same form as `date`.")
    precision: Precision
    approximate: bool = False
    relative: Optional[ShortText] = Field(
        None, description='The words in the source the date is derived from, e.g. "Thursday".'
    )
    anchor: Optional[Slug] = Field(
        None, description="Id of the source whose date the relative words are read against."
    )
    reasoning: Optional[Text] = Field(None, description="How the date was derived.")
    timezone: Optional[ShortText] = None

    _date_validator = field_validator("date", "end", mode="before")(_iso)


# --------------------------------------------------------------------------- citations


class Citation(Record):
    """A pointer to evidence: a verified quote, or a source paragraph."""

    quote: Optional[Slug] = Field(None, description="Id of a verified quote.")
    source: Optional[Slug] = Field(None, description="Id of a source (when no quote pins the passage).")
    paragraph: Optional[int] = Field(None, ge=1, description="Paragraph number in the source.")
    note: Optional[Text] = None

    @model_validator(mode="after")
    def _one_target(self) -> "Citation":
        if bool(self.quote) == bool(self.source):
            raise ValueError("a citation names exactly one of `quote` or `source`")
        if self.quote and self.paragraph is not None:
            raise ValueError("`paragraph` goes with `source`; a quote already knows its paragraph")
        return self


Citations = Annotated[list[Citation], Field(default_factory=list)]


# --------------------------------------------------------------------------- report


class Probability(str, Enum):
    """ICD 203 words of estimative probability."""

    almost_no_chance = "almost no chance"
    very_unlikely = "very unlikely"
    unlikely = "unlikely"
    roughly_even_chance = "roughly even chance"
    likely = "likely"
    very_likely = "very likely"
    almost_certain = "almost certain"


class Confidence(str, Enum):
    low = "low"
    moderate = "moderate"
    high = "high"


class KeyJudgment(Record):
    id: Slug
    text: Text
    probability: Probability
    confidence: Confidence
    based_on: list[Slug] = Field(
        default_factory=list, description="Ids of events, claims, discrepancies or assessments."
    )
    citations: Citations
    answers: Answers


class Side(Record):
    id: Slug
    name: ShortText
    description: Optional[Text] = None


class CodebookEntry(Record):
    """One event type of the report's own codebook, with its sub-event types."""

    event_type: ShortText
    sub_event_types: list[ShortText] = Field(default_factory=list)


class Report(Record):
    title: ShortText
    subtitle: Optional[ShortText] = None
    authors: list[ShortText] = Field(min_length=1)
    version: ShortText
    date: IsoDate
    licence: ShortText
    marking: ShortText = "Open source — unclassified"
    bottom_line: Text
    key_judgments: list[KeyJudgment] = Field(min_length=1)
    sides: list[Side] = Field(default_factory=list, description="Sides in the conflict; actors name one.")
    scope: Optional[Text] = None
    limitations: Optional[Text] = None
    codebook: Optional[list[CodebookEntry]] = Field(
        None, min_length=1,
        description="The event types (each with its sub-event types) the events use instead of ACLED's.",
    )

    _date_validator = field_validator("date", mode="before")(_iso)


# --------------------------------------------------------------------------- sources


class SourceKind(str, Enum):
    news_report = "news report"
    wire_copy = "wire copy"
    opinion_analysis = "opinion/analysis"
    official_statement = "official statement"
    other = "other"


class Reliability(Record):
    """Admiralty (NATO) source reliability grade, A (reliable) to F (cannot be judged)."""

    grade: Literal["A", "B", "C", "D", "E", "F"]
    reason: Text


class Artifact(Record):
    """A capture artifact in the archived text: not part of the article."""

    kind: Literal["duplicate", "page furniture", "image credit", "heading", "headline", "byline", "other"]
    paragraphs: list[int] = Field(min_length=1)
    note: Optional[Text] = None


class Source(Record):
    id: Slug
    title: ShortText
    short_name: Optional[ShortText] = Field(None, description="Short label used in citations, e.g. 'Loveluck'.")
    outlet: Optional[ShortText] = None
    authors: list[ShortText] = Field(default_factory=list)
    kind: SourceKind
    published: DateSpec
    url: Optional[str] = Field(None, max_length=2000)
    archive_url: Optional[str] = Field(None, max_length=2000)
    archived: Optional[IsoDate] = Field(None, description="When the text was captured.")
    file: str = Field(description="Archived text, relative to the data folder, e.g. sources/x.txt")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    language: str = Field("en", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")
    paragraphs: Literal["lines", "blank-lines"] = Field(
        "lines", description="How paragraphs are split: each non-blank line, or blocks between blank lines."
    )
    reliability: Reliability
    syndicated_from: Optional[ShortText] = Field(
        None, description="Wire or origin this copy repeats; repeats are one line of evidence."
    )
    inferred: dict[str, Text] = Field(
        default_factory=dict,
        description="Metadata field name -> how it was inferred (anything the text does not show).",
    )
    artifacts: list[Artifact] = Field(default_factory=list)
    uncited: dict[int, Text] = Field(
        default_factory=dict, description="Paragraph number -> why it is deliberately not cited."
    )
    notes: Optional[Text] = None

    _archived_validator = field_validator("archived", mode="before")(_iso)


# --------------------------------------------------------------------------- quotes


class Quote(Record):
    id: Slug
    source: Slug
    text: Text = Field(description="Verbatim. Mark elisions with ... or . . . or [...].")
    speaker: Union[Slug, Literal["reported"]] = Field(
        description='Actor id of who said it, or "reported" for the outlet\'s own narration.'
    )
    according_to: Optional[Slug] = Field(
        None,
        description="Actor the information comes from, when the outlet attributes narration "
        '("according to a U.S. defense official"). Used to count independent evidence.',
    )
    said: Optional[DateSpec] = None
    paragraph: Optional[int] = Field(
        None, ge=1, description="Which paragraph to anchor to when the text occurs more than once."
    )
    note: Optional[Text] = None


# --------------------------------------------------------------------------- actors and places


class ActorKind(str, Enum):
    state = "state"
    government_body = "government body"
    armed_force = "armed force"
    militia = "militia"
    rebel_group = "rebel group"
    official = "official"
    analyst = "analyst"
    monitor = "monitor"
    media = "media"
    organisation = "organisation"
    person = "person"


class RelationKind(str, Enum):
    backs = "backs"
    opposes = "opposes"
    commands = "commands"
    allied_with = "allied with"
    speaks_for = "speaks for"
    member_of = "member of"


class Relation(Record):
    type: RelationKind
    target: Slug
    citations: Citations
    confidence: Optional[Confidence] = Field(
        None, description="For a relation the sources only assess (\"we believe\", \"likely\"): how far the "
        "report trusts it. Shown as assessed, with this confidence.")
    note: Optional[Text] = None
    answers: Answers


class Actor(Record):
    id: Slug
    name: ShortText
    aliases: list[ShortText] = Field(default_factory=list)
    kind: ActorKind
    side: Optional[Slug] = None
    parent: Optional[Slug] = None
    description: Optional[Text] = None
    relations: list[Relation] = Field(default_factory=list)
    anonymous: bool = Field(False, description="An unnamed official or source, described not named.")


class GeoPrecision(str, Enum):
    site = "site"
    town = "town"
    area = "area"
    region = "region"
    country = "country"


class Coordinates(Record):
    lat: float = Field(ge=-90, le=90)  # finite: Record refuses .inf and .nan
    lon: float = Field(ge=-180, le=180)
    precision: GeoPrecision
    note: Optional[Text] = None


class Place(Record):
    id: Slug
    name: ShortText
    aliases: list[ShortText] = Field(default_factory=list)
    coordinates: Optional[Coordinates] = None
    country: Optional[ShortText] = None
    description: Optional[Text] = None
    radius_km: Optional[float] = Field(None, gt=0, le=MAX_FIGURE, description="For zones: their radius.")


# --------------------------------------------------------------------------- events


class ActorRole(str, Enum):
    initiator = "initiator"
    target = "target"
    other = "other"


class EventActor(Record):
    actor: Slug
    role: ActorRole


class LadderStep(str, Enum):
    """Rungs of the escalation ladder, lowest first."""

    statement = "statement"
    diplomatic_contact = "diplomatic contact"
    threat = "threat"
    show_of_force = "show of force"
    warning_shots = "warning shots"
    strike = "strike"
    shoot_down = "shoot-down"


# ACLED's terms (reportgen/data/codebook.py). A report with its own `codebook:` uses others,
# so the fields also take text; `check` holds every event to the vocabulary in force. The
# editor schema offers ACLED's terms and underlines anything else.
AcledEventType = Literal[ACLED_EVENT_TYPES]
AcledSubEventType = Literal[ACLED_SUB_EVENT_TYPES]
EventType = Annotated[Union[AcledEventType, ShortText],
                      WithJsonSchema({"type": "string", "enum": list(ACLED_EVENT_TYPES)})]
SubEventType = Annotated[Union[AcledSubEventType, ShortText],
                         WithJsonSchema({"type": "string", "enum": list(ACLED_SUB_EVENT_TYPES)})]


class Event(Record):
    id: Slug
    title: ShortText
    when: DateSpec
    place: Optional[Slug] = None
    event_type: EventType = Field(description="ACLED event type, e.g. Explosions/Remote violence "
                                              "(or one of the report's own `codebook:`).")
    sub_event_type: Optional[SubEventType] = Field(None, description="ACLED sub-event type of the event type, "
                                                                     "e.g. Air/drone strike.")
    cameo: str = Field(pattern=r"^[0-9]{2,4}$", description="CAMEO event code; the Goldstein score is derived from it.")
    actors: list[EventActor] = Field(min_length=1)
    summary: Text
    incident: Optional[Slug] = Field(None, description="Groups events that form one incident's escalation ladder.")
    ladder: Optional[LadderStep] = None
    fatalities: Optional[int] = Field(None, ge=0, description="Most conservative reported figure (ACLED rule).")
    sequence: Optional[int] = Field(
        None, ge=1, description="Order among events of the same date (1 first), where the sources give it."
    )
    citations: Citations
    tags: list[Slug] = Field(default_factory=list)


# --------------------------------------------------------------------------- claims


class Quantity(Record):
    value: Figure
    value_max: Optional[Figure] = Field(None, description="Upper bound for a range such as 25 to 30.")
    unit: ShortText
    qualifier: Literal["exactly", "about", "at least", "at most", "within", "more than"] = "exactly"
    from_place: Optional[Slug] = Field(
        None, description="For a distance: the place it is measured from (with coordinates); "
        "the map draws the distance as a ring around it.")
    as_written: Optional[ShortText] = Field(
        None, description="The cited words that give the figure when they are not its digits or number "
        "words, e.g. 'several dozen' or 'two front-end loaders, a tactical vehicle and a tank'.")


class ClaimKind(str, Enum):
    claim = "claim"          # an assertion by a party
    fact = "fact"            # offered as established fact; status says whether it is corroborated


class Aspect(str, Enum):
    """What a claim tells about the strike or shoot-down it is `about`: the row it fills in the
    incidents compared (the home page and the brief)."""

    distance = "distance"  # how close it came: a length from a place
    hit = "hit"            # what was hit or destroyed
    toll = "toll"          # who was killed or wounded


class Claim(Record):
    id: Slug
    statement: Text
    subject: Slug = Field(description="What the claim is about; claims with the same subject are compared.")
    claimant: Union[Slug, Literal["reported"]] = Field(
        description='Actor id of who makes the claim, or "reported" for an outlet\'s narration.'
    )
    kind: ClaimKind = ClaimKind.claim
    quantity: Optional[Quantity] = None
    about: list[Slug] = Field(default_factory=list, description="Actors, places or events the claim concerns.")
    citations: Citations = Field(min_length=1)
    credibility: Optional[int] = Field(None, ge=1, le=6, description="Admiralty information credibility 1-6.")
    aspect: Optional[Aspect] = Field(
        None, description="The row of the incidents compared (home page and brief) this claim fills for the "
        "event it is `about`: distance (how close), hit (what was hit), toll (killed or wounded). A length, or a "
        "count of killed or wounded, fills its row without it.")
    note: Optional[Text] = None
    answers: Answers


class Tolerance(Record):
    """How far apart a discrepancy's figures may be and still agree: an amount in a unit, or a percentage."""

    value: float = Field(gt=0)
    unit: ShortText = Field(description='A unit of the claims\' quantities (km, miles, vehicles ...) or "%".')


class Discrepancy(Record):
    id: Slug
    question: ShortText
    claims: list[Slug] = Field(min_length=2)
    resolution: Optional[Text] = Field(None, description="What the report concludes, if anything.")
    upheld: list[Slug] = Field(
        default_factory=list,
        description="Claims the resolution accepts; they keep their corroboration status, the others are disputed.",
    )
    confidence: Optional[Confidence] = None
    outcome: Optional[Literal["contradiction", "compatible"]] = Field(
        None, description="contradiction: the claims cannot all be true (those not upheld are disputed); "
        "compatible: the figures agree within `tolerance`, or the readings need not conflict (nothing is disputed).")
    tolerance: Optional[Tolerance] = Field(
        None, description="For figures: how far apart they may be and still agree (default 10%).")
    note: Optional[Text] = None
    answers: Answers


# --------------------------------------------------------------------------- assessments


class Consistency(str, Enum):
    consistent = "consistent"
    inconsistent = "inconsistent"
    neutral = "neutral"


class Hypothesis(Record):
    id: Slug
    label: Optional[Annotated[str, Field(min_length=1, max_length=40)]] = Field(
        None, description="A short name readers see in the ACH matrix, e.g. 'Force protection only'.")
    statement: Text
    held_by: list[Slug] = Field(
        default_factory=list, description="Actors who argue it; the assessment cites their own words.")
    answers: Answers


class EvidenceItem(Record):
    id: Slug
    description: Text
    citations: Citations = Field(min_length=1)
    ratings: dict[str, Consistency] = Field(description="Hypothesis id -> consistent / inconsistent / neutral.")


class Assessment(Record):
    id: Slug
    question: ShortText
    judgment: Text
    probability: Probability
    confidence: Confidence
    hypotheses: list[Hypothesis] = Field(default_factory=list)
    evidence: list[EvidenceItem] = Field(default_factory=list)
    citations: Citations
    note: Optional[Text] = None
    answers: Answers


# --------------------------------------------------------------------------- the whole


class DataFile(Record):
    """One YAML file: any of these collections; files are merged on load."""

    report: Optional[Report] = None
    sources: list[Source] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    discrepancies: list[Discrepancy] = Field(default_factory=list)
    assessments: list[Assessment] = Field(default_factory=list)


COLLECTIONS = ("sources", "quotes", "actors", "places", "events", "claims", "discrepancies", "assessments")

SLUG_RE = re.compile(SLUG_PATTERN)
