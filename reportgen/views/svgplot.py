"""Small SVG drawing kit for the charts: text, scales, ticks, markers, legends.

What charts.py needs and no more, written out as plain SVG text:
- Deterministic: coordinates are rounded to a tenth of a pixel and printed one way,
  elements come out in the order they were added, nothing depends on the clock.
- Data text stays text and stays inert: `clean` drops what XML cannot hold (control
  characters, lone surrogates) and the bidi controls that could reorder a label, and
  `esc` escapes `& < > " '` (and `#`, so no text can spell the placeholder ink the page
  rewrites). A name like `<script>` or `"]]>` is drawn as those characters.
- Text is laid out without a renderer: `text_width` estimates it from DejaVu Sans's
  advance widths (the font the SVG names), rounded up, with a wide default for any
  character outside the table, so a label laid out to fit does fit. Fallback fonts
  (Arial, Helvetica) are narrower, which only leaves more room.
- Many marks, few elements: `Marks` keeps one path per series and draws a mark once
  per rounded position, so 10,000 events make a few paths, not 10,000 elements.
One module, past the usual size: one drawing kit whose pieces (widths, scales, ticks,
marks, legends) only make sense together.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Optional

FONT = "DejaVu Sans, sans-serif"

# DejaVu Sans (Book) advance widths in hundredths of an em, rounded up, for each block
# starting at the code point given ("-": no glyph in the font). Generated with fontTools:
#   font = TTFont("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
#   ceil(font["hmtx"][font.getBestCmap()[cp]][0] * 100 / font["head"].unitsPerEm)
# Blocks: Basic Latin to Latin Extended-B, Greek and Cyrillic, General Punctuation,
# Arrows, Mathematical Operators.
_WIDTH_BLOCKS = (
    (0x0020, """
32 41 46 84 64 96 78 28 40 40 50 84 32 37 32 34 64 64 64 64 64 64 64 64 64 64 34 34 84 84 84 54
100 69 69 70 78 64 58 78 76 30 30 66 56 87 75 79 61 79 70 64 62 74 69 99 69 62 69 40 34 40 84 50
50 62 64 55 64 62 36 64 64 28 28 58 28 98 64 62 64 64 42 53 40 64 60 82 60 60 53 64 34 64 84 - -
- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - 32 41 64 64 64 64 34 50 50 100 48
62 84 37 100 50 50 84 41 41 50 64 64 32 50 41 48 62 97 97 97 54 69 69 69 69 69 69 98 70 64 64 64
64 30 30 30 30 78 75 79 79 79 79 79 84 79 74 74 74 74 62 61 63 62 62 62 62 62 62 99 55 62 62 62
62 28 28 28 28 62 64 62 62 62 62 62 84 62 64 64 64 64 60 64 60 69 62 69 62 69 62 70 55 70 55 70
55 70 55 78 64 78 64 64 62 64 62 64 62 64 62 64 62 78 64 78 64 78 64 78 64 76 64 92 70 30 28 30
28 30 28 30 28 30 28 59 56 30 28 66 58 58 56 28 56 28 56 38 56 35 57 29 75 64 75 64 75 64 82 75
64 79 62 79 62 79 62 107 103 70 42 70 42 70 42 64 53 64 53 64 53 64 53 62 40 62 40 62 40 74 64
74 64 74 64 74 64 74 64 74 64 99 82 62 60 62 69 53 69 53 69 53 36 64 74 69 64 69 64 71 70 55 78
82 69 64 62 64 79 62 58 36 78 69 99 36 30 75 58 28 60 98 75 64 79 92 62 95 76 66 64 70 64 53 64
34 40 62 40 62 86 64 77 73 75 74 69 53 67 67 58 53 64 67 58 52 64 30 50 46 30 143 130 116 84 79
46 94 93 80 69 62 30 28 79 62 74 64 74 64 74 64 74 64 74 64 62 69 62 69 62 98 99 78 64 78 64 66
58 79 62 79 62 67 58 28 143 130 116 78 64 112 69 75 64 69 62 98 99 79 62 69 62 69 62 64 62 64 62
30 28 30 28 79 62 79 62 70 42 70 42 74 64 74 64 64 53 62 40 63 53 76 64 74 84 70 62 69 53 69 62
64 62 79 62 79 62 79 62 79 62 62 60 48 85 48 28 100 100 69 70 55 56 62 53 53 61 48 69 74 69 64
62 30 28 79 64 70 42 62 60
"""),
    (0x0370, """
66 57 87 65 28 28 75 65 - - 50 55 55 55 34 30 - - - - 50 50 70 32 75 88 41 - 82 - 83 83 34 69 69
56 69 64 69 76 79 30 66 69 87 75 64 79 76 61 - 64 62 62 79 69 79 77 30 62 66 55 64 34 58 66 64
60 62 55 55 64 62 34 59 60 64 56 56 62 61 64 59 64 61 58 66 58 66 84 34 58 62 58 84 66 62 62 70
85 70 66 84 67 79 62 65 59 58 46 66 66 87 63 94 84 76 66 80 62 69 61 77 63 70 62 62 54 67 64 55
28 79 62 62 61 64 70 87 66 64 71 70 71 64 64 79 61 70 64 30 30 30 110 105 79 71 75 61 76 69 69
69 61 79 64 108 65 75 75 71 76 87 76 79 76 61 70 62 61 87 69 78 69 107 110 84 89 69 70 108 70 62
62 59 53 70 62 91 54 65 65 61 64 76 66 62 66 64 55 59 60 86 60 69 60 92 95 71 79 59 55 85 61 62
62 63 53 55 53 28 28 28 91 90 66 61 65 60 66 94 84 78 68 95 75 88 79 116 101 79 62 103 83 64 55
86 88 79 62 79 67 79 67 100 91 96 76 118 103 94 84 70 55 51 0 0 0 0 0 42 42 78 68 69 59 61 64 61
53 68 60 63 53 108 91 65 54 71 61 71 61 71 61 86 84 76 67 102 88 109 92 88 70 70 55 62 59 62 60
62 60 69 60 94 81 69 60 69 60 69 64 95 73 95 73 30 108 91 66 61 78 68 76 67 78 69 69 60 89 78 28
69 62 69 62 98 99 64 62 79 62 79 62 108 91 65 54 67 58 75 65 75 65 79 62 79 62 79 62 70 55 61 60
61 60 61 60 69 60 61 53 89 79 68 60 69 60 69 60 69 59 101 90 98 87 68 59 108 96 112 97 78 66 78
72 62 55 76 64 117 100 90 87 104 99 79 64 99 82 71 61 109 91 109 92 80 69 - - - - - - - - - -
"""),
    (0x2000, """
50 100 50 100 33 25 17 64 32 20 10 0 0 0 0 0 37 37 64 50 100 100 50 50 32 32 32 32 52 52 52 52
50 50 59 59 34 67 100 32 0 0 0 0 0 0 0 20 135 174 23 38 53 23 38 53 34 40 40 84 49 54 50 81 81
25 100 50 17 40 40 93 74 74 50 64 50 50 50 34 81 50 45 100 81 84 59 67 84 84 32 80 84 32 32 23 0
0 0 0 0 - - - - - 0 0 0 0 0 0
"""),
    (0x2190, """
84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84
84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84
84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84
84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84
"""),
    (0x2200, """
69 64 52 64 64 88 67 67 88 88 72 88 88 72 64 76 76 68 84 84 84 34 64 84 63 63 64 64 64 72 84 84
90 90 84 50 50 50 50 74 74 74 74 53 79 106 53 79 106 53 53 53 64 64 27 64 84 84 84 84 84 84 84
84 38 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 100 100 84 84 84 84 84 84 84 84
84 84 84 84 84 84 84 84 84 84 84 84 105 105 47 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84
84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 74 74 74 84 84 84 84 79 79 84 84 84 84 84 84 84 84
84 84 84 84 84 88 88 88 88 53 53 88 88 88 88 88 88 88 88 84 84 84 84 84 84 100 100 84 84 53 74
74 74 84 84 83 83 83 83 63 32 63 84 100 100 100 100 100 84 74 74 84 84 84 84 84 84 84 84 143 143
84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 84 100 100 100 100 100 88 72 88 88 72
88 88 100 88 72 88 72 88
"""),
)
# Outside those blocks: the glyphs DejaVu Sans draws wider than _WIDE_DEFAULT, as runs
# (first code point, last code point, width); any other character is taken as _WIDE_DEFAULT
# (East Asian wide ones as _WIDE_EAST_ASIAN, marks that combine with the letter before as 0).
_WIDE_GLYPHS = (
    (0x158E, 0x1590, 126), (0x1593, 0x1594, 126), (0x1670, 0x1670, 131), (0x1671, 0x1672, 164),
    (0x1673, 0x1674, 138), (0x1675, 0x1676, 164), (0x1685, 0x1685, 137), (0x168A, 0x168A, 137),
    (0x168F, 0x168F, 138), (0x1694, 0x1694, 137), (0x20A7, 0x20A7, 128), (0x20AF, 0x20AF, 128),
    (0x2152, 0x2152, 138), (0x2167, 0x2167, 132), (0x2326, 0x2326, 142), (0x2328, 0x2328, 145),
    (0x232B, 0x232B, 142), (0x260F, 0x260F, 126), (0x27F5, 0x27FF, 144), (0x2A0C, 0x2A0C, 133),
    (0xA66C, 0xA66C, 136), (0xA698, 0xA698, 136), (0xA74E, 0xA74E, 136), (0xFB17, 0xFB17, 153),
    (0xFEB2, 0xFEB2, 128), (0xFEB6, 0xFEB6, 128), (0x1030C, 0x1030C, 143), (0x1F030, 0x1F061, 137),
    (0x1F634, 0x1F634, 161),
)
_WIDE_DEFAULT = 1.25  # em: wider than any letter DejaVu Sans has outside the tables above
_WIDE_EAST_ASIAN = 1.3  # em: CJK and emoji, drawn by another font, about one em wide


def _widths() -> dict[str, float]:
    out: dict[str, float] = {}
    for start, block in _WIDTH_BLOCKS:
        for offset, value in enumerate(block.split()):
            if value != "-":
                out[chr(start + offset)] = int(value) / 100
    for first, last, value in _WIDE_GLYPHS:
        for cp in range(first, last + 1):
            out[chr(cp)] = value / 100
    return out


_WIDTH = _widths()
# What XML 1.0 cannot hold, and bidi embedding/override/isolate controls (they could
# reorder a label so it reads as something else).
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
                     "\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "#": "&#35;"}
_ESCAPE_RE = re.compile("[&<>\"'#]")


def clean(text: object) -> str:
    """Data text as one line: unsafe characters removed, whitespace runs made one space."""
    return " ".join(_UNSAFE.sub("", str(text)).split())


def esc(text: object) -> str:
    """Text for SVG content or an attribute value: cleaned and XML-escaped."""
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], clean(text))


def char_width(ch: str) -> float:
    """Advance width of one character in em (an estimate that errs wide)."""
    width = _WIDTH.get(ch)
    if width is not None:
        return width
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return _WIDE_EAST_ASIAN
    return _WIDE_DEFAULT


def text_width(text: str, size: float) -> float:
    """Width in px of `text` set in DejaVu Sans at `size` px."""
    return sum(char_width(ch) for ch in clean(text)) * size


def fit(text: str, size: float, width: float) -> str:
    """`text` (cleaned) cut with an ellipsis so it is at most `width` px wide."""
    text = clean(text)
    if text_width(text, size) <= width:
        return text
    room = width - char_width("…") * size
    used, cut = 0.0, 0
    for i, ch in enumerate(text):
        used += char_width(ch) * size
        if used > room:
            cut = i
            break
    return text[:cut].rstrip() + "…"


def num(value: float) -> str:
    """A coordinate: one decimal, no trailing zero, never '-0'."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def minus(text: str) -> str:
    """A number as text with a real minus sign."""
    return text.replace("-", "−")


# --------------------------------------------------------------------------- scales and ticks


@dataclass(frozen=True)
class Linear:
    """Maps the domain [d0, d1] onto the range [r0, r1] (either may run backwards)."""

    d0: float
    d1: float
    r0: float
    r1: float

    def __call__(self, value: float) -> float:
        span = self.d1 - self.d0
        return self.r0 + (value - self.d0) * (self.r1 - self.r0) / span if span else self.r0


_EPOCH = dt.datetime(1970, 1, 1)


def seconds(when: dt.datetime) -> float:
    return (when - _EPOCH).total_seconds()


@dataclass(frozen=True)
class TimeScale:
    """Maps datetimes between `start` and `end` onto [r0, r1]."""

    start: dt.datetime
    end: dt.datetime
    r0: float
    r1: float

    def __call__(self, when: dt.datetime) -> float:
        span = (self.end - self.start).total_seconds()
        return self.r0 + (when - self.start).total_seconds() * (self.r1 - self.r0) / span if span else self.r0


def nice_step(span: float, max_ticks: int, integer: bool = False) -> float:
    """The smallest step of 1, 2, 2.5 or 5 times a power of ten that cuts `span` into at most
    `max_ticks` - 1 parts (at least 1 when `integer`)."""
    if span <= 0:
        return 1.0
    raw = span / max(1, max_ticks - 1)
    power = 10 ** math.floor(math.log10(raw))
    for mult in (1, 2, 2.5, 5, 10):
        step = mult * power
        if integer and (step < 1 or step != int(step)):
            continue
        if step >= raw - 1e-12:
            return step
    return 10 * power


def nice_ticks(lo: float, hi: float, max_ticks: int = 7, integer: bool = False) -> list[float]:
    """Round values from `lo` up to `hi` (both included when they fall on a step)."""
    step = nice_step(hi - lo, max_ticks, integer)
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def tick_label(value: float) -> str:
    """A tick's number: whole numbers with thousands separators, a real minus sign."""
    return minus(f"{int(value):,}" if value == int(value) else f"{value:g}")


MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _month_add(when: dt.datetime, months: int) -> dt.datetime:
    index = when.year * 12 + when.month - 1 + months
    return dt.datetime(index // 12, index % 12 + 1, 1)


def _date_candidates(start: dt.datetime, end: dt.datetime):
    """(unit, step, tick datetimes) from the finest spacing to the coarsest."""
    day0 = dt.datetime(start.year, start.month, start.day)
    for step in (1, 2, 7):
        first = day0 + dt.timedelta(days=(-(day0 - dt.datetime(2000, 1, 3)).days) % step)  # weeks start on Mondays
        yield "day", step, _range(first, end, lambda d, s=step: d + dt.timedelta(days=s))
    # The 1st and the 15th of each month.
    months = _range(dt.datetime(start.year, start.month, 1), end, lambda d: _month_add(d, 1))
    yield "day", 15, [d for month in months for d in (month, month.replace(day=15)) if start <= d <= end]
    for step in (1, 2, 3, 6):
        first = dt.datetime(start.year, 1, 1)
        yield "month", step, [d for d in _range(first, end, lambda d, s=step: _month_add(d, s)) if d >= start]
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        first_year = -(-start.year // step) * step
        years = range(first_year, end.year + 1, step)
        yield "year", step, [dt.datetime(y, 1, 1) for y in years if 1 <= y <= 9999
                            and start <= dt.datetime(y, 1, 1) <= end]


def _range(first: dt.datetime, end: dt.datetime, step: Callable[[dt.datetime], dt.datetime]) -> list:
    out, when = [], first
    while when <= end and len(out) <= 1000:
        out.append(when)
        try:
            when = step(when)
        except (OverflowError, ValueError):
            break
    return out


@dataclass(frozen=True)
class DateTick:
    when: dt.datetime
    label: str  # first line: "15 May", "Jun" or "2017"
    year: str  # second line: the year where it changes ("" when the first line is a year)


def date_ticks(start: dt.datetime, end: dt.datetime, width: float, size: float, max_ticks: int = 8) -> list[DateTick]:
    """Ticks for a date axis `width` px wide: the finest calendar spacing (days, weeks, half
    months, months, quarters, years...) with at most `max_ticks` ticks whose labels do not
    touch. The year is written under the first tick and wherever it changes."""
    seconds_wide = max(1.0, seconds(end) - seconds(start))
    for unit, step, whens in _date_candidates(start, end):
        whens = [w for w in whens if start <= w <= end]
        if not whens or len(whens) > max_ticks:
            continue
        ticks, last_year = [], None
        for when in whens:
            if unit == "year":
                ticks.append(DateTick(when, str(when.year), ""))
                continue
            label = (f"{when.day} {MONTHS_SHORT[when.month - 1]}" if unit == "day"
                     else MONTHS_SHORT[when.month - 1])
            ticks.append(DateTick(when, label, str(when.year) if when.year != last_year else ""))
            last_year = when.year
        if len(ticks) > 1:
            gap = min(seconds(b.when) - seconds(a.when) for a, b in zip(ticks, ticks[1:])) / seconds_wide * width
            widest = max(max(text_width(t.label, size), text_width(t.year, size)) for t in ticks)
            if widest + 0.6 * size > gap:
                continue
        return ticks
    return [DateTick(start, str(start.year), "")]


# --------------------------------------------------------------------------- the document


def _attrs(**attrs) -> str:
    """Attributes in the order given, None left out; floats are lengths (one decimal) except
    opacities (two)."""
    out = []
    for key, value in attrs.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        if isinstance(value, float):
            value = f"{round(value, 2):g}" if name.endswith("opacity") else num(value)
        out.append(f' {name}="{value}"')
    return "".join(out)


class Svg:
    """Elements in drawing order; `render(height)` writes the document. `ink` is the colour
    of text and axes (charts pass their placeholder ink)."""

    def __init__(self, width: float, ink: str, size: float = 13):
        self.width = width
        self.ink = ink
        self.size = size
        self.parts: list[str] = []

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: Optional[str] = None,
             width: float = 1.0, dash: Optional[str] = None, opacity: Optional[float] = None) -> None:
        self.parts.append(f'<path d="M{num(x1)} {num(y1)}L{num(x2)} {num(y2)}"'
                          + _attrs(fill="none", stroke=stroke or self.ink, stroke_width=float(width),
                                   stroke_dasharray=dash, stroke_opacity=opacity) + "/>")

    def path(self, d: str, fill: str = "none", stroke: Optional[str] = None, width: Optional[float] = None,
             dash: Optional[str] = None, opacity: Optional[float] = None, cap: Optional[str] = None,
             join: Optional[str] = None, fill_opacity: Optional[float] = None) -> None:
        if not d:
            return
        self.parts.append(f'<path d="{d}"' + _attrs(
            fill=fill, fill_opacity=fill_opacity, stroke=stroke,
            stroke_width=None if width is None else float(width), stroke_dasharray=dash,
            stroke_opacity=opacity, stroke_linecap=cap, stroke_linejoin=join) + "/>")

    def rect(self, x: float, y: float, w: float, h: float, fill: str, opacity: Optional[float] = None) -> None:
        self.parts.append(f'<rect x="{num(x)}" y="{num(y)}" width="{num(max(w, 0))}" height="{num(max(h, 0))}"'
                          + _attrs(fill=fill, fill_opacity=opacity) + "/>")

    def text(self, x: float, y: float, text: str, size: Optional[float] = None, anchor: str = "start",
             fill: Optional[str] = None, rotate: bool = False, italic: bool = False) -> None:
        """Text whose baseline starts (or ends, or is centred) at (x, y); `rotate`: reads upwards."""
        body = esc(text)
        if not body:
            return
        attrs = _attrs(x=float(x), y=float(y),
                       font_size=None if size in (None, self.size) else float(size),
                       text_anchor=None if anchor == "start" else anchor,
                       fill=fill, font_style="italic" if italic else None,
                       transform=f"rotate(-90 {num(x)} {num(y)})" if rotate else None)
        self.parts.append(f"<text{attrs}>{body}</text>")

    def render(self, height: float) -> str:
        w, h = num(self.width), num(math.ceil(height))
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}"'
                f' font-family="{FONT}" font-size="{num(self.size)}" fill="{self.ink}">')
        return "\n".join(['<?xml version="1.0" encoding="utf-8"?>', head, *self.parts, "</svg>"]) + "\n"


def middle(y: float, size: float) -> float:
    """The baseline that centres a line of digits and lower-case text of `size` px on `y`."""
    return y + 0.36 * size


# --------------------------------------------------------------------------- markers


def _polygon(points: list[tuple[float, float]]) -> Callable[[float], tuple[float, float, str]]:
    def shape(r: float) -> tuple[float, float, str]:
        # Relative steps between rounded vertices: no drift, and `z` closes it exactly.
        verts = [(round(ux * r, 1), round(uy * r, 1)) for ux, uy in points]
        steps = "".join(_step(bx - ax, by - ay) for (ax, ay), (bx, by) in zip(verts, verts[1:]))
        return verts[0][0], verts[0][1], steps + "z"
    return shape


def _step(dx: float, dy: float, command: str = "l") -> str:
    """A relative step in its shortest form."""
    if abs(dy) < 0.05 and command == "l":
        return f"h{num(dx)}"
    if abs(dx) < 0.05 and command == "l":
        return f"v{num(dy)}"
    y = num(dy)
    return f"{command}{num(dx)}{y if y.startswith('-') else ' ' + y}"


def _circle(r: float) -> tuple[float, float, str]:
    return -r, 0.0, f"a{num(r)} {num(r)} 0 1 0 {num(2 * r)} 0a{num(r)} {num(r)} 0 1 0-{num(2 * r)} 0z"


def _star() -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        radius = 1.3 if i % 2 == 0 else 0.55
        angle = math.pi / 2 + i * math.pi / 5
        pts.append((radius * math.cos(angle), -radius * math.sin(angle)))
    return pts


# Shapes named as matplotlib names them, scaled so each looks about as big as a circle of
# radius r: shape(r) -> (x, y of the first point from the centre, the rest of the path).
MARKER_SHAPES: dict[str, Callable[[float], tuple[float, float, str]]] = {
    "o": _circle,
    "s": _polygon([(-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)]),
    "^": _polygon([(0, -1.2), (1.1, 0.85), (-1.1, 0.85)]),
    "D": _polygon([(0, -1.2), (1.0, 0), (0, 1.2), (-1.0, 0)]),
    "v": _polygon([(0, 1.2), (1.1, -0.85), (-1.1, -0.85)]),
    "P": _polygon([(-0.35, -1.05), (0.35, -1.05), (0.35, -0.35), (1.05, -0.35), (1.05, 0.35), (0.35, 0.35),
                   (0.35, 1.05), (-0.35, 1.05), (-0.35, 0.35), (-1.05, 0.35), (-1.05, -0.35), (-0.35, -0.35)]),
    "X": _polygon([(-0.75, -1.05), (0, -0.3), (0.75, -1.05), (1.05, -0.75), (0.3, 0), (1.05, 0.75), (0.75, 1.05),
                   (0, 0.3), (-0.75, 1.05), (-1.05, 0.75), (-0.3, 0), (-1.05, -0.75)]),
    "*": _polygon(_star()),
}


@dataclass
class Marks:
    """One series of identical marks, drawn once per whole-pixel position: marks that would
    land on the same spot (at most half a pixel off) add nothing but bytes."""

    shape: str
    r: float
    seen: dict[tuple[int, int], None] = field(default_factory=dict)

    def add(self, x: float, y: float) -> None:
        self.seen[(round(x), round(y))] = None

    def d(self) -> str:
        ox, oy, rest = MARKER_SHAPES[self.shape](self.r)
        out, last = [], None
        for x, y in sorted(self.seen):  # left to right: short steps between marks
            # After `z` the pen is back at the mark's first point: move on from there.
            if last is None:
                out.append(f"M{num(x + ox)} {num(y + oy)}{rest}")
            else:
                out.append(_step(x - last[0], y - last[1], "m") + rest)
            last = (x, y)
        return "".join(out)


@dataclass
class Segments:
    """Horizontal or vertical segments drawn as one path, each once per half-pixel position."""

    seen: dict[tuple, None] = field(default_factory=dict)

    def horizontal(self, x1: float, x2: float, y: float) -> None:
        self.seen.setdefault(("h", round(x1 * 2) / 2, round(x2 * 2) / 2, round(y * 2) / 2), None)

    def vertical(self, x: float, y1: float, y2: float) -> None:
        self.seen.setdefault(("v", round(x * 2) / 2, round(y1 * 2) / 2, round(y2 * 2) / 2), None)

    def d(self) -> str:
        out = []
        for kind, a, b, c in self.seen:
            if kind == "h":
                out.append(f"M{num(a)} {num(c)}H{num(b)}")
            else:
                out.append(f"M{num(a)} {num(b)}V{num(c)}")
        return "".join(out)


# --------------------------------------------------------------------------- legends


@dataclass(frozen=True)
class Key:
    """One legend entry: a symbol drawn centred on (x, y) in a box `SYMBOL_W` px wide,
    then one or more lines of text (data text: escaped when drawn)."""

    symbol: Callable[[Svg, float, float], None]
    lines: tuple[str, ...]


SYMBOL_W = 28.0


def legend(svg: Svg, x: float, y: float, width: float, title: str, keys: list[Key], size: float = 12) -> float:
    """A titled legend whose entries flow into as many equal columns as fit in `width` (an entry
    wider than the room wraps); the top of the title's line is at `y`. Returns the height used."""
    line = size * 1.4
    gap = size * 1.5
    text_room = width - SYMBOL_W
    # Every entry whole: a line too long for the room wraps, it is never cut.
    lines = [tuple(piece for t in key.lines for piece in wrap(t, size, text_room, cut=False)) for key in keys]
    column = max((SYMBOL_W + max(text_width(t, size) for t in ls) for ls in lines), default=0) + gap
    columns = max(1, min(len(keys), int((width + gap) // column))) if keys else 1
    top = y
    if title:
        svg.text(x, y + size, title, size=size)
        y += line
    for start in range(0, len(keys), columns):
        row = list(range(start, min(start + columns, len(keys))))
        for col, i in enumerate(row):
            cx = x + col * column
            keys[i].symbol(svg, cx + SYMBOL_W / 2 - 3, y + line / 2)
            for n, text in enumerate(lines[i]):
                svg.text(cx + SYMBOL_W, middle(y + line / 2 + n * line, size), text, size=size)
        y += line * max(len(lines[i]) for i in row)
    return y - top


def wrap(text: str, size: float, width: float, cut: bool = True) -> list[str]:
    """`text` (cleaned) broken at spaces into lines at most `width` px wide. A word too long
    for a line is cut with an ellipsis, or with `cut=False` broken across lines (no letter lost)."""
    lines: list[str] = []
    current = ""
    for word in clean(text).split(" "):
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size) > width:
            lines.append(current)
            candidate = word
        if text_width(candidate, size) <= width:
            current = candidate
        elif cut:
            current = fit(candidate, size, width)
        else:
            pieces = _break_word(candidate, size, width)
            lines.extend(pieces[:-1])
            current = pieces[-1]
    if current:
        lines.append(current)
    return lines


def _break_word(word: str, size: float, width: float) -> list[str]:
    """A word too wide for `width` as pieces that each fit (at least one character each)."""
    pieces, piece = [], ""
    for ch in word:
        if piece and text_width(piece + ch, size) > width:
            pieces.append(piece)
            piece = ""
        piece += ch
    return pieces + [piece]
