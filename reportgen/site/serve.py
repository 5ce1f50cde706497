"""Live preview: `build_report.py serve` serves the site and rebuilds it on every change.

The pages are generated once before the server starts (so data errors are reported as
by `check`), then the site is built and served by mkdocs' live-reload server. It
watches the data folder (given with --data), the templates, the hand-written assets and
mkdocs.yml; each change is one rebuild (reportgen/site/preview.py: the pages regenerated,
then mkdocs, rendering only the pages that changed where that is provably enough), and
changes made during a rebuild are taken together by the next. The browser reloads after
each rebuild.

Unlike `build`, the preview is not strict: when the data has an error the errors are
printed, the last good pages stay served and each page shows the errors over it
(reportgen/site/overlay.py) until the data is fixed.

The preview leaves out the output stages that are not pages (the PDF brief, the data
exports) unless asked: the Downloads page of the preview lists only what was built.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Iterable, Optional

from reportgen import pipeline
from reportgen.errors import UsageError
from reportgen.paths import GENERATED_DIR, MKDOCS_CONFIG, default_site_dir

DEFAULT_ADDRESS = "127.0.0.1:8000"
SLOW_STAGES = ("pdf", "exports")  # output stages the preview leaves out unless asked
DATA_ENV = "REPORTGEN_DATA"  # read by the hook: which data folder to generate from
SKIP_ENV = "REPORTGEN_SERVE_SKIP"  # read by the hook: output stages to leave out, comma-separated
POLL_SECONDS = 0.1  # how often the watcher looks for changes (mkdocs' default is 0.5 s)

# The navigation of the last good generation, kept by the hook while the data has errors.
# It lives here because mkdocs re-executes the hook file on every rebuild; this module stays.
last_nav: list = []
last_report = None  # the last good report, whose title the preview keeps while data has errors
mkdocs_command = "serve"  # the mkdocs command running the hook (`build` publishes every output)


def preview_skip() -> set[str]:
    return {s for s in os.environ.get(SKIP_ENV, ",".join(SLOW_STAGES)).split(",") if s}


def preview_files(data_dir: Path, skip: Optional[Iterable[str]] = None, cache_dir: Optional[Path] = None):
    """(analysis, files) for the preview: the build's pages and outputs, slow stages left out
    (all of them kept with `skip=()`; `cache_dir` reuses the slow ones' stored outputs)."""
    from reportgen.site.mkdocs_build import env_var

    skip = set(preview_skip() if skip is None else skip)
    analysis = pipeline.analyse_folder(data_dir)
    options = pipeline.BuildOptions(data_dir=Path(data_dir), skip=skip, cache_dir=cache_dir,
                                    site_dir=default_site_dir(Path(data_dir)))
    with env_var("SOURCE_DATE_EPOCH", pipeline.source_date_epoch(analysis)):
        downloads = pipeline.build_exports(analysis, options)
        if "pdf" not in skip:
            downloads.update(pipeline.BriefJob(analysis, options).result())
    if downloads:
        downloads.update(pipeline.checksums(downloads))
    return analysis, pipeline.generate_files(analysis, downloads)


def parse_address(text: str) -> tuple[str, int]:
    match = re.fullmatch(r"(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})", text)
    if not match or not 0 < int(match.group(2)) < 65536:
        raise UsageError(f"--dev-addr {text!r} is not HOST:PORT (e.g. {DEFAULT_ADDRESS})")
    return match.group(1), int(match.group(2))


def _log_to_stderr() -> None:
    """What `mkdocs serve` prints: one line per event, with the preview's messages among them."""
    logger = logging.getLogger("mkdocs")
    if any(getattr(h, "name", "") == "reportgen-serve" for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.name = "reportgen-serve"
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def serve(data_dir: Path, address: str = DEFAULT_ADDRESS, pages_dir: Optional[Path] = None,
          include: Iterable[str] = (), config_file: Path = MKDOCS_CONFIG, say=print) -> None:
    """Generate the pages, then serve them with live reload until interrupted. `include`
    names slow output stages (SLOW_STAGES) to rebuild on every change all the same."""
    from mkdocs.exceptions import MkDocsException
    from mkdocs.livereload import LiveReloadServer

    from reportgen.site.preview import Preview

    parse_address(address)
    data_dir = Path(data_dir).resolve()
    pages_dir = Path(pages_dir or GENERATED_DIR).resolve()
    skip = set(SLOW_STAGES) - set(include)
    say(f"generating pages from {data_dir}")
    site_dir = Path(tempfile.mkdtemp(prefix="reportgen-preview-"))
    try:
        with Preview(data_dir, pages_dir, site_dir, config_file, address, skip) as preview:
            analysis, files = preview.generate()  # data errors stop here, as with `check`
            pages_dir.mkdir(parents=True, exist_ok=True)  # mkdocs checks its docs folder exists
            _log_to_stderr()
            try:
                config = preview.load_config()
                config.plugins.on_startup(command="serve", dirty=False)
                try:
                    _serve(preview, config, analysis, files, LiveReloadServer, say)
                finally:
                    config.plugins.on_shutdown()
            except MkDocsException as exc:
                raise UsageError(f"mkdocs serve stopped: {exc}") from None
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _serve(preview, config, analysis, files, server_class, say) -> None:
    preview.publish(analysis, files)  # the first build: a full one
    host, port = config.dev_addr
    server = server_class(builder=preview.rebuild, host=host, port=port, root=str(preview.site_dir),
                          polling_interval=POLL_SECONDS)
    for path in preview.watched(config):
        server.watch(str(path))
    server = config.plugins.on_serve(server, config=config, builder=preview.rebuild)
    say(f"serving on {config.site_url} — edit the data or the templates and the page reloads; Ctrl-C stops")
    try:
        server.serve()
    except KeyboardInterrupt:
        logging.getLogger("mkdocs.reportgen.preview").info("Shutting down...")
    except OSError as exc:  # the address is taken or cannot be bound
        raise UsageError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
    finally:
        server.shutdown()
