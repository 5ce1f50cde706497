"""What both Jinja environments, the site's and the brief's, get from the view layer.

The format filters (`date`, `pct`, `signed`, `fmt_num`, `km`) and the `labels`, `groups` and
`incidents` modules as globals, registered by one function so the two cannot drift apart.
"""

from __future__ import annotations

import jinja2

from reportgen.views import formats, groups, incidents, labels


def register(env: jinja2.Environment) -> jinja2.Environment:
    env.filters.update(formats.FILTERS)
    env.globals.update(labels=labels, groups=groups, incidents=incidents)
    return env
