"""Factuality and genericity: which coded events are events of this article.

Run on an article's events in two steps, both returning new lists and never changing an
event already emitted:

* `screen_events` (before the place and date stages): habitual and generic statements
  ("militants often attack convoys"), summaries of many incidents ("a series of attacks",
  "the third such bombing this month", "have fought since April") and standing relations
  are dropped; scheduled, intended and wanted actions ("is due to visit", "hopes to strike",
  "plans to resume talks") become `planned`, dated forward, with no ACLED code (ACLED codes
  what happened);
* `drop_historical` (after the date stage): an incident dated years before publication ("the
  1914 assassination", "the 2015 attacks") is background; it is flagged `historical` in its
  cues and left out unless the caller keeps it.

The words live in `data/incidents.v1.json`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from spacy.tokens import Doc, Token

from flashpoint.events.knowledge_incidents import IncidentKnowledge, load_incident_knowledge
from flashpoint.record import Event

_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)s?$")
PLURAL_TAGS = {"NNS", "NNPS"}


def _trigger(doc: Doc, event: Event) -> Token | None:
    if event.trigger_start is None:
        return None
    span = doc.char_span(event.trigger_start, event.trigger_start + max(len(event.trigger), 1),
                         alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _two_sides(noun: Token, k: IncidentKnowledge) -> bool:
    """The violence noun's own "between A and B" names two sides ("clan violence between
    the A and B clans", "violence between herders and farmers")."""
    if noun.lemma_.lower() not in k.violence_nouns and noun.lower_ not in k.violence_nouns:
        return False
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "between"):
        for side in (c for c in prep.children if c.dep_ == "pobj"):
            names = [side, *(c for c in side.children  # "the A and B clans"
                             if c.dep_ in ("nmod", "compound", "amod"))]
            if any(c.dep_ == "conj" for n in names for c in n.children):
                return True
    return False


def _episode_kind(noun: Token, k: IncidentKnowledge) -> bool:
    """The violence noun is classified by who fights whom ("ethnic violence", "clan
    violence", "post-election violence"): the kind of one episode, not a time span."""
    if noun.lemma_.lower() not in k.violence_nouns and noun.lower_ not in k.violence_nouns:
        return False
    mods = [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod")]
    for c in mods:
        written = "".join(t.text_with_ws for t in c.subtree).strip().lower().replace(" ", "")
        if {c.lower_, c.lemma_.lower(), written} & k.episode_modifiers:
            return True
    # "post - election" split into three modifiers of the noun: the words before it
    before = [c for c in mods if c.i < noun.i]
    if before:
        written = noun.doc[before[0].i:noun.i].text.lower().replace(" ", "")
        return written in k.episode_modifiers
    return False


def _summary(tok: Token, k: IncidentKnowledge) -> bool:
    """"a series of attacks", "such attacks", "attacks this year", "have fought since"."""
    if tok.pos_ in ("NOUN", "PROPN"):
        mods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "det", "predet")}
        if mods & k.summary_modifiers:
            return True
        head = tok.head
        if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in \
                k.summary_heads:
            return True
        clause = " ".join(t.text for t in tok.sent)
        if tok.tag_ in PLURAL_TAGS and k.summary_time.search(clause) and not any(
                c.dep_ == "nummod" for c in tok.children):
            return True
    # "hit by a wave of attacks", "a wave of violence has killed": the agent or the
    # subject of the trigger is a summary of incidents
    agents = [t for c in tok.children if c.dep_ == "agent" for t in c.children
              if t.dep_ == "pobj"] + [c for c in tok.children if c.dep_ == "nsubj"]
    for t in agents:
        if t.lemma_.lower() in k.summary_heads and any(
                c.dep_ == "prep" and c.lower_ == "of" and any(
                    p.lemma_.lower() in k.anaphor_nouns for p in c.children)
                for c in t.children):
            return True
    # "killed in weekend violence": a toll of many incidents, with no determiner; "killed
    # in clan violence between A and B" on a day and a place is one episode of two sides
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "in"):
        for t in prep.children:
            if t.dep_ == "pobj" and t.lemma_.lower() in k.summary_heads and not any(
                    c.dep_ in ("det", "poss") for c in t.children) and not (
                    (_two_sides(t, k) or _episode_kind(t, k)) and
                    not k.summary_time.search(tok.sent.text.lower())):
                return True
    if tok.pos_ in ("VERB", "AUX"):
        # "the army and the RSF have fought since April": a standing state, not an incident
        perfect = any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in tok.children)
        since = any(c.dep_ == "prep" and c.lower_ == "since" for c in tok.children)
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
        objects = any(c.dep_ in ("dobj", "obj") for c in tok.children)
        if perfect and since and not passive and not objects:
            return True
    return False


def _habitual(tok: Token, k: IncidentKnowledge) -> bool:
    for t in (tok, tok.head):
        if any(c.dep_ == "advmod" and c.lower_ in k.habitual_adverbs for c in t.children):
            return True
        if t.dep_ not in ("xcomp", "conj"):
            break
    return False


def _planned(tok: Token, k: IncidentKnowledge) -> bool:
    """The trigger is what a head of intention or schedule governs: "is due to visit",
    "plans to resume", "hopes to strike", "is set to meet", "are expected to march"."""
    t = tok.head if tok.dep_ in ("dobj", "obj") else tok  # "plans to resume talks"
    for _ in range(2):
        if t.dep_ != "xcomp" and not (t.dep_ == "pobj" and t.head.lower_ == "for"):
            return False
        head = t.head if t.dep_ == "xcomp" else t.head.head
        if head.lemma_.lower() in k.planned_heads or head.lower_ in k.planned_heads:
            return not any(c.dep_ == "neg" for c in head.children)
        t = head
    return False


def screen_events(events: list[Event], doc: Doc,
                  knowledge: IncidentKnowledge | None = None) -> list[Event]:
    k = knowledge or load_incident_knowledge()
    out = []
    for event in events:
        tok = _trigger(doc, event)
        if tok is None:
            out.append(event)
            continue
        if event.modality in ("asserted", "claimed", "alleged") and (
                _summary(tok, k) or _habitual(tok, k)):
            continue
        if _planned(tok, k):
            cues = {**event.cues, "tense": "future", "planned_by": tok.head.lemma_}
            plover = event.plover
            own = k.planned_types.get(tok.lemma_.lower())
            if own is not None and plover.type in ("AGREE", "THREATEN"):
                plover = dataclasses.replace(plover, type=own, mode=None)
            event = dataclasses.replace(event, modality="planned", acled=None, cues=cues,
                                        plover=plover)
        out.append(event)
    return out


def _own_year(tok: Token) -> int | None:
    """A year written on the event noun itself ("the 1914 assassination", "the 2015
    attacks", "a 2021 coup") or in its own "in 2015" phrase."""
    for c in tok.children:
        if c.dep_ in ("compound", "nummod", "amod", "npadvmod") and _YEAR.match(c.text):
            return int(c.text[:4])
        if c.dep_ == "prep" and c.lower_ in ("in", "during", "of"):
            for p in c.children:
                if p.dep_ == "pobj" and _YEAR.match(p.text):
                    return int(p.text[:4])
    return None


def flag_historical(events: list[Event], doc: Doc, published: dt.date | None,
                    knowledge: IncidentKnowledge | None = None) -> list[Event]:
    """Flag (`cues["historical"]`) incidents dated years before publication; the incident
    stage links their echoes to them and leaves them out."""
    return drop_historical(events, doc, published, keep=True, knowledge=knowledge)


def drop_historical(events: list[Event], doc: Doc, published: dt.date | None, *,
                    keep: bool = False,
                    knowledge: IncidentKnowledge | None = None) -> list[Event]:
    """Leave out (or, with `keep`, flag) incidents dated years before publication."""
    if published is None:
        return events
    k = knowledge or load_incident_knowledge()
    try:  # a year before publication; a date at the calendar's edge has no such year
        limit = published - dt.timedelta(days=365 * k.historical_years)
    except OverflowError:
        return events
    out = []
    for event in events:
        tok = _trigger(doc, event)
        year = _own_year(tok) if tok is not None else None
        old = year is not None and year <= published.year - k.historical_years
        if event.date is not None and event.date.precision != "article" and \
                event.date.end < limit and not k.recent_date.search(event.evidence.sentence):
            old = True  # a sentence that also says "on Monday" tells a recent incident too
        if not old:
            out.append(event)
        elif keep:
            out.append(dataclasses.replace(event, cues={**event.cues, "historical": True}))
    return out
