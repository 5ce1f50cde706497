"""The subcommands. Each one wires pipeline stages; none holds logic of its own."""

from __future__ import annotations

from .cli import EXIT_OK, command, print_diagnostics
from .pipeline import load_and_check


@command("check", "Validate the data only: schema, references, dates, units, quotes against the archives.")
def run_check(args, console) -> int:
    console.step(f"checking {args.data}")
    checked = load_and_check(args.data)
    print_diagnostics(checked.diagnostics)
    counts = ", ".join(f"{n} {label}" for label, n in checked.summary().items())
    console.out(f"ok: {counts}")
    return EXIT_OK
