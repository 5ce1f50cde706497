"""An archived source text: its numbered paragraphs, and a normalised copy made when asked for.

Paragraphs are numbered from 1 with their offsets in the text (each non-blank line, or
each block between blank lines, as the source says), so a quote found at an offset is in
a paragraph a citation can name.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Optional

from reportgen.data.typography import NormalisedText, normalise


_LINES = r"[^\n]*\S[^\n]*"  # a paragraph per non-blank line
_BLANK_LINES = r"\S(?:.|\n(?![ \t]*\n))*"  # a paragraph per block between blank lines


@dataclass(frozen=True, slots=True)
class Paragraph:
    number: int  # 1-based
    start: int
    end: int
    whole: str = field(repr=False)  # the whole text it is a paragraph of (not a copy of its part)

    @property
    def text(self) -> str:
        return self.whole[self.start:self.end]


def split_paragraphs(text: str, mode: str = "lines") -> list[Paragraph]:
    """Paragraphs with their offsets: each non-blank line, or blocks between blank lines."""
    if mode == "lines":  # what matching _LINES finds, without a regex: every archived text is split
        paragraphs, offset = [], 0
        for line in text.split("\n"):
            body = line.strip()
            if body:
                start = offset + len(line) - len(line.lstrip())
                paragraphs.append(Paragraph(len(paragraphs) + 1, start, start + len(body), text))
            offset += len(line) + 1
        return paragraphs
    paragraphs = []
    for number, match in enumerate(re.finditer(_BLANK_LINES, text), start=1):
        raw = match.group()
        lead = len(raw) - len(raw.lstrip())
        start = match.start() + lead
        body = raw.strip()
        paragraphs.append(Paragraph(number, start, start + len(body), text))
    return paragraphs


class ArchivedText:
    """One source's text, with paragraphs and a lazily built normalised copy."""

    def __init__(self, text: str, paragraph_mode: str = "lines"):
        self.text = text
        self.paragraphs = split_paragraphs(text, paragraph_mode)
        self._starts = [p.start for p in self.paragraphs]
        self._normalised: Optional[NormalisedText] = None

    @property
    def normalised(self) -> NormalisedText:
        if self._normalised is None:
            self._normalised = normalise(self.text)
        return self._normalised

    def forget_normalised(self) -> None:
        """Drop the normalised copy (it is made again if asked for): checking is done with it."""
        self._normalised = None

    def paragraph_at(self, offset: int) -> int:
        """1-based number of the paragraph holding `offset` (0 if before the first)."""
        return bisect.bisect_right(self._starts, offset)
