"""The build, read top to bottom: load -> check -> analyse -> write.

Each stage is a function with one job; this module only strings them together
so the CLI, the mkdocs hook, the benchmark and the tests run the same path.
"""

from __future__ import annotations

from pathlib import Path

from . import checks, loader
from .checks import Checked
from .diagnostics import DataError


def load_and_check(data_dir: Path | str) -> Checked:
    """Load and check; raise DataError with every problem if any is an error."""
    inv = loader.load(data_dir)
    checked = checks.check(inv)
    if checked.diagnostics.errors:
        raise DataError(checked.diagnostics)
    return checked
