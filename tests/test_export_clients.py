"""The citation exports in the programs that read them: citeproc-js (the engine in Zotero, npm
`citeproc`) and citeproc-py with the APA and Chicago styles, and biber (biblatex's backend,
Debian `biber`) with biblatex's data model. No warning, and the reference a reader gets.

The CSL styles and locale are vendored in tests/fixtures/csl (CC BY-SA 3.0, see its README).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reportgen import analysis as analysis_mod
from reportgen import exports, pipeline

from .conftest import DATA, ROOT

CSL_DIR = Path(__file__).resolve().parent / "fixtures" / "csl"
RENDER = Path(__file__).resolve().parent / "clients" / "citeproc_render.js"
LOCALE = CSL_DIR / "locales-en-US.xml"
STYLES = {"apa": CSL_DIR / "apa.csl", "chicago": CSL_DIR / "chicago-author-date.csl"}

# One source as each style prints it (plain text): the title and outlet the curator supplied
# are in brackets, the date is the one the evidence gives.
LOVELUCK = {
    "apa": "Loveluck, L. (2017, May 19). [Pentagon: U.S. strike near al-Tanf hit convoy of Iran-backed "
           "troops]. [The Washington Post].",
    "chicago": "Loveluck, Louisa. 2017. “[Pentagon: U.S. Strike near al-Tanf Hit Convoy of Iran-Backed "
               "Troops].” [The Washington Post], May 19.",
}


@pytest.fixture(scope="module")
def real_exports() -> dict[str, bytes]:
    return exports.build_exports(analysis_mod.analyse(pipeline.load_and_check(DATA)))


def citeproc_js(items_path: Path, style: Path) -> dict:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "citeproc").is_dir():
        pytest.fail("citeproc-js is not installed: run `make setup` (nodejs and npm ci)")
    result = subprocess.run([node, str(RENDER), str(items_path), str(style), str(LOCALE)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


@pytest.mark.parametrize("style", sorted(STYLES))
def test_citeproc_js_renders_every_source_without_a_warning(real_exports, tmp_path, style):
    items = tmp_path / "sources.csl.json"
    items.write_bytes(real_exports["downloads/sources.csl.json"])
    out = citeproc_js(items, STYLES[style])
    assert out["warnings"] == []
    assert LOVELUCK[style] in out["bibliography"]
    ids = [item["id"] for item in json.loads(items.read_bytes())]
    assert len(out["bibliography"]) == len(ids)
    for source_id, citation in out["citations"].items():
        # Every in-text citation names what its reference entry starts with, with a certain year.
        assert re.fullmatch(r"\((.+?),? 2017\)", citation), citation
        named = _words(re.fullmatch(r"\((.+?),? 2017\)", citation).group(1))
        assert any(_words(entry).startswith(named) for entry in out["bibliography"]), (citation, named)
    for entry in out["bibliography"]:
        assert "2017" in entry and "?" not in entry.split("http")[0] and "ca." not in entry, entry
        assert "capture has no headline" not in entry.lower()


def test_citeproc_js_warnings_reach_the_test(real_exports, tmp_path):
    """The check can fail: what citeproc-js reports (here an attribute CSL does not define) is
    collected, not lost."""
    items = tmp_path / "sources.csl.json"
    items.write_bytes(real_exports["downloads/sources.csl.json"])
    style = tmp_path / "apa-broken.csl"
    style.write_text(STYLES["apa"].read_text(encoding="utf-8").replace("<text ", '<text bogus="1" ', 1),
                     encoding="utf-8")
    assert any('undefined attribute "@bogus"' in w for w in citeproc_js(items, style)["warnings"])


@pytest.mark.parametrize("style", sorted(STYLES))
def test_citeproc_py_renders_every_source_with_its_year(real_exports, tmp_path, style):
    """citeproc-py crashed (`render_date_range`) on the day ranges the export used to write."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(real_exports["downloads/sources.csl.json"])
    bib = CitationStylesBibliography(CitationStylesStyle(str(STYLES[style]), locale="en-US", validate=False),
                                     CiteProcJSON(items), formatter.plain)
    citations = [Citation([CitationItem(item["id"])]) for item in items]
    for citation in citations:
        bib.register(citation)
    rendered = [str(bib.cite(citation, lambda item: None)) for citation in citations]
    assert all("2017" in text for text in rendered), rendered
    entries = [str(entry) for entry in bib.bibliography()]
    assert len(entries) == len(items) and all("2017" in entry for entry in entries), entries


def biber_warnings(bib: bytes, tmp_path: Path) -> list[str]:
    biber = shutil.which("biber")
    if biber is None:
        pytest.fail("biber is not installed: run `make setup` (it installs Debian's biber)")
    (tmp_path / "sources.bib").write_bytes(bib)
    result = subprocess.run([biber, "--tool", "--validate-datamodel", "--nolog", "--output-directory",
                             str(tmp_path), "sources.bib"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = (result.stdout + result.stderr).splitlines()
    assert any("Output to" in line for line in lines), lines  # biber read the file through
    return [line for line in lines if line.startswith(("WARN", "ERROR"))]


def test_biber_accepts_every_entry_of_the_real_investigation(real_exports, tmp_path):
    assert biber_warnings(real_exports["downloads/sources.bib"], tmp_path) == []


def test_biber_accepts_entries_without_byline_or_outlet(mini, tmp_path):
    path = mini / "investigation.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    outlet: The Washington Post\n    authors: [Louisa Loveluck]\n", "")
    text = text.replace("      outlet: Byline and contributors match the newspaper's staff; not in the text.\n", "")
    path.write_text(text, encoding="utf-8")
    bib = exports.build_exports(analysis_mod.analyse(pipeline.load_and_check(mini)))["downloads/sources.bib"]
    assert b"@misc{article," in bib and b"key = {Loveluck}" in bib
    assert biber_warnings(bib, tmp_path) == []


def test_biber_reports_what_its_data_model_refuses(tmp_path):
    """The check can fail: an @article without author or journal is what biber warned about."""
    bib = b"@article{x,\n  title = {{T}},\n  date = {2017-05-19},\n}\n"
    warnings = biber_warnings(bib, tmp_path)
    assert any("Missing mandatory field 'author'" in w for w in warnings), warnings
    assert any("Missing mandatory field 'journaltitle'" in w for w in warnings), warnings
