"""Live preview: `build_report.py serve` runs `mkdocs serve` with the reportgen hook.

The pages are generated once before the server starts (so data errors are
reported as by `check`, and mkdocs finds its docs folder), then the hook in
reportgen/site/mkdocs_hook.py regenerates them before every rebuild. mkdocs watches
the data folder (given with --data), the templates and the hand-written assets
(`watch:` in mkdocs.yml); the hook writes only files whose content changed, so
one edit causes one or two rebuilds, never a loop.

Unlike `build`, the preview is not strict: when the data has an error the hook logs it
and the last good pages stay served until the data is fixed.

The preview leaves out slow output stages (the PDF brief) unless asked: the
Downloads page of the preview lists only what was built.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path
from typing import Iterable, Optional

from reportgen import pipeline
from reportgen.errors import UsageError
from reportgen.paths import MKDOCS_CONFIG, default_site_dir
from reportgen.site import files

DEFAULT_ADDRESS = "127.0.0.1:8000"
SLOW_STAGES = ("pdf",)
DATA_ENV = "REPORTGEN_DATA"  # read by the hook: which data folder to generate from
SKIP_ENV = "REPORTGEN_SERVE_SKIP"  # read by the hook: output stages to leave out, comma-separated

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
    """What `mkdocs serve` prints: one line per event, with the hook's messages among them."""
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
          with_pdf: bool = False, config_file: Path = MKDOCS_CONFIG, say=print) -> None:
    """Generate the pages, then serve them with live reload until interrupted."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    from reportgen.site.mkdocs_build import NO_HOOK_ENV

    parse_address(address)
    data_dir = Path(data_dir).resolve()
    pages_dir = Path(pages_dir or pipeline.GENERATED_DIR).resolve()
    skip = set() if with_pdf else set(SLOW_STAGES)
    say(f"generating pages from {data_dir}")
    _, generated = preview_files(data_dir, skip)  # data errors stop here, as with `check`
    files.write_tree(generated, pages_dir)
    os.environ[DATA_ENV] = str(data_dir)
    os.environ[SKIP_ENV] = ",".join(sorted(skip))
    os.environ.pop(NO_HOOK_ENV, None)
    _log_to_stderr()
    say(f"serving on http://{address}/ — edit the data or the templates and the page reloads; Ctrl-C stops")
    try:
        # Not strict: a data error is logged by the hook and the last good pages stay served
        # (a strict abort would leave the server waiting). `build` stays strict.
        mkdocs_serve(config_file=str(config_file), livereload=True, watch=[str(data_dir)],
                     dev_addr=address, docs_dir=str(pages_dir), strict=False)
    except MkDocsException as exc:
        raise UsageError(f"mkdocs serve stopped: {exc}") from None
    except OSError as exc:  # the address is taken or cannot be bound
        raise UsageError(f"cannot serve on {address}: {exc.strerror or exc}") from None
