"""References to records inside text fields, and where the prose of an investigation is.

Readers see names and labels, never record ids. A text field refers to a record
with a Markdown link whose target is `kind:id`:

    [the defence official's "Wednesday night"](claim:first-convoy-wednesday-night)
    [](discrepancy:june-6-targets)        (an empty label: the record's own label)

The pages render it as a link to the record, the brief as the record's label; `check`
verifies each one like any other reference, and warns on an id written as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from reportgen.data.diagnostics import did_you_mean

# The word before the colon -> the collection it names.
KINDS = {
    "event": "events", "claim": "claims", "discrepancy": "discrepancies", "assessment": "assessments",
    "hypothesis": "hypotheses", "actor": "actors", "place": "places", "source": "sources", "quote": "quotes",
    "judgment": "key judgments",
}
REF = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\(\s*(" + "|".join(KINDS) + r"):([a-z0-9]+(?:-[a-z0-9]+)*)\s*\)")
# Anything that looks like a reference, to report the ones naming an unknown kind.
ANY_REF = re.compile(r"\]\(\s*([a-z]+):([A-Za-z0-9-]+)\s*\)")
_LINK_TARGET = re.compile(r"\]\([^)]*\)|<[a-z]+://[^>]*>|\b[a-z]+://\S+")
_CODE = re.compile(r"`([a-z0-9]+(?:-[a-z0-9]+)*)`")
_SLUG_TOKEN = re.compile(r"(?<![\w./@#-])[a-z0-9]+(?:-[a-z0-9]+)*(?![\w/-])(?!\.\w)")


@dataclass(frozen=True)
class Ref:
    kind: str
    id: str
    label: str  # as written between the brackets ("" asks for the record's own label)
    start: int
    end: int


def find(text: str) -> list[Ref]:
    """The references in `text`, in order."""
    if "](" not in text:
        return []
    return [Ref(m.group(2), m.group(3), m.group(1).replace("\\]", "]").replace("\\[", "["), m.start(), m.end())
            for m in REF.finditer(text)]


def split(text: str) -> list[object]:
    """`text` as a list of plain pieces (str) and references (Ref), in order."""
    refs = find(text)
    if not refs:
        return [text]
    out: list[object] = []
    at = 0
    for ref in refs:
        if ref.start > at:
            out.append(text[at:ref.start])
        out.append(ref)
        at = ref.end
    if at < len(text):
        out.append(text[at:])
    return out


def unknown_kinds(text: str) -> list[str]:
    """`kind:id` link targets whose kind is not one of KINDS (a typo such as `clam:x`)."""
    if "](" not in text:
        return []
    return [f"{m.group(1)}:{m.group(2)}" for m in ANY_REF.finditer(text)
            if m.group(1) not in KINDS and m.group(1) not in ("http", "https", "mailto")]


def bare_ids(text: str, ids: set[str], code_only: frozenset[str] = frozenset()) -> list[str]:
    """Record ids written as text (outside references and link targets), in order, each once:
    an id of several words (`first-convoy-wednesday-night`: no prose reads so), or any id
    set as code (`strike`). A one-word id in plain prose is a word like any other, as are the
    ids in `code_only` (a side's id, such as `pro-government`, is often a word too)."""
    if not text:
        return []
    stripped = _LINK_TARGET.sub(" ", REF.sub(" ", text))
    found = []
    for token in _SLUG_TOKEN.findall(stripped):
        if "-" in token and token in ids and token not in code_only and token not in found:
            found.append(token)
    for token in _CODE.findall(stripped):
        if token in ids and token not in found:
            found.append(token)
    return found


# --------------------------------------------------------------------------- where the prose is


@dataclass(frozen=True)
class Prose:
    """One text field of one record: what it says and whether it is Markdown (and may hold references)."""

    record: object  # the record that holds the field (its origin locates the field)
    field: str
    text: str
    markdown: bool
    owner: str  # "event `first-strike`": how messages name the record


# Per model: (Markdown text fields, plain text fields shown as written: names, titles, questions).
FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Report": (("bottom_line", "scope", "limitations"), ("title", "subtitle")),
    "KeyJudgment": (("text",), ()),
    "Side": (("description",), ("name",)),
    "Source": (("notes",), ("title", "short_name")),
    "Reliability": (("reason",), ()),
    "Artifact": (("note",), ()),
    "Quote": (("note",), ()),
    "Actor": (("description",), ("name",)),
    "Relation": (("note",), ()),
    "Place": (("description",), ("name",)),
    "Coordinates": (("note",), ()),
    "Event": (("summary",), ("title",)),
    "DateSpec": (("reasoning",), ()),
    "Claim": (("statement", "note"), ()),
    "Discrepancy": (("resolution", "note"), ("question",)),
    "Assessment": (("judgment", "note"), ("question",)),
    "Hypothesis": (("statement",), ("label",)),
    "EvidenceItem": (("description",), ()),
    "Citation": (("note",), ()),
}
# dict fields whose values are Markdown prose (key -> text).
DICT_FIELDS = {"Source": ("inferred", "uncited")}


def prose(inv) -> Iterator[Prose]:
    """Every text field of the investigation, record by record, in file order."""
    if inv.report:
        yield from _fields(inv.report, "report")
        for kj in inv.report.key_judgments:
            yield from _walk(kj, f"key judgment `{kj.id}`")
        for side in inv.report.sides:
            yield from _walk(side, f"side `{side.id}`")
    for collection, kind in (("sources", "source"), ("quotes", "quote"), ("actors", "actor"), ("places", "place"),
                             ("events", "event"), ("claims", "claim"), ("discrepancies", "discrepancy"),
                             ("assessments", "assessment")):
        for record in getattr(inv, collection):
            yield from _walk(record, f"{kind} `{record.id}`")


def _walk(record, owner: str) -> Iterator[Prose]:
    yield from _fields(record, owner)
    for name in type(record).model_fields:
        value = getattr(record, name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if type(item).__name__ in FIELDS and hasattr(type(item), "model_fields"):
                inner = owner
                if getattr(item, "id", None) and type(item).__name__ in ("Hypothesis", "EvidenceItem"):
                    inner = f"{'hypothesis' if type(item).__name__ == 'Hypothesis' else 'evidence'} `{item.id}`"
                yield from _walk(item, inner)


def _fields(record, owner: str) -> Iterator[Prose]:
    name = type(record).__name__
    markdown, plain = FIELDS.get(name, ((), ()))
    for fields, is_md in ((markdown, True), (plain, False)):
        for field in fields:
            value: Optional[str] = getattr(record, field, None)
            if value:
                yield Prose(record, field, value, is_md, owner)
    for field in DICT_FIELDS.get(name, ()):
        for key, value in (getattr(record, field, None) or {}).items():
            if value:
                yield Prose(record, field, value, True, f"{owner}: {field} `{key}`")


# --------------------------------------------------------------------------- the check

# How `check` names the kind of each record id -> the word a reference uses for it.
_REF_WORD = {"key judgment": "judgment"}


def check(inv, d, ids: dict[str, str]) -> None:
    """Every reference in text names a record of its kind; a reference in a plain-text field
    (a name, a title) is an error, since it would show as written; an id written as text is
    a warning. `ids` is record id -> kind, as `check` collected them."""
    plain_ids = set(ids)
    sides = frozenset(rid for rid, kind in ids.items() if kind == "side")
    for p in prose(inv):
        where = p.record.field_origin(p.field)
        for ref in find(p.text):
            if not p.markdown:
                d.error(where, f"{p.owner}: `{p.field}` is shown as plain text, so `({ref.kind}:{ref.id})` "
                        "would show as written", "name the record in words here; references work in text fields")
                continue
            kind = ids.get(ref.id)
            word = _REF_WORD.get(kind, kind)
            if kind is None:
                d.error(where, f"{p.owner}: `{p.field}` refers to unknown {ref.kind} `{ref.id}`",
                        did_you_mean(ref.id, [i for i, k in ids.items() if _REF_WORD.get(k, k) == ref.kind])
                        or f"define a {ref.kind} with `id: {ref.id}`")
            elif word != ref.kind:
                d.error(where, f"{p.owner}: `{p.field}` refers to `{ref.kind}:{ref.id}`, but `{ref.id}` is a {kind}",
                        f"write `({word}:{ref.id})`" if word in KINDS else f"a {kind} cannot be referred to")
        for target in unknown_kinds(p.text):
            d.error(where, f"{p.owner}: `{p.field}` links to `{target}`, which names no kind of record",
                    f"a reference reads [label](KIND:id) with KIND one of: {', '.join(KINDS)}")
        for rid in bare_ids(p.text, plain_ids, sides):
            kind = ids[rid]
            word = _REF_WORD.get(kind, kind)
            ref_hint = f"write [](" + f"{word}:{rid}) to show its label, linked" if word in KINDS \
                else "name it in words"
            answers = getattr(p.record, "answers", None) or {}
            if "bare-id" in answers:
                continue
            d.warning(where, f"{p.owner}: `{p.field}` shows the id `{rid}` ({kind}) to readers [bare-id]",
                      f"readers see names, never ids: {ref_hint}")
