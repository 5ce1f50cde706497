"""Preview latency as a user sees it, beside a full mkdocs build of the same site.

`build_report.py serve` runs on a copy of the investigation; headless Chromium has the
page that shows an event open (its timeline month); the event's title is changed in the
YAML and saved, and the clock runs from the save to the moment the new words are in the
page's DOM (mkdocs' live reload reloads it after the rebuild), by the browser's own clock. Several saves, one after
another, each once the page showed the one before. Then the server stops and the same
generated pages are built by mkdocs in full, as `build` does, for the ratio.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
SAVES = ("one", "two", "three", "four", "five")  # each save adds new words (plain: pages encode punctuation)
MARK = "saved by the benchmark"
TIMEOUT = 120.0
# Run at the start of every document the page loads: notes when the words the benchmark waits
# for enter the DOM, by the browser's clock (Playwright sees them later: after a navigation it
# retries its wait with growing pauses).
SEEN_SCRIPT = """
(() => {
  const words = sessionStorage.getItem("benchmark-words");
  if (!words) return;
  const note = () => { if (window.benchmarkSeen === undefined) window.benchmarkSeen = performance.timeOrigin + performance.now(); };
  const has = (node) => node && (node.textContent || "").includes(words);
  new MutationObserver((records) => {
    for (const r of records) {
      if (has(r.target.nodeType === Node.TEXT_NODE ? r.target : null) || [...r.addedNodes].some(has)) return note();
    }
  }).observe(document, {childList: true, subtree: true, characterData: true});
  document.addEventListener("DOMContentLoaded", () => { if (has(document.documentElement)) note(); });
})();
"""
REBUILT = re.compile(r"reportgen: (rebuilt|nothing to rebuild)")  # serve's line at the end of each rebuild
_EVENT = re.compile(r"^\s*- id: ([a-z0-9-]+)\s*\n(\s+title: )(.+)$", re.MULTILINE)


def first_event(data: Path) -> tuple[Path, str, str]:
    """(file, id, title as written) of the first event in the data's YAML files."""
    for path in sorted(data.glob("*.y*ml")):
        text = path.read_text(encoding="utf-8")
        at = re.search(r"^events:\s*$", text, re.MULTILINE)
        found = _EVENT.search(text, at.end()) if at else None
        if found:
            return path, found.group(1), found.group(3).strip()
    raise SystemExit(f"no event with a title in {data}")


def with_words(title: str, words: str) -> str:
    """The title as written in YAML, with words added inside its quotes if it has any."""
    if title[:1] in "\"'" and title[-1:] == title[:1]:
        return title[:-1] + " " + words + title[-1]
    return f"{title} {words}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, what: str, log: Path, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}; serve's log:\n{log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.05)


def builds_for(log_text: str, saves: int) -> int:
    """mkdocs builds the log shows after the first build, up to the end of the rebuild of `saves` saves."""
    rebuilds = builds = 0
    for line in log_text.splitlines():
        if REBUILT.search(line):
            rebuilds += 1
            if rebuilds > saves:
                break
        elif "Documentation built in" in line and rebuilds:
            builds += 1
    return builds


def measure(rec, data: Path, work: Path, saves: int = len(SAVES)) -> None:
    """Fill `rec` (benchmarks.worker.Recorder): wall["preview"] is the median latency of the saves."""
    from playwright.sync_api import sync_playwright

    from reportgen import pipeline
    from reportgen.analysis import TIMELINE_PAGE_EVENTS
    from reportgen.site.timeline import TimelineView
    from reportgen.site import mkdocs_build as site
    from reportgen.site import nav

    copy, generated, log = work / "data", work / "pages", work / "serve.log"
    for path in (copy, generated):
        shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(data, copy)
    yaml_file, event_id, title = first_event(copy)
    analysis = pipeline.analyse_folder(copy)
    page_of = TimelineView(analysis, TIMELINE_PAGE_EVENTS).event_pages()
    url_path = page_of[event_id][:-len(".md")] + ".html"
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("REPORTGEN_PAGES_PREBUILT", None)
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "build_report.py"), "--data", str(copy), "serve",
             "--dev-addr", f"127.0.0.1:{port}", "--pages-dir", str(generated)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env=env)
    latencies: list[float] = []
    try:
        wait_until(lambda: "Serving on" in log.read_text(errors="replace"), "the server", log)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page()
            page.add_init_script(SEEN_SCRIPT)
            page.goto(f"http://127.0.0.1:{port}/{url_path}")
            page.wait_for_load_state("load")
            original = yaml_file.read_text(encoding="utf-8")

            def save(words: str) -> float:
                """Written whole and renamed into place, as editors save: never seen half-written."""
                page.evaluate("words => sessionStorage.setItem('benchmark-words', words)", words)
                temporary = yaml_file.with_name(yaml_file.name + ".saving")
                temporary.write_text(original.replace(f"title: {title}", f"title: {with_words(title, words)}", 1),
                                     encoding="utf-8")
                os.replace(temporary, yaml_file)
                return time.time()

            def shown(words: str) -> float:
                """When the words entered the DOM, by the browser's clock (the machine's, as time.time)."""
                page.get_by_text(words).first.wait_for(state="attached", timeout=TIMEOUT * 1000)
                seen = page.evaluate("window.benchmarkSeen")
                return seen / 1000 if seen else time.time()

            def settled(rebuilds: int) -> None:
                page.wait_for_load_state("load")
                wait_until(lambda: len(REBUILT.findall(log.read_text(errors="replace"))) >= rebuilds + 1,
                           "the rebuild's line", log)

            for number, word in enumerate(SAVES[:saves], start=1):
                words = f"{MARK} {word}"
                started = save(words)
                latencies.append(shown(words) - started)
                settled(number)
            if saves == len(SAVES):
                # A save while the rebuild of the one before runs: taken by the next rebuild
                # (which may find that the one running already read it: nothing to rebuild).
                builds = log.read_text(errors="replace").count("Documentation built in")
                detected = log.read_text(errors="replace").count("Detected file changes")
                save(f"{MARK} during")
                wait_until(lambda: log.read_text(errors="replace").count("Detected file changes") > detected,
                           "the rebuild to start", log)
                started = save(f"{MARK} after")
                rec.wall["save during a rebuild"] = shown(f"{MARK} after") - started
                page.wait_for_load_state("load")
                wait_until(lambda: REBUILT.search(log.read_text(errors="replace").rsplit(
                    "Detected file changes", 1)[-1]), "the last rebuild's line", log)
                rec.info["builds for a save during a rebuild"] = \
                    log.read_text(errors="replace").count("Documentation built in") - builds
            browser.close()
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    text = log.read_text(errors="replace")
    lines = [line for line in text.splitlines() if REBUILT.search(line)]
    rec.wall["preview"] = statistics.median(latencies)
    rec.info["latencies"] = [round(t, 3) for t in latencies]
    rec.info["page"] = url_path
    rec.info["rebuilds"] = [line.split("reportgen: ", 1)[1] for line in lines[1:len(latencies) + 1]]
    times = [re.search(r"([0-9.]+) s, ([0-9.]+) s CPU", line) for line in lines[1:len(latencies) + 1]]
    rec.info["rebuild seconds"] = [float(found.group(1)) for found in times]
    rec.info["rebuild cpu seconds"] = [float(found.group(2)) for found in times]
    rec.info["mkdocs builds"] = builds_for(text, len(latencies))
    rec.info["saves"] = len(latencies)
    # The same site built in full by mkdocs, as `build` does, for the ratio.
    final = pipeline.analyse_folder(copy)
    site_dir = work / "full-site"
    shutil.rmtree(site_dir, ignore_errors=True)
    rec.run("mkdocs", site.mkdocs_build, generated, site_dir, nav.navigation(final), final.inv.report)
