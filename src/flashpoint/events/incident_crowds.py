"""A crowd's report told over several sentences: what a later sentence adds to its grade.

ACLED codes a demonstration once, by what its crowd did and what was done to it (codebook,
Protests and Riots): a crowd that turns to violence or destruction makes a Violent
demonstration, force short of killing used on peaceful demonstrators a Protest with
intervention. Reports often tell the gathering first and then what happened at it in a
sentence that is no event of its own ("Pupils marched over fees in X. The marchers set tyres
alight on the ring road." / "... Police intervened."). `crowd_turn` reads such a sentence at
its root verb (`crowd_turns.sentence_turn`) and raises the crowd event's grade on the
`crowd_escalation` scale; it never lowers it, and Mob violence, which is not on that scale,
stays as it is.
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Doc, Span

from flashpoint.events.crowd_turns import sentence_turn
from flashpoint.events.crowds import crowd_head
from flashpoint.events.incident_links import SentenceReader, tokens_of
from flashpoint.events.knowledge import load_lexicon
from flashpoint.events.knowledge_incidents import IncidentKnowledge
from flashpoint.record import AcledCode, Event

_GRADES = {"crowd_violence": AcledCode("Riots", "Violent demonstration"),
           "force_on_crowd": AcledCode("Protests", "Protest with intervention"),
           "lethal_on_crowd": AcledCode("Protests", "Excessive force against protesters")}


def crowd_turn(e: Event, sent: Span, doc: Doc, k: IncidentKnowledge,
               read: SentenceReader, fought: bool = False) -> Event:
    """The crowd event `e` graded by a later sentence of its report (see the module
    docstring); `e` itself where the sentence adds nothing. `fought`: the sentence tells a
    fight with no side of its own ("Clashes followed", "They clashed with police"), the
    crowd's own clash with those it met."""
    if e.acled is None or e.acled.event_type not in k.crowd_types or \
            e.acled.sub_event_type not in k.crowd_escalation:
        return e
    lex = load_lexicon()
    trig = tokens_of(doc, e.trigger_start, len(e.trigger))
    word = None
    if trig is not None:  # the crowd's own word: "Students protested ... The students ..."
        verb = trig.head if trig.dep_ in ("dobj", "pobj", "attr") else trig
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        word = crowd_head(lex, subj[0]) if subj else None
    turn = ("crowd_violence", None) if fought else sentence_turn(lex, sent.root, word)
    if turn is None:
        return e
    code = _GRADES[turn[0]]
    if k.crowd_escalation[code.sub_event_type] <= k.crowd_escalation[e.acled.sub_event_type]:
        return e
    changes: dict[str, object] = {"acled": code}
    a1 = e.actor1
    if code.event_type == "Riots" and a1 is not None and a1.name.startswith("Protesters"):
        changes["actor1"] = dataclasses.replace(a1, name="Rioters" + a1.name[10:])
    if turn[1] is not None and e.actor2 is None:  # "Police fired tear gas": the force met
        country = e.location.country if e.location else None
        changes["actor2"] = read.phrase_actor(turn[1], country)[0]
    return dataclasses.replace(e, **changes)  # type: ignore[arg-type]
