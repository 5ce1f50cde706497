"""The PDF brief's workarounds of WeasyPrint's and pydyf's slow spots, on the versions they
were checked against.

Printing the al-Tanf brief took 9 s, most of it in a few places where WeasyPrint does the
same work many times over: it lays a page's whole footnote area out again for each
footnote, lays pages out again when only the page count changed, makes a box per copy of
a leader and lays out each letter of an SVG label on its own; pydyf makes every object's
bytes twice. Each workaround here replaces one WeasyPrint or pydyf function for the
length of one render (`fast_render`), only on the versions listed beside it; on any other
version WeasyPrint's own code runs, and a test fails so that the next upgrade is checked.
Each has a switch (FAST_...) the tests turn off to compare the PDF with the stock one:
the same bytes, or where a picture is compared, the same pixels (tests/test_pdf.py).
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from typing import Iterator, Optional


# WeasyPrint versions whose footnote-area code `_footnote_area_by_sum` was checked against
# (same bytes with and without it: tests/test_pdf.py). Any other version renders stock.
FOOTNOTE_SUM_VERSIONS = {"70.0"}
FAST_FOOTNOTES = True  # the tests turn it off to compare the bytes with WeasyPrint's own path


def _footnote_area_by_sum(original):
    """A replacement for WeasyPrint's `LayoutContext._update_footnote_area`, same results.

    WeasyPrint lays the whole footnote area out again each time a footnote joins the
    page (or leaves it), so a page with n footnotes lays out n(n+1)/2 of them: for the
    al-Tanf brief, 1,660 footnote layouts for 238 footnotes, a third of the layout time.
    The area's height is only used to know where the page's content must stop (the area
    itself is laid out once more, by WeasyPrint, when the page is finished), and when
    each note has no bottom margin and the first note's top margin stays inside the area
    (the area has a top border or padding), that height is the sum of each note's height
    in an area of its own. Each note is laid out once, then its height is reused. Any case
    the sum does not describe exactly (a column, inline notes, a bottom margin, a min- or
    max-height on the area) goes to WeasyPrint's own code.
    """
    from math import inf

    from weasyprint.formatting_structure import build
    from weasyprint.layout.block import block_level_layout

    def note_height(context, area, note) -> Optional[float]:
        heights = context.__dict__.setdefault("_brief_note_heights", {})
        key = (id(note), area.page.width, area.margin_left, area.margin_right, area.padding_left,
               area.padding_right, area.border_left_width, area.border_right_width)
        if key not in heights:
            children = area.children
            area.children = [note]
            try:
                laid = block_level_layout(context, build.create_anonymous_boxes(area.deepcopy()),
                                          -inf, None, area.page)[0]
            finally:
                area.children = children
            child = laid.children[-1] if len(laid.children) == 1 else None
            summable = (note.style["footnote_display"] == "block"  # inline notes would share lines
                        and child is not None and child.margin_bottom == 0 and child.margin_top >= 0
                        and (child.margin_top == 0 or area.border_top_width > 0 or area.padding_top > 0))
            heights[key] = (note, laid.height if summable else None)  # the note is kept alive with its id
        return heights[key][1]

    def update_footnote_area(context):
        area = context.current_footnote_area
        notes = context.current_page_footnotes
        if context.in_column or not notes or area.min_height != 0 or area.max_height != inf:
            return original(context)
        heights = [note_height(context, area, note) for note in notes]
        if None in heights:
            return original(context)
        if area.height != "auto":
            context.page_bottom += area.margin_height()
        area.children = notes
        area.height = sum(heights)
        context.page_bottom -= area.margin_height()
        return False  # an area of automatic height holds its last note: no overflow

    return update_footnote_area


# WeasyPrint versions whose SVG text code `_svg_text_in_runs` was checked against. Any other
# version draws SVG text stock (a letter at a time).
SVG_TEXT_VERSIONS = {"70.0"}
FAST_SVG_TEXT = True  # the tests turn it off to compare with WeasyPrint's own drawing


def _svg_text_in_runs(original):
    """A replacement for WeasyPrint's SVG `text` drawing: a plain label in one run.

    WeasyPrint lays out and draws every letter of SVG text on its own (so that each may
    have its own x, y, dx, dy or rotation): the charts' 2,300 letters took about 0.2 s.
    A `<text>` with no children, one x and one y, and no dx, dy, rotate, letter-spacing or
    textLength is laid out once and drawn as one run, where each letter would have stood
    where the run puts it (so text-anchor, which WeasyPrint applies around this, and the
    label's bounding box are unchanged; the letters are kerned, as in the brief's own text).
    Anything else goes to WeasyPrint's code.
    """
    from math import inf

    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.text import Style, TextBox
    from weasyprint.svg.utils import normalize, size
    from weasyprint.text.line_break import split_first_line

    def simple(node) -> bool:
        attrib = node.attrib
        return (node.tag == "text" and node.text and next(iter(node), None) is None
                and not any(name in attrib for name in ("dx", "dy", "rotate", "textLength"))
                and attrib.get("letter-spacing", "0") in ("0", "normal")
                and all(len(normalize(attrib.get(name, "")).split(" ")) == 1 for name in ("x", "y")))

    def text(svg, node, font_size):
        if not simple(node):
            return original(svg, node, font_size)
        style = Style()  # as WeasyPrint's own `text` builds it
        style.update(INITIAL_VALUES)
        style.font_config = svg.font_config
        style["font_family"] = [font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")]
        style["font_style"] = node.get("font-style", "normal")
        style["font_weight"] = node.get("font-weight", 400)
        style["font_size"] = font_size
        if node.get("direction") in ("ltr", "rtl"):
            style["direction"] = node.get("direction")
        if style["font_weight"] == "normal":
            style["font_weight"] = 400
        elif style["font_weight"] == "bold":
            style["font_weight"] = 700
        else:
            try:
                style["font_weight"] = int(style["font_weight"])
            except ValueError:
                style["font_weight"] = 400

        layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)
        x = size(node.attrib["x"], font_size, svg.inner_width) if "x" in node.attrib else None
        y = size(node.attrib["y"], font_size, svg.inner_height) if "y" in node.attrib else None
        ascent, descent = font_size * .8, font_size * .2
        y_align = 0
        display_anchor = node.get("display-anchor")
        alignment_baseline = node.get("dominant-baseline", node.get("alignment-baseline"))
        if display_anchor == "middle":
            y_align = -height / 2
        elif display_anchor == "top":
            pass
        elif display_anchor == "bottom":
            y_align = -height
        elif alignment_baseline in ("central", "middle"):
            y_align = (ascent + descent) / 2 - descent
        elif alignment_baseline in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
            y_align = ascent
        elif alignment_baseline in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
            y_align = -descent

        if x:
            svg.cursor_d_position[0] = 0
        if y:
            svg.cursor_d_position[1] = 0
        x = svg.cursor_position[0] if x is None else x
        y = svg.cursor_position[1] if y is None else y
        svg.cursor_position = x + width, y
        x_position = x + svg.cursor_d_position[0]
        y_position = y + svg.cursor_d_position[1] + y_align
        node.text_bounding_box = extend_bounding_box(
            node.text_bounding_box,
            ((x_position, y_position - baseline), (x_position + width, y_position - baseline + height)))

        svg.stream.push_state()
        fill, stroke = svg.set_graphical_state(node, font_size)
        svg.stream.begin_text()
        layout.reactivate(style)
        svg.fill_stroke(fill, stroke, text=True)
        text_box = TextBox(layout, style)
        text_box.baseline = baseline
        emojis = draw_first_line(svg.stream, text_box, "none", "none", Matrix(a=1, d=-1, e=x_position, f=y_position))
        svg.stream.end_text()
        svg.stream.pop_state()
        draw_emojis(svg.stream, style, x, y, emojis)

    return text


# WeasyPrint versions whose page-based counter code `_quiet_page_counts` was checked against
# (same bytes with and without it: tests/test_pdf.py). Any other version renders stock.
PAGE_COUNT_VERSIONS = {"70.0"}
FAST_PAGE_COUNTS = True  # the tests turn it off to compare the bytes with WeasyPrint's own path


def _quiet_page_counts(cache_target_page_counters, make_page):
    """Replacements for WeasyPrint's `TargetCollector.cache_target_page_counters` and a
    wrapper for its `make_page`, same results: a change in page counters that no content
    reads is no reason to lay a page out again.

    WeasyPrint remembers the page counters of each target of `target-counter()`, and of each
    page holding such a reference, and lays a page out again when they change. They include
    `pages`, the page count, which is 0 until the first pass ends; so after the pass that
    puts the page numbers right (the contents, the key judgments' "(p. N)", the claims
    chapter), each of those pages saw its counters "change" and was laid out once more to
    print the same numbers: 4 pages, about 0.15 s. Here a change in counters that no
    reference reads (the brief reads only `page`) updates what WeasyPrint remembers without
    calling for a new layout; any other change goes to WeasyPrint's code as before. A
    reference whose target WeasyPrint could not name (`target-counter(attr(...))`, filed
    under no anchor) is only put right by that new layout, so it is left to WeasyPrint.
    """
    import copy

    def quiet_cache(self, anchor_name, page_counter_values, page_maker_index, page_maker):
        item = None if self.collecting else self.target_lookup_items.get(anchor_name)
        if item is not None and item.state == "up-to-date":
            old = item.cached_page_counter_values
            changed = {name for name in set(old) | set(page_counter_values)
                       if old.get(name) != page_counter_values.get(name)}
            if changed:
                read = set()
                for (_, css_token), lookup in self.counter_lookup_items.items():
                    if css_token == "content":
                        read.update(lookup.missing_target_counters.get(anchor_name, ()))
                if not changed & read:
                    item.page_maker_index = page_maker_index
                    item.cached_page_counter_values = copy.deepcopy(page_counter_values)
                    return
        return cache_target_page_counters(self, anchor_name, page_counter_values, page_maker_index, page_maker)

    def quiet_make_page(context, root_box, page_type, resume_at, page_number, page_state):
        pages = page_state[1].get("pages")
        for lookup in context.target_collector.counter_lookup_items.values():
            remembered = lookup.cached_page_counter_values
            targets = lookup.missing_target_counters
            if (remembered and "pages" in remembered and remembered["pages"] != pages
                    and "pages" not in lookup.missing_counters and None not in targets
                    and not any("pages" in names for names in targets.values())):
                remembered["pages"] = copy.deepcopy(pages)
        return make_page(context, root_box, page_type, resume_at, page_number, page_state)

    return quiet_cache, quiet_make_page


# WeasyPrint versions whose leader code `_leaders_in_one_run` was checked against. Any other
# version lays leaders out stock (a box per copy of the leader's text).
LEADER_VERSIONS = {"70.0"}
FAST_LEADERS = True  # the tests turn it off to compare with WeasyPrint's own layout


def _leaders_in_one_run(original):
    """A wrapper for WeasyPrint's `handle_leader`: the copies of a leader's text in one run.

    WeasyPrint fills a leader with one text box per copy of its text, placed side by side
    from the line's end: the contents' dot leaders made some 4,900 boxes, each laid out
    again with its page and drawn on its own (a tenth of the brief's drawing, and 45 KB).
    Once WeasyPrint has placed them, boxes that stand side by side are replaced by one box
    holding their text, starting where the first stood: the same dots in the same places.
    Anything else (one copy, a gap between copies) is left as WeasyPrint made it.
    """
    from math import inf

    from weasyprint.layout.leader import leader_index
    from weasyprint.text.line_break import split_first_line

    def handle_leader(context, line, containing_block):
        original(context, line, containing_block)
        _, leader = leader_index(line)
        copies = sorted(leader.children, key=lambda box: box.position_x) if leader is not None else ()
        if len(copies) < 2 or any(box.text != copies[0].text for box in copies):
            return
        first, step = copies[0], copies[0].width
        if any(abs(box.position_x - (first.position_x + i * step)) > 1e-6 for i, box in enumerate(copies)):
            return
        layout, _, _, width, _, _ = split_first_line(first.text * len(copies), first.style, context, inf, 0)
        if abs(width - step * len(copies)) > 0.01 * step:
            return  # the run would not end where the copies end: keep them
        run = first.copy_with_text(layout.text)
        run.pango_layout = layout
        run.width = width
        leader.children = (run,)

    return handle_leader


# pydyf versions whose `PDF.write` was checked to change no object while it writes (so each
# object's bytes may be computed once: `_write_once`). Any other version writes stock.
WRITE_ONCE_VERSIONS = {"0.13.0"}
FAST_WRITE = True  # the tests turn it off to compare the bytes with pydyf's own path


def _write_once(original):
    """A replacement for pydyf's `PDF.write`, same bytes: each object's bytes made once.

    With a file identifier (which the brief has, so that it is a hash of the content),
    `PDF.write` serialises every object twice, once to write it and once more to hash it,
    and compresses every stream twice (zlib level 9): about 0.3 s of the brief's 5. While
    it writes, the `data` of pydyf's objects is remembered the first time it is asked for,
    the streams' first (`_streams_made_in_threads`).
    """
    import pydyf

    classes = (pydyf.Stream, pydyf.Dictionary, pydyf.Array, pydyf.String)

    def write(self, *args, **kwargs):
        memo: dict[int, tuple[object, bytes]] = {}
        originals = {cls: cls.__dict__["data"] for cls in classes}

        def remembered(fget):
            def data(obj):
                hit = memo.get(id(obj))
                if hit is None or hit[0] is not obj:
                    hit = memo[id(obj)] = (obj, fget(obj))  # the object is kept alive with its id
                return hit[1]
            return property(data)

        for cls, prop in originals.items():
            setattr(cls, "data", remembered(prop.fget))
        try:
            _streams_made_in_threads(self, pydyf.Stream)
            return original(self, *args, **kwargs)
        finally:
            for cls, prop in originals.items():
                setattr(cls, "data", prop)
            memo.clear()

    return write


def _streams_made_in_threads(pdf, stream_class) -> None:
    """Ask for each compressed stream's bytes in two threads before `PDF.write` does (it then
    finds them remembered): zlib lets go of the interpreter while it compresses, so the other
    core, idle by then while the build waits for the brief, does half of it. The same bytes:
    each stream is made as pydyf makes it, and written in pydyf's order."""
    from concurrent.futures import ThreadPoolExecutor

    streams = [obj for obj in pdf.objects
               if isinstance(obj, stream_class) and obj.compress and obj.free != "f"]
    if len(streams) < 2 or (os.cpu_count() or 1) < 2:
        return
    with ThreadPoolExecutor(max_workers=2) as pool:
        for _ in pool.map(lambda obj: obj.data, streams):
            pass


def _set_svg_text(svg_module, new, old) -> None:
    """Make `new` WeasyPrint's SVG text function: its tag table's entries and the name its
    drawing code compares them with (to know a text node) must agree."""
    svg_module.text = new
    for tag, function in list(svg_module.TAGS.items()):
        if function is old:
            svg_module.TAGS[tag] = new


@contextmanager
def fast_render() -> Iterator[None]:
    """While WeasyPrint renders: footnote areas measured by `_footnote_area_by_sum`, page
    counts quieted (`_quiet_page_counts`), leaders and SVG labels in one run
    (`_leaders_in_one_run`, `_svg_text_in_runs`), pydyf's objects made once (`_write_once`),
    each on the versions it was checked against, and the cyclic garbage collector paused.
    A render makes some 340,000 objects that live until it ends; the collector walked them
    again and again (7 full passes, about a sixth of the time). Nearly all of them end in reference cycles (WeasyPrint's anonymous styles refer to
    themselves), so they are collected once, as the render ends, and the time shows under
    the PDF rather than under whatever runs next."""
    import pydyf
    import weasyprint
    import weasyprint.svg as svg_module
    from weasyprint.css.targets import TargetCollector
    from weasyprint.layout import LayoutContext
    from weasyprint.layout import inline as inline_layout
    from weasyprint.layout import page as page_layout

    original = LayoutContext.__dict__.get("_update_footnote_area")
    patch = FAST_FOOTNOTES and original is not None and weasyprint.__version__ in FOOTNOTE_SUM_VERSIONS
    original_leader = inline_layout.handle_leader
    patch_leaders = FAST_LEADERS and weasyprint.__version__ in LEADER_VERSIONS
    original_cache = TargetCollector.__dict__.get("cache_target_page_counters")
    original_make_page = page_layout.make_page
    patch_counts = (FAST_PAGE_COUNTS and original_cache is not None
                    and weasyprint.__version__ in PAGE_COUNT_VERSIONS)
    original_svg_text = svg_module.text
    patch_svg = FAST_SVG_TEXT and weasyprint.__version__ in SVG_TEXT_VERSIONS
    original_write = pydyf.PDF.__dict__["write"]
    patch_write = FAST_WRITE and pydyf.__version__ in WRITE_ONCE_VERSIONS
    collecting = gc.isenabled()
    gc.disable()
    if patch:
        LayoutContext._update_footnote_area = _footnote_area_by_sum(original)
    if patch_write:
        pydyf.PDF.write = _write_once(original_write)
    if patch_svg:
        _set_svg_text(svg_module, _svg_text_in_runs(original_svg_text), original_svg_text)
    if patch_counts:
        TargetCollector.cache_target_page_counters, page_layout.make_page = \
            _quiet_page_counts(original_cache, original_make_page)
    if patch_leaders:
        inline_layout.handle_leader = _leaders_in_one_run(original_leader)
    try:
        yield
    finally:
        if patch:
            LayoutContext._update_footnote_area = original
        if patch_write:
            pydyf.PDF.write = original_write
        if patch_svg:
            _set_svg_text(svg_module, original_svg_text, svg_module.text)
        if patch_counts:
            TargetCollector.cache_target_page_counters = original_cache
            page_layout.make_page = original_make_page
        if patch_leaders:
            inline_layout.handle_leader = original_leader
        if collecting:
            gc.enable()
            gc.collect(0)  # everything the render made is still in the youngest generation
