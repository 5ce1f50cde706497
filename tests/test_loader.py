"""Loading: typed records that know their file and line; YAML mistakes reported with positions."""

import textwrap

import pytest

from reportgen import loader
from reportgen.diagnostics import DataError
from reportgen.yamlpos import YamlProblem, load_yaml


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


def test_yaml_syntax_error_has_line(tmp_path):
    write(tmp_path, "actors:\n  - id: a\n   name: A\n")
    with pytest.raises(DataError) as info:
        loader.load(tmp_path)
    (diag,) = info.value.diagnostics.items
    assert diag.line == 3 and "YAML syntax" in diag.message
