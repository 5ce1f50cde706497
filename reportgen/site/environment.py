"""The site's Jinja environment: Markdown pages where nothing printed can become markup.

Anything a template prints that is not already safe markup is treated as plain,
untrusted text, HTML- and Markdown-escaped (`finalize`), so a forgotten filter is safe.
The format filters and the labels come from the view layer, as in the brief.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from reportgen.paths import TEMPLATES
from reportgen.views import safetext, templating


def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    templating.register(env)
    env.filters["md"] = safetext.md_inline
    env.filters["plain"] = safetext.md_plain
    return env


def _finalize(value: object) -> Markup:
    # Called for every value a template prints: the common cases first.
    kind = type(value)
    if kind is Markup:
        return value
    if kind is str:
        return safetext.plain_markup(value)
    return safetext.md_plain(value)
