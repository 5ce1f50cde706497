"""`build_report.py new`: a small, valid, documented investigation that builds at once."""

from __future__ import annotations

import hashlib

import pytest

from reportgen.data import loader
from reportgen import pipeline
from reportgen.data import schema

from .conftest import build_into, run_main
from .test_schema import errors_of, load_editor_yaml, validator  # noqa: F401 - fixture

TITLE = 'Convoy "holds" & <access>: Rivertown # 1'


@pytest.fixture
def created(tmp_path):
    target = tmp_path / "investigations" / "rivertown"
    result = run_main("new", str(target), "--title", TITLE)
    assert result.returncode == 0, result.stderr
    assert f"created {target}" in result.stdout and f"--data {target} check" in result.stdout
    return target


def test_new_investigation_checks_clean(created):
    result = run_main("--data", str(created), "check")
    assert result.returncode == 0, result.stderr
    assert "ok: 1 sources, 5 quotes verified, 3 actors, 2 places, 2 events, 4 claims, 1 discrepancies" \
        in result.stdout
    assert "warning" not in result.stderr


def test_new_investigation_has_every_kind_of_record_and_no_unexplained_paragraph(created):
    inv = loader.load(created)
    assert inv.report.title == TITLE  # YAML-special characters survive
    assert inv.sources and inv.quotes and inv.actors and inv.places and inv.events and inv.claims
    analysis = pipeline.analyse_folder(created)
    assert analysis.coverage["example-article"].unexplained == []
    archive = (created / "sources" / "example-article.txt").read_bytes()
    assert inv.sources[0].sha256 == hashlib.sha256(archive).hexdigest()
    statuses = {c: s.status for c, s in analysis.claim_status.items()}
    assert statuses["routine-inspection-claim"] == "disputed"


@pytest.mark.slow
def test_new_investigation_builds_at_once(created, tmp_path):
    build_into(tmp_path, created, skip={"pdf"})
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Convoy &quot;holds&quot; &amp; &lt;access&gt;" in html
    assert (tmp_path / "site" / "downloads" / "timeline.json").is_file()


def test_new_files_name_the_schema_and_validate_against_it(created, validator):  # noqa: F811
    for path in sorted(created.glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(schema.MODELINE_PREFIX), path
        assert (path.parent / first[len(schema.MODELINE_PREFIX):]).resolve() == schema.SCHEMA_PATH.resolve()
        assert errors_of(validator, load_editor_yaml(path)) == [], path


def test_new_files_explain_their_fields(created):
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(created.glob("*.yml")))
    explained = {line.split(":")[0].strip(" -") for line in text.splitlines()
                 if "#" in line and ":" in line.split("#")[0]}
    for field in ("id", "version", "date", "kind", "published", "sha256", "paragraphs", "reliability",
                  "speaker", "according_to", "side", "parent", "relations", "coordinates", "event_type",
                  "cameo", "relative", "anchor", "reasoning", "subject", "claimant", "quantity",
                  "credibility", "resolution"):
        assert field in explained, f"no comment explains `{field}`"


def test_new_refuses_a_non_empty_folder(tmp_path):
    target = tmp_path / "existing"
    target.mkdir()
    (target / "notes.yml").write_text("keep me\n")
    result = run_main("new", str(target), "--title", "Anything")
    assert result.returncode == 2
    assert f"error: {target} is not empty" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in target.iterdir()] == ["notes.yml"]
    assert (target / "notes.yml").read_text() == "keep me\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".existing-")]  # no staging left


def test_new_fills_an_empty_folder_and_refuses_a_file(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_main("new", str(empty), "--title", "T").returncode == 0
    assert (empty / "report.yml").is_file()
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    result = run_main("new", str(a_file), "--title", "T")
    assert result.returncode == 2 and "exists and is not a folder" in result.stderr


def test_new_needs_a_title(tmp_path):
    result = run_main("new", str(tmp_path / "x"))
    assert result.returncode == 2 and "--title" in result.stderr
    result = run_main("new", str(tmp_path / "x"), "--title", "   ")
    assert result.returncode == 2 and "--title is empty" in result.stderr
    assert not (tmp_path / "x").exists()
