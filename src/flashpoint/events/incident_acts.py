"""One event per act: the events of one sentence that tell the same act become one.

The coder codes every trigger of a sentence; ACLED codes an act once (codebook: one event for
one act, its toll and its parties together). Before incidents are linked across sentences,
this pass settles, within each sentence:

* an act named as not done ("withdrew without a fight", "without firing a shot") is no event;
* a non-violent act told about an act's participant ("shot dead a man they accused of
  collaborating with militants", "supporters of a party-backed candidate clashed",
  "attacked a police team taking a suspect into custody")
  describes that party: no event of its own;
* an event named as a crowd's issue ("rallied against the mass arrests", "protested over
  the killing of a trader") is what the crowd protests, not an act of this report;
* an event whose trigger lies inside a violent act's target ("opened fire on peaceful
  demonstrators, killing four") is a party of that act: the act keeps its code and takes
  the other's actor (as actor2) and toll, with the other's evidence in `incident_reports`.

Incident assembly then asks `co_act` whether an event is a co-act of a crowd event of its
sentence ("rioters threw stones and torched a lorry", "clashed with rebels, killed nine and
arrested five") and codes the joined act with `join_crowd`.

Events already emitted are never changed: the merged act is a new `Event`.
"""

from __future__ import annotations

import dataclasses
import re

from spacy.tokens import Doc, Token

from flashpoint.events.crowd_turns import told_as_issue
from flashpoint.events.incident_links import tokens_of
from flashpoint.events.knowledge import load_lexicon
from flashpoint.events.knowledge_incidents import IncidentKnowledge
from flashpoint.record import AcledCode, Event

ARGUMENT_DEPS = frozenset({"dobj", "obj", "nsubjpass", "pobj", "dative", "attr", "oprd"})
CLAUSE_DEPS = frozenset({"relcl", "acl"})
PREPOSITIONAL = frozenset({"pobj", "pcomp"})


def _heads(trig: Token) -> list[Token]:
    """The trigger and the verb that carries a noun trigger ("opened fire", "engaged in a
    clash")."""
    heads = [trig]
    if trig.dep_ in ("dobj", "obj") and trig.head.pos_ in ("VERB", "AUX"):
        heads.append(trig.head)
    elif trig.dep_ == "pobj" and trig.head.dep_ == "prep" and \
            trig.head.head.pos_ in ("VERB", "AUX"):
        heads.append(trig.head.head)
    return heads


def _arguments(trig: Token) -> list[Token]:
    """The act's participants: objects, prepositional objects ("fire on X"), passive
    subjects, and those of the verb a noun trigger is the object of ("opened fire on X")."""
    heads = _heads(trig)
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
    parties = _arguments(host) + [c for h in _heads(host) for c in h.children
                                  if c.dep_ in ("nsubj", "agent")]
    inside = {x.i for a in parties for x in a.subtree}
    t = trig
    while t.head.i != t.i:
        if (t.dep_ in CLAUSE_DEPS or (t.dep_ == "amod" and t.pos_ == "VERB")) and \
                t.head.i in inside:
            return True  # "... supporters of a party-backed candidate clashed"
        if t.i == host.i:
            return False
        t = t.head
    return False


def protest_issue(trig: Token, host: Token, k: IncidentKnowledge,
                  prepositions: frozenset[str] | None = None) -> bool:
    """"staged a rally against the mass arrests": an event noun in the crowd's issue; with
    `prepositions`, the charge of an arrest ("detained two men over last week's bombing")."""
    while trig.dep_ == "conj" and trig.head.i != trig.i:
        trig = trig.head  # "against the deaths and the mass arrests"
    if trig.dep_ != "pobj" or trig.head.lower_ not in (prepositions or k.issue_prepositions):
        return False
    heads = {h.i for h in _heads(host)}
    t = trig.head
    while t.head.i != t.i:
        if t.i in heads or t.head.i in heads:
            return True
        if t.dep_ in ("relcl", "ccomp", "parataxis", "conj"):
            return False
        t = t.head
    return t.i in heads


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
    sents = [t.sent.start if t is not None else None for t in tokens]  # one walk per event
    out: list[Event | None] = list(events)
    for n, (e, trig) in enumerate(zip(events, tokens, strict=True)):
        if trig is None or out[n] is None:
            continue
        if unrealised(trig, k) and any(
                x is not e and sents[m] is not None and sents[m] == sents[n]
                for m, x in enumerate(events)):
            out[n] = None  # "withdrew from the town without a fight": only the withdrawal
            continue
        for m, host in enumerate(events):
            htok = tokens[m]
            if m == n or htok is None or out[m] is None or host.acled is None or \
                    sents[m] != sents[n] or htok.i == trig.i:
                continue
            if e.plover.type != "ASSAULT" and describes_party(trig, htok):
                out[n] = None  # "shot dead a man they accused of collaborating ..."
                break
            if host.acled.event_type in k.crowd_types and (protest_issue(trig, htok, k) or (
                    e.acled is not None and e.acled.event_type not in k.crowd_types and
                    not _violent(e) and told_as_issue(load_lexicon(), trig, htok))):
                out[n] = None  # "rallied against the mass arrests", "rallying for the
                break  # freedom of classmates the police hold"
            if host.acled.sub_event_type in k.charge_subtypes and \
                    protest_issue(trig, htok, k, k.charge_prepositions):
                out[n] = None  # "arrested three men over the bombing": the charge
                break
            if not _violent(host):
                continue
            if not _violent(e) and inside_target(trig, htok) and host.acled is not None and \
                    e.acled is not None and e.acled.event_type == host.acled.event_type:
                out[m] = _merge(out[m], e)  # type: ignore[arg-type]
                out[n] = None  # "opened fire on peaceful demonstrators": one act
                break
    return [e for e in out if e is not None]


def _chain_root(t: Token) -> Token:
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    return t


def _linked(a: Token, b: Token) -> bool:
    """Two triggers told as one act: coordinated verbs ("vandalized and set fire"), or one
    the subject of the other ("rioters exploded crude bombs")."""
    if (a.head.i == b.i and a.dep_ in ARGUMENT_DEPS) or (b.head.i == a.i and
                                                          b.dep_ in ARGUMENT_DEPS):
        return False  # "protest police raids": the act's object is its issue, not a co-act
    ha, hb = _heads(a), _heads(b)
    if {_chain_root(x).i for x in ha} & {_chain_root(y).i for y in hb}:
        return True  # the same verb, or verbs of one coordination
    subjects = ("nsubj", "nsubjpass")
    return any(x.dep_ in subjects and x.head.i in {y.i for y in hb} for x in (a,)) or \
        any(y.dep_ in subjects and y.head.i in {x.i for x in ha} for y in (b,))


def _elsewhere(a: Event, b: Event) -> bool:
    """Each placed, at places of their own: two acts, whatever the grammar says."""
    x, y = a.location, b.location
    return x is not None and y is not None and x.name != y.name and not (
        a.cues.get("place_fallback") or b.cues.get("place_fallback"))


def co_act(e: Event, trig: Token | None, hosts: list[Event], doc: Doc,
           k: IncidentKnowledge) -> int | None:
    """The crowd event of this sentence that `e` is part of, or None.

    ACLED codes one event for one act: what a crowd does besides gathering ("rioters exploded
    crude bombs and set fire to a bus", "staged a demonstration and clashed with police") is
    told by that crowd's one event, as are the arrests made at it ("police arrested twelve of
    the demonstrators"); the arrests an armed force makes in its own fight ("clashed with the
    rebels, killed nine and arrested five") are part of that fight. `e` joins a crowd event
    when its trigger is coordinated with, or has as its subject, the crowd event's trigger
    and it has no other actor of its own; an intervention of the sentence joins the crowd
    event it intervenes in.
    """
    if e.acled is None or trig is None:
        return None
    for n, host in enumerate(hosts):
        if host.acled is not None and _violent(host) and \
                e.acled.sub_event_type in k.intervention_subtypes and e.actor1 is not None and \
                host.actor1 is not None and e.actor1.name == host.actor1.name:
            htok = tokens_of(doc, host.trigger_start, len(host.trigger))
            if htok is not None and _linked(trig, htok) and not _elsewhere(e, host):
                return n  # "clashed with rebels, killed nine and arrested five": one clash
        if host.acled is None or host.acled.event_type not in k.crowd_types:
            continue
        if e.acled.sub_event_type in k.intervention_subtypes and \
                e.actor1 is not None and e.actor1.kind in k.state_kinds:
            return n  # "... Police arrested twelve of them": the protest with intervention
        htok = tokens_of(doc, host.trigger_start, len(host.trigger))
        if htok is None or not _linked(trig, htok) or _elsewhere(e, host):
            continue
        if e.plover.type != "ASSAULT" and e.acled.sub_event_type != host.acled.sub_event_type \
                and not (e.plover.type == "COERCE" and e.acled.event_type == "Protests"):
            continue  # a second crowd code of another kind: the coder's two readings stay
            # (force used on the crowd, "... and police dispersed them", is its intervention)
        same_side = e.actor1 is None or (host.actor1 is not None and (
            e.actor1.name == host.actor1.name or
            {e.actor1.kind, host.actor1.kind} <= k.crowd_kinds))
        if same_side:
            return n
    return None


def join_crowd(e: Event, event: Event, k: IncidentKnowledge) -> Event:
    """The crowd event `e` with its co-act `event` (see `co_act`): a crowd that demonstrates
    and riots is one violent demonstration (ACLED: a demonstration whose participants engage
    in violence or vandalism); a sign burned at a protest ("burned an effigy of the minister
    and staged a protest") leaves the protest's code."""
    for x in (e, event):
        after = x.evidence.sentence[x.trigger_start - x.evidence.start:][:40].lower() \
            if x.trigger_start is not None else ""
        if x.acled is not None and x.acled.event_type == "Riots" and \
                set(re.findall(r"[a-z]+", after)) & k.symbolic_objects:
            other = event if x is e else e
            if other.acled is not None and other.acled.event_type == "Protests":
                return dataclasses.replace(e, acled=other.acled, plover=other.plover,
                                           actor1=other.actor1 or e.actor1)
            return e
    demo = any(x.acled is not None and (x.acled.event_type == "Protests" or (
        x.acled.sub_event_type == "Violent demonstration" and x.plover.type == "PROTEST" and
        x.trigger.lower() not in k.rioter_nouns)) for x in (e, event))
    deed = any(x.acled is not None and x.acled.event_type == "Riots" and
               x.plover.type == "ASSAULT" and x.actor1 is not None and
               x.actor1.kind in k.crowd_kinds for x in (e, event)) or crowd_fight(event, k)
    if demo and deed:  # the crowd's own violent deed, not a riot code of a word
        return dataclasses.replace(e, acled=AcledCode("Riots", "Violent demonstration"))
    return e


def crowd_fight(e: Event, k: IncidentKnowledge) -> bool:
    """A fight told with no side of its own or a crowd's ("running battles with the
    riot squad", "They clashed with the police"): told of a demonstration, its crowd's clash
    with those it met, for ACLED a Violent demonstration."""
    words = e.trigger.lower().split()
    return e.acled is not None and e.acled.event_type == "Battles" and bool(words) and \
        words[0][:4] in k.crowd_fight_prefixes and (
            e.actor1 is None or e.actor1.kind in k.crowd_kinds)
