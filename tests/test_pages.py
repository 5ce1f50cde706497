"""Pages and charts: what each page shows, how the timeline is cut, safety of data text,
and deterministic, theme-aware SVG."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen import analysis as analysis_mod
from reportgen.views import actorgraph, charts, chartstyle, distanceplot, network, tempoplot
from reportgen.site.context import PageContext
from reportgen.site import nav, pages
from reportgen import pipeline

from .conftest import DATA as ROOT_DATA, MINI, edit_investigation, event_record


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
    assert {"Timeline": ["timeline/index.md", "timeline/2017-05.md", "timeline/2017-06.md"]} \
        in nav.navigation(a, {"timeline": 2})
    assert {"Timeline": ["timeline/index.md"]} in nav.navigation(a)


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
        doc["events"].append(event_record("later-same-day", {"date": "2017-05-18T16:30", "precision": "time"}))
        doc["events"].append(event_record("range", {"date": "2017-05-18", "end": "2017-05-20", "precision": "day"}))
    edit_investigation(mini, change)
    a = pipeline.analyse_folder(mini)
    (period,) = a.timeline_periods()
    labels = [(g[0], [e.id for e in g[2]]) for g in period.groups]
    # A range of days joins the heading of the day it starts on, in the report's order.
    assert labels == [("Thursday 18 May 2017", ["strike", "range", "later-same-day"])]
    edit_investigation(mini, lambda doc: doc["events"].append(
        event_record("later-range", {"date": "2017-05-21", "end": "2017-05-22", "precision": "day"})))
    (period,) = pipeline.analyse_folder(mini).timeline_periods()
    assert [(g[0], [e.id for e in g[2]]) for g in period.groups][1] == \
        ("21 May 2017 – 22 May 2017 (range)", ["later-range"])


def test_actor_pages_carry_every_alias_for_search(mini):
    def change(doc):
        doc["actors"].append({"id": "maghawir", "name": "Maghawir al-Thawra", "kind": "rebel group",
                              "aliases": ["Maghawir al-Thawrah", "Maghawir al Thawra"], "side": "coalition"})
    edit_investigation(mini, change)
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


def test_source_page_says_where_each_paragraph_is_cited_in_the_reports_words(mini):
    """Under a paragraph, its uses are grouped under the report's parts (key judgments first),
    each named by its own words, never by a record kind such as "event:"."""
    _, tree = _render(mini)
    page = tree["citations/article.md"]
    line = next(x for x in page.splitlines() if x.startswith("Cited in") and "Key judgments" in x)
    assert line.index("**Key judgments:**") < line.index("**Timeline:**") < line.index("**Claims:**") \
        < line.index("**Actors:**")
    assert "[event:" not in page and "[claim:" not in page and "[actor:" not in page


def test_untrusted_text_never_becomes_markup(mini):
    evil = '<script>alert(1)</script> <img src=x onerror=alert(2)> {: onclick="x" }'
    def change(doc):
        doc["actors"][1]["name"] = "Coalition " + evil
        doc["actors"][1]["aliases"] = [evil]
        doc["events"][0]["summary"] = evil
        doc["report"]["codebook"] = [{"event_type": evil, "sub_event_types": [evil]}]  # its own terms
        doc["events"][0]["event_type"] = evil
        doc["events"][0]["sub_event_type"] = evil
    edit_investigation(mini, change)
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
    actors = ["actors/jim-mattis.md", "actors/pro-government-convoy.md", "actors/us-led-coalition.md"]
    assert {"Actors": ["actors/index.md", *actors]} in nav.navigation(a)  # by name
    monkeypatch.setattr(nav, "NAV_RECORD_LIMIT", 2)
    assert {"Actors": ["actors/index.md"]} in nav.navigation(a)
    assert {"Sources": ["citations/index.md", "citations/article.md"]} in nav.navigation(a)
    assert "/actors/*.md" in nav.not_in_nav().splitlines()  # mkdocs is told they are left out


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
        assert chartstyle.INK in svg, name


def test_distance_chart_converts_units_and_names_the_zone_radius(richer):
    a = pipeline.analyse_folder(richer)
    svg = distanceplot.distance_chart(a)
    assert "18 miles (≈ 29.0 km)" in svg
    assert "Deconfliction zone (the report&#39;s radius): 55 km" in svg
    rows = a.length_claims()
    assert rows[0]["km"] == pytest.approx(18 * 1.609344)


def test_inlined_charts_follow_the_theme_and_never_clash(richer):
    a = pipeline.analyse_folder(richer)
    tree = pages.render_site(a)
    page = tree["escalation.md"]
    assert 'role="img" aria-labelledby="chart-escalation-title chart-escalation-desc"' in page
    assert chartstyle.INK not in page and "currentColor" in page
    ids = re.findall(r'\bid="(chart-[^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert "\n\n" not in page.split('<figure class="chart')[1].split("</figure>")[0]
    # The files keep a fixed ink, for print and the PDF brief.
    assert chartstyle.FILE_INK in tree["assets/charts/escalation.svg"]
    assert "currentColor" not in tree["assets/charts/escalation.svg"]


def test_network_escapes_actor_names(mini):
    def change(doc):
        doc["actors"][0]["name"] = 'Jim "Mad Dog" <Mattis> & co'
    edit_investigation(mini, change)
    svg = actorgraph.network_chart(pipeline.analyse_folder(mini))
    assert "&lt;Mattis&gt; &amp; co" in svg
    assert "<Mattis>" not in svg


def test_empty_charts_are_left_out(mini):
    a = pipeline.analyse_folder(mini)
    assert tempoplot.tempo_chart(a) == "" and distanceplot.distance_chart(a) == ""
    tree = pages.render_site(a)
    assert "assets/charts/tempo.svg" not in tree
    assert "Fewer than two strikes are recorded" in tree["escalation.md"]


# --------------------------------------------------------------------------- chips, references, labels


CHIP = re.compile(r"\[([^\]]+)\]\([^)]*\)\{\.cite[^}]*\}")


def test_one_chip_per_source_paragraph_and_the_rest_behind_more(mini):
    def change(doc):
        doc["quotes"].append({"id": "mattis-said", "source": "article", "speaker": "reported",
                              "text": "Defense Secretary Jim Mattis said the attack was necessitated"})
        extra = [{"source": "article", "paragraph": n} for n in range(2, 12)]
        doc["events"][0]["citations"] += [{"quote": "mattis-said"}] + extra + [{"source": "article", "paragraph": 3}]
    edit_investigation(mini, change)
    a = pipeline.analyse_folder(mini)
    ctx = PageContext(a, "timeline/2017-05.md")
    cites = str(ctx.cites(a.inv.event_by_id["strike"].citations))
    # Two quotes of paragraph 4 make one chip, landing on the paragraph; ¶3 cited twice is one chip.
    labels = CHIP.findall(cites)
    assert len(labels) == len(set(labels)) == 10
    assert labels.count("Loveluck ¶4") == 1 and "(../citations/article.md#para-4)" in cites
    assert labels.count("Loveluck ¶3") == 1 and "(../citations/article.md#attack-thursday)" in cites
    # The paragraph's chip carries each of its quoted passages for the popover, and the source once.
    para4 = re.search(r"\[Loveluck ¶4\]\([^)]*\)\{\.cite([^}]*)\}", cites).group(1)
    assert 'data-cite-words="' in para4 and 'data-cite-words-2="' in para4 and "data-cite-words-3" not in para4
    assert para4.count("data-cite-source=") == 1
    shown, rest = cites.split('<span class="cite-rest">')
    assert len(CHIP.findall(shown)) == 6 and len(CHIP.findall(rest)) == 4
    assert '<button type="button" class="cite-more" hidden>+4 more</button>' in rest
    # A chip of one quote lands on the quote itself.
    one = str(ctx.cites([a.quote_citation("attack-thursday")]))
    assert "(../citations/article.md#attack-thursday)" in one and "cite-more" not in one


def test_no_citation_label_repeats_within_a_record_of_the_real_report():
    a = pipeline.analyse_folder(ROOT_DATA)
    ctx = PageContext(a, "index.md")
    inv = a.inv
    records = [(f"event {e.id}", e.citations) for e in inv.events]
    records += [(f"claim {c.id}", c.citations) for c in inv.claims]
    records += [(f"key judgment {kj.id}", kj.citations) for kj in inv.report.key_judgments]
    records += [(f"relation of {x.id}", rel.citations) for x in inv.actors for rel in x.relations]
    records += [(f"assessment {s.id}", s.citations) for s in inv.assessments]
    records += [(f"evidence {i.id}", i.citations) for s in inv.assessments for i in s.evidence]
    for name, citations in records:
        labels = CHIP.findall(str(ctx.cites(citations)))
        assert len(labels) == len(set(labels)), (name, labels)
    first_strike = CHIP.findall(str(ctx.cites(inv.event_by_id["first-strike"].citations)))
    assert len(first_strike) < len(inv.event_by_id["first-strike"].citations)  # 23 citations, fewer chips


def test_a_reference_shows_the_records_label_linked_on_the_site_and_as_words_in_the_brief(mini):
    from reportgen.pdf import brief

    def change(doc):
        doc["events"][0]["summary"] = ("Struck, as [Mattis said](claim:convoy-iran-directed); see "
                                       "[](actor:jim-mattis) and [](source:article).")
        doc["events"].append(event_record("later", {"date": "2017-06-01", "precision": "day"},
                                    summary="After [the strike](event:strike)."))
    edit_investigation(mini, change)
    a, tree = _render(mini)
    may = tree["timeline/index.md"]  # the whole timeline fits one page
    assert "Struck, as [Mattis said](../claims.md#convoy-iran-directed); see [Jim Mattis](../actors/jim-mattis.md) " \
           "and [Loveluck](../citations/article.md)." in may
    assert "After [the strike](#strike)." in may
    html, _ = brief.render_html(a)
    # The brief links what it shows: the claim (in its claims annex), the actor, the source.
    assert ('Struck, as <a class="xref-plain" href="#convoy-iran-directed">Mattis said</a>; see '
            '<a class="xref-plain" href="#jim-mattis">Jim Mattis</a> and '
            '<a class="xref-plain" href="#article">Loveluck</a>.') in html
    for text in (may, html):
        assert "claim:convoy-iran-directed" not in text


def test_inferred_metadata_is_in_square_brackets_wherever_it_is_printed(mini):
    from reportgen.pdf import brief

    a, tree = _render(mini)
    source = tree["citations/article.md"]
    assert "&#91;The Washington Post&#93;" in source and "# &#91;Pentagon says strike hit Iran-backed convoy&#93;" in source
    assert "Square brackets mark what the curator inferred" in source
    assert "**Quoted passages:**" not in source and "[attack-thursday](#attack-thursday)" not in source
    index = tree["citations/index.md"]
    assert "| &#91;The Washington Post&#93; |" in index
    html, printed = brief.render_html(a)
    assert "([The Washington Post], 19 May 2017)" in html  # footnotes: the outlet is inferred, the date not


def test_a_reliability_reason_never_repeats_the_grades_words(mini):
    def change(doc):
        doc["sources"][0]["reliability"]["reason"] = "Usually reliable: an established newspaper."
    edit_investigation(mini, change)
    _, tree = _render(mini)
    assert "**B**, usually reliable: An established newspaper." in tree["citations/index.md"]


def test_a_source_page_marks_only_quotes_the_site_cites_and_keeps_every_linked_anchor(mini):
    def change(doc):
        # Narration nobody cites: on no page, so its words stay plain on the source page.
        doc["quotes"].append({"id": "uncited-narration", "source": "article", "speaker": "reported",
                              "text": "If confirmed, it would be the first U.S. strike on Iranian proxies"})
        # Words no record rests on, but shown (and cited) on their speaker's page.
        doc["quotes"].append({"id": "said-only", "source": "article", "speaker": "jim-mattis",
                              "text": "signaling a possible escalation against Assad's most important ally"})
    edit_investigation(mini, change)
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


def test_the_analysts_words_say_when_they_are_the_outlets_own():
    """An outlet's sentence that relays an actor ("Intelligence sources have told Reuters ...") is
    shown as the outlet's words according to that actor, never as the actor's own."""
    a = pipeline.analyse_folder(ROOT_DATA)
    reported = [q for asmt in a.inv.assessments for _, quotes in a.analyst_quotes(asmt) for q in quotes
                if q.speaker == "reported"]
    assert reported, "the showcase has an outlet's words among an analyst's (the case this test is for)"
    page = pages.render_site(a)["escalation.md"]
    for q in reported:
        text = q.text.split()[0]
        block = page[page.index(f"> {text}"):]
        attribution = next(line for line in block.splitlines() if line.startswith("> — "))
        assert attribution.startswith("> — the outlet's own words, according to ["), attribution
