"""Same input, same bytes; and the build writes only where it is told to.

Two builds of one investigation — pages, site, PDF and exports — are compared
file by file. Timestamps come from SOURCE_DATE_EPOCH (or the report's date).
"""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import pytest

from reportgen import pipeline

from .conftest import ROOT

WATCHED = ("docs", "data", "templates", "reportgen", "schema")


def build(out: Path, data: Path) -> pipeline.BuildResult:
    return pipeline.build(pipeline.BuildOptions(
        data_dir=data, generated_dir=out / "generated", site_dir=out / "site", stage_dir=out / "stage"))


def tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


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
    from .conftest import MINI

    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    before = snapshot()
    build(first, MINI)
    build(second, MINI)
    return first, second, before, snapshot()


def test_two_builds_are_byte_identical(two_builds):
    first, second, _, _ = two_builds
    a, b = tree(first), tree(second)
    assert a.keys() == b.keys()
    different = sorted(name for name in a if a[name] != b[name])
    assert different == []
    assert any(name.endswith(".pdf") for name in a), "the PDF is part of the comparison"
    assert any(name.endswith(".csv") for name in a), "the exports are part of the comparison"


def test_source_date_epoch_is_honoured(tmp_path, monkeypatch):
    from .conftest import MINI

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")
    result = build(tmp_path, MINI)
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
    from .conftest import MINI

    generated = tmp_path / "generated"
    generated.mkdir()
    (generated / "stale.md").write_text("left over from an older build")
    build(tmp_path, MINI)
    assert not (generated / "stale.md").exists()
    assert (ROOT / "docs" / "assets" / "stylesheets" / "report.css").is_file()
