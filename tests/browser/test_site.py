"""The built site in a real browser: offline, searchable, accessible, citations that land.

Every page is opened both over HTTP (127.0.0.1) and from file://; any request that would
leave the site is aborted and fails the test.
"""

from __future__ import annotations

import re

import pytest

from ..conftest import ROOT
from reportgen.site import sourcetext

from .conftest import SCREENSHOTS, watch_page

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ORIGINS = ["http", "file"]


def _settle(page) -> None:
    """Wait until what the page queued while loading has run (a late error is then recorded):
    two animation frames and the task after them."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done))))")


def _new_page(browser, served, origin, **context_args):
    context = browser.new_context(**context_args)
    page = context.new_page()
    watch = watch_page(page, served.base_http if origin == "http" else "")
    return context, page, watch


@pytest.mark.parametrize("origin", ORIGINS)
def test_every_page_loads_with_no_console_error_and_no_outside_request(browser, served, origin):
    context, page, watch = _new_page(browser, served, origin)
    try:
        for rel in served.pages(origin):
            page.goto(served.url(origin, rel), wait_until="load")
            _settle(page)
    finally:
        context.close()
    assert watch.outside == [], "requests left the site:\n" + "\n".join(watch.outside)
    assert watch.console_errors == [], "console errors:\n" + "\n".join(watch.console_errors)


def test_no_serious_or_critical_accessibility_violation(browser, served):
    """axe-core on every page in light mode, and on each kind of page in dark mode (the dark
    theme's colours are the same on every page of a kind)."""
    problems = []
    for scheme, rels in (("light", served.pages()), ("dark", served.representative_pages())):
        context, page, watch = _new_page(browser, served, "http", color_scheme=scheme)
        try:
            for rel in rels:
                page.goto(served.url("http", rel))
                page.add_script_tag(path=str(AXE))
                result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
                for v in result["violations"]:
                    if v["impact"] in ("serious", "critical"):
                        targets = [n["target"] for n in v["nodes"][:3]]
                        problems.append(f"{rel} ({scheme}): {v['id']} [{v['impact']}] {v['help']} at {targets}")
        finally:
            context.close()
    assert problems == [], "\n".join(problems)


def _actor_with_alias(site):
    """The actor with the most aliases (ties: by id): its page, its name and one alias."""
    actors = [a for a in site.analysis.inv.actors if a.aliases]
    assert actors, "the investigation has no actor with an alias to search for"
    actor = sorted(actors, key=lambda a: (-len(a.aliases), a.id))[0]
    name_words = set(re.findall(r"\w+", actor.name.lower()))
    # Prefer an alias spelled differently from the name (al-Thawrah for al-Thawra).
    alias = next((al for al in actor.aliases if set(re.findall(r"\w+", al.lower())) - name_words),
                 actor.aliases[0])
    return actor, alias


def _search(page, query: str) -> list[str]:
    """The links of the results for `query`, typed into the search box of a freshly opened page."""
    box = page.locator("input.md-search__input")
    box.click()
    # The whole query at once, then the key release the theme searches on: one search, so the
    # first results that appear are this query's (the theme shows its first ten together).
    box.fill(query)
    box.press("End")
    results = page.locator(".md-search-result__item > a.md-search-result__link:first-child")
    results.first.wait_for(state="attached", timeout=15_000)
    return results.evaluate_all("els => els.map(e => e.href)")


@pytest.mark.parametrize("origin", ORIGINS)
def test_search_finds_an_actor_by_name_and_by_alias(browser, served, origin):
    actor, alias = _actor_with_alias(served)
    context, page, watch = _new_page(browser, served, origin, viewport={"width": 1280, "height": 800})
    try:
        found = {}
        for query in (actor.name, alias, alias.split()[-1]):
            page.goto(served.url(origin, "index.html"))
            hrefs = _search(page, query)
            found[query] = [h.split("?")[0].rsplit("/", 2)[-2:] for h in hrefs[:3]]
    finally:
        context.close()
    for query, top in found.items():
        assert ["actors", f"{actor.id}.html"] in top, \
            f"searching {query!r} did not put the page of {actor.name} in the first three results: {top}"
    assert watch.outside == []


def _first_quote_citation(page):
    """The first citation on the page that points at a quoted passage (not a paragraph)."""
    for href in page.locator("a.cite").evaluate_all("els => els.map(e => e.getAttribute('href'))"):
        if "#" in href and not href.split("#", 1)[1].startswith("para-"):
            return href
    return None


def _timeline_pages(site) -> list[str]:
    """The timeline's pages that list events: its index while it is one page, else each month's."""
    return [rel for rel in site.pages() if rel.startswith("timeline/")
            and ('class="event' in (site.root / rel).read_text(encoding="utf-8"))]


@pytest.mark.parametrize("origin", ORIGINS)
def test_timeline_citation_lands_on_the_highlighted_passage(browser, served, origin):
    context, page, watch = _new_page(browser, served, origin, viewport={"width": 1280, "height": 800})
    try:
        href = None
        for rel in _timeline_pages(served):
            page.goto(served.url(origin, rel))
            href = _first_quote_citation(page)
            if href:
                break
        assert href, "no timeline event cites a quote"
        quote_id = href.split("#", 1)[1]
        page.locator(f"a.cite[href='{href}']").first.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("#" + quote_id)
        target = page.locator(f"[id='{quote_id}']")
        target.wait_for(state="visible")
        assert target.evaluate("el => el.tagName") == "MARK"
        assert target.evaluate("el => el.matches(':target') && el.classList.contains('is-target')")
        box = target.bounding_box()
        assert box and 0 <= box["y"] < 800, f"the passage is not in view: {box}"
        outline = target.evaluate("el => getComputedStyle(el).outlineStyle")
        background = target.evaluate("el => getComputedStyle(el).backgroundColor")
        assert outline == "solid" and background not in ("rgba(0, 0, 0, 0)", "transparent")
        # Every piece of a quote split by an elision is highlighted with it.
        pieces = page.locator(f"mark.quoted[data-quotes~='{quote_id}']")
        assert pieces.count() >= 1
        assert all(pieces.nth(i).evaluate("el => el.classList.contains('is-target')") for i in range(pieces.count()))
    finally:
        context.close()
    assert watch.outside == []


def test_timeline_filter_by_actor_role_side_type_and_key_events(browser, served):
    rels = _timeline_pages(served)
    rel = max(rels, key=lambda r: (served.root / r).read_text(encoding="utf-8").count('class="event'))
    context, page, watch = _new_page(browser, served, "http")
    try:
        page.goto(served.url("http", rel))
        form = page.locator("form.tl-filter")
        assert form.is_visible()
        events = page.locator(".event[data-actors]")
        total = events.count()
        shown = page.locator(".event[data-actors]:not([hidden])")
        # Pick the actor in the fewest of this page's events, so the filter visibly hides some.
        counts = {}
        for actors in events.evaluate_all("els => els.map(e => e.dataset.actors)"):
            for actor in actors.split():
                counts[actor] = counts.get(actor, 0) + 1
        actor = sorted(counts, key=lambda k: (counts[k], k))[0]
        form.locator("select[name=actor]").select_option(actor)
        assert shown.count() == counts[actor]
        assert all(actor in v.split() for v in shown.evaluate_all("els => els.map(e => e.dataset.actors)"))
        assert f"of {total} events" in form.locator(".tl-count").inner_text() or counts[actor] == total
        assert f"actor={actor}" in page.url
        # The state is in the address: reloading keeps it.
        page.reload()
        assert page.locator("select[name=actor]").input_value() == actor
        assert shown.count() == counts[actor]
        form.locator("button[type=reset]").click()
        page.wait_for_function("n => document.querySelectorAll('.event[data-actors]:not([hidden])').length === n",
                               arg=total, timeout=5_000)
        page.wait_for_timeout(50)
        assert shown.count() == total
        # A role narrows: an actor that is the initiator of some of its events and not of others.
        roles = events.evaluate_all("els => els.map(e => [e.dataset.actorsInitiator.split(' '),"
                                    " e.dataset.actorsTarget.split(' ')])")
        as_initiator = {k: sum(k in r[0] for r in roles) for k in counts}
        as_target = {k: sum(k in r[1] for r in roles) for k in counts}
        busiest = max((k for k in counts if 0 < as_initiator[k] < counts[k]), key=lambda k: (counts[k], k))
        page.locator("select[name=actor]").select_option(busiest)
        assert shown.count() == counts[busiest]
        page.locator("select[name=role]").select_option("initiator")
        assert shown.count() == as_initiator[busiest]
        assert "role=initiator" in page.url
        page.locator("select[name=role]").select_option("target")
        assert shown.count() == as_target[busiest] < counts[busiest]
        # The same for a side: the events where one of its actors is the target.
        side = page.locator("select[name=side] option").nth(1).get_attribute("value")
        page.locator("select[name=actor]").select_option("")
        page.locator("select[name=side]").select_option(side)
        page.locator("select[name=role]").select_option("target")
        targets = events.evaluate_all(
            "(els, id) => els.filter(e => e.dataset.sidesTarget.split(' ').includes(id)).length", side)
        assert shown.count() == targets
        # Key events only: the strikes and shoot-downs, each marked as such.
        form.locator("button[type=reset]").click()
        page.wait_for_timeout(50)
        page.locator("input[name=key]").check()
        keys = page.locator(".event.event-key")
        assert 0 < shown.count() == keys.count() < total
        assert all("Key event" in t for t in shown.evaluate_all("els => els.map(e => e.innerText)"))
        # Types combine with the rest; "Show all" clears everything.
        form.locator("button[type=reset]").click()
        page.wait_for_timeout(50)
        assert shown.count() == total
        types = events.evaluate_all("els => els.map(e => e.dataset.type)")
        page.locator("select[name=type]").select_option(types[0])
        assert shown.count() == types.count(types[0])
        # The filter offers only this page's actors.
        offered = page.locator("select[name=actor] option").evaluate_all("els => els.map(e => e.value)")
        assert set(offered) == {""} | set(counts)
        if len(rels) > 1:
            # One carried from another month is kept (so the month after still filters by it)
            # and hides every event here.
            elsewhere = sorted(set(served.analysis.events_by_actor) - set(counts))[0]
            page.goto(served.url("http", rel) + f"?actor={elsewhere}")
            assert page.locator("select[name=actor]").input_value() == elsewhere
            assert shown.count() == 0
            assert f"Showing 0 of {total} events" in page.locator(".tl-count").inner_text()
            assert all(f"actor={elsewhere}" in href for href in
                       page.locator(".tl-pager a[href*='20']").evaluate_all("els => els.map(a => a.href)"))
    finally:
        context.close()
    # Without JavaScript every event shows and the (useless) form stays hidden.
    context, page, watch = _new_page(browser, served, "http", java_script_enabled=False)
    try:
        page.goto(served.url("http", rel))
        assert not page.locator("form.tl-filter").is_visible()
        assert page.locator(".event[data-actors]:visible").count() == total
    finally:
        context.close()


def test_the_timeline_is_one_page_while_the_events_fit(served):
    from reportgen.site import paging
    fits = len(served.analysis.events) <= paging.PAGE_SIZES["timeline"]
    assert (_timeline_pages(served) == ["timeline/index.html"]) == fits


def test_no_page_scrolls_sideways_on_a_phone(browser, served):
    """At 375 px no page is wider than the screen (wide charts and tables scroll in their box)."""
    context, page, watch = _new_page(browser, served, "http", viewport={"width": 375, "height": 800})
    too_wide = []
    try:
        for rel in served.pages():
            page.goto(served.url("http", rel))
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > 376:
                too_wide.append(f"{rel}: {width}px wide")
    finally:
        context.close()
    assert too_wide == [], "pages wider than the screen:\n" + "\n".join(too_wide)


# What a reader would see cut off in the page's content: an element that reaches past either
# edge of the window, unless a box that scrolls sideways holds it (wide tables and charts
# scroll in their own box), and an element that hides part of its own content (overflow
# hidden or clipped, or an ellipsis). Screen-reader-only text (1 px boxes) is meant to be hidden.
CUT_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      if (/auto|scroll/.test(getComputedStyle(box).overflowX)) return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const found = [];
  for (const el of document.querySelectorAll('.md-content *')) {
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    if ((box.right > width + 1 || box.left < -1) && !scrolls(el)) {
      found.push(`${name(el)} spans ${Math.round(box.left)}..${Math.round(box.right)} px of ${width}`);
    }
    const clipsX = /hidden|clip/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const clipsY = /hidden|clip/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
    if (clipsX || clipsY) {
      found.push(`${name(el)} hides part of its content (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})`);
    }
  }
  return found;
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_each_kind_of_page_fits_its_window_with_nothing_cut_off(browser, served, width):
    """Each kind of page, light and dark, at a phone's width and a laptop's: the page does not
    scroll sideways, nothing in its content is cut off, and it follows the reader's colour
    scheme. Screenshots of each are left in test-artifacts/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for scheme in ("light", "dark"):
        context, page, watch = _new_page(browser, served, "http", viewport={"width": width, "height": 900},
                                         color_scheme=scheme)
        try:
            for rel in served.representative_pages():
                page.goto(served.url("http", rel))
                name = rel.replace("/", "_").removesuffix(".html")
                page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}-{scheme}.png"), full_page=True)
                wide, window = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
                if wide > window:
                    problems.append(f"{rel} ({scheme}): the page is {wide} px wide in a {window} px window")
                problems += [f"{rel} ({scheme}): {cut}" for cut in page.evaluate(CUT_OFF)]
                assert page.evaluate("() => document.body.dataset.mdColorScheme") == \
                    ("slate" if scheme == "dark" else "default"), rel
        finally:
            context.close()
        assert watch.outside == []
    assert problems == [], "\n".join(problems)


def test_more_citations_open_on_demand_and_a_paragraph_chip_lights_every_passage(browser, served):
    """A record past six chips shows six and "+N more"; the button shows the rest. A chip that
    cites several passages of one paragraph lands on the paragraph with every passage lit."""
    context, page, watch = _new_page(browser, served, "http", viewport={"width": 1280, "height": 800})
    try:
        found = None
        for rel in _timeline_pages(served):
            page.goto(served.url("http", rel))
            buttons = page.locator("button.cite-more")
            if buttons.count():
                found = buttons.first
                break
        assert found is not None, "no record has more than six chips"
        rest = found.locator("xpath=preceding-sibling::span[1]").element_handle()
        hidden = len(rest.query_selector_all("a.cite"))
        before = buttons.count()
        assert hidden >= 2 and found.is_visible() and not rest.is_visible()
        assert found.inner_text() == f"+{hidden} more"
        found.click()
        assert rest.is_visible() and page.locator("button.cite-more").count() == before - 1
        para = next((href for href in page.locator("a.cite").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))") if "#para-" in href), None)
        assert para, "no chip on this page cites several passages of one paragraph"
        page.goto(served.url("http", "timeline/" + para) if not para.startswith("..") else
                  served.url("http", para.replace("../", "")))
        anchor = para.split("#", 1)[1]
        marks = page.locator(f"[id='{anchor}'] mark.quoted")
        assert marks.count() >= 2
        assert all(marks.nth(i).evaluate("el => el.classList.contains('is-target')") for i in range(marks.count()))
    finally:
        context.close()
    assert watch.outside == [] and watch.console_errors == []


# --------------------------------------------------------------------------- contents and names


def test_no_contents_entry_is_over_80_characters(browser, served):
    """The page contents (the right-hand table of contents) list sections, not records."""
    context, page, watch = _new_page(browser, served, "http", viewport={"width": 1280, "height": 800})
    too_long = []
    try:
        for rel in served.pages():
            page.goto(served.url("http", rel))
            entries = page.locator("nav.md-nav--secondary a.md-nav__link").evaluate_all(
                "els => els.map(e => e.textContent.trim().replace(/\\s+/g, ' '))")
            too_long += [f"{rel}: {entry!r}" for entry in entries if len(entry) > 80]
    finally:
        context.close()
    assert too_long == [], "contents entries over 80 characters:\n" + "\n".join(too_long)


def test_the_home_page_shows_the_navigation_and_sources_are_named_by_short_name(browser, served):
    context, page, watch = _new_page(browser, served, "http", viewport={"width": 1280, "height": 800})
    try:
        page.goto(served.url("http", "index.html"))
        nav = page.locator("nav.md-nav--primary")
        assert nav.is_visible()
        labels = nav.locator("a.md-nav__link, label.md-nav__link").evaluate_all(
            "els => els.map(e => e.textContent.trim())")
        assert "Sources" in labels and "Citations" not in labels
        for source in served.analysis.inv.sources:
            if source.short_name:
                assert source.short_name in labels, source.short_name
    finally:
        context.close()


# --------------------------------------------------------------------------- evidence inline


def _quote_chip(page):
    """The first citation chip that cites a quote (its link ends on the quote's id)."""
    chips = page.locator("a.cite[data-cite-words]")
    for i in range(chips.count()):
        href = chips.nth(i).get_attribute("href")
        if "#" in href and not href.split("#", 1)[1].startswith("para-"):
            return chips.nth(i), href.split("#", 1)[1]
    raise AssertionError("no chip cites a quote")


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("origin", ORIGINS)
def test_a_citation_shows_the_quoted_words_on_hover_and_on_keyboard_focus(browser, served, origin):
    inv = served.analysis.inv
    context, page, watch = _new_page(browser, served, origin, viewport={"width": 1280, "height": 800})
    try:
        page.goto(served.url(origin, "claims.html"))
        popover = page.locator("#cite-popover")
        # The mouse: hovering a chip shows the quote, who said it, the source, date and grade.
        chip, quote_id = _quote_chip(page)
        quote = inv.quote_by_id[quote_id]
        source = inv.source_by_id[quote.source]
        chip.hover()
        popover.wait_for(state="visible")
        shown = _words(popover.inner_text())
        assert _words(quote.text) in shown
        assert source.title in shown and f"graded {source.reliability.grade}" in shown
        assert chip.get_attribute("aria-describedby") == "cite-popover"
        assert popover.get_attribute("role") == "tooltip"
        # The popover sits on the page, beside its chip, and leaves it where it is.
        box, chip_box = popover.bounding_box(), chip.bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= 1280
        assert abs(box["y"] - (chip_box["y"] + chip_box["height"])) < 20 or box["y"] + box["height"] <= chip_box["y"]
        page.mouse.move(0, 0)
        popover.wait_for(state="hidden")
        # The keyboard: tab to a chip; its popover opens, Escape closes it, focus stays.
        page.goto(served.url(origin, "claims.html"))
        for _ in range(400):
            page.keyboard.press("Tab")
            if page.evaluate("() => !!document.activeElement.matches('a.cite[data-cite-words]')"):
                break
        focused = page.evaluate("() => document.activeElement.getAttribute('data-cite-words')")
        assert focused, "no chip reached with the Tab key"
        popover.wait_for(state="visible")
        assert _words(focused) in _words(popover.inner_text())
        assert page.evaluate("() => document.activeElement.getAttribute('aria-describedby')") == "cite-popover"
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("none", ""), "the focused chip shows no focus ring"
        page.keyboard.press("Escape")
        popover.wait_for(state="hidden")
        assert page.evaluate("() => document.activeElement.matches('a.cite')")
        # Enter still opens the highlighted passage.
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "/citations/" in page.url and "#" in page.url
    finally:
        context.close()
    assert watch.outside == [] and watch.console_errors == []


def test_a_tap_shows_the_popover_and_a_second_tap_opens_the_passage(browser, served):
    context, page, watch = _new_page(browser, served, "http", viewport={"width": 375, "height": 800},
                                     has_touch=True, is_mobile=True)
    try:
        rel = _timeline_pages(served)[0]
        page.goto(served.url("http", rel))
        chip, quote_id = _quote_chip(page)
        chip.scroll_into_view_if_needed()
        chip.tap()
        popover = page.locator("#cite-popover")
        popover.wait_for(state="visible")
        assert page.url.endswith(rel)  # still here
        box = popover.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 376
        with page.expect_navigation():
            chip.tap()
        assert page.url.endswith("#" + quote_id)
    finally:
        context.close()
    assert watch.console_errors == []


# --------------------------------------------------------------------------- source pages


def test_a_source_page_marks_only_cited_passages(browser, served):
    """A passage is marked only when the report cites it; only the one a citation leads to is
    highlighted; paragraphs the report does not cite are plain."""
    a = served.analysis
    cited = sourcetext.cited_quotes(a)
    context, page, watch = _new_page(browser, served, "http", viewport={"width": 1280, "height": 800})
    try:
        for source in a.inv.sources:
            rel = f"citations/{source.id}.html"
            page.goto(served.url("http", rel))
            marked = page.locator(".src-para mark.quoted").evaluate_all("els => els.map(e => e.dataset.quotes.split(' '))")
            assert marked, rel
            assert {q for ids in marked for q in ids} <= cited, rel
            cov = a.coverage[source.id]
            for n in range(1, cov.total + 1):
                if n not in cov.cited:
                    assert page.locator(f"#para-{n} mark").count() == 0, f"{rel} ¶{n} is not cited but marked"
            backgrounds = page.locator(".src-para mark.quoted").evaluate_all(
                "els => els.map(e => getComputedStyle(e).backgroundColor)")
            assert set(backgrounds) <= {"rgba(0, 0, 0, 0)", "transparent"}, f"{rel}: marks highlighted with no target"
        # Arriving from a citation: that quote's passage, and only it, is highlighted.
        quote = next(q for q in a.inv.quotes if q.id in cited)
        page.goto(served.url("http", f"citations/{quote.source}.html#{quote.id}"))
        page.wait_for_timeout(100)
        states = page.locator(".src-para mark.quoted").evaluate_all(
            "els => els.map(e => [e.dataset.quotes.split(' '), getComputedStyle(e).backgroundColor])")
        lit = [ids for ids, bg in states if bg not in ("rgba(0, 0, 0, 0)", "transparent")]
        assert lit and all(quote.id in ids for ids in lit)
        assert all(bg not in ("rgba(0, 0, 0, 0)", "transparent") for ids, bg in states if quote.id in ids)
    finally:
        context.close()


# --------------------------------------------------------------------------- pictures on a phone


@pytest.mark.parametrize("width", [375, 1280])
def test_network_names_are_at_least_11px_and_charts_fit_the_screen(browser, served, width):
    context, page, watch = _new_page(browser, served, "http", viewport={"width": width, "height": 900})
    try:
        page.goto(served.url("http", "actors/index.html"))
        sizes = page.locator("figure.chart-network svg").evaluate_all("""svgs => svgs.map(svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return Math.min(...Array.from(svg.querySelectorAll('text')).map(t =>
                parseFloat(getComputedStyle(t).fontSize) * scale));
        })""")
        assert sizes and min(sizes) >= 11, sizes
        for rel in ("escalation.html", "actors/index.html"):  # the home page draws only the map
            page.goto(served.url("http", rel))
            # The maps scroll sideways in their own box (tests/browser/test_map_page.py checks them).
            shown = page.locator("figure.chart:not(.chart-map):not(.chart-map-detail) svg.chart-svg").evaluate_all(
                "svgs => svgs.filter(s => s.getBoundingClientRect().width > 0).map(s => "
                "[s.getBoundingClientRect().right, s.viewBox.baseVal.width, s.getBoundingClientRect().width])")
            assert shown, rel
            for right, drawn, on_screen in shown:
                assert right <= width, rel  # the whole picture, legend included, is on the screen
                if width == 375:
                    assert 12 * on_screen / drawn >= 11, (rel, drawn, on_screen)  # its 12 px text stays readable
    finally:
        context.close()
