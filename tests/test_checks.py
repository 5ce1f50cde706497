"""Checks: every problem reported at once, with file, line and a hint."""

import re

import pytest

from reportgen import pipeline
from reportgen.data.diagnostics import DataError


def errors_of(data_dir) -> str:
    with pytest.raises(DataError) as info:
        pipeline.load_and_check(data_dir)
    return "\n".join(d.format() for d in info.value.diagnostics.sorted())


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_is_clean(mini):
    checked = pipeline.load_and_check(mini)
    assert checked.summary()["quotes verified"] == 2
    assert checked.matches["mattis-necessitated"].paragraph == 4


def test_quote_with_one_word_changed_names_closest_passage(mini):
    edit(mini / "investigation.yml", "by offensive movement with offensive", "by offensive movement with defensive")
    text = errors_of(mini)
    assert "error: quote `mattis-necessitated` not found verbatim in source `article`" in text
    assert "closest passage (paragraph 4" in text
    assert 'source has "offensive" where the quote has "defensive"' in text


def test_curly_vs_straight_marks_and_any_ellipsis_pass(mini):
    """The source has straight quote marks and apostrophes where the quotes have curly ones, and
    `...` where a quote writes `. . .` or `…`: typography only, each quote verified in place."""
    yml = mini / "investigation.yml"
    edit(yml, "we believe were ... Iranian", "we believe were . . . Iranian")
    edit(yml, 'text: "by offensive movement', 'text: "\u201cby offensive movement')
    edit(yml, 'deconfliction zone."', 'deconfliction zone.\u201d"')
    edit(yml, "\nevents:\n", """  - id: country-war
    source: article
    speaker: reported
    text: "an important shift in the country\u2019s war"

events:
""")
    checked = pipeline.load_and_check(mini)
    assert not checked.diagnostics.errors
    assert checked.matches["mattis-necessitated"].paragraph == 4
    assert checked.matches["country-war"].paragraph == 2
    edit(yml, "were . . . Iranian", "were \u2026 Iranian")
    assert pipeline.load_and_check(mini).matches["mattis-necessitated"].paragraph == 4


def test_a_quote_mark_the_source_does_not_have_is_not_typography(mini):
    """Quote marks around words the source does not put in quotation marks add to the text."""
    edit(mini / "investigation.yml",
         "    text: The attack Thursday struck militants fighting on behalf of Syrian President Bashar al-Assad\n",
         '    text: "\u201cThe attack Thursday struck militants fighting on behalf of Syrian President '
         'Bashar al-Assad\u201d"\n')
    text = errors_of(mini)
    assert "error: quote `attack-thursday` not found verbatim in source `article`" in text
    assert re.search(r'closest passage \(paragraph 3, \d+% alike\): "The attack\sThursday struck militants', text)


def test_unknown_reference_has_line_and_suggestion(mini):
    edit(mini / "investigation.yml", "speaker: jim-mattis", "speaker: jim-matis")
    text = errors_of(mini)
    assert "investigation.yml:" in text
    assert "`speaker` names unknown actor `jim-matis`" in text
    assert "did you mean 'jim-mattis'?" in text


def test_duplicate_id_points_at_the_first(mini):
    edit(mini / "investigation.yml", "id: attack-thursday", "id: mattis-necessitated")
    text = errors_of(mini)
    assert "duplicate id `mattis-necessitated` (quote)" in text
    assert "already used by the quote at" in text


def test_invalid_date_is_reported_with_line(mini):
    edit(mini / "investigation.yml", "{date: 2017-05-18, precision: day", "{date: 2017-05-32, precision: day")
    text = errors_of(mini)
    assert "event `strike`: when: '2017-05-32' is not a real date" in text


def test_precision_must_fit_the_written_date(mini):
    edit(mini / "investigation.yml", "{date: 2017-05-18, precision: day", "{date: 2017-05-18, precision: month")
    assert "precision `month` does not fit the date '2017-05-18'" in errors_of(mini)


def test_tampered_archive_fails_with_both_hashes(mini):
    path = mini / "sources" / "article.txt"
    path.write_bytes(path.read_bytes().replace(b"Thursday", b"Wednesday", 1))
    text = errors_of(mini)
    assert "source `article`: archived text has changed since it was hashed" in text
    assert "recorded: b64c2e51" in text


def test_unknown_unit_suggests_a_known_one(mini):
    edit(mini / "investigation.yml", "    subject: who-directed-the-convoy",
         "    subject: who-directed-the-convoy\n    quantity: {value: 17, unit: mils}")
    assert "unknown unit `mils`" in errors_of(mini)


def test_all_problems_reported_at_once(mini):
    edit(mini / "investigation.yml", "speaker: jim-mattis", "speaker: nobody")
    edit(mini / "investigation.yml", "place: al-tanf", "place: nowhere")
    text = errors_of(mini)
    assert "unknown actor `nobody`" in text and "unknown place `nowhere`" in text


def test_archived_texts_resolve_as_pathlib_does(tmp_path):
    """A folder is resolved once for all its files; the result is what Path.resolve() gives."""
    from reportgen.data.checks import _resolve

    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    (data / "sources" / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "b.txt").write_text("b", encoding="utf-8")
    (data / "linked").symlink_to(tmp_path / "elsewhere")  # a linked folder
    (data / "sources" / "link.txt").symlink_to(tmp_path / "elsewhere" / "b.txt")  # a linked file
    (data / "sources" / "loop.txt").symlink_to("loop.txt")
    folders: dict = {}
    for rel in ["sources/a.txt", "sources/missing.txt", "linked/b.txt", "sources/link.txt", "sources/../sources/a.txt",
                "../elsewhere/b.txt", "sources", ".", "", "sources/..", "linked/../x.txt", "nothere/a.txt"]:
        path = data / rel
        assert _resolve(path, folders) == path.resolve(), rel
    loop = data / "sources" / "loop.txt"
    with pytest.raises(RuntimeError) as expected:
        loop.resolve()
    with pytest.raises(type(expected.value)):
        _resolve(loop, folders)


def test_checking_keeps_no_normalised_copy_of_the_archives(mini):
    """Checking holds no second, normalised copy of each archived text once it is done with it
    (at the large size they add up to 40 MB): asking for one afterwards makes it afresh."""
    import tracemalloc

    from reportgen.data import textmatch

    archive = pipeline.load_and_check(mini).archives["article"]
    tracemalloc.start()
    try:
        normalised = archive.normalised
        made, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert made > len(archive.text), f"only {made} bytes: the normalised copy was kept"
    assert normalised.text == textmatch.normalise(archive.text).text


def test_a_quote_in_the_wrong_source_is_found_after_the_right_source_is_done_with(mini):
    """The right source's normalised text was dropped after its last quote; it is made again to find this one."""
    import hashlib

    other = "Another outlet's text, which says nothing of the strike.\n"
    (mini / "sources" / "other.txt").write_text(other, encoding="utf-8")
    digest = hashlib.sha256(other.encode("utf-8")).hexdigest()
    edit(mini / "investigation.yml", "\nactors:\n", f"""  - id: other
    title: Another outlet
    kind: news report
    published: {{date: 2017-05-20, precision: day}}
    file: sources/other.txt
    sha256: {digest}
    reliability: {{grade: C, reason: Test.}}

actors:
""")
    edit(mini / "investigation.yml", "\nevents:\n", """  - id: misfiled
    source: other
    speaker: jim-mattis
    text: "what we believe were \u2026 Iranian-directed forces"

events:
""")
    text = errors_of(mini)
    assert "error: quote `misfiled` not found verbatim in source `other`" in text
    assert "hint: the quote is in source `article` (paragraph 4): did you mean `source: article`?" in text


def test_quotes_searched_in_several_processes_give_the_same_matches_and_messages(mini, monkeypatch, forking):
    from reportgen.data import checks
    from reportgen import parallel

    import hashlib

    other = "Another outlet's text, which says nothing of the strike.\n"  # a second source: a second group
    (mini / "sources" / "other.txt").write_text(other, encoding="utf-8")
    edit(mini / "investigation.yml", "\nactors:\n", f"""  - id: other
    title: Another outlet
    kind: news report
    published: {{date: 2017-05-20, precision: day}}
    file: sources/other.txt
    sha256: {hashlib.sha256(other.encode("utf-8")).hexdigest()}
    reliability: {{grade: C, reason: Test.}}

actors:
""")
    edit(mini / "investigation.yml", "by offensive movement with offensive", "by offensive movement with defensive")
    edit(mini / "investigation.yml", "\nevents:\n", """  - id: wordless
    source: article
    speaker: jim-mattis
    text: "... !"
  - id: elsewhere
    source: other
    speaker: jim-mattis
    text: "which says nothing of the strike"

events:
""")
    edit(mini / "investigation.yml", "place: al-tanf", "place: al-tanff")  # a message after the quotes'

    def messages_in_order() -> list[str]:
        with pytest.raises(DataError) as info:
            pipeline.load_and_check(mini)
        return [d.format() for d in info.value.diagnostics.items]

    alone = messages_in_order()
    text = "\n".join(alone)
    assert "quote `wordless` has no words" in text and "closest passage (paragraph 4" in text
    assert "unknown place `al-tanff`" in text
    monkeypatch.setattr(checks, "PARALLEL_MIN_QUOTES", 0)
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    assert messages_in_order() == alone
    assert forking == ["fork"]
    edit(mini / "investigation.yml", "by offensive movement with defensive", "by offensive movement with offensive")
    edit(mini / "investigation.yml", 'text: "... !"', 'text: "what we believe were"')
    edit(mini / "investigation.yml", "place: al-tanff", "place: al-tanf")
    shared = pipeline.load_and_check(mini)
    monkeypatch.setenv(parallel.WORKERS_ENV, "1")
    assert shared.matches == pipeline.load_and_check(mini).matches and len(shared.matches) == 4
