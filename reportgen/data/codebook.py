"""The event vocabulary: ACLED's event types and their sub-event types, or a report's own.

Events are typed as ACLED types them (ACLED codebook, 2023): six event types, each
with its sub-event types. A report that follows another codebook declares it under
`report: codebook:` (each event type with its sub-event types) and its events are held
to that one instead. `check` refuses a term outside the vocabulary in force, with the
closest term as a hint, so a typo never becomes a group of its own in the outputs.
"""

from __future__ import annotations

from typing import Optional

ACLED: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                   "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
ACLED_EVENT_TYPES: tuple[str, ...] = tuple(ACLED)
ACLED_SUB_EVENT_TYPES: tuple[str, ...] = tuple(sub for subs in ACLED.values() for sub in subs)


def vocabulary(declared: Optional[list]) -> dict[str, tuple[str, ...]]:
    """Event type -> its sub-event types: the report's declared codebook entries, else ACLED's."""
    if not declared:
        return ACLED
    return {entry.event_type: tuple(entry.sub_event_types) for entry in declared}
