"""The build, read top to bottom: load -> check -> analyse -> render -> site.

Each stage is a function with one job; this module only strings them together
so the CLI, the mkdocs hook, the benchmark and the tests run the same path.
"""

from __future__ import annotations

import datetime
import gc
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

from reportgen import analysis as analysis_mod
from reportgen.data import checks
from reportgen.data import dates
from reportgen.data import loader
from reportgen import overlap
from reportgen.site import pages
from reportgen.site import mkdocs_build as site
from reportgen import stagecache
from reportgen.analysis import Analysis
from reportgen.data.checks import Checked
from reportgen.paths import GENERATED_DIR, SITE_DIR, STAGE_DIR
from reportgen.data.diagnostics import DataError



@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while loading and checking, then freeze
    what they made.

    Loading makes hundreds of thousands of small objects that all stay alive for the
    rest of the build; the collector would walk them again and again and find nothing
    to free. Paused, then frozen (`gc.freeze`), they are left out of every later
    collection too: on a large investigation that was over half the load time and
    three quarters of the analysis. The previous build's frozen objects are unfrozen
    first, so a long-running `serve` does not keep old investigations forever.
    """
    if not gc.isenabled():
        yield
        return
    gc.unfreeze()
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


def analyse(data_dir: Path | str) -> Analysis:
    return analysis_mod.analyse(load_and_check(data_dir))


def generate_files(analysis: Analysis, outputs: Optional[dict[str, bytes]] = None) -> dict[str, str | bytes]:
    """Everything mkdocs reads: generated pages, hand-written and vendored assets, and the
    outputs of the output stages (PDF, exports), which the Downloads page lists."""
    outputs = outputs or {}
    files: dict[str, str | bytes] = {}
    files.update(pages.handwritten_files())
    files.update(site.vendored_assets())
    files.update(outputs)
    files.update(pages.render_site(analysis, downloads=outputs))
    return files


# Extra outputs placed beside the pages before mkdocs runs (the PDF brief, data
# exports): each takes the analysis and returns relative path -> bytes.
OutputStage = Callable[[Analysis, "BuildOptions"], dict[str, bytes]]
OUTPUT_STAGES: list[tuple[str, OutputStage]] = []

from reportgen.exports import formats as exports  # noqa: E402 - data exports (JSON, CSV, TimelineJS, CSL-JSON, BibTeX)

OUTPUT_STAGES.append(("exports", exports.build_exports))

from reportgen.pdf import brief  # noqa: E402 - the PDF brief (WeasyPrint)

OUTPUT_STAGES.append(("pdf", brief.pdf_stage))


CACHED_STAGES = {"pdf"}  # slow stages whose output is reused while their inputs are unchanged


def _start_pdf(analysis: Analysis, options: "BuildOptions") -> Optional[overlap.BackgroundStage]:
    """The PDF brief's stage started in a forked child (see reportgen/overlap.py), or None
    where it runs in line: forking unsafe, the stage skipped, or its output cached."""
    stage = dict(OUTPUT_STAGES).get("pdf")
    if "pdf" in options.skip or stage is not brief.pdf_stage or not overlap.fork_is_safe():
        return None
    if options.cache_dir is not None and stagecache.lookup("pdf", _stage_key("pdf", options),
                                                           options.cache_dir) is not None:
        return None  # cached: reused in line, in no time
    return overlap.start("pdf", lambda: _run_stage("pdf", stage, analysis, options),
                         [brief.pdf_path(analysis)])


def _stage_key(name: str, options: "BuildOptions") -> str:
    return stagecache.input_key(name, options.data_dir, {
        "paper": options.paper, "epoch": os.environ.get("SOURCE_DATE_EPOCH", "")},
        exclude=(options.site_dir, options.stage_dir, options.generated_dir))


def _run_stage(name: str, stage: OutputStage, analysis: Analysis, options: "BuildOptions") -> dict[str, bytes]:
    if name not in CACHED_STAGES or options.cache_dir is None:
        return stage(analysis, options)
    key = _stage_key(name, options)
    return stagecache.cached(name, key, lambda: stage(analysis, options), options.cache_dir)


def run_output_stages(analysis: Analysis, options: "BuildOptions",
                      say: Callable[[str], None] = lambda _msg: None, timed=None,
                      background: Optional[overlap.BackgroundStage] = None) -> dict[str, bytes]:
    """Every output stage not in `options.skip`, in order: relative path -> bytes. The stage
    `background` runs (in a forked child) is left to it: its stand-ins take its place."""
    outputs: dict[str, bytes] = {}
    for name, stage in OUTPUT_STAGES:
        if name in options.skip:
            continue
        if background is not None and name == background.name:
            outputs.update(background.placeholders)
            continue
        say(f"building {name}")
        args = (name, stage, analysis, options)
        outputs.update(timed(name, _run_stage, *args) if timed else _run_stage(*args))
    return outputs


@dataclass
class BuildOptions:
    data_dir: Path
    generated_dir: Path = GENERATED_DIR
    site_dir: Path = SITE_DIR
    stage_dir: Path = STAGE_DIR
    skip: set[str] = field(default_factory=set)  # names of output stages to leave out
    paper: str = "a4"
    cache_dir: Optional[Path] = None  # reuse slow stages' outputs from here (the CLI's build uses build/cache)


@dataclass
class BuildResult:
    analysis: Analysis
    files: dict[str, str | bytes]
    timings: dict[str, float]  # seconds each stage kept the build waiting (they add up to its time)
    background: dict[str, float] = field(default_factory=dict)  # seconds of stages run in a forked child


def source_date_epoch(analysis: Analysis) -> str:
    """SOURCE_DATE_EPOCH if set, else the report's date: timestamps in outputs never vary."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    report = analysis.inv.report
    when = dates.parse(report.date).start if report else datetime.datetime(1970, 1, 1)
    return str(int(when.replace(tzinfo=datetime.timezone.utc).timestamp()))


def build(options: BuildOptions, progress: Optional[Callable[[str], None]] = None) -> BuildResult:
    """The whole build. Nothing published changes unless every stage succeeds."""
    say = progress or (lambda _msg: None)
    timings: dict[str, float] = {}

    def timed(name: str, fn, *args):
        t0 = time.perf_counter()
        out = fn(*args)
        timings[name] = time.perf_counter() - t0
        return out

    say("loading and checking data")
    checked = timed("load+check", load_and_check, options.data_dir)
    say("analysing")
    analysis = timed("analyse", analysis_mod.analyse, checked)
    with site.env_var("SOURCE_DATE_EPOCH", source_date_epoch(analysis)):
        # The PDF brief prints in a forked child while this process builds the site with a
        # stand-in for it; the stand-in's tokens are then replaced (see reportgen/overlap.py).
        pdf = _start_pdf(analysis, options)
        if pdf is not None:
            say("building pdf (in a forked process, beside the site)")
        try:
            outputs = run_output_stages(analysis, options, say, timed, background=pdf)
            say("rendering pages")
            files = timed("pages", generate_files, analysis, outputs)
            waiting = pdf is not None
            if waiting and not pdf.pages_hold_only_tokens(files):
                say("waiting for the PDF brief (the pages print its size in an unexpected form)")
                pdf.fill_in(files, outputs, timed("pdf", pdf.result), None)
                files = timed("pages", generate_files, analysis, outputs)
                waiting = False
            stage_site = _stage_and_build_site(files, analysis, options, say, timed)
            if waiting:
                say("waiting for the PDF brief")
                if not pdf.fill_in(files, outputs, timed("pdf", pdf.result), stage_site):
                    stage_site = _stage_and_build_site(files, analysis, options, say, timed)
        except BaseException as exc:
            # In line the brief comes before the pages and mkdocs: its error is the one to report.
            if pdf is not None and isinstance(exc, Exception) and pdf.failed():
                shutil.rmtree(options.stage_dir, ignore_errors=True)
                pdf.result()
            raise
        finally:
            if pdf is not None:
                pdf.close()

    say("publishing")
    pages.write_tree(files, options.generated_dir)
    site.swap_in(stage_site, options.site_dir)
    shutil.rmtree(options.stage_dir, ignore_errors=True)
    return BuildResult(analysis, files, timings, {"pdf": pdf.seconds} if pdf is not None and pdf.seconds else {})


def _stage_and_build_site(files: dict[str, str | bytes], analysis: Analysis, options: BuildOptions,
                          say: Callable[[str], None], timed) -> Path:
    """The pages written to a fresh staging folder and rendered there by mkdocs: the staged site."""
    stage_docs = options.stage_dir / "docs"
    stage_site = options.stage_dir / "site"
    if options.stage_dir.exists():
        shutil.rmtree(options.stage_dir)
    pages.write_tree(files, stage_docs, prune=False)
    say("building the site with mkdocs (strict)")
    timed("mkdocs", site.mkdocs_build, stage_docs, stage_site, pages.navigation_extra(analysis),
          analysis.inv.report)
    return stage_site
