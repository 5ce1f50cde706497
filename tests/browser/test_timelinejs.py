"""The TimelineJS export in the real TimelineJS (npm `@knight-lab/timelinejs`, served from
node_modules on 127.0.0.1): the slides come in the report's order, with the report's dates."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from reportgen import analysis as analysis_mod
from reportgen import exports, pipeline

from ..conftest import DATA, ROOT
from .conftest import DATA_ENV, _QuietHandler, watch_page

pytestmark = pytest.mark.browser

TIMELINEJS = ROOT / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
TIMELINE = next(e for e in exports.EXPORTS if e.name == "timeline.json")

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Timeline</title>
<link rel="stylesheet" href="timelinejs/css/timeline.css">
<script src="timelinejs/js/timeline.js"></script></head>
<body><div id="timeline" style="width: 1000px; height: 650px"></div>
<script>
  // Offline: TimelineJS loads its languages from script_path (by default a CDN), and its
  // default font from Google Fonts unless `font` is unset.
  window.timeline = new TL.Timeline("timeline", "timeline.json",
                                    {script_path: new URL("timelinejs/js/", location.href).href, font: null});
  window.timeline.on("ready", () => { window.timelineReady = true; });
</script></body></html>
"""


@pytest.fixture(scope="module")
def timeline_page(tmp_path_factory):
    """A page of our own that loads TimelineJS and our export the way the Downloads page says."""
    if not (TIMELINEJS / "js" / "timeline.js").is_file():
        pytest.fail("TimelineJS is not installed: run `make setup` (npm ci installs @knight-lab/timelinejs)")
    folder = tmp_path_factory.mktemp("timelinejs")
    shutil.copytree(TIMELINEJS, folder / "timelinejs")
    analysis = analysis_mod.analyse(pipeline.load_and_check(Path(os.environ.get(DATA_ENV, DATA))))
    (folder / "timeline.json").write_bytes(TIMELINE.write(analysis))
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", analysis
    server.shutdown()
    server.server_close()


def test_timelinejs_shows_the_slides_in_the_reports_order(browser, timeline_page):
    base, analysis = timeline_page
    context = browser.new_context()
    page = context.new_page()
    watch = watch_page(page, base)
    try:
        page.goto(f"{base}/index.html")
        page.wait_for_function("window.timelineReady === true", timeout=30_000)
        slides = page.eval_on_selector_all(".tl-storyslider .tl-slide", "els => els.map(e => e.id)")
        dates = page.eval_on_selector_all(
            ".tl-storyslider .tl-slide",
            "els => Object.fromEntries(els.map(e => [e.id, (e.querySelector('.tl-headline-date') || {}).textContent]))")
    finally:
        context.close()
    assert watch.outside == [], "requests left the page:\n" + "\n".join(watch.outside)
    assert watch.console_errors == [], "console errors:\n" + "\n".join(watch.console_errors)
    data = json.loads(TIMELINE.write(analysis))
    assert slides[0] == data["title"]["unique_id"]
    assert slides[1:] == [e.id for e in analysis.events], "TimelineJS shows the events in another order"
    for slide in data["events"]:  # the report's date, never a time the export added to keep the order
        assert dates[slide["unique_id"]] == slide["display_date"], slide["unique_id"]
