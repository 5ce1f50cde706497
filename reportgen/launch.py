"""Start the command line under the interpreter that has the project's packages.

`./build_report.py` runs whatever `python3` its shebang finds, usually the system's,
which lacks the pinned packages `make` installs into `.venv`. This module (standard
library only: it runs before any dependency is imported) re-executes the command
under `.venv/bin/python` once, or says in one line that `make` must run first.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
# The packages the command line imports; one missing means this is not the project's interpreter.
NEEDED = ("yaml", "pydantic", "jinja2", "markdown_it", "rapidfuzz", "mkdocs", "weasyprint")
REEXEC_ENV = "REPORTGEN_REEXEC"  # set on the re-executed command, so it never re-executes twice
EXIT_USAGE = 2


def missing_packages(names: Sequence[str] = NEEDED) -> list[str]:
    return [name for name in names if importlib.util.find_spec(name) is None]


def ensure_packages(script: Path, argv: Sequence[str], venv_python: Path = VENV_PYTHON) -> Optional[int]:
    """None when this interpreter has the packages; otherwise re-execute `script` under
    the virtualenv (this call then never returns) or print one line and return exit code 2."""
    missing = missing_packages()
    if not missing:
        os.environ.pop(REEXEC_ENV, None)  # not passed on to the commands this one runs
        return None
    if venv_python.is_file() and not os.environ.get(REEXEC_ENV):
        os.environ[REEXEC_ENV] = "1"
        os.execv(str(venv_python), [str(venv_python), str(script), *argv])
    state = ".venv lacks them" if venv_python.is_file() else "there is no .venv"
    print(f"build_report.py: the project's Python packages are not installed ({state}; missing: "
          f"{', '.join(missing)}): run `make` first", file=sys.stderr)
    return EXIT_USAGE
