"""End to end: the CLI checks and builds, and a failed build leaves the last good one."""

from pathlib import Path

import pytest

from reportgen import pipeline
from reportgen.data.diagnostics import DataError
from reportgen.pdf import brief

from .conftest import DATA, build_into, run_cli
from .readers import ids_in, record_ids, visible_text


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
    result = build_into(tmp_path, mini, skip={"pdf"})
    generated = tmp_path / "generated"
    assert (generated / "timeline" / "index.md").is_file()
    assert (generated / "citations" / "article.md").is_file()
    html = (tmp_path / "site" / "timeline" / "index.html").read_text()  # one page while the events fit
    assert "Coalition aircraft strike a convoy near al-Tanf" in html
    assert 'href="../citations/article.html#attack-thursday"' in html
    assert not (tmp_path / "stage").exists()
    assert result.timings["mkdocs"] > 0


def test_failed_build_leaves_previous_outputs_untouched(tmp_path, mini):
    build_into(tmp_path, mini, skip={"pdf"})
    before = (tmp_path / "site" / "timeline" / "index.html").read_bytes()
    (mini / "investigation.yml").write_text(
        (mini / "investigation.yml").read_text().replace("cameo: \"195\"", "cameo: \"999\""))
    with pytest.raises(DataError) as raised:
        build_into(tmp_path, mini, skip={"pdf"})
    assert "unknown CAMEO code `999`" in "\n".join(d.format() for d in raised.value.diagnostics.errors)
    assert (tmp_path / "site" / "timeline" / "index.html").read_bytes() == before


@pytest.mark.slow
def test_real_report_builds_and_no_page_shows_a_record_id(tmp_path):
    result = build_into(tmp_path, DATA, skip={"pdf"})
    assert (tmp_path / "site" / "index.html").is_file()
    sources = result.analysis.inv.sources
    assert sources, "data/ has no source"
    for source in sources:  # every archived article is readable on its own page
        assert (tmp_path / "site" / "citations" / f"{source.id}.html").is_file(), source.id
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


def _published_downloads(site: Path) -> dict[str, str]:
    """downloads/SHA256SUMS as name -> hash, after checking each line against the file it names."""
    import hashlib

    sums = {}
    for line in (site / "downloads" / "SHA256SUMS").read_text(encoding="ascii").splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((site / "downloads" / name).read_bytes()).hexdigest() == digest, name
        sums[name] = digest
    return sums


def test_the_brief_prints_beside_the_site_and_every_download_is_published_and_summed(tmp_path, mini):
    import re

    result = build_into(tmp_path, mini, cache_dir=tmp_path / "cache")
    site = tmp_path / "site"
    name = brief.pdf_name(result.analysis)
    sums = _published_downloads(site)
    assert name in sums and "investigation.json" in sums and "SHA256SUMS" not in sums
    assert (site / "downloads" / name).read_bytes().startswith(b"%PDF-")
    # Every download a page links is published, and the pages print no size or hash of the brief.
    for page in ("index.html", "downloads.html"):
        html = (site / page).read_text(encoding="utf-8")
        for href in re.findall(r'href="(downloads/[^"#]+)"', html):
            assert (site / href).is_file(), (page, href)
        assert sums[name] not in html
    assert (tmp_path / "generated" / "downloads" / name).read_bytes() == (site / "downloads" / name).read_bytes()


def test_a_cached_brief_is_reused_without_a_worker(tmp_path, mini, monkeypatch):
    first = build_into(tmp_path, mini, cache_dir=tmp_path / "cache")
    pdf = (tmp_path / "site" / "downloads" / brief.pdf_name(first.analysis)).read_bytes()
    monkeypatch.setattr(pipeline, "print_brief", None)  # a worker started now would fail
    build_into(tmp_path, mini, cache_dir=tmp_path / "cache")
    assert (tmp_path / "site" / "downloads" / brief.pdf_name(first.analysis)).read_bytes() == pdf


def test_a_brief_that_cannot_print_fails_the_build_and_leaves_the_last_good_site(tmp_path, mini):
    build_into(tmp_path, mini, skip={"pdf"})
    before = (tmp_path / "site" / "index.html").read_bytes()
    # The worker's BriefError comes back to this process with its messages.
    with pytest.raises(brief.BriefError) as raised:
        build_into(tmp_path, mini, paper="a5")
    assert raised.value.messages[0] == "error: unknown paper size 'a5'; use one of: a4, letter"
    assert (tmp_path / "site" / "index.html").read_bytes() == before
