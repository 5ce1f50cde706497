"""The benchmark: how long each stage takes and how much memory, from the al-Tanf report
to an investigation hundreds of times larger.

    python -m benchmarks.run                       # data/ + 1x, 10x, 100x (see DEFAULT_SIZES)
    python -m benchmarks.run --sizes 1x,10x,100x,large
    python -m benchmarks.run --sizes large --skip mkdocs@large --profile large
    python -m benchmarks.run --sizes 1x,10x --only preview   # the live preview's latency only

Each measurement runs in a fresh process (benchmarks/worker.py), so the peak
resident memory reported for a stage is that of a process that ran the build up
to that stage and no further. Synthetic investigations come from
`benchmarks.synthetic` (seeded, cached under build/bench/). Speed targets are
printed with PASS or MISS; nothing here fails a test.

Wall time is what a user waits; CPU time is printed beside it because other
work on the machine slows the wall clock but hardly the CPU time.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.worker import MARK  # noqa: E402
from benchmarks import synthetic  # noqa: E402

DEFAULT_SIZES = ("1x", "10x", "100x")  # with data/: about 4 minutes on 2 cores; `large` adds about 2 more without mkdocs
PIPELINE = ("load", "check", "analyse", "pages", "mkdocs", "pdf")
GENERATOR = ("load", "check", "analyse", "pages")
DEFAULT_SKIPS = ("mkdocs@large", "pdf@100x", "pdf@large", "preview@100x", "preview@large")
PART = {"live": "edit to page"}  # which timing of a stage's run the table shows
REAL_STAGES = ("load", "check", "analyse", "pages", "mkdocs", "pdf", "build", "live", "preview")
SYNTHETIC_STAGES = PIPELINE + ("preview",)
PREVIEW_TARGETS = {"data/": 1.0, "1x*": 1.0, "10x": 1.5}  # seconds from a save to the browser showing it
GiB = 1024 ** 3
MiB = 1024 ** 2


@dataclass
class Dataset:
    name: str  # "data/" or a size
    path: Path
    stand_in: bool = False  # the 1x synthetic standing in for a real report that is not there
    results: dict[str, dict] = field(default_factory=dict)  # stage -> worker result
    notes: dict[str, str] = field(default_factory=dict)  # stage -> why there is no figure
    generated_in: Optional[float] = None

    def wall(self, stage: str, part: Optional[str] = None) -> Optional[float]:
        result = self.results.get(stage)
        return result["wall"].get(part or stage) if result else None

    def cpu(self, stage: str, part: Optional[str] = None) -> Optional[float]:
        result = self.results.get(stage)
        return result["cpu"].get(part or stage) if result else None

    def peak(self, stage: str) -> Optional[int]:
        result = self.results.get(stage)
        return result["peak_rss"] if result else None

    def tree_peak(self, stage: str) -> Optional[int]:
        """Peak PSS of the stage's whole process tree (render workers included)."""
        result = self.results.get(stage)
        return result.get("peak_tree_pss") if result else None

    def child_peak(self, stage: str) -> int:
        """The largest child process's peak (page-rendering workers); 0 when there were none."""
        result = self.results.get(stage)
        return result.get("peak_child_rss", 0) if result else 0

    def generator(self, clock: str = "wall") -> Optional[float]:
        """load + check + analyse + pages, as measured together in the `pages` run (or the `mkdocs`
        run, which does them too, when `pages` was skipped)."""
        result = self.results.get("pages") or self.results.get("mkdocs")
        if not result:
            return None
        times = result[clock]
        return sum(times[s] for s in GENERATOR) if all(s in times for s in GENERATOR) else None


# --------------------------------------------------------------------------- running


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                           if line.startswith("MemTotal")))
        mem = f"{mem_kib / 1024 ** 2:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        mem = "? GiB"
    return (f"{os.cpu_count()} cores{f' ({cpu})' if cpu else ''}, {mem} RAM, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def dataset_for(size: str, seed: int, work: Path) -> tuple[Path, Optional[float]]:
    """The synthetic investigation of `size`, generated once and kept while the generator is unchanged."""
    stamp_text = hashlib.sha256(Path(synthetic.__file__).read_bytes()).hexdigest()[:16]
    path = work / f"data-{size}-seed{seed}"
    stamp = path / ".generator"
    if stamp.is_file() and stamp.read_text() == stamp_text:
        return path, None
    shutil.rmtree(path, ignore_errors=True)
    t0 = time.perf_counter()
    synthetic.generate(path, size, seed)
    stamp.write_text(stamp_text)
    return path, time.perf_counter() - t0


def run_worker(stage: str, data: Path, work: Path, timeout: float,
               sample_memory: bool = False) -> tuple[Optional[dict], str]:
    """(result, problem): the worker's measurement, or why there is none. With
    `sample_memory`, the memory of its process tree is sampled while it runs: the result's
    `peak_tree_pss` is the largest sum of the proportional set sizes (PSS) of the worker
    and its child processes, which counts the pages they share copy-on-write once (RSS
    counts them in each process). Sampling slows the process down (the kernel walks its
    page tables each time: about 2 s of 8 for the large pages at 20 samples a second), so
    its times are not the ones reported."""
    scratch = work / "scratch" / stage
    cmd = [sys.executable, "-m", "benchmarks.worker", stage, "--data", str(data), "--work", str(scratch)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("REPORTGEN_PAGES_PREBUILT", None)
    peak_pss = 0
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err, text=True)
        deadline = time.monotonic() + timeout
        try:
            while proc.poll() is None:
                if time.monotonic() > deadline:
                    proc.kill()
                    proc.wait()
                    return None, f"over the {timeout:.0f} s time limit"
                if sample_memory:
                    peak_pss = max(peak_pss, tree_pss(proc.pid))
                time.sleep(PSS_SAMPLE_SECONDS if sample_memory else 0.02)
        finally:
            shutil.rmtree(work / "scratch", ignore_errors=True)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    for line in stdout.splitlines():
        if line.startswith(MARK):
            result = json.loads(line[len(MARK):])
            result["peak_tree_pss"] = peak_pss or None
            return result, ""
    tail = (stderr.strip().splitlines() or ["no output"])[-1]
    return None, f"failed (exit {proc.returncode}): {tail[:160]}"


PSS_SAMPLE_SECONDS = 0.1


def tree_pss(pid: int) -> int:
    """Bytes: the PSS of a process and all its descendants now (0 where /proc cannot tell)."""
    pids, total = [pid], 0
    for p in pids:  # grows as children are found
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    pids.extend(int(child) for child in f.read().split())
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, ValueError):
            continue  # the process ended while being read
    return total


def real_data_usable(data: Path) -> str:
    """'' if data/ holds an investigation, else why not."""
    if not data.is_dir() or not any(data.glob("*.y*ml")):
        return f"{data} has no YAML files yet"
    return ""


def measure_dataset(ds: Dataset, stages: list[str], work: Path, timeout: float, say) -> None:
    for stage in stages:
        say(f"{ds.name}: {stage}")
        result, problem = run_worker(stage, ds.path, work, timeout)
        if result is None:
            ds.notes[stage] = problem
        elif stage == "pdf" and "pdf" not in result["wall"]:
            ds.notes[stage] = result["info"].get("pdf", "n/a")
        else:
            ds.results[stage] = result
    if "pages" in ds.results:  # the build up to its pages, again, for the memory of all its processes
        say(f"{ds.name}: pages (memory of every process)")
        sampled, _ = run_worker("pages", ds.path, work, timeout, sample_memory=True)
        if sampled is not None:
            ds.results["pages"]["peak_tree_pss"] = sampled["peak_tree_pss"]


def profile(data: Path, out: Path, say) -> str:
    """cProfile of load -> check -> analyse -> pages on one dataset; the top functions as text."""
    from reportgen import analysis as analysis_mod
    from reportgen.data import checks
    from reportgen.data import loader
    from reportgen import pipeline

    say(f"profiling {data.name}")
    prof = cProfile.Profile()
    prof.enable()
    with pipeline.collector_paused():
        checked = checks.check(loader.load(data))
    pipeline.generate_files(analysis_mod.analyse(checked))
    prof.disable()
    prof.dump_stats(str(out.with_suffix(".prof")))
    text = io.StringIO()
    stats = pstats.Stats(prof, stream=text)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(20)
    out.write_text(text.getvalue())
    return text.getvalue()


# --------------------------------------------------------------------------- reporting


def fmt_s(value: Optional[float]) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def fmt_mib(value: Optional[int]) -> str:
    return "—" if value is None else f"{value / MiB:,.0f}"


def fmt_bytes(value: Optional[int]) -> str:
    if value is None:
        return "—"
    if value >= MiB:
        return f"{value / MiB:.1f} MiB"
    return f"{value / 1024:.0f} KiB"


def stage_table(datasets: list[Dataset]) -> list[str]:
    lines = [f"{'dataset':<10} {'stage':<8} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9}  notes",
             "-" * 78]
    for ds in datasets:
        for stage in PIPELINE + ("build", "live", "preview"):
            if stage in ds.results:
                note, part = "", PART.get(stage)
                if stage == "mkdocs":
                    note = f"search index {fmt_bytes(ds.results[stage]['info'].get('search index bytes'))}"
                    note += f", {ds.results['mkdocs']['info'].get('pages', '?')} pages"
                if stage == "pdf":
                    note = fmt_bytes(ds.results[stage]["info"].get("pdf bytes"))
                if stage == "build":
                    note = "whole build (pipeline.build), every output stage"
                if stage == "live":
                    note = "one YAML edit -> pages rewritten by the mkdocs hook"
                if stage == "preview":
                    note = preview_note(ds)
                lines.append(f"{ds.name:<10} {stage:<8} {fmt_s(ds.wall(stage, part)):>8} "
                             f"{fmt_s(ds.cpu(stage, part)):>8} {fmt_mib(ds.peak(stage)):>9}  {note}")
            elif stage in ds.notes:
                lines.append(f"{ds.name:<10} {stage:<8} {'n/a':>8} {'':>8} {'':>9}  {ds.notes[stage]}")
        gen, mk = ds.generator(), ds.wall("mkdocs")
        if gen is None and not mk:
            lines.append("")
            continue
        ratio = f"{gen / mk:.0%} of mkdocs" if gen is not None and mk else "mkdocs not measured"
        workers = f"; render workers peaked at {fmt_mib(ds.child_peak('pages')).strip()} MiB each" \
            if ds.child_peak("pages") > 64 * MiB else ""
        if workers and ds.tree_peak("pages"):
            workers += f", all processes {fmt_mib(ds.tree_peak('pages')).strip()} MiB (PSS)"
        lines.append(f"{ds.name:<10} {'= gen':<8} {fmt_s(gen):>8} {fmt_s(ds.generator('cpu')):>8} "
                     f"{fmt_mib(ds.peak('pages')):>9}  load+check+analyse+pages: {ratio}{workers}")
        lines.append("")
    return lines


def preview_note(ds: Dataset) -> str:
    """The preview's latencies and the full mkdocs build they are compared with."""
    info, full = ds.results["preview"]["info"], ds.wall("preview", "mkdocs")
    spread = ", ".join(f"{t:.2f}" for t in info["latencies"])
    ratio = f" = {ds.wall('preview') / full:.0%} of it" if full else ""
    rebuilds = ", ".join(f"{t:.2f}" for t in info.get("rebuild seconds", []))
    cpu = ", ".join(f"{t:.2f}" for t in info.get("rebuild cpu seconds", []))
    during = ""
    if ds.wall("preview", "save during a rebuild") is not None:
        during = (f"; a save during the rebuild of another: {ds.wall('preview', 'save during a rebuild'):.2f} s, "
                  f"{info['builds for a save during a rebuild']} mkdocs build(s) for the two")
    return (f"save -> new words in the browser, median of {spread} s (of which serve's rebuild {rebuilds} s, "
            f"CPU {cpu} s); "
            f"full mkdocs build of the same site {fmt_s(full)} s{ratio}; "
            f"{info['mkdocs builds']} mkdocs builds for {info['saves']} saves{during}")


def preview_targets(datasets: list[Dataset]) -> list[tuple[str, str, Optional[bool]]]:
    rows: list[tuple[str, str, Optional[bool]]] = []
    for ds in datasets:
        if "preview" not in ds.results:
            continue
        t, full = ds.wall("preview"), ds.wall("preview", "mkdocs")
        info = ds.results["preview"]["info"]
        if ds.name in PREVIEW_TARGETS:
            limit = PREVIEW_TARGETS[ds.name]
            rows.append((f"{ds.name}: preview, save -> browser shows it <= {limit:g} s", f"{t:.2f} s (median of "
                         f"{len(info['latencies'])}; max {max(info['latencies']):.2f} s)", t <= limit))
        if full:
            rows.append((f"{ds.name}: preview <= half a full mkdocs build of the same site",
                         f"{t / full:.0%} ({t:.2f} s / {fmt_s(full)} s)", t <= full / 2))
        rows.append((f"{ds.name}: preview, one mkdocs build per save", f"{info['mkdocs builds']} for {info['saves']}",
                     info["mkdocs builds"] == info["saves"]))
    return rows


def verdict(ok: Optional[bool]) -> str:
    return "—   " if ok is None else ("PASS" if ok else "MISS")


def targets(datasets: dict[str, Dataset], real: Dataset) -> list[str]:
    rows: list[tuple[str, str, Optional[bool]]] = preview_targets([real, *datasets.values()])
    who = f"{real.name}{' (1x synthetic: data/ not usable)' if real.stand_in else ''}"

    check = real.results.get("check")
    if check:
        t = check["wall"]["load"] + check["wall"]["check"]
        rows.append((f"al-Tanf check (load+check) <= 0.5 s [{who}]", f"{t:.3f} s", t <= 0.5))
    build = real.results.get("build")
    if build:
        t = build["wall"]["build"]
        has_pdf = "pdf" in build["info"].get("stages", {})
        rows.append((f"whole al-Tanf build, site{' + PDF' if has_pdf else ' (no PDF stage)'} <= 5 s [{who}]",
                     f"{t:.2f} s", t <= 5.0))
    elif "build" in real.notes:
        rows.append(("whole al-Tanf build (site + PDF) <= 5 s", real.notes["build"], None))
    live = real.results.get("live")
    if live:
        t = live["wall"]["edit to page"]
        rows.append((f"live regeneration, YAML edit -> page written <= 2 s [{who}]", f"{t:.2f} s", t <= 2.0))
    large = datasets.get("large")
    if large and large.generator() is not None:
        t = large.generator()
        rows.append(("large: load+check+generate <= 10 s", f"{t:.1f} s (cpu {large.generator('cpu'):.1f} s)",
                     t <= 10.0))
        peak, child, tree = large.peak("pages"), large.child_peak("pages"), large.tree_peak("pages")
        # Workers share much of their memory with the parent (copy-on-write), which RSS counts
        # in each process: the target is judged on the sampled PSS of the whole process tree,
        # or, where /proc has no PSS, on the sum of the peaks (an upper bound).
        rss = f"RSS {peak / MiB:,.0f} MiB" + (f" + {child / MiB:,.0f} MiB per worker" if child > 64 * MiB else "")
        if tree:
            rows.append(("large: peak memory <= 1 GiB", f"{tree / MiB:,.0f} MiB, all processes ({rss})",
                         tree <= GiB))
        else:
            rows.append(("large: peak memory <= 1 GiB", rss, peak + (child if child > 64 * MiB else 0) <= GiB))
    elif wanted_any(datasets, "pages"):
        rows.append(("large: load+check+generate <= 10 s, <= 1 GiB", "not run (--sizes ...,large)", None))
    for small, big in (("1x", "10x"), ("10x", "100x")):
        a, b = datasets.get(small), datasets.get(big)
        if a and b and a.generator() and b.generator():
            ratio, cpu_ratio = b.generator() / a.generator(), b.generator("cpu") / a.generator("cpu")
            rows.append((f"{small} -> {big}: 10x data costs <= 11x generator time",
                         f"{ratio:.1f}x (cpu {cpu_ratio:.1f}x)", ratio <= 11.0))
    for ds in datasets.values():
        gen, mk = ds.generator(), ds.wall("mkdocs")
        if gen is not None and mk:
            rows.append((f"{ds.name}: generator <= 25% of mkdocs build", f"{gen / mk:.0%} ({fmt_s(gen)} s / "
                         f"{fmt_s(mk)} s)", gen / mk <= 0.25))
    if not rows:
        return []
    width = max(len(r[0]) for r in rows)
    return [f"{verdict(ok)}  {name:<{width}}  {figure}" for name, figure, ok in rows]


def wanted_any(datasets: dict[str, Dataset], stage: str) -> bool:
    """Whether any dataset measured `stage` (or tried to): a run of other stages only says nothing of it."""
    return any(stage in ds.results or stage in ds.notes for ds in datasets.values())


def scaling(datasets: dict[str, Dataset]) -> list[str]:
    order = [d for d in ("1x", "10x", "100x", "large") if d in datasets and datasets[d].generator()]
    if len(order) < 2:
        return []
    lines = ["generator time by size (wall / cpu), and the ratio to the size before:"]
    previous = None
    for name in order:
        ds = datasets[name]
        step = ""
        if previous:
            step = (f"  x{ds.generator() / previous.generator():.1f} wall, "
                    f"x{ds.generator('cpu') / previous.generator('cpu'):.1f} cpu vs {previous.name}")
        lines.append(f"  {name:<6} {fmt_s(ds.generator()):>8} s / {fmt_s(ds.generator('cpu')):>8} s{step}")
        previous = ds
    return lines


# --------------------------------------------------------------------------- main


def parse_skips(values: list[str], no_default: bool) -> set[tuple[str, str]]:
    skips = set() if no_default else {tuple(s.split("@", 1)) for s in DEFAULT_SKIPS}
    for value in values:
        stage, _, where = value.partition("@")
        skips.add((stage, where or "*"))
    return skips


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(DEFAULT_SIZES),
                        help=f"comma-separated synthetic sizes: 1x, 10x, 100x, large or any Nx "
                             f"(default {','.join(DEFAULT_SIZES)}; 'none' for data/ only)")
    parser.add_argument("--no-real", action="store_true", help="leave out the real report in data/")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the real report's folder")
    parser.add_argument("--skip", action="append", default=[], metavar="STAGE[@SIZE]",
                        help="leave out a stage (load, check, analyse, pages, mkdocs, pdf, build, live, preview), "
                             "everywhere or for one size (e.g. mkdocs@large); repeatable")
    parser.add_argument("--only", metavar="STAGE[,STAGE]", default="",
                        help="measure only these stages (e.g. preview)")
    parser.add_argument("--no-default-skips", action="store_true",
                        help=f"also run what is skipped by default: {', '.join(DEFAULT_SKIPS)}")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench",
                        help="where datasets and scratch builds go (default build/bench)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per measurement (default 1800)")
    parser.add_argument("--profile", metavar="SIZE", help="also profile load..pages of this size (cProfile)")
    parser.add_argument("--json", type=Path, help="write every measurement to this JSON file")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    say = lambda msg: print(f"[{time.perf_counter() - started:7.1f}s] {msg}", file=sys.stderr, flush=True)  # noqa: E731
    sizes = [] if args.sizes == "none" else [s.strip() for s in args.sizes.split(",") if s.strip()]
    for size in sizes:
        try:
            synthetic.size_of(size)
        except ValueError as exc:
            parser.error(str(exc))
    skips = parse_skips(args.skip, args.no_default_skips)

    only = {stage.strip() for stage in args.only.split(",") if stage.strip()}

    def wanted(stage: str, name: str) -> bool:
        return (stage, "*") not in skips and (stage, name) not in skips and (not only or stage in only)

    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    print(f"load average at start: {load_average()}")

    real: Optional[Dataset] = None
    if not args.no_real:
        problem = real_data_usable(args.data)
        if problem:
            path, _ = dataset_for("1x", args.seed, work)
            real = Dataset("1x*", path, stand_in=True)
            print(f"real report: {problem}; the 1x synthetic investigation stands in (marked 1x*)")
        else:
            real = Dataset("data/", args.data.resolve())
    synthetic_sets: dict[str, Dataset] = {}
    for size in sizes:
        say(f"preparing the {size} investigation")
        path, took = dataset_for(size, args.seed, work)
        synthetic_sets[size] = Dataset(size, path, generated_in=took)

    if real:
        stages = [s for s in REAL_STAGES if wanted(s, real.name) and wanted(s, "data/")]
        measure_dataset(real, stages, work, args.timeout, say)
    for ds in synthetic_sets.values():
        measure_dataset(ds, [s for s in SYNTHETIC_STAGES if wanted(s, ds.name)], work, args.timeout, say)

    profile_text = ""
    if args.profile:
        path, _ = dataset_for(args.profile, args.seed, work)
        profile_text = profile(path, work / f"profile-{args.profile}.txt", say)

    all_sets = ([real] if real else []) + list(synthetic_sets.values())
    print()
    print("Each stage runs in a fresh process that does the build up to that stage; peak MiB is that")
    print("process's peak resident memory. '= gen' is load+check+analyse+pages measured in one process.")
    print()
    print("\n".join(stage_table(all_sets)))
    if real and "build" in real.results:
        info = real.results["build"]["info"]
        print(f"{real.name} whole build (pipeline.build, every output stage): {real.wall('build'):.2f} s wall; "
              f"waiting on each stage: {', '.join(f'{k} {v:.2f}' for k, v in info['stages'].items())}"
              " (the PDF prints in a worker process beside the site; 'pdf' is the wait after mkdocs)")
    if real and "live" in real.results:
        info = real.results["live"]["info"]
        print(f"{real.name} live regeneration via the mkdocs hook: edit of {info['edited']} -> "
              f"{len(info['pages rewritten'])} page(s) rewritten in {real.wall('live', 'edit to page'):.2f} s "
              f"(shown in {', '.join(info['edit shown in'])}); mkdocs' own rebuild of the site comes after")
    for ds in synthetic_sets.values():
        if ds.generated_in is not None:
            print(f"generated the {ds.name} investigation in {ds.generated_in:.1f} s: {synthetic.size_of(ds.name).describe()}")
    print()
    lines = scaling(synthetic_sets)
    if lines:
        print("\n".join(lines))
        print()
    print("Targets (printed, never asserted):")
    print("\n".join(targets(synthetic_sets, real) if real else targets(synthetic_sets, Dataset("none", work))))
    print()
    print(f"load average at end: {load_average()} (above {os.cpu_count()} means other work shared the cores: "
          f"compare CPU times)")
    print(f"benchmark took {time.perf_counter() - started:.0f} s")
    if profile_text:
        print(f"\nprofile of {args.profile}: {work / f'profile-{args.profile}.txt'} (and .prof for pstats/snakeviz)")
    if args.json:
        payload = {ds.name: {"path": str(ds.path), "results": ds.results, "notes": ds.notes} for ds in all_sets}
        args.json.write_text(json.dumps({"machine": machine(), "datasets": payload}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
