"""The PDF brief printed in a forked child while the site builds (reportgen/overlap.py).

The overlapped build must publish exactly what the build in line publishes, byte for byte,
and a failure in the child must end the build as it would in line.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reportgen.pdf import brief
from reportgen import overlap
from reportgen import pipeline
from reportgen.site.mkdocs_build import SiteBuildError

from .conftest import DATA, MINI, ROOT


def build(out: Path, data: Path, **extra) -> pipeline.BuildResult:
    return pipeline.build(pipeline.BuildOptions(
        data_dir=data, generated_dir=out / "generated", site_dir=out / "site", stage_dir=out / "stage",
        **extra))


def in_line(out: Path, data: Path, monkeypatch, **extra) -> pipeline.BuildResult:
    with monkeypatch.context() as m:
        m.setenv(overlap.NO_FORK_ENV, "1")
        return build(out, data, **extra)


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_trees(a: Path, b: Path) -> None:
    left, right = tree(a), tree(b)
    assert sorted(left) == sorted(right)
    assert [name for name in left if left[name] != right[name]] == []


@pytest.fixture(autouse=True)
def forking_allowed(monkeypatch, request):
    """The build forks although earlier tests may have left threads running in this process
    (the browser tests' Playwright): its child only prints the brief and ends with os._exit.
    Without this, the build would run in line, and a test whose brief ends its process
    (os._exit) would end pytest. REPORTGEN_NO_FORK still switches forking off."""
    if not (sys.platform.startswith("linux") and hasattr(os, "fork")):
        pytest.skip("no fork() here")
    if request.node.name != "test_no_fork_with_threads_running_or_when_switched_off":
        monkeypatch.setattr(overlap, "fork_is_safe", lambda: not os.environ.get(overlap.NO_FORK_ENV))


def test_overlapped_build_of_the_real_report_is_byte_identical_to_the_build_in_line(tmp_path, monkeypatch):
    said: list[str] = []
    out = tmp_path / "forked"
    forked = pipeline.build(pipeline.BuildOptions(
        data_dir=DATA, generated_dir=out / "generated", site_dir=out / "site", stage_dir=out / "stage"),
        progress=said.append)
    line = in_line(tmp_path / "line", DATA, monkeypatch)
    assert "pdf" in forked.background and not line.background, "the first build forked, the second did not"
    assert not any("unexpected form" in s for s in said), \
        "the site prints the brief's size in a form overlap.SIZE_FORMS lacks: add it there"
    assert forked.timings["pdf"] < forked.background["pdf"]  # the site was built while the brief printed
    assert_same_trees(tmp_path / "forked", tmp_path / "line")
    pdf = next((tmp_path / "forked" / "site" / "downloads").glob("*.pdf")).read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 100_000
    downloads = (tmp_path / "forked" / "site" / "downloads.html").read_text()
    assert hashlib.sha256(pdf).hexdigest() in downloads
    assert f"{round(len(pdf) / 1024, 1)} KiB" in downloads
    index = (tmp_path / "forked" / "site" / "index.html").read_text()
    assert f"({round(len(pdf) / 1024)} KiB)" in index
    for path in (tmp_path / "forked").rglob("*"):
        if path.is_file() and path.suffix != ".pdf":
            data = path.read_bytes()
            assert b"98765432" not in data and overlap.PENDING_SHA256[:16].encode() not in data, path
    assert not (tmp_path / "forked" / "stage").exists()


def test_pages_printing_the_size_in_another_form_wait_for_the_brief(tmp_path, monkeypatch):
    """A form the tokens do not cover (here: whole KiB) is found in the pages before mkdocs
    runs; the build then waits for the brief and renders the pages with it."""
    monkeypatch.setattr(overlap, "SIZE_FORMS", overlap.SIZE_FORMS[:1])
    said = []
    result = pipeline.build(pipeline.BuildOptions(
        data_dir=MINI, generated_dir=tmp_path / "forked" / "generated", site_dir=tmp_path / "forked" / "site",
        stage_dir=tmp_path / "forked" / "stage"), progress=said.append)
    assert any("unexpected form" in s for s in said)
    assert result.timings["pdf"] > 0
    in_line(tmp_path / "line", MINI, monkeypatch)
    assert_same_trees(tmp_path / "forked", tmp_path / "line")


def test_a_trace_left_in_mkdocs_output_is_refused(tmp_path):
    job = overlap.BackgroundStage.__new__(overlap.BackgroundStage)
    job.name, job.placeholders = "pdf", {"downloads/x.pdf": overlap.Pending(overlap.PENDING_CONTENT)}
    site = tmp_path / "site"
    (site / "downloads").mkdir(parents=True)
    (site / "downloads" / "x.pdf").write_bytes(overlap.PENDING_CONTENT)
    (site / "a.html").write_text("<p>987654321.7 KiB</p>")
    files: dict = {"downloads/x.pdf": job.placeholders["downloads/x.pdf"], "a.md": "987654321.7 KiB"}
    assert job.fill_in(files, {}, {"downloads/x.pdf": b"%PDF-1.7 real"}, site)
    assert (site / "a.html").read_text() == "<p>0.0 KiB</p>" and files["a.md"] == "0.0 KiB"
    assert (site / "downloads" / "x.pdf").read_bytes() == b"%PDF-1.7 real"
    (site / "b.html").write_text('<h2 id="about-9876543217-kib">')  # a slug: not a whole token
    assert not job.fill_in({}, {}, {"downloads/x.pdf": b"%PDF-1.7 real"}, site)


def _good_build_then(tmp_path, monkeypatch, fail) -> tuple[dict, list[str]]:
    """A good build, then one whose brief fails by `fail` in each mode: the messages each gave."""
    build(tmp_path / "out", MINI)
    before = tree(tmp_path / "out" / "site")
    messages = {}
    monkeypatch.setattr(brief, "build_pdf", fail)
    for mode in ("forked", "line"):
        with monkeypatch.context() as m:
            if mode == "line":
                m.setenv(overlap.NO_FORK_ENV, "1")
            with pytest.raises(SiteBuildError) as info:
                build(tmp_path / "out", MINI)
        messages[mode] = info.value.messages
        assert tree(tmp_path / "out" / "site") == before, "the last good site is untouched"
        assert not (tmp_path / "out" / "stage").exists()
    return messages, before


def test_an_error_printing_the_brief_in_the_child_is_reported_as_in_line(tmp_path, monkeypatch):
    def fail(analysis, paper="a4"):
        raise brief.BriefError(["error: PDF brief: refused to fetch 'https://example.org/x.png'", brief.HINT_LOCAL])

    messages, _ = _good_build_then(tmp_path, monkeypatch, fail)
    assert messages["forked"] == messages["line"]
    assert messages["forked"][0] == "error: PDF brief: refused to fetch 'https://example.org/x.png'"


def test_a_child_that_dies_is_an_error_not_a_hang(tmp_path, monkeypatch):
    monkeypatch.setattr(brief, "build_pdf", lambda analysis, paper="a4": os._exit(3))
    build(tmp_path / "out", MINI, skip={"pdf"})
    before = tree(tmp_path / "out" / "site")
    with pytest.raises(SiteBuildError, match="ended with status 3 before it was done"):
        build(tmp_path / "out", MINI)
    assert tree(tmp_path / "out" / "site") == before


def test_the_brief_error_wins_over_a_mkdocs_error_as_in_line(tmp_path, monkeypatch):
    """In line the brief is printed before mkdocs runs, so its error is the one reported."""
    from reportgen.site import mkdocs_build as site

    def mkdocs_fails(*args, **kwargs):
        raise SiteBuildError(["WARNING: mkdocs says no"])

    monkeypatch.setattr(site, "mkdocs_build", mkdocs_fails)
    monkeypatch.setattr(brief, "build_pdf", lambda analysis, paper="a4": (_ for _ in ()).throw(
        brief.BriefError(["error: PDF brief: broken"])))
    with pytest.raises(SiteBuildError) as info:
        build(tmp_path / "out", MINI)
    assert info.value.messages == ["error: PDF brief: broken"]
    monkeypatch.setattr(brief, "build_pdf", lambda analysis, paper="a4": b"%PDF-1.7")
    with pytest.raises(SiteBuildError) as info:
        build(tmp_path / "out", MINI)
    assert info.value.messages == ["WARNING: mkdocs says no"]


def test_no_fork_with_threads_running_or_when_switched_off(monkeypatch):
    # In a fresh process (this one may have threads other tests left) forking is safe.
    fresh = subprocess.run([sys.executable, "-c", "from reportgen import overlap; print(overlap.fork_is_safe())"],
                           cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert fresh.stdout.strip() == "True", fresh.stderr
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not overlap.fork_is_safe()
    finally:
        stop.set()
        thread.join()
    monkeypatch.setenv(overlap.NO_FORK_ENV, "1")
    assert not overlap.fork_is_safe()


def test_a_cached_brief_is_reused_in_line(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = build(tmp_path / "a", MINI, cache_dir=cache)
    assert "pdf" in first.background
    started = []
    monkeypatch.setattr(overlap, "start", lambda *args: started.append(args))
    second = build(tmp_path / "b", MINI, cache_dir=cache)
    assert started == [] and not second.background
    assert_same_trees(tmp_path / "a", tmp_path / "b")
