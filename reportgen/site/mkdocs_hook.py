"""mkdocs hook: the pages regenerated under plain `mkdocs serve`; the preview's bookkeeping
under `build_report.py serve`.

A thin adapter around the generator (as mkdocs-gen-files is). Under plain `mkdocs serve`
(or `mkdocs build`) `on_config` runs the same load -> check -> analyse -> render stages
and writes only files whose content changed; data errors are logged through mkdocs'
logger and the last good pages stay. `build_report.py build` renders the pages itself
and sets REPORTGEN_PAGES_PREBUILT, so this does nothing then. `build_report.py serve`
generates before each build itself (reportgen/site/preview.py) and uses the other
events: which pages were built, with which titles, and the search index.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

# `mkdocs serve` may run from a console script whose sys.path lacks the project. mkdocs
# puts sys.path back as it was once this file has run, so the package is imported now: its
# modules are then found through it.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import reportgen  # noqa: E402,F401

log = logging.getLogger("mkdocs.hooks.reportgen")


def _preview():
    from reportgen.site import preview

    return preview.current()


def on_config(config, **kwargs):
    """Generate before mkdocs collects the files, and list the record pages in the nav."""
    if os.environ.get("REPORTGEN_PAGES_PREBUILT") or _preview() is not None:
        return config
    from reportgen.site import pages
    from reportgen.site import serve
    from reportgen.site import mkdocs_build as site
    from reportgen.data.diagnostics import DataError
    from reportgen.paths import DEFAULT_DATA

    data_dir = Path(os.environ.get(serve.DATA_ENV, DEFAULT_DATA))
    try:
        # The same pages as the build, less the output stages the preview leaves out (its
        # Downloads page lists only what was built).
        analysis, files = serve.preview_files(data_dir)
    except DataError as exc:
        for diag in exc.diagnostics.sorted():
            log.error(diag.format())
        log.error("data errors: the pages were left as they were")
        # the last good pages stay listed, under the last good title
        site.apply_report(config, serve.last_report, serve.last_nav_extra)
        return config
    written = pages.write_tree(files, Path(config["docs_dir"]))
    if written:
        log.info("reportgen: regenerated %d page(s)", written)
    serve.last_nav_extra = pages.navigation_extra(analysis)
    serve.last_report = analysis.inv.report
    site.apply_report(config, serve.last_report, serve.last_nav_extra)
    return config


def on_serve(server, config, builder, **kwargs):
    """Plain `mkdocs serve`: this hook writes the pages, so a change there is no reason to
    build again (mkdocs watches its docs folder: each edit would build twice)."""
    if not os.environ.get("REPORTGEN_PAGES_PREBUILT") and _preview() is None:
        server.unwatch(config["docs_dir"])
    return server


def on_nav(nav, config, files, **kwargs):
    if (preview := _preview()) is not None:
        preview.on_nav(nav)
    return nav


def on_env(env, config, files, **kwargs):
    if (preview := _preview()) is not None:
        return preview.on_env(env, files)
    return env


def on_page_context(context, page, config, nav, **kwargs):
    if (preview := _preview()) is not None:
        preview.on_page_context(page)
    return context


@event_priority(-50)  # after the search plugin writes its index, before `offline` copies it
def on_post_build(config, **kwargs):
    if (preview := _preview()) is not None:
        preview.on_post_build(config)
