"""Live reload: `build_report.py serve` rebuilds once per save, only the pages that changed,
and tells the browser about data errors until they are fixed.

That a rebuild writes nothing the watcher sees, so one save is one rebuild and never a
loop, is shown without a server in tests/test_preview.py; here a real server is edited."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli

BUILT = "Documentation built in"  # mkdocs' line at the end of each build
REBUILT = re.compile(r"reportgen: rebuilt (\d+) of (\d+) page\(s\) .*\(only what changed\)")


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
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}\n--- serve log ---\n{log.read_text()}")


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

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def builds(self) -> int:
        return self.text().count(BUILT)

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
def test_one_save_is_one_rebuild_of_only_the_pages_it_changed(server, mini, tmp_path):
    home = f"{server.url}/index.html"
    first = wait_for(lambda: fetch(home), 90, "the first page", server.log)
    assert "A coalition strike hit a convoy" in first
    assert server.builds() == 1, server.text()  # the first build, before serving; nothing since
    watching = next(line for line in server.text().splitlines() if "Watching paths" in line)
    assert str(tmp_path / "pages") not in watching and str(mini) in watching

    data = mini / "investigation.yml"
    data.write_text(data.read_text(encoding="utf-8").replace(
        "A coalition strike hit a convoy", "A coalition strike (edited live) hit a convoy"), encoding="utf-8")
    wait_for(lambda: "edited live" in (fetch(home) or ""), 60, "the edited page", server.log)
    assert server.builds() == 2, server.text()
    [(changed, total)] = REBUILT.findall(server.text())
    assert 0 < int(changed) < int(total), server.text()


@pytest.mark.slow
def test_a_data_error_while_serving_is_shown_until_fixed_and_the_last_good_page_stays(server, mini):
    home, status = f"{server.url}/index.html", f"{server.url}/preview/status.json"
    wait_for(lambda: fetch(home), 90, "the first page", server.log)
    assert json.loads(fetch(status)) == {"ok": True}
    data = mini / "investigation.yml"
    good = data.read_text(encoding="utf-8")
    data.write_text(good.replace("speaker: jim-mattis", "speaker: ghost"), encoding="utf-8")
    wait_for(lambda: "unknown actor `ghost`" in server.text(), 60, "the error in the log", server.log)
    problems = wait_for(lambda: json.loads(fetch(status) or "{}").get("problems"), 60, "the error's status",
                        server.log)
    assert any("unknown actor `ghost`" in p["message"] and p["where"].endswith("investigation.yml:68:5")
               for p in problems)
    assert "A coalition strike hit a convoy" in (fetch(home) or "")
    assert server.process.poll() is None, "the server stopped on a data error"
    data.write_text(good.replace("A coalition strike hit", "A coalition strike now-fixed hit"), encoding="utf-8")
    wait_for(lambda: "now-fixed" in (fetch(home) or ""), 60, "the page after the fix", server.log)
    assert json.loads(fetch(status)) == {"ok": True}
    log = server.text()
    assert "the data is good again" in log
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
