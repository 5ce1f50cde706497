"""YAML that remembers where each value was written.

PyYAML's C parser when available, with a constructor that
- keeps the line and column of every mapping, mapping key and list item,
- refuses duplicate keys (PyYAML silently keeps the last one),
- refuses anchors and aliases (they let a small file expand into gigabytes,
  and a curated dataset has no need of them).

Two ways to the same result. The fast way (`_build_from_events`) builds the
values straight from the parser's events, with a stack of its own instead of
recursion, for the YAML a curated file is made of: mappings, lists and
scalars without anchors or unusual tags. Anything else - an anchor, an alias,
a tag it does not know, a duplicate or complex key, deep nesting, a second
document - sends the file the general way (PyYAML's composer and this
module's constructor), which gives the same values and every error message,
just more slowly. So the fast way never has to produce an error of its own.

One module, past the usual size: the two ways must give the same values, and the
general way every error, so they are kept side by side with the positions they share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from yaml.composer import Composer
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

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

    @staticmethod
    def unpack(pos: int) -> "Mark":
        """The Mark of a packed position (see `pack`)."""
        return Mark((pos >> _COLUMN_BITS) + 1, (pos & _COLUMN_MASK) + 1)


# A position is kept packed in one int, (line << 32) | column, both 0-based as
# the parser gives them, and made a Mark only when a message asks for it: a
# large investigation has over a million of them (a Mark is ten times the size,
# and making each one took a fifth of the load time). A file is at most
# loader.MAX_YAML_BYTES long, so a column always fits in 32 bits.
_COLUMN_BITS = 32
_COLUMN_MASK = (1 << _COLUMN_BITS) - 1


def pack(yaml_mark) -> int:
    """Packed position of a PyYAML mark (0-based line and column)."""
    return (yaml_mark.line << _COLUMN_BITS) | yaml_mark.column


class YamlProblem(Exception):
    """A YAML file that cannot be read; carries a position and a hint."""

    def __init__(self, message: str, mark: Mark | None, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.hint = hint


class PosDict(dict):
    """A dict with the position of the mapping (`pos`) and of each key (`key_marks`), packed."""

    __slots__ = ("pos", "key_marks")

    @property
    def mark(self) -> Mark:
        return Mark.unpack(self.pos)

    def mark_of(self, key) -> Mark:
        return Mark.unpack(self.key_marks.get(key, self.pos))


class PosList(list):
    """A list with the position of the sequence (`pos`) and of each item (`item_marks`), packed."""

    __slots__ = ("pos", "item_marks")

    @property
    def mark(self) -> Mark:
        return Mark.unpack(self.pos)

    def mark_of(self, index: int) -> Mark:
        if 0 <= index < len(self.item_marks):
            return Mark.unpack(self.item_marks[index])
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
        result.pos = pack(node.start_mark)
        result.key_marks = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise YamlProblem("a mapping key must be a plain value", _mark(key_node)) from None
            if key in result:
                first = result.mark_of(key)
                raise YamlProblem(
                    f"duplicate key {key!r} (first written at line {first.line})",
                    _mark(key_node),
                    "remove one of the two; YAML would silently keep only the last",
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.key_marks[key] = pack(key_node.start_mark)
        return result

    def construct_sequence(self, node, deep=False):
        if not isinstance(node, yaml.SequenceNode):  # `!!seq text`
            raise YamlProblem("expected a list", _mark(node))
        result = PosList(self.construct_object(child, deep=True) for child in node.value)
        result.pos = pack(node.start_mark)
        result.item_marks = [pack(child.start_mark) for child in node.value]
        return result

    # A scalar with an explicit tag (`!!int abc`, `!!bool maybe`, `!!float ''`) may not
    # be what the tag says; PyYAML then fails with a bare Python error.

    def construct_yaml_int(self, node):
        try:
            value = super().construct_yaml_int(node)
            if value.bit_length() > 10_000:  # 0x... with thousands of digits reads, but could never be printed
                str(value)
            return value
        except (ValueError, IndexError):
            digits = node.value.lstrip("+-").replace("_", "")
            if digits.isalnum() and len(digits) > 3_000:  # Python refuses to convert integers of over 4,300 digits
                raise YamlProblem(f"number too long ({len(node.value):,} characters)", _mark(node),
                                  "write a number of ordinary size, or quote it if it is text") from None
            raise _not_a(node, "a whole number") from None

    def construct_yaml_float(self, node):
        try:
            return super().construct_yaml_float(node)
        except (ValueError, IndexError):
            raise _not_a(node, "a number") from None

    def construct_yaml_bool(self, node):
        try:
            return super().construct_yaml_bool(node)
        except KeyError:
            raise _not_a(node, "true or false") from None

    def construct_unsupported(self, node):
        raise YamlProblem(f"the YAML tag {node.tag!r} is not supported here", _mark(node),
                          "write plain mappings, lists, text and numbers") from None


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
_Loader.add_constructor("tag:yaml.org,2002:bool", _Loader.construct_yaml_bool)
# Sets iterate in a different order on every run (outputs must be reproducible),
# bytes are not text, and ordered maps and pairs are lists of tuples the model
# does not expect: curated data needs none of them.
for _tag in ("set", "omap", "pairs", "binary"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _Loader.construct_unsupported)


def _not_a(node, what: str) -> YamlProblem:
    shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    return YamlProblem(f"{shown!r} is not {what}, as its tag {node.tag!r} says", _mark(node),
                       f"write {what}, or drop the tag")


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


# --------------------------------------------------------------------------- the fast way

FAST_MAX_DEPTH = 100  # deeper files go the general way, which stops them cleanly
_STR_TAG = "tag:yaml.org,2002:str"
# Scalar tags whose values the fast way makes with this module's own constructors;
# any other (merge `<<`, value `=`, !!binary, an application tag) goes the general way.
_SCALAR_TAGS = frozenset("tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp"))
_CACHED_SCALAR_LENGTH = 40  # short plain scalars (keys, enums, ids, numbers) are resolved once per file


class _GeneralWay(Exception):
    """The fast way met something it leaves to the general way."""


def _build_from_events(loader: "_Loader"):
    """The document's values from the parser's events, without recursion; see the module docstring.

    Raises _GeneralWay for anything but plain mappings, lists and scalars; lets the
    parser's own errors (syntax, refused characters) through, which the general
    way would meet at the same place, before anything else.
    """
    get_event = loader.get_event
    get_event()  # StreamStartEvent
    event = get_event()
    if event.__class__ is StreamEndEvent:
        return None  # no document at all (empty, or comments only)
    if event.__class__ is not DocumentStartEvent:  # pragma: no cover - libyaml always starts a document
        raise _GeneralWay
    resolve = loader.resolve
    constructors = loader.yaml_constructors
    implicit_first = loader.yaml_implicit_resolvers  # first character -> resolvers; no entry: plain text
    if None in implicit_first:  # pragma: no cover - SafeLoader has no wildcard resolver
        raise _GeneralWay
    plain_cache: dict = {}

    def scalar_value(event):
        """The value of a scalar with an explicit or non-specific tag, or a plain one that is not text."""
        value = event.value
        tag = event.tag
        if tag is None or tag == "!":
            tag = resolve(ScalarNode, value, event.implicit)
        if tag == _STR_TAG:
            return value
        if tag not in _SCALAR_TAGS:
            raise _GeneralWay
        try:
            return constructors[tag](loader, ScalarNode(tag, value, event.start_mark, event.end_mark))
        except Exception:  # e.g. a number too long: the general way says so, after any syntax error
            raise _GeneralWay from None

    stack: list = []  # the enclosing (container, marks, state, key) of the current container
    root = container = marks = key = None
    state = 0  # where the next value goes: 0 the document, 1 a key, 2 a key's value, 3 a list item
    while True:
        event = get_event()
        kind = event.__class__
        if kind is ScalarEvent:
            value = event.value
            if event.tag is not None:
                value = scalar_value(event)
            elif event.implicit[0] and (not value or value[0] in implicit_first):  # plain: a number, null, ...?
                if len(value) <= _CACHED_SCALAR_LENGTH:
                    try:
                        value = plain_cache[value]
                    except KeyError:
                        value = plain_cache[value] = scalar_value(event)
                else:
                    value = scalar_value(event)
            if event.anchor is not None:
                raise _GeneralWay
            if state == 2:
                container[key] = value
                state = 1
            elif state == 1:
                if value in container:  # the general way names both lines
                    raise _GeneralWay
                key = value
                mark = event.start_mark
                marks[key] = (mark.line << _COLUMN_BITS) | mark.column  # pack(), inline: millions of calls
                state = 2
            elif state == 3:
                container.append(value)
                mark = event.start_mark
                marks.append((mark.line << _COLUMN_BITS) | mark.column)
            else:
                root = value
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                raise _GeneralWay
            if len(stack) >= FAST_MAX_DEPTH or state == 1:  # too deep; or a mapping or list as a key
                raise _GeneralWay
            pos = pack(event.start_mark)
            if kind is MappingStartEvent:
                new = PosDict()
                new.key_marks = new_marks = {}
                new_state = 1
            else:
                new = PosList()
                new.item_marks = new_marks = []
                new_state = 3
            new.pos = pos
            if state == 2:
                container[key] = new
                state = 1
            elif state == 3:
                container.append(new)
                marks.append(pos)
            else:
                root = new
            stack.append((container, marks, state, key))
            container, marks, state = new, new_marks, new_state
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            container, marks, state, key = stack.pop()
        elif kind is DocumentEndEvent:
            break
        else:  # an alias
            raise _GeneralWay
    if get_event().__class__ is not StreamEndEvent:  # a second document: the general way words the error
        raise _GeneralWay
    return root


def load_yaml(text: str):
    """Parse one YAML document into PosDict / PosList / scalars."""
    try:
        loader = _Loader(text)
        try:
            return _build_from_events(loader)
        finally:
            loader.dispose()
    except _GeneralWay:
        pass
    except yaml.YAMLError as exc:
        _raise_problem(text, exc)
    return _load_general(text)


def _load_general(text: str):
    """PyYAML's composer and this module's constructor: every case, every error."""
    loader = _DeepLoader(text) if _may_nest_deeply(text) else _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return loader.construct_document(node)
    except RecursionError:
        raise YamlProblem("YAML nested too deeply", None, "flatten the structure") from None
    except yaml.YAMLError as exc:
        _raise_problem(text, exc)
    finally:
        loader.dispose()


def _raise_problem(text: str, exc: yaml.YAMLError):
    """The YamlProblem for an error of PyYAML's reader, parser, composer or constructor."""
    if isinstance(exc, yaml.reader.ReaderError):
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        raise YamlProblem(
            f"YAML: {code} is not allowed in a YAML file ({exc.reason})",
            _reader_mark(text, exc),
            "remove it: control characters have no place in the data and can disguise what text says",
        ) from None
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else None
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise YamlProblem(f"YAML syntax: {problem}", where, _syntax_hint(text, problem, where)) from None
    raise YamlProblem(f"YAML: {exc}", None) from None
