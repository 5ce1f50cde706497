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
    edit(yml, "\nevents:\n", """  - id: shift-in-war
    source: article
    speaker: reported
    text: "an important shift in the country\u2019s war"

events:
""")
    checked = pipeline.load_and_check(mini)
    assert not checked.diagnostics.errors
    assert checked.matches["mattis-necessitated"].paragraph == 4
    assert checked.matches["shift-in-war"].paragraph == 2
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
    from reportgen.data.sourcechecks import _resolve

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

    from reportgen.data import typography

    archive = pipeline.load_and_check(mini).archives["article"]
    tracemalloc.start()
    try:
        normalised = archive.normalised
        made, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert made > len(archive.text), f"only {made} bytes: the normalised copy was kept"
    assert normalised.text == typography.normalise(archive.text).text


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
    from reportgen.data import quotechecks
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
    monkeypatch.setattr(quotechecks, "PARALLEL_MIN_QUOTES", 0)
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    assert messages_in_order() == alone
    assert forking == ["fork"]
    edit(mini / "investigation.yml", "by offensive movement with defensive", "by offensive movement with offensive")
    edit(mini / "investigation.yml", 'text: "... !"', 'text: "what we believe were"')
    edit(mini / "investigation.yml", "place: al-tanff", "place: al-tanf")
    shared = pipeline.load_and_check(mini)
    monkeypatch.setenv(parallel.WORKERS_ENV, "1")
    assert shared.matches == pipeline.load_and_check(mini).matches and len(shared.matches) == 4


# --------------------------------------------------------------------------- references in text, analytic hygiene


def diagnostics_of(data_dir) -> list:
    """Every diagnostic of a check, sorted (errors raise: they are returned as well)."""
    try:
        return pipeline.load_and_check(data_dir).diagnostics.sorted()
    except DataError as exc:
        return exc.diagnostics.sorted()


def messages(data_dir) -> str:
    return "\n".join(d.format() for d in diagnostics_of(data_dir))


def append(mini, text: str) -> None:
    path = mini / "investigation.yml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def line_of(mini, text: str) -> int:
    """The line of the data file a piece of text is on (1-based)."""
    lines = (mini / "investigation.yml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_a_reference_in_text_is_checked_like_any_other(mini):
    edit(mini / "investigation.yml", "summary: Coalition aircraft struck pro-government forces advancing toward al-Tanf.",
         "summary: Struck, as [Mattis said](claim:convoy-iran-direkted) and [](event:convoy-iran-directed).")
    text = errors_of(mini)
    line = line_of(mini, "summary: Struck, as")
    assert f"investigation.yml:{line}:5: error: event `strike`: `summary` refers to unknown claim " \
           "`convoy-iran-direkted`" in text
    assert "hint: did you mean 'convoy-iran-directed'?" in text
    assert "refers to `event:convoy-iran-directed`, but `convoy-iran-directed` is a claim" in text
    assert "hint: write `(claim:convoy-iran-directed)`" in text


def test_a_reference_in_a_name_is_an_error_and_a_good_one_passes(mini):
    edit(mini / "investigation.yml", "title: Coalition aircraft strike a convoy near al-Tanf",
         "title: Coalition aircraft strike [the convoy](actor:pro-government-convoy)")
    assert "`title` is shown as plain text, so `(actor:pro-government-convoy)` would show as written" \
        in errors_of(mini)
    edit(mini / "investigation.yml", "title: Coalition aircraft strike [the convoy](actor:pro-government-convoy)",
         "title: Coalition aircraft strike a convoy near al-Tanf")
    edit(mini / "investigation.yml", "summary: Coalition aircraft struck pro-government forces",
         "summary: Coalition aircraft struck [](actor:pro-government-convoy)")
    assert not diagnostics_of(mini)


def test_an_id_written_as_text_is_a_warning_with_file_and_line(mini):
    edit(mini / "investigation.yml", "summary: Coalition aircraft struck pro-government forces advancing toward al-Tanf.",
         "summary: Coalition aircraft struck the convoy (claim `convoy-iran-directed`).")
    text = messages(mini)
    line = line_of(mini, "summary: Coalition aircraft struck the convoy")
    assert (f"investigation.yml:{line}:5: warning: event `strike`: `summary` shows the id `convoy-iran-directed` "
            "(claim) to readers [bare-id]") in text
    assert "hint: readers see names, never ids: write [](claim:convoy-iran-directed)" in text
    assert pipeline.load_and_check(mini)  # a warning, not an error


ASSESSMENT = """
assessments:
  - id: strike-meaning
    question: What did the strike mean?
    judgment: It was force protection.
    probability: likely
    confidence: low
    hypotheses:
      - id: h-protection
        label: Force protection
        statement: Force protection.
        held_by: [jim-mattis]
      - {id: h-signal, label: A signal, statement: A signal to Iran.}
    evidence:
      - id: ev-zone
        description: The forces were inside the zone.
        citations: [{quote: mattis-necessitated}]
        ratings: {h-protection: consistent, h-signal: neutral}
      - id: ev-thursday
        description: The attack came on Thursday.
        citations: [{quote: attack-thursday}]
        ratings: {h-protection: neutral, h-signal: inconsistent}
    citations: [{quote: mattis-necessitated}]  # the assessment's
"""


def test_ach_a_hypothesis_nothing_refutes_and_a_lead_of_one_rating_are_warnings(mini):
    append(mini, ASSESSMENT)
    text = messages(mini)
    line = line_of(mini, "id: h-protection")
    assert (f"investigation.yml:{line}:9: warning: hypothesis `h-protection` is consistent or neutral with every "
            "item of evidence: the matrix never tests it [non-diagnostic]") in text
    assert ("warning: assessment `strike-meaning`: the leading hypotheses `h-protection` (0 inconsistent) and "
            "`h-signal` (1) are one inconsistent rating apart, told apart by `ev-thursday` only [weak-matrix]") in text
    assert "answers: {weak-matrix: ...}" in text  # the hint says how to answer it
    # Answered in the data, the warnings are not printed, and the page says both beside the matrix.
    edit(mini / "investigation.yml", "  # the assessment's\n", "\n    answers: {weak-matrix: Only two items are known.}\n")
    edit(mini / "investigation.yml", "        held_by: [jim-mattis]\n",
         "        held_by: [jim-mattis]\n        answers: {non-diagnostic: Nothing argues against it.}\n")
    assert not diagnostics_of(mini)
    from reportgen.site import pages

    escalation = pages.render_site(pipeline.analyse_folder(mini))["escalation.md"]
    assert "**Weak matrix&#58; “Force protection” leads “A signal” by a single inconsistent rating" in escalation
    assert "The report's answer: Only two items are known." in escalation
    assert "Non-diagnostic&#58; no evidence item is inconsistent with “Force protection”" in escalation
    assert "| Evidence | Force protection | A signal |" in escalation  # labels head the matrix, never ids
    assert "h-protection" not in escalation.replace('id="h-protection"', "")


def test_a_view_attributed_to_an_actor_must_cite_their_own_words(mini):
    append(mini, ASSESSMENT.replace("held_by: [jim-mattis]", "held_by: [pro-government-convoy]"))
    text = errors_of(mini)
    line = line_of(mini, "held_by: [pro-government-convoy]")
    assert (f"investigation.yml:{line}:9: error: hypothesis `h-protection` is held by `pro-government-convoy`, but "
            "assessment `strike-meaning` cites none of their own words") in text
    assert "hint: cite a quote by or attributed to `pro-government-convoy`" in text


def test_judgments_without_a_cited_passage_or_a_probability_are_errors(mini):
    append(mini, ASSESSMENT.replace("    citations: [{quote: mattis-necessitated}]  # the assessment's\n",
                                    "    citations: [{source: article}]\n"))
    edit(mini / "investigation.yml", "      citations: [{quote: mattis-necessitated}]\n  sides:", "  sides:")
    text = errors_of(mini)
    assert "error: key judgment `kj-strike` cites no quote or paragraph" in text
    assert "error: assessment `strike-meaning` cites no quote or paragraph" in text
    assert "hint: cite the passages the judgment rests on" in text
    edit(mini / "investigation.yml", "      probability: likely\n", "")
    line = line_of(mini, "- id: kj-strike")
    assert f"investigation.yml:{line}:7: error: report: missing required field `probability`" in errors_of(mini)


def test_a_figure_missing_from_its_citations_is_a_warning(mini):
    edit(mini / "investigation.yml", "    subject: who-directed-the-convoy",
         "    subject: who-directed-the-convoy\n    quantity: {value: 17, unit: miles}")
    text = messages(mini)
    line = line_of(mini, "quantity: {value: 17")
    assert (f"investigation.yml:{line}:5: warning: claim `convoy-iran-directed`: none of its citations gives its "
            "figure 17 miles [figure-not-cited]") in text
    # The source's own words for a figure answer it when they are in the cited passage.
    edit(mini / "investigation.yml", "quantity: {value: 17, unit: miles}",
         "quantity: {value: 1, unit: vehicles, as_written: an established and agreed-upon deconfliction zone}")
    assert not diagnostics_of(mini)
    edit(mini / "investigation.yml", "as_written: an established", "as_written: a newly agreed")
    assert "its figure's words “a newly agreed and agreed-upon deconfliction zone” are in none of its citations" \
        in messages(mini)


def test_a_relation_resting_only_on_hedged_words_needs_a_confidence(mini):
    edit(mini / "investigation.yml", """      - type: speaks for
        target: us-led-coalition
        citations: [{source: article, paragraph: 4}]""", """      - type: commands
        target: pro-government-convoy
        citations: [{quote: mattis-necessitated}]""")
    text = messages(mini)
    line = line_of(mini, "- type: commands")
    assert (f"investigation.yml:{line}:9: warning: actor `jim-mattis` commands `pro-government-convoy` rests only "
            "on hedged words (“we believe”) [hedged]") in text
    assert "hint: give the relation a `confidence:`" in text
    edit(mini / "investigation.yml", "        citations: [{quote: mattis-necessitated}]",
         "        citations: [{quote: mattis-necessitated}]\n        confidence: low")
    assert not diagnostics_of(mini)
    from reportgen.site import pages

    page = pages.render_site(pipeline.analyse_folder(mini))["actors/jim-mattis.md"]
    assert "**commands** [Pro-government convoy](pro-government-convoy.md) *(assessed, low confidence)*" in page


DISTANCES = """
  - id: within-17-miles
    statement: The convoy came within 17 miles.
    subject: closest-approach
    claimant: reported
    quantity: {value: 17, unit: miles, qualifier: within, as_written: Syrian President}
    citations: [{quote: attack-thursday}]
  - id: within-29-km
    statement: The convoy came within 29 km.
    subject: closest-approach
    claimant: jim-mattis
    quantity: {value: 29, unit: km, qualifier: within, as_written: offensive movement}
    citations: [{quote: mattis-necessitated}]
"""


def test_discrepancies_need_an_outcome_and_their_figures_are_compared_in_one_unit(mini):
    append(mini, DISTANCES + """
discrepancies:
  - id: closest
    question: How close did the convoy come?
    claims: [within-17-miles, within-29-km]
""")
    text = messages(mini)
    line = line_of(mini, "- id: closest")
    assert f"investigation.yml:{line}:5: warning: discrepancy `closest` has no outcome [no-outcome]" in text
    assert "warning: discrepancy `closest`: its figures agree within 10% [figures-agree]" in text  # 27.4 and 29 km
    append(mini, "    outcome: compatible\n    tolerance: {value: 1, unit: km}\n")
    assert ("discrepancy `closest` is compatible, but its figures differ by more than 1 km [figures-disagree]"
            in messages(mini))
    edit(mini / "investigation.yml", "tolerance: {value: 1, unit: km}", "tolerance: {value: 1, unit: mile}")
    assert "unknown tolerance unit `mile`" in errors_of(mini) and "did you mean 'miles'?" in errors_of(mini)
    edit(mini / "investigation.yml", "tolerance: {value: 1, unit: mile}", "tolerance: {value: 2, unit: km}")
    assert not diagnostics_of(mini)


def test_claims_on_one_subject_that_disagree_need_a_discrepancy(mini):
    append(mini, DISTANCES.replace("value: 29, unit: km", "value: 50, unit: km"))
    text = messages(mini)
    line = line_of(mini, "value: 50, unit: km")
    assert (f"investigation.yml:{line}:5: warning: claim `within-29-km` and claim `within-17-miles` (subject "
            "`closest-approach`) give figures more than 10% apart, and no discrepancy sets them side by side "
            "[figures-disagree]") in text


def test_an_answer_names_a_warning_that_exists(mini):
    edit(mini / "investigation.yml", "    claimant: jim-mattis\n    citations: [{quote: mattis-necessitated}]",
         "    claimant: jim-mattis\n    citations: [{quote: mattis-necessitated}]\n    answers: {figure-not-cite: x}")
    text = errors_of(mini)
    assert "`answers` names unknown warning `figure-not-cite`" in text and "did you mean 'figure-not-cited'?" in text


def test_a_typo_in_an_acled_event_type_fails_with_the_closest_term(mini):
    edit(mini / "investigation.yml", "event_type: Explosions/Remote violence", "event_type: Explosions/remote violence")
    text = errors_of(mini)
    assert "investigation.yml:81:5: error: event `strike`: `event_type` 'Explosions/remote violence' is not in " \
           "ACLED's codebook" in text
    assert "hint: did you mean 'Explosions/Remote violence'?" in text


def test_a_report_s_own_codebook_replaces_acled_s(mini):
    edit(mini / "investigation.yml", "  sides:\n", "  codebook:\n    - event_type: Air operations\n"
         "      sub_event_types: [Strike on a convoy]\n  sides:\n")
    edit(mini / "investigation.yml", "event_type: Explosions/Remote violence", "event_type: Air operations")
    edit(mini / "investigation.yml", "sub_event_type: Air/drone strike", "sub_event_type: Strike on a convoy")
    assert pipeline.load_and_check(mini).summary()["events"] == 1
    edit(mini / "investigation.yml", "sub_event_type: Strike on a convoy", "sub_event_type: Air/drone strike")
    text = errors_of(mini)
    assert "`sub_event_type` 'Air/drone strike' is not a sub-event type of 'Air operations' in the report's " \
           "codebook" in text
    assert "hint: use one of: 'Strike on a convoy'" in text


def test_every_number_is_finite_and_of_a_size_a_source_states(mini):
    for written, message in ((".inf", "must be a finite number, not inf"),
                             ("-.inf", "must be a finite number, not -inf"),
                             (".nan", "must be a finite number, not nan"),
                             ("1e400", "must be a finite number, not '1e400'"),
                             ("1.0e+200", "1e+200: Input should be less than or equal to 90")):
        edit(mini / "investigation.yml", "coordinates: {lat: 33.50,", f"coordinates: {{lat: {written},")
        assert f"`coordinates.lat` {message}" in errors_of(mini), written
        edit(mini / "investigation.yml", f"coordinates: {{lat: {written},", "coordinates: {lat: 33.50,")


@pytest.mark.parametrize("rid, taken_by", [
    ("index", "the index pages"),
    ("key-judgments", "a section of the home page (#key-judgments)"),
    ("day-2017-05-18", "the anchor of a day or week of the timeline"),
    ("para-4", "the anchor of a paragraph of a source's page"),
    ("incident-first-strike", "the anchor of incident `first-strike` on escalation.md"),
])
def test_an_id_that_names_a_page_or_section_of_the_site_is_refused(mini, rid, taken_by):
    edit(mini / "investigation.yml", "id: attack-thursday", f"id: {rid}")
    text = errors_of(mini)
    assert f"error: quote `{rid}`: id `{rid}` is taken by {taken_by}" in text
    assert f"hint: ids are page names and anchors of the site: choose another, e.g. `{rid}-quote`" in text


def test_a_free_text_event_type_that_is_too_long_says_so_not_which_terms_are_allowed(mini):
    edit(mini / "investigation.yml", "event_type: Explosions/Remote violence", f"event_type: {'x' * 501}")
    text = errors_of(mini)
    assert "event `strike`: `event_type`" in text and "String should have at most 500 characters" in text
    assert "not one of the allowed values" not in text


def test_a_codebook_lists_each_event_type_once(mini):
    edit(mini / "investigation.yml", "  sides:\n", "  codebook:\n    - event_type: Air operations\n"
         "    - event_type: Air operations\n      sub_event_types: [Strike]\n  sides:\n")
    edit(mini / "investigation.yml", "event_type: Explosions/Remote violence", "event_type: Air operations")
    edit(mini / "investigation.yml", "sub_event_type: Air/drone strike", "sub_event_type: Strike")
    text = errors_of(mini)
    assert "error: codebook: event type 'Air operations' is listed twice" in text
    assert "hint: list each event type once, with all its sub-event types" in text
