"""Characters no text in the data may hold: they display as something other than what is stored.

Refused: C0/C1 control characters (terminal escapes such as U+001B, NUL, carriage return),
bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069: "Trojan
Source" spoofing), zero-width spaces and joiners that make two names look alike, and lone
surrogates, because a reader (and a reviewer reading the YAML) would see something other
than what is stored. Tab and newline are allowed: long text spans lines. Archived source
texts are evidence and are not changed; the pages escape what they show of them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Optional

from reportgen.data.diagnostics import Diagnostics
from reportgen.data.validation import describe, field_name
from reportgen.data.yamlpos import Mark, PosDict, PosList

# Every character the policy above refuses.
_FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff\ud800-\udfff]"
)

# A double-quoted YAML scalar can spell such a character as an escape ("\e", "\x1b", "\u202e").
_FORBIDDEN_ESCAPE = re.compile(r"\\[0abefrvxuUN_LP]")

# Control characters have no Unicode name; these are the ones worth naming.
_CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE",
                  0x7F: "DELETE", 0x9B: "CONTROL SEQUENCE INTRODUCER"}


def may_hold_forbidden(text: str) -> bool:
    """False when no value parsed from this file text can hold a refused character."""
    return bool(_FORBIDDEN_CHARS.search(text) or _FORBIDDEN_ESCAPE.search(text))


def forbidden_characters(text: str) -> list[str]:
    """'U+001B (ESCAPE)' for each distinct character the policy refuses, in order of appearance."""
    found = dict.fromkeys(_FORBIDDEN_CHARS.findall(text))
    return [f"U+{ord(ch):04X} ({unicodedata.name(ch, '') or _CONTROL_NAMES.get(ord(ch), 'control character')})"
            for ch in found]


def check_characters(node: Any, raw: PosDict, path: tuple, mark: Optional[Mark], at, diags: Diagnostics) -> None:
    if isinstance(node, PosDict):
        for key, value in node.items():
            key_mark = node.mark_of(key)
            if isinstance(key, str):
                _refuse_characters(key, raw, path + (key,), key_mark, at, diags, is_key=True)
            check_characters(value, raw, path + (key,), key_mark, at, diags)
    elif isinstance(node, PosList):
        for index, item in enumerate(node):
            check_characters(item, raw, path + (index,), node.mark_of(index), at, diags)
    elif isinstance(node, str):
        _refuse_characters(node, raw, path, mark, at, diags)


def _refuse_characters(text: str, raw: PosDict, path: tuple, mark: Optional[Mark], at, diags: Diagnostics,
                       is_key: bool = False) -> None:
    found = forbidden_characters(text)
    if not found:
        return
    what = "the key" if is_key else f"`{field_name(path)}`" if path else "the text"
    plural = "characters" if len(found) > 1 else "character"
    diags.error(at(mark), f"{describe(raw, path)}{what} contains the invisible or control {plural} "
                f"{', '.join(found[:3])}",
                "remove it: control characters and bidirectional overrides can make text display as "
                "something other than what it says")
