"""YAML that remembers where each value was written.

PyYAML's C parser when available, with a constructor that
- keeps the line and column of every mapping, mapping key and list item,
- refuses duplicate keys (PyYAML silently keeps the last one),
- refuses anchors and aliases (they let a small file expand into gigabytes,
  and a curated dataset has no need of them).
"""

from __future__ import annotations

from dataclasses import dataclass

import re

import yaml
from yaml.composer import Composer

try:  # the C parser is an order of magnitude faster on large files
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader

# libyaml's C composer recurses once per nesting level and crashes the process
# (a segfault, not an exception) somewhere past 20,000 levels. A file that
# might nest that deep is composed by PyYAML's Python composer instead, which
# stops with a RecursionError; see `_may_nest_deeply`.
MAX_C_NESTING = 2000


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


class YamlProblem(Exception):
    """A YAML file that cannot be read; carries a position and a hint."""

    def __init__(self, message: str, mark: Mark | None, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.hint = hint


class PosDict(dict):
    """A dict with the position of the mapping and of each key."""

    mark: Mark
    key_marks: dict

    def mark_of(self, key) -> Mark:
        return self.key_marks.get(key, self.mark)


class PosList(list):
    """A list with the position of the sequence and of each item."""

    mark: Mark
    item_marks: list

    def mark_of(self, index: int) -> Mark:
        if 0 <= index < len(self.item_marks):
            return self.item_marks[index]
        return self.mark


def _mark(node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class _Loader(_BaseLoader):
    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:
            raise YamlProblem(
                "YAML anchors and aliases (&name / *name) are not allowed",
                _mark(node),
                "write the value out in full; aliases can expand a small file into an enormous one",
            )
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            raise YamlProblem("expected a mapping", _mark(node))
        self.flatten_mapping(node)
        result = PosDict()
        result.mark = _mark(node)
        result.key_marks = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise YamlProblem("a mapping key must be a plain value", _mark(key_node)) from None
            if key in result:
                first = result.key_marks[key]
                raise YamlProblem(
                    f"duplicate key {key!r} (first written at line {first.line})",
                    _mark(key_node),
                    "remove one of the two; YAML would silently keep only the last",
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.key_marks[key] = _mark(key_node)
        return result

    def construct_sequence(self, node, deep=False):
        result = PosList(self.construct_object(child, deep=True) for child in node.value)
        result.mark = _mark(node)
        result.item_marks = [_mark(child) for child in node.value]
        return result


    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # Python refuses to convert integers of over 4,300 digits
            raise YamlProblem(f"number too long ({len(node.value):,} characters)", _mark(node),
                              "write a number of ordinary size, or quote it if it is text") from None

    def construct_unsupported(self, node):
        raise YamlProblem(f"the YAML tag {node.tag!r} is not supported here", _mark(node),
                          "write plain mappings, lists, text and numbers") from None


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
# Sets iterate in a different order on every run (outputs must be reproducible),
# bytes are not text, and ordered maps and pairs are lists of tuples the model
# does not expect: curated data needs none of them.
for _tag in ("set", "omap", "pairs", "binary"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _Loader.construct_unsupported)


class _DeepLoader(_Loader):
    """The same loader with PyYAML's Python composer, for files that may nest deeply."""

    def __init__(self, stream):
        super().__init__(stream)
        self.anchors = {}

    get_single_node = Composer.get_single_node
    compose_document = Composer.compose_document
    compose_node = Composer.compose_node
    compose_scalar_node = Composer.compose_scalar_node
    compose_sequence_node = Composer.compose_sequence_node
    compose_mapping_node = Composer.compose_mapping_node


_LINE_PREFIX = re.compile(r"^[ ?:-]*", re.MULTILINE)


def _may_nest_deeply(text: str) -> bool:
    """An upper bound on the nesting depth is too high for the C composer.

    Block collections nest only by indentation or by a compact `- ` / `? `
    on the same line, so a line's run of spaces and indicators bounds their
    depth; flow collections nest only inside brackets.
    """
    brackets = text.count("[") + text.count("{")
    if brackets > MAX_C_NESTING:
        return True
    deepest_line = max((len(mo.group()) for mo in _LINE_PREFIX.finditer(text)), default=0)
    return deepest_line + 2 * brackets > MAX_C_NESTING


def _reader_mark(text: str, exc: yaml.reader.ReaderError) -> Mark | None:
    """Line and column of a character the YAML reader refused (libyaml counts UTF-8 bytes)."""
    position = getattr(exc, "position", None)
    if not isinstance(position, int):
        return None
    before = text.encode("utf-8")[:position].decode("utf-8", errors="replace")
    line = before.count("\n") + 1
    return Mark(line, len(before) - (before.rfind("\n") + 1) + 1)
# Dates stay the text they were written as: the written form carries the date's
# precision, and an impossible date (2017-02-30) is the date check's to report.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


# `key: "text` or `- 'text` with no closing quote mark on the same line.
_OPEN_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s#'"][^#]*?:\s+|-\s+)?(["'])(.*)$""")


def _unclosed_quote(text: str, before_line: int) -> int | None:
    """The last line before `before_line` that opens a quoted value and does not close it."""
    found = None
    for number, line in enumerate(text.splitlines()[:before_line], start=1):
        match = _OPEN_QUOTE.match(line)
        if not match:
            continue
        mark, rest = match.groups()
        if mark == '"':
            closed = re.search(r'(?<!\\)(?:\\\\)*"', rest) is not None
        else:
            closed = re.search(r"'(?!')", rest.replace("''", "")) is not None
        if not closed:
            found = number
    return found


def _syntax_hint(text: str, problem: str, where: Mark | None) -> str:
    if "tab" in problem:
        return "indent with spaces: YAML does not allow tabs for indentation"
    if "another document" in problem:
        return "a data file holds one YAML document: remove the `---` line or split the file in two"
    opened = _unclosed_quote(text, where.line) if where else None
    if opened is not None:
        return f"the quote mark opened on line {opened} is not closed on that line; close it or check the quoting"
    return "check indentation and quoting; text with ': ' or starting with a quote mark needs quotes around it"


def load_yaml(text: str):
    """Parse one YAML document into PosDict / PosList / scalars."""
    loader = _DeepLoader(text) if _may_nest_deeply(text) else _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return loader.construct_document(node)
    except RecursionError:
        raise YamlProblem("YAML nested too deeply", None, "flatten the structure") from None
    except yaml.reader.ReaderError as exc:
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        raise YamlProblem(
            f"YAML: {code} is not allowed in a YAML file ({exc.reason})",
            _reader_mark(text, exc),
            "remove it: control characters have no place in the data and can disguise what text says",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else None
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise YamlProblem(f"YAML syntax: {problem}", where, _syntax_hint(text, problem, where)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML: {exc}", None) from None
    finally:
        loader.dispose()
