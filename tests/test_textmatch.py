"""The quote matcher: typography normalised, words never; offsets in the original text."""

from reportgen.data.archivedtext import ArchivedText, split_paragraphs
from reportgen.data.textmatch import Match, Miss, find_quote

TEXT = (
    "by Louisa Loveluck\n\n"
    "BEIRUT \u2014 The Pentagon said Friday that it\u2019s \u201cnecessary.\u201d\n\n"
    "Mattis said it was necessitated \"by offensive movement of what we believe were . . . "
    "Iranian-directed forces inside a zone.\"\n"
)


def test_paragraphs_are_non_blank_lines_with_offsets():
    paras = split_paragraphs(TEXT)
    assert [p.number for p in paras] == [1, 2, 3]
    assert TEXT[paras[1].start:paras[1].end].startswith("BEIRUT")


def test_blank_line_mode_joins_wrapped_lines():
    paras = split_paragraphs("one\ntwo\n\nthree\n", "blank-lines")
    assert [p.text for p in paras] == ["one\ntwo", "three"]


def test_exact_quote_found_with_paragraph_and_offsets():
    archive = ArchivedText(TEXT)
    found = find_quote(archive, "The Pentagon said Friday")
    assert isinstance(found, Match) and found.exact
    assert found.paragraph == 2
    assert TEXT[found.start:found.end] == "The Pentagon said Friday"


def test_straight_quotes_and_dashes_match_curly_ones():
    archive = ArchivedText(TEXT)
    found = find_quote(archive, "BEIRUT - The Pentagon said Friday that it's \"necessary.\"")
    assert isinstance(found, Match) and not found.exact
    assert TEXT[found.start:found.end].endswith("\u201cnecessary.\u201d")


def test_spaced_ellipsis_in_source_matches_any_ellipsis_form():
    archive = ArchivedText(TEXT)
    for form in ("were ... Iranian-directed", "were \u2026 Iranian-directed", "were. . . Iranian-directed"):
        assert isinstance(find_quote(archive, form), Match), form


def test_elision_spans_pieces_in_order():
    archive = ArchivedText(TEXT)
    found = find_quote(archive, "by offensive movement ... inside a zone")
    assert isinstance(found, Match)
    assert len(found.pieces) == 2
    assert TEXT[found.pieces[1][0]:found.pieces[1][1]] == "inside a zone"


def test_one_changed_word_is_a_miss_naming_the_closest_passage():
    archive = ArchivedText(TEXT)
    miss = find_quote(archive, "by defensive movement of what we believe")
    assert isinstance(miss, Miss)
    assert "by offensive movement of what we believe" in miss.passage
    assert miss.paragraph == 3
    assert any('"offensive" where the quote has "defensive"' in d for d in miss.differences)


def test_elided_pieces_out_of_order_do_not_match():
    archive = ArchivedText(TEXT)
    assert isinstance(find_quote(archive, "inside a zone ... by offensive movement"), Miss)


def test_duplicate_passage_counts_occurrences_and_honours_paragraph_hint():
    text = "alpha beta\nsomething\nalpha beta\n"
    archive = ArchivedText(text)
    found = find_quote(archive, "alpha beta", prefer_paragraph=3)
    assert found.occurrences == 2 and found.paragraph == 3
