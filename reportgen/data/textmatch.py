"""Find a quote in an archived text, verbatim.

Only typography is normalised, never words (typography.py): quotation marks and
apostrophes (straight or curly), dashes, ellipses (". . .", "...", "…") and whitespace.
An ellipsis in a quote is an elision: the pieces around it must occur in the
text in order, close together. Offsets are always given in the original text,
so the site can link to and highlight the exact passage.

The search follows Hypothesis' anchoring: exact first, normalised second,
and only when both fail a fuzzy search that names the closest passage.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Optional

from rapidfuzz import fuzz, process

from reportgen.data.archivedtext import ArchivedText
from reportgen.data.typography import ELLIPSIS, normalise_plain

MAX_ELISION_GAP = 2000  # characters of text an elision may skip
CONTEXT_CHARS = 32  # prefix/suffix kept for a W3C TextQuoteSelector
MAX_OCCURRENCES = 1000  # places a quote is looked for; `occurrences` counts up to this
FUZZY_PROBE = 400  # characters of a long quote the fuzzy search aligns (its cost is length x text)
MAX_DIFF_WORDS = 400  # words compared when listing differences
FUZZY_HAY = 100_000  # longer texts are narrowed to their likeliest window before the fuzzy alignment
MAX_ELISION_STARTS = 10_000  # places an elided quote's first piece is tried from
MAX_TRIES = 100_000  # occurrences inside words skipped before a search gives up


@dataclass(slots=True)
class Match:
    start: int  # original offsets of the whole quoted span
    end: int
    paragraph: int
    paragraph_end: int
    pieces: list[tuple[int, int]]  # original offsets of each piece (several when elided)
    occurrences: int  # how many places in the text the quote matches
    prefix: str = ""
    suffix: str = ""
    exact: bool = True  # byte-for-byte, with no normalisation


@dataclass(slots=True)
class Miss:
    """No match: the closest passage, how alike it is, and the words that differ."""

    passage: str
    score: float
    paragraph: int
    differences: list[str] = field(default_factory=list)
    piece: Optional[str] = None  # the elided piece that failed, when the quote has several


def find_quote(archive: ArchivedText, quote: str, prefer_paragraph: Optional[int] = None) -> Match | Miss:
    """Where the quote is, or (when it is not there) the closest passage."""
    found = locate(archive, quote, prefer_paragraph)
    return found if found is not None else _closest(archive, quote)


def locate(archive: ArchivedText, quote: str, prefer_paragraph: Optional[int] = None) -> Optional[Match]:
    """Exact, then normalised search only: None when the quote is not in the text."""
    spans = _exact_spans(archive.text, quote)
    exact = bool(spans)
    if not spans:
        spans = _normalised_spans(archive, quote)
    if not spans:
        return None
    chosen = spans[0]
    if prefer_paragraph is not None:
        in_paragraph = [s for s in spans if archive.paragraph_at(s[0][0]) == prefer_paragraph]
        if in_paragraph:
            chosen = in_paragraph[0]
    start, end = chosen[0][0], chosen[-1][1]
    return Match(
        start=start,
        end=end,
        paragraph=archive.paragraph_at(start),
        paragraph_end=archive.paragraph_at(max(start, end - 1)),
        pieces=list(chosen),
        occurrences=len(spans),
        prefix=archive.text[max(0, start - CONTEXT_CHARS):start],
        suffix=archive.text[end:end + CONTEXT_CHARS],
        exact=exact,
    )


def _inside_word(text: str, pos: int) -> bool:
    """`pos` falls between two characters of one word.

    A lower-case letter followed by a capital is taken as two words run
    together, as when a capture glues an image credit to the text
    ("ReutersISIS' eroding control").
    """
    if not 0 < pos < len(text):
        return False
    before, after = text[pos - 1], text[pos]
    return before.isalnum() and after.isalnum() and not (before.islower() and after.isupper())


def _at_word_edges(text: str, start: int, end: int) -> bool:
    """The span neither begins nor ends inside a word ("vehicle" is not quoted from "vehicles")."""
    return not _inside_word(text, start) and not _inside_word(text, end)


def _find_whole(text: str, needle: str, start: int = 0, stop: Optional[int] = None) -> int:
    """Like str.find, but only where the needle begins and ends at word edges."""
    stop = len(text) if stop is None else stop
    pos, tries = text.find(needle, start, stop), 0
    while pos != -1 and not _at_word_edges(text, pos, pos + len(needle)):
        tries += 1
        if tries > MAX_TRIES:
            return -1
        pos = text.find(needle, pos + 1, stop)
    return pos


def _whole_positions(text: str, needle: str) -> list[int]:
    """Where `_find_whole` finds the needle, one after the other (up to MAX_OCCURRENCES)."""
    out: list[int] = []
    find, length = text.find, len(needle)
    pos, tries = find(needle), 0
    while pos != -1:
        if _inside_word(text, pos) or _inside_word(text, pos + length):
            tries += 1
            if tries > MAX_TRIES:
                break
        else:
            out.append(pos)
            if len(out) >= MAX_OCCURRENCES:
                break
            tries = 0
        pos = find(needle, pos + 1)
    return out


def _exact_spans(text: str, quote: str) -> list[list[tuple[int, int]]]:
    if not quote:
        return []
    return [[(pos, pos + len(quote))] for pos in _whole_positions(text, quote)]


def _normalised_spans(archive: ArchivedText, quote: str) -> list[list[tuple[int, int]]]:
    needle = normalise_plain(quote)
    if not needle:
        return []
    norm = archive.normalised
    hay = norm.text
    spans = [
        [(norm.to_original(i), norm.to_original(i + len(needle), end=True))]
        for i in _whole_positions(hay, needle)
    ]
    if spans or ELLIPSIS not in needle:
        return spans
    pieces = [p.strip() for p in needle.split(ELLIPSIS) if p.strip()]
    if not pieces:
        return []
    if not all(piece in hay for piece in pieces[1:]):
        return []
    first, tries = _find_whole(hay, pieces[0]), 0
    while first != -1 and len(spans) < MAX_OCCURRENCES and tries < MAX_ELISION_STARTS:
        tries += 1
        found = [(first, first + len(pieces[0]))]
        for piece in pieces[1:]:
            after = found[-1][1]
            # Only look as far as an elision may reach, so a common first piece
            # cannot make the search quadratic in the length of the text.
            nxt = _find_whole(hay, piece, after, after + MAX_ELISION_GAP + len(piece))
            if nxt == -1:
                break
            found.append((nxt, nxt + len(piece)))
        else:
            spans.append([(norm.to_original(a), norm.to_original(b, end=True)) for a, b in found])
        first = _find_whole(hay, pieces[0], first + 1)
    return spans


def _closest(archive: ArchivedText, quote: str) -> Miss:
    needle = normalise_plain(quote)
    pieces = [p.strip() for p in needle.split(ELLIPSIS) if p.strip()] or [needle]
    norm = archive.normalised
    failed = None
    out_of_order = False
    if len(pieces) > 1:
        # Blame the first piece that is not found on its own.
        failed = next((p for p in pieces if _find_whole(norm.text, p) == -1), None)
        if failed is not None:
            needle = failed
        else:
            out_of_order = True  # every piece is there, only not in this order or this close
    if not needle or not norm.text:
        return Miss(passage="", score=0.0, paragraph=0, piece=failed)
    start, end, score = _align(needle, norm.text)
    start, end = _widen_to_words(norm.text, start, end)
    start, end, score = _refine(needle, norm.text, start, end, score)
    o_start, o_end = norm.to_original(start), norm.to_original(end, end=True)
    passage = archive.text[o_start:o_end]
    differences = word_differences(needle, norm.text[start:end])
    if out_of_order:
        differences = [f"every elided piece is in the text, but not in this order within {MAX_ELISION_GAP:,} "
                       "characters of the one before"]
    return Miss(
        passage=passage,
        score=round(score, 1),
        paragraph=archive.paragraph_at(o_start),
        differences=differences,
        piece=failed,
    )


def _align(needle: str, hay: str) -> tuple[int, int, float]:
    """Start, end and similarity (0-100) of the passage of `hay` most like `needle`.

    The fuzzy alignment costs the needle's length times the text's; a long
    quote is placed by its opening and by its closing words (whichever aligns
    better) and the passage is taken at the quote's full length from there.
    """
    if len(needle) <= FUZZY_PROBE:
        return _partial_align(needle, hay)
    head = _partial_align(needle[:FUZZY_PROBE], hay)
    tail = _partial_align(needle[-FUZZY_PROBE:], hay)
    if head[2] >= tail[2]:
        start = head[0]
        end = min(len(hay), start + len(needle))
    else:
        end = tail[1]
        start = max(0, end - len(needle))
    return start, end, fuzz.ratio(needle, hay[start:end])


def _partial_align(probe: str, hay: str) -> tuple[int, int, float]:
    """rapidfuzz's partial-ratio alignment, narrowed first to the likeliest window of a long text."""
    lo, hi = 0, len(hay)
    if len(hay) > FUZZY_HAY:
        step = max(len(probe), 200)
        starts = range(0, max(1, len(hay) - step), step)
        windows = [hay[i:i + 2 * step] for i in starts]
        _, _, best = process.extractOne(probe, windows, scorer=fuzz.ratio)
        lo, hi = max(0, starts[best] - step), min(len(hay), starts[best] + 3 * step)
    alignment = fuzz.partial_ratio_alignment(probe, hay[lo:hi])
    return lo + alignment.dest_start, lo + alignment.dest_end, alignment.score


def _refine(needle: str, hay: str, start: int, end: int, score: float) -> tuple[int, int, float]:
    """Move the passage's ends word by word while that makes it more like the quote.

    The fuzzy alignment may begin a word early or end a word late (and so in
    the paragraph before); the passage shown should be the one the curator
    meant, in the right paragraph.
    """
    best = fuzz.ratio(needle, hay[start:end])
    for _ in range(40):
        candidates = [
            (_next_word(hay, start), end),
            (start, _previous_word_end(hay, end)),
            (_previous_word(hay, start), end),
            (start, _next_word_end(hay, end)),
        ]
        scored = [(fuzz.ratio(needle, hay[a:b]), a, b) for a, b in candidates if 0 <= a < b <= len(hay)]
        top = max(scored, default=None)
        if top is None or top[0] <= best:
            break
        best, start, end = top
    return start, end, max(score, best)


def _gap(ch: str) -> bool:
    """Between words: whitespace, or an ellipsis (the normalised text glues it to the words around it)."""
    return ch.isspace() or ch == ELLIPSIS


def _next_word(text: str, pos: int) -> int:
    """Start of the word after the one at `pos`."""
    while pos < len(text) and not _gap(text[pos]):
        pos += 1
    while pos < len(text) and _gap(text[pos]):
        pos += 1
    return pos


def _previous_word(text: str, pos: int) -> int:
    """Start of the word before the one at `pos`."""
    while pos > 0 and _gap(text[pos - 1]):
        pos -= 1
    while pos > 0 and not _gap(text[pos - 1]):
        pos -= 1
    return pos


def _previous_word_end(text: str, pos: int) -> int:
    """End of the word before the one ending at `pos`."""
    while pos > 0 and not _gap(text[pos - 1]):
        pos -= 1
    while pos > 0 and _gap(text[pos - 1]):
        pos -= 1
    return pos


def _next_word_end(text: str, pos: int) -> int:
    """End of the word after the one ending at `pos`."""
    while pos < len(text) and _gap(text[pos]):
        pos += 1
    while pos < len(text) and not _gap(text[pos]):
        pos += 1
    return pos


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and not _gap(text[start - 1]):
        start -= 1
    while end < len(text) and not _gap(text[end]):
        end += 1
    return start, end


def word_differences(quote: str, passage: str) -> list[str]:
    """Human-readable word changes from the passage to the quote."""
    a = passage.replace(ELLIPSIS, f" {ELLIPSIS} ").split()[:MAX_DIFF_WORDS]
    b = quote.replace(ELLIPSIS, f" {ELLIPSIS} ").split()[:MAX_DIFF_WORDS]
    # Compare words without the punctuation around them, show them as written.
    keys_a = [w.strip("\"'.,;:!?()[]") or w for w in a]
    keys_b = [w.strip("\"'.,;:!?()[]") or w for w in b]
    out = []
    matcher = difflib.SequenceMatcher(a=keys_a, b=keys_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace":
            out.append(f'source has "{" ".join(a[i1:i2])}" where the quote has "{" ".join(b[j1:j2])}"')
        elif tag == "delete":
            out.append(f'quote leaves out "{" ".join(a[i1:i2])}" (mark an elision with ...)')
        elif tag == "insert":
            out.append(f'quote adds "{" ".join(b[j1:j2])}", not in the source')
    return out
