"""The slow-stage cache: reused only while every input is unchanged."""

import shutil

from reportgen import stagecache

from .conftest import MINI


def test_unchanged_inputs_find_the_stored_output_byte_for_byte(tmp_path):
    key = stagecache.input_key("pdf", MINI, {"paper": "a4"})
    assert stagecache.lookup("pdf", key, tmp_path) is None
    stagecache.store("pdf", key, {"downloads/brief.pdf": b"%PDF- first"}, tmp_path)
    again = stagecache.input_key("pdf", MINI, {"paper": "a4"})
    assert stagecache.lookup("pdf", again, tmp_path) == {"downloads/brief.pdf": b"%PDF- first"}


def test_any_change_of_data_or_options_changes_the_key(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    base = stagecache.input_key("pdf", data, {"paper": "a4"})
    assert stagecache.input_key("pdf", data, {"paper": "letter"}) != base
    source = data / "sources" / "article.txt"
    source.write_bytes(source.read_bytes() + b" ")
    assert stagecache.input_key("pdf", data, {"paper": "a4"}) != base


def test_a_new_key_replaces_the_old_entry(tmp_path):
    stagecache.store("pdf", "a" * 64, {"x.pdf": b"old"}, tmp_path)
    stagecache.store("pdf", "b" * 64, {"x.pdf": b"new"}, tmp_path)
    assert stagecache.lookup("pdf", "a" * 64, tmp_path) is None
    assert stagecache.lookup("pdf", "b" * 64, tmp_path) == {"x.pdf": b"new"}
    assert [p.name for p in (tmp_path / "pdf").iterdir()] == ["b" * 64]


def test_each_investigation_keeps_its_own_entry(tmp_path):
    other = tmp_path / "other"
    shutil.copytree(MINI, other)
    mini_key = stagecache.input_key("pdf", MINI, {"paper": "a4"})
    other_key = stagecache.input_key("pdf", other, {"paper": "a4"})
    assert mini_key.split("/")[0] != other_key.split("/")[0]
    cache = tmp_path / "cache"
    stagecache.store("pdf", mini_key, {"x.pdf": b"mini"}, cache)
    stagecache.store("pdf", other_key, {"x.pdf": b"other"}, cache)
    # building the other did not evict the first one's brief
    assert stagecache.lookup("pdf", mini_key, cache) == {"x.pdf": b"mini"}
    (other / "investigation.yml").write_text((other / "investigation.yml").read_text() + "\n")
    stagecache.store("pdf", stagecache.input_key("pdf", other, {"paper": "a4"}), {"x.pdf": b"new"}, cache)
    assert stagecache.lookup("pdf", mini_key, cache) == {"x.pdf": b"mini"}
    assert stagecache.lookup("pdf", other_key, cache) is None  # its own old entry is replaced


def test_the_build_s_site_inside_the_data_folder_is_not_an_input(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    key = stagecache.input_key("pdf", data, {"paper": "a4"}, exclude=[data / "site"])
    (data / "site" / "downloads").mkdir(parents=True)
    (data / "site" / "downloads" / "brief.pdf").write_bytes(b"%PDF- built")
    assert stagecache.input_key("pdf", data, {"paper": "a4"}, exclude=[data / "site"]) == key
    assert stagecache.input_key("pdf", data, {"paper": "a4"}) != key
