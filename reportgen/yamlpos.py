"""YAML that remembers where each value was written.

PyYAML's C parser when available, with a constructor that
- keeps the line and column of every mapping, mapping key and list item,
- refuses duplicate keys (PyYAML silently keeps the last one),
- refuses anchors and aliases (they let a small file expand into gigabytes,
  and a curated dataset has no need of them).
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

try:  # the C parser is an order of magnitude faster on large files
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader


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


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)
# Dates stay the text they were written as: the written form carries the date's
# precision, and an impossible date (2017-02-30) is the date check's to report.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def load_yaml(text: str):
    """Parse one YAML document into PosDict / PosList / scalars."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else None
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise YamlProblem(
            f"YAML syntax: {problem}",
            where,
            "check indentation and quoting; text with ': ' or starting with a quote mark needs quotes around it",
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML: {exc}", None) from None
    finally:
        loader.dispose()
