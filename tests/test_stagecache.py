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
