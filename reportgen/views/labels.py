"""What a reader sees in place of a record id: names, titles, citation labels, chips, words.

One definition each, used by the site, the brief and the exports alike, so a record is
called the same everywhere: a record's label (readers see names and labels, never ids),
references in text, citation chips (one per source paragraph, the first few shown, then
"+N more"), metadata the curator inferred (in square brackets), relations the sources
only assess, tempo intervals, discrepancy outcomes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Optional

from reportgen.data import dates, hygiene, refs

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.analysis import Analysis
    from reportgen.analysis.citations import ResolvedCitation
    from reportgen.data.loader import Investigation
    from reportgen.data.model import Claim, DateSpec

REPORTED = "the outlet's own reporting"  # who speaks when a quote or claim is the outlet's own words
NO_SIDE = "No side named"  # the group of actors the report puts on no side
ROLE_WORDS = {"initiator": "By", "target": "Against", "other": "Also involved"}  # an event's actors, by role

ADMIRALTY = {
    "A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
    "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged",
}
CREDIBILITY = {
    1: "confirmed by other sources", 2: "probably true", 3: "possibly true", 4: "doubtful",
    5: "improbable", 6: "truth cannot be judged",
}
ACH_LETTERS = {"consistent": "C", "inconsistent": "I", "neutral": "N"}


CHIPS_SHOWN = 6  # citation chips shown on a record before "+N more"
INFERRED_NOTE = ("Square brackets mark what the curator inferred: the archived text does not show it "
                 "(the source's entry says how it was worked out).")
# Stands in for a reference while the text around it is rendered (private-use characters
# no text field holds: the loader refuses none of them, but Markdown leaves them alone).
_HOLE_OPEN, _HOLE_CLOSE = "\ue000", "\ue001"



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


def record_label(inv, record_id: str) -> str:
    """A record's label: an event's title, a claim's statement, a question, a name."""
    if record_id in inv.event_by_id:
        return inv.event_by_id[record_id].title
    if record_id in inv.claim_by_id:
        return inv.claim_by_id[record_id].statement
    for collection, attr in (("discrepancies", "question"), ("assessments", "question")):
        table = inv.index(collection)
        if record_id in table:
            return getattr(table[record_id], attr)
    if record_id in inv.actor_by_id:
        return inv.actor_by_id[record_id].name
    if record_id in inv.place_by_id:
        return inv.place_by_id[record_id].name
    if record_id in inv.source_by_id:
        return source_name(inv, record_id)
    if record_id in inv.quote_by_id:
        return f"“{cut_at_word(inv.quote_by_id[record_id].text, 80)}”"
    for a in inv.assessments:
        labels = hypothesis_labels(a)
        if record_id in labels:
            return labels[record_id]
    if inv.report:
        for n, kj in enumerate(inv.report.key_judgments, 1):
            if kj.id == record_id:
                return f"key judgment {n}"
    return record_id


def hypothesis_labels(assessment) -> dict[str, str]:
    """Hypothesis id -> its short label (H1, H2 … where the data gives none)."""
    return {h.id: h.label or f"H{n}" for n, h in enumerate(assessment.hypotheses, 1)}


def plain(inv, text: str) -> str:
    """Text with each reference as the words a reader sees (its label), no link: for charts,
    tooltips and the short labels of lists."""
    pieces = refs.split(str(text))
    if len(pieces) == 1 and isinstance(pieces[0], str):
        return pieces[0]
    return "".join(p if isinstance(p, str) else (p.label or record_label(inv, p.id)) for p in pieces)


def with_refs(inv, text: str, render_text: Callable[[str], str],
              render_ref: Callable[[str, refs.Ref], str]) -> Optional[str]:
    """`text` rendered by `render_text` with each reference rendered by `render_ref(label, ref)`
    in its place; None when the text holds no reference (render it as usual)."""
    if "](" not in text:
        return None
    pieces = refs.split(text)
    if len(pieces) == 1 and isinstance(pieces[0], str):
        return None
    holes: list[str] = []
    parts = []
    for p in pieces:
        if isinstance(p, str):
            parts.append(p)
        else:
            parts.append(f"{_HOLE_OPEN}{len(holes)}{_HOLE_CLOSE}")
            holes.append(render_ref(p.label or record_label(inv, p.id), p))
    out = render_text("".join(parts))
    for n, filled in enumerate(holes):
        out = out.replace(f"{_HOLE_OPEN}{n}{_HOLE_CLOSE}", filled)
    return out


def source_label(inv: "Investigation", source_id: str) -> str:
    """How citations and footnotes name a source: its curated short name, else its outlet, else
    the start of its title cut at a word ("Mattis: pro-regime convoy…"); inferred ones in brackets."""
    return source_name(inv, source_id)


def source_name(inv, source_id: str) -> str:
    source = inv.source_by_id.get(source_id)
    if source is None:
        return source_id
    if source.short_name:
        return source.short_name
    if source.outlet:
        return inferred(source, "outlet", source.outlet)
    return inferred(source, "title", cut_at_word(source.title, 34))


# A source's fields as readers call them (the data's field names are not words: syndicated_from).
FIELD_WORDS = {"title": "title", "short_name": "short name", "outlet": "outlet", "authors": "authors",
               "kind": "kind of text", "published": "publication date", "url": "address",
               "archive_url": "archived copy", "archived": "capture date", "language": "language",
               "syndicated_from": "wire it repeats", "reliability": "reliability", "paragraphs": "paragraphs"}


def field_words(name: str) -> str:
    return FIELD_WORDS.get(name, name.replace("_", " "))


def inferred(source, field_name: str, text: str) -> str:
    """`text` as printed: in square brackets when the curator inferred that field."""
    return f"[{text}]" if text and field_name in source.inferred else text


def source_title(source) -> str:
    return inferred(source, "title", source.title)


def source_outlet(source) -> str:
    return inferred(source, "outlet", source.outlet) if source.outlet else ""


def source_date(source) -> str:
    return inferred(source, "published", dates.display(source.published))


def source_kind(source) -> str:
    return inferred(source, "kind", source.kind.value)


def source_origin(source) -> str:
    """The wire a copy repeats, as printed."""
    return inferred(source, "syndicated_from", source.syndicated_from) if source.syndicated_from else ""


def reliability_reason(source, grade_words: str) -> str:
    """The grade's reason without a leading repeat of the grade's own words
    ("B, usually reliable: Usually reliable: …" reads as a stutter)."""
    reason = " ".join(source.reliability.reason.split())
    head = grade_words.lower().rstrip(".")
    if reason.lower().startswith(head):
        rest = reason[len(head):].lstrip(" :;,.—–-")
        if rest:
            return rest[0].upper() + rest[1:]
    return reason


def citation_label(analysis: "Analysis", resolved: "ResolvedCitation") -> str:
    """A citation as its chip reads: the source's label, and the paragraph when known ("Loveluck ¶4")."""
    short = source_label(analysis.inv, resolved.source_id)
    return f"{short} ¶{resolved.paragraph}" if resolved.paragraph else short


@dataclass
class CiteGroup:
    """The citations of one record that point into one paragraph of one source: one chip."""

    source_id: str
    paragraph: Optional[int]
    label: str
    quote_ids: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """Where the chip lands: the quoted passage when it cites one, else the paragraph
        (every quoted passage in a paragraph is highlighted when it is the target)."""
        if len(self.quote_ids) == 1:
            return self.quote_ids[0]
        return f"para-{self.paragraph}" if self.paragraph else ""


def citation_groups(analysis: "Analysis", citations) -> list[CiteGroup]:
    """A record's citations as one group per source paragraph, in the order first cited."""
    groups: dict[tuple, CiteGroup] = {}
    for citation in citations:
        resolved = analysis.resolve(citation)
        key = (resolved.source_id, resolved.paragraph)
        group = groups.get(key)
        if group is None:
            group = groups[key] = CiteGroup(resolved.source_id, resolved.paragraph,
                                            citation_label(analysis, resolved))
        if resolved.quote_id and resolved.quote_id not in group.quote_ids:
            group.quote_ids.append(resolved.quote_id)
        if resolved.note and resolved.note not in group.notes:
            group.notes.append(resolved.note)
    return list(groups.values())


def shown_and_more(groups: list, shown: int = CHIPS_SHOWN) -> tuple[list, list]:
    """The chips shown at once and the rest behind "+N more" (never a "+1 more": it would take the
    room of the one chip it hides)."""
    if len(groups) <= shown + 1:
        return groups, []
    return groups[:shown], groups[shown:]


def more_text(hidden: list) -> str:
    return f"+{len(hidden)} more"


# --------------------------------------------------------------------------- analysis as words


def relation_qualifier(rel) -> str:
    """"assessed, low confidence" for a relation the sources only assess, else ""."""
    return f"assessed, {rel.confidence.value} confidence" if rel.confidence else ""


TEMPO_NOTE = ("The tempo counts calendar days between the dates of consecutive strikes on forces, whatever "
              "the hour of either; where a date is known only within a span, the interval is given as a "
              "range, and two strikes on one day are “the same day”.")


def left_out_text(events: list) -> str:
    """Why the tempo leaves these events out (they are shoot-downs)."""
    return ("a shoot-down of an aircraft, not a strike on forces" if len(events) == 1
            else "shoot-downs of aircraft, not strikes on forces")


def days_text(row: dict) -> str:
    """A tempo interval in calendar days: "19 days", "the same day", "17 to 21 days"; "about"
    when either date is approximate ("about 19 days")."""
    low, high = row["days"], row.get("days_max", row["days"])
    about = "about " if any(row[end].when.approximate for end in ("from", "to") if end in row) else ""
    if high != low:
        return f"{about}{low} to {high} days"
    if low == 0:
        return "about the same day" if about else "the same day"
    return f"{about}{low} day{'s' if low != 1 else ''}"


OUTCOMES_NOTE = ("Where sources differ, their claims are set side by side with the outcome: a contradiction "
                 "(the claims the report does not uphold are disputed), or accounts that agree within a "
                 "stated tolerance once their units are converted, or need not conflict.")


def outcome_text(disc) -> str:
    """What a discrepancy's outcome means, in words."""
    if disc.outcome == "compatible":
        if disc.tolerance is not None:
            return f"Compatible: the figures agree within {hygiene.tolerance_text(disc.tolerance)}"
        return "Compatible: the accounts need not conflict"
    if disc.outcome == "contradiction":
        return "Contradiction: the accounts cannot all be true"
    return "Outcome not stated"


def ach_notes(assessment) -> list[tuple[str, Optional[str]]]:
    """What the ACH matrix cannot tell, said beside it: (finding, the report's answer or None)."""
    labels = hypothesis_labels(assessment)
    by_id = {h.id: h for h in assessment.hypotheses}
    out = []
    for finding in hygiene.ach_findings(assessment, label=lambda h: labels[h.id]):
        holder = by_id[finding.hypothesis] if finding.hypothesis else assessment
        out.append((finding.text, (holder.answers or {}).get(finding.code)))
    return out


def incident_title(incident_id: str) -> str:
    """An incident's title from its id: "first-strike" -> "First strike"."""
    return incident_id.replace("-", " ").capitalize()


def incident_name(event) -> str:
    """What an event is called where it stands for its incident: the incident's title
    ("First strike"), else the event's own title."""
    return incident_title(event.incident) if event.incident else event.title


def usage_label(inv: "Investigation", usage) -> str:
    """The record that uses a piece of evidence, in its own words; an actor's relation as a
    sentence ("US forces: backs Maghawir al-Thawra")."""
    if usage.relation is None:
        return usage.label
    return f"{usage.label}: {usage.relation.type.value} {actor_name(inv, usage.relation.target)}"


# A claim's status as readers read it (the data's `confirmed` is the report's "corroborated").
STATUS_WORDS = {"confirmed": "corroborated", "single-source": "single-source", "disputed": "disputed"}


def status_word(status: str) -> str:
    return STATUS_WORDS.get(status, status)


def credibility_words(rating: int) -> str:
    """An Admiralty information-credibility rating in words (1 -> "confirmed by other sources")."""
    return CREDIBILITY.get(rating, str(rating))


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


def in_list(text: str) -> str:
    """A sentence as an item of a run-in list: without its closing full stop, so the list's own
    punctuation never doubles it ("…al Tanf.." or "….;")."""
    text = " ".join(str(text).split())
    while text.endswith(".") and not text.endswith("..."):
        text = text[:-1].rstrip()
    return text


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
