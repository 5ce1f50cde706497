"""Analytic hygiene: the mistakes of reasoning a machine can catch, checked like references.

- ACH: a hypothesis no evidence is inconsistent with is never tested (non-diagnostic); a
  matrix whose two leading hypotheses are one inconsistent rating apart barely discriminates.
- Judgments: a key judgment or assessment cites a quote or a paragraph (error).
- Figures: a claim's figure is in the passages it cites.
- Discrepancies: an outcome (contradiction or compatible); figures are compared once their
  units are normalised, within the discrepancy's tolerance (10% unless it says).
- Hedges: a relation the sources only assess ("we believe", "likely") carries a confidence.
- Views: an actor who holds a hypothesis is cited in their own words (error).

Each warning has a code; a record answers one it means to keep with `answers: {code: why}`,
and the pages print that answer where the warning would apply. The ACH findings are
computed here once, for `check` and for the pages beside the matrix.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable, Optional

from reportgen.data import units
from reportgen.data.diagnostics import Diagnostics, did_you_mean

DEFAULT_TOLERANCE_PERCENT = 10.0
# Codes of the warnings a record may answer.
CODES = ("bare-id", "non-diagnostic", "weak-matrix", "figure-not-cited", "no-outcome", "figures-agree",
         "figures-disagree", "hedged")
HEDGES = ("we believe", "believed to", "believe", "not sure", "likely", "probably", "apparently", "allegedly",
          "reportedly", "unconfirmed", "if confirmed", "appears to", "appeared to", "appearing to", "seemingly",
          "possibly", "perhaps", "thought to", "suspected")
# Relations that say one actor controls or supports another: the ones a hedge undermines.
HEDGED_RELATIONS = ("commands", "backs")
_HEDGE = re.compile(r"\b(" + "|".join(re.escape(h) for h in HEDGES) + r")\b", re.IGNORECASE)


# --------------------------------------------------------------------------- ACH


@dataclass(frozen=True)
class Finding:
    """One thing the ACH matrix of an assessment fails to do."""

    code: str  # "non-diagnostic" or "weak-matrix"
    hypothesis: Optional[str]  # the hypothesis it is about (non-diagnostic), else None
    others: tuple[str, ...]  # hypotheses and evidence items it names
    text: str  # what readers are told, naming hypotheses by their labels


def inconsistencies(assessment) -> dict[str, int]:
    """Hypothesis id -> how many evidence items are rated inconsistent with it."""
    counts = {h.id: 0 for h in assessment.hypotheses}
    for item in assessment.evidence:
        for hid, rating in item.ratings.items():
            if hid in counts and getattr(rating, "value", rating) == "inconsistent":
                counts[hid] += 1
    return counts


def ach_findings(assessment, label=None) -> list[Finding]:
    """What the matrix cannot tell: hypotheses nothing refutes, and a lead of one rating or less.
    `label(hypothesis) -> str` names hypotheses in the text (default: their statement's start)."""
    if not assessment.evidence or not assessment.hypotheses:
        return []
    name = label or (lambda h: h.label or h.id)
    counts = inconsistencies(assessment)
    out = []
    for h in assessment.hypotheses:
        if counts[h.id] == 0:
            out.append(Finding("non-diagnostic", h.id, (), (
                f"Non-diagnostic: no evidence item is inconsistent with “{name(h)}”, so the matrix never "
                "tests it; its lead shows only that nothing here argues against it.")))
    if len(assessment.hypotheses) >= 2:
        ranked = sorted(assessment.hypotheses, key=lambda h: counts[h.id])
        first, second = ranked[0], ranked[1]
        margin = counts[second.id] - counts[first.id]
        if margin <= 1:
            deciding = [item.id for item in assessment.evidence
                        if (getattr(item.ratings.get(first.id), "value", None) == "inconsistent")
                        != (getattr(item.ratings.get(second.id), "value", None) == "inconsistent")]
            if margin == 0:
                text = (f"Weak matrix: “{name(first)}” and “{name(second)}” lead with the same number of "
                        f"inconsistent ratings ({counts[first.id]}); the matrix does not choose between them.")
            else:
                text = (f"Weak matrix: “{name(first)}” leads “{name(second)}” by a single inconsistent rating "
                        f"({counts[first.id]} against {counts[second.id]}): one rating more or less would change "
                        "the lead.")
            out.append(Finding("weak-matrix", None, (first.id, second.id, *deciding), text))
    return out


# --------------------------------------------------------------------------- figures


_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "dozen": 12, "once": 1, "twice": 2, "single": 1,
}
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\b(?:" + "|".join(_TENS) + r")-(?:one|two|three|four|five|six|seven"
                     r"|eight|nine)\b|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)


def numbers_in(text: str) -> set[float]:
    """The figures a text states, in digits ("1,000", "29") or words ("thirteen", "twenty-five")."""
    out: set[float] = set()
    for token in _NUMBER.findall(text):
        word = token.lower()
        if word[0].isdigit():
            try:
                out.add(float(word.replace(",", "")))
            except ValueError:
                continue
        elif "-" in word:
            tens, ones = word.split("-", 1)
            out.add(float(_NUMBER_WORDS[tens] + _NUMBER_WORDS[ones]))
        else:
            out.add(float(_NUMBER_WORDS[word]))
    return out


def normalise_words(text: str) -> str:
    """Case, quotation marks, dashes and spacing set aside, for finding words in a passage."""
    table = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
    return " ".join("".join(table.get(c, c) for c in text.lower()).split())


def quantity_range(q) -> Optional[tuple[float, float, str]]:
    """(low, high, base unit) a quantity stands for once normalised; "within" and "about" are the
    figure given (a closest approach, an estimate), "at least" and "more than" open upwards."""
    if q is None or units.lookup(q.unit) is None:
        return None
    low, base = units.normalise(q.value, q.unit)
    high = units.normalise(q.value_max, q.unit)[0] if q.value_max is not None else low
    if q.qualifier in ("at least", "more than"):
        high = math.inf
    elif q.qualifier == "at most":
        low = 0.0
    return low, high, base


def gap(a: tuple[float, float, str], b: tuple[float, float, str]) -> float:
    """How far apart two ranges of one base unit are (0 when they overlap)."""
    return max(0.0, b[0] - a[1], a[0] - b[1])


def allowed_gap(a, b, tolerance) -> Optional[float]:
    """The gap two ranges may have and still agree, in their base unit; None when the
    tolerance's unit does not fit them."""
    value, unit = (tolerance.value, tolerance.unit) if tolerance else (DEFAULT_TOLERANCE_PERCENT, "%")
    if unit.strip() == "%":
        finite = [x for x in (a[0], a[1], b[0], b[1]) if math.isfinite(x)]
        return max(finite, default=0.0) * value / 100.0
    if units.lookup(unit) is None:
        return None
    amount, base = units.normalise(value, unit)
    return amount if base == a[2] else None


def tolerance_text(tolerance) -> str:
    if tolerance is None:
        return f"{DEFAULT_TOLERANCE_PERCENT:g}%"
    return f"{tolerance.value:g}%" if tolerance.unit.strip() == "%" else f"{tolerance.value:g} {tolerance.unit}"


def figures_agree(claims: list, tolerance) -> Optional[bool]:
    """Whether every claim's figure agrees with every other's within the tolerance; None when
    they cannot be compared (a claim without a figure, units of different kinds)."""
    ranges = [quantity_range(c.quantity) for c in claims]
    if len(ranges) < 2 or any(r is None for r in ranges) or len({r[2] for r in ranges}) != 1:
        return None
    for i, a in enumerate(ranges):
        for b in ranges[i + 1:]:
            allowed = allowed_gap(a, b, tolerance)
            if allowed is None:
                return None
            if gap(a, b) > allowed + 1e-9:
                return False
    return True


# --------------------------------------------------------------------------- the checks


def hedges_in(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(1).lower() for m in _HEDGE.finditer(text or "")))


def check(inv, checked, d: Diagnostics, ids: dict[str, str]) -> None:
    """Every analytic-hygiene rule; warnings a record answers are not printed."""
    quotes = inv.quote_by_id

    def warn(record, field: Optional[str], code: str, message: str, hint: str) -> None:
        answers = getattr(record, "answers", None) or {}
        if code in answers:
            return
        where = record.field_origin(field) if field else record.origin
        if "answers" in type(record).model_fields:
            hint += f"; or, if it stands, say why in the data: `answers: {{{code}: ...}}`"
        d.warning(where, f"{message} [{code}]", hint)

    def texts(citations) -> list[str]:
        out = []
        for c in citations:
            if c.quote and c.quote in quotes:
                out.append(quotes[c.quote].text)
            elif c.source:
                archive = checked.archives.get(c.source)
                if archive is None:
                    continue
                if c.paragraph and c.paragraph <= len(archive.paragraphs):
                    para = archive.paragraphs[c.paragraph - 1]
                    out.append(archive.text[para.start:para.end])
                elif not c.paragraph:
                    out.append(archive.text)
        return out

    def cites_passage(citations) -> bool:
        return any(c.quote or (c.source and c.paragraph) for c in citations)

    # Judgments rest on cited passages.
    judgments = [("key judgment", kj) for kj in (inv.report.key_judgments if inv.report else [])]
    judgments += [("assessment", a) for a in inv.assessments]
    for kind, record in judgments:
        if not cites_passage(record.citations):
            d.error(record.field_origin("citations") if record.citations else record.origin,
                    f"{kind} `{record.id}` cites no quote or paragraph",
                    "cite the passages the judgment rests on: `citations: [{quote: ID}]` or "
                    "`[{source: ID, paragraph: N}]`")

    # ACH.
    for a in inv.assessments:
        for finding in ach_findings(a):
            if finding.code == "non-diagnostic":
                h = next(x for x in a.hypotheses if x.id == finding.hypothesis)
                warn(h, None, "non-diagnostic",
                     f"hypothesis `{h.id}` is consistent or neutral with every item of evidence: the matrix never tests it",
                     "add the evidence that would refute it if it were false, or rate an item inconsistent with it")
            else:
                lead, runner, *deciding = finding.others
                counts = inconsistencies(a)
                apart = ("tie" if counts[runner] == counts[lead] else "are one inconsistent rating apart")
                warn(a, "evidence", "weak-matrix",
                     f"assessment `{a.id}`: the leading hypotheses `{lead}` ({counts[lead]} inconsistent) and "
                     f"`{runner}` ({counts[runner]}) {apart}"
                     + (f", told apart by {', '.join(f'`{x}`' for x in deciding)} only" if deciding else ""),
                     "add evidence that tells them apart, or lower the judgment's probability and confidence")
        # A view attributed to an actor cites their own words.
        cited = [c.quote for c in a.citations if c.quote]
        cited += [c.quote for item in a.evidence for c in item.citations if c.quote]
        voices = {v for q in cited if q in quotes for v in (quotes[q].speaker, quotes[q].according_to)}
        for h in a.hypotheses:
            for actor in h.held_by:
                if actor in inv.actor_by_id and actor not in voices:
                    d.error(h.field_origin("held_by"),
                            f"hypothesis `{h.id}` is held by `{actor}`, but assessment `{a.id}` cites none of "
                            "their own words",
                            f"cite a quote by or attributed to `{actor}` in the assessment's `citations` or "
                            "evidence, or drop them from `held_by`")

    # Figures are in the passages a claim cites.
    for claim in inv.claims:
        q = claim.quantity
        if q is None or not claim.citations:
            continue
        cited = texts(claim.citations)
        if not cited:
            continue
        if q.as_written:
            wanted = normalise_words(q.as_written)
            if not any(wanted in normalise_words(t) for t in cited):
                warn(claim, "quantity", "figure-not-cited",
                     f"claim `{claim.id}`: its figure's words “{q.as_written}” are in none of its citations",
                     "copy `as_written` from the cited passage, or cite the passage that gives the figure")
            continue
        figures = {q.value} | ({q.value_max} if q.value_max is not None else set())
        found = set().union(*(numbers_in(t) for t in cited))
        if not figures & found:
            shown = " to ".join(f"{x:g}" for x in (q.value, q.value_max) if x is not None)
            warn(claim, "quantity", "figure-not-cited",
                 f"claim `{claim.id}`: none of its citations gives its figure {shown} {q.unit}",
                 "cite the passage that states the figure; if the source words it otherwise "
                 "(\"several dozen\", a list to add up), give those words as `quantity: {as_written: ...}`")

    # Discrepancies: an outcome, and figures compared within the tolerance.
    claims = inv.claim_by_id
    paired: set[frozenset] = set()
    for disc in inv.discrepancies:
        members = [claims[c] for c in disc.claims if c in claims]
        for i, a_ in enumerate(members):
            for b_ in members[i + 1:]:
                paired.add(frozenset((a_.id, b_.id)))
        tol = disc.tolerance
        if tol is not None and tol.unit.strip() != "%" and units.lookup(tol.unit) is None:
            d.error(tol.field_origin("unit"), f"discrepancy `{disc.id}`: unknown tolerance unit `{tol.unit}`",
                    did_you_mean(tol.unit, units.UNITS) or 'give a unit of the claims\' figures, or "%"')
            continue
        agree = figures_agree(members, tol)
        if disc.outcome is None:
            warn(disc, None, "no-outcome", f"discrepancy `{disc.id}` has no outcome",
                 "say `outcome: contradiction` (the claims cannot all be true) or `outcome: compatible` "
                 "(figures within a tolerance, or readings that need not conflict)")
        if disc.outcome in (None, "contradiction") and agree:
            warn(disc, "outcome" if disc.outcome else None, "figures-agree",
                 f"discrepancy `{disc.id}`: its figures agree within {tolerance_text(tol)}",
                 "make it `outcome: compatible` (with the `tolerance` you accept), so its claims corroborate "
                 "instead of counting as disputed")
        if disc.outcome == "compatible" and agree is False:
            warn(disc, "outcome", "figures-disagree",
                 f"discrepancy `{disc.id}` is compatible, but its figures differ by more than {tolerance_text(tol)}",
                 "make it `outcome: contradiction`, or state the `tolerance` within which they agree")
    by_subject: dict[str, list] = {}
    for claim in inv.claims:
        if claim.quantity is not None:
            by_subject.setdefault(claim.subject, []).append(claim)
    for subject, group in by_subject.items():
        for i, later in enumerate(group):
            for earlier in group[:i]:
                if frozenset((earlier.id, later.id)) in paired:
                    continue
                if figures_agree([earlier, later], None) is False:
                    warn(later, "quantity", "figures-disagree",
                         f"claim `{later.id}` and claim `{earlier.id}` (subject `{subject}`) give figures more than "
                         f"{DEFAULT_TOLERANCE_PERCENT:g}% apart, and no discrepancy sets them side by side",
                         "add a discrepancy with both claims and its outcome, or give them different subjects "
                         "if they are about different things")

    # Hedged relations show a confidence.
    for actor in inv.actors:
        for rel in actor.relations:
            if rel.type.value not in HEDGED_RELATIONS or rel.confidence is not None or not rel.citations:
                continue
            cited = texts(rel.citations)
            hedges = [hedges_in(t) for t in cited]
            if cited and all(hedges):
                words = ", ".join(f"“{w}”" for w in dict.fromkeys(w for hs in hedges for w in hs))
                warn(rel, None, "hedged",
                     f"actor `{actor.id}` {rel.type.value} `{rel.target}` rests only on hedged words ({words})",
                     "give the relation a `confidence:` (low, moderate, high): the pages then show it as assessed")

    # Answers name warnings that exist.
    for record in _answering(inv):
        for code in getattr(record, "answers", {}) or {}:
            if code not in CODES:
                d.error(record.field_origin("answers"), f"`answers` names unknown warning `{code}`",
                        did_you_mean(code, CODES) or f"answer one of: {', '.join(CODES)}")


def _answering(inv) -> Iterable:
    if inv.report:
        yield from inv.report.key_judgments
    for actor in inv.actors:
        yield from actor.relations
    yield from inv.claims
    yield from inv.discrepancies
    for a in inv.assessments:
        yield a
        yield from a.hypotheses
