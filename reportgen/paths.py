"""Where the project's files are: its root, the templates, the data and the build outputs.

One place, so no stage computes a path from its own location in the package.
"""

import hashlib
import re
from pathlib import Path
from typing import NamedTuple, Optional

from reportgen.errors import UsageError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT_ROOT / "templates"
HANDWRITTEN_DOCS = PROJECT_ROOT / "docs"  # hand-written assets copied beside the generated pages
GENERATED_NAME = "generated"
DEFAULT_DATA = PROJECT_ROOT / "data"
GENERATED_DIR = HANDWRITTEN_DOCS / GENERATED_NAME
SITE_DIR = PROJECT_ROOT / "site"
BUILD_DIR = PROJECT_ROOT / "build"
STAGE_DIR = BUILD_DIR / "stage"
CACHE_DIR = BUILD_DIR / "cache"
MKDOCS_CONFIG = PROJECT_ROOT / "mkdocs.yml"
SCHEMA_PATH = PROJECT_ROOT / "schema" / "investigation.schema.json"
NODE_MODULES = PROJECT_ROOT / "node_modules"
OTHER_BUILDS = BUILD_DIR / "investigations"  # generated pages and staging of investigations other than data/


def investigation_id(data_dir: Path) -> str:
    """A folder name for one investigation's build files: its folder's name and a hash of
    its full path, so two investigations never share one, whatever they are called."""
    resolved = Path(data_dir).resolve()
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", resolved.name).strip("-.")[:40] or "data"
    return f"{name}-{hashlib.sha256(str(resolved).encode('utf-8', 'surrogateescape')).hexdigest()[:12]}"


def is_default_data(data_dir: Path) -> bool:
    return Path(data_dir).resolve() == DEFAULT_DATA.resolve()


def default_site_dir(data_dir: Path) -> Path:
    """Where `build` puts an investigation's site: site/ for data/, DIR/site for any other."""
    return SITE_DIR if is_default_data(data_dir) else Path(data_dir) / "site"


class BuildFolders(NamedTuple):
    site: Path       # replaced whole by a successful build
    generated: Path  # the generated pages, for mkdocs serve and a look at the Markdown
    stage: Path      # scratch: the next site while it is built


def build_folders(data_dir: Path, output: Optional[Path] = None) -> BuildFolders:
    """site/, docs/generated and build/stage belong to data/. Another investigation, or
    another output, builds into its own site folder (DIR/site by default), with its pages
    and staging under build/investigations/<id>/, so no build overwrites another's."""
    site = Path(output) if output is not None else default_site_dir(data_dir)
    _refuse_output(site, data_dir)
    if is_default_data(data_dir) and output is None:
        return BuildFolders(SITE_DIR, GENERATED_DIR, STAGE_DIR)
    own = OTHER_BUILDS / investigation_id(data_dir)
    return BuildFolders(site, own / GENERATED_NAME, own / "stage")


def generated_dir(data_dir: Path) -> Path:
    """Where an investigation's pages are generated for `serve`: docs/generated for data/."""
    return GENERATED_DIR if is_default_data(data_dir) else OTHER_BUILDS / investigation_id(data_dir) / GENERATED_NAME


def _refuse_output(site: Path, data_dir: Path) -> None:
    """The site folder is replaced whole: never one that holds the data or the project,
    nor a folder of other files."""
    if site.exists() and not site.is_dir():
        raise UsageError(f"--output {site} is a file: name a folder for the site")
    target = site.resolve()
    for precious in (Path(data_dir).resolve(), PROJECT_ROOT, BUILD_DIR.resolve()):
        if precious.is_relative_to(target):
            raise UsageError(f"--output {site} holds {precious}, which the site would replace: "
                             "name a folder of its own, e.g. DIR/site")
    if site.is_dir() and any(site.iterdir()) and not (site / "index.html").is_file():
        raise UsageError(f"--output {site} holds other files, which the site would replace: "
                         "name a new folder or an earlier site")
