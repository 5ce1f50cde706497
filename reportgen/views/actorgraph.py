"""The whole actor network as one Graphviz picture: who backs, opposes, commands or speaks for whom.

Laid out by Graphviz's `dot`, actors grouped by side, so a large network stays readable
when zoomed into; at most NETWORK_MAX_NODES actors, the busiest. The pages show each
side's picture (network.py) and offer this one as a file.
"""

from __future__ import annotations

import shutil
import subprocess

from reportgen.analysis import Analysis
from reportgen.views import labels
from reportgen.views.chartstyle import GRID, INK, PALETTE, side_style

LINESTYLES = {"backs": "solid", "opposes": "dashed", "commands": "bold", "allied with": "solid",
              "speaks for": "dotted", "member of": "dotted"}
RELATION_COLOURS = {"backs": PALETTE[2], "opposes": PALETTE[4], "commands": PALETTE[0],
                    "allied with": PALETTE[5], "speaks for": PALETTE[3], "member of": "#808080"}
NETWORK_MAX_NODES = 60


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).replace("*", "").replace("_", " ").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def network_nodes(a: Analysis) -> tuple[list, list[tuple], int]:
    """Actors drawn in the network (those in a relation, busiest first when there are too
    many), the relations among them, and how many actors with relations were left out."""
    rels = [(actor.id, rel.type.value, rel.target) for actor, rel in a.all_relations()]
    linked = {(src, dst) for src, _, dst in rels}
    rels += [(actor.id, "member of", actor.parent) for actor in sorted(a.inv.actors, key=lambda x: x.id)
             if actor.parent and (actor.id, actor.parent) not in linked]
    degree: dict[str, int] = {}
    for src, _, dst in rels:
        degree[src] = degree.get(src, 0) + 1
        degree[dst] = degree.get(dst, 0) + 1
    ranked = sorted(degree, key=lambda k: (-degree[k], k))
    keep = set(ranked[:NETWORK_MAX_NODES])
    actors = [a.inv.actor_by_id[k] for k in sorted(keep) if k in a.inv.actor_by_id]
    edges = [r for r in rels if r[0] in keep and r[2] in keep]
    return actors, edges, len(ranked) - len(keep)


def _dot_str(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def network_dot(a: Analysis) -> str:
    actors, edges, _ = network_nodes(a)
    styles = side_style(a)
    # Graphviz names each node's and edge's <title> (a tooltip) after the node: readers see names,
    # never ids, so nodes are named by the actor's name, made unique where two share one.
    node: dict[str, str] = {}
    taken: set[str] = set()
    for x in actors:
        name, n = x.name, 1
        while name in taken:
            n += 1
            name = f"{x.name} ({n})"
        taken.add(name)
        node[x.id] = name
    lines = [
        "digraph actors {",
        '  graph [rankdir=LR, bgcolor="transparent", fontname="Helvetica", fontsize=11, '
        f'fontcolor="{INK}", nodesep=0.25, ranksep=0.6, pad=0.1];',
        f'  node [shape=box, style="rounded", fontname="Helvetica", fontsize=11, fontcolor="{INK}", penwidth=1.8];',
        '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7, penwidth=1.4];',
    ]
    for number, side in enumerate(a.side_ids() + [""], start=1):
        members = [x for x in actors if (x.side or "") == side]
        if not members:
            continue
        colour = styles[side][0]
        name = labels.side_name(a.inv, side)
        lines.append(f"  subgraph {_dot_str(f'cluster_{number}: {name}')} {{")
        lines.append(f'    label={_dot_str(name)}; color="{GRID}"; style="rounded,dashed"; fontcolor="{INK}";')
        for x in members:
            lines.append(f"    {_dot_str(node[x.id])} [label={_dot_str(_short(x.name, 32))}, color=\"{colour}\"];")
        lines.append("  }")
    for src, kind, dst in edges:
        colour = RELATION_COLOURS.get(kind, INK)
        style = LINESTYLES.get(kind, "solid")
        head = "odot" if kind == "opposes" else "normal"
        lines.append(f"  {_dot_str(node[src])} -> {_dot_str(node[dst])} [color=\"{colour}\", style={style}, "
                     f"arrowhead={head}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def network_chart(a: Analysis) -> str:
    """Who backs, opposes, commands or speaks for whom, grouped by side (Graphviz dot)."""
    actors, edges, _ = network_nodes(a)
    if not edges:
        return ""
    dot = shutil.which("dot")
    if dot is None:
        raise RuntimeError("Graphviz `dot` is not installed: run `make setup` (installs Debian's graphviz)")
    result = subprocess.run([dot, "-Tsvg"], input=network_dot(a), capture_output=True, text=True,
                            check=False, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"graphviz failed: {result.stderr.strip()}")
    return result.stdout
