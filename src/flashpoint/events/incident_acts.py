"""One event per act: the events of one sentence that tell the same act become one.

The coder codes every trigger of a sentence; ACLED codes an act once (codebook: one event for
one act, its toll and its parties together). Before incidents are linked across sentences,
this pass settles, within each sentence:

* an act named as not done ("withdrew without a fight", "without firing a shot") is no event;
* a non-violent act told about a violent act's victim or perpetrator ("shot dead a man they
  accused of collaborating with militants") describes that party: no event of its own;
* an event whose trigger lies inside a violent act's target ("opened fire on peaceful
  demonstrators, killing four") is a party of that act: the act keeps its code and takes
  the other's actor (as actor2) and toll, with the other's evidence in `incident_reports`.

Events already emitted are never changed: the merged act is a new `Event`.
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Doc, Token

from flashpoint.events.incident_links import tokens_of
from flashpoint.events.knowledge_incidents import IncidentKnowledge
from flashpoint.record import Event

ARGUMENT_DEPS = frozenset({"dobj", "obj", "nsubjpass", "pobj", "dative", "attr", "oprd"})
CLAUSE_DEPS = frozenset({"relcl", "acl"})
PREPOSITIONAL = frozenset({"pobj", "pcomp"})


def _arguments(trig: Token) -> list[Token]:
    """The act's participants: objects, prepositional objects ("fire on X"), passive
    subjects, and those of the verb a noun trigger is the object of ("opened fire on X")."""
    heads = [trig]
    if trig.dep_ in ("dobj", "obj") and trig.head.pos_ in ("VERB", "AUX"):
        heads.append(trig.head)
    out: list[Token] = []
    for head in heads:
        for c in head.children:
            if c.i == trig.i:
                continue
            if c.dep_ in ARGUMENT_DEPS:
                out.append(c)
            elif c.dep_ == "prep":
                out.extend(p for p in c.children if p.dep_ in PREPOSITIONAL)
    return out


def unrealised(trig: Token, k: IncidentKnowledge) -> bool:
    """"withdrew without a fight": the trigger is the object of a negating preposition."""
    return trig.dep_ in PREPOSITIONAL and trig.head.lower_ in k.unrealised_prepositions


def describes_party(trig: Token, host: Token) -> bool:
    """The trigger sits in a clause that modifies one of the host act's participants ("a man
    [they accused of collaborating ...]", "the fighters [who had attacked ...]")."""
    args = {a.i for a in _arguments(host)}
    args |= {c.i for c in host.children if c.dep_ in ("nsubj", "agent")}
    t = trig
    while t.head.i != t.i:
        if t.dep_ in CLAUSE_DEPS and t.head.i in args:
            return True
        if t.i == host.i:
            return False
        t = t.head
    return False


def inside_target(trig: Token, host: Token) -> bool:
    """The trigger is (the head of) one of the host act's participants."""
    return any(a.i == trig.i or (a.i <= trig.i <= a.right_edge.i and trig.head.i == a.i
                                 and trig.dep_ in ("compound", "amod", "conj"))
               for a in _arguments(host))


def _violent(e: Event) -> bool:
    return e.plover.type == "ASSAULT" and e.acled is not None


def _merge(host: Event, part: Event) -> Event:
    changes: dict[str, object] = {}
    if host.actor2 is None and part.actor1 is not None and (
            host.actor1 is None or part.actor1.name != host.actor1.name):
        changes["actor2"] = part.actor1
    if host.fatalities is None and part.fatalities is not None:
        changes["fatalities"] = part.fatalities
    reports = [*host.cues.get("incident_reports", []), [part.evidence.start, part.evidence.end]]
    changes["cues"] = {**host.cues, "incident_reports": reports}
    return dataclasses.replace(host, **changes)  # type: ignore[arg-type]


def one_event_per_act(events: list[Event], doc: Doc, k: IncidentKnowledge) -> list[Event]:
    """The events with each act told once per sentence (see the module docstring)."""
    if len(events) < 2:
        return events
    tokens = [tokens_of(doc, e.trigger_start, len(e.trigger)) for e in events]
    out: list[Event | None] = list(events)
    for n, (e, trig) in enumerate(zip(events, tokens, strict=True)):
        if trig is None or out[n] is None:
            continue
        if unrealised(trig, k) and any(
                x is not e and tokens[m] is not None and tokens[m].sent.start == trig.sent.start
                for m, x in enumerate(events)):
            out[n] = None  # "withdrew from the town without a fight": only the withdrawal
            continue
        for m, host in enumerate(events):
            htok = tokens[m]
            if m == n or htok is None or out[m] is None or not _violent(host) or \
                    htok.sent.start != trig.sent.start or htok.i == trig.i:
                continue
            if e.acled is None and describes_party(trig, htok):
                out[n] = None  # "shot dead a man they accused of collaborating ..."
                break
            if not _violent(e) and inside_target(trig, htok) and host.acled is not None and \
                    e.acled is not None and e.acled.event_type == host.acled.event_type:
                out[m] = _merge(out[m], e)  # type: ignore[arg-type]
                out[n] = None  # "opened fire on peaceful demonstrators": one act
                break
    return [e for e in out if e is not None]
