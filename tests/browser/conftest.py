"""Browser fixtures: the site built once per session, served on 127.0.0.1 and opened from
file://, and Debian's Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from reportgen import pipeline

from ..conftest import DATA, ROOT, build_into

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
# The investigation the browser tests build: the real one unless told otherwise.
DATA_ENV = "REPORTGEN_BROWSER_DATA"


@dataclass
class BuiltSite:
    root: Path
    result: pipeline.BuildResult
    base_http: str = ""

    @property
    def analysis(self):
        return self.result.analysis

    def pages(self, origin: str = "http") -> list[str]:
        """Every HTML page, relative to the site root, in a stable order. The 404 page is a
        server's (it links from the site root), so it is not opened from file://."""
        pages = sorted(str(p.relative_to(self.root)) for p in self.root.rglob("*.html"))
        return [p for p in pages if origin == "http" or p != "404.html"]

    def representative_pages(self) -> list[str]:
        """Every page that is not a record page, and the first page of each kind of record page
        (one actor, one source, one timeline month): each template once, for the slower checks."""
        out, seen = [], set()
        for rel in self.pages():
            folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
            if not folder or rel.endswith("/index.html"):
                out.append(rel)
            elif folder not in seen:
                seen.add(folder)
                out.append(rel)
        return out

    def url(self, origin: str, rel: str) -> str:
        if origin == "http":
            return f"{self.base_http}/{rel}"
        return (self.root / rel.split("#")[0]).as_uri() + (("#" + rel.split("#", 1)[1]) if "#" in rel else "")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    import playwright.sync_api  # noqa: F401 - a missing browser stack fails, never skips
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run `make setup` (it installs Debian's chromium)")
    out = tmp_path_factory.mktemp("browser-site")
    data = Path(os.environ.get(DATA_ENV, DATA))
    return BuiltSite(out / "site", build_into(out, data, skip={"pdf"}))


@pytest.fixture(scope="session")
def served(site: BuiltSite):
    handler = functools.partial(_QuietHandler, directory=str(site.root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.base_http = f"http://127.0.0.1:{server.server_address[1]}"
    yield site
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@dataclass
class Watch:
    """What a page did that it must not: console errors, page errors, outside requests."""

    allowed_http: str
    console_errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def is_inside(self, url: str) -> bool:
        parsed = urlparse(url)
        if parsed.scheme in ("file", "data", "blob", "about"):
            return True
        if parsed.scheme in ("http", "https", "ws", "wss"):
            return parsed.hostname in ("127.0.0.1", "localhost") and url.startswith(self.allowed_http or "\0")
        return False


def watch_page(page, allowed_http: str = "") -> Watch:
    """Record console errors and abort (and record) every request that leaves the site."""
    watch = Watch(allowed_http)
    page.on("console", lambda msg: watch.console_errors.append(f"{page.url}: {msg.text}")
            if msg.type == "error" else None)
    page.on("pageerror", lambda exc: watch.console_errors.append(f"{page.url}: {exc}"))

    def route(r):
        if watch.is_inside(r.request.url):
            r.continue_()
        else:
            watch.outside.append(f"{page.url} -> {r.request.url}")
            r.abort()

    page.route("**/*", route)
    return watch
