"""What a reader sees in place of a record id: names, titles, citation labels, words for grades.

One definition each, used by the site, the brief and the exports alike, so a record is
called the same everywhere. Readers never see ids: a label falls back to the id only for
an id the data does not define, which the checks have already refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.analysis import Analysis, ResolvedCitation
    from reportgen.data.loader import Investigation
    from reportgen.data.model import Claim, DateSpec

REPORTED = "the outlet's own reporting"  # who speaks when a quote or claim is the outlet's own words
NO_SIDE = "No side named"  # the group of actors the report puts on no side

ADMIRALTY = {
    "A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
    "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged",
}
ACH_LETTERS = {"consistent": "C", "inconsistent": "I", "neutral": "N"}


def actor_name(inv: "Investigation", actor_id: Optional[str]) -> str:
    """An actor's name; "the outlet's own reporting" for `reported`; "" for no actor."""
    if not actor_id:
        return ""
    if actor_id == "reported":
        return REPORTED
    actor = inv.actor_by_id.get(actor_id)
    return actor.name if actor else actor_id


def claimant_name(inv: "Investigation", claim: "Claim") -> str:
    """Who makes a claim."""
    return actor_name(inv, claim.claimant)


def side_name(inv: "Investigation", side_id: Optional[str]) -> str:
    """A side's name as the report gives it; NO_SIDE for none."""
    if not side_id:
        return NO_SIDE
    for side in inv.report.sides if inv.report else ():
        if side.id == side_id:
            return side.name
    return side_id


def record_label(inv: "Investigation", record_id: str) -> str:
    """A short label for any record a text refers to by id: an event's or a source's title,
    a claim's statement, a question, a name."""
    if record_id in inv.event_by_id:
        return inv.event_by_id[record_id].title
    if record_id in inv.claim_by_id:
        return inv.claim_by_id[record_id].statement
    for kind in ("discrepancies", "assessments"):
        table = inv.index(kind)
        if record_id in table:
            return table[record_id].question
    if record_id in inv.actor_by_id:
        return inv.actor_by_id[record_id].name
    if record_id in inv.place_by_id:
        return inv.place_by_id[record_id].name
    if record_id in inv.source_by_id:
        return inv.source_by_id[record_id].title
    return record_id


def source_label(inv: "Investigation", source_id: str) -> str:
    """How citations and footnotes name a source: its curated short name, else its outlet, else
    the start of its title cut at a word ("Mattis: pro-regime convoy…")."""
    source = inv.source_by_id.get(source_id)
    if source is None:
        return source_id
    if source.short_name:
        return source.short_name
    if source.outlet:
        return source.outlet
    return cut_at_word(source.title, 34)


def citation_label(analysis: "Analysis", resolved: "ResolvedCitation") -> str:
    """A citation as its link reads: the source's label, and the paragraph when known ("Loveluck ¶4")."""
    short = source_label(analysis.inv, resolved.source_id)
    return f"{short} ¶{resolved.paragraph}" if resolved.paragraph else short


def incident_title(incident_id: str) -> str:
    """An incident's title from its id: "first-strike" -> "First strike"."""
    return incident_id.replace("-", " ").capitalize()


def grade_words(grade: str) -> str:
    """An Admiralty reliability grade in words ("B" -> "usually reliable")."""
    return ADMIRALTY.get(grade, grade)


def ach_letter(rating) -> str:
    """An ACH rating as its letter: C, I, N, or – when not rated."""
    return ACH_LETTERS.get(getattr(rating, "value", rating), "–")


def precision_label(spec: Optional["DateSpec"]) -> str:
    """How exactly a date is known, in words a reader takes in at a glance."""
    if spec is None:
        return "date unknown"
    if spec.end and spec.precision.value not in ("week",):
        words = "range of days" if spec.precision.value in ("day", "time") else f"range of {spec.precision.value}s"
    else:
        words = {"time": "exact time", "day": "to the day", "week": "within a week",
                 "month": "month only; day unknown", "year": "year only"}[spec.precision.value]
    if spec.approximate:
        words = f"approximate, {words}"
    return words


def slug(text: str) -> str:
    """A free-text label as a slug, for filter values and anchors ("Air/drone strike" -> "air-drone-strike")."""
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split()) or "none"


_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "near", "of", "on", "or", "the",
                "to", "with"}


def cut_at_word(text: str, limit: int) -> str:
    """`text` cut at a word to at most `limit` characters, never ending on a small word."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    words = text[:limit + 1].split(" ")[:-1]
    while len(words) > 1 and words[-1].lower().strip(",:;") in _SMALL_WORDS:
        words.pop()
    cut = " ".join(words).rstrip(" ,:;–—-")
    return (cut or text[:limit]) + "…"
