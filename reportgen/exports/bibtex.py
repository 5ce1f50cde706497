"""`sources.bib`: one BibTeX entry per source, keyed by the source id, for biblatex (biber)
and classic BibTeX.

An entry has a person or an organisation as author, or else a `key` (the source's citation
label), which BibTeX styles use to sort and label it and biber reads as `sortkey`. Entry types
and fields are ones biblatex's data model accepts for the type: `@article` needs an author and a
journal, anything else is `@misc`.
"""

from __future__ import annotations

import re

from reportgen.analysis import Analysis
from reportgen.data import dates
from reportgen.data.model import DateSpec, Precision, Source
from reportgen.exports import reference
from reportgen.exports.common import span
from reportgen.views import labels, safetext

_SPECIAL = {
    # BibTeX counts every brace, escaped or not, so a lone \{ would end the entry early:
    # braces in text become the LaTeX text symbols instead.
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "&": r"\&", "%": r"\%",
    "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile(r"[\\{}&%$#_~^]")
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def build(analysis: Analysis) -> bytes:
    return bibtex(analysis).encode("utf-8")


def escape(text: str) -> str:
    """Plain text -> a BibTeX field value: LaTeX specials escaped, braces always balanced.
    Non-ASCII letters stay as UTF-8 (biber, bibtexu and pybtex read them)."""
    text = safetext.clean(" ".join(str(text).split()))
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], text)


def url(value: str) -> str:
    """URLs are verbatim fields: only characters that would unbalance the entry are percent-encoded."""
    return re.sub(r"[{}\\\s]", lambda m: "%{:02X}".format(ord(m.group())), value.strip())


def _name(parts: dict[str, str]) -> str:
    if "literal" in parts:
        return "{" + escape(parts["literal"]) + "}"  # braced: one name, never split at "and"
    return f"{escape(parts['family'])}, {escape(parts['given'])}"


def entry(analysis: Analysis, src: Source) -> str:
    names = reference.authors(src)
    outlet = reference.outlet(src)
    article = reference.is_press(src) and bool(names) and bool(outlet)
    fields: list[tuple[str, str]] = []  # (name, value as written after "=")
    if names:
        fields.append(("author", "{" + " and ".join(_name(n) for n in names) + "}"))
    else:
        fields.append(("key", "{" + escape(labels.source_label(analysis.inv, src.id)) + "}"))
    fields.append(("title", "{{" + escape(reference.title(src)) + "}}"))  # inner braces keep the case
    if outlet:
        fields.append(("journal" if article else "howpublished", "{" + escape(outlet) + "}"))
    span = dates.interval(src.published)
    fields.append(("year", "{" + str(span.start.year) + "}"))
    if span.form != "year":
        fields.append(("month", _MONTHS[span.start.month - 1]))  # the standard macro, unbraced
    fields.append(("date", "{" + _date(src.published) + "}"))
    if src.url:
        fields.append(("url", "{" + url(src.url) + "}"))
    if src.archived:
        fields.append(("urldate", "{" + src.archived[:10] + "}"))
    fields.append(("note", "{" + escape(reference.note(src)) + "}"))
    body = "".join(f"  {name} = {value},\n" for name, value in fields)
    return f"@{'article' if article else 'misc'}{{{src.id},\n{body}}}\n"


def bibtex(analysis: Analysis) -> str:
    entries = ["% Sources of the investigation, exported by reportgen. UTF-8.\n"]
    entries.extend(entry(analysis, src) for src in analysis.inv.sources)
    return "\n".join(entries)


def _date(spec: DateSpec) -> str:
    """biblatex's ISO date to the written precision (days at most); a range or a week as start/end."""
    first, last = span(spec)
    if spec.end or spec.precision == Precision.week:
        if last[:10] != first[:10]:
            return f"{spec.date[:10]}/{spec.end[:10] if spec.end else last}"
    return spec.date[:10]
