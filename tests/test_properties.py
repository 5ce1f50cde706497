"""Properties that must hold for any input (hypothesis).

The quote matcher: any passage cut from a text verifies at offsets that hold
that passage; any typography variant of it (quote marks, dashes, ellipses,
whitespace) still verifies; a passage with one word changed never does.

The loader and the check command: no input - random YAML, random bytes, a
valid investigation with one field mutated - ends in anything but a report of
errors (DataError, exit 1) or success (exit 0).
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, note, settings
from hypothesis import strategies as st

from reportgen import cli
from reportgen.data import loader
from reportgen.data import archivedtext, typography
from reportgen.data.diagnostics import DataError
from reportgen.data.archivedtext import ArchivedText
from reportgen.data.textmatch import Match, Miss, find_quote
from reportgen.data.typography import _TYPOGRAPHY as TYPOGRAPHY
from reportgen.data.typography import normalise, normalise_plain

ROOT = Path(__file__).resolve().parent.parent
REAL_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "sources").glob("*.txt"))}
BASE = Path(__file__).resolve().parent / "bad_input" / "_base"

# PROPERTY_EXAMPLES=5000 for a long hunt; the default keeps the suite quick.
SETTINGS = settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "150")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------- texts

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éüß", min_size=1, max_size=9)
PUNCT = st.sampled_from([",", ".", ";", ":", "!", "?", "(", ")", "'", "\"", "\u2018", "\u2019", "\u201c", "\u201d",
                         "-", "\u2013", "\u2014", "...", ". . .", "\u2026", "[...]", "U.S.", "al-Tanf"])
SPACE = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0", " \n"])
TOKEN = st.one_of(WORD, WORD, WORD, PUNCT)


@st.composite
def random_texts(draw) -> str:
    tokens = draw(st.lists(st.tuples(TOKEN, SPACE), min_size=1, max_size=120))
    return "".join(token + space for token, space in tokens)


TEXTS = st.one_of(st.sampled_from(sorted(REAL_TEXTS.values())), random_texts())


def word_spans(text: str) -> list[tuple[int, int]]:
    """Whitespace-separated words whose edges do not cut a normalised token (e.g. '. . .') in two."""
    inside = set()
    norm = normalise(text)
    for start, length, verbatim in zip(norm.orig_starts, norm.orig_lengths, norm.verbatim):
        if not verbatim:
            inside.update(range(start + 1, start + length))
    spans, pos = [], 0
    for word in text.split():
        start = text.index(word, pos)
        pos = start + len(word)
        spans.append((start, pos))
    return [(a, b) for a, b in spans if a not in inside and b not in inside]


@st.composite
def text_and_cut(draw, whole_words: bool):
    text = draw(TEXTS)
    if whole_words:
        spans = word_spans(text)
        assume(spans)
        first = draw(st.integers(0, len(spans) - 1))
        last = draw(st.integers(first, min(len(spans) - 1, first + 40)))
        start, end = spans[first][0], spans[last][1]
    else:
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 400)))
    return text, start, end


# --------------------------------------------------------------------------- the quote matcher


def assert_verifies(text: str, quote: str) -> Match:
    archive = ArchivedText(text)
    found = find_quote(archive, quote)
    assert isinstance(found, Match), (quote, found)
    assert normalise_plain(text[found.start:found.end]) == normalise_plain(quote)
    for a, b in found.pieces:
        assert 0 <= found.start <= a < b <= found.end <= len(text)
    assert 1 <= found.paragraph <= found.paragraph_end <= max(1, len(archive.paragraphs))
    return found


def inside_word(text: str, pos: int) -> bool:
    """Between two letters or digits of one word (a lower-case letter then a capital is two words run together)."""
    if not 0 < pos < len(text):
        return False
    before, after = text[pos - 1], text[pos]
    return before.isalnum() and after.isalnum() and not (before.islower() and after.isupper())


@SETTINGS
@given(text_and_cut(whole_words=False))
@example(("a convoy of 20 vehicles", 0, 22))
@example(("ReutersISIS' eroding control", 7, 28))
@example(("0 0 00 \n00 ... ", 9, 14))  # "0 ...": a quote ending in an elision
def test_a_passage_cut_anywhere_verifies_at_its_offsets_unless_it_cuts_a_word(case):
    text, start, end = case
    quote = text[start:end]
    assume(quote.strip())
    archive = ArchivedText(text)
    found = find_quote(archive, quote)
    if not inside_word(text, start) and not inside_word(text, end):
        found = assert_verifies(text, quote)
        assert found.exact and text[found.start:found.end] == quote
        # asked for the paragraph it was cut from, the matcher anchors there
        wanted = archive.paragraph_at(start)
        if wanted:
            preferred = find_quote(archive, quote, prefer_paragraph=wanted)
            assert isinstance(preferred, Match) and preferred.paragraph == wanted
    elif isinstance(found, Match):
        # "vehicle" is not a quote of "vehicles": a match elsewhere must be of whole words;
        # a quote with an elision matches its pieces, in order
        wanted = normalise_plain(quote)
        if typography.ELLIPSIS in wanted:
            parts = [part.strip() for part in wanted.split(typography.ELLIPSIS) if part.strip()]
            assert [normalise_plain(text[s:e]).strip() for s, e in found.pieces] == parts
        else:
            assert normalise_plain(text[found.start:found.end]) == wanted
        if found.exact:
            assert not inside_word(text, found.start) and not inside_word(text, found.end)
    else:
        assert isinstance(found, Miss)
        if any(ch.isalnum() for ch in quote):
            assert found.passage


def test_a_word_cut_short_names_the_whole_word():
    miss = find_quote(ArchivedText("Rebels said a convoy of 20 vehicles approached."), "a convoy of 20 vehicle")
    assert isinstance(miss, Miss)
    assert miss.passage == "a convoy of 20 vehicles"
    assert miss.differences == ['source has "vehicles" where the quote has "vehicle"']


DOUBLE = ['"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb"]
SINGLE = ["'", "\u2018", "\u2019", "`"]
DASHES = ["-", "\u2010", "\u2013", "\u2014", "\u2212"]
SPACES = [" ", "  ", "\n", "\t", "\u00a0", " \n "]
ELLIPSES = ["...", ". . .", "\u2026", " \u2026 ", " . . . ", "..."]


def typography_variant(quote: str, rnd: random.Random) -> str:
    """The quote with its quote marks, dashes, ellipses and whitespace swapped for equivalents."""
    out, pos = [], 0
    for match in TYPOGRAPHY.finditer(quote):
        out.append("".join(_swap(ch, rnd) for ch in quote[pos:match.start()]))
        token = normalise_plain(match.group()) or " "
        if token == "\u2026":
            out.append(rnd.choice(ELLIPSES))
        elif token == " ":
            out.append(rnd.choice(SPACES))
        else:
            out.append(_swap(token, rnd))
        pos = match.end()
    out.append("".join(_swap(ch, rnd) for ch in quote[pos:]))
    return "".join(out)


def _swap(ch: str, rnd: random.Random) -> str:
    for family in (DOUBLE, SINGLE, DASHES):
        if ch in family:
            return rnd.choice(family)
    return ch


@SETTINGS
@given(text_and_cut(whole_words=True), st.randoms(use_true_random=False))
@example(("were . . . Iranian-directed forces", 0, 34), random.Random(1))
def test_typography_variants_of_a_passage_verify(case, rnd):
    text, start, end = case
    quote = text[start:end]
    variant = typography_variant(quote, rnd)
    note(f"quote {quote!r} -> variant {variant!r}")
    assert normalise_plain(variant) == normalise_plain(quote)
    assert_verifies(text, variant)


@pytest.mark.parametrize("text, quote", [
    ("Mattis said the forces were . . . Iranian-directed.", "the forces were \u2026 Iranian\u2013directed"),
    ("\u201cWe will defend our forces,\u201d the spokesman said", "\"We will defend our forces,\" the spokesman said"),
    ("Thursday\u2019s strike", "Thursday's strike"),
    ("BEIRUT \u2014 The Pentagon", "BEIRUT - The Pentagon"),
    ("the Army will... not be", "the Army will . . . not be"),
    ("the Army will... not be", "the Army will [...] not be"),
    ("said the\n  convoy\u00a0was", "said the convoy was"),
    # a period next to an ellipsis: one run of dots, however it is spelt
    ("he said. \u2026 Then", "he said. ... Then"),
    ("the U.S. \u2026 and", "the U.S.... and"),
    ("wait.... what", "wait\u2026. what"),
    ("wait.... what", "wait. . . . what"),
])
def test_typography_differences_pass(text, quote):
    assert_verifies(text, quote)


@pytest.mark.parametrize("text, quote", [
    ("the forces were Iranian-directed", "the forces were Iranian directed"),  # a dash is not a space
    ("the forces were Iranian-directed", "the forces were Iraniandirected"),
    ("a convoy of 20 vehicles", "a convoy of 20 vehicle"),
    ("said it was not true", "said it was true"),
    ("the Army will... not be", "the Army will be"),  # an elision must be marked
])
def test_word_differences_fail(text, quote):
    assert isinstance(find_quote(ArchivedText(text), quote), Miss)


NEW_WORDS = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=3, max_size=9)  # no vowels: not in any text


@SETTINGS
@given(text_and_cut(whole_words=True), st.data())
def test_a_passage_with_one_word_changed_never_verifies(case, data):
    text, start, end = case
    quote = text[start:end]
    words = quote.split()
    assume(len(words) >= 3)
    alnum_words = [i for i, w in enumerate(words) if any(c.isalnum() for c in w)]
    assume(alnum_words)
    index = data.draw(st.sampled_from(alnum_words))
    new_word = data.draw(NEW_WORDS)
    old_word = words[index]
    assume(new_word not in old_word)
    changed = " ".join(words[:index] + [new_word] + words[index + 1:])
    hay = normalise(text).text
    needle = normalise_plain(changed)
    # The changed quote must really not be in the text, under any reading the matcher allows.
    assume(needle not in hay and "\u2026" not in needle and changed not in text and new_word not in hay)
    found = find_quote(ArchivedText(text), changed)
    assert isinstance(found, Miss), found
    if len(quote) >= 30:
        # the closest passage is shown, and the changed word is named
        assert found.passage and found.paragraph >= 1
        assert any(new_word in line for line in found.differences), found.differences


def test_quote_with_one_word_changed_in_a_real_text_names_the_passage():
    text = REAL_TEXTS["loveluck-beirut.txt"]
    quote = "by offensive movement with offensive capability of what we believe were . . . Iranian-directed forces"
    assert_verifies(text, quote)
    miss = find_quote(ArchivedText(text), quote.replace("capability", "intent"))
    assert isinstance(miss, Miss)
    assert miss.paragraph == 4 and "offensive capability of what we believe were" in miss.passage
    assert miss.differences == ['source has "capability" where the quote has "intent"']


# Typography tokens as the normaliser finds them (a written-out pattern and a
# scan that skips lone spaces) are the tokens of the plain alternation.
TYPOGRAPHY_PIECES = st.sampled_from([
    " ", " ", "  ", "   ", "\n", "\n\n", "\t", "\r", "\u00a0", "\u2028", "\u3000", " \n ",
    ".", ". ", "..", "...", ". . .", " . . . ", "....", "\u2026", " \u2026 ", "\u2026.", "[", "]", "[...]", "[ \u2026 ]",
    "[.", "'", "\"", "\u2018", "\u2019", "\u201c", "\u201d", "\u00ab", "`", "-", "\u2013", "\u2014", "\u2212",
    "a", "b", "A", "word", "U.S.", "x y",
])


@SETTINGS
@given(st.lists(TYPOGRAPHY_PIECES, max_size=40).map("".join))
@example("word  \n . . .  [...] \u201cx\u201d  - a.  ")
@example("a  \u201cb")
@example("a  .b")
def test_the_token_scan_finds_the_tokens_of_the_plain_pattern(text):
    plain = [m.span() for m in re.finditer(typography._TYPOGRAPHY_PLAIN, text)]
    assert [m.span() for m in typography._TYPOGRAPHY.finditer(text)] == plain
    assert typography._token_spans(text) == plain


@pytest.mark.parametrize("name", sorted(REAL_TEXTS))
def test_the_token_scan_finds_the_tokens_of_the_plain_pattern_in_real_texts(name):
    text = REAL_TEXTS[name]
    assert typography._token_spans(text) == [m.span() for m in re.finditer(typography._TYPOGRAPHY_PLAIN, text)]


@SETTINGS
@given(st.lists(st.sampled_from(["a", "word", " ", "  ", "\t", "\n", "\n\n", " \n", "\r", "\r\n", "\u00a0", "\u2028",
                                 "\x0b", "\x1c", "\u3000", ".", "\u201c"]), max_size=40).map("".join))
@example(" \n  lead and trail  \n\n\u2028x\u2028\n")
def test_lines_are_split_as_the_pattern_splits_them(text):
    expected = [(m.start() + len(m.group()) - len(m.group().lstrip()), m.group().strip())
                for m in re.finditer(archivedtext._LINES, text)]
    paragraphs = archivedtext.split_paragraphs(text, "lines")
    assert [(p.start, p.text) for p in paragraphs] == expected
    assert [p.number for p in paragraphs] == list(range(1, len(expected) + 1))
    assert all(text[p.start:p.end] == p.text for p in paragraphs)


# --------------------------------------------------------------------------- the loader and `check`


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.sampled_from(["2017-05-18", "2017-13-01", "yes", "~", "reported", "day", "alpha"]),
)
KEYS = st.one_of(
    st.sampled_from(["report", "sources", "quotes", "actors", "events", "claims", "id", "title", "text",
                     "source", "date", "precision", "when", "citations", "quote", "paragraph", "name", "kind"]),
    st.text(max_size=10), st.integers(),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)),
    max_leaves=30,
)


def run_check(data_dir: Path) -> tuple[int, str]:
    """`build_report.py --data DIR check` in this process: exit code and stderr."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["--data", str(data_dir), "-q", "check"])
    return code, err.getvalue()


def load_or_data_error(data_dir: Path) -> None:
    try:
        loader.load(data_dir)
    except DataError as exc:
        assert exc.diagnostics.errors
        for diagnostic in exc.diagnostics.errors:
            assert diagnostic.line >= 1 and diagnostic.message


@SETTINGS
@given(DOCUMENTS)
def test_any_yaml_document_loads_or_is_a_data_error(document):
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        (data / "data.yml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        load_or_data_error(data)
        code, stderr = run_check(data)
        assert code in (0, 1)
        assert "Traceback" not in stderr


@SETTINGS
@given(st.binary(max_size=400))
@example(b"\xef\xbb\xbfreport: x\n")
@example(b"a: \"\\e[2J\\u202e\"\n")
@example(b"- " * 30_000 + b"x")
@example(b"a: " + b"9" * 5000)
@example(b"a: !!set {x, y}\n")
@example(b"a: 2017-13-01\n")
def test_any_bytes_load_or_are_a_data_error(raw):
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        (data / "data.yml").write_bytes(raw)
        load_or_data_error(data)
        code, stderr = run_check(data)
        assert code in (0, 1)


def _leaves(node, path=()):
    """Every (path, value) of a parsed YAML document, containers included."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, path + (index,))


BASE_FILES = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(BASE.glob("*.yml"))}
MUTATIONS = st.one_of(SCALARS, DOCUMENTS, st.just("__delete__"))


@SETTINGS
@given(st.sampled_from(sorted(BASE_FILES)), st.data(), MUTATIONS)
def test_a_valid_investigation_with_one_value_changed_checks_or_reports(name, data, replacement):
    document = yaml.safe_load(yaml.safe_dump(BASE_FILES[name]))  # a fresh copy
    paths = [path for path, _ in _leaves(document) if path]
    path = data.draw(st.sampled_from(paths))
    note(f"{name}: {path} -> {replacement!r}")
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    if replacement == "__delete__":
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "data"
        shutil.copytree(BASE, target)
        (target / name).write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        code, stderr = run_check(target)
    assert code in (0, 1), stderr
    if code == 1:
        assert re.search(r"^\S+:\d+:\d+: error: ", stderr, re.MULTILINE), stderr


@pytest.mark.parametrize("name", sorted(REAL_TEXTS))
def test_every_real_text_normalises_with_offsets_that_map_back(name):
    """The offset map of each archived text sends every word of the normalised text to the same word."""
    text = REAL_TEXTS[name]
    norm = normalise(text)
    for start, end in word_spans(norm.text):
        o_start, o_end = norm.to_original(start), norm.to_original(end, end=True)
        assert normalise_plain(text[o_start:o_end]) == normalise_plain(norm.text[start:end])
