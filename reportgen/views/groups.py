"""Records grouped the way the site and the brief show them: actors by side and kind, and the
choices of a timeline page's filter.

One grouping each, so the actors index, the brief's actor table, the timeline filter and
the charts' legends put the same actors under the same side, named the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.views.labels import side_name

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.analysis import Analysis
    from reportgen.analysis.timeline import TimelinePeriod

# (side id, or "" for none; the side's name; [(kind, actors sorted by name)])
SideGroup = tuple[str, str, list[tuple[str, list]]]


def actors_by_side(analysis: "Analysis") -> list[SideGroup]:
    """Every actor under its side, in the report's order of sides, then the actors on no side,
    then the outlets and reporters the sources cite; under each, by kind; actors sorted by name."""
    return list(analysis.memo("actors_by_side", lambda: _actors_by_side(analysis)))


OUTLETS_GROUP = "outlets"  # the group of the outlets and reporters the sources cite
OUTLETS_NAME = "Outlets and reporters the sources cite"


def _group_of(actor) -> str:
    """Which group an actor is listed in: its side, "" for none, or the outlets and reporters
    (media and persons with no side: they report on the conflict, they are not in it)."""
    if actor.side:
        return actor.side
    if actor.kind.value in ("media", "person"):
        return OUTLETS_GROUP
    return ""


def _actors_by_side(analysis: "Analysis") -> list[SideGroup]:
    inv = analysis.inv
    by_side: dict[str, dict[str, list]] = {}
    for actor in sorted(inv.actors, key=lambda x: (x.name.lower(), x.id)):
        by_side.setdefault(_group_of(actor), {}).setdefault(actor.kind.value, []).append(actor)
    return [(sid, OUTLETS_NAME if sid == OUTLETS_GROUP else side_name(inv, sid), sorted(by_side[sid].items()))
            for sid in analysis.side_ids() + ["", OUTLETS_GROUP] if sid in by_side]


def timeline_actor_options(analysis: "Analysis") -> list[tuple[str, str, list]]:
    """Actors that take part in events, grouped by side: (side id, side name, actors)."""
    def build() -> list[tuple[str, str, list]]:
        involved = set(analysis.events_by_actor)
        return [(sid, name, [x for kind in kinds for x in kind[1] if x.id in involved])
                for sid, name, kinds in actors_by_side(analysis)
                if any(x.id in involved for kind in kinds for x in kind[1])]

    return list(analysis.memo("timeline_actor_options", build))


def timeline_filter(analysis: "Analysis", period: "TimelinePeriod") -> dict[str, list]:
    """The choices of a timeline page's filter: only the actors, sides and event types of its
    own events (a choice that hides every event is no choice, and a page's filter should not
    outweigh its events)."""
    events = [e for _, _, group in period.groups for e in group]
    actors = {ea.actor for e in events for ea in e.actors}
    sides = {side for e in events for side in analysis.event_sides(e)}
    return {
        "actors": [(sid, name, [x for x in group if x.id in actors])
                   for sid, name, group in timeline_actor_options(analysis)
                   if any(x.id in actors for x in group)],
        "sides": [sid for sid in analysis.side_ids() if sid in sides],
        "types": sorted({e.event_type for e in events}),
    }
