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

from reportgen.pdf import brief, footnotes, metadata, offline
from reportgen.pdf.fetcher import OfflineFetcher
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


def _top_bookmarks(reader: pypdf.PdfReader) -> list[tuple[str, int]]:
    """(title, 0-based page) of each top-level bookmark, in order."""
    return [(item.title, reader.get_destination_page_number(item))
            for item in reader.outline if not isinstance(item, list)]


def test_the_body_is_a_brief_and_the_annexes_follow_it(reader, analysis):
    # The body (cover, bottom line, the chapters that sum up) holds at most twelve pages; the full
    # lists are lettered annexes, each a bookmark of its own that starts a page.
    top = _top_bookmarks(reader)
    annexes = [(title, page) for title, page in top if title.startswith("Annex ")]
    assert [t.split(":")[0] for t, _ in annexes] == [f"Annex {c}" for c in "ABCDEFG"[:len(annexes)]]
    assert {"Annex A: Timeline", "Annex B: Actors"} <= {t for t, _ in annexes}
    assert any(t.startswith("Annex ") and "Claims" in t for t, _ in annexes)
    first_annex = annexes[0][1] + 1
    assert first_annex <= 13, top
    assert all(not t.startswith("Annex") for t, page in top if page < annexes[0][1])
    assert len(reader.pages) > first_annex  # the annexes are there, after the body


def test_bookmarks_follow_the_chapters_in_order(reader, analysis):
    _, view = brief.render_html(analysis, "a4")
    top = _top_bookmarks(reader)
    assert [t for t, _ in top] == ["Cover"] + [ch.title for ch in view.chapters]
    assert [ch.annex for ch in view.chapters] == sorted(ch.annex for ch in view.chapters)  # body, then annexes
    pages = [page for _, page in top]
    assert pages == sorted(pages) and pages[0] == 0 and pages[1] == 1
    nested = [item for item in reader.outline if isinstance(item, list)]
    assert any(child.title == "Key judgments" for group in nested for child in group)


def test_the_incidents_compared_fit_one_page(reader):
    """The comparison is one table on one A4 page: its first and its last row on its page."""
    top = _top_bookmarks(reader)
    page = dict(top)["The incidents compared"]
    text = " ".join(reader.pages[page].extract_text().split())
    assert "What happened" in text and "Who says so" in text, text


def test_the_contents_on_the_cover_give_each_chapters_page(reader):
    toc = reader.pages[0].extract_text()
    for item in reader.outline:
        if isinstance(item, list) or item.title == "Cover":
            continue
        page = reader.get_destination_page_number(item) + 1
        assert re.search(re.escape(item.title) + r"[ .]*" + str(page) + r"\b", toc), (item.title, page, toc)


def test_cover_shows_title_date_version_and_marking(reader, analysis):
    report = analysis.inv.report
    cover = " ".join(reader.pages[0].extract_text().split())
    assert _plain(report.title) in cover
    assert f"Version {report.version}" in cover.replace("Version\n", "Version ")
    assert f"Date {metadata.date_text(report.date)}" in cover
    assert report.marking.upper() in cover
    assert "Page" not in cover  # no running header or footer on the cover


def test_the_cover_gives_the_reports_date_not_the_builds(analysis, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")  # 14 July 2017: when the build says it was made
    html_text, _ = brief.render_html(analysis, "a4")
    cover = html_text.split('<section class="cover"')[1].split("</section>")[0]
    assert re.search(r"<dt>Date</dt><dd>(.*?)</dd>", cover).group(1) == metadata.date_text(analysis.inv.report.date)
    assert "14 July 2017" not in cover
    assert metadata.date_text("2017-05") == "May 2017" and metadata.date_text("2017") == "2017"


def test_running_headers_and_page_x_of_y(reader, analysis):
    texts = _page_text(reader)
    n = len(texts)
    short = metadata.running_title(analysis.inv.report.title)
    assert 0 < len(short) <= 71
    for i, text in enumerate(texts[1:], start=2):
        flat = " ".join(text.split())
        assert f"Page {i} of {n}" in flat
        assert short in flat
    for title, page in _top_bookmarks(reader)[1:]:  # each chapter's page names it in the header
        assert title in " ".join(texts[page].split()), (title, page)


# --------------------------------------------------------------------------- content


def test_bottom_line_and_key_judgments_come_first_with_their_text(reader, analysis):
    report = analysis.inv.report
    page = _squash(reader.pages[1].extract_text())  # page 2, after the cover
    assert _squash(_plain(report.bottom_line))[:80] in page
    assert "Keyjudgments" in page and _squash(_plain(report.key_judgments[0].text)) in page
    text = _squash(" ".join(_page_text(reader)[1:3]))
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


def _footnote_bodies(pdf: bytes) -> tuple[list[list[int]], dict[int, str]]:
    """Per page, the footnote calls (6.5pt numbers in the sans font); and each footnote's text, by
    number (a bold "N. " marker starts one; running headers and footers come after the notes)."""
    calls_by_page, seen_notes = [], {}
    for parts in _runs(pypdf.PdfReader(io.BytesIO(pdf))):
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
        calls_by_page.append(calls)
        assert sorted(calls) == sorted(bodies), f"page {len(calls_by_page)}: calls {calls} but notes {sorted(bodies)}"
        seen_notes.update(bodies)
    return calls_by_page, seen_notes


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_footnotes_sit_on_the_page_of_their_call_and_name_a_source(paper, printed, printed_letter, analysis):
    printed = printed if paper == "a4" else printed_letter
    label_to_source = {labels.source_label(analysis.inv, s.id): s.id for s in analysis.inv.sources}
    assert len(label_to_source) == len(analysis.inv.sources), "two sources share a footnote label"
    expected = {note.number: note for note in printed.footnotes}
    assert expected, "the brief has no footnotes at all"
    calls_by_page, seen_notes = _footnote_bodies(printed.pdf)
    assert [n for calls in calls_by_page for n in calls] == list(range(1, len(expected) + 1)), \
        "footnote numbers run 1, 2, 3 … in reading order"
    for number, body in seen_notes.items():
        note = expected[number]
        flat = _squash(body)
        for source_id, paragraph in note.cites:
            label = note.labels[source_id]
            assert label_to_source.get(label) == source_id, (number, label)
            segment = flat[flat.index(_squash(label)):]  # the source's part of the note
            if paragraph:
                assert re.search(rf"¶{paragraph}(?!\d)", segment), (number, label, paragraph, body)


def test_footnotes_quote_the_words_they_cite(printed, analysis):
    _, notes = _footnote_bodies(printed.pdf)
    quoting = 0
    for note in printed.footnotes:
        body = _squash(notes[note.number])
        assert note.quoted, f"footnote {note.number} quotes nothing"
        for words in note.quoted:
            assert len(words.split()) <= footnotes.QUOTE_WORDS + 1  # the ellipsis
            assert _squash(f"“{words}”") in body, (note.number, words, notes[note.number])
        quoting += 1
    assert quoting == len(printed.footnotes) > 10
    # A long passage is cut at a word with an ellipsis; the words are the quote's, or the archived text's.
    assert any(w.endswith(" …") for n in printed.footnotes for w in n.quoted)
    quotes = [_squash(q.text) for q in analysis.inv.quotes]
    archived = _squash(" ".join(a.text for a in analysis.checked.archives.values()))
    for note in printed.footnotes:
        first = _squash(note.quoted[0].removesuffix(" …"))
        assert any(first in q for q in quotes) or first in archived, note


def test_annex_entries_carry_the_same_evidence_in_line(printed, reader, analysis):
    assert printed.html.count('<span class="cite">') == len(footnotes_inline := printed.inline) > 50
    annex_text = _squash(" ".join(_page_text(reader)[reader.get_destination_page_number(
        next(x for x in reader.outline if not isinstance(x, list) and x.title.startswith("Annex A"))):]))
    quoted = [w for note in footnotes_inline for w in note.quoted]
    assert quoted and all(_squash(f"“{w}”") in annex_text for w in quoted[:40])


def test_footnote_labels_link_to_the_source_entries(reader, analysis):
    names = reader.named_destinations
    for source in analysis.inv.sources:
        assert source.id in names, source.id


def test_links_inside_resolve_and_outside_are_http(reader, printed):
    names = reader.named_destinations
    page_ids = {page.indirect_reference.idnum for page in reader.pages}
    internal, targets, external = 0, set(), 0
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
            dest = annot.get("/Dest") if "/Dest" in annot else (action.get("/D") if action is not None else None)
            assert dest is not None, f"a link on page {page.page_number + 1} leads nowhere"
            if isinstance(dest, str):
                assert dest in names, dest
                assert 0 <= reader.get_destination_page_number(names[dest]) < len(reader.pages)
                targets.add(dest)
            else:
                assert dest[0].idnum in page_ids, dest
            internal += 1
    assert internal > 100
    # Every link the HTML makes inside the brief is in the PDF and lands on its target.
    assert set(re.findall(r'href="#([^"]+)"', printed.html)) == targets


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
    keywords = meta["/Keywords"].split(", ")
    assert "escalation analysis" in keywords
    assert all(k and k == " ".join(k.split()) and "," not in k for k in keywords), keywords  # "The Pentagon  Arlington"
    assert len({k.casefold() for k in keywords}) == len(keywords)
    assert "The Pentagon Arlington" in keywords  # a place named "The Pentagon, Arlington"
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    expected = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch else
                datetime.datetime.strptime(report.date, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc))
    assert meta["/CreationDate"].startswith(expected.strftime("D:%Y%m%d%H%M%S"))
    assert meta["/ModDate"] == meta["/CreationDate"]
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged (PDF/UA-1)
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def test_keywords_are_clean_and_in_a_fixed_order():
    assert metadata.clean_keywords(["Washington, D.C.", "", None, "  al-Tanf ", "AL-TANF", "a\u00a0\tb",
                                    "Raqqa"]) == ["Washington D.C.", "al-Tanf", "a b", "Raqqa"]


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
    fetcher = OfflineFetcher.for_brief()
    css = fetcher((offline.TEMPLATES / "brief.css").as_uri())
    assert b"@page" in css.read()
    font = next(iter(offline.font_paths()))
    assert fetcher(font.as_uri()).read()[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO")
    assert fetcher("data:text/plain,hello").read() == b"hello"
    outside = tmp_path / "secret.txt"
    outside.write_text("no")
    for url in ("http://example.com/x.css", "https://example.com/font.woff2", "ftp://example.com/x",
                outside.as_uri(), (offline.TEMPLATES / ".." / ".." / "requirements.txt").as_uri(),
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
    fetcher = OfflineFetcher.for_brief()
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
    allowed = {str(p) for p in offline.font_paths()}
    for item in printed.fetched:
        assert item == "data:" or item in allowed or item.startswith(str(offline.TEMPLATES) + os.sep), item
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
    text = " ".join(pypdf.PdfReader(io.BytesIO(printed.pdf)).pages[1].extract_text().split())
    assert "<script>alert(1)</script>" in text
    uris = [str(a.get_object()["/A"]["/URI"]) for p in pypdf.PdfReader(io.BytesIO(printed.pdf)).pages
            for a in (p.get("/Annots") or []) if "/A" in a.get_object() and "/URI" in a.get_object()["/A"]]
    assert "https://example.org/ok" in uris and all(u.startswith("http") for u in uris)


SITE = "https://example.org/al-tanf/"


def _uris(pdf: bytes) -> list[str]:
    return [str(a.get_object()["/A"]["/URI"]) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages
            for a in (p.get("/Annots") or []) if "/A" in a.get_object() and "/URI" in a.get_object()["/A"]]


def test_footnotes_link_to_the_highlighted_passage_on_the_site(mini):
    from reportgen.site import pages

    analysis = pipeline.analyse_folder(mini)
    printed = brief.render(analysis, "a4", site_url=SITE)
    links = [u for u in _uris(printed.pdf) if u.startswith(SITE)]
    assert links and set(links) == {url for n in printed.footnotes + printed.inline for url in n.links}
    site = pages.render_site(analysis, workers=1)
    for url in links:  # each is a source's page of the site, at an anchor that page has
        page, _, anchor = url[len(SITE):].partition("#")
        assert re.fullmatch(r"citations/[a-z0-9-]+\.html", page), url
        markdown = site[page.removesuffix(".html") + ".md"]
        assert f"#{anchor} " in markdown or f'id="{anchor}"' in markdown, url
    quote = analysis.inv.quotes[0]
    assert f"{SITE}citations/{quote.source}.html#{quote.id}" in links
    # Without the site's address the footnotes quote the same words and link nowhere outside.
    plain = brief.render(analysis, "a4")
    assert not [u for u in _uris(plain.pdf) if "/citations/" in u]
    assert [n.quoted for n in plain.footnotes] == [n.quoted for n in printed.footnotes]


def test_footnote_words_are_text_never_markup(mini, monkeypatch):
    from reportgen.views import evidence

    analysis = pipeline.analyse_folder(mini)
    monkeypatch.setattr(evidence, "cited_words", lambda a, r: '<img src="http://evil.example/x.png"> & "quoted"')
    html_text, _ = brief.render_html(analysis, "a4", site_url='https://example.org/"><script>/')
    assert "&lt;img src=&#34;http://evil.example/x.png&#34;&gt; &amp; &#34;quoted&#34;" in html_text
    assert '<img src="http://evil' not in html_text and "<script>" not in html_text


def test_a_long_passage_is_cut_at_a_word_with_an_ellipsis():
    words = " ".join(f"w{i}," for i in range(40))
    assert footnotes.shorten(words) == " ".join(f"w{i}," for i in range(24)) + " w24 …"
    assert footnotes.shorten("Short and whole,") == "Short and whole"
    assert len(footnotes.shorten(words).split()) == footnotes.QUOTE_WORDS + 1


def test_the_site_address_comes_from_mkdocs_yml(tmp_path, monkeypatch):
    from reportgen.site.mkdocs_build import site_url

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nsite_url: https://example.org/report\n")
    assert site_url(config) == "https://example.org/report/"
    monkeypatch.setenv("REPORT_SITE", "https://example.net/r/")
    config.write_text("site_name: x\nsite_url: !ENV [REPORT_SITE, '']\n")
    assert site_url(config) == "https://example.net/r/"
    for value in ("javascript:alert(1)", "/relative/", "''"):
        config.write_text(f"site_name: x\nsite_url: {value}\n")
        assert site_url(config) == ""
    config.write_text("site_name: x\n")
    assert site_url(config) == "" and site_url(tmp_path / "missing.yml") == ""


def test_the_build_prints_the_brief_with_the_site_address(mini, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    pdf = pipeline.print_brief(mini, "a4", "1500000000", SITE)
    assert any(u.startswith(f"{SITE}citations/") for u in _uris(pdf))


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


def test_a_capped_footnote_names_its_first_passages_and_counts_the_rest():
    """A table cell's note (the incidents compared) names at most `most` passages, quotes at most
    `words` words, and says how many more passages back the cell."""
    from reportgen.data.model import Citation

    a = pipeline.analyse_folder(ROOT / "tests" / "fixtures" / "mini")
    notes = footnotes.Notes(a)
    cites = [Citation(source="article", paragraph=p) for p in (2, 3, 4)]
    text = str(notes(cites, most=1, words=4))
    assert "and 2 more passages" in text and "¶2" in text and "¶3" not in text
    [note] = notes.emitted
    assert note.cites == [("article", 2)] and all(len(w.removesuffix(" …").split()) <= 4 for w in note.quoted)
    whole = str(notes(cites))
    assert "more passage" not in whole and "¶3" in whole and "¶4" in whole
