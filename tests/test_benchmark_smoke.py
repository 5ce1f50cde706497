"""The benchmark's code path, on a small synthetic investigation, so it cannot rot.

No timing is asserted here: the benchmark prints its figures and targets
(`make bench`); these tests check that what it runs works and is honest.
"""

from __future__ import annotations

import concurrent.futures
import json
import time
from pathlib import Path

import pytest

from benchmarks import run as bench
from benchmarks import worker
from reportgen import pipeline
from benchmarks import synthetic
from reportgen.analysis import analyse

from .conftest import build_into, read_tree


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """A synthetic investigation of half the al-Tanf report's size."""
    out = tmp_path_factory.mktemp("synthetic") / "data"
    synthetic.generate(out, "0.5x", seed=3)
    return out


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, small):
    synthetic.generate(tmp_path / "again", "0.5x", seed=3)
    synthetic.generate(tmp_path / "other", "0.5x", seed=4)
    first, again, other = read_tree(small), read_tree(tmp_path / "again"), read_tree(tmp_path / "other")
    assert first == again
    assert first.keys() == other.keys() and first != other


def test_sizes_scale_the_collections():
    assert synthetic.size_of("10x").quotes == 10 * synthetic.size_of("1x").quotes
    large = synthetic.size_of("large")
    assert (large.events, large.quotes, large.sources, large.actors) == (10_000, 50_000, 2_000, 1_000)
    with pytest.raises(ValueError, match="unknown size"):
        synthetic.size_of("huge")


def test_generated_investigation_passes_the_check_and_exercises_the_matcher(small):
    checked = pipeline.load_and_check(small)  # raises DataError on any error
    inv = checked.inv
    assert len(checked.matches) == len(inv.quotes) > 0
    matches = checked.matches.values()
    assert any(m.exact for m in matches), "some quotes are byte for byte"
    assert any(not m.exact for m in matches), "some quotes need the typography normaliser"
    assert any(len(m.pieces) > 1 for m in matches), "some quotes have elisions"
    assert not checked.diagnostics.warnings
    analysis = analyse(checked)
    assert all(not c.unexplained for c in analysis.coverage.values()), "every paragraph is cited or explained"
    statuses = {cs.status for cs in analysis.claim_status.values()}
    assert {"disputed", "single-source"} <= statuses
    assert analysis.incidents and analysis.tempo


def test_generated_yaml_spans_several_files_with_positions(small):
    names = sorted(p.name for p in small.glob("*.yml"))
    assert {"report.yml", "sources.yml", "quotes.yml", "events.yml"} <= set(names)
    inv = pipeline.load_and_check(small).inv
    quote = inv.quotes[3]
    assert quote.origin.file.endswith("quotes.yml") and quote.origin.line > 1
    text_at = quote.field_origin("text")
    line = (small / "quotes.yml").read_text(encoding="utf-8").splitlines()[text_at.line - 1]
    assert line.lstrip().startswith("text:")


def test_cli_refuses_a_folder_in_use(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert synthetic.main([str(tmp_path), "--size", "1x"]) == 2
    assert "not empty" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_whole_build_of_a_synthetic_investigation(tmp_path, small):
    result = build_into(tmp_path, small, skip={"pdf"})
    assert (tmp_path / "site" / "index.html").is_file()
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    first_quote = result.analysis.inv.quotes[0]
    assert any(first_quote.source in doc["location"] for doc in index["docs"])


def test_worker_measures_each_stage_in_process(tmp_path, small):
    for stage in ("load", "check", "analyse", "pages"):
        result = worker.measure(stage, small, tmp_path / stage)
        assert stage in result["wall"] and result["cpu"][stage] >= 0
        assert result["peak_rss"] > 10 * 1024 * 1024
    assert result["info"]["pages"] > 10


def test_live_regeneration_reaches_the_page(tmp_path, small):
    result = worker.measure("live", small, tmp_path)
    info = result["info"]
    assert result["wall"]["edit to page"] > 0
    assert any(name.startswith("timeline") for name in info["edit shown in"]), info
    assert set(info["edit shown in"]) <= set(info["pages rewritten"])
    assert worker.EDIT_MARK not in (small / info["edited"]).read_text(encoding="utf-8"), "the original is untouched"


def test_benchmark_prints_its_table_and_targets(tmp_path, small, capsys):
    code = bench.main(["--sizes", "0.5x", "--no-real", "--skip", "mkdocs", "--skip", "pdf", "--skip", "preview",
                       "--work", str(tmp_path), "--json", str(tmp_path / "out.json")])
    out = capsys.readouterr().out
    assert code == 0
    for stage in ("load", "check", "analyse", "pages"):
        assert f"0.5x       {stage}" in out
    assert "= gen" in out and "Targets (printed, never asserted):" in out
    saved = json.loads((tmp_path / "out.json").read_text())
    assert set(saved["datasets"]["0.5x"]["results"]) == {"load", "check", "analyse", "pages"}


@pytest.mark.browser
def test_preview_latency_is_measured_in_a_browser_beside_a_full_mkdocs_build(tmp_path, small):
    from benchmarks import preview

    rec = worker.Recorder()
    # In a thread of its own: the browser tests' Playwright may still run an event loop in this one
    # (its sync API refuses to start inside a running loop).
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(preview.measure, rec, small, tmp_path, saves=2).result()
    info = rec.info
    assert len(info["latencies"]) == 2 and all(t > 0 for t in info["latencies"])
    assert info["mkdocs builds"] == 2, info  # one per save
    assert all("only what changed" in line for line in info["rebuilds"]), info
    assert rec.wall["mkdocs"] > 0 and info["page"].startswith("timeline/")
    assert preview.MARK not in (small / "events.yml").read_text(encoding="utf-8"), "the original is untouched"


def test_the_memory_of_a_process_and_its_children_is_sampled_together():
    import subprocess
    import sys

    # A parent that holds 40 MB and a child that holds 60 MB of its own.
    code = ("import os, time\nheld = bytearray(40 << 20)\n"
            "if os.fork() == 0:\n    mine = bytearray(60 << 20)\n    time.sleep(3)\n    os._exit(0)\n"
            "time.sleep(3)\nos.wait()\n")
    proc = subprocess.Popen([sys.executable, "-c", code])
    try:
        peak = 0
        for _ in range(40):
            peak = max(peak, bench.tree_pss(proc.pid))
            if peak > 100 << 20:
                break
            time.sleep(0.05)
    finally:
        proc.wait()
    # The child's copy of the parent's 40 MB is shared (counted once); its own 60 MB is not.
    assert 100 << 20 < peak < 150 << 20
