"""Shared fixtures and helpers: paths, a tiny valid investigation, the command line run as a
user runs it or in this process, a build into a temporary folder, and a folder read back."""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, TypeVar

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"

T = TypeVar("T")


def run_cli(*args: str, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run build_report.py as a user would; returns the completed process (text output)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build_report.py"), *args],
        cwd=cwd, capture_output=True, text=True, timeout=timeout,
    )


@dataclass
class Ran:
    """What a command run in this process returned and printed (as run_cli's result has it)."""

    returncode: int
    stdout: str
    stderr: str


def run_main(*args: str, cwd: Path | None = None) -> Ran:
    """Run the command line in this process (reportgen.cli.main), from `cwd` if given, with
    what it prints captured. For tests of what a command does, not of how Python starts it:
    a traceback is an exception here, and fails the test with its stack."""
    from reportgen import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            (contextlib.chdir(cwd) if cwd else contextlib.nullcontext()):
        code = cli.main(list(args))
    return Ran(code, out.getvalue(), err.getvalue())


def build_into(out: Path, data: Path, *, skip: Iterable[str] = (), **options):
    """Build `data` the whole way, as `build_report.py build` does, into out/generated,
    out/site and out/stage instead of the project's folders. Returns the BuildResult."""
    from reportgen import pipeline

    return pipeline.build(pipeline.BuildOptions(
        data_dir=data, generated_dir=out / "generated", site_dir=out / "site", stage_dir=out / "stage",
        skip=set(skip), **options))


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under `root`, by its path relative to it, in sorted order."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def wait_until(condition: Callable[[], T], timeout: float, what: str, every: float = 0.1,
               explain: Callable[[], str] = lambda: "") -> T:
    """Poll `condition` until it returns something true, and return that; fail the test with
    `what` (and `explain()`, say a log) when `timeout` seconds pass first."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}\n{explain()}".rstrip())
        time.sleep(every)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the small fixture investigation that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


def edit_investigation(data: Path, change: Callable[[dict], None]) -> None:
    """Rewrite the mini investigation's YAML in `data` after `change(doc)` edits it as a dict."""
    import yaml

    path = data / "investigation.yml"
    doc = yaml.safe_load(path.read_text())
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))


def event_record(eid: str, when: dict, title: str = "Another event", **extra) -> dict:
    """An event for the mini investigation (cited, with an actor), fields overridden by `extra`."""
    base = {
        "id": eid, "title": title, "when": when, "event_type": "Strategic developments",
        "cameo": "150", "actors": [{"actor": "us-led-coalition", "role": "initiator"}],
        "summary": "Something happened.", "citations": [{"source": "article", "paragraph": 5}],
    }
    base.update(extra)
    return base


@pytest.fixture
def richer(mini: Path) -> Path:
    """The mini investigation with a month-only event, a second strike and a distance claim."""
    def change(doc):
        doc["events"].append(event_record("june-unknown-day", {"date": "2017-06", "precision": "month"},
                                          "Jets strike somewhere in June"))
        doc["events"].append(event_record("second-strike", {"date": "2017-06-06", "precision": "day"},
                                          "A second strike", cameo="195", ladder="strike", incident="second"))
        doc["claims"].append({"id": "within-29km", "statement": "The convoy came within 29 km.",
                              "subject": "distance", "claimant": "jim-mattis",
                              "quantity": {"value": 18, "unit": "miles", "qualifier": "within"},
                              "citations": [{"source": "article", "paragraph": 5}]})
        doc["places"].append({"id": "zone", "name": "Deconfliction zone", "radius_km": 55,
                              "coordinates": {"lat": 33.5, "lon": 38.66, "precision": "area"}})
    edit_investigation(mini, change)
    return mini


@pytest.fixture
def forking(monkeypatch):
    """Parallel work forks although other tests may have left threads running. Yields the
    list of the start methods of the process pools made, so a test can see one was."""
    import multiprocessing

    from reportgen import parallel

    started: list[str] = []
    real_context = multiprocessing.get_context
    monkeypatch.setattr(parallel, "fork_is_safe", lambda: True)
    monkeypatch.setattr(parallel.multiprocessing, "get_context",
                        lambda method: started.append(method) or real_context(method))
    return started


@pytest.fixture
def own_folders(mini):
    """What a build of `mini` through the command line keeps in the project's build/ (its pages
    under build/investigations/, its brief's cache entry): removed after the test."""
    from reportgen import paths

    ident = paths.investigation_id(mini)
    own = [paths.OTHER_BUILDS / ident, paths.CACHE_DIR / "pdf" / ident]
    yield own
    for folder in own:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory) -> tuple[Path, object]:
    """tests/fixtures/hostile (markup, Markdown and template syntax in every text field)
    built once, PDF included: (the output folder, the BuildResult)."""
    out = tmp_path_factory.mktemp("hostile")
    return out, build_into(out, HOSTILE)
