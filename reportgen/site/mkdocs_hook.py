"""mkdocs hook: plain `mkdocs build` and `mkdocs serve` generate the pages first.

A thin adapter around the generator (as mkdocs-gen-files is): before each build it
runs the same load -> check -> analyse -> render stages into mkdocs' `docs_dir` and
writes only files whose content changed, so serve does not rebuild in a loop. Under
`mkdocs build` the site gets every output `build_report.py build` makes (the PDF
brief reused from build/cache/ while its inputs are unchanged); under `mkdocs serve`
the slow ones are left out, data errors are logged and the last good pages stay.
`build_report.py build` renders the pages itself and sets REPORTGEN_PAGES_PREBUILT,
so this does nothing then. `build_report.py serve` generates before each build itself
(reportgen/site/preview.py) and uses the other events: which pages were built, with
which titles, and the search index. Without the project's packages or npm files (a
fresh clone before `make`) it stops with one line saying what to run.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
SETUP = "run `make` first (it installs the packages into .venv), then `.venv/bin/mkdocs build` or `serve`"

log = logging.getLogger("mkdocs.hooks.reportgen")


def _import_project() -> None:
    """Make `reportgen` importable under a console script whose sys.path lacks the project,
    or stop with one line when the packages it needs are not installed."""
    from mkdocs.exceptions import Abort

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from reportgen.launch import missing_packages

    missing = missing_packages()
    if missing:
        raise Abort(f"reportgen: the project's packages are missing ({', '.join(missing)}): {SETUP}")


def _preview():
    """The running `build_report.py serve` preview, or None (plain mkdocs, or a build)."""
    _import_project()
    from reportgen.site import preview

    return preview.current()


def on_startup(command, dirty, **kwargs):
    """Note whether this is a site to publish (`build`, `gh-deploy`) or a preview (`serve`)."""
    if os.environ.get("REPORTGEN_PAGES_PREBUILT"):
        return
    _import_project()
    from reportgen.site import serve

    serve.mkdocs_command = command


def on_config(config, **kwargs):
    """Generate before mkdocs collects the files, and list the record pages in the nav."""
    if os.environ.get("REPORTGEN_PAGES_PREBUILT") or _preview() is not None:
        return config
    _import_project()
    from mkdocs.exceptions import Abort

    from reportgen import pipeline
    from reportgen.data.diagnostics import DataError
    from reportgen.errors import UsageError
    from reportgen.paths import CACHE_DIR, DEFAULT_DATA
    from reportgen.site import files as site_files
    from reportgen.site import mkdocs_build as site
    from reportgen.site import nav, serve

    data_dir = Path(os.environ.get(serve.DATA_ENV, DEFAULT_DATA))
    publishing = serve.mkdocs_command in ("build", "gh-deploy") and serve.SKIP_ENV not in os.environ
    try:
        # The same pages and outputs as the build (exports too, so the Downloads page and its
        # links agree); a preview leaves out the slow stages `build_report.py serve` leaves out.
        if publishing:
            analysis, files = serve.preview_files(data_dir, skip=(), cache_dir=CACHE_DIR)
            # the site's own dates too (sitemap), as `build_report.py build` sets them
            os.environ.setdefault("SOURCE_DATE_EPOCH", pipeline.source_date_epoch(analysis))
        else:
            analysis, files = serve.preview_files(data_dir)
    except DataError as exc:
        for diag in exc.diagnostics.sorted():
            log.error(diag.format())
        if publishing:
            raise Abort("reportgen: the data has errors (above): nothing was built") from None
        log.error("data errors: the pages were left as they were")
        # the last good pages stay listed, under the last good title
        site.apply_report(config, serve.last_report, serve.last_nav)
        return config
    except UsageError as exc:
        raise Abort(f"reportgen: {exc}") from None
    written = site_files.write_tree(files, Path(config["docs_dir"]))
    if written:
        log.info("reportgen: regenerated %d page(s)", written)
    serve.last_nav = nav.navigation(analysis)
    serve.last_report = analysis.inv.report
    site.apply_report(config, serve.last_report, serve.last_nav)
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
