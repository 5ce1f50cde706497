"""Actor network pictures that read on a phone, a wide screen and paper alike.

A graph laid out in two dimensions grows as wide as it is tall, so on a phone its names
shrink below reading size. These pictures grow downwards only: actors in one column, their
names wrapped (never cut) in 12 px text, in a picture WIDTH px wide that a phone shows at
about its own size; who belongs to whom is indentation (a tree), and every other relation
is an arc beside the column, its colour, line and head saying which relation it is.

- `side_chart(a, side)`: one side's actors, and the actors of other sides they relate to.
- `neighbourhood_chart(a, actor)`: one actor and every actor it relates to, either way.
Both return standalone SVG with the charts' placeholder ink (chartstyle.INK), "" when
there is nothing to draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.analysis import Analysis
from reportgen.views import labels
from reportgen.views.chartstyle import INK, PALETTE
from reportgen.views.svgplot import Key, Svg, legend, middle, num
from reportgen.views.svgtext import wrap

WIDTH = 360
MARGIN = 8
SIZE = 12  # every label: at WIDTH px on a 375 px phone it stays at least 11 px
LINE = 15  # between a label's lines
PAD = 6  # inside a box
GAP = 6  # between boxes
INDENT = 14  # per level of membership
MAX_DEPTH = 4
COLUMN_RIGHT = 226  # the boxes' right edge; arcs use the room from here to the picture's edge
SIDE_MAX_ACTORS = 45  # a side with more actors in relations shows its busiest
OUTSIDE_MAX_ACTORS = 20  # and at most this many actors of other sides (those most related to it)
NEIGHBOURS_MAX = 40  # an actor's picture shows at most this many neighbours (the busiest)
ARC_MIN = 12.0  # the reach of an arc between neighbouring rows
ARC_SPAN = 300.0  # an arc spanning this far (or the longest, if longer) reaches the picture's edge

# How each relation is drawn: colour, dash pattern, line width, head ("arrow" or "round").
RELATION_STYLE = {
    "backs": (PALETTE[2], None, 1.6, "arrow"),
    "opposes": (PALETTE[4], "6 3", 1.6, "round"),
    "commands": (PALETTE[0], None, 2.6, "arrow"),
    "allied with": (PALETTE[5], None, 1.6, "arrow"),
    "speaks for": (PALETTE[3], "1.5 2.5", 1.8, "arrow"),
    "member of": ("#808080", "1.5 2.5", 1.4, "arrow"),
}
RELATION_ORDER = list(RELATION_STYLE)


def relations(a: Analysis) -> list[tuple[str, str, str]]:
    """Every relation as (actor, kind, actor): the curated ones, and `member of` for an
    actor's parent organisation where no relation says so already."""
    rels = [(actor.id, rel.type.value, rel.target) for actor, rel in a.all_relations()]
    linked = {(src, dst) for src, _, dst in rels}
    rels += [(actor.id, "member of", actor.parent) for actor in sorted(a.inv.actors, key=lambda x: x.id)
             if actor.parent and (actor.id, actor.parent) not in linked]
    return [r for r in rels if r[0] != r[2] and r[0] in a.inv.actor_by_id and r[2] in a.inv.actor_by_id]


def drawn_sides(a: Analysis) -> list[str]:
    """The sides that have a picture: those with an actor in a relation ("" for no side), in
    the report's order of sides."""
    involved = {a.inv.actor_by_id[x].side or "" for r in relations(a) for x in (r[0], r[2])}
    return [s for s in a.side_ids() + [""] if s in involved]


@dataclass
class _Row:
    actor_id: str
    label: str
    depth: int = 0
    own: bool = True  # on the picture's side (or the actor of a neighbourhood)
    focus: bool = False
    lines: list[str] = field(default_factory=list)
    top: float = 0.0
    height: float = 0.0
    ports: list[float] = field(default_factory=list)

    @property
    def left(self) -> float:
        return MARGIN + INDENT * self.depth


def _side_colours(a: Analysis) -> dict[str, str]:
    return {sid: PALETTE[i % len(PALETTE)] for i, sid in enumerate(a.side_ids() + [""])}


def _degree(rels: list[tuple[str, str, str]]) -> dict[str, int]:
    degree: dict[str, int] = {}
    for src, _, dst in rels:
        degree[src] = degree.get(src, 0) + 1
        degree[dst] = degree.get(dst, 0) + 1
    return degree


def side_chart(a: Analysis, side: str, max_actors: int = SIDE_MAX_ACTORS) -> str:
    """One side's actors that take part in a relation, members indented under their
    organisation, and the actors of other sides they relate to, below them; every other
    relation as an arc. Past `max_actors` of the side, the busiest, and the picture says so."""
    rels = relations(a)
    side_of = {x.id: x.side or "" for x in a.inv.actors}
    rels = [r for r in rels if side in (side_of[r[0]], side_of[r[2]])]
    if not rels:
        return ""
    degree = _degree(rels)
    name = {x.id: x.name for x in a.inv.actors}
    rank = lambda aid: (-degree[aid], name[aid].lower(), aid)  # noqa: E731
    members = sorted({x for r in rels for x in (r[0], r[2]) if side_of[x] == side}, key=rank)
    left_out = max(0, len(members) - max_actors)
    members = sorted(members[:max_actors], key=rank)
    keep = set(members)
    rels = [r for r in rels if (r[0] in keep or side_of[r[0]] != side) and (r[2] in keep or side_of[r[2]] != side)]
    rels = [r for r in rels if r[0] in keep or r[2] in keep]
    # Membership inside the side is drawn as a tree: each member under its first organisation.
    parent: dict[str, str] = {}
    for src, kind, dst in rels:
        if kind == "member of" and src in keep and dst in keep and src not in parent and not _is_above(parent, src, dst):
            parent[src] = dst
    children: dict[str, list[str]] = {}
    for child, par in parent.items():
        children.setdefault(par, []).append(child)
    rows: list[_Row] = []

    def visit(aid: str, depth: int) -> None:
        rows.append(_Row(aid, name[aid], min(depth, MAX_DEPTH)))
        for child in sorted(children.get(aid, []), key=rank):
            visit(child, depth + 1)

    for root in [m for m in members if m not in parent]:
        visit(root, 0)
    side_names = {s: labels.side_name(a.inv, s) if s else "no side named" for s in a.side_ids() + [""]}
    links: dict[str, int] = {}
    for r in rels:
        for x in (r[0], r[2]):
            if side_of[x] != side:
                links[x] = links.get(x, 0) + 1
    busiest = sorted(links, key=lambda x: (-links[x], name[x].lower(), x))
    outside_left_out = max(0, len(busiest) - OUTSIDE_MAX_ACTORS)
    side_order = {s: i for i, s in enumerate(a.side_ids())}
    outside = sorted(busiest[:OUTSIDE_MAX_ACTORS],
                     key=lambda x: (side_order.get(side_of[x], len(side_order)), name[x].lower(), x))
    rels = [r for r in rels if (r[0] in keep or r[0] in outside) and (r[2] in keep or r[2] in outside)]
    rows += [_Row(x, f"{name[x]} ({side_names[side_of[x]]})", own=False) for x in outside]
    tree = {(child, par) for child, par in parent.items()}
    arcs = [r for r in rels if not (r[1] == "member of" and (r[0], r[2]) in tree)]
    colour = _side_colours(a)[side]
    notes = []
    if left_out:
        notes.append(f"The {left_out} least-connected actors of this side are left out.")
    if outside_left_out:
        notes.append(f"{outside_left_out} actors of other sides it relates to less are left out.")
    note = " ".join(notes + ["The list of relations has them all."]) if notes else ""
    return _draw(rows, arcs, parent, colour, "On another side (dashed box)" if outside else "", note)


def _is_above(parent: dict[str, str], child: str, candidate: str) -> bool:
    """Whether `child` is already an ancestor of `candidate` (so making it the parent would loop)."""
    seen = set()
    while candidate in parent and candidate not in seen:
        seen.add(candidate)
        candidate = parent[candidate]
        if candidate == child:
            return True
    return False


def neighbourhood_chart(a: Analysis, actor_id: str) -> str:
    """One actor and every actor it relates to either way, the actor in the middle of the
    column; every relation as an arc."""
    rels = [r for r in relations(a) if actor_id in (r[0], r[2])]
    if not rels:
        return ""
    inv = a.inv
    side_of = {x.id: x.side or "" for x in inv.actors}
    own_side = side_of[actor_id]
    name = {x.id: x.name for x in inv.actors}
    degree = _degree(rels)
    others = sorted({x for r in rels for x in (r[0], r[2])} - {actor_id}, key=lambda x: (-degree[x], name[x].lower(), x))
    left_out = max(0, len(others) - NEIGHBOURS_MAX)
    others = sorted(others[:NEIGHBOURS_MAX], key=lambda x: (name[x].lower(), x))
    rels = [r for r in rels if r[0] in others or r[2] in others]
    half = len(others) // 2
    rows = [_Row(x, name[x], own=side_of[x] == own_side) for x in others[:half]]
    rows.append(_Row(actor_id, name[actor_id], focus=True))
    rows += [_Row(x, name[x], own=side_of[x] == own_side) for x in others[half:]]
    colour = _side_colours(a)[own_side]
    legend_box = "On another side (dashed box)" if any(not r.own for r in rows) else ""
    note = f"{left_out} more related actors are left out; the list below has every relation." if left_out else ""
    return _draw(rows, rels, {}, colour, legend_box, note)


def _draw(rows: list[_Row], arcs: list[tuple[str, str, str]], parent: dict[str, str], colour: str,
          other_side_key: str, note: str) -> str:
    svg = Svg(WIDTH, INK, SIZE)
    at = {row.actor_id: row for row in rows}
    ends: dict[str, int] = {}
    for src, _, dst in arcs:
        ends[src] = ends.get(src, 0) + 1
        ends[dst] = ends.get(dst, 0) + 1
    y = MARGIN
    for row in rows:
        room = COLUMN_RIGHT - row.left - 2 * PAD
        row.lines = wrap(row.label, SIZE, room, cut=False)
        row.top = y
        row.height = max(len(row.lines) * LINE + 2 * PAD - 3, ends.get(row.actor_id, 0) * 5 + 8)
        y += row.height + GAP
    bottom = y
    # Membership: a line from the organisation's box down to each member's.
    for child, par in parent.items():
        if child in at and par in at:
            c, p = at[child], at[par]
            x = p.left + INDENT / 2
            svg.path(f"M{num(x)} {num(p.top + p.height)}V{num(c.top + c.height / 2)}H{num(c.left)}",
                     stroke=INK, width=1.0, opacity=0.55)
    for row in rows:
        stroke = colour if row.own else "#808080"
        dash = None if row.own else "4 3"
        d = _round_rect(row.left, row.top, COLUMN_RIGHT - row.left, row.height, 4)
        if row.focus:
            svg.path(d, fill=colour, fill_opacity=0.18, stroke=stroke, width=2.6)
        else:
            svg.path(d, stroke=stroke, width=1.6, dash=dash)
        text_top = row.top + (row.height - len(row.lines) * LINE) / 2
        for i, line in enumerate(row.lines):
            svg.text(row.left + PAD, middle(text_top + LINE * i + LINE / 2, SIZE), line)
    # Arcs: each end on its own port along the box's right edge, ports in arc order.
    ports: dict[str, list[int]] = {}
    order = sorted(range(len(arcs)), key=lambda i: (RELATION_ORDER.index(arcs[i][1])
                                                    if arcs[i][1] in RELATION_ORDER else 99, i))
    for i in order:
        src, _, dst = arcs[i]
        ports.setdefault(src, []).append(i)
        ports.setdefault(dst, []).append(i)

    def port(aid: str, i: int) -> float:
        row, slots = at[aid], ports[aid]
        return row.top + row.height * (slots.index(i) + 1) / (len(slots) + 1)

    used = []
    reach_max = WIDTH - MARGIN - COLUMN_RIGHT - 2
    drawn = [i for i in order if arcs[i][0] in at and arcs[i][2] in at]
    # An arc reaches out as far as the rows it spans (relative to the longest), so arcs nest.
    longest = max([abs(port(arcs[i][0], i) - port(arcs[i][2], i)) for i in drawn] + [ARC_SPAN])
    for i in drawn:
        src, kind, dst = arcs[i]
        stroke, dash, width, head = RELATION_STYLE.get(kind, (INK, None, 1.4, "arrow"))
        y1, y2 = port(src, i), port(dst, i)
        reach = ARC_MIN + (reach_max - ARC_MIN) * (abs(y2 - y1) / longest) ** 0.6
        c = COLUMN_RIGHT + reach / 0.75
        x_end = COLUMN_RIGHT + 7
        svg.path(f"M{num(COLUMN_RIGHT)} {num(y1)}C{num(c)} {num(y1)} {num(c)} {num(y2)} {num(x_end)} {num(y2)}",
                 stroke=stroke, width=width, dash=dash)
        _head(svg, head, x_end, y2, stroke)
        if kind not in used:
            used.append(kind)
    keys = [Key(_relation_symbol(kind), (kind,)) for kind in RELATION_ORDER if kind in used]
    if parent:
        keys.append(Key(_indent_symbol(), ("member of (indented under)",)))
    if other_side_key:
        keys.append(Key(_box_symbol(), (other_side_key,)))
    height = bottom
    if note:
        for line in wrap(note, SIZE, WIDTH - 2 * MARGIN, cut=False):
            svg.text(MARGIN, height + SIZE, line, italic=True)
            height += LINE
        height += 4
    if keys:
        height += legend(svg, MARGIN, height + 2, WIDTH - 2 * MARGIN, "Arrows run from the actor to the one it acts on",
                         keys, SIZE) + 2
    return svg.render(height + MARGIN)


def _round_rect(x: float, y: float, w: float, h: float, r: float) -> str:
    return (f"M{num(x + r)} {num(y)}H{num(x + w - r)}Q{num(x + w)} {num(y)} {num(x + w)} {num(y + r)}"
            f"V{num(y + h - r)}Q{num(x + w)} {num(y + h)} {num(x + w - r)} {num(y + h)}H{num(x + r)}"
            f"Q{num(x)} {num(y + h)} {num(x)} {num(y + h - r)}V{num(y + r)}Q{num(x)} {num(y)} {num(x + r)} {num(y)}Z")


def _head(svg: Svg, head: str, x: float, y: float, colour: str) -> None:
    """The end of an arc at (x, y), pointing left into the box."""
    if head == "round":
        svg.path(f"M{num(x)} {num(y)}a3.5 3.5 0 1 0 -7 0a3.5 3.5 0 1 0 7 0Z", fill=colour, stroke=colour, width=1.0)
    else:
        svg.path(f"M{num(x - 7)} {num(y)}L{num(x + 1)} {num(y - 4)}L{num(x + 1)} {num(y + 4)}Z", fill=colour)


def _relation_symbol(kind: str):
    stroke, dash, width, head = RELATION_STYLE[kind]

    def draw(svg: Svg, x: float, y: float) -> None:
        svg.line(x - 11, y, x + 5, y, stroke, width, dash)
        if head == "round":
            svg.path(f"M{num(x + 12)} {num(y)}a3.5 3.5 0 1 0 -7 0a3.5 3.5 0 1 0 7 0Z", fill=stroke, stroke=stroke, width=1.0)
        else:
            svg.path(f"M{num(x + 12)} {num(y)}L{num(x + 4)} {num(y - 4)}L{num(x + 4)} {num(y + 4)}Z", fill=stroke)
    return draw


def _indent_symbol():
    def draw(svg: Svg, x: float, y: float) -> None:
        svg.path(f"M{num(x - 9)} {num(y - 7)}V{num(y)}H{num(x + 8)}", stroke=INK, width=1.0, opacity=0.55)
    return draw


def _box_symbol():
    def draw(svg: Svg, x: float, y: float) -> None:
        svg.path(_round_rect(x - 11, y - 6, 22, 12, 3), stroke="#808080", width=1.6, dash="4 3")
    return draw
