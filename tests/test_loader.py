"""Loading: typed records that know their file and line; YAML mistakes reported with positions."""

import os
import textwrap
from pathlib import Path

import pytest

from reportgen.data import loader
from reportgen import parallel
from reportgen.data.diagnostics import DataError
from reportgen.data.yamlpos import YamlProblem, load_yaml


def write(tmp_path, text: str, name: str = "data.yml"):
    (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def messages(exc: DataError) -> list[str]:
    return [d.format() for d in exc.diagnostics.sorted()]


def test_records_know_file_and_line(mini):
    inv = loader.load(mini)
    quote = inv.quote_by_id["attack-thursday"]
    assert quote.origin.file.endswith("investigation.yml")
    lines = (mini / "investigation.yml").read_text().splitlines()
    assert lines[quote.origin.line - 1].strip().startswith("- id: attack-thursday")
    assert lines[quote.field_origin("text").line - 1].strip().startswith("text:")


def test_duplicate_key_is_an_error_with_both_lines():
    with pytest.raises(YamlProblem) as info:
        load_yaml("a: 1\nb: 2\na: 3\n")
    assert info.value.mark.line == 3
    assert "duplicate key 'a' (first written at line 1)" in info.value.message


def test_aliases_are_refused():
    with pytest.raises(YamlProblem, match="anchors and aliases"):
        load_yaml("a: &x [1, 2]\nb: *x\n")


def test_unknown_field_names_the_closest_field(tmp_path):
    write(tmp_path, """\
        actors:
          - id: x
            name: X
            kind: official
            sied: coalition
        """)
    with pytest.raises(DataError) as info:
        loader.load(tmp_path)
    text = "\n".join(messages(info.value))
    assert "data.yml:5:5: error: actor `x`: unknown field `sied`" in text
    assert "did you mean 'side'?" in text


def test_missing_field_and_bad_enum_are_both_reported(tmp_path):
    write(tmp_path, """\
        actors:
          - id: x
            kind: general
        """)
    with pytest.raises(DataError) as info:
        loader.load(tmp_path)
    text = "\n".join(messages(info.value))
    assert "missing required field `name`" in text
    assert "`kind` 'general' is not one of the allowed values" in text


def test_invalid_id_gets_slug_hint(tmp_path):
    write(tmp_path, """\
        places:
          - id: Al Tanf
            name: al-Tanf
        """)
    with pytest.raises(DataError) as info:
        loader.load(tmp_path)
    text = "\n".join(messages(info.value))
    assert "data.yml:2:5: error: place `Al Tanf`: `id` 'Al Tanf' is not a valid id" in text
    assert "lowercase letters, digits and single hyphens" in text


def test_errors_in_several_files_are_all_reported(tmp_path):
    write(tmp_path, "actors: [{id: a, name: A, kind: nope}]\n", "a.yml")
    write(tmp_path, "places:\n  - id: p\n    nme: P\n", "b.yml")
    with pytest.raises(DataError) as info:
        loader.load(tmp_path)
    files = {d.file.rsplit("/", 1)[-1] for d in info.value.diagnostics.items}
    assert files == {"a.yml", "b.yml"}


def test_files_read_in_several_processes_give_the_same_records_and_positions(monkeypatch, forking):
    data = Path(__file__).resolve().parent.parent / "data"
    alone = loader.load(data)
    monkeypatch.setenv(parallel.WORKERS_ENV, "3")
    shared = loader.load(data)
    assert forking == ["fork"]
    assert shared.files == alone.files
    for name in ("sources", "quotes", "actors", "places", "events", "claims", "discrepancies", "assessments"):
        assert getattr(shared, name) == getattr(alone, name), name  # records compare their positions too
    assert shared.report == alone.report
    assert [q.field_origin("text") for q in shared.quotes] == [q.field_origin("text") for q in alone.quotes]


def test_errors_found_by_other_processes_are_reported_in_file_order(tmp_path, monkeypatch, forking):
    write(tmp_path, "actors: [{id: a, name: A, kind: nope}]\n", "a.yml")
    write(tmp_path, "places:\n  - id: p\n    nme: P\n", "b.yml")
    write(tmp_path, "actors:\n  - id: c\n   name: C\n", "c.yml")
    with pytest.raises(DataError) as info:
        loader.load(tmp_path)
    alone = [d.format() for d in info.value.diagnostics.items]
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    with pytest.raises(DataError) as info:
        loader.load(tmp_path)
    assert forking == ["fork"]
    assert [d.format() for d in info.value.diagnostics.items] == alone
    assert [d.file.rsplit("/", 1)[-1] for d in info.value.diagnostics.items][0] == "a.yml"


def test_yaml_syntax_error_has_line(tmp_path):
    write(tmp_path, "actors:\n  - id: a\n   name: A\n")
    with pytest.raises(DataError) as info:
        loader.load(tmp_path)
    (diag,) = info.value.diagnostics.items
    assert diag.line == 3 and "YAML syntax" in diag.message


# --------------------------------------------------------------------------- the fast way and the general way

import subprocess
import sys

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reportgen.data import yamlpos
from reportgen.data.yamlpos import PosDict, PosList


def same_values_and_positions(fast, general) -> None:
    assert type(fast) is type(general)
    if isinstance(general, PosDict):
        assert list(fast) == list(general)
        assert (fast.pos, fast.key_marks) == (general.pos, general.key_marks)
        for key in general:
            same_values_and_positions(fast[key], general[key])
    elif isinstance(general, PosList):
        assert (len(fast), fast.pos, fast.item_marks) == (len(general), general.pos, general.item_marks)
        for a, b in zip(fast, general):
            same_values_and_positions(a, b)
    elif general != general:  # nan
        assert fast != fast
    else:
        assert fast == general


def outcome(load, text: str):
    try:
        return "value", load(text)
    except YamlProblem as exc:
        return "problem", (exc.message, exc.mark, exc.hint)


def assert_both_ways_agree(text: str) -> None:
    """load_yaml (the fast way when it can) gives what the general way gives: values, positions, errors."""
    kind, fast = outcome(load_yaml, text)
    general_kind, general = outcome(yamlpos._load_general, text)
    assert kind == general_kind, (fast, general)
    if kind == "value":
        same_values_and_positions(fast, general)
    else:
        assert fast == general


def takes_the_fast_way(text: str) -> bool:
    try:
        yamlpos._build_from_events(yamlpos._Loader(text))
        return True
    except yamlpos._GeneralWay:
        return False


FAST_CASES = [
    "",
    "# only a comment\n",
    "---\n",
    "plain text\n",
    "- a\n- [b, {c: d}]\n",
    "a: 1\nb: 0x1F\nc: 1_000\nd: 1:30\ne: 017\nf: -.5\ng: .inf\nh: .nan\ni: ~\nj: null\nk: Yes\nl: off\n",
    "when: 2017-05-18\nat: 2017-05-18 10:30:00\nyear: 2017\n",
    'a: "1"\nb: \'true\'\nc: |\n  text\n  more\nd: >-\n  folded\n  text\n',
    "1: one\n2: two\n~: nothing\n3.5: x\n",
    "a: !!str 2017\nb: !!int '7'\nc: !!float 1\nd: !!bool yes\ne: !!null ''\nf: ! 12\n",
    "a: ! [1]\nb: ! {c: d}\n",
    "text: 'it''s'\nother: \"tab\\there\"\n",
    "outer:\n  - id: x\n    inner:\n      - [1, 2, [3, {four: 4}]]\n",
    "{a: 1, b: [2, 3]}\n",
    "- ''\n- \n- -1\n",
    "k: " + "[" * 99 + "]" * 99 + "\n",
    "---\na: 1\n...\n",
]

GENERAL_CASES = [
    "a: &x 1\n",                      # an anchor, even unused
    "a: &x [1, 2]\nb: *x\n",          # an alias
    "a: 1\nb: 2\na: 3\n",             # a duplicate key
    "1: a\ntrue: b\n",                # keys equal in Python (1 == True)
    ".nan: a\n.nan: b\n",
    "? [a, b]\n: c\n",                # a list as a key
    "{a: 1}: b\n",                    # a mapping as a key
    "<<: {a: 1}\nb: 2\n",             # a merge key
    "=: a\n",                         # a value key
    "a: =\n",
    "a: !!set {x, y}\n",
    "a: !!binary aGVsbG8=\n",
    "a: !!python/name:os.system ''\n",
    "a: !custom x\n",
    "a: !!seq abc\n",
    "a: !!map [1]\n",
    "a: !!int abc\n",
    "a: !!int\n",
    "a: !!float x\n",
    "a: !!float\n",
    "a: !!bool maybe\n",
    "a: !!int [1]\n",
    "a: " + "9" * 5000 + "\n",        # a number too long for Python
    "a: 0x" + "f" * 5000 + "\n",      # one it can read but never print
    "a: 1\n---\nb: 2\n",              # two documents
    "k: " + "[" * 101 + "]" * 101 + "\n",  # deeper than the fast way goes
    "k: " + "[" * 300 + "]" * 300 + "\n",
]

BROKEN_CASES = [
    "a: [1, 2\n",
    "a: b: c\n",
    "a:\n\t- b\n",
    "a: 'open\nb: c\n",
    "a: \x1b[2J\n",
    "a: \"\\e\"\n- b\n",
    "- a\nb: c\n",
    "a: 1\n--- [\n",
    "a: &x 1\nb: [\n",                # an anchor before a syntax error: the syntax error is reported
    "a: 1\na: 2\nb: [\n",             # so is a duplicate key before one
    "? [a]\n: b\nc: {\n",
]


@pytest.mark.parametrize("text", FAST_CASES)
def test_the_fast_way_gives_what_the_general_way_gives(text):
    assert takes_the_fast_way(text)
    assert_both_ways_agree(text)


@pytest.mark.parametrize("text", GENERAL_CASES + BROKEN_CASES)
def test_what_the_fast_way_leaves_to_the_general_way_ends_the_same(text):
    assert_both_ways_agree(text)


@pytest.mark.parametrize("text", GENERAL_CASES)
def test_anything_unusual_goes_the_general_way(text):
    assert not takes_the_fast_way(text)


def test_the_example_data_takes_the_fast_way():
    root = Path(__file__).resolve().parent.parent
    files = sorted((root / "data").glob("*.yml")) + sorted((root / "tests" / "bad_input" / "_base").glob("*.yml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert takes_the_fast_way(text), path
        assert_both_ways_agree(text)


YAML_PIECES = st.sampled_from([
    "a", "b", "id", "x-1", "1", "-2", "0x1F", "1:30", "3.5", ".nan", "true", "no", "~", "null", "2017-05-18", "=", "<<",
    ": ", ":", "- ", "? ", ", ", "[", "]", "{", "}", "\n", "\n  ", "\n    ", " ", "  ", "\t", "#c\n",
    "'q'", "'it''s'", '"d"', '"\\t"', '"\\e"', "|\n  t\n", ">\n  f\n", "&n ", "*n", "!!str ", "!!int ", "!!set ", "! ",
    "---\n", "...\n", "\x1b", "\u202e",
])


@settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "300")), deadline=None)
@given(st.lists(YAML_PIECES, max_size=40).map("".join))
@example("a: 1\nb:\n  - [x, {y: z}]\n  - c: d\n    e: 2017-01-01\n")
def test_any_text_loads_the_same_either_way(text):
    assert_both_ways_agree(text)


DOCUMENTS = st.recursive(
    st.one_of(st.text(max_size=8), st.integers(), st.floats(), st.booleans(), st.none()),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.one_of(st.text(max_size=5), st.integers()), children, max_size=4)),
    max_leaves=25,
)


@settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "200")), deadline=None)
@given(DOCUMENTS, st.sampled_from([None, True, False]))
def test_any_document_loads_the_same_either_way(document, flow):
    import yaml
    assert_both_ways_agree(yaml.safe_dump(document, allow_unicode=True, default_flow_style=flow))


DEEP = {
    "flow lists": lambda n: "places: " + "[" * n + "]" * n + "\n",
    "flow mappings": lambda n: "places: " + "{a: " * n + "1" + "}" * n + "\n",
    "block lists on one line": lambda n: "- " * n + "x\n",
    "block mappings by indentation": lambda n: "".join(" " * i + "k:\n" for i in range(n)) + " " * n + "v\n",
    "mixed": lambda n: "a:\n  - " + "{k: [" * n + "x" + "]}" * n + "\n",
}


@pytest.mark.parametrize("depth", [150, 1_000, 30_000])
@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_nesting_loads_or_is_refused_cleanly_never_a_crash(shape, depth):
    """In a process of its own: a crash of the YAML library would end it with a signal."""
    program = (
        "import sys\n"
        "from reportgen.data.yamlpos import YamlProblem, load_yaml\n"
        "text = sys.stdin.read()\n"
        "try:\n"
        "    load_yaml(text)\n"
        "    print('loaded')\n"
        "except YamlProblem as exc:\n"
        "    print(exc.message)\n"
    )
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-c", program], input=DEEP[shape](depth), capture_output=True, text=True,
                          cwd=root, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() in ("loaded", "YAML nested too deeply")
    if depth >= 1_000:
        assert proc.stdout.strip() == "YAML nested too deeply"


# --------------------------------------------------------------------------- origins


def test_every_record_knows_where_it_was_written(mini):
    inv = loader.load(mini)
    lines = (mini / "investigation.yml").read_text().splitlines()
    event = inv.events[0]
    assert lines[event.origin.line - 1][event.origin.column - 1:].startswith("id:")
    for citation in event.citations:  # records inside records too
        at = citation.origin
        assert at.file == event.origin.file and at.line > event.origin.line
    assert event.field_origin("no such field") == event.origin


def test_a_copy_keeps_its_origin_and_records_written_apart_differ(mini):
    import copy
    import pickle

    inv = loader.load(mini)
    quote = inv.quotes[0]
    for copied in (quote.model_copy(), quote.model_copy(deep=True), copy.copy(quote), pickle.loads(pickle.dumps(quote))):
        assert copied.origin == quote.origin and copied.field_origin("text") == quote.field_origin("text")
        assert copied == quote
    twin = type(quote).model_validate(quote.model_dump())  # same fields, never loaded from a file
    assert twin.origin is None and twin.field_origin("text") is None
    assert twin != quote
