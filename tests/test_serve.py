"""Live reload: `build_report.py serve` regenerates a page when the data changes, and then rests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli, wait_until

BUILDING = "Building documentation"
BUILT = "Documentation built in"
# A rebuild loop starts the next build within a second of the last one's end: this long
# after a build ended with no other started, the server is at rest.
QUIET = 3.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(predicate, timeout: float, what: str, log: Path):
    return wait_until(predicate, timeout, what, every=0.3,
                      explain=lambda: f"--- serve log ---\n{log.read_text(errors='replace')}")


class Server:
    def __init__(self, data: Path, pages: Path, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self._log_file = open(log, "wb")
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build_report.py"), "--data", str(data), "serve",
             "--dev-addr", f"127.0.0.1:{self.port}", "--pages-dir", str(pages)],
            cwd=ROOT, stdout=self._log_file, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )

    def builds(self) -> int:
        return self.log.read_text(errors="replace").count(BUILDING)

    def rest(self, timeout: float = 60) -> int:
        """Wait until every build has ended and none has started for QUIET seconds; return how
        many there were. A server that keeps rebuilding never rests, and fails the test."""
        def state() -> tuple[int, int]:
            log = self.log.read_text(errors="replace")
            return log.count(BUILDING), log.count(BUILT)

        last = {"state": state(), "at": time.monotonic()}

        def resting() -> bool:
            now = state()
            if now != last["state"]:
                last.update(state=now, at=time.monotonic())
            started, ended = now
            return started == ended and time.monotonic() - last["at"] >= QUIET

        wait_for(resting, timeout, f"{QUIET:.0f} s without a rebuild", self.log)
        return last["state"][0]

    def stop(self) -> None:
        """SIGINT first (mkdocs cleans its temporary site), then kill the whole group."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log_file.close()


@pytest.fixture
def server(mini, tmp_path):
    srv = Server(mini, tmp_path / "pages", tmp_path / "serve.log")
    try:
        yield srv
    finally:
        srv.stop()
    assert srv.process.poll() is not None


@pytest.mark.slow
def test_editing_the_data_updates_the_page_without_rebuild_loops(server, mini):
    home = f"{server.url}/index.html"
    first = wait_for(lambda: fetch(home), 90, "the first page", server.log)
    assert "A coalition strike hit a convoy" in first

    # Nothing changes: the first build, perhaps one more for the pages it wrote, then rest.
    resting = server.rest()
    assert 1 <= resting <= 2, server.log.read_text()

    data = mini / "investigation.yml"
    data.write_text(data.read_text(encoding="utf-8").replace(
        "A coalition strike hit a convoy", "A coalition strike (edited live) hit a convoy"), encoding="utf-8")
    wait_for(lambda: "edited live" in (fetch(home) or ""), 60, "the edited page", server.log)

    # One edit: the rebuild that regenerates, perhaps one more for the pages it wrote, then rest.
    after_edit = server.rest()
    assert after_edit - resting <= 2, server.log.read_text()
    assert "regenerated" in server.log.read_text()


@pytest.mark.slow
def test_a_data_error_while_serving_is_reported_and_the_last_good_page_stays(server, mini):
    home = f"{server.url}/index.html"
    wait_for(lambda: fetch(home), 90, "the first page", server.log)
    data = mini / "investigation.yml"
    good = data.read_text(encoding="utf-8")
    data.write_text(good.replace("speaker: jim-mattis", "speaker: ghost"), encoding="utf-8")
    wait_for(lambda: "unknown actor `ghost`" in server.log.read_text(), 60, "the error in the log", server.log)
    assert "A coalition strike hit a convoy" in (fetch(home) or "")
    assert server.process.poll() is None, "the server stopped on a data error"
    data.write_text(good.replace("A coalition strike hit", "A coalition strike now-fixed hit"), encoding="utf-8")
    wait_for(lambda: "now-fixed" in (fetch(home) or ""), 60, "the page after the fix", server.log)
    log = server.log.read_text()
    assert "WARNING" not in log, log  # the navigation stayed whole while the data was wrong


def test_serve_refuses_bad_data_before_starting(mini):
    (mini / "investigation.yml").write_text(
        (mini / "investigation.yml").read_text().replace("cameo: \"195\"", "cameo: \"999\""))
    result = run_cli("--data", str(mini), "serve", "--dev-addr", f"127.0.0.1:{free_port()}",
                     "--pages-dir", str(mini.parent / "pages"), timeout=60)
    assert result.returncode == 1
    assert "investigation.yml:" in result.stderr and "Traceback" not in result.stderr
    assert not (mini.parent / "pages").exists()


def test_serve_refuses_a_malformed_address(mini):
    result = run_cli("--data", str(mini), "serve", "--dev-addr", "localhost", timeout=60)
    assert result.returncode == 2
    assert "--dev-addr 'localhost' is not HOST:PORT" in result.stderr
