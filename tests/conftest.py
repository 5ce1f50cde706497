"""Shared fixtures: paths, a tiny valid investigation, and a CLI runner."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def run_cli(*args: str, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run build_report.py as a user would; returns the completed process (text output)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build_report.py"), *args],
        cwd=cwd, capture_output=True, text=True, timeout=timeout,
    )


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the small fixture investigation that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


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
