"""Two sides of an incident: an attack whose target fought back is an Armed clash.

"Gunmen attacked a village. Vigilantes repelled the attack": by the ACLED codebook an
Armed clash needs two armed, organised sides exchanging fire; when the side attacked
repels, returns fire or clashes with the attackers, the incident told as an attack on
civilians is a clash between the attackers and those who fought back. The verbs live in
`data/incidents.v1.json` (`fight_back_verbs`). Nothing here changes an event: the caller
builds the new one from the changes returned.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.events.knowledge_incidents import IncidentKnowledge
from flashpoint.record import AcledCode, Event

CLASH = AcledCode("Battles", "Armed clash")


def _fights(tok: Token, k: IncidentKnowledge) -> bool:
    lemma = tok.lemma_.lower()
    parts = {f"{lemma} {c.lower_}" for c in tok.children if c.dep_ in ("prt", "advmod", "dobj")}
    # "responded to the attack": the lemma, its preposition and the object's lemma
    parts |= {f"{lemma} {c.lower_} {o.lemma_.lower()}" for c in tok.children if c.dep_ == "prep"
              for o in c.children if o.dep_ == "pobj"}
    return lemma in k.fight_back_verbs or bool(parts & k.fight_back_verbs)


def fought_back(tok: Token | None, k: IncidentKnowledge) -> bool:
    """The trigger, or the verb it is told with ("returned fire, killing four", "repelled
    the attack and killed two"), says the side attacked fought the attackers."""
    if tok is None:
        return False
    if _fights(tok, k):
        return True
    if tok.dep_ in ("advcl", "conj", "xcomp") and tok.head.pos_ in ("VERB", "AUX"):
        return _fights(tok.head, k)
    return any(c.dep_ == "conj" and c.pos_ == "VERB" and _fights(c, k) for c in tok.children)


def as_clash(incident: Event, response: Event, k: IncidentKnowledge) -> dict[str, object]:
    """The changes that make an attack on civilians, whose target fought back, a clash:
    the attackers stay actor1, those who fought back are actor2 (not civilians)."""
    if incident.acled is None or incident.acled.event_type != "Violence against civilians":
        return {}
    side = response.actor1
    if side is None or side.kind == "civilians" or (
            incident.actor1 is not None and side.name == incident.actor1.name):
        return {}
    return {"acled": CLASH, "actor2": side}  # PLOVER codes both as ASSAULT


def one_sided_turn(e: Event, event: Event, k: IncidentKnowledge) -> bool:
    """A clash told first whose follow-up is one-sided violence by a non-state side on
    civilians ("attacked a village ... The farmers killed two civilians"); victims not told
    as civilians only for a killing ("one person was killed"): "another officer was
    abducted by the attackers" leaves the attack on a post a clash."""
    return e.acled is not None and event.acled is not None and \
        e.acled.sub_event_type == CLASH.sub_event_type and \
        event.acled.event_type == "Violence against civilians" and \
        e.actor2 is None and (event.actor2.kind == "civilians" if event.actor2 is not None
                              else event.acled.sub_event_type == "Attack") and \
        (e.actor1 is None or e.actor1.kind not in k.state_kinds)


def as_one_sided(e: Event, event: Event, k: IncidentKnowledge) -> dict[str, object]:
    """The changes that make the incident the follow-up's one-sided violence."""
    changes: dict[str, object] = {"acled": event.acled, "plover": event.plover}
    if event.actor2 is not None:
        changes["actor2"] = event.actor2
    return changes


def new_ground(e: Event, incident: Event, k: IncidentKnowledge) -> bool:
    """An event of its own, whatever refers back to the incident told before:
    "Rebels overran the base. The army said it later retook it": a change of hands of
    territory (ACLED codes each transfer), not a later report of the clash or of the
    opposite transfer; "Hundreds protested on Monday over the killings": a crowd that
    gathers about a violent incident, not a report of it."""
    if e.acled is None:
        return False
    if e.acled.event_type in k.crowd_types and incident.acled is not None and \
            incident.acled.event_type not in k.crowd_types and \
            e.actor1 is not None and e.actor1.kind in k.crowd_kinds:
        return True
    return e.acled.sub_event_type in k.territory_subtypes and (
        incident.acled is None or incident.acled.sub_event_type != e.acled.sub_event_type)
