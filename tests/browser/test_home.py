"""The home page in a real browser: the incidents compared, a column per strike or shoot-down,
each cell's evidence a hover away, and on a phone a stack of cards that never scrolls sideways."""

from __future__ import annotations

import pytest

from reportgen.views import incidents

from .conftest import SCREENSHOTS, watch_page

pytestmark = pytest.mark.browser


def _open(browser, served, **context_args):
    context = browser.new_context(**context_args)
    page = context.new_page()
    watch = watch_page(page, served.base_http)
    page.goto(served.url("http", "index.html"))
    return context, page, watch


def test_the_home_page_compares_the_incidents_a_column_each_with_their_evidence(browser, served):
    cmp = incidents.compare(served.analysis)
    assert cmp.columns, "the investigation has no strike or shoot-down to compare"
    context, page, watch = _open(browser, served, viewport={"width": 1280, "height": 800})
    try:
        table = page.locator(".compare table")
        assert table.is_visible()
        # Right after the bottom line, before the key judgments.
        headings = page.locator("article h2").evaluate_all("els => els.map(e => e.id)")
        assert headings[:3] == ["bottom-line", "incidents-compared", "key-judgments"]
        # A column per strike or shoot-down, each named, linking to its event on the timeline.
        heads = table.locator("thead th")
        assert heads.count() == len(cmp.columns) + 1
        for n, column in enumerate(cmp.columns, start=1):
            assert heads.nth(n).inner_text().strip() == column.title
            assert heads.nth(n).locator("a").get_attribute("href").endswith(f"#{column.event.id}")
        rows = table.locator("tbody tr")
        labels = [rows.nth(i).locator("td").first.inner_text().strip() for i in range(rows.count())]
        assert labels == [label for _, label in incidents.ROWS]
        # What happened: every column cites its evidence; a chip's popover shows the cited words.
        happened = rows.nth(0).locator("td")
        for n in range(1, len(cmp.columns) + 1):
            assert happened.nth(n).locator("a.cite[data-cite-words]").count() >= 1, f"column {n} has no chip"
        chip = happened.nth(1).locator("a.cite[data-cite-words]").first
        chip.hover()
        popover = page.locator("#cite-popover")
        popover.wait_for(state="visible")
        assert " ".join(chip.get_attribute("data-cite-words").split()) in " ".join(popover.inner_text().split())
        page.mouse.move(0, 0)
        # An empty cell says so; the table fits the column (no sideways scroll inside its box).
        cells = table.locator("tbody td").all_inner_texts()
        if any(cell.empty for row in cmp.rows for cell in row.cells):
            assert incidents.NOT_REPORTED in [c.strip() for c in cells]
        assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth + 1")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        table.screenshot(path=str(SCREENSHOTS / "home-incidents-1280.png"))
    finally:
        context.close()
    assert watch.outside == [] and watch.console_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_comparison_is_a_stack_of_cards_and_the_page_never_scrolls_sideways(browser, served, scheme):
    cmp = incidents.compare(served.analysis)
    context, page, watch = _open(browser, served, viewport={"width": 375, "height": 800}, color_scheme=scheme)
    try:
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
        table = page.locator(".compare table")
        assert table.get_attribute("data-stack") is not None
        first_row = table.locator("tbody tr").first
        box = first_row.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        # Each cell of a card is led by its column's name: which incident it is about.
        cells = first_row.locator("td")
        for n, column in enumerate(cmp.columns, start=1):
            label = cells.nth(n).evaluate("td => getComputedStyle(td, '::before').content")
            assert column.title in label
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.locator(".compare").screenshot(path=str(SCREENSHOTS / f"home-incidents-375-{scheme}.png"))
    finally:
        context.close()
    assert watch.outside == [] and watch.console_errors == []
