"""Typography a quote may differ in from its source, normalised away; never words.

Quotation marks and apostrophes (straight or curly), dashes, ellipses (". . .", "...",
"…", "[...]") and whitespace are each made one form, so that a quote copied with other
typography than the archived text is still found in it. `normalise` keeps a map back to
the original offsets, so the site can link to and highlight the exact passage.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

ELLIPSIS = "\u2026"

# A run of dots, ellipses and bracketed elisions ("[...]"), with or without
# whitespace between them, that holds three dots, an ellipsis or a bracket:
# "...", ". . .", "…", "[...]", and as one run the four-dot forms ("....",
# ". . . .", "….", ". …", "[...]."), so that a period next to an elision, or
# the spacing between them, cannot make two spellings of one passage differ.
_PLAIN_DOTS = r"(?:\.\s*\.\s*\.(?:\s*[.\u2026])*|(?:\.\s*)*\u2026(?:\s*[.\u2026])*)"
_BRACKET = r"\[\s*" + _PLAIN_DOTS + r"\s*\]"
_MARK = r"(?:[.\u2026]|" + _BRACKET + r")"
_DOTS = (r"(?:\.\s*\.\s*\.(?:\s*" + _MARK + r")*"
         r"|(?:\.\s*)*(?:\u2026|" + _BRACKET + r")(?:\s*" + _MARK + r")*)")
# One token of typography to normalise. Order matters: an ellipsis absorbs the
# spaces around it (so "will... not" and "will . . . not" agree). A lone space
# is already normal, so it is not a token (it is most of them, and each costs
# time). In the order tried:
#   whitespace, then an ellipsis, then whitespace    \s*DOTS\s*
#   a run of whitespace                              \s{2,}
#   one whitespace character other than a space      [^\S ]
#   a single quotation mark or apostrophe, a double one, a dash.
# Written out by its first character, as below, the pattern starts with one
# character set, so the regex engine skips the letters between tokens without
# trying a match at each (a third of the time to check a large investigation);
# tests/test_properties.py checks it finds the same tokens as the plain alternation.
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032`\u00b4"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_DASHES = "\u2010-\u2015\u2212"
_TYPOGRAPHY_PLAIN = (
    r"\s*" + _DOTS + r"\s*"
    r"|\s{2,}|[^\S ]"
    "|[" + _SINGLE_QUOTES + "]"
    "|[" + _DOUBLE_QUOTES + "]"
    "|[" + _DASHES + "]"
)
_TYPOGRAPHY = re.compile(
    "[\\s.\u2026\\[" + _SINGLE_QUOTES + _DOUBLE_QUOTES + _DASHES + "]"  # the first character, then by what it was:
    r"(?:(?<=\s)(?:\s*" + _DOTS + r"\s*|\s+|(?<=[^\S ]))"  # whitespace
    r"|(?<=\.)(?:\s*\.\s*\.(?:\s*" + _MARK + r")*"  # a period: the rest of _DOTS
    r"|\s*(?:\.\s*)*(?:\u2026|" + _BRACKET + r")(?:\s*" + _MARK + r")*)\s*"
    r"|(?<=\u2026)(?:\s*" + _MARK + r")*\s*"  # an ellipsis
    r"|(?<=\[)\s*" + _PLAIN_DOTS + r"\s*\](?:\s*" + _MARK + r")*\s*"  # a bracket
    "|(?<=[" + _SINGLE_QUOTES + _DOUBLE_QUOTES + _DASHES + "]))"  # a quotation mark or a dash
)


def _replacement(token: str) -> str:
    stripped = token.strip()
    if not stripped:
        return " "
    if "." in stripped or ELLIPSIS in stripped:
        return ELLIPSIS
    if stripped in _SINGLE_QUOTES:
        return "'"
    if stripped in _DOUBLE_QUOTES:
        return '"'
    return "-"


# Where a token can be found without trying every space: each token holds one
# of these characters (a whitespace character other than a space, a period
# that begins an ellipsis, an ellipsis, a bracket, a quotation mark, a dash)
# and begins with it or with the spaces right before it; or it is a run of
# spaces only. See `_token_spans`.
_NON_SPACE_WHITESPACE = "".join(ch for ch in map(chr, range(0x110000)) if ch.isspace() and ch != " ")
_TOKEN_CORE = re.compile(
    "[" + re.escape(_NON_SPACE_WHITESPACE) + ".\u2026\\[" + _SINGLE_QUOTES + _DOUBLE_QUOTES + _DASHES + "]"
    "(?:(?<!\\.)|(?=\\s*[.\u2026\\[]))"
)
_SPACE_RUN = re.compile("  +")


def _token_spans(text: str) -> list[tuple[int, int]]:
    """The spans of `_TYPOGRAPHY.finditer(text)`, found in a third of the time.

    Most of a text's characters are letters and single spaces, and the regex
    engine tries a match at every space. Here it is tried only where a token
    can begin: at a core character (`_TOKEN_CORE`) or at the start of the
    spaces just before one; runs of spaces alone are found apart and kept
    where no token found from a core holds them.
    """
    match = _TYPOGRAPHY.match
    found: list[tuple[int, int]] = []
    pos = 0  # end of the last token
    for core in _TOKEN_CORE.finditer(text):
        at = core.start()
        if at < pos:
            continue
        start = at
        while start > pos and text[start - 1] == " ":
            start -= 1
        if start < at:  # spaces first: a token there is the leftmost one
            token = match(text, start)
            if token is not None:
                found.append(token.span())
                pos = token.end()
                if pos > at:
                    continue
        token = match(text, at)
        if token is not None:
            found.append(token.span())
            pos = token.end()
    runs = [run.span() for run in _SPACE_RUN.finditer(text)]
    if not runs:
        return found
    spans: list[tuple[int, int]] = []
    index = 0
    for start, end in runs:
        while index < len(found) and found[index][1] <= start:
            spans.append(found[index])
            index += 1
        if index < len(found) and found[index][0] < end:
            continue  # part of a token found from its core
        spans.append((start, end))
    spans.extend(found[index:])
    return spans


@dataclass
class NormalisedText:
    """A normalised copy of a text with a map back to original offsets."""

    text: str
    # Parallel lists, one entry per segment: where it starts in the normalised
    # text, where in the original, its original length, and whether it was
    # copied verbatim (then offsets inside it map one to one).
    norm_starts: list[int]
    orig_starts: list[int]
    orig_lengths: list[int]
    verbatim: list[bool]

    def to_original(self, index: int, *, end: bool = False) -> int:
        """Original offset of a normalised offset (start of a match, or its end)."""
        if not self.norm_starts:
            return index
        probe = index - 1 if end and index > 0 else index
        seg = max(0, bisect.bisect_right(self.norm_starts, probe) - 1)
        offset_in = index - self.norm_starts[seg]
        if self.verbatim[seg]:
            return self.orig_starts[seg] + offset_in
        return self.orig_starts[seg] + (self.orig_lengths[seg] if end else 0)


def normalise(text: str) -> NormalisedText:
    pieces: list[str] = []
    norm_starts: list[int] = []
    orig_starts: list[int] = []
    orig_lengths: list[int] = []
    verbatim: list[bool] = []
    norm_pos = 0
    orig_pos = 0
    for start, stop in _token_spans(text):
        if start > orig_pos:
            chunk = text[orig_pos:start]
            pieces.append(chunk)
            norm_starts.append(norm_pos)
            orig_starts.append(orig_pos)
            orig_lengths.append(len(chunk))
            verbatim.append(True)
            norm_pos += len(chunk)
        replacement = _replacement(text[start:stop])
        pieces.append(replacement)
        norm_starts.append(norm_pos)
        orig_starts.append(start)
        orig_lengths.append(stop - start)
        verbatim.append(len(replacement) == stop - start)
        norm_pos += len(replacement)
        orig_pos = stop
    if orig_pos < len(text):
        chunk = text[orig_pos:]
        pieces.append(chunk)
        norm_starts.append(norm_pos)
        orig_starts.append(orig_pos)
        orig_lengths.append(len(chunk))
        verbatim.append(True)
    return NormalisedText("".join(pieces), norm_starts, orig_starts, orig_lengths, verbatim)


def normalise_plain(text: str) -> str:
    """Normalised form of a quote (no offset map needed), trimmed."""
    return _TYPOGRAPHY.sub(lambda mo: _replacement(mo.group()), text).strip()
