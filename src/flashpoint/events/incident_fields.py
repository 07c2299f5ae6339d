"""Filling an incident's fields from the words around it: its toll as ACLED counts it, a
finer place its own sentence names, the place or the parties a later sentence refers back
to ("north of the city", "the two sides"), the speaker who says "it" did it, the target
told only by what was hit, and the unidentified armed group behind an unclaimed device.

Every method returns a new `Event` (or a new `Fatalities`); nothing already emitted changes.
"""

from __future__ import annotations

import dataclasses
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from flashpoint.events.fatalities import parse_quantity, summary_nouns
from flashpoint.events.grammar import sentence_ents
from flashpoint.events.incident_links import ActorResolver, SentenceReader, generic, tokens_of
from flashpoint.events.knowledge import doc_text
from flashpoint.events.knowledge_incidents import IncidentKnowledge
from flashpoint.record import Event, Fatalities, Location


class PlaceResolver(Protocol):
    """The article's places as the locate stage read them (the pipeline supplies it)."""

    def __call__(self, text: str, start: int, end: int,
                 countries: list[str]) -> Location | None: ...

    def capital(self, country: str, start: int, end: int) -> Location | None: ...
PLACE_LABELS = {"GPE", "LOC", "FAC"}
Part = tuple[Fatalities, str]  # a count of the incident and how it combines


class IncidentFields:
    """The field-filling steps of incident assembly."""

    def __init__(self, actors: ActorResolver, knowledge: IncidentKnowledge,
                 read: SentenceReader, place: PlaceResolver | None = None) -> None:
        self.actors = actors
        self.k = knowledge
        self.read = read
        self.place = place

    def named_before(self, e: Event, before: list[Event]) -> Event:
        """"ADF rebels killed 22 villagers ... the rebels ambushed a patrol": a perpetrator
        told by the definite noun of a group named before is that group."""
        a = e.actor1
        words = (a.text or "").lower().split() if a is not None else []
        if not generic(a) or len(words) != 2 or words[0] != "the":
            return e
        state = a is not None and a.kind in self.k.state_kinds
        for x in reversed(before):
            b = x.actor1
            if b is not None and not generic(b) and words[1] in (b.text or "").lower().split() \
                    and (b.kind in self.k.state_kinds) == state:
                return dataclasses.replace(e, actor1=b)
        return e

    def parties_told(self, e: Event, sent: Span, trig: Token | None,
                      before: list[Event]) -> Event:
        """"Fighting between the two sides continued": the parties of the incident before;
        "the Arakan Army said it captured ...": the speaker is the one who did it."""
        if e.actor1 is not None:
            return e
        if self.k.both_sides.search(sent.text) and before:
            last = before[-1]
            return dataclasses.replace(e, actor1=last.actor1, actor2=e.actor2 or last.actor2)
        if trig is None or trig.dep_ != "ccomp" or trig.head.lemma_.lower() != "say":
            return e
        pronoun = [c for c in trig.children if c.dep_ == "nsubj" and c.lower_ in
                   self.k.claim_said_subjects]
        speaker = [c for c in trig.head.children if c.dep_ == "nsubj"]
        if not pronoun or not speaker:
            return e
        country = e.location.country if e.location else None
        actor, _ = self.read.phrase_actor(speaker[0], country)
        if actor.confidence < 0.9 or actor.kind == "civilians":
            return e
        return dataclasses.replace(e, actor1=actor)

    def unclaimed(self, e: Event) -> Event:
        """ACLED: a device nobody claimed was set by an unidentified armed group."""
        if e.actor1 is not None or e.acled is None or \
                e.acled.sub_event_type not in self.k.unclaimed_subtypes or e.location is None:
            return e
        match = self.actors.resolve(self.k.unclaimed_term, context_country=e.location.country)
        if match is None:
            return e
        # no words name it: the actor is inferred from the device (no character offsets)
        actor = dataclasses.replace(match.actor, text=e.trigger, start=None, end=None,
                                    confidence=0.5)
        return dataclasses.replace(e, actor1=actor)

    def place_told(self, e: Event, sent: Span, before: list[Event]) -> Event:
        """"soldiers clashed ... north of the city": the place an earlier incident named."""
        if e.location is not None and not e.cues.get("place_fallback"):
            return e
        # "the town Kalo", "the city of Kalo": the noun names its own place, no anaphor
        told = [t for t in sent if t.lemma_.lower() in self.k.place_anaphors |
                self.k.capital_nouns and any(c.lower_ == "the" for c in t.children) and
                t.dep_ == "pobj" and not any(
                    c.pos_ == "PROPN" or c.dep_ == "prep" for c in t.children)]
        placed = [x.location for x in before if x.location is not None and
                  x.location.lat is not None]
        if told and told[0].lemma_.lower() in self.k.capital_nouns and not any(
                c.dep_ == "amod" for c in told[0].children):  # "the provincial capital"
            # "in the capital": the national capital of the country told so far
            country = next((x.country for x in [e.location, *reversed(placed)]
                            if x is not None and x.country), None)
            t = told[0]
            loc = self.place.capital(country, t.idx, t.idx + len(t)) if (
                self.place is not None and country) else None
            return e if loc is None else dataclasses.replace(
                e, location=loc, cues={**e.cues, "place_fallback": False})
        if not told or not placed:
            return e
        loc = dataclasses.replace(placed[-1], precision=max(placed[-1].precision or 1, 2)) if \
            told[0].head.head.lower_ in ("north", "south", "east", "west", "outside") or \
            told[0].head.lower_ in ("near", "outside") else placed[-1]
        return dataclasses.replace(e, location=loc, cues={**e.cues, "place_fallback": False})

    def how(self, fat: Fatalities, sent: Span, parts: list[Part]) -> str:
        """How a count told later combines with the incident's: a toll replaces ("raising
        the toll to six"), an added group adds ("four attackers were also killed"), a
        restatement does not, a party's claimed count only stands alone."""
        text = fat.text.lower()
        if self.k.claimed_count.search(doc_text(sent.doc)[sent.start_char:fat.start or 0]):
            return "claimed"  # "... claimed that it had killed 20": only without a count
        if "toll" in text:
            return "replace"
        near = doc_text(sent.doc)[max(sent.start_char, (fat.start or 0) - 25):fat.end or 0].lower()
        if set(near.split()) & self.k.addition_words:
            return "add"
        words = text.split()
        if len(words) > 3 and words[1] == "of" and words[3] in self.k.addition_among:
            return "add"  # "three of the injured died the next day": more deaths
        if any(w in self.k.addition_after_count and parse_quantity(words[i]) is not None
               for i, w in enumerate(words[1:4])):
            return "add"  # "2 more died in hospital", "three others were killed"
        perp = any(w.rstrip("s") in self.k.perpetrator_nouns or w in self.k.perpetrator_nouns
                   for w in text.split())
        before = any(any(w.rstrip("s") in self.k.perpetrator_nouns for w in f.text.lower().split())
                     for f, _ in parts)
        # the other side's dead: "killed one militant ... six guards died" (a count of the
        # whole, "4 fatalities", restates)
        other_side = not perp and not set(words) & summary_nouns() and all(
            any(w.rstrip("s") in self.k.perpetrator_nouns for w in f.text.lower().split())
            for f, _ in parts)
        if parts and (perp and not before or other_side):
            return "add"
        return "restate"

    def background(self, fat: Fatalities, doc: Doc, trig: Token | None) -> bool:
        """A count told as the incident's background, not its toll: inside a clause of time
        ("marched after a cyclist was killed", "following the killing of a man") or a
        relative clause on a party ("lynched two thieves who had killed a shopkeeper") that
        the incident's own trigger is not in."""
        span = doc.char_span(fat.start or 0, fat.end or 0, alignment_mode="expand")
        if fat.start is None or span is None or not len(span):
            return False
        marks = self.k.background_markers
        t = span.root
        while t.head.i != t.i and (trig is None or t.i != trig.i):
            relative = t.dep_ in ("relcl", "acl") and (trig is None or t.head.i != trig.i) \
                and t.head.lemma_.lower() not in self.k.anaphor_nouns and \
                t.head.ent_type_ not in PLACE_LABELS and not any(  # "in Eastville, where
                    c.lower_ in ("where", "when") for c in t.children) and \
                not self.result_participle(t, trig)  # 2 people died"
            timed = t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in marks
                                              for c in t.children)
            phrase = t.dep_ in ("pobj", "pcomp") and t.head.lower_ in marks
            grievance = self.grievance(t)  # "protested the killing of two traders"
            if relative or timed or phrase or grievance:
                top = t.head.head if grievance else t.head if phrase else t
                return trig is None or not top.left_edge.i <= trig.i <= top.right_edge.i
            t = t.head
        return False

    @staticmethod
    def result_participle(t: Token, trig: Token | None) -> bool:
        """"raided the offices in Lomo killing two": a present participle the parser hung on
        the act's object (or on a noun inside it) tells the act's result, not a background."""
        if trig is None or t.dep_ != "acl" or t.tag_ != "VBG" or \
                any(c.dep_ == "nsubj" for c in t.children):
            return False
        noun = t.head
        for _ in range(3):
            if noun.head.i == trig.i and noun.dep_ in ("dobj", "obj", "pobj", "nsubjpass"):
                return True
            if noun.dep_ not in ("pobj", "prep", "dobj") or noun.head.i == noun.i:
                return False
            noun = noun.head
        return False

    def grievance(self, t: Token) -> bool:
        """`t` names whose death is protested: "(to protest | over) the death of <t>"."""
        if t.dep_ != "pobj" or t.head.lower_ != "of":
            return False
        noun = t.head.head
        return noun.lemma_.lower() in self.k.grievance_nouns and noun.head.i != noun.i and \
            noun.head.lemma_.lower() in self.k.grievance_heads and noun.dep_ in ("dobj", "pobj")

    def total(self, e: Event, parts: list[Part], text: str) -> Fatalities | None:
        """The incident's toll with the span of all its counts; a suicide bomber counts."""
        best = low = high = 0
        spans: list[tuple[int, int]] = []
        seen = False
        for fat, how in parts:
            if how == "claimed" and seen:
                continue
            if not seen or how == "replace":
                best, low, high = fat.best, fat.low, fat.high
            elif how == "add":
                best, low, high = best + fat.best, low + fat.low, high + fat.high
            elif fat.best > best:
                best, low, high = fat.best, fat.low, fat.high
            seen = True
            if fat.start is not None and fat.end is not None:
                spans.append((fat.start, fat.end))
        if e.acled is not None and e.acled.sub_event_type == "Suicide bomb":
            said = " ".join(f.text.lower() for f, _ in parts)
            if "bomber" not in said and "himself" not in said and "themselves" not in said:
                n = self.bombers(e)
                best, low, high = best + n, low + n, high + n
                if e.trigger_start is not None:
                    spans.append((e.trigger_start, e.trigger_start + len(e.trigger)))
                seen = True
        if not seen or best <= 0:
            return None
        start, end = min(s for s, _ in spans), max(x for _, x in spans)
        return Fatalities(text=text[start:end], best=best, low=low, high=high, start=start,
                          end=end)

    @staticmethod
    def bombers(event: Event) -> int:
        words = event.evidence.sentence.lower().split()
        for i, w in enumerate(words):
            if w.startswith("bomber") and i >= 2 and words[i - 1] == "suicide":
                counts = parse_quantity(words[i - 2])
                return counts[0] if counts and words[i - 2] not in ("a", "an") else 1
        return 1

    def finer_place(self, e: Event, sent: Span) -> Event:
        """"In Dunmore, a landmine killed three soldiers": the incident's own sentence names
        a finer place than the one coded (none, the paragraph's, or only the country)."""
        loc = e.location
        current = 9 if loc is None or loc.lat is None or e.cues.get("place_fallback") else (
            loc.precision or 1)
        if self.place is None or current <= 1:
            return e
        actor_spans = [(a.start, a.end) for a in (e.actor1, e.actor2)
                       if a is not None and a.start is not None]
        countries = [c for c in ((loc.country if loc else None),
                                 *(a.country for a in (e.actor1, e.actor2) if a)) if c]
        best: Location | None = None
        for start, end in self.place_spans(sent):
            if any(s == start for s, _ in actor_spans):
                continue  # "Russia's forces": the place names an actor
            found = self.place(doc_text(sent.doc)[start:end], start, end, countries)
            if found is None or (found.precision or 1) >= current or (
                    loc is not None and loc.lat is not None and (  # no finer than coded:
                        (found.precision or 1) >= (loc.precision or 1) or  # the same place,
                        (loc.geonameid is not None and found.geonameid == loc.geonameid) or
                        (found.lat, found.lon) == (loc.lat, loc.lon))) or (  # its container
                    loc is not None and loc.country and found.country != loc.country and
                    not e.cues.get("place_fallback")) or (
                    current == 2 and loc is not None and loc.admin1 and
                    found.admin1 != loc.admin1):
                continue
            if best is None or (found.precision or 1) < (best.precision or 1):
                best = found
        if best is None:
            return e
        return dataclasses.replace(e, location=best, cues={**e.cues, "place_fallback": False})

    @staticmethod
    def place_spans(sent: Span) -> list[tuple[int, int]]:
        """Place entities, and proper names after in / near / outside / at that the
        recognizer left unlabelled or took for an organisation ("In Dunmore, ...")."""
        spans = [(e.start_char, e.end_char) for e in sentence_ents(sent)
                 if e.label_ in PLACE_LABELS]
        for tok in sent:
            if tok.pos_ != "PROPN" or tok.dep_ != "pobj" or tok.head.lower_ not in (
                    "in", "near", "outside", "at", "of"):
                continue
            if tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "NORP", "ORDINAL"):
                continue
            left = min(t.idx for t in tok.subtree if t.pos_ == "PROPN" and t.i <= tok.i)
            spans.append((left, tok.idx + len(tok.text)))
        return spans

    def victims(self, e: Event, parts: list[Part], doc: Doc) -> Event:
        """A target told only by the toll ("two soldiers were killed") or by what was hit
        ("struck a police vehicle")."""
        if e.actor2 is not None or e.acled is None:
            return e
        country = e.location.country if e.location else None
        trig = tokens_of(doc, e.trigger_start, len(e.trigger))
        heads = [trig] if trig is not None else []
        if trig is not None and trig.dep_ in ("nsubj", "nsubjpass"):
            heads.append(trig.head)  # "a roadside bomb struck a police vehicle"
        for head in heads:
            for obj in (c for c in head.children if c.dep_ in ("dobj", "pobj")):
                for mod in (c for c in obj.children if c.dep_ in ("compound", "amod")):
                    match = self.actors.resolve(mod.text, context_country=country)
                    if match is not None and match.actor.kind in ("military", "police"):
                        actor = dataclasses.replace(match.actor, text=mod.text, start=mod.idx,
                                                    end=mod.idx + len(mod.text),
                                                    confidence=0.6)
                        return dataclasses.replace(e, actor2=actor)
        for fat, _ in parts:
            for word in reversed(fat.text.split()):
                if not word.isalpha() or len(word) < 4:
                    continue
                match = self.actors.resolve(word, context_country=country)
                if match is None or match.actor.kind not in ("military", "police", "civilians"):
                    continue
                if e.actor1 is not None and match.actor.name == e.actor1.name:
                    return e
                start = (fat.start or 0) + fat.text.rindex(word)
                actor = dataclasses.replace(match.actor, text=word, start=start,
                                            end=start + len(word), confidence=0.6)
                return dataclasses.replace(e, actor2=actor)
        return e
