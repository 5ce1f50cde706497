"""The subcommands. Each one wires pipeline stages; none holds logic of its own."""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

from reportgen.cli import EXIT_DATA, EXIT_OK, command, print_diagnostics
from reportgen.paths import CACHE_DIR, PROJECT_ROOT, build_folders
from reportgen.pipeline import load_and_check


@command("check", "Validate the data only: schema, references, dates, units, quotes against the archives.")
def run_check(args, console) -> int:
    console.step(f"checking {args.data}")
    checked = load_and_check(args.data)
    print_diagnostics(checked.diagnostics)
    counts = ", ".join(f"{n} {label}" for label, n in checked.summary().items())
    console.out(f"ok: {counts}")
    return EXIT_OK


def _build_args(p) -> None:
    p.add_argument("--skip", action="append", default=[], metavar="STAGE",
                   help="leave out an output stage (e.g. pdf); repeatable")
    p.add_argument("--paper", choices=["a4", "letter"], default="a4", help="paper size of the PDF brief")
    p.add_argument("--no-cache", action="store_true",
                   help="render the PDF brief even if its inputs are unchanged since the last build")
    p.add_argument("--output", "-o", type=Path, default=None, metavar="DIR",
                   help="where the site goes (default: site/ for data/, DIR/site for --data DIR)")


@command("build", "Check the data, generate the pages and outputs, and build the site "
                  "(site/, or DIR/site for --data DIR).", _build_args)
def run_build(args, console) -> int:
    from reportgen.errors import StageError
    from reportgen.pipeline import build

    options = build_options(args)
    try:
        result = build(options, progress=console.step)
    except StageError as exc:
        for message in exc.messages:
            console.out(message)
        console.out(f"site build failed: the previous {_shown(options.site_dir)}/ is untouched")
        return EXIT_DATA
    finally:
        shutil.rmtree(options.stage_dir, ignore_errors=True)  # a failed build's half-made site too
    total = sum(result.timings.values())
    steps = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    console.out(f"built {_shown(options.site_dir)}/ ({len(result.files)} files) in {total:.2f}s: {steps}")
    return EXIT_OK


def build_options(args):
    from reportgen.pipeline import BuildOptions

    folders = build_folders(args.data, args.output)
    return BuildOptions(data_dir=args.data, skip=set(args.skip), paper=args.paper,
                        cache_dir=None if args.no_cache else CACHE_DIR, site_dir=folders.site,
                        generated_dir=folders.generated, stage_dir=folders.stage)


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _pdf_args(p) -> None:
    p.add_argument("--output", "-o", type=Path, default=None, metavar="PATH",
                   help="where to write the PDF (default: build/<report>-brief.pdf)")
    p.add_argument("--paper", choices=["a4", "letter"], default="a4", help="paper size: a4 or letter")


@command("pdf", "Check the data and print only the PDF brief (no site).", _pdf_args)
def run_pdf(args, console) -> int:
    import time

    from reportgen.pdf import brief
    from reportgen.analysis import analyse
    from reportgen.paths import BUILD_DIR
    from reportgen.site.mkdocs_build import site_url

    console.step(f"checking {args.data}")
    analysis = analyse(load_and_check(args.data))
    output = args.output or BUILD_DIR / brief.pdf_name(analysis)
    console.step(f"printing the brief ({args.paper})")
    t0 = time.perf_counter()
    try:
        printed = brief.render(analysis, args.paper, site_url=site_url())
    except brief.BriefError as exc:
        for message in exc.messages:
            console.out(message)
        console.out("PDF brief failed: nothing was written")
        return EXIT_DATA
    seconds = time.perf_counter() - t0
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_bytes(printed.pdf)
    tmp.replace(output)
    console.out(f"wrote {output} ({printed.pages} pages, {brief.PAPERS[args.paper]}, "
                f"{len(printed.pdf) / 1024:.0f} KiB) in {seconds:.2f}s")
    return EXIT_OK


def _schema_args(p) -> None:
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if schema/investigation.schema.json is out of date")


@command("schema", "Write the JSON Schema of the data files (schema/investigation.schema.json) for editors.",
         _schema_args)
def run_schema(args, console) -> int:
    from reportgen.data import schema

    path = schema.SCHEMA_PATH
    shown = f"{path.parent.name}/{path.name}"
    if args.check:
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current != schema.schema_text():
            console.out(f"{shown} is out of date: run `build_report.py schema`")
            return EXIT_DATA
        console.out(f"{shown} is up to date")
        return EXIT_OK
    changed = schema.write_schema(path)
    console.out(f"{'wrote' if changed else 'unchanged:'} {shown}")
    return EXIT_OK


def _serve_args(p) -> None:
    from reportgen.site.serve import DEFAULT_ADDRESS

    p.add_argument("-a", "--dev-addr", default=DEFAULT_ADDRESS, metavar="HOST:PORT",
                   help=f"address to serve on (default {DEFAULT_ADDRESS})")
    p.add_argument("--pdf", action="store_true", help="also rebuild the PDF brief on every change (slower)")
    p.add_argument("--exports", action="store_true",
                   help="also rebuild the data exports on every change (slower on a large investigation)")
    p.add_argument("--pages-dir", type=Path, default=None, metavar="DIR",
                   help="where the generated pages go (default docs/generated for data/, "
                        "build/investigations/<name>/generated for another)")


@command("serve", "Preview the site with live reload: pages regenerate when the data or a template changes.",
         _serve_args)
def run_serve(args, console) -> int:
    from reportgen.site.serve import serve

    from reportgen.paths import generated_dir

    include = [stage for stage, wanted in (("pdf", args.pdf), ("exports", args.exports)) if wanted]
    serve(args.data, args.dev_addr, args.pages_dir or generated_dir(args.data), include=include, say=console.step)
    return EXIT_OK


def _new_args(p) -> None:
    p.add_argument("path", type=Path, metavar="PATH", help="folder for the new investigation (missing or empty)")
    p.add_argument("--title", required=True, help="the report's title")


@command("new", "Start a new investigation: a small, valid, commented example to edit.", _new_args)
def run_new(args, console) -> int:
    from reportgen.scaffold import create

    written = create(args.path, args.title)
    console.out(f"created {args.path}: {', '.join(written)}")
    console.out("next:")
    run = f"{starter_command()} --data {shlex.quote(str(args.path))}"
    console.out(f"  {run} check    # validate (also after every edit)")
    console.out(f"  {run} serve    # live preview at http://127.0.0.1:8000/")
    console.out(f"  {run} build    # the site and the PDF brief, into site/ of that folder")
    return EXIT_OK


def starter_command() -> str:
    """How to run build_report.py from the current folder, as a shell takes it: `./build_report.py`
    in the project, its relative path below it, its absolute path elsewhere."""
    starter = PROJECT_ROOT / "build_report.py"
    relative = os.path.relpath(starter)
    if relative.startswith(os.pardir):
        return shlex.quote(str(starter))
    return shlex.quote(relative if os.sep in relative else f".{os.sep}{relative}")
