"""Exports: the investigation as data files other tools read, listed on the Downloads page.

`EXPORTS` is the one list of formats: each one's file name under downloads/, what it is for,
which clients open it, and the function that writes it. The build writes every file with
`build_exports`; the Downloads page describes them from the same list. Every file is a pure
function of the analysis: same data, same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Optional

from reportgen.analysis import Analysis
from reportgen.exports import bibtex, csl, csv_tables, json_dataset, timelinejs

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.pipeline import BuildOptions

FOLDER = "downloads"

CSV_READING = (
    " UTF-8 with a byte order mark (so Excel shows accents right); lists in a cell are separated by "
    "semicolons. A cell that starts with an apostrophe is text and the apostrophe is not part of it; a "
    "text starting with `=`, `+`, `-` or `@` gets one, so that no spreadsheet runs it as a formula."
)
CODES_READING = (
    " The `cameo` column is such text (`'010`), so that spreadsheets and pandas keep the leading zeros; "
    "bare codes in pandas: `pd.read_csv(\"events.csv\", converters={\"cameo\": lambda c: c.lstrip(\"'\")})`."
)


@dataclass(frozen=True)
class Export:
    """One export format: its file, how the Downloads page describes it, and its writer."""

    name: str  # the file name under downloads/
    title: str
    section: str  # the Downloads page's heading it is listed under
    purpose: str  # one sentence: what it is for
    opens_in: str  # which clients open it, as a sentence ending "."
    details: str  # what is in it (inline Markdown)
    write: Callable[[Analysis], bytes]

    @property
    def path(self) -> str:
        return f"{FOLDER}/{self.name}"


DATA, CITATIONS = "Data", "Sources"  # the sources named as everywhere else on the site

EXPORTS: tuple[Export, ...] = (
    Export(
        "investigation.json", "The full dataset (JSON)", DATA,
        "For your own analysis or checks of everything the report rests on.",
        "any JSON reader (Python's `json`, `jq`, R's jsonlite).",
        "Every record as curated (report, sources, quotes, actors, places, events, claims, discrepancies, "
        "assessments), with what the build derived under `derived`: where each quote was verified in its "
        "archived text (paragraph and character offsets, the exact archived words, the text just before and "
        "after), each claim's status and independent lines of evidence, each event's Goldstein score. Field "
        "names are those of the data format (`schema/investigation.schema.json`); codes stay strings.",
        json_dataset.build),
    Export(
        "events.csv", "Events (CSV)", DATA,
        "For sorting, filtering, counting and charting the events as a table.",
        "LibreOffice Calc, Excel, pandas or R.",
        "One row per event in the report's order, with ACLED-style columns: date as written and its "
        "precision, event type, CAMEO code and Goldstein score, place and coordinates, initiators and "
        "targets, fatalities, summary and citations." + CSV_READING + CODES_READING,
        csv_tables.events),
    Export(
        "actors.csv", "Actors (CSV)", DATA,
        "For sorting and filtering who is who by side and kind.",
        "LibreOffice Calc, Excel, pandas or R.",
        "One row per actor: name, aliases, kind, side, parent organisation, relations, and how many "
        "events and quotes involve them." + CSV_READING,
        csv_tables.actors),
    Export(
        "quotes.csv", "Quotes (CSV)", DATA,
        "For every verified quote with where it stands in its source.",
        "LibreOffice Calc, Excel, pandas or R.",
        "One row per verified quote: the words, who said them, the source, and the paragraph and "
        "character offsets where the build found them in the archived text." + CSV_READING,
        csv_tables.quotes),
    Export(
        "claims.csv", "Claims (CSV)", DATA,
        "For seeing which claims are confirmed and which rest on one source.",
        "LibreOffice Calc, Excel, pandas or R.",
        "One row per claim: the statement, who makes it, its status (confirmed, single-source or "
        "disputed), the independent lines of evidence, the quantity with its unit and its normalised "
        "value, and the discrepancies it is part of." + CSV_READING,
        csv_tables.claims),
    Export(
        "timeline.json", "The timeline for TimelineJS", DATA,
        "For an interactive timeline of the events on a page of your own.",
        "Knight Lab's TimelineJS 3, with your own copy of it: `new TL.Timeline(element, \"timeline.json\")`.",
        "One slide per event in the report's order, with each date only as precise as the evidence "
        "(a year, a month, a day or a time), grouped by event type, the first quote an event rests on "
        "shown with its speaker as credit.",
        timelinejs.build),
    Export(
        "sources.csl.json", "The sources as CSL-JSON", CITATIONS,
        "For citing the sources in your own writing, in any citation style.",
        "Zotero (File → Import), Pandoc (`--citeproc`) and other CSL processors.",
        "One item per archived source: title, outlet, authors, publication date, URL and the date it "
        "was archived. What the curator supplied or inferred is in square brackets (a title written by "
        "the curator), and the note says how.",
        csl.build),
    Export(
        "sources.bib", "The sources as BibTeX", CITATIONS,
        "For citing the sources from LaTeX.",
        "biblatex with biber, classic BibTeX or JabRef.",
        "One entry per source, keyed by the source's id, so `\\cite{...}` uses the same ids as this "
        "site; a source with no author has a `key` for sorting and labels. UTF-8.",
        bibtex.build),
)

SECTIONS = (DATA, CITATIONS)
NAMES = frozenset(export.name for export in EXPORTS)


def build_exports(analysis: Analysis, options: Optional["BuildOptions"] = None) -> dict[str, bytes]:
    """The output stage: relative path (under downloads/) -> bytes, for every format."""
    return {export.path: export.write(analysis) for export in EXPORTS}


def sections(downloads: Iterable[Mapping[str, Any]]) -> list[tuple[str, list[tuple[Export, Mapping[str, Any]]]]]:
    """For the Downloads page: each section with the exports built (and their file's description
    from `downloads`, matched by path), in the order of `EXPORTS`; empty sections left out."""
    by_path = {d["path"]: d for d in downloads}
    out = []
    for section in SECTIONS:
        listed = [(e, by_path[e.path]) for e in EXPORTS if e.section == section and e.path in by_path]
        if listed:
            out.append((section, listed))
    return out
