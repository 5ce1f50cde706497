"""The site's Jinja environment: Markdown pages where nothing printed can become markup.

Anything a template prints that is not already safe markup is treated as plain,
untrusted text, HTML- and Markdown-escaped (`finalize`), so a forgotten filter is safe.
The format filters and the labels come from the view layer, as in the brief.
"""

from __future__ import annotations

from functools import lru_cache
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
        bytecode_cache=templating.compiled_cache("site"),
        keep_trailing_newline=True,
    )
    templating.register(env)
    env.filters["md"] = _md
    env.filters["plain"] = safetext.md_plain
    return env


@lru_cache(maxsize=4)
def shared_environment(templates: str) -> jinja2.Environment:
    """One environment per templates folder for the whole process, so its compiled templates
    are kept from one render to the next (the live preview renders the site on every change).
    Jinja compiles a template again when its file changed."""
    return environment(Path(templates))


@jinja2.pass_context
def _md(context, text: object) -> Markup:
    """The `md` filter: data text as inert inline HTML, its references to records as links
    (relative to the page being rendered, so the page's helper `ctx` renders those)."""
    if text is None:
        return Markup("")
    text = text if type(text) is str else str(text)
    if "](" in text:
        ctx = context.get("ctx")
        rendered = ctx.md(text) if ctx is not None else None
        if rendered is not None:
            return rendered
    return safetext.md_inline(text)


def _finalize(value: object) -> Markup:
    # Called for every value a template prints: the common cases first.
    kind = type(value)
    if kind is Markup:
        return value
    if kind is str:
        return safetext.plain_markup(value)
    return safetext.md_plain(value)
