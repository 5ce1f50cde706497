"""Small SVG drawing kit for the charts and the map: the document, markers, legends.

What the pictures need and no more, written out as plain SVG text:
- Deterministic: coordinates are rounded to a tenth of a pixel and printed one way,
  elements come out in the order they were added, nothing depends on the clock.
- Text goes through `svgtext` (made safe, escaped, measured); scales and ticks are in
  `scales`.
- Many marks, few elements: `Marks` keeps one path per series and draws a mark once
  per rounded position, so 10,000 events make a few paths, not 10,000 elements.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Optional

from reportgen.views.svgtext import FONT, esc, text_width, wrap


def num(value: float) -> str:
    """A coordinate: one decimal, no trailing zero, never '-0'."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


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
