"""The PDF brief, read back from the real PDF.

Built from data/ (the al-Tanf report): a data/ that fails its checks fails these tests.
Text is extracted with pypdf: footnote calls are told from the rest
by their font and size, so every footnote is checked to sit on the page where it is
called and to name a source of the report.
"""

from __future__ import annotations

import datetime
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
from reportgen.errors import UsageError
from reportgen.views import labels, safetext

from .conftest import DATA, ROOT, build_into, run_cli
from .readers import ids_in, record_ids, visible_text

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
CALL_SIZE = 6.5 * 96 / 72  # footnote calls: 6.5pt, as WeasyPrint writes them (CSS px)


@pytest.fixture(scope="module")
def dataset() -> Path:
    return DATA


@pytest.fixture(scope="module")
def analysis(dataset):
    return pipeline.analyse_folder(dataset)


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
    assert titles == ["Cover", "Contents", "Bottom line and key judgments", "The incidents compared", "Map",
                      "Timeline", "Actors",
                      "Escalation analysis", "Claims and evidence", "Discrepancies", "Competing hypotheses",
                      "Sources", "About this brief"]
    pages = [reader.get_destination_page_number(item) for item in top]
    assert pages == sorted(pages) and pages[0] == 0 and pages[1] == 1
    nested = [item for item in reader.outline if isinstance(item, list)]
    assert any(child.title == "Key judgments" for group in nested for child in group)


def test_the_incidents_compared_fit_one_page(reader):
    """The comparison is one A4 page: the next chapter starts on the page after it."""
    top = [item for item in reader.outline if not isinstance(item, list)]
    titles = [item.title for item in top]
    at = titles.index("The incidents compared")
    first, following = (reader.get_destination_page_number(item) for item in top[at:at + 2])
    assert following == first + 1
    assert "Who says so" in " ".join(reader.pages[first].extract_text().split())  # its last row, on its page


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
        words = labels.grade_words(source.reliability.grade)
        assert f"{words}): {words}".lower() not in flat.lower()


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_footnotes_sit_on_the_page_of_their_call_and_name_a_source(paper, printed, printed_letter, analysis):
    printed = printed if paper == "a4" else printed_letter
    runs = _runs(pypdf.PdfReader(io.BytesIO(printed.pdf)))
    label_to_source = {labels.source_label(analysis.inv, s.id): s.id for s in analysis.inv.sources}
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
    from reportgen.views import geomap

    maps = geomap.MapView(analysis).figures()  # the overview and a detail map
    # The whole network is too big for a page: the brief draws one picture per side instead.
    titles = [c.title for c in charts.CHARTS if c.name in drawn and c.name != "network"]
    titles += [charts.chart_text(analysis, name)[0] for name in drawn if name.startswith("network-")]
    assert len(titles) > 4
    titles += [f.title for f in maps]
    assert sorted(a.split(":")[0] for a in alts) == sorted(t.split(":")[0] for t in titles)
    assert len(maps) == 2 and printed.html.count("data:image/svg+xml;base64,") == len(titles)


# --------------------------------------------------------------------------- the file


def test_metadata(reader, analysis):
    report = analysis.inv.report
    meta = reader.metadata
    assert meta.title == report.title
    assert meta.author == ", ".join(report.authors)
    assert meta.subject
    assert "escalation analysis" in meta["/Keywords"]
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    expected = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch else
                datetime.datetime.strptime(report.date, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc))
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


def test_a_failed_render_turns_the_collector_back_on():
    import gc

    assert gc.isenabled()
    with pytest.raises(brief.BriefError):
        brief.print_html('<html><body><p>x<span style="float: footnote">n</span></p>'
                         '<img src="no-such-chart.svg" alt="chart"></body></html>')
    assert gc.isenabled()


def test_source_date_epoch_sets_the_dates(analysis, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")
    html_text, _ = brief.render_html(analysis, "a4")
    assert '<meta name="dcterms.created" content="2017-07-14T02:40:00Z">' in html_text
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH='yesterday' is not a whole number of seconds"):
        brief.render_html(analysis, "a4")


@pytest.mark.parametrize("title, name", [
    ("Strikes at al-Tanf: the US-led coalition", "strikes-at-al-tanf-the-us-led-coalition-brief.pdf"),
    ("Rivertown’s aid: who's \"blocking\" it?", "rivertowns-aid-whos-blocking-it-brief.pdf"),
    ("One two three four five six seven eight nine ten", "one-two-three-four-five-six-seven-eight-brief.pdf"),
    ("—", "report-brief.pdf"),
])
def test_the_brief_is_named_from_the_report_title(analysis, monkeypatch, title, name):
    report = analysis.inv.report.model_copy(update={"title": title})
    monkeypatch.setattr(analysis.checked.inv, "report", report)
    assert brief.pdf_name(analysis) == name
    assert brief.pdf_path(analysis) == f"downloads/{name}"


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
    printed = brief.render(pipeline.analyse_folder(mini), "a4")
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
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert "error: SOURCE_DATE_EPOCH='last tuesday' is not a whole number of seconds" in result.stderr
    assert not out.exists()


def test_brief_needs_a_report_block(analysis, monkeypatch):
    monkeypatch.setattr(analysis.checked.inv, "report", None)
    with pytest.raises(brief.BriefError, match="no `report:` block"):
        brief.render_html(analysis, "a4")
    monkeypatch.undo()
    with pytest.raises(brief.BriefError, match="unknown paper size 'a3'"):
        brief.render_html(analysis, "a3")


def test_build_puts_the_brief_in_downloads_and_links_it(mini, tmp_path):
    result = build_into(tmp_path, mini, paper="letter")
    name = brief.pdf_name(result.analysis)
    pdf = tmp_path / "site" / "downloads" / name
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-1.7")
    box = pypdf.PdfReader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert f'href="downloads/{name}"' in (tmp_path / "site" / "downloads.html").read_text()
    assert result.timings["pdf"] > 0
