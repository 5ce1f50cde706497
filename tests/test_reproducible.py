"""Same input, same bytes; and the build writes only where it is told to.

Two builds of one investigation — pages, site, PDF and exports — are compared
file by file. Timestamps come from SOURCE_DATE_EPOCH (or the report's date).
"""

from __future__ import annotations

import datetime

import pytest

from reportgen import pipeline

from .conftest import MINI, ROOT, build_into, read_tree

WATCHED = ("docs", "data", "templates", "reportgen", "schema")


def snapshot() -> dict[str, tuple[int, int]]:
    out = {}
    for top in WATCHED:
        for p in (ROOT / top).rglob("*"):
            if p.is_file() and "__pycache__" not in p.parts and "generated" not in p.parts:
                st = p.stat()
                out[str(p.relative_to(ROOT))] = (st.st_size, st.st_mtime_ns)
    return out


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    before = snapshot()
    build_into(first, MINI)
    build_into(second, MINI)
    return first, second, before, snapshot()


def test_two_builds_are_byte_identical(two_builds):
    first, second, _, _ = two_builds
    a, b = read_tree(first), read_tree(second)
    assert a.keys() == b.keys()
    different = sorted(name for name in a if a[name] != b[name])
    assert different == []
    assert any(name.endswith(".pdf") for name in a), "the PDF is part of the comparison"
    assert any(name.endswith(".csv") for name in a), "the exports are part of the comparison"


def test_source_date_epoch_is_honoured(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")
    result = build_into(tmp_path, MINI)
    assert result.files  # built
    epoch = pipeline.source_date_epoch(result.analysis)
    assert epoch == "1500000000"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    midnight = datetime.datetime(2026, 11, 21, tzinfo=datetime.timezone.utc)  # the report's date
    assert pipeline.source_date_epoch(result.analysis) == str(int(midnight.timestamp()))


def test_build_writes_nothing_outside_its_output_folders(two_builds):
    _, _, before, after = two_builds
    assert after == before, "a build into temporary folders changed project files"


def test_stale_generated_files_are_pruned_but_handwritten_docs_kept(tmp_path):
    generated = tmp_path / "generated"
    generated.mkdir()
    (generated / "stale.md").write_text("left over from an older build")
    build_into(tmp_path, MINI)
    assert not (generated / "stale.md").exists()
    assert (ROOT / "docs" / "assets" / "stylesheets" / "report.css").is_file()
