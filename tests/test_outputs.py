"""One investigation's build does not overwrite another's: its own site folder, pages and staging."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from reportgen import paths
from reportgen.site import mkdocs_build

from .conftest import ROOT


def state(path: Path) -> dict[str, tuple[int, int]]:
    """Every file under `path` with its size and modification time (nothing if it is missing)."""
    if not path.exists():
        return {}
    return {str(p.relative_to(path)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(path.rglob("*")) if p.is_file()}


def run_build(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build_report.py"), "--data", str(data), "build", *args],
                          cwd=data.parent, capture_output=True, text=True, timeout=600)


def test_the_default_build_keeps_the_project_folders():
    assert paths.build_folders(paths.DEFAULT_DATA) == (paths.SITE_DIR, paths.GENERATED_DIR, paths.STAGE_DIR)
    assert paths.build_folders(ROOT / "data" / ".." / "data").site == paths.SITE_DIR


def test_another_investigation_gets_folders_of_its_own(mini, tmp_path):
    folders = paths.build_folders(mini)
    assert folders.site == mini / "site"
    own = paths.OTHER_BUILDS / paths.investigation_id(mini)
    assert folders.generated == own / "generated" and folders.stage == own / "stage"
    other = tmp_path / "elsewhere" / "data"  # the same folder name, another investigation
    assert paths.investigation_id(other) != paths.investigation_id(mini)
    # data/ built to another output does not write data/'s pages and staging either
    assert paths.build_folders(paths.DEFAULT_DATA, tmp_path / "out").generated != paths.GENERATED_DIR


@pytest.mark.slow
def test_build_of_another_investigation_leaves_the_project_site_pages_and_cache_alone(mini, own_folders):
    watched = [ROOT / "site", paths.GENERATED_DIR, paths.STAGE_DIR, paths.CACHE_DIR]
    before = [state(path) for path in watched]
    proc = run_build(mini)
    assert proc.returncode == 0, proc.stderr
    assert "built data/site/ (" in proc.stdout, proc.stdout
    assert "A coalition strike hit a convoy" in (mini / "site" / "index.html").read_text(encoding="utf-8")
    assert any(p.name.endswith("-brief.pdf") for p in (mini / "site" / "downloads").iterdir())
    own_build, own_cache = own_folders
    assert (own_build / "generated" / "index.md").is_file() and not (own_build / "stage").exists()
    assert own_cache.is_dir()  # its brief is cached beside data/'s, not in its place
    after = [state(path) for path in watched]
    prefix = f"pdf/{own_cache.name}/"
    after[3] = {name: value for name, value in after[3].items() if not name.startswith(prefix)}
    assert after == before


@pytest.mark.slow
def test_output_names_the_site_folder(mini, tmp_path, own_folders):
    proc = run_build(mini, "--skip", "pdf", "--output", str(tmp_path / "published"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "published" / "index.html").is_file()
    assert not (mini / "site").exists()


@pytest.mark.parametrize("where, message", [
    ("data", "holds"),                # the data folder itself
    ("parent", "holds"),              # a folder that holds the data
    ("notes", "holds other files"),   # a folder of the user's files
    ("file", "is a file"),
])
def test_output_never_replaces_the_data_or_other_files(mini, tmp_path, where, message):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "keep.txt").write_text("mine\n")
    (tmp_path / "file").write_text("mine\n")
    output = {"data": mini, "parent": tmp_path, "notes": notes, "file": tmp_path / "file"}[where]
    before = state(tmp_path)
    proc = run_build(mini, "--output", str(output))
    assert proc.returncode == 2, proc.stderr
    assert f"error: --output {output} {message}" in proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert state(tmp_path) == before


def test_a_site_on_another_file_system_is_swapped_in_whole(tmp_path):
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("no second file system to publish to")
    staged = tmp_path / "stage" / "site"
    staged.mkdir(parents=True)
    (staged / "index.html").write_text("new\n")
    published = shm / f"reportgen-test-{uuid.uuid4().hex}" / "site"
    try:
        published.mkdir(parents=True)
        (published / "index.html").write_text("old\n")
        mkdocs_build.swap_in(staged, published)
        assert (published / "index.html").read_text() == "new\n"
        assert sorted(os.listdir(published.parent)) == ["site"] and not staged.exists()
    finally:
        shutil.rmtree(published.parent, ignore_errors=True)
