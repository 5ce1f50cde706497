"""The look every chart and the map share: ink, colours, markers and sizes.

Pictures are drawn with a placeholder ink (INK): a file gets a fixed near-black in its
place, so it prints and opens anywhere, and a page gets the text colour (`currentColor`),
so one picture reads in light and dark mode (charts.standalone and charts.themed). Series
colours are mid-tone, with at least 3:1 contrast on both white and the dark theme, and are
never the only cue: markers, line styles and labels differ too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.analysis import Analysis

INK = "#010203"  # placeholder ink: near-black in files, currentColor when inlined
FILE_INK = "#1a1a1a"
GRID = "#8080804d"  # translucent grey: visible on light and dark backgrounds
# Mid-tone colours readable on white and on Material's slate background (>= 3:1 on both).
PALETTE = ["#2f8fd8", "#e05a00", "#3a9a4a", "#a26bd6", "#c2185b", "#8a8a00", "#00897b", "#b0651b"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

# The plots' geometry, in px of the SVG's own coordinates (a page scales it to its width).
WIDTH = 640
NARROW = 360  # the plots again at a phone's width, so their text stays at reading size there
MARGIN = 8  # between the picture's edge and anything drawn
AXIS = 13  # axis labels and ticks
SMALL = 12  # legends, value labels, notes
MARK_R = 5.0


def side_style(a: Analysis) -> dict[str, tuple[str, str]]:
    """Colour and marker of each side (and of no side, ""), in the report's order of sides."""
    return {sid: (PALETTE[i % len(PALETTE)], MARKERS[i % len(MARKERS)])
            for i, sid in enumerate(a.side_ids() + [""])}
