"""Exports: each file is parsed back the way its consumers read it."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re

import jsonschema
import pytest
from pybtex.database import parse_string

from reportgen import analysis as analysis_mod
from reportgen import exports
from reportgen.exports import bibtex, csl, csv_tables, timelinejs
from reportgen.data import model
from reportgen import pipeline


def analysed(folder):
    """The analysis of an investigation folder (load, check, analyse)."""
    return analysis_mod.analyse(pipeline.load_and_check(folder))

EXTRA = """
  - id: year-event
    title: Something happened that year
    when: {date: 2016, precision: year}
    event_type: Strategic developments
    cameo: "036"
    actors: [{actor: jim-mattis, role: initiator}]
    summary: "<script>alert(1)</script> talks *resumed*, said [the secretary](actor:jim-mattis)"
    citations: [{source: article, paragraph: 15}]
  - id: month-event
    title: "=HYPERLINK(\\"http://evil\\") <img src=x onerror=alert(1)>"
    when: {date: 2017-04, precision: month, approximate: true}
    event_type: Strategic developments
    cameo: "150"
    actors: [{actor: us-led-coalition, role: initiator}]
    summary: "@SUM(1+1), with a comma, a \\"quote\\"\\nand a line break"
    citations: [{source: article, paragraph: 9}]
  - id: time-event
    title: Strike at a stated time
    when: {date: "2017-05-18T16:30", precision: time, timezone: local}
    event_type: Explosions/Remote violence
    cameo: "195"
    actors: [{actor: us-led-coalition, role: initiator}, {actor: pro-government-convoy, role: target}]
    summary: -10 is the Goldstein score
    citations: [{source: article, paragraph: 3}]
  - id: week-event
    title: Convoys advance during a week
    when: {date: 2017-05-08, precision: week}
    event_type: Battles
    cameo: "154"
    actors: [{actor: pro-government-convoy, role: initiator}]
    summary: Convoys advance.
    citations: [{source: article, paragraph: 13}]
  - id: range-event
    title: Talks in Geneva
    when: {date: 2017-05-16, end: 2017-05-19, precision: day}
    event_type: Strategic developments
    cameo: "046"
    actors: [{actor: jim-mattis, role: other}]
    summary: Talks made little headway.
    citations: [{source: article, paragraph: 15}]
"""

TRICKY_TITLE = r"50% of {x} & y_z #1 ~ ^ \ $5 — al-Tanf’s “convoy”"


@pytest.fixture
def varied(mini):
    """The mini fixture with events at every precision and hostile text in places."""
    path = mini / "investigation.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nclaims:", EXTRA + "\nclaims:")
    text = text.replace("title: Pentagon says strike hit Iran-backed convoy",
                        "title: " + json.dumps(TRICKY_TITLE, ensure_ascii=False))
    text = text.replace("authors: [Louisa Loveluck]", "authors: [Louisa Loveluck, Associated Press, \"@Evil =cmd\"]")
    text = text.replace("    file: sources/article.txt",
                        "    url: https://example.org/a_b?x=1&y={2}\n    archived: 2017-05-20\n"
                        "    file: sources/article.txt")
    path.write_text(text, encoding="utf-8")
    return mini


@pytest.fixture
def out(varied) -> dict[str, bytes]:
    return exports.build_exports(pipeline.analyse_folder(varied))


def test_exports_are_files_under_downloads(mini):
    files = exports.build_exports(pipeline.analyse_folder(mini))
    assert sorted(files) == sorted(["downloads/investigation.json", "downloads/events.csv", "downloads/actors.csv", "downloads/quotes.csv",
                                    "downloads/claims.csv", "downloads/timeline.json", "downloads/sources.csl.json", "downloads/sources.bib"])
    assert all(path.startswith("downloads/") and isinstance(data, bytes) for path, data in files.items())


def test_same_data_gives_the_same_bytes(varied, out):
    again = exports.build_exports(pipeline.analyse_folder(varied))
    assert again == out


# --------------------------------------------------------------------------- dataset JSON


def test_dataset_records_round_trip_through_the_model(out):
    data = json.loads(out["downloads/investigation.json"])
    assert data["format"] == "reportgen-investigation" and data["format_version"] == 1
    model.Report.model_validate(data["report"])
    kinds = {"sources": model.Source, "quotes": model.Quote, "actors": model.Actor, "places": model.Place,
             "events": model.Event, "claims": model.Claim, "discrepancies": model.Discrepancy,
             "assessments": model.Assessment}
    for name, cls in kinds.items():
        for record in data[name]:
            record = dict(record)
            record.pop("derived", None)
            cls.model_validate(record)  # nothing but the model's own fields besides `derived`
    assert len(data["events"]) == 6 and len(data["quotes"]) == 2


def test_dataset_carries_verified_quote_positions(varied, out):
    data = json.loads(out["downloads/investigation.json"])
    text = (varied / "sources" / "article.txt").read_text(encoding="utf-8")
    quote = next(q for q in data["quotes"] if q["id"] == "attack-thursday")
    d = quote["derived"]
    assert d["verified"] is True and d["paragraph"] == 3
    assert d["archived_text"] == text[d["start"]:d["end"]]
    assert d["archived_text"].startswith("The attack") and d["archived_text"].endswith("al-Assad")
    mattis = next(q for q in data["quotes"] if q["id"] == "mattis-necessitated")["derived"]
    assert mattis["paragraph"] == 4 and mattis["pieces"] == [[mattis["start"], mattis["end"]]]
    assert mattis["archived_text"].startswith("by offensive movement")
    assert text[mattis["start"] - len(mattis["prefix"]):mattis["start"]] == mattis["prefix"]


def test_dataset_carries_claim_status_and_goldstein(out):
    data = json.loads(out["downloads/investigation.json"])
    claim = data["claims"][0]["derived"]
    assert claim["status"] == "single-source" and claim["lines_of_evidence"] == ["actor:jim-mattis"]
    events = {e["id"]: e["derived"] for e in data["events"]}
    assert events["strike"]["goldstein"] == -10.0
    assert events["month-event"]["goldstein"] == -7.2
    assert events["week-event"]["first"] == "2017-05-08" and events["week-event"]["last"] == "2017-05-14"
    assert [e["id"] for e in data["events"]][0] == "year-event"  # in date order


# --------------------------------------------------------------------------- CSV


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith(codecs.BOM_UTF8), "CSV starts with a UTF-8 BOM (for spreadsheets)"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csvs_are_rfc4180_with_crlf_and_one_row_per_record(out):
    for path, count in (("downloads/events.csv", 6), ("downloads/actors.csv", 3), ("downloads/quotes.csv", 2),
                        ("downloads/claims.csv", 2)):
        body = out[path].decode("utf-8-sig")
        unquoted = re.sub(r'"(?:[^"]|"")*"', "", body)  # line breaks inside quoted fields are data
        assert '"' not in unquoted, f"{path}: a stray quote outside a quoted field"
        assert re.search(r"\r(?!\n)|(?<!\r)\n", unquoted) is None, f"{path}: a record not ended by CRLF"
        assert unquoted.endswith("\r\n") and unquoted.count("\r\n") == count + 1, path
        rows = read_csv(out[path])
        assert len(rows) == count, path
        assert all(None not in row for row in rows), f"{path}: a row has more cells than the header"


def test_csv_round_trips_commas_quotes_and_line_breaks(out):
    rows = {r["id"]: r for r in read_csv(out["downloads/events.csv"])}
    assert rows["month-event"]["summary"] == "'@SUM(1+1), with a comma, a \"quote\"\nand a line break"
    assert rows["strike"]["place"] == "al-Tanf" and rows["strike"]["latitude"] == "33.5"


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(out):
    events = {r["id"]: r for r in read_csv(out["downloads/events.csv"])}
    assert events["month-event"]["title"].startswith("'=HYPERLINK(")
    assert events["month-event"]["summary"].startswith("'@SUM")
    assert events["time-event"]["summary"] == "'-10 is the Goldstein score"  # text, so guarded
    assert events["strike"]["goldstein"] == "-10"  # a number the build computed stays a number
    for path in ("downloads/events.csv", "downloads/actors.csv", "downloads/quotes.csv", "downloads/claims.csv"):
        for row in read_csv(out[path]):
            for key, cell in row.items():
                if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and not re.fullmatch(r"-\d+(\.\d+)?", cell)):
                    pytest.fail(f"{path} {key}: unguarded cell {cell!r}")


def test_csv_prose_shows_references_as_their_words(out):
    """A spreadsheet reader sees "said the secretary", never the Markdown link to a record id."""
    rows = {r["id"]: r for r in read_csv(out["downloads/events.csv"])}
    assert rows["year-event"]["summary"].endswith("talks *resumed*, said the secretary")
    for path in ("downloads/events.csv", "downloads/actors.csv", "downloads/quotes.csv", "downloads/claims.csv"):
        assert b"](actor:" not in out[path] and b"](source:" not in out[path], path


def test_csv_cell_rules():
    assert csv_tables.cell("=1+1") == "'=1+1"
    assert csv_tables.cell("+44 20") == "'+44 20"
    assert csv_tables.cell("\tx") == "'\tx"
    assert csv_tables.cell("plain") == "plain"
    assert csv_tables.cell(-7.2) == "-7.2" and csv_tables.cell(3.0) == "3" and csv_tables.cell(33.5012345) == "33.5012345"
    assert csv_tables.cell(True) == "true" and csv_tables.cell(None) == ""


def test_codes_keep_their_leading_zeros_as_text(out):
    """pandas and LibreOffice read an unmarked 036 as the number 36 (CAMEO 036 "express intent to
    negotiate" would become 36, no code at all): the cell is marked as text, like a guarded formula."""
    rows = {r["id"]: r for r in read_csv(out["downloads/events.csv"])}
    assert rows["year-event"]["cameo"] == "'036" and rows["range-event"]["cameo"] == "'046"
    assert rows["strike"]["cameo"] == "'195"  # every code alike, so the column is text throughout
    assert rows["strike"]["goldstein"] == "-10" and rows["strike"]["latitude"] == "33.5"  # numbers stay numbers
    events = {e["id"]: e for e in json.loads(out["downloads/investigation.json"])["events"]}
    assert events["year-event"]["cameo"] == "036" and events["strike"]["cameo"] == "195"  # strings in JSON
    assert csv_tables.cell(csv_tables.Code("010")) == "'010" and csv_tables.cell("010") == "010"
    assert csv_tables.cell(csv_tables.Code("A10")) == "A10"


# --------------------------------------------------------------------------- TimelineJS

# Knight Lab TimelineJS 3's published rules (API.md "Event data format", TimelineConfig.js,
# DateUtil.validDateConfig): every event has start_date with a year; date parts are
# integer strings; unique_id values are slugs, distinct, and distinct from the title's.
TL_DATE_KEYS = {"year", "month", "day", "hour", "minute", "second", "millisecond", "format", "display_date",
                "display_text"}
TL_SLIDE_KEYS = {"start_date", "end_date", "text", "media", "group", "display_date", "background", "autolink",
                 "unique_id", "location"}


def tl_slugify(text: str) -> str:
    """TimelineJS's Util.slugify, for the characters a slug can hold."""
    text = re.sub(r"[^a-z0-9 -]", "", text.strip().lower())
    return re.sub(r"-+", "-", re.sub(r"\s+", "-", text))


def check_tl_date(value: dict, where: str) -> None:
    assert set(value) <= TL_DATE_KEYS, f"{where}: unknown date keys {set(value) - TL_DATE_KEYS}"
    assert "year" in value, f"{where}: no year"
    for key in ("year", "month", "day", "hour", "minute", "second", "millisecond"):
        if key in value:
            assert isinstance(value[key], str) and re.fullmatch(r"-?\d+", value[key]), f"{where}.{key}"
    parts = [k for k in ("year", "month", "day", "hour", "minute") if k in value]
    assert parts == ["year", "month", "day", "hour", "minute"][:len(parts)], f"{where}: a gap in {parts}"


def test_timeline_follows_timelinejs_field_rules(out):
    tl = json.loads(out["downloads/timeline.json"])
    assert set(tl) <= {"title", "events", "eras", "scale"} and tl["scale"] == "human"
    assert tl["title"]["text"]["headline"] == "Mini investigation"
    ids = [tl["title"]["unique_id"]]
    for i, slide in enumerate(tl["events"]):
        where = f"events[{i}]"
        assert set(slide) <= TL_SLIDE_KEYS, where
        check_tl_date(slide["start_date"], where + ".start_date")
        if "end_date" in slide:
            check_tl_date(slide["end_date"], where + ".end_date")
        assert slide["text"]["headline"]
        ids.append(slide["unique_id"])
        if "media" in slide:
            assert set(slide["media"]) <= {"url", "caption", "credit", "thumbnail", "alt", "title", "link"}
            assert slide["media"]["url"].startswith("<blockquote>")
    assert len(ids) == len(set(ids)), "unique_id values repeat"
    assert all(i == tl_slugify(i) for i in ids), "TimelineJS would rewrite a unique_id"


def test_timeline_dates_carry_their_precision(out):
    slides = {s["unique_id"]: s for s in json.loads(out["downloads/timeline.json"])["events"]}
    assert slides["year-event"]["start_date"] == {"year": "2016"}
    assert slides["month-event"]["start_date"] == {"year": "2017", "month": "4"}
    assert slides["month-event"]["display_date"] == "c. April 2017"
    assert slides["strike"]["start_date"] == {"year": "2017", "month": "5", "day": "18"}
    assert "end_date" not in slides["strike"]
    assert slides["time-event"]["start_date"] == {"year": "2017", "month": "5", "day": "18", "hour": "16",
                                                  "minute": "30"}
    assert slides["week-event"]["end_date"] == {"year": "2017", "month": "5", "day": "14"}
    assert slides["range-event"]["end_date"] == {"year": "2017", "month": "5", "day": "19"}
    assert slides["strike"]["group"] == "Explosions/Remote violence"


def test_timeline_text_is_inert_html_and_quotes_come_with_credit(out):
    slides = {s["unique_id"]: s for s in json.loads(out["downloads/timeline.json"])["events"]}
    text = slides["year-event"]["text"]["text"]
    assert "<script>" not in text and "&lt;script&gt;" in text and "<em>resumed</em>" in text
    headline = slides["month-event"]["text"]["headline"]
    assert "<img" not in headline and "&lt;img" in headline
    media = slides["strike"]["media"]
    assert media["credit"] == "Jim Mattis, via [The Washington Post]"  # the outlet is inferred
    assert "offensive movement" in media["url"] and media["caption"].endswith("convoy”], paragraph 4")
    assert "Goldstein score: -10.0" in slides["strike"]["text"]["text"]


def _sequenced(varied):
    """`time-event` (18 May, 16:30) first, then `strike` (18 May, no time): the curated order."""
    path = varied / "investigation.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    ladder: strike\n", "    ladder: strike\n    sequence: 2\n")
    text = text.replace("    event_type: Explosions/Remote violence\n    cameo: \"195\"\n",
                        "    event_type: Explosions/Remote violence\n    cameo: \"195\"\n    sequence: 1\n")
    path.write_text(text, encoding="utf-8")
    return analysed(varied)


def _as_timelinejs_sorts(slides: list[dict]) -> list[str]:
    """TimelineJS's order: a stable sort by start date (DateUtil.sortByDate)."""
    def moment(d: dict) -> tuple:
        return tuple(int(d.get(k, default)) for k, default in (("year", 0), ("month", 1), ("day", 1),
                                                                ("hour", 0), ("minute", 0)))
    return [s["unique_id"] for s in sorted(slides, key=lambda s: moment(s["start_date"]))]


def test_same_day_events_keep_the_reports_order_in_timelinejs(varied):
    analysis = _sequenced(varied)
    order = [e.id for e in analysis.events]
    assert order.index("time-event") + 1 == order.index("strike")
    slides = timelinejs.timeline(analysis)["events"]
    by_id = {s["unique_id"]: s for s in slides}
    # The day-only strike follows the 16:30 event: it sorts right with a minute after it, and
    # still shows the date the evidence gives.
    assert by_id["strike"]["start_date"] == {"year": "2017", "month": "5", "day": "18", "hour": "16", "minute": "31"}
    assert by_id["strike"]["display_date"] == "18 May 2017"
    assert by_id["time-event"]["start_date"]["minute"] == "30"
    assert _as_timelinejs_sorts(slides) == order
    assert by_id["year-event"]["start_date"] == {"year": "2016"}  # nothing else changes


def test_the_real_timeline_sorts_into_the_reports_order():
    from .conftest import DATA

    analysis = analysed(DATA)
    slides = timelinejs.timeline(analysis)["events"]
    assert _as_timelinejs_sorts(slides) == [e.id for e in analysis.events]


# --------------------------------------------------------------------------- CSL-JSON

# A documented subset of CSL-JSON 1.0.2 (citation-style-language/schema, schemas/input/
# csl-data.json, MIT): no Python package ships the current schema, so the rules the export
# relies on are written out here: the item types, the name and date variable shapes, the
# standard variable names (every key must be one), and `id` and `type` required.
CSL_TYPES = [
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast", "chapter",
    "classic", "collection", "dataset", "document", "entry", "entry-dictionary", "entry-encyclopedia", "event",
    "figure", "graphic", "hearing", "interview", "legal_case", "legislation", "manuscript", "map",
    "motion_picture", "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review", "review-book",
    "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
]
CSL_NAME_VARS = ["author", "chair", "collection-editor", "compiler", "composer", "container-author",
                 "contributor", "curator", "director", "editor", "editorial-director", "executive-producer",
                 "guest", "host", "interviewer", "illustrator", "narrator", "organizer", "original-author",
                 "performer", "producer", "recipient", "reviewed-author", "script-writer", "series-creator",
                 "translator"]
CSL_DATE_VARS = ["accessed", "available-date", "event-date", "issued", "original-date", "submitted"]
CSL_TEXT_VARS = ["abstract", "annote", "archive", "archive_collection", "archive_location", "archive-place",
                 "authority", "call-number", "citation-key", "citation-label", "collection-title",
                 "container-title", "container-title-short", "dimensions", "division", "DOI", "event-title",
                 "event-place", "genre", "ISBN", "ISSN", "jurisdiction", "keyword", "language", "license",
                 "medium", "note", "original-publisher", "original-publisher-place", "original-title",
                 "part-title", "PMCID", "PMID", "publisher", "publisher-place", "references", "reviewed-genre",
                 "reviewed-title", "scale", "section", "source", "status", "title", "title-short", "URL",
                 "version", "volume-title", "volume-title-short", "year-suffix"]
STRING_OR_NUMBER = {"type": ["string", "number"]}
CSL_SUBSET_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "type"],
        "additionalProperties": False,
        "properties": {
            "id": STRING_OR_NUMBER,
            "type": {"enum": CSL_TYPES},
            **{v: {"type": "array", "items": {"$ref": "#/$defs/name"}} for v in CSL_NAME_VARS},
            **{v: {"$ref": "#/$defs/date"} for v in CSL_DATE_VARS},
            **{v: STRING_OR_NUMBER for v in CSL_TEXT_VARS},
        },
    },
    "$defs": {
        "name": {"type": "object", "additionalProperties": False, "minProperties": 1, "properties": {
            k: {"type": "string"} for k in ("family", "given", "dropping-particle", "non-dropping-particle",
                                            "suffix", "literal")} | {
            "comma-suffix": {"type": ["string", "number", "boolean"]},
            "static-ordering": {"type": ["string", "number", "boolean"]},
            "parse-names": {"type": ["string", "number", "boolean"]}}},
        "date": {"type": "object", "additionalProperties": False, "properties": {
            "date-parts": {"type": "array", "minItems": 1, "maxItems": 2,
                           "items": {"type": "array", "minItems": 1, "maxItems": 3, "items": STRING_OR_NUMBER}},
            "season": STRING_OR_NUMBER, "circa": {"type": ["string", "number", "boolean"]},
            "literal": {"type": "string"}, "raw": {"type": "string"}, "edtf": {"type": "string"}}},
    },
}


def test_csl_json_validates_against_the_csl_subset(out):
    items = json.loads(out["downloads/sources.csl.json"])
    validator = jsonschema.Draft202012Validator(CSL_SUBSET_SCHEMA)
    assert list(validator.iter_errors(items)) == []
    broken = [dict(items[0], type="newspaper", issued={"date-parts": [[2017, 5, 19, 4]]}, Title="x")]
    assert len(list(validator.iter_errors(broken))) == 3  # the subset is not vacuous


def test_csl_json_fields(out):
    item = json.loads(out["downloads/sources.csl.json"])[0]
    assert item["id"] == "article" and item["type"] == "article-newspaper"
    # The curator wrote the title and inferred the outlet: both printed in brackets, as supplied.
    assert item["title"] == f"[{TRICKY_TITLE}]" and item["container-title"] == "[The Washington Post]"
    assert "title-short" not in item  # the short name "Loveluck" is a citation label, not a short title
    assert item["author"] == [{"family": "Loveluck", "given": "Louisa"}, {"literal": "Associated Press"},
                              {"literal": "@Evil =cmd"}]
    assert item["issued"] == {"date-parts": [[2017, 5, 19]]}
    assert item["accessed"] == {"date-parts": [[2017, 5, 20]]}
    assert item["URL"] == "https://example.org/a_b?x=1&y={2}"
    assert item["note"].startswith("Title inferred by the curator: Written by the curator; the text has no headline.")
    assert "not shown in the text: outlet, title." in item["note"]
    assert "genre" not in item  # a news report is what a newspaper item is; styles need not say it


def test_csl_title_is_the_real_one_when_the_curator_did_not_supply_it(mini):
    path = mini / "investigation.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      title: Written by the curator; the text has no headline.\n", ""),
                    encoding="utf-8")
    item = csl.csl_json(analysed(mini))[0]
    assert item["title"] == "Pentagon says strike hit Iran-backed convoy"
    assert "Title inferred" not in item["note"]


def test_csl_dates_keep_what_is_certain_in_a_form_every_processor_renders(mini):
    from reportgen.data.model import DateSpec

    def parts(**spec):
        return csl.date_variable(DateSpec(**spec))

    assert parts(date="2017", precision="year") == {"date-parts": [[2017]]}
    assert parts(date="2017-05", precision="month", approximate=True) == {"date-parts": [[2017, 5]], "circa": True}
    # A range keeps the parts both ends share, without circa: the span is the uncertainty, the
    # year is certain (citeproc-py cannot render day ranges; Chicago printed "[2017?]").
    assert parts(date="2017-05-18", end="2017-05-19", precision="day", approximate=True) == {
        "date-parts": [[2017, 5]]}
    assert parts(date="2017-05-08", precision="week") == {"date-parts": [[2017, 5]]}
    assert parts(date="2017-05-29", precision="week") == {"date-parts": [[2017]]}
    assert parts(date="2017-05", end="2017-06", precision="month") == {"date-parts": [[2017]]}
    assert parts(date="2016-12-30", end="2017-01-02", precision="day") == {"date-parts": [[2016], [2017]]}
    assert parts(date="2017-05-18T16:30", precision="time") == {"date-parts": [[2017, 5, 18]]}


def test_a_coarsened_date_is_given_in_full_in_the_note(varied):
    path = varied / "investigation.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("published: {date: 2017-05-19, precision: day,",
                                 "published: {date: 2017-05-18, end: 2017-05-19, precision: day, approximate: true,"),
                    encoding="utf-8")
    item = csl.csl_json(analysed(varied))[0]
    assert item["issued"] == {"date-parts": [[2017, 5]]}
    assert "Published c. 18 May 2017 – 19 May 2017." in item["note"]
    entry = parse_string(bibtex.bibtex(analysed(varied)), "bibtex").entries["article"]
    assert entry.fields["date"] == "2017-05-18/2017-05-19"  # biblatex renders ranges itself


def test_wire_copy_without_byline_has_its_agency_as_author(mini):
    path = mini / "investigation.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    outlet: The Washington Post\n    authors: [Louisa Loveluck]\n    kind: news report\n",
                        "    kind: wire copy\n    syndicated_from: Agence France-Presse\n")
    text = text.replace("      outlet: Byline and contributors match the newspaper's staff; not in the text.\n", "")
    path.write_text(text, encoding="utf-8")
    analysis = analysed(mini)
    assert csl.csl_json(analysis)[0]["author"] == [{"literal": "Agence France-Presse"}]
    assert csl.csl_json(analysis)[0]["genre"] == "wire copy"
    entry = parse_string(bibtex.bibtex(analysis), "bibtex").entries["article"]
    assert entry.type == "misc" and str(entry.persons["author"][0]) == "{Agence France-Presse}"


# --------------------------------------------------------------------------- BibTeX

# What LaTeX prints for each text-mode escape (the LaTeX2e kernel's meanings).
LATEX_TEXT = {r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}", r"\&": "&",
              r"\%": "%", r"\$": "$", r"\#": "#", r"\_": "_", r"\textasciitilde{}": "~",
              r"\textasciicircum{}": "^"}


def latex_to_text(value: str) -> str:
    """Undo LaTeX text-mode escapes; any other command or brace left is an error."""
    pattern = "|".join(re.escape(k) for k in sorted(LATEX_TEXT, key=len, reverse=True))
    pieces = re.split(f"({pattern})", value)
    for i in range(0, len(pieces), 2):
        assert not re.search(r"[\\{}]", pieces[i]), f"raw LaTeX left in {value!r}"
    return "".join(LATEX_TEXT.get(p, p) for p in pieces)


def test_bibtex_parses_back_with_every_character_intact(out):
    text = out["downloads/sources.bib"].decode("utf-8")
    db = parse_string(text, "bibtex")
    assert list(db.entries) == ["article"]
    entry = db.entries["article"]
    assert entry.type == "article"
    title = entry.fields["title"]
    assert title.startswith("{") and title.endswith("}")  # case protected
    assert latex_to_text(title[1:-1]) == f"[{TRICKY_TITLE}]"  # supplied by the curator
    assert entry.fields["journal"] == "[The Washington Post]"
    assert entry.fields["year"] == "2017" and entry.fields["month"] == "May"  # the `may` macro
    assert entry.fields["date"] == "2017-05-19" and entry.fields["urldate"] == "2017-05-20"
    assert entry.fields["url"] == "https://example.org/a_b?x=1&y=%7B2%7D"
    people = entry.persons["author"]
    assert [str(p) for p in people] == ["Loveluck, Louisa", "{Associated Press}", "{@Evil =cmd}"]
    assert people[0].last_names == ["Loveluck"] and people[0].first_names == ["Louisa"]


def test_every_bibtex_entry_has_an_author_or_a_key(varied):
    path = varied / "investigation.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    authors: [Louisa Loveluck, Associated Press, \"@Evil =cmd\"]\n", ""),
                    encoding="utf-8")
    entry = parse_string(bibtex.bibtex(analysed(varied)), "bibtex").entries["article"]
    # No byline: no @article (biblatex requires its author); the label sorts and names it.
    assert entry.type == "misc" and "author" not in entry.persons
    assert entry.fields["key"] == "Loveluck" and entry.fields["howpublished"] == "[The Washington Post]"


@pytest.mark.parametrize("text", [r"a\b", "{unbalanced", "}", "100% & co_op #2 ~ ^ $", "Zürich — ‘quoted’",
                                  "a, b = {c}, @d"])
def test_bib_escape_round_trips(text):
    value = bibtex.escape(text)
    db = parse_string(f"@misc{{k, title = {{{value}}}, year = {{2017}}}}", "bibtex")
    assert latex_to_text(db.entries["k"].fields["title"]) == text
    assert db.entries["k"].fields["year"] == "2017"  # the entry did not end early


# --------------------------------------------------------------------------- the Downloads page


def _downloads_page(analysis, files: dict[str, bytes]) -> str:
    """The Downloads page's Markdown as a reader sees its text (entities decoded)."""
    import html

    from reportgen.site import pages

    return html.unescape(pages.render_site(analysis, downloads=files)["downloads.md"])


# A download's heading: a Markdown link, or an HTML one (downloads put beside the site after mkdocs).
HEADING = re.compile(r'^### (?:\[(?P<md>[^\]]+)\]\((?P<md_href>[^)]+)\)|<a href="(?P<html_href>[^"]+)">(?P<html>[^<]+)</a>)$',
                     re.M)


def _headings(page: str) -> list[tuple[str, str, int]]:
    """(file name, link, position) of each download's heading."""
    return [(m["md"] or m["html"], m["md_href"] or m["html_href"], m.start()) for m in HEADING.finditer(page)]


def _entry(page: str, name: str) -> str:
    start = next(position for heading, _, position in _headings(page) if heading == name)
    following = [i for i in (page.find("\n### ", start + 1), page.find("\n## ", start + 1)) if i != -1]
    return page[start:min(following, default=len(page))]


def test_downloads_page_describes_each_export_with_its_use_and_client(mini):
    analysis = analysed(mini)
    files = dict(exports.build_exports(analysis))
    files["downloads/mini-investigation-brief.pdf"] = b"%PDF-1.7 stand-in"
    page = _downloads_page(analysis, files)
    headings = [(name, href) for name, href, _ in _headings(page)]
    assert [name for name, _ in headings] == [
        "mini-investigation-brief.pdf", "investigation.json", "events.csv", "actors.csv", "quotes.csv",
        "claims.csv", "timeline.json", "sources.csl.json", "sources.bib"]
    assert all(href == f"downloads/{name}" for name, href in headings)
    assert "**The PDF brief.**" in _entry(page, "mini-investigation-brief.pdf")
    for name, title, client in (("investigation.json", "The full dataset (JSON)", "jq"),
                                ("events.csv", "Events (CSV)", "LibreOffice Calc"),
                                ("timeline.json", "The timeline for TimelineJS", "TimelineJS 3"),
                                ("sources.csl.json", "The sources as CSL-JSON", "Zotero"),
                                ("sources.bib", "The sources as BibTeX", "biber")):
        entry = _entry(page, name)
        assert re.search(rf"\*\*{re.escape(title)}\.\*\* For [^\n]+\. Opens in: [^\n]*{client}", entry), entry
    assert "<code>'010</code>" in _entry(page, "events.csv") and "lstrip" in _entry(page, "events.csv")
    assert sum("UTF-8 with a byte order mark" in _entry(page, n) for n in ("events.csv", "actors.csv",
                                                                         "quotes.csv", "claims.csv")) == 4
    assert page.index("## The brief") < page.index("## Data") < page.index("## Sources")
    assert "SHA-256 `" not in page and "KiB" not in page  # the checksums are in SHA256SUMS, not printed


def test_a_format_added_to_the_registry_is_built_and_listed(mini, monkeypatch):
    extra = exports.Export("events.geojson", "Events (GeoJSON)", exports.DATA, "For maps.",
                           "QGIS.", "One feature per event.", lambda analysis: b"{}")
    monkeypatch.setattr(exports, "EXPORTS", exports.EXPORTS + (extra,))
    monkeypatch.setattr(exports, "NAMES", exports.NAMES | {extra.name})
    analysis = analysed(mini)
    files = exports.build_exports(analysis)
    assert files["downloads/events.geojson"] == b"{}"
    page = _downloads_page(analysis, dict(files, **{"downloads/other.txt": b"stand-in"}))
    assert "**Events (GeoJSON).** For maps. Opens in: QGIS." in _entry(page, "events.geojson")
    assert page.index("events.geojson") < page.index("## Sources")  # in its section
    other = page.index("## Other files")
    assert other < page.index("other.txt")  # not an export: listed apart


def test_the_real_investigation_exports_parse_back():
    from .conftest import DATA

    files = exports.build_exports(pipeline.analyse_folder(DATA))
    data = json.loads(files["downloads/investigation.json"])
    assert all(q["derived"]["verified"] for q in data["quotes"])
    tl = json.loads(files["downloads/timeline.json"])
    ids = [tl["title"]["unique_id"]] + [s["unique_id"] for s in tl["events"]]
    assert len(ids) == len(set(ids)) == len(data["events"]) + 1
    for i, slide in enumerate(tl["events"]):
        check_tl_date(slide["start_date"], f"events[{i}]")
        if "end_date" in slide:
            check_tl_date(slide["end_date"], f"events[{i}].end_date")
    assert list(jsonschema.Draft202012Validator(CSL_SUBSET_SCHEMA).iter_errors(
        json.loads(files["downloads/sources.csl.json"]))) == []
    db = parse_string(files["downloads/sources.bib"].decode("utf-8"), "bibtex")
    assert list(db.entries) == [s["id"] for s in data["sources"]]
    for path, name in (("downloads/events.csv", "events"), ("downloads/claims.csv", "claims"),
                       ("downloads/quotes.csv", "quotes"), ("downloads/actors.csv", "actors")):
        assert [r["id"] for r in read_csv(files[path])] == [r["id"] for r in data[name]]


def test_same_bytes_across_processes_with_different_hash_seeds():
    import os
    import subprocess
    import sys

    from .conftest import DATA, ROOT

    code = ("import hashlib, sys; from reportgen import exports, pipeline; "
            "files = exports.build_exports(pipeline.analyse_folder(sys.argv[1])); "
            "print('\\n'.join(f'{k} {hashlib.sha256(v).hexdigest()}' for k, v in sorted(files.items())))")
    digests = []
    for seed in ("1", "2"):
        result = subprocess.run([sys.executable, "-c", code, str(DATA)], cwd=ROOT, capture_output=True, text=True,
                                timeout=120, env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        digests.append(result.stdout)
    assert digests[0].count("\n") == 8  # one line per file
    assert digests[0] == digests[1]
