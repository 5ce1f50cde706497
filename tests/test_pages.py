"""Pages and charts: what each page shows, how the timeline is cut, safety of data text,
and deterministic, theme-aware SVG."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from reportgen import analysis as analysis_mod
from reportgen.views import charts, network
from reportgen.site import pages
from reportgen import pipeline

from .conftest import MINI


def _edit(data: Path, change) -> None:
    path = data / "investigation.yml"
    doc = yaml.safe_load(path.read_text())
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))


def _event(eid: str, when: dict, title: str = "Another event", **extra) -> dict:
    base = {
        "id": eid, "title": title, "when": when, "event_type": "Strategic developments",
        "cameo": "150", "actors": [{"actor": "us-led-coalition", "role": "initiator"}],
        "summary": "Something happened.", "citations": [{"source": "article", "paragraph": 5}],
    }
    base.update(extra)
    return base


@pytest.fixture
def richer(mini: Path) -> Path:
    """The mini investigation with a month-only event, a second strike and a distance claim."""
    def change(doc):
        doc["events"].append(_event("june-unknown-day", {"date": "2017-06", "precision": "month"},
                                    "Jets strike somewhere in June"))
        doc["events"].append(_event("second-strike", {"date": "2017-06-06", "precision": "day"},
                                    "A second strike", cameo="195", ladder="strike", incident="second"))
        doc["claims"].append({"id": "within-29km", "statement": "The convoy came within 29 km.",
                              "subject": "distance", "claimant": "jim-mattis",
                              "quantity": {"value": 18, "unit": "miles", "qualifier": "within"},
                              "citations": [{"source": "article", "paragraph": 5}]})
        doc["places"].append({"id": "zone", "name": "Deconfliction zone", "radius_km": 55})
    _edit(mini, change)
    return mini


def _render(data: Path) -> tuple[analysis_mod.Analysis, dict[str, str]]:
    a = pipeline.analyse_folder(data)
    return a, pages.render_site(a)


def test_timeline_is_one_page_while_the_events_fit(richer):
    a, tree = _render(richer)
    assert [name for name in tree if name.startswith("timeline/")] == ["timeline/index.md"]
    page = tree["timeline/index.md"]
    # Months are the page's sections; an event known only to the month is listed under
    # "day not known", never under a day.
    assert "## May 2017 {: #period-2017-05 }" in page and "## June 2017 {: #period-2017-06 }" in page
    assert "### June 2017, day not known {: #month-2017-06 }" in page
    assert '<span class="tl-date">June 2017</span> <span class="tl-precision">month only; day unknown</span>' in page
    # Links to events land on the one page.
    assert "(timeline/index.md#second-strike)" in tree["escalation.md"]
    assert "(../timeline/index.md#june-unknown-day)" in tree["actors/us-led-coalition.md"]
    assert "(timeline/index.md#strike)" in tree["index.md"]
    assert "(#second-strike)" in page  # the key events' list, on the same page


def test_past_the_page_size_the_timeline_is_a_page_per_month(richer):
    a = pipeline.analyse_folder(richer)
    tree = pages.render_site(a, page_sizes={"timeline": 2})
    assert {"timeline/index.md", "timeline/2017-05.md", "timeline/2017-06.md"} <= set(tree)
    june = tree["timeline/2017-06.md"]
    assert "## June 2017, day not known {: #month-2017-06 }" in june
    assert 'class="event event-inexact"' in june
    assert "(timeline/2017-06.md#second-strike)" in tree["escalation.md"]
    assert "(../timeline/2017-06.md#june-unknown-day)" in tree["actors/us-led-coalition.md"]
    assert "(timeline/2017-05.md#strike)" in tree["index.md"]
    assert "[June 2017](2017-06.md)" in tree["timeline/index.md"]
    assert pages.navigation_extra(a, {"timeline": 2})["timeline/index.md"] == ["timeline/2017-05.md",
                                                                               "timeline/2017-06.md"]
    assert pages.navigation_extra(a)["timeline/index.md"] == []


def _card(page: str, event_id: str) -> str:
    start = page.rindex('<div class="event', 0, page.index(f"{{: #{event_id} }}"))
    return page[start:page.index("</details>", start)]


def test_a_timeline_card_shows_the_key_facts_and_keeps_the_codes_behind_a_disclosure(richer):
    a, tree = _render(richer)
    page = tree["timeline/index.md"]
    strike, other = _card(page, "second-strike"), _card(page, "june-unknown-day")
    # Key events come from the ladder's top rungs: listed first, and marked on their card.
    assert "## Key events {: #key-events }" in page
    assert 'event-key"' in strike and 'data-key="key"' in strike and "Key event: strike" in strike
    assert "event-key" not in other and "data-key" not in other
    # Actors by role, for the filter too.
    assert 'data-actors-initiator="us-led-coalition"' in strike and 'data-actors-target=""' in strike
    assert "**By:** [US-led coalition" in strike
    # Date reasoning, CAMEO code and Goldstein score are behind the disclosure.
    facts = strike[strike.index('<details class="tl-more"'):]
    assert "**CAMEO** 195" in facts and "Goldstein −10.0" in facts
    assert "CAMEO" not in strike[:strike.index('<details class="tl-more"')]
    first = _card(page, "strike")
    assert first.index("Date derived from “Thursday”") > first.index('<details class="tl-more"')


def test_a_busy_month_is_split_without_splitting_a_day(richer):
    a = pipeline.analyse_folder(richer)
    periods = a.timeline_periods(max_events=1)
    assert [p.key for p in periods] == ["2017-05", "2017-06", "2017-06-part-2"]
    assert periods[2].title == "June 2017, part 2 of 2"
    day_anchors = [g[1] for p in periods for g in p.groups]
    assert len(day_anchors) == len(set(day_anchors))


def test_time_and_day_events_share_their_day_heading(mini):
    def change(doc):
        doc["events"].append(_event("later-same-day", {"date": "2017-05-18T16:30", "precision": "time"}))
        doc["events"].append(_event("range", {"date": "2017-05-18", "end": "2017-05-20", "precision": "day"}))
    _edit(mini, change)
    a = pipeline.analyse_folder(mini)
    (period,) = a.timeline_periods()
    labels = [(g[0], [e.id for e in g[2]]) for g in period.groups]
    assert labels[0] == ("Thursday 18 May 2017", ["strike", "later-same-day"])
    assert labels[1][0] == "18 May 2017 – 20 May 2017 (range)"


def test_actor_pages_carry_every_alias_for_search(mini):
    def change(doc):
        doc["actors"].append({"id": "maghawir", "name": "Maghawir al-Thawra", "kind": "rebel group",
                              "aliases": ["Maghawir al-Thawrah", "Maghawir al Thawra"], "side": "coalition"})
    _edit(mini, change)
    _, tree = _render(mini)
    page = tree["actors/maghawir.md"]
    assert "boost: 3" in page
    assert "**Also written:** Maghawir al-Thawrah · Maghawir al Thawra" in page
    assert "Maghawir al-Thawrah · Maghawir al Thawra" in tree["actors/index.md"]


def test_actor_page_shows_relations_both_ways(mini):
    _, tree = _render(mini)
    assert "Jim Mattis **speaks for** [US-led coalition](us-led-coalition.md)" in tree["actors/jim-mattis.md"]
    assert "[Jim Mattis](jim-mattis.md) **speaks for** US-led coalition" in tree["actors/us-led-coalition.md"]


def test_source_page_puts_the_quote_id_on_the_highlighted_passage(mini):
    _, tree = _render(mini)
    page = tree["citations/article.md"]
    assert '<mark class="quoted" id="attack-thursday" data-quotes="attack-thursday">' in page
    assert page.count('id="mattis-necessitated"') == 1
    assert page.count('id="') == page.count('data-quotes="')  # every highlighted passage is a target


def test_untrusted_text_never_becomes_markup(mini):
    evil = '<script>alert(1)</script> <img src=x onerror=alert(2)> {: onclick="x" }'
    def change(doc):
        doc["actors"][1]["name"] = "Coalition " + evil
        doc["actors"][1]["aliases"] = [evil]
        doc["events"][0]["summary"] = evil
        doc["events"][0]["event_type"] = evil
    _edit(mini, change)
    _, tree = _render(mini)
    for path, text in tree.items():
        if path.endswith(".svg"):  # SVG files are XML, never read as Markdown
            assert "<script" not in text and "<img" not in text, path
            continue
        assert "<script" not in text, path
        assert "<img" not in text, path
        assert 'onclick="x"' not in text, path
        # Outside inlined charts (raw HTML blocks Markdown leaves alone), no attribute list survives.
        outside_charts = re.sub(r"<figure class=\"chart.*?</figure>", "", text, flags=re.DOTALL)
        assert "{: onclick" not in outside_charts, path
    assert "&lt;script&gt;" in tree["actors/us-led-coalition.md"]


def test_record_pages_leave_the_navigation_past_the_limit(mini, monkeypatch):
    a = pipeline.analyse_folder(mini)
    assert "actors/jim-mattis.md" in pages.navigation_extra(a)["actors/index.md"]
    monkeypatch.setattr(pages, "NAV_RECORD_LIMIT", 2)
    assert "actors/index.md" not in pages.navigation_extra(a)


def test_home_links_the_pdf_brief_when_there_is_one(mini):
    a = pipeline.analyse_folder(mini)
    tree = pages.render_site(a, downloads=["downloads/brief.pdf", "downloads/SHA256SUMS"])
    assert '<a href="downloads/brief.pdf">brief.pdf</a>' in tree["index.md"]
    assert '<a href="downloads/SHA256SUMS">SHA256SUMS</a>' in tree["downloads.md"]
    assert "brief.pdf" not in pages.render_site(a)["index.md"]


# --------------------------------------------------------------------------- charts


def test_charts_are_byte_identical_and_carry_no_date(richer):
    a = pipeline.analyse_folder(richer)
    first, second = charts.render_all(a), charts.render_all(a)
    assert first == second
    sides = {charts.network_side_name(side) for side in network.drawn_sides(a)}
    assert sides and set(first) == {"escalation", "tempo", "distance", "network"} | sides
    assert charts.render_narrow(a) == charts.render_narrow(a)
    for name, svg in first.items():
        assert "<dc:date>" not in svg, name
        assert charts.INK in svg, name


def test_distance_chart_converts_units_and_names_the_zone_radius(richer):
    a = pipeline.analyse_folder(richer)
    svg = charts.distance_chart(a)
    assert "18 miles (≈ 29.0 km)" in svg
    assert "Deconfliction zone (curated): 55 km" in svg
    rows = a.length_claims()
    assert rows[0]["km"] == pytest.approx(18 * 1.609344)


def test_inlined_charts_follow_the_theme_and_never_clash(richer):
    a = pipeline.analyse_folder(richer)
    tree = pages.render_site(a)
    home = tree["index.md"]
    assert 'role="img" aria-labelledby="chart-escalation-title chart-escalation-desc"' in home
    assert charts.INK not in home and "currentColor" in home
    ids = re.findall(r'\bid="(chart-[^"]+)"', tree["escalation.md"])
    assert len(ids) == len(set(ids))
    assert "\n\n" not in home.split('<figure class="chart')[1].split("</figure>")[0]
    # The files keep a fixed ink, for print and the PDF brief.
    assert charts.FILE_INK in tree["assets/charts/escalation.svg"]
    assert "currentColor" not in tree["assets/charts/escalation.svg"]


def test_network_escapes_actor_names(mini):
    def change(doc):
        doc["actors"][0]["name"] = 'Jim "Mad Dog" <Mattis> & co'
    _edit(mini, change)
    svg = charts.network_chart(pipeline.analyse_folder(mini))
    assert "&lt;Mattis&gt; &amp; co" in svg
    assert "<Mattis>" not in svg


def test_empty_charts_are_left_out(mini):
    a = pipeline.analyse_folder(mini)
    assert charts.tempo_chart(a) == "" and charts.distance_chart(a) == ""
    tree = pages.render_site(a)
    assert "assets/charts/tempo.svg" not in tree
    assert "Fewer than two strikes are recorded" in tree["escalation.md"]


def test_a_source_page_marks_only_quotes_the_site_cites_and_keeps_every_linked_anchor(mini):
    def change(doc):
        # Narration nobody cites: on no page, so its words stay plain on the source page.
        doc["quotes"].append({"id": "uncited-narration", "source": "article", "speaker": "reported",
                              "text": "If confirmed, it would be the first U.S. strike on Iranian proxies"})
        # Words no record rests on, but shown (and cited) on their speaker's page.
        doc["quotes"].append({"id": "said-only", "source": "article", "speaker": "jim-mattis",
                              "text": "signaling a possible escalation against Assad's most important ally"})
    _edit(mini, change)
    a, tree = _render(mini)
    page = tree["citations/article.md"]
    assert "uncited-narration" not in page
    assert 'id="attack-thursday" data-quotes="attack-thursday"' in page
    assert 'id="said-only" data-quotes="said-only"' in page and "(../citations/article.md#said-only)" in \
        tree["actors/jim-mattis.md"]
    # Every link to a quote's passage, from any page, lands on an anchor there.
    for name, text in tree.items():
        for source, anchor in re.findall(r"\(\.*/?(?:\.\./)?citations/([\w-]+)\.md#([\w-]+)\)", text):
            if not anchor.startswith("para-"):
                assert f'id="{anchor}"' in tree[f"citations/{source}.md"], (name, anchor)
