"""The timeline as the site shows it: one page while the events fit, else a page per month;
which events are key; and who takes part in what role, for the on-page filter.

Key events are derived from the data, never curated: an event on one of the ladder's top
rungs (a strike or a shoot-down) is what a reader of the timeline looks for first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.analysis import Analysis
from reportgen.analysis.escalation import STRIKE_STEPS
from reportgen.analysis.timeline import TimelinePeriod
from reportgen.data.model import Event

# The filter's roles: the value in the page's address, and how the filter names it.
ROLES = [("initiator", "as initiator"), ("target", "as target"), ("other", "also involved")]


def is_key(event: Event) -> bool:
    """A key event: one on the escalation ladder's top rungs (strike, shoot-down)."""
    return bool(event.ladder and event.ladder.value in STRIKE_STEPS)


@dataclass
class TimelineView:
    """The timeline's pages for one build. `page_events`: at most this many events on one page;
    while the whole timeline fits, it is one page (timeline/index.md)."""

    analysis: Analysis
    page_events: int
    _periods: list[TimelinePeriod] = field(default_factory=list, init=False)
    _side_of: dict[str, str] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self._periods = self.analysis.timeline_periods(max_events=self.page_events)
        self._side_of = {actor.id: actor.side for actor in self.analysis.inv.actors if actor.side}

    @property
    def one_page(self) -> bool:
        return len(self.analysis.events) <= self.page_events

    @property
    def months(self) -> list[TimelinePeriod]:
        """The periods (months, or years when only the year is known), each a section of the
        one page or a page of its own."""
        return self._periods

    def pages(self) -> list[TimelinePeriod]:
        """The timeline's own pages besides its index: none while it is one page."""
        return [] if self.one_page else self._periods

    def event_pages(self) -> dict[str, str]:
        """Event id -> the page that shows it."""
        return {e.id: ("timeline/index.md" if self.one_page else period.page)
                for period in self._periods for _, _, events in period.groups for e in events}

    def whole(self) -> TimelinePeriod:
        """Every event as one period (the one page's filter offers every actor, side and type)."""
        return TimelinePeriod("all", "All events", [g for period in self._periods for g in period.groups])

    def key_events(self) -> list[Event]:
        return [e for e in self.analysis.events if is_key(e)]

    @staticmethod
    def is_key(event: Event) -> bool:
        return is_key(event)

    def roles_data(self, event: Event) -> dict[str, str]:
        """The actor and side ids of an event, in any role and in each role, for the filter
        (data-actors, data-actors-initiator, ..., data-sides-target, ...)."""
        order = self.analysis.side_ids()
        out: dict[str, str] = {}
        for role in [""] + [r for r, _ in ROLES]:
            ids = [ea.actor for ea in event.actors if not role or ea.role.value == role]
            sides = {self._side_of.get(aid) for aid in ids} - {None}
            suffix = f"-{role}" if role else ""
            out["actors" + suffix] = " ".join(dict.fromkeys(ids))
            out["sides" + suffix] = " ".join(s for s in order if s in sides)
        return out

    @staticmethod
    def roles() -> list[tuple[str, str]]:
        return ROLES
