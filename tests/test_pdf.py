"""The PDF brief, read back from the real PDF.

Built from data/ when `check` passes on it (the al-Tanf report), otherwise from the
small fixture. Text is extracted with pypdf: footnote calls are told from the rest
by their font and size, so every footnote is checked to sit on the page where it is
called and to name a source of the report.
"""

from __future__ import annotations

import html
import io
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from reportgen.pdf import brief
from reportgen import pipeline
from reportgen.pdf import print_speedups
from reportgen.views import safetext
from reportgen.data.diagnostics import DataError

from .conftest import DATA, MINI, ROOT, run_cli
from .readers import ids_in, record_ids, visible_text

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
CALL_SIZE = 6.5 * 96 / 72  # footnote calls: 6.5pt, as WeasyPrint writes them (CSS px)


def _dataset() -> Path:
    """data/ once the curated report passes its checks, else the small fixture."""
    try:
        checked = pipeline.load_and_check(DATA)
    except (DataError, OSError):
        return MINI
    return DATA if checked.inv.report is not None and checked.inv.events else MINI


@pytest.fixture(scope="module")
def dataset() -> Path:
    return _dataset()


@pytest.fixture(scope="module")
def analysis(dataset):
    return pipeline.analyse(dataset)


@pytest.fixture(scope="module")
def printed(analysis) -> brief.PrintedBrief:
    return brief.render(analysis, "a4")


@pytest.fixture(scope="module")
def reader(printed) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(printed.pdf))


@pytest.fixture(scope="module")
def printed_letter(analysis) -> brief.PrintedBrief:
    return brief.render(analysis, "letter")


def _runs(reader: pypdf.PdfReader) -> list[list[tuple[str, str, float]]]:
    """Per page: (text, font name, size) of every text run."""
    pages = []
    for page in reader.pages:
        parts: list[tuple[str, str, float]] = []

        def visit(text, cm, tm, font, size, parts=parts):
            if text and text.strip():
                name = str(font.get("/BaseFont", "")) if font else ""
                parts.append((text, name, round(abs(size * tm[0]) if tm else size, 2)))

        page.extract_text(visitor_text=visit)
        pages.append(parts)
    return pages


def _plain(markdown_text: str) -> str:
    """Data text as it reads in the PDF: Markdown rendered, tags dropped, spaces collapsed."""
    rendered = str(safetext.html_inline(markdown_text))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered)).split())


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _page_text(reader: pypdf.PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


# --------------------------------------------------------------------------- shape


def test_page_count_is_sensible(printed, analysis):
    # Cover, contents and nine chapters each start a page; a brief, not the site on paper.
    events = len(analysis.events)
    assert 11 <= printed.pages <= 20 + events, printed.pages


def test_bookmarks_follow_the_chapters_in_order(reader):
    top = [item for item in reader.outline if not isinstance(item, list)]
    titles = [item.title for item in top]
    assert titles == ["Cover", "Contents", "Bottom line and key judgments", "Timeline", "Actors",
                      "Escalation analysis", "Claims and evidence", "Discrepancies", "Competing hypotheses",
                      "Sources", "About this brief"]
    pages = [reader.get_destination_page_number(item) for item in top]
    assert pages == sorted(pages) and pages[0] == 0 and pages[1] == 1
    nested = [item for item in reader.outline if isinstance(item, list)]
    assert any(child.title == "Key judgments" for group in nested for child in group)


def test_table_of_contents_page_numbers_match_the_bookmarks(reader):
    toc = reader.pages[1].extract_text()
    for item in reader.outline:
        if isinstance(item, list) or item.title in ("Cover", "Contents"):
            continue
        page = reader.get_destination_page_number(item) + 1
        assert re.search(re.escape(item.title) + r"[ .]*" + str(page) + r"\b", toc), (item.title, page, toc)


def test_cover_shows_title_date_version_and_marking(reader, analysis):
    report = analysis.inv.report
    cover = " ".join(reader.pages[0].extract_text().split())
    assert _plain(report.title) in cover
    assert f"Version {report.version}" in cover.replace("Version\n", "Version ")
    assert brief._iso_date_text(report.date) in cover
    assert report.marking.upper() in cover
    assert "Page" not in cover  # no running header or footer on the cover


def test_running_headers_and_page_x_of_y(reader, analysis):
    texts = _page_text(reader)
    n = len(texts)
    short = brief.Brief(analysis, "a4").running_title
    assert 0 < len(short) <= 71
    for i, text in enumerate(texts[1:], start=2):
        flat = " ".join(text.split())
        assert f"Page {i} of {n}" in flat
        assert short in flat
    timeline_page = reader.get_destination_page_number(
        next(x for x in reader.outline if not isinstance(x, list) and x.title == "Timeline"))
    assert "Timeline" in texts[timeline_page]


# --------------------------------------------------------------------------- content


def test_bottom_line_and_key_judgments_come_first_with_their_text(reader, analysis):
    report = analysis.inv.report
    page = _squash(reader.pages[2].extract_text())
    assert _squash(_plain(report.bottom_line))[:80] in page
    text = _squash(" ".join(_page_text(reader)[2:4]))
    for kj in report.key_judgments:
        assert _squash(_plain(kj.text)) in text, kj.id
        assert _squash(kj.probability.value.capitalize()) in text


def test_every_event_and_source_is_in_the_brief(reader, analysis):
    text = _squash(" ".join(_page_text(reader)))
    for event in analysis.events:
        assert _squash(_plain(event.title)) in text, event.id
    for source in analysis.inv.sources:
        assert source.sha256 in text, source.id
        assert _squash(_plain(source.title)) in text, source.id


def test_the_brief_shows_no_record_id_and_no_stutter(printed, reader, analysis):
    ids = record_ids(analysis.inv)
    assert ids_in(visible_text(printed.html), ids) == []
    text = " ".join(_page_text(reader))
    assert ids_in(text, ids) == []
    assert ids_in("see first-strike and (claim first-convoy-wednesday-night)", {"first-convoy-wednesday-night"})
    flat = " ".join(text.split())
    assert not re.search(r"[^.]\.\.(?!\.)|\.;", flat), re.findall(r".{40}(?:[^.]\.\.(?!\.)|\.;).{10}", flat)
    for source in analysis.inv.sources:  # the grade's words are said once
        words = analysis.source_grade_words(source.reliability.grade)
        assert f"{words}): {words}".lower() not in flat.lower()


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_footnotes_sit_on_the_page_of_their_call_and_name_a_source(paper, printed, printed_letter, analysis):
    printed = printed if paper == "a4" else printed_letter
    runs = _runs(pypdf.PdfReader(io.BytesIO(printed.pdf)))
    label_to_source = {brief.source_label(analysis, s.id): s.id for s in analysis.inv.sources}
    assert len(label_to_source) == len(analysis.inv.sources), "two sources share a footnote label"
    expected = {note.number: note for note in printed.footnotes}
    assert expected, "the brief has no footnotes at all"
    seen_calls, seen_notes = [], {}
    for page_no, parts in enumerate(runs, start=1):
        calls = [int(t) for t, font, size in parts
                 if re.fullmatch(r"\d+", t.strip()) and font.endswith("Brief-Sans") and abs(size - CALL_SIZE) < 0.05]
        bodies: dict[int, str] = {}
        current = None
        for text, font, size in parts:
            marker = re.fullmatch(r"(\d+)\. ", text)
            if marker and font.endswith("Brief-Sans-Bold"):
                current = int(marker.group(1))
                bodies[current] = ""
            elif current is not None:
                bodies[current] += text
        # Running headers and footers come after the footnotes in the text: cut them off.
        assert sorted(calls) == sorted(bodies), f"page {page_no}: calls {calls} but notes {sorted(bodies)}"
        seen_calls += calls
        seen_notes.update(bodies)
    assert seen_calls == list(range(1, len(expected) + 1)), "footnote numbers run 1, 2, 3 … in reading order"
    for number, body in seen_notes.items():
        note = expected[number]
        flat = _squash(body)
        for source_id, paragraph in note.cites:
            label = note.labels[source_id]
            assert label_to_source.get(label) == source_id, (number, label)
            segment = flat[flat.index(_squash(label)):]  # the source's part of the note
            if paragraph:
                assert re.search(rf"¶{paragraph}(?!\d)", segment), (number, label, paragraph, body)


def test_footnote_labels_link_to_the_source_entries(reader, analysis):
    names = reader.named_destinations
    for source in analysis.inv.sources:
        assert source.id in names, source.id


def test_links_inside_resolve_and_outside_are_http(reader):
    names = set(reader.named_destinations)
    internal = external = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            if action is not None and action.get("/S") == "/URI":
                assert re.match(r"^https?://", str(action["/URI"])), action["/URI"]
                external += 1
                continue
            dest = annot.get("/Dest") if "/Dest" in annot else action.get("/D")
            if isinstance(dest, str):
                assert dest in names, dest
            internal += 1
    assert internal > 10


def test_charts_are_embedded_as_figures_with_alt_text(printed, reader, analysis):
    from reportgen.views import charts

    drawn = charts.render_all(analysis)
    alts = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else ([kids] if kids is not None else []):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    titles = [c.title for c in charts.CHARTS if c.name in drawn]
    assert sorted(a.split(":")[0] for a in alts) == sorted(titles)
    assert printed.html.count("data:image/svg+xml;base64,") == len(drawn)


# --------------------------------------------------------------------------- the file


def test_metadata(reader, analysis):
    report = analysis.inv.report
    meta = reader.metadata
    assert meta.title == report.title
    assert meta.author == ", ".join(report.authors)
    assert meta.subject
    assert "escalation analysis" in meta["/Keywords"]
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    expected = (brief.dt.datetime.fromtimestamp(int(epoch), brief.dt.timezone.utc) if epoch else
                brief.dt.datetime.strptime(report.date, "%Y-%m-%d").replace(tzinfo=brief.dt.timezone.utc))
    assert meta["/CreationDate"].startswith(expected.strftime("D:%Y%m%d%H%M%S"))
    assert meta["/ModDate"] == meta["/CreationDate"]
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged (PDF/UA-1)
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def _fonts(resources, seen: set) -> list:
    out = []
    if resources is None:
        return out
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        if id(font) not in seen:
            seen.add(id(font))
            out.append(font)
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            out += _fonts(xobject.get("/Resources"), seen)
    for pattern in (resources.get("/Pattern") or {}).values():
        out += _fonts(pattern.get_object().get("/Resources"), seen)
    return out


def test_every_font_is_embedded(reader):
    seen: set = set()
    fonts = [f for page in reader.pages for f in _fonts(page.get("/Resources"), seen)]
    assert fonts
    for font in fonts:
        if font.get("/Subtype") == "/Type3":
            continue  # drawn with PDF operators, nothing to embed
        descendants = font.get("/DescendantFonts")
        target = descendants[0].get_object() if descendants else font
        descriptor = target["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.get("/BaseFont")
    names = {str(f.get("/BaseFont")) for f in fonts}
    assert any("Brief-Serif" in n for n in names) and any("Brief-Sans" in n for n in names)


def test_a4_and_letter(reader, printed_letter):
    letter = pypdf.PdfReader(io.BytesIO(printed_letter.pdf))
    for pdf, (w, h) in ((reader, A4), (letter, LETTER)):
        for page in pdf.pages:
            box = page.mediabox
            assert abs(float(box.width) - w) < 0.5 and abs(float(box.height) - h) < 0.5
    assert len(letter.pages) >= len(reader.pages) - 2


def test_same_input_same_bytes_across_processes(printed, dataset, tmp_path):
    out = tmp_path / "again.pdf"
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    result = subprocess.run([sys.executable, str(ROOT / "build_report.py"), "-q", "--data", str(dataset),
                             "pdf", "--output", str(out)], cwd=ROOT, capture_output=True, text=True,
                            env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.read_bytes() == printed.pdf


def test_footnote_areas_measured_by_sum_print_weasyprints_own_bytes(printed, analysis, monkeypatch):
    """The footnote-area fast path (print_speedups._footnote_area_by_sum) changes the time it takes,
    never the PDF: the real brief printed by WeasyPrint's own code is the same file."""
    import weasyprint

    assert weasyprint.__version__ in print_speedups.FOOTNOTE_SUM_VERSIONS, \
        "a new WeasyPrint: check _footnote_area_by_sum against its footnote code, then list the version"
    monkeypatch.setattr(print_speedups, "FAST_FOOTNOTES", False)
    assert brief.render(analysis, "a4").pdf == printed.pdf


def test_objects_written_once_print_pydyfs_own_bytes(printed, analysis, monkeypatch):
    """pydyf's write made each object's bytes once (print_speedups._write_once), the streams in two
    threads, changes the time, never the PDF: the real brief written by pydyf's own code is
    the same file."""
    import pydyf

    assert pydyf.__version__ in print_speedups.WRITE_ONCE_VERSIONS, \
        "a new pydyf: check that PDF.write changes no object while writing, then list the version"
    import threading

    # The threads that compressed the streams are gone (other tests' threads may still run).
    assert [t.name for t in threading.enumerate() if t.name.startswith("ThreadPoolExecutor")] == []
    monkeypatch.setattr(print_speedups, "FAST_WRITE", False)
    assert brief.render(analysis, "a4").pdf == printed.pdf
    assert "data" in pydyf.Stream.__dict__ and pydyf.PDF.write.__module__ == "pydyf"  # put back


def test_page_counts_no_content_reads_print_weasyprints_own_bytes(printed, analysis, monkeypatch):
    """The contents and cross-references name their targets (Brief.page_ref_css) and a change
    of page count that no content reads lays nothing out again (print_speedups._quiet_page_counts):
    fewer layouts, the same PDF as WeasyPrint's own code makes."""
    import weasyprint
    from weasyprint.layout import page as page_layout

    assert weasyprint.__version__ in print_speedups.PAGE_COUNT_VERSIONS, \
        "a new WeasyPrint: check _quiet_page_counts against its page counter code, then list the version"
    assert 'target-counter(url(#discrepancies), page)' in printed.html
    made = []
    original = page_layout.make_page
    monkeypatch.setattr(page_layout, "make_page", lambda *args: made.append(args[4]) or original(*args))
    fast = brief.render(analysis, "a4")
    fast_count, made[:] = len(made), []
    monkeypatch.setattr(print_speedups, "FAST_PAGE_COUNTS", False)
    stock = brief.render(analysis, "a4")
    assert fast.pdf == stock.pdf == printed.pdf
    assert fast_count < len(made), (fast_count, len(made))


@pytest.mark.parametrize("xref, reads_pages", [("attr", False), ("url", False), ("url", True)])
def test_page_counts_quieted_only_where_no_content_reads_them(xref, reads_pages, monkeypatch):
    """A long contents whose own length moves its targets, cross-references both ways (their
    target through attr(), which WeasyPrint files under no anchor, or written out) and "page x
    of y": the same bytes either way, also when a reference reads the page count."""
    entries = 70
    toc = "".join(f'<li><a href="#s{i}">Section {i}</a></li>' for i in range(entries))
    rules = "".join(f'li a[href="#s{i}"]::after {{ content: leader(". ") target-counter(url(#s{i}), page); }}'
                    for i in range(entries))
    if xref == "attr":
        rules += 'a.x::after { content: " (p. " target-counter(attr(href url), page) ")" }'
    else:
        tail = ' " of " target-counter(url(#s0), pages)' if reads_pages else ""
        rules += "".join(f'a.x[href="#s{i}"]::after {{ content: " (p. " target-counter(url(#s{i}), page){tail} ")" }}'
                         for i in range(entries))
    body = "".join(f'<h2 id="s{i}">Section {i}</h2><p>{"Text that fills the page. " * (i % 9 * 12)}'
                   f'<a class="x" href="#s{(i * 7) % entries}">see</a></p>' for i in range(entries))
    page = (f'<html><head><style>@page {{ size: A6; @bottom-right {{ content: counter(page) " of " counter(pages) }} }}'
            f'{rules} h2 {{ break-before: page }}</style></head><body><ol>{toc}</ol>{body}</body></html>')
    fast = brief.print_html(page, pdf_variant=None)
    monkeypatch.setattr(print_speedups, "FAST_PAGE_COUNTS", False)
    stock = brief.print_html(page, pdf_variant=None)
    assert fast[1] == stock[1] > entries
    assert fast[0] == stock[0]
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(fast[0])).pages)
    assert "(p. 0" not in text and len(re.findall(r"\(p\. \d+( of \d+)?\)", text)) == entries
    assert (f" of {fast[1]})" in text) == reads_pages


def _raster(pdf: bytes, tmp_path: Path, name: str) -> list[bytes]:
    """Each row of the first page in grey, at 100 dpi (pdftoppm, from poppler-utils)."""
    (tmp_path / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-gray", "-f", "1", "-l", "1", str(tmp_path / f"{name}.pdf"),
                    str(tmp_path / name)], check=True, timeout=120)
    (image,) = tmp_path.glob(f"{name}*.pgm")
    data = image.read_bytes()
    _, size, _, pixels = data.split(b"\n", 3)
    width, height = map(int, size.split())
    return [pixels[row * width:(row + 1) * width] for row in range(height)]


def test_svg_labels_in_one_run_look_as_drawn_a_letter_at_a_time(tmp_path, monkeypatch):
    """print_speedups._svg_text_in_runs draws a plain SVG label as one run where WeasyPrint draws each
    letter: the page looks the same (the letters stand where they stood, give or take
    kerning), anchors included, the label reads as one word in the PDF, and text with
    per-letter positions or rotation is still drawn by WeasyPrint's own code."""
    import weasyprint

    assert weasyprint.__version__ in print_speedups.SVG_TEXT_VERSIONS, \
        "a new WeasyPrint: check _svg_text_in_runs against its SVG text code, then list the version"
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="130" font-family="DejaVu Sans" '
           'font-size="13" fill="#1a1a1a"><text x="200" y="20" text-anchor="middle">Days since the previous '
           'strike</text><text x="10" y="45">Syrian government and allies</text><text x="390" y="70" '
           'text-anchor="end" font-size="12">18 May → 6 Jun: −10</text><text x="10" y="95" '
           'font-weight="bold">Goldstein score</text><text x="10" y="120" dx="0 2 2" rotate="5">tilted</text></svg>')
    html = f'<html><body style="margin: 0"><img src="{brief._svg_data_url(svg)}" style="width: 100%"></body></html>'
    fast = brief.print_html(html, pdf_variant=None)[0]
    monkeypatch.setattr(print_speedups, "FAST_SVG_TEXT", False)
    stock = brief.print_html(html, pdf_variant=None)[0]
    assert fast != stock
    text = pypdf.PdfReader(io.BytesIO(fast)).pages[0].extract_text()
    assert "Days since the previous strike" in text and "Syrian government and allies" in text
    a, b = _raster(fast, tmp_path, "fast"), _raster(stock, tmp_path, "stock")
    ink = [(y, x) for y, row in enumerate(b) for x, v in enumerate(row) if v < 128]
    ink_fast = [(y, x) for y, row in enumerate(a) for x, v in enumerate(row) if v < 128]
    assert abs(len(ink_fast) - len(ink)) < 0.03 * len(ink)
    for axis in (0, 1):  # the ink spans the same rows and columns, to a pixel or two
        assert abs(min(p[axis] for p in ink_fast) - min(p[axis] for p in ink)) <= 2
        assert abs(max(p[axis] for p in ink_fast) - max(p[axis] for p in ink)) <= 2
    rows = [sum(1 for v in row if v < 128) for row in a], [sum(1 for v in row if v < 128) for row in b]
    assert sum(abs(x - y) for x, y in zip(*rows)) < 0.05 * len(ink)  # line by line, the same ink


def _ink(rows: list[bytes]) -> list[tuple[int, int]]:
    return [(y, x) for y, row in enumerate(rows) for x, v in enumerate(row) if v < 128]


def test_leaders_in_one_run_look_as_a_box_per_dot(tmp_path, monkeypatch):
    """print_speedups._leaders_in_one_run puts a leader's copies in one run: the same dots in the same
    places as WeasyPrint's box per copy (rasterised, to a pixel), the same text."""
    import weasyprint

    assert weasyprint.__version__ in print_speedups.LEADER_VERSIONS, \
        "a new WeasyPrint: check _leaders_in_one_run against its leader code, then list the version"
    entries = "".join(f'<li><a href="#s{i}">{"Section " * (1 + i % 3)}{i}</a></li>' for i in range(12))
    body = "".join(f'<h2 id="s{i}">Section {i}</h2>' for i in range(12))
    html = ('<html><head><style>@page { size: A6; margin: 10mm } h2 { break-before: page } '
            'li a::after { content: leader(". ") target-counter(attr(href url), page) } '
            'li:nth-child(3n) a::after { content: leader(dotted) target-counter(attr(href url), page) } '
            f'</style></head><body><ol>{entries}</ol>{body}</body></html>')
    fast = brief.print_html(html, pdf_variant=None)[0]
    monkeypatch.setattr(print_speedups, "FAST_LEADERS", False)
    stock = brief.print_html(html, pdf_variant=None)[0]
    assert fast != stock and len(fast) < len(stock)
    text = [pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text() for pdf in (fast, stock)]
    assert re.sub(r"[\s.]+", " ", text[0]) == re.sub(r"[\s.]+", " ", text[1])
    a, b = _ink(_raster(fast, tmp_path, "fast")), _ink(_raster(stock, tmp_path, "stock"))
    assert abs(len(a) - len(b)) < 0.02 * len(b)
    moved = set(a) ^ set(b)
    assert all(any((y + dy, x + dx) in set(b) for dy in (-1, 0, 1) for dx in (-1, 0, 1)) for y, x in set(a) - set(b))
    assert len(moved) < 0.1 * len(b)


def _notes_page(note_css: str, notes: int = 60) -> str:
    """A few pages of paragraphs, each with a footnote (one to three lines), styled by note_css."""
    body = "".join(f'<p>Paragraph {i} says something that needs a source and a little more text to wrap.'
                   f'<span class="fn">Source {i}, ¶{i % 7 + 1}.{" With a longer note." * (i % 3 * 4)}'
                   f'</span></p>' for i in range(notes))
    return (f'<html><head><style>@page {{ size: A6; @footnote {{ border-top: 0.5pt solid black; }} }}'
            f'.fn {{ float: footnote; {note_css} }}</style></head><body>{body}</body></html>')


@pytest.mark.parametrize("note_css, summed", [("margin-top: 1mm", True),
                                               ("margin-top: 1mm; margin-bottom: 2mm", False),
                                               ("footnote-display: inline", False)])
def test_footnote_areas_are_summed_only_where_exact_and_print_the_same_bytes(note_css, summed, monkeypatch):
    """Notes with a bottom margin collapse with the next note's top margin, and inline notes
    share lines, so their sum would be wrong: those areas go to WeasyPrint's own code. Either
    way the PDF is WeasyPrint's."""
    from weasyprint.layout import LayoutContext

    original = LayoutContext._update_footnote_area
    calls, fallbacks = [], []
    make = print_speedups._footnote_area_by_sum

    def spied(original_method):
        def to_weasyprint(context):
            fallbacks.append(len(context.current_page_footnotes))
            return original_method(context)

        fast = make(to_weasyprint)

        def update(context):
            calls.append(len(context.current_page_footnotes))
            return fast(context)
        return update

    monkeypatch.setattr(print_speedups, "_footnote_area_by_sum", spied)
    page = _notes_page(note_css)
    fast, pages, _ = brief.print_html(page, pdf_variant=None)
    assert pages > 3 and max(calls) > 1
    with_notes = [n for n in fallbacks if n]
    assert with_notes == ([] if summed else [n for n in calls if n])
    assert LayoutContext._update_footnote_area is original  # put back after the render
    monkeypatch.setattr(print_speedups, "FAST_FOOTNOTES", False)
    assert brief.print_html(page, pdf_variant=None)[0] == fast


def test_a_failed_render_puts_weasyprint_and_the_collector_back(monkeypatch):
    import gc

    from weasyprint.layout import LayoutContext

    original = LayoutContext._update_footnote_area
    assert gc.isenabled()
    with pytest.raises(brief.BriefError):
        brief.print_html('<html><body><p>x<span style="float: footnote">n</span></p>'
                         '<img src="no-such-chart.svg" alt="chart"></body></html>')
    assert gc.isenabled()
    assert LayoutContext._update_footnote_area is original
    import pydyf
    import weasyprint.svg
    assert pydyf.PDF.write.__module__ == "pydyf"
    assert weasyprint.svg.TAGS["text"] is weasyprint.svg.text and weasyprint.svg.text.__module__ == "weasyprint.svg.text"
    from weasyprint.css.targets import TargetCollector
    from weasyprint.layout import inline as inline_layout
    from weasyprint.layout import page as page_layout
    assert inline_layout.handle_leader.__module__ == "weasyprint.layout.leader"
    assert TargetCollector.cache_target_page_counters.__module__ == "weasyprint.css.targets"
    assert page_layout.make_page.__module__ == "weasyprint.layout.page"


def test_source_date_epoch_sets_the_dates(analysis, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")
    html_text, _ = brief.render_html(analysis, "a4")
    assert '<meta name="dcterms.created" content="2017-07-14T02:40:00Z">' in html_text
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(brief.BriefError, match="SOURCE_DATE_EPOCH"):
        brief.render_html(analysis, "a4")


def test_pdf_stage_is_registered_and_names_the_file_from_the_report(analysis):
    assert ("pdf", brief.pdf_stage) in pipeline.OUTPUT_STAGES
    name = brief.pdf_name(analysis)
    assert re.fullmatch(r"[a-z0-9-]+-brief\.pdf", name)
    assert name == brief.pdf_name(analysis)


# --------------------------------------------------------------------------- offline and safe


def test_fetcher_serves_only_local_allowed_files(tmp_path):
    fetcher = brief.OfflineFetcher([brief.TEMPLATES], brief.font_paths())
    css = fetcher((brief.TEMPLATES / "brief.css").as_uri())
    assert b"@page" in css.read()
    font = next(iter(brief.font_paths()))
    assert fetcher(font.as_uri()).read()[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO")
    assert fetcher("data:text/plain,hello").read() == b"hello"
    outside = tmp_path / "secret.txt"
    outside.write_text("no")
    for url in ("http://example.com/x.css", "https://example.com/font.woff2", "ftp://example.com/x",
                outside.as_uri(), (brief.TEMPLATES / ".." / ".." / "requirements.txt").as_uri(),
                "file://otherhost/etc/passwd"):
        with pytest.raises(PermissionError, match="refused"):
            fetcher(url)
    assert len(fetcher.refused) == 6


def _no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the brief tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_remote_resources_stop_the_build_without_a_connection(monkeypatch):
    _no_network(monkeypatch)
    page = ('<html><head><link rel="stylesheet" href="https://cdn.example.com/x.css"></head>'
            '<body><p>text</p><img src="http://example.com/tracker.png" alt=""></body></html>')
    fetcher = brief.OfflineFetcher([brief.TEMPLATES], brief.font_paths())
    with pytest.raises(brief.BriefError) as caught:
        brief.print_html(page, fetcher=fetcher)
    text = "\n".join(caught.value.messages)
    assert "https://cdn.example.com/x.css" in text or "http://example.com/tracker.png" in text
    assert fetcher.refused and all(url.startswith("http") for url in fetcher.refused)


def test_a_missing_local_image_is_an_error_not_a_blank(monkeypatch):
    _no_network(monkeypatch)
    page = '<html><body><p>text</p><img src="no-such-chart.svg" alt="chart"></body></html>'
    with pytest.raises(brief.BriefError, match="no-such-chart.svg"):
        brief.print_html(page)


def test_the_real_brief_fetched_only_local_files(printed):
    allowed = {str(p) for p in brief.font_paths()}
    for item in printed.fetched:
        assert item == "data:" or item in allowed or item.startswith(str(brief.TEMPLATES) + os.sep), item
    assert not printed.warnings, printed.warnings  # our own CSS raises no warning either


def test_untrusted_text_stays_text(mini, monkeypatch):
    _no_network(monkeypatch)
    yml = mini / "investigation.yml"
    yml.write_text(yml.read_text().replace(
        "bottom_line: A coalition strike hit a convoy near al-Tanf on *18 May 2017*.",
        'bottom_line: "<img src=\\"http://evil.example/x.png\\"> <script>alert(1)</script> '
        '[click](javascript:alert(1)) [ok](https://example.org/ok) [rel](../../etc/passwd) *18 May 2017*."'))
    printed = brief.render(pipeline.analyse(mini), "a4")
    assert "<img src=\"http://evil" not in printed.html and "<script>" not in printed.html
    assert "&lt;script&gt;" in printed.html
    assert 'href="javascript:' not in printed.html and 'href="../../etc/passwd"' not in printed.html
    assert 'href="https://example.org/ok"' in printed.html
    text = " ".join(pypdf.PdfReader(io.BytesIO(printed.pdf)).pages[2].extract_text().split())
    assert "<script>alert(1)</script>" in text
    uris = [str(a.get_object()["/A"]["/URI"]) for p in pypdf.PdfReader(io.BytesIO(printed.pdf)).pages
            for a in (p.get("/Annots") or []) if "/A" in a.get_object() and "/URI" in a.get_object()["/A"]]
    assert "https://example.org/ok" in uris and all(u.startswith("http") for u in uris)


def test_cli_pdf_writes_the_file_and_reports_pages(mini, tmp_path):
    out = tmp_path / "brief.pdf"
    result = run_cli("--data", str(mini), "pdf", "--paper", "letter", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert re.search(r"wrote .*brief\.pdf \(\d+ pages, letter, \d+ KiB\) in \d+\.\d\ds", result.stdout)
    box = pypdf.PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_cli_pdf_error_is_clear_and_writes_nothing(mini, tmp_path):
    out = tmp_path / "brief.pdf"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "last tuesday"}
    result = subprocess.run([sys.executable, str(ROOT / "build_report.py"), "--data", str(mini), "pdf",
                             "--output", str(out)], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "error: SOURCE_DATE_EPOCH='last tuesday' is not a whole number of seconds" in result.stdout
    assert "PDF brief failed: nothing was written" in result.stdout
    assert not out.exists()


def test_brief_needs_a_report_block(analysis, monkeypatch):
    monkeypatch.setattr(analysis.checked.inv, "report", None)
    with pytest.raises(brief.BriefError, match="no `report:` block"):
        brief.render_html(analysis, "a4")
    monkeypatch.undo()
    with pytest.raises(brief.BriefError, match="unknown paper size 'a3'"):
        brief.render_html(analysis, "a3")


def test_build_puts_the_brief_in_downloads_and_links_it(mini, tmp_path):
    options = pipeline.BuildOptions(data_dir=mini, generated_dir=tmp_path / "generated",
                                    site_dir=tmp_path / "site", stage_dir=tmp_path / "stage", paper="letter")
    result = pipeline.build(options)
    name = brief.pdf_name(result.analysis)
    pdf = tmp_path / "site" / "downloads" / name
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-1.7")
    box = pypdf.PdfReader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert f'href="downloads/{name}"' in (tmp_path / "site" / "downloads.html").read_text()
    assert result.timings["pdf"] > 0
