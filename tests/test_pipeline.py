"""End to end: the CLI checks and builds, and a failed build leaves the last good one."""

from pathlib import Path

import pytest

from reportgen import pipeline

from .conftest import DATA, run_cli
from .readers import ids_in, record_ids, visible_text


def build_into(tmp_path: Path, data: Path) -> pipeline.BuildResult:
    options = pipeline.BuildOptions(
        data_dir=data,
        generated_dir=tmp_path / "generated",
        site_dir=tmp_path / "site",
        stage_dir=tmp_path / "stage",
        skip={"pdf"},
    )
    return pipeline.build(options)


def test_check_command_reports_counts(mini):
    result = run_cli("--data", str(mini), "check")
    assert result.returncode == 0, result.stderr
    assert "ok: 1 sources, 2 quotes verified, 3 actors" in result.stdout


def test_check_command_exit_1_on_data_error_without_traceback(mini):
    (mini / "investigation.yml").write_text(
        (mini / "investigation.yml").read_text().replace("speaker: jim-mattis", "speaker: ghost"))
    result = run_cli("--data", str(mini), "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "investigation.yml:" in result.stderr and "unknown actor `ghost`" in result.stderr


def test_usage_error_exits_2():
    result = run_cli("no-such-command")
    assert result.returncode == 2


def test_build_writes_pages_and_site(tmp_path, mini):
    result = build_into(tmp_path, mini)
    generated = tmp_path / "generated"
    assert (generated / "timeline" / "index.md").is_file()
    assert (generated / "citations" / "article.md").is_file()
    html = (tmp_path / "site" / "timeline" / "2017-05.html").read_text()
    assert "Coalition aircraft strike a convoy near al-Tanf" in html
    assert 'href="../citations/article.html#attack-thursday"' in html
    assert not (tmp_path / "stage").exists()
    assert result.timings["mkdocs"] > 0


def test_failed_build_leaves_previous_outputs_untouched(tmp_path, mini):
    build_into(tmp_path, mini)
    before = (tmp_path / "site" / "timeline" / "index.html").read_bytes()
    (mini / "investigation.yml").write_text(
        (mini / "investigation.yml").read_text().replace("cameo: \"195\"", "cameo: \"999\""))
    with pytest.raises(Exception):
        build_into(tmp_path, mini)
    assert (tmp_path / "site" / "timeline" / "index.html").read_bytes() == before


@pytest.mark.slow
def test_real_report_builds_and_no_page_shows_a_record_id(tmp_path):
    result = build_into(tmp_path, DATA)
    assert (tmp_path / "site" / "index.html").is_file()
    assert len(result.analysis.inv.sources) == 5
    ids = record_ids(result.analysis.inv)
    pages = sorted((tmp_path / "site").rglob("*.html"))
    assert len(pages) > 80
    shown = {}
    for page in pages:
        found = ids_in(visible_text(page.read_text(encoding="utf-8")), ids)
        if found:
            shown[str(page.relative_to(tmp_path / "site"))] = found
    assert shown == {}, f"record ids in the visible text of pages: {shown}"
    # The scan does find an id a page shows.
    assert ids_in(visible_text("<p>see <b>first-convoy-wednesday-night</b></p>"), ids) == \
        ["first-convoy-wednesday-night"]
