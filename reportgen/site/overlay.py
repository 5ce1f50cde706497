"""The preview's error overlay: while the data has errors, the previewed page shows them.

Under `build_report.py serve` only (never in a built site), every page loads
docs/preview/overlay.js, and each rebuild writes preview/status.json beside it: the
problems, each as the terminal prints it (file:line:col, message, details such as the
closest passage of a quote, hint), or none. The script reads the status when the page
loads (mkdocs' live reload reloads it after every rebuild, good or not) and builds the
overlay from text nodes only, so nothing from the data can become markup.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from reportgen.data.diagnostics import Diagnostic, Diagnostics
from reportgen.paths import HANDWRITTEN_DOCS

SCRIPT = "preview/overlay.js"  # where the pages find it, relative to the site's root
STATUS = "preview/status.json"
SCRIPT_SOURCE = HANDWRITTEN_DOCS / "preview" / "overlay.js"


def status(problems: list[Diagnostic]) -> bytes:
    """The status file: `{"ok": true}`, or the problems as the terminal shows them."""
    if not problems:
        return b'{"ok":true}\n'
    shown = [problem.shown() for problem in problems]
    errors = sum(1 for problem in problems if problem.severity == "error")
    return (json.dumps({"ok": False, "errors": errors, "problems": shown}, ensure_ascii=True, indent=1)
            + "\n").encode("ascii")


def write(site_dir: Path, status_bytes: bytes) -> None:
    """The script and the status into the served site (each replaced whole, never half-written)."""
    for rel, data in ((SCRIPT, SCRIPT_SOURCE.read_bytes()), (STATUS, status_bytes)):
        path = Path(site_dir) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)


def template_problem(exc: Exception) -> Diagnostics:
    """A template's error (a Jinja syntax or rendering error) as a diagnostic with its place."""
    problems = Diagnostics()
    file, line = getattr(exc, "filename", None) or "templates", getattr(exc, "lineno", None) or 1
    try:
        file = os.path.relpath(file)
    except ValueError:
        pass
    problems.items.append(Diagnostic(file, line, 1, f"template: {getattr(exc, 'message', None) or exc}",
                                     hint="fix the template and save; the last good pages stay served"))
    return problems
