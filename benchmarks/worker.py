"""One benchmark measurement, in a fresh process so its peak memory is its own.

    python -m benchmarks.worker STAGE --data DIR --work DIR

runs the build's stages up to STAGE on DIR, the way `reportgen.pipeline` runs
them, and prints one line `BENCH {json}` with each stage's wall and CPU time,
the process's peak resident memory (ru_maxrss) and what the stage produced.
Stages before STAGE are run only to feed it: their times are reported but the
orchestrator (benchmarks/run.py) takes each stage's figure from its own run.

STAGE is one of: load, check, analyse, exports, pages, mkdocs, pdf, build, live, preview
(benchmarks/preview.py: a save under `serve` until the browser shows it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Callable

STAGES = ("load", "check", "analyse", "exports", "pages", "mkdocs", "pdf", "build", "live", "preview")
MARK = "BENCH "


class Recorder:
    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.info: dict[str, Any] = {}

    def run(self, name: str, fn: Callable, *args, **kwargs):
        w0, c0 = time.perf_counter(), cpu_seconds()
        out = fn(*args, **kwargs)
        self.wall[name] = time.perf_counter() - w0
        self.cpu[name] = cpu_seconds() - c0
        return out


def cpu_seconds() -> float:
    """CPU time of this process and of the child processes it has waited for (the page
    renderer's workers), so parallel work is counted in full."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def peak_rss_bytes(who=resource.RUSAGE_SELF) -> int:
    return resource.getrusage(who).ru_maxrss * 1024  # Linux reports KiB; for children, the largest one


def pdf_builder():
    """reportgen.pdf.brief.build_pdf(analysis, paper) if the PDF stage exists, else None."""
    try:
        from reportgen.pdf import brief
    except ImportError:
        return None
    return getattr(brief, "build_pdf", None)


def load_check_analyse(rec: Recorder, data: Path, upto: str):
    """load -> check -> analyse, as pipeline.load_and_check and pipeline.analyse_folder do them."""
    from reportgen import analysis as analysis_mod
    from reportgen.data import checks
    from reportgen.data import loader
    from reportgen import pipeline
    from reportgen.data.diagnostics import DataError

    with pipeline.collector_paused():
        inv = rec.run("load", loader.load, data)
        if upto == "load":
            return None
        checked = rec.run("check", checks.check, inv)
    if checked.diagnostics.errors:
        raise DataError(checked.diagnostics)
    rec.info["quotes verified"] = len(checked.matches)
    if upto == "check":
        return None
    return rec.run("analyse", analysis_mod.analyse, checked)


def measure(stage: str, data: Path, work: Path, paper: str = "a4") -> dict[str, Any]:
    rec = Recorder()
    if stage == "build":
        whole_build(rec, data, work)
    elif stage == "live":
        live_edit(rec, data, work)
    elif stage == "preview":
        from benchmarks import preview

        preview.measure(rec, data, work)
    else:
        analysis = load_check_analyse(rec, data, stage)
        if stage == "exports":
            from reportgen import exports

            out = rec.run("exports", exports.build_exports, analysis)
            rec.info["export bytes"] = sum(len(v) for v in out.values())
        elif stage == "pdf":
            build_pdf = pdf_builder()
            if build_pdf is None:
                rec.info["pdf"] = "n/a: reportgen.pdf.brief.build_pdf does not exist"
            else:
                pdf = rec.run("pdf", build_pdf, analysis, paper)
                rec.info["pdf bytes"] = len(pdf)
        elif stage in ("pages", "mkdocs"):
            from reportgen import pipeline
            from reportgen.site import files as site_files
            from reportgen.site import mkdocs_build as site
            from reportgen.site import nav

            files = rec.run("pages", pipeline.generate_files, analysis)
            rec.info["generated files"] = len(files)
            rec.info["pages"] = sum(1 for name in files if name.endswith(".md"))
            if stage == "mkdocs":
                docs, site_dir = work / "docs", work / "site"
                for path in (docs, site_dir):
                    shutil.rmtree(path, ignore_errors=True)
                rec.run("write", site_files.write_tree, files, docs, prune=False)
                rec.run("mkdocs", site.mkdocs_build, docs, site_dir, nav.navigation(analysis))
                index = site_dir / "search" / "search_index.json"
                rec.info["search index bytes"] = index.stat().st_size if index.is_file() else None
                rec.info["site bytes"] = sum(p.stat().st_size for p in site_dir.rglob("*") if p.is_file())
    return {"stage": stage, "wall": rec.wall, "cpu": rec.cpu, "peak_rss": peak_rss_bytes(),
            "peak_child_rss": peak_rss_bytes(resource.RUSAGE_CHILDREN), "info": rec.info}


def whole_build(rec: Recorder, data: Path, work: Path) -> None:
    """`build_report.py build` into scratch folders: every stage, the PDF included if it exists."""
    from reportgen import pipeline

    options = pipeline.BuildOptions(data_dir=data, generated_dir=work / "generated", site_dir=work / "site",
                                    stage_dir=work / "stage")
    result = rec.run("build", pipeline.build, options)
    rec.info["stages"] = {k: round(v, 3) for k, v in result.timings.items()}
    rec.info["output stages"] = list(pipeline.OUTPUT_STAGES)


# --------------------------------------------------------------------------- live regeneration

EDIT_MARK = "edited by the benchmark"  # plain words: pages entity-encode punctuation


def edit_one_title(data: Path) -> Path:
    """Change one event's title in place, as a curator would; returns the file edited."""
    for path in sorted(data.glob("*.y*ml")):
        text = path.read_text(encoding="utf-8")
        at = re.search(r"^events:\s*$", text, re.MULTILINE)
        if not at:
            continue
        found = re.compile(r"^(\s+(?:- )?title: )(.+)$", re.MULTILINE).search(text, at.end())
        if not found:
            continue
        value = found.group(2).strip()
        if value[:1] in "\"'":
            new_value = value[:-1] + " " + EDIT_MARK + value[-1]
        else:
            new_value = f"{value} {EDIT_MARK}"
        path.write_text(text[:found.start(2)] + new_value + text[found.end(2):], encoding="utf-8")
        return path
    raise SystemExit(f"no event title to edit in {data}")


def live_edit(rec: Recorder, data: Path, work: Path) -> None:
    """The `mkdocs serve` path: the hook regenerates after one YAML edit; how long until the page is written.

    The hook module is imported and run once first (serve has it loaded and the pages
    written already); then one event title changes and the clock runs from the file
    write to the hook's return, when the regenerated page is on disk.
    """
    from reportgen.site import mkdocs_hook
    from reportgen.site import serve

    copy = work / "data"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(data, copy)
    docs = work / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir(parents=True)
    os.environ.pop("REPORTGEN_PAGES_PREBUILT", None)
    os.environ[serve.DATA_ENV] = str(copy)
    config = {"docs_dir": str(docs), "nav": None}
    rec.run("first generation", mkdocs_hook.on_config, config)
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*.md")}
    w0, c0 = time.perf_counter(), cpu_seconds()
    edited = edit_one_title(copy)
    mkdocs_hook.on_config(config)
    rec.wall["edit to page"] = time.perf_counter() - w0
    rec.cpu["edit to page"] = cpu_seconds() - c0
    changed = sorted(str(p.relative_to(docs)) for p in docs.rglob("*.md")
                     if before.get(p) != p.stat().st_mtime_ns)
    shown = [name for name in changed if EDIT_MARK in (docs / name).read_text(encoding="utf-8")]
    rec.info["edited"] = edited.name
    rec.info["pages rewritten"] = changed
    rec.info["edit shown in"] = shown
    if not shown:
        raise SystemExit("the edit did not reach any regenerated page")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worker")
    parser.add_argument("stage", choices=STAGES)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--paper", default="a4")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    from reportgen.data.diagnostics import DataError

    try:
        result = measure(args.stage, args.data.resolve(), args.work.resolve(), args.paper)
    except DataError as exc:
        print("\n".join(d.format() for d in exc.diagnostics.sorted()[:20]), file=sys.stderr)
        print(f"data errors in {args.data}", file=sys.stderr)
        return 1
    print(MARK + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
