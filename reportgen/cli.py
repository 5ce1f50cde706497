"""The command line: `build_report.py check | build | pdf | serve | ...`.

Exit codes: 0 clean, 1 data errors, 2 usage errors. A data problem never ends
in a Python traceback: it is printed as `file:line:col: error: message`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable, Optional

from reportgen.data.diagnostics import DataError, Diagnostics
from reportgen.errors import EXIT_DATA, EXIT_OK, EXIT_USAGE, UsageError  # noqa: F401 (EXIT_OK: for the commands)
from reportgen.paths import DEFAULT_DATA



class Console:
    """Short, useful output: progress on stderr, results on stdout."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self._t0 = time.perf_counter()

    def step(self, message: str) -> None:
        if not self.quiet:
            elapsed = time.perf_counter() - self._t0
            print(f"[{elapsed:6.2f}s] {message}", file=sys.stderr, flush=True)

    def out(self, message: str = "") -> None:
        print(message, flush=True)


def print_diagnostics(diags: Diagnostics, stream=None) -> None:
    stream = stream or sys.stderr
    for diag in diags.sorted():
        print(diag.format(), file=stream)
    n_err, n_warn = len(diags.errors), len(diags.warnings)
    if n_err or n_warn:
        print(f"{n_err} error(s), {n_warn} warning(s)", file=stream)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build_report.py",
        description="Check an investigation's YAML and build its report: a searchable site and a PDF brief.",
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder with the investigation's YAML files and sources/ (default: data/)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, (help_text, add_args, _) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if add_args:
            add_args(p)
    return parser


# Commands register themselves here: name -> (help, add_arguments, run).
COMMANDS: dict[str, tuple[str, Optional[Callable], Callable]] = {}


def command(name: str, help_text: str, add_args: Optional[Callable] = None):
    def register(run: Callable) -> Callable:
        COMMANDS[name] = (help_text, add_args, run)
        return run

    return register


def main(argv: Optional[list[str]] = None) -> int:
    from reportgen import commands  # noqa: F401 - registers the subcommands

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    console = Console(quiet=args.quiet)
    _, _, run = COMMANDS[args.command]
    try:
        return run(args, console)
    except DataError as exc:
        print_diagnostics(exc.diagnostics)
        print("build stopped: fix the errors above; nothing was written", file=sys.stderr)
        return EXIT_DATA
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130

