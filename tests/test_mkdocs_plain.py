"""Plain `mkdocs build` and `mkdocs serve`, as a mkdocs user runs them, through the project's hook.

Each test runs mkdocs with a copy of mkdocs.yml whose folders point into a temporary
folder (the hook path made absolute), and the data folder named by REPORTGEN_DATA, so
the project's own docs/generated and site/ are never touched.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from reportgen.site import files as site_files
from reportgen.site import pages

from .conftest import ROOT
from .test_serve import fetch, free_port

MKDOCS = Path(sys.executable).parent / "mkdocs"


def config_in(tmp_path: Path, docs: Path) -> Path:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(tmp_path / "site")
    config["hooks"] = [str(ROOT / hook) for hook in config["hooks"]]
    config["watch"] = [str(ROOT / path) for path in config["watch"]]
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def mkdocs_env(data: Path) -> dict:
    # REPORTGEN_NO_CACHE: the brief is printed, not stored in the project's build/cache
    env = {**os.environ, "REPORTGEN_DATA": str(data), "REPORTGEN_NO_CACHE": "1", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("REPORTGEN_PAGES_PREBUILT", None)
    return env


def test_the_docs_folder_mkdocs_reads_is_in_every_clone_and_kept_by_the_build(tmp_path):
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    keep = ROOT / config["docs_dir"] / ".gitkeep"
    tracked = subprocess.run(["git", "ls-files", "--error-unmatch", str(keep.relative_to(ROOT))], cwd=ROOT,
                             capture_output=True, text=True)
    assert tracked.returncode == 0, f"{keep} is not committed: a fresh clone has no docs_dir"
    generated = tmp_path / "generated"
    generated.mkdir()
    (generated / ".gitkeep").write_text("keep\n")
    (generated / "stale.md").write_text("gone\n")
    site_files.write_tree({"index.md": "# Home\n"}, generated)
    assert sorted(p.name for p in generated.iterdir()) == [".gitkeep", "index.md"]


@pytest.mark.slow
def test_plain_mkdocs_build_generates_the_pages_and_the_whole_site(mini, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()  # as in a fresh clone: the folder, no pages
    proc = subprocess.run([str(MKDOCS), "build", "-f", str(config_in(tmp_path, docs))], cwd=tmp_path,
                          env=mkdocs_env(mini), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "reportgen: regenerated" in proc.stderr
    assert (docs / "index.md").is_file()
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "A coalition strike hit a convoy" in home
    downloads = sorted(p.name for p in (tmp_path / "site" / "downloads").iterdir())
    assert "timeline.json" in downloads and any(name.endswith("-brief.pdf") for name in downloads), downloads


def test_plain_mkdocs_build_stops_on_a_data_error_without_building(mini, tmp_path):
    data = mini / "investigation.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("speaker: jim-mattis", "speaker: ghost"),
                    encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    proc = subprocess.run([str(MKDOCS), "build", "-f", str(config_in(tmp_path, docs))],
                          cwd=tmp_path, env=mkdocs_env(mini), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    output = proc.stdout + proc.stderr
    assert "investigation.yml:" in output and "unknown actor `ghost`" in output
    assert "reportgen: the data has errors (above): nothing was built" in output
    assert "Traceback" not in output
    assert not (tmp_path / "site").exists()


def test_without_the_packages_mkdocs_says_in_one_line_what_to_run(mini, tmp_path):
    """mkdocs installed elsewhere, the project's packages not (here: rapidfuzz hidden)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    run_mkdocs = "import sys; sys.modules['rapidfuzz'] = None; from mkdocs.__main__ import cli; cli()"
    proc = subprocess.run([sys.executable, "-c", run_mkdocs, "build", "-f", str(config_in(tmp_path, docs))],
                          cwd=tmp_path, env=mkdocs_env(mini), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    output = (proc.stdout + proc.stderr).strip()
    assert output.splitlines()[-1] == (
        "reportgen: the project's packages are missing (rapidfuzz): run `make` first (it installs the "
        "packages into .venv), then `.venv/bin/mkdocs build` or `serve`")
    assert "Traceback" not in output and "isn't an existing directory" not in output


@pytest.mark.slow
def test_plain_mkdocs_serve_generates_and_serves_the_pages(mini, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([str(MKDOCS), "serve", "-f", str(config_in(tmp_path, docs)),
                                    "-a", f"127.0.0.1:{port}"], cwd=tmp_path, env=mkdocs_env(mini),
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + 120
            page = None
            while page is None and time.monotonic() < deadline and process.poll() is None:
                time.sleep(0.5)
                page = fetch(f"http://127.0.0.1:{port}/index.html")
            assert page is not None, log.read_text()
            assert "A coalition strike hit a convoy" in page
            assert (docs / "index.md").is_file()
        finally:
            process.terminate()
            process.wait(timeout=20)
