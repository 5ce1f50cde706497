"""Commands run as printed: `./build_report.py` under any Python 3, and the commands `new` prints."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, run_cli

# The interpreter .venv was made from; with -S it sees none of the installed packages,
# as the system Python a shebang finds would not.
BASE_PYTHON = sys._base_executable


def run(argv: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_a_python_without_the_packages_reruns_the_command_under_the_virtualenv(mini):
    proc = run([BASE_PYTHON, "-S", str(ROOT / "build_report.py"), "--data", str(mini), "check"], mini.parent)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok: 1 sources, 2 quotes verified")
    assert "Traceback" not in proc.stderr


def test_the_shebang_runs_the_command_with_whatever_python3_is_first_on_the_path(mini, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(BASE_PYTHON)  # a Python 3 without the project's packages
    proc = run(["./build_report.py", "--data", str(mini), "check"], ROOT,
               {"PATH": f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok: ")


def _project_without_packages(tmp_path: Path) -> Path:
    """build_report.py and its launcher alone: what runs before any package is imported."""
    project = tmp_path / "project"
    (project / "reportgen").mkdir(parents=True)
    shutil.copy(ROOT / "build_report.py", project)
    for name in ("__init__.py", "launch.py"):
        shutil.copy(ROOT / "reportgen" / name, project / "reportgen")
    return project


def test_without_a_virtualenv_it_says_in_one_line_to_run_make(tmp_path):
    project = _project_without_packages(tmp_path)
    proc = run([BASE_PYTHON, "-S", "build_report.py", "check"], project)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert "there is no .venv" in proc.stderr and "run `make` first" in proc.stderr


def test_a_virtualenv_without_the_packages_is_tried_once_not_in_a_loop(tmp_path):
    project = _project_without_packages(tmp_path)
    venv_bin = project / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    python = venv_bin / "python"
    python.write_text(f'#!/bin/sh\nexec "{BASE_PYTHON}" -S "$@"\n')  # a .venv that lacks the packages
    python.chmod(0o755)
    proc = run([BASE_PYTHON, "-S", "build_report.py", "check"], project)  # a loop would time out
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert ".venv lacks them" in proc.stderr and "missing: yaml, pydantic" in proc.stderr


def _printed_commands(stdout: str) -> list[str]:
    return [line.strip() for line in stdout.splitlines() if line.startswith("  ")]


def test_new_prints_commands_that_work_as_printed_in_the_project(tmp_path):
    target = tmp_path / "rivertown inquiry"
    created = run_cli("new", str(target), "--title", "Rivertown", timeout=60)
    assert created.returncode == 0, created.stderr
    commands = _printed_commands(created.stdout)
    assert [c.split("#")[0].split()[-1] for c in commands] == ["check", "serve", "build"]
    assert all(c.startswith("./build_report.py --data ") for c in commands), commands
    check = subprocess.run(commands[0], shell=True, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("ok: 1 sources, ")


def test_new_run_from_another_folder_prints_the_starter_s_full_path(tmp_path):
    created = run([sys.executable, str(ROOT / "build_report.py"), "new", "inv", "--title", "Elsewhere"], tmp_path)
    assert created.returncode == 0, created.stderr
    commands = _printed_commands(created.stdout)
    assert commands[0].startswith(f"{ROOT / 'build_report.py'} --data inv check"), commands
    check = subprocess.run(commands[0], shell=True, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("ok: ")
