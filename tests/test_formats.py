"""Numbers and units as a reader reads them, on the site, in the brief and in the charts."""

from __future__ import annotations

from reportgen.views import formats


def test_figures_group_thousands_and_drop_trailing_zeros():
    assert formats.number(320000.0) == "320,000"
    assert formats.number(1000) == "1,000"
    assert formats.number(17.0) == "17" and formats.number(2.5) == "2.5"
    assert formats.number(None) == ""


def test_a_unit_after_one_reads_in_the_singular():
    assert formats.unit_for("weapons", 1) == "weapon"
    assert formats.unit_for("casualties", 1) == "casualty"
    assert formats.unit_for("lives", 1) == "life"
    assert formats.unit_for("weapons", 3) == "weapons"
    assert formats.unit_for("weapons", 1, 3) == "weapons"  # a range: 1 to 3 weapons
    assert formats.unit_for("km", 1) == "km" and formats.unit_for("killed", 1) == "killed"
