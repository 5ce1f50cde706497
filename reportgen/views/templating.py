"""What both Jinja environments, the site's and the brief's, get from the view layer.

The format filters (`date`, `pct`, `signed`, `fmt_num`, `km`) and the `labels`, `groups` and
`incidents` modules as globals, registered by one function so the two cannot drift apart;
and where each keeps its compiled templates between builds (Jinja's own bytecode cache,
which compiles a template again whenever its source changes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import jinja2

from reportgen.paths import CACHE_DIR
from reportgen.views import formats, groups, incidents, labels


def register(env: jinja2.Environment) -> jinja2.Environment:
    env.filters.update(formats.FILTERS)
    env.globals.update(labels=labels, groups=groups, incidents=incidents)
    return env


def compiled_cache(kind: str, root: Path = CACHE_DIR) -> Optional[jinja2.BytecodeCache]:
    """A folder of compiled templates for one environment (`kind`: "site" or "brief", whose
    options differ, so never shared); None where the build folder cannot be written."""
    folder = root / "templates" / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))
