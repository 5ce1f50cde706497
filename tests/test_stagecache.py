"""The slow-stage cache: reused only while every input is unchanged."""

import shutil

from reportgen import stagecache

from .conftest import MINI


def test_unchanged_inputs_reuse_the_output_byte_for_byte(tmp_path):
    calls = []

    def produce():
        calls.append(1)
        return {"downloads/brief.pdf": b"%PDF- first"}

    key = stagecache.input_key("pdf", MINI, {"paper": "a4"})
    first = stagecache.cached("pdf", key, produce, tmp_path)
    again = stagecache.cached("pdf", stagecache.input_key("pdf", MINI, {"paper": "a4"}), produce, tmp_path)
    assert first == again == {"downloads/brief.pdf": b"%PDF- first"}
    assert len(calls) == 1


def test_any_change_of_data_or_options_changes_the_key(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    base = stagecache.input_key("pdf", data, {"paper": "a4"})
    assert stagecache.input_key("pdf", data, {"paper": "letter"}) != base
    source = data / "sources" / "article.txt"
    source.write_bytes(source.read_bytes() + b" ")
    assert stagecache.input_key("pdf", data, {"paper": "a4"}) != base


def test_a_new_key_replaces_the_old_entry(tmp_path):
    stagecache.cached("pdf", "a" * 64, lambda: {"x.pdf": b"old"}, tmp_path)
    assert stagecache.cached("pdf", "b" * 64, lambda: {"x.pdf": b"new"}, tmp_path) == {"x.pdf": b"new"}
    assert [p.name for p in (tmp_path / "pdf").iterdir()] == ["b" * 64]


def test_each_investigation_keeps_its_own_entry(tmp_path):
    other = tmp_path / "other"
    shutil.copytree(MINI, other)
    calls = []

    def produce(name):
        return lambda: calls.append(name) or {"x.pdf": name.encode()}

    mini_key = stagecache.input_key("pdf", MINI, {"paper": "a4"})
    other_key = stagecache.input_key("pdf", other, {"paper": "a4"})
    assert mini_key.split("/")[0] != other_key.split("/")[0]
    cache = tmp_path / "cache"
    stagecache.cached("pdf", mini_key, produce("mini"), cache)
    stagecache.cached("pdf", other_key, produce("other"), cache)
    assert stagecache.cached("pdf", mini_key, produce("mini"), cache) == {"x.pdf": b"mini"}
    assert calls == ["mini", "other"]  # building the other did not evict the first one's brief
    (other / "investigation.yml").write_text((other / "investigation.yml").read_text() + "\n")
    stagecache.cached("pdf", stagecache.input_key("pdf", other, {"paper": "a4"}), produce("other"), cache)
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
