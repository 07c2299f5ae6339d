"""Which incident a toll told on its own belongs to.

ACLED codes one event per report with the report's toll. When a note tells an incident and
then its means, its support or the response to it ("... clashed with the rebels. Jets backed
the troops from the air. 20 rebels were killed"), a later sentence that
tells only deaths gives the toll of the paragraph's first incident, not of the last act named
(the airstrike). A change of territory is the battle's own event in the codebook (the clash
that took the town is coded as the territory change) and keeps the toll told after it.

A lead may give the toll before telling the incident ("Eleven villagers are now feared dead.
At dawn, armed herders raided the camp ..."): a count told before the first event of the note, in a
sentence with no act of its own and no time of its own ("since May", "the next day"), is the
first incident's toll when that incident's own sentences tell none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from flashpoint.events.fatalities import find_fatalities
from flashpoint.events.knowledge_incidents import IncidentKnowledge
from flashpoint.record import Event, Fatalities


class Incident(Protocol):
    """What this module reads of an incident under assembly."""

    event: Event
    paragraph: int
    parts: list[tuple[Fatalities, str]]
    dropped: bool


IncidentT = TypeVar("IncidentT", bound=Incident)


def toll_host(incidents: Sequence[IncidentT], ante: IncidentT | None,
              k: IncidentKnowledge) -> IncidentT | None:
    """The incident that takes a toll told on its own after `ante` (the incident linked to by
    nearness): the first incident of `ante`'s paragraph that takes tolls and has none yet,
    else `ante`; `ante` itself when it is a change of territory."""
    if ante is None or ante.event.acled is not None and \
            ante.event.acled.sub_event_type in k.territory_subtypes:
        return ante
    for i in incidents:
        if not i.dropped and i.paragraph == ante.paragraph and i.event.acled is not None \
                and i.event.acled.event_type not in k.no_toll_types and not i.parts:
            return i
    return ante


def lead_counts(sent_text: str, start: int, k: IncidentKnowledge) -> list[Fatalities]:
    """The counts of a sentence told before the note's first event, unless it tells a time of
    its own (a summary since a date, another day): those are no lead of the incident."""
    if k.summary_time.search(sent_text) or k.separate.search(sent_text):
        return []
    return find_fatalities(sent_text, start)


def give_lead(incidents: Sequence[Incident], lead: list[Fatalities],
              lethal: Callable[[Event], bool]) -> None:
    """The lead's counts become the first incident's toll when it can kill and its own
    sentences told no count."""
    first = next((i for i in incidents if not i.dropped), None)
    if lead and first is not None and not first.parts and lethal(first.event):
        first.parts = [(f, "add") for f in lead]
