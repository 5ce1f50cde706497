"""Untrusted text -> safe output.

Text fields may hold inline Markdown (emphasis, links). markdown-it-py renders
them with raw HTML disabled, so `<script>` comes out as text. The site's pages
are then read by Python-Markdown (mkdocs), which would interpret Markdown
punctuation a second time (and attr_list's `{: onclick=...}`); so every
Markdown-active character left in the text is written as an HTML entity.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.disable(["image"])  # a data field never pulls in a remote image

# Characters Python-Markdown or its extensions may act on inside text, each written as a
# numeric entity. "#" goes first: every later entity holds one.
ACTIVE_CHARS = "#\\`*_{}[]()|<>:~^=!$@"
_ACTIVE_STEPS = tuple((c, f"&#{ord(c)};") for c in ACTIVE_CHARS)
# Plain text: "&" and "#" first (entities hold them), HTML's special characters as
# html.escape(quote=True) writes them, the other active characters as numeric entities.
_PLAIN_STEPS = (("&", "&amp;"), ("#", "&#35;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"),
                ("'", "&#x27;")) + tuple(step for step in _ACTIVE_STEPS if step[0] not in "#<>")


_SPECIAL = re.compile("[" + re.escape("&\"'" + ACTIVE_CHARS) + "]")


def _replace_each(text: str, steps: tuple) -> str:
    # One str.replace per character present: each is a scan in C, where a regex called
    # back into Python for every match and str.translate looks every character up in a dict
    # (archived texts are megabytes). No step's output holds a character a later step replaces.
    # A short text (a name, a title) is asked once which of them it holds at all.
    present = set(_SPECIAL.findall(text)) if len(text) < 100 else None
    if present is not None and not present:
        return text
    for char, entity in steps:
        if char in (text if present is None else present):
            text = text.replace(char, entity)
    return text


# At the start of a line these begin a list or a block quote.
_LEADING = re.compile(r"^(\s*)([-+*]|\d+[.)])(?=\s|$)")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)|([^<]+)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _protect_text(fragment: str) -> str:
    """Entity-encode Markdown-active characters in text (HTML entities kept as they are)."""
    out = []
    for part in re.split(r"(&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);)", fragment):
        if part.startswith("&") and part.endswith(";") and len(part) > 2:
            out.append(part)
        else:
            out.append(_replace_each(part, _ACTIVE_STEPS))
    return "".join(out)


def _protect_html(rendered: str) -> str:
    pieces = []
    for tag, text in _TAG_OR_TEXT.findall(rendered):
        pieces.append(tag if tag else _protect_text(text))
    return "".join(pieces)


def clean(text: str) -> str:
    """Drop control and bidi-override characters (they can disguise what a reader sees)."""
    return _CONTROL.sub("", text)


# Without any of these characters a text holds no inline Markdown (CommonMark: emphasis,
# code, links, images, autolinks, raw HTML, entities, escapes), and markdown-it would only
# escape its quotation marks: the common case, done without parsing.
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]<>&!]")


def inline_html(text: str) -> str:
    """Inline Markdown -> HTML, raw HTML escaped; safe in any HTML context."""
    text = clean(" ".join(str(text).split()))
    if not _INLINE_SYNTAX.search(text):
        return text.replace('"', "&quot;")
    rendered = _md.renderInline(text)
    return _add_link_attrs(rendered)


def _add_link_attrs(rendered: str) -> str:
    # External links from data open as plain links with no referrer leak.
    return rendered.replace('<a href="http', '<a rel="noopener noreferrer nofollow" href="http')


def _protect_start(fragment: str) -> str:
    return _LEADING.sub(lambda mo: mo.group(1) + "".join(f"&#{ord(c)};" for c in mo.group(2)), fragment, count=1)


def md_inline(text: object) -> Markup:
    """Filter for Markdown pages: data text as inert inline HTML."""
    if text is None:
        return Markup("")
    return _inline_markup(text if type(text) is str else str(text))


@lru_cache(maxsize=1 << 16)
def _inline_markup(text: str) -> Markup:
    # A summary or statement is printed on several pages (its record's, its actors', a list's).
    return Markup(_protect_start(_protect_html(inline_html(text))))


def md_plain(text: object) -> Markup:
    """Filter for Markdown pages: data text with no formatting at all (names, titles)."""
    if text is None:
        return Markup("")
    return plain_markup(text if type(text) is str else str(text))


@lru_cache(maxsize=1 << 18)
def plain_markup(text: str) -> Markup:
    # Every value a page prints goes through here (the same names and ids many times over on
    # a large investigation): cached, as the finished Markup.
    return Markup(escape_plain(text))


def escape_plain(text: str) -> str:
    """What md_plain prints, uncached: for text printed once (archived paragraphs), which
    would only crowd the names out of the cache and hold megabytes."""
    return _protect_start(_replace_each(clean(_one_space(text)), _PLAIN_STEPS))


def _one_space(text: str) -> str:
    """Each run of whitespace as one space, the runs at either end included (split and join,
    not a regex, which would match every single space between words)."""
    inner = " ".join(text.split())
    if not inner:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + inner + (" " if text[-1].isspace() else "")


def html_inline(text: object) -> Markup:
    """Filter for the print template (HTML read by WeasyPrint, not by Python-Markdown)."""
    if text is None:
        return Markup("")
    return Markup(inline_html(str(text)))


def safe_url(url: object) -> str:
    """Only http(s) URLs are ever linked; anything else becomes an empty string."""
    if not url:
        return ""
    text = str(url).strip()
    if not re.match(r"^https?://[^\s<>\"']+$", text, re.IGNORECASE):
        return ""
    return text


_TAG = re.compile(r"<[^>]*>")


def md_words(text: object) -> str:
    """Inline Markdown as the plain words a reader sees (link text kept, emphasis marks and
    any HTML dropped): for places that show text, not markup, such as a popover's text."""
    if text is None:
        return ""
    return html.unescape(_TAG.sub("", inline_html(str(text))))


_DATA_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


def data_attributes(values: dict[str, str]) -> str:
    """` data-NAME="value"` for each non-empty value, in the order given: untrusted text as an
    inert attribute value that a page's script reads back as text. Safe inside raw HTML and
    inside an attr_list `{...}` on a Markdown page (no quote, brace, bar or Markdown-active
    character survives unescaped; a browser decodes the entities back to the text)."""
    out = []
    for name, value in values.items():
        if not _DATA_NAME.match(name):
            raise ValueError(f"not a data attribute name: {name!r}")
        if value:
            out.append(f' data-{name}="{escape_plain(str(value))}"')
    return "".join(out)
