"""Hostile and broken input: each case of tests/bad_input/ through `check`.

A case is a folder holding only what differs from the valid investigation in
tests/bad_input/_base/ (whole files that replace the base's) and `expect.yml`:

    exit: 1                  # the exit code
    errors: 1                # how many errors the run reports, exactly
    stderr: [...]            # substrings of stderr: file:line:col, message, hint
    remove: [report.yml]     # optional: base files the case deletes
    base: false              # optional: start from an empty folder
    setup: deep-nesting      # optional: a generator below, for what a repository should not hold

Every run must end with its exit code, a short message and no traceback,
within a time bound. The command runs in this process (reportgen.cli.main),
except for the valid base, which proves the real command line, and the cases
whose failure would be a crash or a blow-up: those run in a process of their
own under a memory limit, so a regression fails the test instead of taking
the test run, or the machine, down with it.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, run_main

CASES = Path(__file__).resolve().parent / "bad_input"
BASE = CASES / "_base"
MAX_SECONDS = 20
MAX_MEMORY = 2 * 1024**3  # address space of the checking process
# Inputs built to crash a parser (libyaml's C composer on deep nesting) or to exhaust
# memory or time: checked in a process of their own, under MAX_MEMORY.
ISOLATED_SETUPS = {"deep-nesting", "yaml-file-too-large", "source-too-large", "very-long-quote"}


# --------------------------------------------------------------------------- generated inputs


def _deep_nesting(data: Path) -> None:
    depth = 100_000  # libyaml's C composer crashed the process past ~20,000 levels
    (data / "deep.yml").write_text("places: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")


def _sparse(path: Path, size: int) -> None:
    """A file of `size` bytes that takes no disk space (its size alone must stop the check)."""
    with path.open("wb") as handle:
        handle.truncate(size)


def _yaml_file_too_large(data: Path) -> None:
    _sparse(data / "places.yml", 60 * 1024 * 1024)


def _source_too_large(data: Path) -> None:
    _sparse(data / "sources" / "beta.txt", 6 * 1024 * 1024)


def _outside_file(data: Path) -> Path:
    outside = data.parent / "outside"
    outside.mkdir(exist_ok=True)
    shutil.copy(BASE / "sources" / "beta.txt", outside / "beta.txt")
    return outside / "beta.txt"


def _symlink_out(data: Path) -> None:
    target = _outside_file(data)
    link = data / "sources" / "beta.txt"
    link.unlink()
    link.symlink_to(os.path.relpath(target, link.parent))


def _very_long_quote(data: Path) -> None:
    text = (data / "quotes.yml").read_text(encoding="utf-8")
    long = "the convoy " * 1_000_000  # 11 MB in one scalar
    text = text.replace("text: made up of about 20 vehicles ... and two tanks", f"text: {long.strip()}", 1)
    (data / "quotes.yml").write_text(text, encoding="utf-8")


def _symlink_loop(data: Path) -> None:
    link = data / "sources" / "beta.txt"
    link.unlink()
    link.symlink_to("beta.txt")


def _escape_in_file_name(data: Path) -> None:
    # a file name is untrusted text too: shown in a message, it must not drive the terminal
    (data / "x\x1b[2J.yml").write_text("places: 1\n", encoding="utf-8")


SETUPS = {
    "deep-nesting": _deep_nesting,
    "yaml-file-too-large": _yaml_file_too_large,
    "source-too-large": _source_too_large,
    "outside-file": _outside_file,
    "symlink-out": _symlink_out,
    "very-long-quote": _very_long_quote,
    "symlink-loop": _symlink_loop,
    "escape-in-file-name": _escape_in_file_name,
}


# --------------------------------------------------------------------------- running a case


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def expectation(name: str) -> dict:
    return yaml.safe_load((CASES / name / "expect.yml").read_text(encoding="utf-8"))


def prepare(name: str, workdir: Path) -> Path:
    """The case's investigation in `workdir/data`: base, less `remove`, plus the overlay, plus `setup`."""
    expect = expectation(name)
    data = workdir / "data"
    data.mkdir()
    if expect.get("base", True):
        shutil.copytree(BASE, data, dirs_exist_ok=True)
    for rel in expect.get("remove", []):
        (data / rel).unlink()
    for path in sorted((CASES / name).rglob("*")):
        rel = path.relative_to(CASES / name)
        if path.is_file() and rel != Path("expect.yml"):
            (data / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, data / rel)
    if "setup" in expect:
        SETUPS[expect["setup"]](data)
    return data


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MAX_MEMORY, MAX_MEMORY))


def run_check(workdir: Path, data: str = "data") -> tuple[subprocess.CompletedProcess, float]:
    """`build_report.py --data DATA check` in a process of its own, under MAX_MEMORY."""
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build_report.py"), "--data", data, "check"],
        cwd=workdir, capture_output=True, text=True, encoding="utf-8", errors="replace",
        timeout=4 * MAX_SECONDS, preexec_fn=_limit_memory,
    )
    return proc, time.monotonic() - started


def check_in_process(workdir: Path, data: str = "data"):
    """The same command, run in this process from `workdir`."""
    started = time.monotonic()
    ran = run_main("--data", data, "check", cwd=workdir)
    return ran, time.monotonic() - started


def test_the_corpus_is_big_enough_and_the_base_is_valid(tmp_path):
    assert len(case_names()) >= 40
    shutil.copytree(BASE, tmp_path / "data")
    proc, _ = run_check(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "ok: 2 sources, 3 quotes verified" in proc.stdout


def test_every_case_says_what_it_expects():
    for name in case_names():
        expect = expectation(name)
        assert set(expect) <= {"exit", "errors", "stderr", "remove", "base", "setup"}, name
        assert expect["exit"] == 1 and expect["errors"] >= 1, name
        # the file and line, the message and the hint of at least one error
        assert any(re.search(r":\d+:\d+: error: ", s) for s in expect["stderr"]), name
        assert any(s.startswith("hint: ") for s in expect["stderr"]), name
        assert expect.get("setup", "") in ("", *SETUPS), name
    assert ISOLATED_SETUPS <= set(SETUPS)


@pytest.mark.parametrize("name", case_names())
def test_bad_input_case(name, tmp_path):
    expect = expectation(name)
    prepare(name, tmp_path)
    run = run_check if expect.get("setup") in ISOLATED_SETUPS else check_in_process
    proc, seconds = run(tmp_path)
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output, output
    assert proc.returncode == expect["exit"], output
    assert seconds < MAX_SECONDS, f"{name} took {seconds:.1f} s"
    for wanted in expect["stderr"]:
        assert wanted in proc.stderr, f"{wanted!r} not in:\n{proc.stderr}"
    counted = re.search(r"^(\d+) error\(s\), \d+ warning\(s\)$", proc.stderr, re.MULTILINE)
    assert counted and int(counted.group(1)) == expect["errors"], proc.stderr
    assert "build stopped: fix the errors above; nothing was written" in proc.stderr
    assert "ok:" not in proc.stdout
    assert "\x1b" not in output and "\u202e" not in output  # nothing the data holds drives the terminal
