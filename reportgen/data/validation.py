"""A validation error of the model as messages a curator can act on.

pydantic reports where in the parsed data a value is wrong; this finds that place in the
YAML (file, line, column), names the record it is in ("quote `mattis-1`: "), says what is
wrong in the data's own terms (an unknown field with the closest allowed one, a value
that is not one of the allowed terms, an id that is not a slug) and how to fix it.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Optional

from pydantic import BaseModel, ValidationError

from reportgen.data import model as m
from reportgen.data.diagnostics import Diagnostics, did_you_mean
from reportgen.data.yamlpos import Mark, PosDict, PosList


_KIND = {
    "sources": "source", "quotes": "quote", "actors": "actor", "places": "place", "events": "event",
    "claims": "claim", "discrepancies": "discrepancy", "assessments": "assessment", "report": "report",
}


def report_validation(exc: ValidationError, raw: PosDict, at, diags: Diagnostics) -> None:
    seen: dict[tuple, list[dict]] = {}
    for err in exc.errors(include_url=False):
        path = _clean_loc(err["loc"])
        seen.setdefault((path, err["type"] == "extra_forbidden"), []).append(err)
    for (path, _), errs in seen.items():
        mark = _locate(raw, path)
        message, hint = _explain(path, errs, raw)
        where = describe(raw, path)
        diags.error(at(mark), f"{where}{message}", hint)


def _clean_loc(loc: tuple) -> tuple:
    """Drop pydantic's union/validator labels, keep field names and indexes."""
    out = []
    for part in loc:
        if isinstance(part, str) and ("[" in part or part in ("str", "int", "float", "bool", "function-after")
                                      or part.startswith("constrained-")):
            continue
        out.append(part)
    return tuple(out)


def _locate(raw: Any, path: tuple) -> Optional[Mark]:
    """Position of the deepest part of `path` that exists in the raw YAML."""
    node, mark = raw, getattr(raw, "mark", None)
    for part in path:
        if isinstance(node, PosDict) and part in node:
            mark = node.mark_of(part)
            node = node[part]
        elif isinstance(node, PosDict) and isinstance(part, int) and str(part) in node:
            mark = node.mark_of(str(part))
            node = node[str(part)]
        elif isinstance(node, PosList) and isinstance(part, int) and 0 <= part < len(node):
            mark = node.mark_of(part)
            node = node[part]
        else:
            break
    return mark


def describe(raw: Any, path: tuple) -> str:
    """'quote `mattis-1`: ' — names the record the problem is in."""
    if not path:
        return ""
    kind = _KIND.get(path[0], "")
    if path[0] == "report":
        return "report: "
    if len(path) >= 2 and isinstance(path[1], int):
        item = raw.get(path[0])
        if isinstance(item, list) and path[1] < len(item) and isinstance(item[path[1]], dict):
            rid = item[path[1]].get("id")
            if isinstance(rid, str):
                return f"{kind} `{rid}`: "
        return f"{kind} #{path[1] + 1}: "
    return ""


def field_name(path: tuple) -> str:
    names = [str(p) for p in path[1:] if not isinstance(p, int)] if len(path) > 1 else [str(p) for p in path]
    return ".".join(names) or str(path[-1]) if path else "file"


def _explain(path: tuple, errs: list[dict], raw: Any) -> tuple[str, str]:
    if {e["type"] for e in errs} - {"enum", "literal_error"}:
        # a union of fixed terms and free text (an event type): the text's own error says what is wrong
        errs = [e for e in errs if e["type"] not in ("enum", "literal_error")]
    err = errs[0]
    kind = err["type"]
    name = str(path[-1]) if path else ""
    fld = field_name(path)
    if kind == "extra_forbidden":
        allowed = _allowed_fields(path[:-1])
        hint = did_you_mean(name, allowed)
        listing = f"allowed fields: {', '.join(allowed)}" if allowed else ""
        return f"unknown field `{name}`", "; ".join(x for x in (hint, listing) if x)
    if kind == "missing":
        return f"missing required field `{name}`", f"add `{name}:` to this record"
    value = err.get("input")
    shown = _short(value)
    limit = (err.get("ctx") or {}).get("le", (err.get("ctx") or {}).get("ge"))
    if kind in ("less_than_equal", "greater_than_equal") and limit is not None and abs(limit) == m.MAX_FIGURE:
        return (f"`{fld}` {shown} is larger than any figure a source gives (at most {m.MAX_FIGURE:g} either way)",
                "write the figure the source gives; a number this size is a typo or a placeholder")
    if kind == "finite_number":
        return (f"`{fld}` must be a finite number, not {shown}",
                "write the figure the source gives as an ordinary number (.inf, .nan and numbers past 1e308 "
                "are not figures)")
    if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == m.SLUG_PATTERN:
        return (f"`{fld}` {shown} is not a valid id",
                "ids use lowercase letters, digits and single hyphens, e.g. `al-tanf-strike-1`")
    if kind in ("enum", "literal_error"):
        expected = err.get("ctx", {}).get("expected", "")
        if len(errs) > 1:
            expected = " or ".join(str(e.get("ctx", {}).get("expected", "")) for e in errs if e.get("ctx"))
        return f"`{fld}` {shown} is not one of the allowed values", f"use {expected}" if expected else ""
    msgs = "; ".join(dict.fromkeys(e["msg"] for e in errs))
    return f"`{fld}` {shown}: {msgs}" if path else msgs, _generic_hint(errs)


def _generic_hint(errs: list[dict]) -> str:
    """How to fix the common schema errors pydantic words in general terms."""
    kinds = {e["type"] for e in errs}
    ctx: dict = {}
    for e in errs:
        ctx.update(e.get("ctx") or {})
    if "string_too_long" in kinds:
        return f"shorten it to at most {ctx.get('max_length', 'the allowed number of')} characters"
    if kinds & {"string_too_short", "too_short"}:
        return f"give at least {ctx.get('min_length', 1)}" + (" item(s)" if "too_short" in kinds else " character(s)")
    if "too_long" in kinds:
        return f"give at most {ctx.get('max_length')} item(s)"
    if "string_type" in kinds:
        return "write text here; put quotes around text that YAML would read as a number, date, list or true/false"
    if kinds & {"float_parsing", "float_type", "int_parsing", "int_type", "int_from_float", "finite_number"}:
        return "write a number (whole where a count or paragraph is meant)"
    if kinds & {"bool_parsing", "bool_type"}:
        return "write true or false"
    if "list_type" in kinds:
        return "write a list: `[a, b]`, or one `- item` per line"
    if kinds & {"dict_type", "model_type", "model_attributes_type"}:
        return "write a mapping of fields (`name: value`, one per line) here"
    if kinds & {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        return "use a value inside the allowed range"
    if "string_pattern_mismatch" in kinds:
        return f"the value must match {ctx.get('pattern', 'the expected form')}"
    return ""


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "(a mapping)"
    if isinstance(value, list):
        return "(a list)"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"


def _allowed_fields(path: tuple) -> list[str]:
    cls: Any = m.DataFile
    for part in path:
        cls = _model_of(cls, part)
        if cls is None:
            return []
    return list(cls.model_fields) if isinstance(cls, type) and issubclass(cls, BaseModel) else []


def _model_of(cls: Any, part: Any) -> Any:
    if isinstance(part, int):
        return cls  # already unwrapped the list element type
    if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or part not in cls.model_fields:
        return None
    return _unwrap(cls.model_fields[part].annotation)


def _unwrap(tp: Any) -> Any:
    """list[X] / Optional[X] / Annotated[X, ...] / dict[str, X] -> X (the record model if any)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (list, tuple, set):
        return _unwrap(typing.get_args(tp)[0])
    if origin is dict:
        return _unwrap(typing.get_args(tp)[1])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
        return None
    return tp
