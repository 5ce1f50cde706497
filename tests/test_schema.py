"""The editor schema: generated from the model, committed in sync, and true to the real data."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
import yaml

from reportgen import commands
from reportgen.data import schema
from reportgen.cli import Console

from .conftest import DATA, MINI, ROOT


class EditorLoader(yaml.SafeLoader):
    """Reads YAML as an editor's YAML 1.2 language server does: 2017-05-18 stays a string."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def as_json(value):
    """YAML -> what a JSON validator sees: mapping keys are strings."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def load_editor_yaml(path: Path):
    return as_json(yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    committed = schema.SCHEMA_PATH.read_text(encoding="utf-8")
    import json

    loaded = json.loads(committed)
    jsonschema.Draft202012Validator.check_schema(loaded)
    return jsonschema.Draft202012Validator(loaded, format_checker=jsonschema.FormatChecker())


def errors_of(validator, instance) -> list[str]:
    """Every error, with the reasons inside an anyOf (an optional record) flattened in."""
    out = []

    def walk(error) -> None:
        out.append(f"{'/'.join(map(str, error.absolute_path))}: {error.message}")
        for sub in error.context or ():
            walk(sub)

    for error in validator.iter_errors(instance):
        walk(error)
    return out


def data_files() -> list[Path]:
    return sorted(DATA.glob("*.yml")) + sorted(MINI.glob("*.yml"))


def test_committed_schema_is_what_the_model_generates():
    committed = schema.SCHEMA_PATH.read_bytes()
    assert committed == schema.schema_text().encode("utf-8"), (
        "schema/investigation.schema.json is out of date: run `build_report.py schema` and commit it")


def test_regenerating_gives_identical_bytes(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert schema.write_schema(first) is True
    assert schema.write_schema(first) is False  # unchanged content is not rewritten
    schema.write_schema(second)
    assert first.read_bytes() == second.read_bytes()


def test_schema_has_titles_and_descriptions_for_every_record(validator):
    defs = validator.schema["$defs"]
    records = [name for name, d in defs.items() if d.get("type") == "object"]
    assert {"Report", "Source", "Quote", "Actor", "Place", "Event", "Claim", "Discrepancy",
            "Assessment"} <= set(records)
    for name in records:
        assert defs[name].get("title") == name
        assert defs[name].get("description"), f"{name} has no description for editors"
    assert "Verbatim" in defs["Quote"]["properties"]["text"]["description"]


def test_the_real_data_and_the_fixture_validate(validator):
    files = data_files()
    assert any(p.parent == DATA for p in files), "no data/*.yml found"
    problems = []
    for path in files:
        problems += [f"{path.relative_to(ROOT)}: {e}" for e in errors_of(validator, load_editor_yaml(path))]
    assert problems == []


def test_every_data_file_names_the_schema_on_its_first_line():
    for path in data_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(schema.MODELINE_PREFIX), f"{path}: first line is {first!r}"
        target = (path.parent / first[len(schema.MODELINE_PREFIX):]).resolve()
        assert target == schema.SCHEMA_PATH.resolve(), f"{path}: modeline points at {target}"
        assert first == schema.modeline(path.parent)


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["quotes"][0].update(txet="typo"), "Additional properties are not allowed ('txet'"),
    (lambda d: d["quotes"][0].update(id="Not A Slug"), "does not match"),
    (lambda d: d["events"][0]["when"].update(date="18 May 2017"), "is not valid under any of the given schemas"),
    (lambda d: d["sources"][0].update(uncited={"first": "why"}), "does not match '^[1-9][0-9]*$'"),
    (lambda d: d["events"][0].pop("cameo"), "'cameo' is a required property"),
    (lambda d: d["events"][0]["actors"][0].update(role="bystander"), "is not one of"),
    (lambda d: d["report"].update(key_judgments=[]), "should be non-empty"),
    (lambda d: d["events"][0].update(event_type="Battels"), "'Battels' is not one of ['Battles'"),
    (lambda d: d["events"][0].update(sub_event_type="Air strike"), "'Air strike' is not one of ['Armed clash'"),
])
def test_schema_rejects_what_the_model_rejects(validator, change, expected):
    data = load_editor_yaml(MINI / "investigation.yml")
    assert errors_of(validator, data) == []
    broken = copy.deepcopy(data)
    change(broken)
    found = errors_of(validator, broken)
    assert any(expected in e for e in found), found


def test_a_bare_year_and_each_date_form_are_accepted(validator):
    for written in (2017, "2017", "2017-05", "2017-05-18", "2017-05-18T16:30"):
        data = load_editor_yaml(MINI / "investigation.yml")
        data["events"][0]["when"] = {"date": written, "precision": "year"}
        assert errors_of(validator, data) == [], written


def test_schema_command_check_reports_a_stale_file(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "schema" / "investigation.schema.json"
    monkeypatch.setattr(schema, "SCHEMA_PATH", stale)
    console = Console(quiet=True)
    assert commands.run_schema(SimpleNamespace(check=True), console) == 1
    assert "out of date: run `build_report.py schema`" in capsys.readouterr().out
    assert commands.run_schema(SimpleNamespace(check=False), console) == 0
    assert stale.read_text(encoding="utf-8") == schema.schema_text()
    assert commands.run_schema(SimpleNamespace(check=True), console) == 0
    assert "up to date" in capsys.readouterr().out


def readme_yaml_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```yaml\n(.*?)^```$", text, re.M | re.S)


def test_readme_examples_are_valid_data(validator):
    """Every YAML example in the README validates against the schema and the model."""
    from reportgen.data.model import DataFile

    covered = set()
    blocks = readme_yaml_blocks()
    assert len(blocks) >= 9
    for block in blocks:
        data = as_json(yaml.load(block, Loader=EditorLoader))
        if data is None:
            assert block.startswith(schema.MODELINE_PREFIX)
            continue
        assert errors_of(validator, data) == [], block
        DataFile.model_validate(yaml.safe_load(block))
        covered.update(data)
    assert covered == {"report", "sources", "quotes", "actors", "places", "events", "claims",
                       "discrepancies", "assessments"}
