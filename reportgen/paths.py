"""Where the project's files are: its root, the templates, the data and the build outputs.

One place, so no stage computes a path from its own location in the package.
"""

from pathlib import Path

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
