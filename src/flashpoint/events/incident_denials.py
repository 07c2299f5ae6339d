"""Denials in incident assembly: a party's denial of an incident, or of the blame for it.

"The RSF denied the attack" adds a denial to the incident just told; "the rebels rejected
the accusation" adds one to the incident that blamed them. Each function takes the
incident records of the assembly (anything with a mutable `event`) and replaces the event
with a new one; nothing already emitted changes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Protocol

from spacy.tokens import Token

from flashpoint.events.knowledge_incidents import IncidentKnowledge
from flashpoint.record import Denial, Event


class _Record(Protocol):
    event: Event


def denies(trig: Token, k: IncidentKnowledge) -> bool:
    """"rejected the accusation": a denial of the blame, not of an act."""
    return trig.lemma_.lower() in ("reject", "deny", "dismiss", "refute") and any(
        c.dep_ in ("dobj", "obj") and c.lemma_.lower() in k.denial_objects
        for c in trig.children)


def deny_blame(incidents: Sequence[_Record], e: Event) -> None:
    """The denier's denial on the latest of the last three incidents it is actor1 of."""
    who = e.actor1
    if who is None:
        return
    for inc in reversed(incidents[-3:]):
        if inc.event.actor1 is not None and inc.event.actor1.name == who.name:
            denial = Denial(text=e.trigger, name=who.name, evidence=e.evidence)
            inc.event = dataclasses.replace(inc.event, denials=[*inc.event.denials, denial])
            return


def deny(inc: _Record, event: Event) -> None:
    """A denied version of the incident ("denied hitting civilians") as its denial."""
    if event.modality != "denied":
        return
    who = event.attribution.name if event.attribution else (
        event.actor1.name if event.actor1 else None)
    if who is None:
        return
    denial = Denial(text=event.trigger, name=who, evidence=event.evidence)
    if all(d.evidence.start != denial.evidence.start for d in inc.event.denials):
        inc.event = dataclasses.replace(inc.event, denials=[*inc.event.denials, denial])
