"""The print template's Jinja environment and how it prints data text.

templates/brief/ is HTML for WeasyPrint, not Markdown: data text is rendered by
safetext (inline Markdown, raw HTML disabled) and autoescaped, and only http(s) links
stay links, since a relative link in a PDF points at nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from reportgen.pdf.offline import TEMPLATES
from reportgen.views import safetext, templating

_LINK = re.compile(r'<a\b([^>]*)\bhref="([^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)


def pdf_inline(text: object) -> Markup:
    """Data text (inline Markdown, raw HTML disabled) as HTML for the brief; a link that is not
    http(s) becomes its plain text."""
    rendered = str(safetext.html_inline(text))

    def fix(mo: re.Match) -> str:
        href = mo.group(2).replace("&amp;", "&")
        if safetext.safe_url(href):
            return mo.group(0)
        return f"<span>{mo.group(4)}</span>"

    return Markup(_LINK.sub(fix, rendered))


def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=templating.compiled_cache("brief"),
    )
    templating.register(env)
    env.filters["md"] = _md
    env.filters["url"] = safetext.safe_url
    return env


@jinja2.pass_context
def _md(context, text) -> Markup:
    """The `md` filter: data text as HTML, references to records by their labels (BriefView.md)."""
    if text is None:
        return Markup("")
    view = context.get("b")
    return view.md(text) if view is not None else pdf_inline(text)
