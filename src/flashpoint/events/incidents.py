"""Incident assembly: one event per real-world incident, linked across an article's sentences.

The coder reads one sentence at a time; a report tells an incident over several ("A roadside
bomb struck a police vehicle ... Two officers were killed in the blast. Al-Shabaab claimed
responsibility for the attack."). This stage, run on an article's events after they are
placed and dated, links what refers back to an incident already reported:

* a definite or anaphoric reference ("the blast", "both attacks", "the assailants", "the
  bomber"), a response ("troops repelled the attackers") or a toll told without a place or
  a date of its own ("Two officers died") adds its fields to that incident: the toll, a
  finer place, a date, the parties, each with its own evidence span;
* "X claimed responsibility (for ...)" / "X said it carried out ..." sets actor1 = X,
  modality `claimed`, X as the speaker; "officials blamed / suspected / held responsible X"
  sets actor1 = X, `alleged`;
* tolls combine as ACLED counts them: a later toll ("raising the toll to six") replaces, an
  added group ("four of the attackers were also killed") adds, a restatement does not; a
  suicide bomber is counted with the dead.

Several incidents stay several ("in a separate attack", "hours later", a place or a date of
its own). Emitted events are never changed (the incident is a new `Event`, `dataclasses.replace`);
they come back in the order of their first report (the lead incident first).
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from flashpoint.events.fatalities import find_fatalities
from flashpoint.events.incident_acts import co_act, crowd_fight, join_crowd, one_event_per_act
from flashpoint.events.incident_crowds import crowd_turn
from flashpoint.events.incident_denials import denies, deny, deny_blame
from flashpoint.events.incident_fields import IncidentFields, PlaceResolver
from flashpoint.events.incident_links import ActorResolver, SentenceReader, generic, tokens_of
from flashpoint.events.incident_places import (
    announces,
    headline_index,
    past_told,
    reference_places,
)
from flashpoint.events.incident_sides import (
    as_clash,
    as_one_sided,
    fought_back,
    new_ground,
    one_sided_turn,
)
from flashpoint.events.incident_tolls import give_lead, lead_counts, toll_host
from flashpoint.events.incident_victims import implied_victims
from flashpoint.events.knowledge import doc_text
from flashpoint.events.knowledge_incidents import IncidentKnowledge, load_incident_knowledge
from flashpoint.record import AcledCode, Actor, Attribution, Event, Fatalities


def _mutual(e: Event, k: IncidentKnowledge, text: str | None = None) -> bool:
    """A two-sided act ("clashed", "fighting", "battle", "exchange of fire"), told by the
    trigger or, with `text`, by a verb of it ("attacked the village and clashed with")."""
    words = e.trigger.lower().split()
    if text is None or (words and words[0][:4] in k.mutual_prefixes):
        return bool(words) and words[0][:4] in k.mutual_prefixes
    return any(w[:4] in k.mutual_prefixes and w.endswith("ed") for w in text.lower().split())


def _lethal(e: Event, k: IncidentKnowledge) -> bool:
    """An act that can kill: ACLED's political violence, not strategic developments."""
    return e.acled is not None and e.acled.event_type not in k.no_toll_types and (
        e.plover.type == "ASSAULT" or e.acled.event_type != "Protests" or
        e.acled.sub_event_type == "Excessive force against protesters")


@dataclass
class _Incident:
    event: Event
    sent: int
    paragraph: int
    parts: list[tuple[Fatalities, str]] = field(default_factory=list)  # (count, how)
    reports: list[tuple[int, int]] = field(default_factory=list)
    dropped: bool = False


class IncidentAssembler:
    """Links an article's events into incidents; stateless between articles."""

    def __init__(self, actors: ActorResolver, knowledge: IncidentKnowledge | None = None,
                 place: PlaceResolver | None = None, keep_historical: bool = False):
        self.actors = actors
        self.keep_historical = keep_historical
        self.place = place
        self.k = knowledge or load_incident_knowledge()
        self.read = SentenceReader(actors, self.k)
        self.fields = IncidentFields(actors, self.k, self.read, place)

    # ------------------------------------------------------------------ sentence reading
    def _same_kind(self, e: Event, incidents: list[_Incident], trig: Token | None) -> Event:
        """"Another strike on Monday hit a market": a new incident of the kind just told
        (its ACLED code and perpetrator when the sentence gives none)."""
        if trig is None or e.acled is None:
            return e
        nouns = [trig] + [c for c in trig.children if c.dep_ in ("nsubj", "nsubjpass")]
        for noun in nouns:
            hint = self.k.anaphor_nouns.get(noun.lemma_.lower(), "none")
            before = doc_text(noun.doc)[max(0, noun.idx - 14):noun.idx]
            if hint == "none" or not self.k.same_kind.search(before):
                continue
            typed = [i for i in incidents if i.event.acled is not None and (
                hint is None or i.event.acled.event_type == hint)]
            if not typed:
                return e
            lemma = noun.lemma_.lower()
            same = [i for i in typed if lemma in i.event.trigger.lower()]
            model = (same or typed)[-1].event
            changes: dict[str, object] = {}
            if model.acled is not None and e.acled.sub_event_type in self.k.generic_subtypes:
                changes["acled"], changes["plover"] = model.acled, model.plover
            if e.actor1 is None and model.actor1 is not None:
                changes["actor1"] = model.actor1
            return dataclasses.replace(e, **changes) if changes else e  # type: ignore[arg-type]
        return e

    def _intervention(self, e: Event, inc: Event) -> bool:
        """"Police arrested several of them" told of a crowd event: its intervention."""
        return e.acled is not None and inc.acled is not None and \
            e.acled.sub_event_type in self.k.intervention_subtypes and \
            inc.acled.event_type in self.k.crowd_types

    def _antecedent(self, incidents: list[_Incident], paragraph: int, hint: str | None,
                    reach: int) -> _Incident | None:
        live = [i for i in incidents if not i.dropped and paragraph - i.paragraph <= reach]
        if hint is not None:
            typed = [i for i in live if i.event.acled and i.event.acled.event_type == hint]
            if typed:
                return typed[-1]
        return live[-1] if live else None

    def _absorb(self, inc: _Incident, event: Event, *, response: bool,
                fought: bool = False) -> None:
        e = inc.event
        changes: dict[str, object] = as_clash(e, event, self.k) if fought else {}
        if response or fought:
            if e.actor2 is None and event.actor1 is not None and \
                    (e.actor1 is None or event.actor1.name != e.actor1.name):
                changes["actor2"] = event.actor1
        elif e.acled is not None and e.acled.event_type in self.k.crowd_types and \
                e.actor1 is not None and e.actor1.kind == "protesters" and \
                event.actor1 is not None and event.actor1.kind in self.k.state_kinds:
            if e.actor2 is None:  # "... Police dispersed them": the crowd stays actor1
                changes["actor2"] = event.actor1
        else:
            if generic(e.actor1) and event.actor1 is not None and not generic(event.actor1) \
                    and (e.actor2 is None or event.actor1.name != e.actor2.name):
                changes["actor1"] = event.actor1
            if e.actor2 is None and event.actor2 is not None and \
                    (e.actor1 is None or event.actor2.name != e.actor1.name):
                changes["actor2"] = event.actor2
        if event.location is not None and not event.cues.get("place_fallback") and \
                event.location.lat is not None and (
                e.location is None or e.cues.get("place_fallback") or
                (e.location.precision or 1) > (event.location.precision or 1)):
            changes["location"] = event.location
            changes["cues"] = {**e.cues, "place_fallback": False}
        if event.date is not None and e.date is not None and e.date.precision == "article" and \
                event.date.precision != "article":
            changes["date"] = event.date
        if e.acled is not None and event.acled is not None and \
                e.acled.event_type == event.acled.event_type and \
                e.acled.sub_event_type in self.k.plain_subtypes and \
                event.acled.sub_event_type not in self.k.plain_subtypes:
            changes["acled"] = event.acled  # "police dispersed them": protest with intervention
        grave = self.k.crowd_escalation
        if e.acled is not None and event.acled is not None and \
                e.acled.sub_event_type in grave:
            new = event.acled.sub_event_type
            if new in self.k.intervention_subtypes or (
                    new == "Violent demonstration" and event.actor1 is not None and
                    event.actor1.kind in self.k.state_kinds and not _mutual(event, self.k)):
                new = "Protest with intervention"  # police arrests or beats them: no riot
            if new in grave and grave[new] > grave[e.acled.sub_event_type]:
                changes["acled"] = event.acled if new == event.acled.sub_event_type else \
                    AcledCode("Protests", new)  # "... The demonstrators burned tyres"
        if one_sided_turn(e, event, self.k):
            changes.update(as_one_sided(e, event, self.k)
                           if not _mutual(e, self.k, e.evidence.sentence) else {})
        if changes:
            inc.event = dataclasses.replace(e, **changes)  # type: ignore[arg-type]
        inc.reports.append((event.evidence.start, event.evidence.end))

    def _apply_party(self, inc: _Incident, actor: Actor, how: str) -> None:
        e = inc.event
        changes: dict[str, object] = {}
        battle = e.acled is not None and e.acled.event_type == "Battles"
        if e.actor1 is not None and e.actor1.kind in self.k.state_kinds and actor.kind not in \
                self.k.state_kinds and battle:
            if generic(e.actor2) and (e.actor2 is None or e.actor2.name != actor.name):
                changes["actor2"] = actor  # the army fought those who claim the attack
        elif generic(e.actor1) or actor.confidence >= 0.9:
            same_side = e.actor1 is not None and not generic(e.actor1) and (
                e.actor1.name == actor.name or actor.confidence < 0.9 or
                (e.actor1.country is not None and e.actor1.country == actor.country))
            if (e.actor2 is None or e.actor2.name != actor.name) and not same_side:
                changes["actor1"] = actor
            changes["modality"] = how
            if how == "claimed":
                changes["attribution"] = Attribution(text=actor.text, name=actor.name,
                                                     start=actor.start, end=actor.end)
        else:
            changes["modality"] = how
        if "modality" in changes and e.acled is None:
            del changes["modality"]
        if changes:
            inc.event = dataclasses.replace(e, **changes)  # type: ignore[arg-type]

    # ------------------------------------------------------------------ the pass
    def assemble(self, events: list[Event], doc: Doc) -> list[Event]:
        if not events:
            return events
        events = one_event_per_act(events, doc, self.k)  # one event per act, per sentence
        text = doc_text(doc)
        sents = list(doc.sents)
        starts = [s.start_char for s in sents]

        def sent_index(pos: int) -> int:
            return max(0, bisect.bisect_right(starts, pos) - 1)

        by_sent: dict[int, list[int]] = {}
        for n, e in enumerate(events):
            by_sent.setdefault(sent_index(e.evidence.start), []).append(n)
        incidents: list[_Incident] = []
        kept: list[tuple[int, Event | _Incident]] = []  # (first position, record)
        drop_events: set[int] = reference_places(events, text, self.k)
        body = min(e.evidence.start for e in events)
        headline = headline_index(sents, text, self.k)
        headlined: list[int] = []
        lead: list[Fatalities] = []  # "Nine are feared dead. Militias attacked ...": the toll
        paragraph_count, counted_to = 0, 0
        for si, sent in enumerate(sents):
            if sent.end_char <= body and si not in by_sent:
                lead += lead_counts(text[sent.start_char:sent.end_char], sent.start_char, self.k)
                continue
            paragraph_count += text.count("\n\n", counted_to, sent.start_char)  # linear
            counted_to = sent.start_char
            paragraph = paragraph_count
            sent_text = text[sent.start_char:sent.end_char]  # `sent.text` joins its tokens
            separate = bool(self.k.separate.search(sent_text) or
                            self.k.place_intro.match(sent_text))
            anaphors = self.read.anaphors(sent)
            hint = self.read.hint(anaphors)
            summary = bool(self.k.summary_time.search(sent_text))
            claims = self.read.claims(sent)
            claim_heads = {tok.head.i for tok, _, _ in claims} | {
                tok.head.head.i for tok, _, _ in claims}
            claimed_acts = {c.i for tok, _, _ in claims for c in tok.head.children
                            if c.dep_ == "ccomp"}
            new_here: list[_Incident] = []
            linked_here = False
            for n in by_sent.get(si, []):
                if n in drop_events:
                    continue
                e = events[n]
                if si == headline and e.acled is not None and any(
                        announces(e, x, self.k)
                        for x in events[n + 1:] if x.evidence.start > e.evidence.start):
                    headlined.append(n)  # linked to the incident it announces, below
                    drop_events.add(n)
                    continue
                if si == headline and e.acled is None and any(
                        x.acled is not None for x in events if x.evidence.start > sent.end_char):
                    drop_events.add(n)  # "separatists blamed for school attack": the body
                    continue
                trig = tokens_of(doc, e.trigger_start, len(e.trigger))
                if trig is not None and trig.i in claim_heads and e.acled is None and \
                        (incidents or by_sent.get(si, [])[0] != n):
                    drop_events.add(n)  # "officials blamed X": linked below, not an event
                    continue
                ante = self._antecedent(incidents, paragraph, hint, 1 if anaphors else 0)
                ante = None if ante is None or new_ground(e, ante.event, self.k) else ante
                perp_subject = self.read.perpetrator(e.actor1) or any(
                    t.lemma_.lower() in self.k.perpetrator_nouns for t in anaphors)
                response = self.read.response(trig)
                undated = e.cues.get("date_phrase") is None or (
                    e.date is not None and e.date.precision == "article")
                placed_here = e.location is not None and not e.cues.get("place_fallback") \
                    and (e.location.start is None or
                         sent.start_char <= e.location.start < sent.end_char)
                unanchored = undated and not placed_here  # a place told before is not its own
                toll_only = unanchored and ante is not None and ante.paragraph == paragraph \
                    and ante.event.acled is not None and \
                    ante.event.acled.event_type not in self.k.no_toll_types and \
                    (e.fatalities is not None or self.read.same_sort(e, ante.event) or
                     self._intervention(e, ante.event))
                if new_here and e.acled is not None and trig is not None and \
                        trig.lemma_.lower() in self.k.kill_triggers:
                    host = new_here[-1]  # "struck ..., killing five": one incident
                    if host.event.actor1 is None or e.actor1 is None or \
                            host.event.actor1.name == e.actor1.name:
                        self._absorb(host, e, response=False)
                        drop_events.add(n)
                        continue
                elif new_here and _lethal(e, self.k) and e.acled.event_type not in \
                        self.k.crowd_types and new_here[-1].event.actor1 is None and \
                        new_here[-1].event.trigger.lower().split()[0] in self.k.kill_triggers:
                    host = new_here[-1]  # "1 killed when bandits attacked a van": the attack
                    host.event = dataclasses.replace(e, fatalities=host.event.fatalities)
                    drop_events.add(n)
                    continue
                if new_here and e.acled is None and e.plover.type in self.k.material_types and (
                        anaphors or perp_subject):
                    drop_events.add(n)  # "... before security forces ended the siege"
                    continue
                here = [i.event for i in new_here]
                if e.acled is None and trig is not None and self.read.inside(trig, here, doc):
                    # "staged a rally ..., demanding the release of ...", "set fire to a bus
                    # ahead of the blockade": the issue or the setting of the incident
                    drop_events.add(n)
                    continue
                if e.acled is not None and trig is not None and (
                        e.acled.event_type not in self.k.crowd_types or any(
                            x.acled is not None and x.acled.event_type in self.k.crowd_types
                            for x in here)) and self.read.setting(trig, here, doc):
                    drop_events.add(n)  # "clashed ... during a general strike", "rioted
                    continue  # ... during their demonstration": the setting, not an event
                twin = self.read.twin(e, here)
                if twin is None:  # "rioters exploded crude bombs": the crowd's one event
                    twin = co_act(e, trig, here, doc, self.k)
                    if twin is not None:
                        new_here[twin].event = join_crowd(new_here[twin].event, e, self.k)
                if twin is not None:  # "demonstrators clashed with police": one incident
                    self._absorb(new_here[twin], e, response=False)
                    drop_events.add(n)
                    continue
                version = unanchored and ante is not None and ante.paragraph == paragraph and (
                    (trig is not None and trig.i in claimed_acts) or e.modality == "denied") \
                    and e.acled is not None and ante.event.acled is not None and (
                        e.acled.event_type == ante.event.acled.event_type or
                        e.acled.sub_event_type in self.k.generic_subtypes or e.modality == "denied")
                if version and ante is not None and not separate and e.acled is not None:
                    # "Moscow said it had struck a command post there and denied hitting
                    # civilians": a party's version of the incident just told
                    deny(ante, e)
                    drop_events.add(n)
                    linked_here = True
                    continue
                e = self._same_kind(e, incidents, trig)
                follows = ante is not None and not separate and ante not in new_here and (
                    anaphors or response or toll_only or perp_subject) and \
                    not (e.acled is not None and self.read.later_act(trig, anaphors))
                if follows and ante is not None and not self.read.own_place(e, ante.event) and \
                        not self.read.own_date(e, ante.event):
                    if summary:  # "the killings bring to 900 the number ... since": no toll
                        drop_events.add(n)
                        continue
                    if toll_only and e.fatalities is not None and not (
                            anaphors or response or perp_subject):
                        ante = toll_host(incidents, ante, self.k)
                    if e.acled is not None or e.plover.type in self.k.material_types:
                        self._absorb(ante, e, response=response,
                                     fought=fought_back(trig, self.k))
                        for fat in find_fatalities(sent_text, sent.start_char):
                            ante.parts.append((fat, self.fields.how(fat, sent, ante.parts)))
                        drop_events.add(n)
                        linked_here = True
                        continue
                if e.acled is None and trig is not None and denies(trig, self.k) and incidents:
                    deny_blame(incidents, e)
                    drop_events.add(n)  # "the Northern Front rejected the accusation"
                    continue
                if e.acled is None and e.plover.type in self.k.material_types and \
                        self.read.perpetrator(e.actor1):
                    drop_events.add(n)  # "the assailants fled the scene"
                    continue
                if e.acled is None:
                    continue
                if ante is None and unanchored and e.fatalities is None and si > 0 and \
                        e.actor1 is None and trig is not None and trig in anaphors and \
                        any(c.lower_ == "the" for c in trig.children) and \
                        past_told(text[:sent.start_char], e, self.k):
                    drop_events.add(n)  # "historians say the shooting changed Europe"
                    continue
                e = self.read.suspected(e, text)
                e = self.fields.place_told(e, sent, [i.event for i in incidents] or events[:n])
                e = self.fields.parties_told(e, sent, trig, [i.event for i in incidents])
                e = self.fields.named_before(e, [i.event for i in incidents])
                inc = _Incident(e, si, paragraph)  # a historical one still takes its echoes
                incidents.append(inc)
                new_here.append(inc)
                kept.append((n, inc))
                drop_events.add(n)
            if len(new_here) == 1 and new_here[0].event.acled is not None and \
                    new_here[0].event.acled.event_type not in self.k.no_toll_types:
                inc = new_here[0]
                own = tokens_of(doc, inc.event.trigger_start, len(inc.event.trigger))
                inc.parts = [(f, "add") for f in find_fatalities(sent_text, sent.start_char)
                             if not self.fields.background(f, doc, own)]
                if any("toll" in f.text.lower() for f, _ in inc.parts):
                    inc.parts = [(f, "replace" if "toll" in f.text.lower() else "add")
                                 for f, _ in inc.parts]
            else:
                for inc in new_here:
                    if inc.event.fatalities is not None:
                        inc.parts = [(inc.event.fatalities, "add")]
                lethal = [i for i in new_here if _lethal(i.event, self.k)]
                if len(lethal) == 1 and not any(i.parts for i in new_here):
                    inc = lethal[0]  # "... an operation, killed nine and arrested five": its toll
                    own = tokens_of(doc, inc.event.trigger_start, len(inc.event.trigger))
                    inc.parts = [(f, "add") for f in find_fatalities(sent_text, sent.start_char)
                                 if not self.fields.background(f, doc, own)]
            fights = [crowd_fight(i.event, self.k) for i in new_here]  # "They clashed with"
            if not separate and not summary and all(f or (
                    i.event.acled is not None and
                    i.event.acled.sub_event_type in self.k.intervention_subtypes)
                    for f, i in zip(fights, new_here, strict=True)):
                crowds = [i for i in incidents if i not in new_here and i.event.acled is not None
                          and i.event.acled.event_type in self.k.crowd_types]
                ante = self._antecedent(crowds, paragraph, None, 0)  # "... Police intervened."
                if ante is not None:
                    ante.event = crowd_turn(ante.event, sent, doc, self.k, self.read,
                                            fought=any(fights))
            if not by_sent.get(si) and not separate and not summary and not linked_here:
                ante = self._antecedent(incidents, paragraph, hint, 1 if anaphors else 0)
                ante = toll_host(incidents, ante, self.k)
                if ante is not None and ante.event.acled is not None and \
                        ante.event.acled.event_type not in self.k.no_toll_types:
                    for fat in find_fatalities(sent_text, sent.start_char):
                        ante.parts.append((fat, self.fields.how(fat, sent, ante.parts)))
            for tok, how, ref in claims:
                targets = self._claim_targets(incidents, new_here, paragraph, ref, sent, tok,
                                              separate)
                for inc in targets:
                    country = inc.event.location.country if inc.event.location else None
                    actor, _ = self.read.phrase_actor(tok, country)
                    if actor.text.lower() in ("group", "militants", "the group") and \
                            not generic(inc.event.actor1):
                        actor = inc.event.actor1  # type: ignore[assignment]
                    if actor is not None and actor.kind != "civilians":
                        self._apply_party(inc, actor, how)
        for n in headlined:  # "Niger: soldiers killed in ambush": the lead tells it
            e = events[n]
            same = [i for i in incidents if i.event.acled and e.acled and
                    i.event.acled.event_type == e.acled.event_type]
            if same:
                self._absorb(same[0], dataclasses.replace(e, location=None), response=False)
        give_lead(incidents, lead, lambda e: _lethal(e, self.k))
        out: list[tuple[int, Event]] = []
        for n, rec in kept:
            assert isinstance(rec, _Incident)
            if rec.event.cues.get("historical") and not self.keep_historical:
                continue
            rec.event = self.fields.victims(rec.event, rec.parts, doc)
            rec.event = self.fields.finer_place(rec.event, sents[rec.sent])
            fat = self.fields.total(rec.event, rec.parts, text)
            if fat is None and _lethal(rec.event, self.k):  # "beat and killed a robber": 1
                fat = implied_victims(sents[rec.sent], self.k)
            rec.event = self.fields.unclaimed(rec.event)
            cues = dict(rec.event.cues)
            if rec.reports:
                cues["incident_reports"] = [list(r) for r in rec.reports]
            out.append((n, dataclasses.replace(rec.event, fatalities=fat, cues=cues)))
        out.extend((n, e) for n, e in enumerate(events) if n not in drop_events and (
            self.keep_historical or not e.cues.get("historical")))
        return [e for _, e in sorted(out, key=lambda pair: pair[0])]

    def _claim_targets(self, incidents: list[_Incident], new_here: list[_Incident],
                       paragraph: int, ref: Token | None, sent: Span,
                       party: Token | None = None,
                       separate: bool = False) -> Iterable[_Incident]:
        if new_here:
            return new_here[:1]  # "..., local medics said, blaming Houthi fighters"
        if separate or (party is not None and party.head.dep_ in ("advcl", "xcomp", "acl")):
            return []  # the blame of an incident this sentence tells and the coder missed
        live = [i for i in incidents if not i.dropped and paragraph - i.paragraph <= 2]
        if not live:
            return []
        if ref is not None and any(c.lower_ == "both" for c in ref.children):
            return live[-2:]
        hint = self.k.anaphor_nouns.get(ref.lemma_.lower()) if ref is not None else None
        if ref is not None:
            mods = {c.lower_ for c in ref.children if c.dep_ in ("compound", "amod")}
            for inc in reversed(live):
                words = set(inc.event.evidence.sentence.lower().split())
                if mods and mods <= words:
                    return [inc]
        if hint is not None:
            typed = [i for i in live if i.event.acled and i.event.acled.event_type == hint]
            if typed:
                return typed[-1:]
        return live[-1:]


def assemble_incidents(events: list[Event], doc: Doc, actors: ActorResolver,
                       place: PlaceResolver | None = None,
                       keep_historical: bool = False) -> list[Event]:
    """An article's events as incidents (see the module docstring); `place` resolves a
    place the incident's sentence names when the coder gave none or only its country.
    An incident flagged `historical` (see `factuality.flag_historical`) still takes the
    sentences that echo it ("the shooting changed Europe"), and is left out unless kept."""
    return IncidentAssembler(actors, place=place, keep_historical=keep_historical).assemble(
        events, doc)
