"""Text in an SVG picture: made safe, measured and broken into lines without a renderer.

- Data text stays text and stays inert: `clean` drops what XML cannot hold (control
  characters, lone surrogates) and the bidi controls that could reorder a label, and
  `esc` escapes `& < > " '` (and `#`, so no text can spell the placeholder ink the page
  rewrites). A name like `<script>` or `"]]>` is drawn as those characters.
- `text_width` estimates a text's width from DejaVu Sans's advance widths (the font the
  SVG names), rounded up, with a wide default for any character outside the table, so a
  label laid out to fit does fit. Fallback fonts (Arial, Helvetica) are narrower, which
  only leaves more room. `fit` cuts a text to a width, `wrap` breaks it into lines.
"""

from __future__ import annotations

import re
import unicodedata

FONT = "DejaVu Sans, sans-serif"  # the font the pictures name; the widths below are its


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
