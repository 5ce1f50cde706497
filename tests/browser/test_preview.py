"""The live preview in a browser: a data error appears over the page, as text, and goes
when the data is fixed; the page reloads by itself after each save."""

from __future__ import annotations

import pytest

from ..test_serve import server as preview_server  # noqa: F401 (a fixture: the server on a copy of mini)
from ..test_serve import wait_for
from .conftest import SCREENSHOTS, watch_page

pytestmark = pytest.mark.browser

OVERLAY = "#reportgen-preview-errors"
INJECTED = '<img src=x onerror="document.title=1">'


def test_a_data_error_is_shown_over_the_page_as_text_and_goes_when_fixed(browser, preview_server, mini):
    srv = preview_server
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wait_for(lambda: "Serving on" in srv.text(), 90, "the server", srv.log)
    page = browser.new_page()
    watch = watch_page(page, srv.url)
    page.goto(f"{srv.url}/index.html")
    page.wait_for_selector("text=A coalition strike hit a convoy")
    assert page.locator(OVERLAY).count() == 0

    data = mini / "investigation.yml"
    good = data.read_text(encoding="utf-8")
    # Two quotes that are not verbatim: both shown, each with the passage it should match.
    data.write_text(good.replace("with offensive capability", "with defensive capability")
                    .replace("The attack Thursday struck", "The attack Thursday hit"), encoding="utf-8")
    overlay = page.locator(OVERLAY)
    overlay.wait_for(state="visible", timeout=60_000)
    text = overlay.inner_text()
    assert "investigation.yml:69:5" in text and "not found verbatim" in text
    assert "closest passage" in text and "offensive capability" in text  # the passage the quote should match
    assert "investigation.yml:73:5" in text and "hint: copy the words exactly" in text
    page.screenshot(path=str(SCREENSHOTS / "preview-error-overlay.png"))
    assert page.locator("text=A coalition strike hit a convoy").count() == 1  # the last good page stays

    data.write_text(good.replace("speaker: jim-mattis", f"speaker: '{INJECTED}'"), encoding="utf-8")
    page.wait_for_function(f"document.querySelector({OVERLAY!r})?.innerText.includes('not a valid id')",
                           timeout=60_000)
    assert INJECTED in overlay.inner_text()  # shown as the text it is
    assert overlay.locator("img").count() == 0 and page.title() != "1"

    data.write_text(good.replace("A coalition strike hit", "A coalition strike now fixed hit"), encoding="utf-8")
    page.wait_for_selector("text=A coalition strike now fixed hit", timeout=60_000)
    overlay.wait_for(state="detached", timeout=60_000)
    wait_for(lambda: "the data is good again" in srv.text(), 30, "the terminal's line", srv.log)
    assert not watch.console_errors and not watch.outside, (watch.console_errors, watch.outside)
    page.close()
