"""mkdocs hook: regenerate the pages before each build under `mkdocs serve`.

A thin adapter around the generator (as mkdocs-gen-files is): it runs the same
load -> check -> analyse -> render stages and writes only files whose content
changed, so serve does not rebuild in a loop. `build_report.py build` renders
the pages itself and sets REPORTGEN_PAGES_PREBUILT, so this does nothing then.
Data errors are logged through mkdocs' logger and the last good pages stay.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

# `mkdocs serve` may run from a console script whose sys.path lacks the project.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

log = logging.getLogger("mkdocs.hooks.reportgen")


def on_config(config, **kwargs):
    """Generate before mkdocs collects the files, and list the record pages in the nav."""
    if os.environ.get("REPORTGEN_PAGES_PREBUILT"):
        return config
    from reportgen.data.diagnostics import DataError
    from reportgen.paths import DEFAULT_DATA
    from reportgen.site import files as site_files
    from reportgen.site import mkdocs_build as site
    from reportgen.site import nav, serve

    data_dir = Path(os.environ.get(serve.DATA_ENV, DEFAULT_DATA))
    try:
        # The same pages and outputs as the build (exports too, so the Downloads page and
        # its links agree), less the slow stages `build_report.py serve` leaves out.
        analysis, files = serve.preview_files(data_dir)
    except DataError as exc:
        for diag in exc.diagnostics.sorted():
            log.error(diag.format())
        log.error("data errors: the pages were left as they were")
        # the last good pages stay listed, under the last good title
        site.apply_report(config, serve.last_report, serve.last_nav)
        return config
    written = site_files.write_tree(files, Path(config["docs_dir"]))
    if written:
        log.info("reportgen: regenerated %d page(s)", written)
    serve.last_nav = nav.navigation(analysis)
    serve.last_report = analysis.inv.report
    site.apply_report(config, serve.last_report, serve.last_nav)
    return config
