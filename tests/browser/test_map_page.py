"""The map page in the browser: drawn from files the site ships (no tile, font or script
from anywhere else), its names lead to the places' entries, and it reads at 375 px."""

from __future__ import annotations

import pytest

from .conftest import watch_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("origin", ["http", "file"])
def test_the_map_page_makes_no_request_outside_the_site(browser, served, origin):
    page = browser.new_page()
    watch = watch_page(page, served.base_http)
    page.goto(served.url(origin, "map.html"))
    page.wait_for_load_state("load")
    assert watch.outside == [], "requests left the site:\n" + "\n".join(watch.outside)
    assert watch.console_errors == []
    # The overview and a detail map are drawn, inline, with their accessible names.
    assert page.locator("figure.chart-map svg[role=group]").count() == 1  # it holds links
    assert page.locator("figure.chart-map-detail svg[role=img]").count() >= 1
    assert "al-Tanf" in page.locator("figure.chart-map svg").text_content()
    page.close()


def test_a_name_on_the_map_leads_to_the_place_and_its_events(browser, served):
    page = browser.new_page()
    watch = watch_page(page, served.base_http)
    page.goto(served.url("http", "map.html"))
    page.locator("figure.chart-map svg a", has_text="Damascus").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("places.html#damascus")
    entry = page.locator("#damascus")
    assert entry.is_visible()
    assert watch.outside == []
    page.close()


def test_the_overview_fits_a_phone(browser, served):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(served.url("http", "map.html"))
    box = page.locator("figure.chart-map svg").bounding_box()
    assert box and box["width"] <= 375 and box["x"] >= 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.close()
