"""Reading an article's sentences for incident assembly: the words that link a sentence to
an incident told before (anaphors, perpetrators, responses, claims and blame) and the
tests on places, dates and clauses that keep separate incidents apart.

The words come from `data/incidents.v1.json` (`IncidentKnowledge`); actors are resolved
through the injected resolver, so this stage imports no other stage.
"""

from __future__ import annotations

import dataclasses
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from flashpoint.events.knowledge import doc_text
from flashpoint.events.knowledge_incidents import IncidentKnowledge, load_incident_knowledge
from flashpoint.geometry import distance_km
from flashpoint.record import Actor, Event


class _Match(Protocol):
    actor: Actor


class ActorResolver(Protocol):
    def resolve(self, phrase: str, *, context_country: str | None = None,
                prefer_military: bool = False) -> _Match | None: ...


def generic(actor: Actor | None) -> bool:
    """No actor, or one named only by its kind ("Unidentified Armed Group (Somalia)")."""
    k = load_incident_knowledge()
    return actor is None or actor.name.startswith(k.generic_actor_prefixes) or \
        actor.name in k.generic_actor_names


def tokens_of(doc: Doc, start: int | None, length: int) -> Token | None:
    """The root token of the words at these character offsets."""
    if start is None:
        return None
    span = doc.char_span(start, start + max(length, 1), alignment_mode="expand")
    return span.root if span is not None and len(span) else None


class SentenceReader:
    """What a sentence says about incidents told before it."""

    def __init__(self, actors: ActorResolver, knowledge: IncidentKnowledge) -> None:
        self.actors = actors
        self.k = knowledge

    def negated(self, tok: Token) -> bool:
        return any(c.dep_ == "neg" or c.lower_ in self.k.negation_words for c in tok.children) or \
            any(c.lower_ in self.k.negation_words for s in tok.children
                if s.dep_ in ("nsubj", "nsubjpass") for c in s.subtree)

    def anaphors(self, sent: Span) -> list[Token]:
        """Definite references back to an incident or its perpetrators ("the blast", "both
        attacks", "the assailants")."""
        out = []
        for t in sent:
            lemma = t.lemma_.lower()
            if t.pos_ not in ("NOUN", "PROPN"):
                continue
            if lemma not in self.k.anaphor_nouns and lemma not in self.k.perpetrator_nouns and \
                    t.lower_ not in self.k.perpetrator_nouns:
                continue
            dets = {c.lower_ for c in t.children if c.dep_ in ("det", "predet", "poss")}
            if dets & self.k.anaphor_determiners:
                out.append(t)
        return out

    def later_act(self, trig: Token | None, anaphors: list[Token]) -> bool:
        """"Security forces later killed three militants in a gunfight": an act of its own,
        after the incident told before (its own adverb, no reference back to it)."""
        if trig is None or anaphors:
            return False
        verb = next((t for t in [trig, *trig.ancestors] if t.pos_ in ("VERB", "AUX")), trig)
        return any(c.dep_ == "advmod" and c.lower_ in self.k.later_adverbs
                   for t in {trig, verb} for c in t.children)

    def hint(self, anaphors: list[Token]) -> str | None:
        for t in anaphors:
            hint = self.k.anaphor_nouns.get(t.lemma_.lower())
            if hint:
                return hint
        return None

    @staticmethod
    def same_sort(e: Event, inc: Event) -> bool:
        """Same sub-event type; for protests and riots any crowd event will do ("staged a
        protest ... Police charged with batons to disperse the protesters")."""
        if e.acled is None or inc.acled is None:
            return False
        if e.acled.sub_event_type == inc.acled.sub_event_type:
            return True
        crowd = load_incident_knowledge().crowd_types  # "students rioted ... Police fired
        return e.acled.event_type in crowd and inc.acled.event_type in crowd  # tear gas": one

    def setting(self, trig: Token, new_here: list[Event], doc: Doc) -> bool:
        """"clashed ... during a general strike": an event named as the incident's setting."""
        if trig.dep_ != "pobj" or trig.head.lower_ not in self.k.setting_prepositions:
            return False
        return self.inside(trig, new_here, doc)

    @staticmethod
    def inside(trig: Token, new_here: list[Event], doc: Doc) -> bool:
        """The trigger lies inside one of these incidents' clauses (not a coordinated act)."""
        heads = set()
        for event in new_here:
            tok = tokens_of(doc, event.trigger_start, len(event.trigger))
            if tok is not None:
                heads.add(tok.i)
                if tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr"):
                    heads.add(tok.head.i)  # "staged a rally", "rioters set fire"
        t = trig
        while t.head.i != t.i:
            if t.dep_ in ("relcl", "ccomp", "parataxis") or (t.dep_ == "conj" and t.i == trig.i):
                return False  # a coordinated act is its own; "clashed and set fire" is one
            t = t.head
            if t.i in heads:
                return True
        return False

    @staticmethod
    def twin(e: Event, new_here: list[Event]) -> int | None:
        """An incident of this sentence with the same ACLED type, parties and place."""
        if e.acled is None:
            return None
        for i, x in enumerate(new_here):
            if x.acled is None or x.acled.sub_event_type != e.acled.sub_event_type:
                continue
            if x.actor1 is not None and e.actor1 is not None and x.actor1.name != e.actor1.name:
                continue
            a, b = x.location, e.location
            if a is not None and b is not None and a.name != b.name and not (
                    e.cues.get("place_fallback") or x.cues.get("place_fallback")):
                continue
            return i
        return None

    def perpetrator(self, actor: Actor | None) -> bool:
        """"the assailants", "the bomber": the perpetrators of an incident told before."""
        if actor is None:
            return False
        words = actor.text.lower().split()
        return len(words) >= 2 and words[0] == "the" and (
            words[-1] in self.k.perpetrator_nouns or words[-1].rstrip("s") in
            self.k.perpetrator_nouns)

    def response(self, tok: Token | None) -> bool:
        if tok is None:
            return False
        lemma = tok.lemma_.lower()
        parts = {f"{lemma} {c.lower_}" for c in tok.children if c.dep_ in ("prt", "advmod", "dobj")}
        return lemma in self.k.response_verbs or bool(parts & self.k.response_verbs)

    def phrase_actor(self, tok: Token, country: str | None) -> tuple[Actor, Token]:
        """The actor a noun phrase names, resolved; an unknown name stays as written."""
        if tok.lemma_.lower() in self.k.part_nouns:  # "a faction of the Sinaloa cartel"
            inner = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                     for p in c.children if p.dep_ == "pobj"]
            tok = inner[0] if inner else tok
        words = [t for t in tok.subtree if tok.left_edge.i <= t.i <= tok.i and not t.is_punct]
        start = min(t.idx for t in words)
        end = max(t.idx + len(t.text) for t in words)
        text = doc_text(tok.doc)[start:end]
        for det in ("the ", "a ", "an "):
            if text.lower().startswith(det):
                text, start = text[len(det):], start + len(det)
        match = self.actors.resolve(text, context_country=country)
        if match is not None:
            actor = dataclasses.replace(match.actor, text=text, start=start, end=end)
        else:
            actor = Actor(text=text, name=text, country=None, kind="militant", start=start,
                          end=end, confidence=0.5)
        return actor, tok

    def claims(self, sent: Span) -> list[tuple[Token, str, Token | None]]:
        """(party token, "claimed" | "alleged", referenced incident noun or None)."""
        k = self.k
        found: list[tuple[Token, str, Token | None]] = []
        for t in sent:
            lemma = t.lemma_.lower()
            if t.pos_ not in ("VERB", "AUX") and not (t.pos_ == "ADJ" and lemma == "suspect"):
                continue
            if lemma not in k.claim_verbs and lemma != "say" and lemma not in k.blame_verbs:
                continue  # none of the readings below applies: their children go unread
            objs = [c for c in t.children if c.dep_ in ("dobj", "obj")]
            subj = [c for c in t.children if c.dep_ == "nsubj"]
            subjpass = [c for c in t.children if c.dep_ == "nsubjpass"]
            ref = next((o for o in objs if o.lemma_.lower() in k.anaphor_nouns), None)
            fors = [p for c in t.children if c.dep_ == "prep" and c.lower_ in ("for", "of")
                    for p in c.children if p.dep_ == "pobj"]
            ref = ref or next((p for p in fors if p.lemma_.lower() in k.anaphor_nouns), None)
            if lemma in k.claim_verbs and subj and not self.negated(t):
                if any(o.lemma_.lower() in k.claim_objects for o in objs) or ref is not None:
                    found.append((subj[0], "claimed", ref))
                    continue
            if lemma == "say" and subj and not self.negated(t):
                for c in t.children:
                    if c.dep_ != "ccomp" or c.lemma_.lower() not in k.claim_said_verbs:
                        continue
                    inner = [s for s in c.children if s.dep_ == "nsubj"]
                    if inner and (inner[0].lower_ in k.claim_said_subjects or any(
                            p.dep_ == "poss" and p.lower_ in k.claim_said_subjects
                            for p in inner[0].children)):
                        found.append((subj[0], "claimed", None))
            if lemma in k.blame_verbs and not self.negated(t):
                if lemma == "hold" and not any(c.lower_ in k.blame_hold_words
                                               for c in t.subtree):
                    continue
                if (lemma == "accuse" or fors) and ref is None:
                    continue  # "blamed the government for the crisis": not an incident
                party = objs[0] if objs else (subjpass[0] if subjpass else None)
                if party is not None and party.lemma_.lower() not in k.anaphor_nouns:
                    found.append((party, "alleged", ref))
        return found

    # ------------------------------------------------------------------ linking

    @staticmethod
    def own_place(event: Event, inc: Event) -> bool:
        """The event names a place of its own that is not the incident's (nor inside it)."""
        a, b = event.location, inc.location
        if a is None or event.cues.get("place_fallback"):
            return False
        if b is None or inc.cues.get("place_fallback"):
            return False
        if a.geonameid is not None and a.geonameid == b.geonameid:
            return False
        if a.name == b.name or a.text == b.text:
            return False
        if (a.precision or 1) >= 2 and a.admin1 and a.admin1 == b.admin1:
            return False  # the region the incident's town lies in
        if (b.precision or 1) >= 2 and b.admin1 and a.admin1 == b.admin1:
            return False  # a finer place inside the incident's region
        if None not in (a.lat, a.lon, b.lat, b.lon):
            return distance_km(a.lat, a.lon, b.lat, b.lon) > 25.0  # type: ignore[arg-type]
        return True

    @staticmethod
    def own_date(event: Event, inc: Event) -> bool:
        if event.cues.get("date_phrase") is None or event.date is None or inc.date is None:
            return False
        return event.date.end < inc.date.start or event.date.start > inc.date.end

    def suspected(self, e: Event, text: str) -> Event:
        """"Suspected Al-Shabaab militants attacked ...": a named perpetrator is alleged."""
        a = e.actor1
        if a is None or generic(a) or a.start is None or e.modality != "asserted" or \
                e.acled is None:
            return e
        before = text[max(0, a.start - 12):a.start].lower().split() + a.text.lower().split()[:1]
        if set(before[-2:]) & self.k.suspect_modifiers:
            return dataclasses.replace(e, modality="alleged")
        return e
