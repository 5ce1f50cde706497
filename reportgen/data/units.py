"""Units of quantities in claims, and their normalisation for comparison.

Lengths are compared in kilometres; counts keep their noun (vehicles are not
people). An unknown unit is an error, with the nearest known unit as a hint.
"""

from __future__ import annotations

from dataclasses import dataclass

KM_PER_MILE = 1.609344


@dataclass(frozen=True)
class Unit:
    name: str
    dimension: str  # "length" or the counted noun
    to_base: float  # multiply by this to get the dimension's base unit
    base: str


_LENGTHS = {
    "km": 1.0, "kilometres": 1.0, "kilometers": 1.0,
    "m": 0.001, "metres": 0.001, "meters": 0.001,
    "mi": KM_PER_MILE, "miles": KM_PER_MILE,
}
_COUNTS = {
    "vehicles": "vehicles", "tanks": "tanks", "people": "people", "fighters": "fighters",
    "killed": "killed", "civilians killed": "killed", "wounded": "wounded",
    "missiles": "missiles", "bombs": "bombs", "strikes": "strikes", "raids": "raids",
    "raids per day": "raids per day", "regiments": "regiments", "aircraft": "aircraft",
    "drones": "drones", "pieces of equipment": "pieces of equipment", "weapons": "weapons",
    "officials": "officials", "rounds": "rounds", "lives": "lives", "years": "years",
    "weeks": "weeks", "days": "days", "hours": "hours", "camps": "camps", "zones": "zones",
}

UNITS: dict[str, Unit] = {
    **{name: Unit(name, "length", factor, "km") for name, factor in _LENGTHS.items()},
    **{name: Unit(name, noun, 1.0, noun) for name, noun in _COUNTS.items()},
}


def lookup(name: str) -> Unit | None:
    return UNITS.get(name.strip().lower())


def normalise(value: float, unit_name: str) -> tuple[float, str]:
    """(value in the base unit, base unit name); raises KeyError for unknown units."""
    unit = UNITS[unit_name.strip().lower()]
    return value * unit.to_base, unit.base
