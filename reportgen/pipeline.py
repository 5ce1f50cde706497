"""The build, read top to bottom: load -> check -> analyse -> outputs -> pages -> site -> publish.

Each stage is a function with one job; this module only strings them together so the
command line, the mkdocs hook, the benchmark and the tests run the same path. The PDF
brief, the slowest stage, prints in a worker process while the pages and the site are
made: nothing on the pages depends on its bytes (its checksum is in downloads/SHA256SUMS).
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

from reportgen import analysis as analysis_mod
from reportgen import stagecache
from reportgen.analysis import Analysis
from reportgen.data import checks, dates, loader
from reportgen.data.checks import Checked
from reportgen.data.diagnostics import DataError
from reportgen import exports
from reportgen.paths import GENERATED_DIR, SITE_DIR, STAGE_DIR
from reportgen.pdf import brief
from reportgen.site import files as site_files
from reportgen.site import mkdocs_build, nav, pages

DOWNLOADS = "downloads"
CHECKSUMS = f"{DOWNLOADS}/SHA256SUMS"  # the `sha256sum -c` format, names relative to downloads/
OUTPUT_STAGES = ("exports", "pdf")  # what `--skip` may leave out


@dataclass
class BuildOptions:
    data_dir: Path
    generated_dir: Path = GENERATED_DIR
    site_dir: Path = SITE_DIR
    stage_dir: Path = STAGE_DIR
    skip: set[str] = field(default_factory=set)  # output stages to leave out (OUTPUT_STAGES)
    paper: str = "a4"
    cache_dir: Optional[Path] = None  # reuse the PDF brief from here while its inputs are unchanged


@dataclass
class BuildResult:
    analysis: Analysis
    files: dict[str, str | bytes]  # everything written under docs/generated (pages, assets, downloads)
    timings: dict[str, float]  # seconds each stage kept the build waiting (they add up to its time)


# --------------------------------------------------------------------------- load, check, analyse


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while loading and checking, then what they
    made frozen out of later collections: those records live for the whole build, and
    walking them again and again finds nothing to free."""
    if not gc.isenabled():
        yield
        return
    gc.unfreeze()  # a long-running `serve` must not keep old investigations forever
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def load_and_check(data_dir: Path | str) -> Checked:
    """Load and check; raise DataError with every problem if any is an error."""
    with collector_paused():
        inv = loader.load(data_dir)
        checked = checks.check(inv)
    if checked.diagnostics.errors:
        raise DataError(checked.diagnostics)
    return checked


def analyse_folder(data_dir: Path | str) -> Analysis:
    """The analysis of an investigation's folder: load, check (raising DataError), analyse."""
    return analysis_mod.analyse(load_and_check(data_dir))


# --------------------------------------------------------------------------- outputs


def source_date_epoch(analysis: Analysis) -> str:
    """The build's time as SOURCE_DATE_EPOCH (seconds), for mkdocs and the worker printing the brief."""
    report = analysis.inv.report
    return str(int(dates.build_time(report.date if report else None).timestamp()))


def build_exports(analysis: Analysis, options: BuildOptions) -> dict[str, bytes]:
    """The data exports (relative path under the site -> bytes), unless skipped."""
    return {} if "exports" in options.skip else exports.build_exports(analysis)


def print_brief(data_dir: Path, paper: str, epoch: str, site_url: str = "") -> bytes:
    """The PDF brief's bytes, made from the data folder alone (so a worker process can run it)."""
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    return brief.build_pdf(analyse_folder(data_dir), paper, site_url)


class BriefJob:
    """The PDF brief: from the stage cache, or printed in a worker process beside the site."""

    def __init__(self, analysis: Analysis, options: BuildOptions):
        self.path = brief.pdf_path(analysis)
        self.options = options
        self.epoch = source_date_epoch(analysis)
        self.site_url = mkdocs_build.site_url()  # the brief's footnotes link to the passages there
        self.key = stagecache.input_key("pdf", options.data_dir, {"paper": options.paper, "epoch": self.epoch,
                                                                  "site_url": self.site_url},
                                        exclude=(options.site_dir, options.stage_dir, options.generated_dir))
        stored = stagecache.lookup("pdf", self.key, options.cache_dir) if options.cache_dir else None
        self._stored = stored.get(self.path) if stored else None
        self._pool = None
        self._job = None
        if self._stored is None:
            # A fresh interpreter ("spawn"), never a fork: safe whatever threads this process runs.
            self._pool = multiprocessing.get_context("spawn").Pool(1)
            self._job = self._pool.apply_async(print_brief, (Path(options.data_dir), options.paper, self.epoch,
                                                              self.site_url))

    def result(self) -> dict[str, bytes]:
        """{path: PDF bytes}, waiting for the worker; stores a fresh print in the cache."""
        if self._stored is not None:
            return {self.path: self._stored}
        pdf = self._job.get()
        self._pool.close()
        self._pool.join()
        self._pool = None
        if self.options.cache_dir is not None:
            stagecache.store("pdf", self.key, {self.path: pdf}, self.options.cache_dir)
        return {self.path: pdf}

    def close(self) -> None:
        """Stop the worker if it is still printing (the build failed elsewhere)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


def checksums(downloads: dict[str, bytes]) -> dict[str, bytes]:
    """downloads/SHA256SUMS for these files, in the format `sha256sum -c` reads."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {path[len(DOWNLOADS) + 1:]}\n"
             for path, data in sorted(downloads.items())]
    return {CHECKSUMS: "".join(lines).encode("ascii")}


def download_paths(analysis: Analysis, options: BuildOptions, exported: dict[str, bytes]) -> list[str]:
    """Every file the build publishes under downloads/, known before any is made."""
    paths = list(exported)
    if "pdf" not in options.skip:
        paths.append(brief.pdf_path(analysis))
    if paths:
        paths.append(CHECKSUMS)
    return sorted(paths)


# --------------------------------------------------------------------------- pages and site


def generate_files(analysis: Analysis, downloads: Optional[dict[str, bytes]] = None,
                   listed: Optional[list[str]] = None) -> dict[str, str | bytes]:
    """Everything mkdocs reads: the generated pages, the hand-written and vendored assets,
    and the downloads made so far. `listed` names every download the Downloads page lists
    (default: those given)."""
    downloads = downloads or {}
    files: dict[str, str | bytes] = {}
    files.update(site_files.handwritten_files())
    files.update(mkdocs_build.vendored_assets())
    files.update(downloads)
    files.update(pages.render_site(analysis, downloads=sorted(downloads) if listed is None else listed))
    return files


def build_site(files: dict[str, str | bytes], analysis: Analysis, options: BuildOptions) -> Path:
    """The files written to a fresh staging folder and rendered there by mkdocs (strict): the staged site."""
    stage_docs = options.stage_dir / "docs"
    stage_site = options.stage_dir / "site"
    if options.stage_dir.exists():
        shutil.rmtree(options.stage_dir)
    site_files.write_tree(files, stage_docs, prune=False)
    mkdocs_build.mkdocs_build(stage_docs, stage_site, nav.navigation(analysis), analysis.inv.report)
    return stage_site


def add_downloads(stage_site: Path, files: dict[str, bytes]) -> None:
    """Files made after mkdocs ran (the brief, the checksums), put beside the pages it made."""
    for rel, data in files.items():
        target = stage_site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def publish(files: dict[str, str | bytes], stage_site: Path, options: BuildOptions) -> None:
    """The generated files and the staged site replace the published ones."""
    site_files.write_tree(files, options.generated_dir)
    mkdocs_build.swap_in(stage_site, options.site_dir)
    shutil.rmtree(options.stage_dir, ignore_errors=True)


# --------------------------------------------------------------------------- the build


def build(options: BuildOptions, progress: Optional[Callable[[str], None]] = None) -> BuildResult:
    """The whole build. Nothing published changes unless every stage succeeds."""
    say = progress or (lambda _msg: None)
    timings: dict[str, float] = {}

    def timed(name: str, fn, *args):
        t0 = time.perf_counter()
        out = fn(*args)
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0
        return out

    say("loading and checking data")
    checked = timed("load+check", load_and_check, options.data_dir)
    say("analysing")
    analysis = timed("analyse", analysis_mod.analyse, checked)
    with mkdocs_build.env_var("SOURCE_DATE_EPOCH", source_date_epoch(analysis)):
        pdf = None
        if "pdf" not in options.skip:
            say("printing the PDF brief (in a worker process, beside the site)")
            pdf = BriefJob(analysis, options)
        try:
            say("building exports")
            exported = timed("exports", build_exports, analysis, options)
            say("rendering pages")
            files = timed("pages", generate_files, analysis, exported,
                          download_paths(analysis, options, exported))
            say("building the site with mkdocs (strict)")
            stage_site = timed("mkdocs", build_site, files, analysis, options)
            late = timed("pdf", pdf.result) if pdf is not None else {}
        except BaseException:
            shutil.rmtree(options.stage_dir, ignore_errors=True)
            raise
        finally:
            if pdf is not None:
                pdf.close()
    if exported or late:
        late.update(checksums({**exported, **late}))
    add_downloads(stage_site, late)
    files.update(late)
    say("publishing")
    timed("publish", publish, files, stage_site, options)
    return BuildResult(analysis, files, timings)
