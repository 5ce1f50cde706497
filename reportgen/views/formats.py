"""Numbers and dates as the site and the brief print them, one definition each.

Every format prints nothing for a missing value (None), so a template shows a blank
cell rather than failing or printing "None".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from reportgen.data import dates
from reportgen.data.model import DateSpec

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.analysis.claims import ClaimStatus

MINUS = "\u2212"  # a true minus sign: a hyphen reads as a dash and breaks across lines


def date(spec: Optional[DateSpec]) -> str:
    """A date as precisely as it is known: "May 2017", "week of 15 May 2017", "c. 6 June 2017"."""
    return dates.display(spec) if spec else ""


def pct(value: Optional[float]) -> str:
    """A percentage, whole: "83%"."""
    return "" if value is None else f"{value:.0f}%"


def signed(value: Optional[float]) -> str:
    """A score with its sign and one decimal: "+1.0", "−10.0"."""
    return "" if value is None else f"{value:+.1f}".replace("-", MINUS)


def number(value: Optional[float]) -> str:
    """A figure as written, without trailing zeros, thousands grouped: "17", "2.5", "320,000"."""
    if value is None:
        return ""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,g}"


_SINGULAR = {"lives": "life", "people": "person", "men": "man", "women": "woman", "children": "child"}


def unit_for(unit: str, value: float, value_max: Optional[float] = None) -> str:
    """A unit as it reads after its figure: "1 weapon", "2 weapons" (units are curated plurals)."""
    if value != 1 or value_max is not None:
        return unit
    if unit in _SINGULAR:
        return _SINGULAR[unit]
    if unit.endswith("ies"):
        return unit[:-3] + "y"
    if unit.endswith("s") and not unit.endswith("ss") and len(unit) > 3:
        return unit[:-1]
    return unit


def km(value: Optional[float]) -> str:
    """A distance in kilometres, one decimal: "27.4"."""
    return "" if value is None else f"{value:.1f}"


def quantity_text(cs: "ClaimStatus") -> str:
    """A claim's figure as written, with its value in km when it was given in another unit:
    "about 17 miles (≈ 27.4 km)"."""
    q = cs.claim.quantity
    if q is None:
        return ""
    value = number(q.value) + (f" to {number(q.value_max)}" if q.value_max is not None else "")
    qualifier = "" if q.qualifier == "exactly" else f"{q.qualifier} "
    text = f"{qualifier}{value} {unit_for(q.unit, q.value, q.value_max)}"
    if cs.normalised and cs.normalised[2] == "km" and q.unit not in ("km", "kilometres", "kilometers"):
        text += f" (≈ {cs.normalised[0]:.1f} km)"
    return text


# The names templates use.
FILTERS = {"date": date, "pct": pct, "signed": signed, "fmt_num": number, "km": km, "quantity": quantity_text}
