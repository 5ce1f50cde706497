"""The preview's rebuilds: one mkdocs build per change, only the changed pages where that
gives the same site as a full build, and the data's errors handed to the browser."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from watchdog.utils.dirsnapshot import DirectorySnapshot, DirectorySnapshotDiff

from reportgen import pipeline
from reportgen.paths import MKDOCS_CONFIG
from reportgen.site import overlay
from reportgen.site.preview import Preview

EVENT_TITLE = "Coalition aircraft strike a convoy near al-Tanf"
SOURCE_TITLE = "Pentagon says strike hit Iran-backed convoy"


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def edit(data: Path, old: str, new: str) -> None:
    path = data / "investigation.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rebuilt(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("reportgen: rebuilt")]


# The exports are built here (`serve` leaves them out unless asked): a rebuild then changes
# assets beside the pages too.
@pytest.fixture
def preview(mini, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs")
    with Preview(mini, tmp_path / "pages", tmp_path / "site", MKDOCS_CONFIG, "127.0.0.1:8000", {"pdf"}) as p:
        p.publish(*p.generate())
        yield p


def full_build(data: Path, out: Path) -> dict[str, bytes]:
    """The site a first (full) preview build of `data` gives, as a fresh `serve` would."""
    with Preview(data, out / "pages", out / "site", MKDOCS_CONFIG, "127.0.0.1:8000", {"pdf"}) as p:
        p.publish(*p.generate())
    return tree(out / "site")


def test_a_changed_event_title_rebuilds_only_the_pages_that_show_it_and_gives_the_full_build(
        preview, mini, tmp_path, caplog):
    before = tree(preview.site_dir)
    edit(mini, f"title: {EVENT_TITLE}", f"title: {EVENT_TITLE} edited live")
    caplog.clear()
    preview.rebuild()
    [line] = rebuilt(caplog)
    assert "only what changed" in line, line
    changed, total = (int(word) for word in line.split()[2:5:2])  # "rebuilt N of M page(s)"
    assert 0 < changed < total
    after = tree(preview.site_dir)
    rewritten = {path for path in after if path.endswith(".html") and after[path] != before.get(path)}
    assert any(path.startswith("timeline/") for path in rewritten)
    assert all("edited live" in after[path].decode() for path in rewritten - {"404.html", "downloads.html"})  # downloads: the exports changed
    assert "methodology.html" not in rewritten  # a page that does not show the title is left alone

    assert after == full_build(mini, tmp_path / "full")  # byte for byte, search index included


def test_a_changed_title_of_a_page_in_the_navigation_rebuilds_every_page(preview, mini, tmp_path, caplog):
    # the navigation names a source by its short name
    edit(mini, "short_name: Loveluck", "short_name: Loveluck renamed today")
    caplog.clear()
    preview.rebuild()
    [line] = rebuilt(caplog)
    assert "whole site" in line and "the title of citations/article.md changed" in line, line
    site = tree(preview.site_dir)
    # every page lists the source in its navigation, under its new title
    assert "renamed today" in site["methodology.html"].decode()
    assert site == full_build(mini, tmp_path / "full")


def test_one_save_is_one_mkdocs_build_that_writes_nothing_the_watcher_sees(preview, mini, caplog):
    watched = [path for path in preview.watched(preview.load_config()) if path.is_dir()]
    assert preview.pages_dir not in watched and preview.site_dir not in watched
    edit(mini, f"title: {EVENT_TITLE}", f"title: {EVENT_TITLE} once")
    snapshots = [DirectorySnapshot(str(path)) for path in watched]
    builds = preview.builds
    caplog.clear()
    preview.rebuild()
    assert preview.builds == builds + 1
    assert sum("Documentation built" in r.getMessage() for r in caplog.records) == 1
    for path, snapshot in zip(watched, snapshots):
        diff = DirectorySnapshotDiff(snapshot, DirectorySnapshot(str(path)))
        assert not (diff.files_created or diff.files_modified or diff.files_deleted), path


def test_a_save_that_changes_no_page_builds_nothing(preview, mini, caplog):
    before = tree(preview.site_dir)
    edit(mini, "# A small investigation", "# A small investigation, with a comment edited")
    builds = preview.builds
    caplog.clear()
    preview.rebuild()
    assert preview.builds == builds and any("nothing to rebuild" in r.getMessage() for r in caplog.records)
    assert tree(preview.site_dir) == before


def test_a_data_error_keeps_the_last_site_and_tells_the_overlay_until_it_is_fixed(preview, mini, caplog):
    status_file = preview.site_dir / overlay.STATUS
    assert json.loads(status_file.read_text()) == {"ok": True}
    good = tree(preview.site_dir)
    edit(mini, "speaker: jim-mattis", 'speaker: "<img src=x onerror=alert(1)>"')
    caplog.clear()
    preview.rebuild()
    status = json.loads(status_file.read_text())
    assert status["ok"] is False and status["errors"] == len(status["problems"]) >= 1
    markup = next(p for p in status["problems"] if "<img src=x onerror=alert(1)>" in p["message"])
    assert markup["where"].endswith("investigation.yml:68:5") and markup["severity"] == "error" and markup["hint"]
    assert {path: data for path, data in tree(preview.site_dir).items() if path != overlay.STATUS} == \
        {path: data for path, data in good.items() if path != overlay.STATUS}  # the last good site stays
    assert not rebuilt(caplog)

    edit(mini, 'speaker: "<img src=x onerror=alert(1)>"', "speaker: jim-mattis")
    edit(mini, "with offensive capability", "with defensive capability")
    preview.rebuild()
    [quote] = json.loads(status_file.read_text())["problems"]
    assert "not found verbatim" in quote["message"]
    assert any(line.startswith("closest passage") and "offensive capability" in line for line in quote["detail"])

    edit(mini, "with defensive capability", "with offensive capability")
    caplog.clear()
    preview.rebuild()
    assert json.loads(status_file.read_text()) == {"ok": True}
    assert any("the data is good again" in r.getMessage() for r in caplog.records)


def test_a_template_error_is_shown_with_its_place(preview, tmp_path, monkeypatch):
    import jinja2

    from reportgen.site import serve

    (tmp_path / "broken.md.j2").write_text("# Methods\n\n{{ broken( }}\n", encoding="utf-8")

    def render_broken(data_dir, skip):
        return jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path))).get_template("broken.md.j2")

    monkeypatch.setattr(serve, "preview_files", render_broken)
    preview.rebuild()
    status = json.loads((preview.site_dir / overlay.STATUS).read_text())
    [problem] = status["problems"]
    assert problem["where"].endswith("broken.md.j2:3:1") and problem["message"].startswith("template: ")


def test_the_built_site_never_loads_the_overlay(mini, tmp_path):
    pipeline.build(pipeline.BuildOptions(data_dir=mini, generated_dir=tmp_path / "generated",
                                         site_dir=tmp_path / "site", stage_dir=tmp_path / "stage", skip={"pdf"}))
    site = tree(tmp_path / "site")
    assert not any(path.startswith("preview/") for path in site)
    assert not any(b"overlay.js" in data for path, data in site.items() if path.endswith(".html"))


def test_a_template_edited_between_two_renders_is_used_by_the_second(mini, tmp_path):
    import os
    import shutil

    from reportgen.site import pages

    templates = tmp_path / "templates"
    shutil.copytree(pages.TEMPLATES, templates)
    analysis = pipeline.analyse_folder(mini)
    first = pages.render_site(analysis, templates=templates)
    methodology = templates / "site" / "methodology.md.j2"
    methodology.write_text(methodology.read_text(encoding="utf-8") + "\nEdited while serving.\n", encoding="utf-8")
    stat = methodology.stat()
    os.utime(methodology, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a later save, surely
    second = pages.render_site(analysis, templates=templates)
    assert "Edited while serving." not in first["methodology.md"]
    assert "Edited while serving." in second["methodology.md"]
