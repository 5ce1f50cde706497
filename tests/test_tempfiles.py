"""A build leaves nothing in the temporary directory, whether it succeeds or fails.

WeasyPrint keeps the brief's fonts in a weasyprint-* folder of the temporary directory
until its font configuration is collected; each test runs in a process whose TMPDIR is
an empty folder of its own and looks at that folder afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


def run_python(code: str, tmpdir: Path, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env={**os.environ, "TMPDIR": str(tmpdir), "PYTHONPATH": str(ROOT)})


@pytest.fixture
def tmpdir_(tmp_path) -> Path:
    folder = tmp_path / "tmpdir"
    folder.mkdir()
    return folder


@pytest.mark.slow
def test_a_build_leaves_nothing_in_the_temporary_directory(mini, tmpdir_, own_folders):
    proc = subprocess.run([sys.executable, str(ROOT / "build_report.py"), "--data", str(mini), "build", "--no-cache"],
                          cwd=mini.parent, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "TMPDIR": str(tmpdir_)})
    assert proc.returncode == 0, proc.stderr
    assert any(p.name.endswith("-brief.pdf") for p in (mini / "site" / "downloads").iterdir())
    assert os.listdir(tmpdir_) == []


FAILING_SITE = """
import sys
from reportgen.site import mkdocs_build
from reportgen.cli import main

def refuse(*args, **kwargs):
    raise mkdocs_build.SiteBuildError(["WARNING: refused for the test"])

mkdocs_build.mkdocs_build = refuse  # the site fails after the brief is printed
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_a_build_that_fails_after_the_brief_leaves_nothing_either(mini, tmpdir_, own_folders):
    proc = run_python(FAILING_SITE, tmpdir_, "--data", str(mini), "build", "--no-cache", cwd=mini.parent)
    assert proc.returncode == 1, proc.stderr
    assert "site build failed" in proc.stdout
    assert os.listdir(tmpdir_) == []


FAILING_BRIEF = """
import os, sys, tempfile
from reportgen.pdf import brief

for html in sys.argv[1:]:
    try:
        brief.print_html(html)
    except brief.BriefError as exc:
        print(exc.messages[0].split(":")[0], os.listdir(tempfile.gettempdir()))
"""


def test_a_brief_that_fails_leaves_nothing_even_before_the_process_ends(tmpdir_):
    proc = run_python(FAILING_BRIEF, tmpdir_,
                      '<p>x</p><img src="https://example.org/a.png">',   # refused: the brief is offline
                      '<p>x</p><img src="missing.png">')                   # an allowed place, no such file
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["error []", "error []"]
    assert os.listdir(tmpdir_) == []
