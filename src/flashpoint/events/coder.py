"""Code events from a parsed document: triggers -> roles -> modality -> PLOVER/ACLED codes.

The coder knows nothing of gazetteers or calendars: it marks the words that say where and
when (a `Location` holding the place text, a date phrase in `Event.cues`) and later stages
resolve them. Actors are resolved through an injected `ActorResolver`, so this stage never
imports the actors stage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from spacy.tokens import Doc, Span, Token

from flashpoint.events.fatalities import find_fatalities
from flashpoint.events.lexicon import (
    NOMINAL_POS,
    VERBAL_POS,
    Lexicon,
    Trigger,
    TriggerEntry,
    acled_codes,
    doc_text,
    load_lexicon,
)
from flashpoint.record import (
    AcledCode,
    Actor,
    Attribution,
    Denial,
    Document,
    Event,
    Evidence,
    Fatalities,
    Location,
    PloverCode,
)

PLACE_LABELS = {"GPE", "LOC", "FAC"}
PARTY_PREPOSITIONS = {"with", "between", "against", "to", "from", "by", "among"}
STATE_KINDS = {"military", "police", "government"}
MATERIAL_TYPES = {"ASSAULT", "PROTEST", "COERCE", "MOBILIZE"}
# a demand with no trigger of its own ("said Chad must pay its debts")
OBLIGATION = TriggerEntry(plover="REQUEST", mode=None, acled_class=None, pos=frozenset({"VERB"}))
# "clashed with the minister over the budget": a war of words, coded as an accusation
VERBAL_DISPUTE = TriggerEntry(plover="ACCUSE", mode="dispute", acled_class=None,
                              pos=frozenset({"VERB", "NOUN"}))
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis"}
PHRASE_DROP_DEPS = {"acl", "relcl", "punct", "cc", "conj", "advcl", "parataxis"}
REGION_WORDS = {"region", "province", "governorate", "district", "countryside", "area",
                "state", "county", "oblast", "prefecture", "department"}
PLACE_OF_NOUNS = {"city", "town", "village", "hamlet", "settlement", "district", "province",
                  "region", "governorate", "county", "municipality", "port", "neighbourhood",
                  "neighborhood", "suburb", "camp"}
PLACE_HEAD_NOUNS = {"city", "town", "village", "province", "region", "district", "area",
                    "capital", "outskirts", "suburb", "suburbs", "neighbourhood",
                    "neighborhood", "camp", "base", "port", "airport", "border", "countryside",
                    "governorate", "state"}


class ActorMatchLike(Protocol):
    actor: Actor
    means: str | None
    is_bare_country: bool


class ActorResolver(Protocol):
    def resolve(
        self, phrase: str, *, context_country: str | None = None, prefer_military: bool = False
    ) -> ActorMatchLike | None: ...


@dataclass
class PlaceMention:
    start: int  # token index of first token
    end: int  # token index after last
    text: str
    start_char: int
    end_char: int
    is_country: bool


@dataclass
class _Draft:
    """An event being assembled in one sentence."""

    trigger: Trigger
    sent: Span
    agent: Token | None = None
    agent_fallback: bool = False
    co_agents: list[Token] = field(default_factory=list)
    backers: list[Token] = field(default_factory=list)
    patient: Token | None = None
    places: list[PlaceMention] = field(default_factory=list)
    place_fallback: bool = False
    modality: str = "asserted"
    speaker: Token | None = None
    speaker_span: tuple[int, int] | None = None
    blamed: Token | None = None
    date_phrase: tuple[int, int] | None = None
    fatalities: Fatalities | None = None
    derived_means: str | None = None  # set for events implied by air support
    merged_heads: list[Token] = field(default_factory=list)
    host_agent: Token | None = None  # for a derived event: the actor it supported
    obliged: bool = False  # "X said Y must return Z": X demands it (REQUEST)
    conditional: bool = False  # "will boycott ... unless": a threat


class EventCoder:
    """Turns a spaCy `Doc` of a cleaned `Document` into coded events."""

    def __init__(
        self,
        actors: ActorResolver,
        *,
        find_date_phrases: Callable[[str], list[tuple[int, int]]] | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        self.actors = actors
        self.lex = lexicon or load_lexicon()
        self.find_date_phrases = find_date_phrases
        self._containers: dict[int, PlaceMention] = {}

    # ------------------------------------------------------------------ document level
    def code(self, document: Document, doc: Doc) -> list[Event]:
        article = document.article
        body_start = document.body_start
        self._containers = {}
        events: list[Event] = []
        paragraph_places: list[PlaceMention] = []
        last_paragraph = -1
        seen_types: set[str] = set()
        for sent in doc.sents:
            if sent.end_char <= body_start or not sent.text.strip():
                continue
            paragraph = doc_text(doc).count("\n\n", 0, sent.start_char)
            if paragraph != last_paragraph:
                paragraph_places = []
                last_paragraph = paragraph
            places = self._places(sent)
            drafts = self._code_sentence(sent, places, paragraph_places, seen_types)
            denial = self._denial(sent, events)
            if denial is not None:  # the denied event is already known: not a new one
                drafts = [d for d in drafts if d.modality != "denied" and
                          d.trigger.head.lemma_ not in self.lex.cue("deny_verbs")]
            for draft in drafts:
                events.extend(self._to_events(article.id, draft))
            for e in events:
                if e.evidence.start == sent.start_char:
                    seen_types.add(e.plover.type)
            paragraph_places.extend(p for p in places if not p.is_country)
        return events

    # ------------------------------------------------------------------ sentence level
    def _places(self, sent: Span) -> list[PlaceMention]:
        out = []
        for ent in sent.ents:
            if ent.label_ not in PLACE_LABELS and not ent.ent_id_.startswith("place:"):
                continue
            if ent.label_ == "GPE" or ent.ent_id_.startswith("country:"):
                match = self.actors.resolve(ent.text)
                is_country = bool(match and match.is_bare_country)
            else:
                is_country = False
            end = ent.end
            doc = sent.doc
            # "the Der ez-Zor region": the region word belongs to the toponym
            if end < sent.end and doc[end].lower_ in REGION_WORDS:
                end += 1
            start_char = ent.start_char
            end_char = doc[end - 1].idx + len(doc[end - 1].text)
            out.append(PlaceMention(ent.start, end, doc_text(doc)[start_char:end_char],
                                    start_char, end_char, is_country))
        out.extend(self._named_by_head_noun(sent, out))
        return out

    @staticmethod
    def _named_by_head_noun(sent: Span, known: list[PlaceMention]) -> list[PlaceMention]:
        """"the town of Gwoza": a proper name after a place noun is a place, even when the
        statistical NER and the gazetteer patterns miss it."""
        doc = sent.doc
        taken = {i for p in known for i in range(p.start, p.end)}
        found = []
        for tok in sent:
            if tok.lower_ not in PLACE_OF_NOUNS or tok.i + 2 >= sent.end:
                continue
            if doc[tok.i + 1].lower_ != "of" or doc[tok.i + 2].pos_ != "PROPN":
                continue
            start = end = tok.i + 2
            while end < sent.end and (doc[end].pos_ == "PROPN" or doc[end].text == "-"):
                end += 1
            while end > start and doc[end - 1].text == "-":
                end -= 1
            if any(i in taken for i in range(start, end)):
                continue
            start_char, end_char = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
            found.append(PlaceMention(start, end, doc_text(doc)[start_char:end_char], start_char,
                                      end_char, False))
        return found

    def _code_sentence(
        self,
        sent: Span,
        places: list[PlaceMention],
        paragraph_places: list[PlaceMention],
        seen_types: set[str],
    ) -> list[_Draft]:
        triggers = self.lex.find_triggers(sent)
        # "reduced aid", "restored relations": an entry chosen for its object owns that object
        owned = {c.i for t in triggers if t.entry.objects is not None
                 for c in t.head.children if c.dep_ == "dobj"}
        triggers = [t for t in triggers if t.head.i not in owned]
        triggers.extend(self._obligations(sent, triggers))
        triggers = [Trigger(t.head, t.tokens, VERBAL_DISPUTE) if self._verbal_dispute(t) else t
                    for t in triggers]
        trigger_heads = {t.head.i: t for t in triggers}
        drafts: list[_Draft] = []
        for trig in triggers:
            if not self._is_event(trig, trigger_heads, seen_types):
                continue
            draft = _Draft(trig, sent)
            self._roles(draft, places)
            if trig.entry.needs_place and not draft.places and not self._anaphoric_place(draft):
                continue
            self._modality(draft, trigger_heads)
            if draft.modality == "skip":
                continue
            if not draft.places and trig.entry.plover in MATERIAL_TYPES:
                self._fallback_place(draft, places, paragraph_places)
            self._date(draft)
            if self._historical(draft):
                continue
            drafts.append(draft)
        drafts = self._drop_argument_triggers(drafts)
        drafts = self._merge_linked(drafts)
        self._fatalities(sent, drafts)
        drafts.extend(self._derived_support_events(drafts))
        return drafts

    def _dispute_parties(self, h: Token) -> list[Token]:
        """The sides of a clash: its subject and the objects of with/against/between."""
        out = [c for c in h.children if c.dep_ in ("nsubj", "poss")]
        if h.dep_ in ("acl", "relcl") or (h.dep_ == "conj" and not out):
            out.append(h.head)
        for prep in h.children:
            if prep.dep_ == "prep" and prep.lower_ in ("with", "against", "between"):
                for p in prep.children:
                    if p.dep_ == "pobj":
                        out.extend([p, *p.conjuncts])
        return out

    def _verbal_dispute(self, trig: Trigger) -> bool:
        """A clash of words, not of arms: no violence word in the sentence, a political figure
        on one side, and an issue ("over the budget"), a forum ("in parliament") or a
        political figure on the other side too."""
        cue = self.lex.cue
        h = trig.head
        if trig.entry.plover != "ASSAULT" or h.lemma_.lower() not in cue("verbal_dispute_words"):
            return False
        if any({t.lemma_.lower(), t.lower_} & cue("physical_clash_words") for t in h.sent):
            return False
        figures = cue("political_figures")

        def political(t: Token) -> bool:
            return t.ent_type_ == "PERSON" or any(
                {w.lemma_.lower(), w.lower_} & figures
                for w in (t, *(c for c in t.children if c.dep_ in ("compound", "amod"))))

        sides = [p for p in self._dispute_parties(h) if political(p)]
        if not sides:
            return False
        issue = any(prep.dep_ == "prep" and prep.lower_ in cue("dispute_issue_prepositions")
                    for prep in h.children)
        forum = any(t.lemma_.lower() in cue("verbal_dispute_context") for t in h.sent)
        return issue or forum or len(sides) >= 2

    def _obligations(self, sent: Span, triggers: list[Trigger]) -> list[Trigger]:
        """'X said Y must return Z' with no trigger in the demand: the demand is a REQUEST."""
        cue = self.lex.cue
        heads = {t.head.i for t in triggers}
        found = []
        for tok in sent:
            if tok.pos_ in ("VERB", "AUX") and self._said_content(tok) and \
                    any(c.dep_ == "aux" and c.lower_ in cue("obligation_auxiliaries")
                        for c in tok.children) and \
                    not any(t.i in heads for t in _own_clause(tok)) and \
                    self._obliged_party(tok):
                found.append(Trigger(tok, [tok], OBLIGATION))
        return found

    def _obliged_party(self, verb: Token) -> bool:
        """A demand binds someone: "the economy should be growing" or "the issue should be
        dealt with" is a forecast or an opinion, not a demand made of a party."""
        cue = self.lex.cue
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects:
            return True
        party_words = cue("political_nouns") | cue("party_nouns") | cue("political_figures") | \
            cue("charging_nouns")
        return any(s.pos_ == "PRON" or s.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or
                   s.lemma_.lower() in party_words or s.lower_ in party_words
                   for s in subjects)

    def _said_content(self, verb: Token) -> bool:
        """The clause is what someone says: the complement of a reporting verb ("said Y must
        pay") or of a speech noun ("a statement that Y must free Z")."""
        head = verb.head.lemma_.lower()
        if verb.head.i == verb.i:
            return False
        return (verb.dep_ == "ccomp" and head in self.lex.cue("reporting_verbs")) or (
            verb.dep_ in ("acl", "ccomp") and head in self.lex.cue("speech_nouns"))

    def _is_event(
        self, trig: Trigger, trigger_heads: dict[int, Trigger], seen_types: set[str]
    ) -> bool:
        h = trig.head
        cue = self.lex.cue
        entry = trig.entry
        if h.pos_ in NOMINAL_POS:
            dets = {c.lower_ for c in h.children if c.dep_ in ("det", "predet")}
            if dets & cue("anaphoric_determiners"):
                return False
            definite = "the" in dets
            if definite and entry.plover in seen_types and not self._has_target(h):
                return False
            if entry.weak and not (self._has_target(h) or self._launched(h) or
                                   self._place_compound(h)):
                return False
            if definite and entry.weak and not self._has_target(h):
                return False
        if entry.main_clause_only and h.dep_ not in ("ROOT", "conj", "ccomp"):
            return False
        # "X backed by Y": the participle names a relation, not an event
        if h.dep_ in ("acl", "amod") and any(c.dep_ == "agent" for c in h.children) and \
                h.lemma_ in cue("support_relations"):
            return False
        if entry.plover == "ASSAULT" and self._sport_or_market(h):
            return False  # "the striker attacked the flank", "prices hit a record"
        if h.ent_type_ in cue("name_entity_labels") and h.pos_ == "PROPN":
            return False  # "Shell and Watson were charged": part of a name, not a word
        if entry.plover in MATERIAL_TYPES and self._figurative(trig, trigger_heads):
            return False
        head_trigger = trigger_heads.get(h.head.i) if h.head.i != h.i else None
        if h.dep_ == "compound" and head_trigger is not None:
            return False  # "ceasefire agreement": the head noun carries the event
        if h.dep_ == "acl" and head_trigger is not None and not any(
                c.dep_ in ("dobj", "nsubj") for c in h.children):
            return False  # "the agreement signed in 2020" describes that noun's event
        copula_noun = h if h.dep_ == "attr" else (h.head if h.dep_ in ("relcl", "acl") else None)
        if copula_noun is not None and copula_noun.dep_ == "attr" and \
                copula_noun.head.lemma_ == "be":
            return False  # "the tax is an attack on the poor": a figure of speech
        if entry.speech_act and self._everyday_sense(trig):
            return False
        if self._publication(h):
            return False  # "released a statement", "the data released by the ministry"
        if entry.plover not in MATERIAL_TYPES and self._court_business(h):
            return False  # "asked for a 30-year sentence", "the court rejected the motion"
        if entry.plover not in MATERIAL_TYPES and self._no_counterpart(trig):
            return False
        if entry.acled_class == "territory" and self._taken_not_place(h):
            return False  # "the inmates were captured in X": people caught, not ground taken
        if entry.plover == "ASSAULT" and h.lemma_.lower() in cue("civil_campaign_words") and \
                any(t.lower_ in cue("election_words") for t in _clause_of(h)):
            return False  # "launched her campaign ... in this year's election"
        if entry.speech_act and self._purpose_of_protest(h, trigger_heads):
            return False  # "staged a protest to demand higher pay": the protest's aim
        if h.dep_ == "amod":  # "allied militias", "wounded soldiers" name, not report
            return False
        if h.dep_ == "acomp" and h.pos_ in VERBAL_POS:
            return False  # "the resemblance was striking" describes
        if self._ordinary_sense(trig):
            return False
        for anc in h.ancestors:
            if anc.lemma_.lower() in cue("non_event_heads") or anc.lower_ in cue(
                    "non_event_heads"):
                return False
        for anc in self._embedding_chain(h):
            outer = trigger_heads.get(anc.i)
            if outer is not None and outer.entry.speech_act and outer.entry.plover != "ACCUSE":
                return False
        return True

    def _sport_or_market(self, h: Token) -> bool:
        """A violent word whose own participants are a game's or a market's: the subject,
        object or a prepositional object of the trigger (or of the verb that launches it)
        is a sports or market word ("the striker attacked", "an assault on the title",
        "inflation hit savers"). Only the trigger's arguments count: the site of a fight
        ("near the stadium") or another clause of the sentence says nothing about it."""
        cue = self.lex.cue
        words = cue("sports_context") | cue("non_violent_context")
        carrier = self._governor(h)
        if carrier.i == h.i and h.pos_ in NOMINAL_POS and h.dep_ in (
                "dobj", "nsubj", "nsubjpass", "attr") and h.head.pos_ in VERBAL_POS:
            carrier = h.head  # "the batsmen killed the bowling attack": the verb reports it
        for arg, participant in _arguments(h, carrier, cue("place_prepositions")):
            if arg.lower_ in words:
                return True
            if participant and any(w.lower_ in words for w in _premodifiers(arg)):
                return True  # "tennis star Sinner battled"
        return False

    def _figurative(self, trig: Trigger, trigger_heads: dict[int, Trigger]) -> bool:
        """A violent word used of things, not of people acting on people: "fought two
        apartment fires", "tariffs that targeted China", "hit by road closures", "a legal
        battle"; and, for any material type, a word that names a kind of thing: "gun laws",
        "riot gear", "the detention centre"."""
        cue = self.lex.cue
        h = trig.head
        own = {t.i for t in trig.tokens}

        def words(t: Token) -> set[str]:
            return {t.lemma_.lower(), t.lower_}

        if h.dep_ == "compound" and h.head.i not in trigger_heads and \
                words(h.head) & cue("non_event_compound_heads"):
            return True
        if trig.entry.plover != "PROTEST" and h.pos_ in NOMINAL_POS and any(
                c.dep_ in ("amod", "compound", "nmod") and words(c) & cue("figurative_modifiers")
                for c in h.children):
            return True  # "a legal battle", "a cardiac arrest"
        objects = cue("figurative_objects")
        preps = cue("figurative_prepositions")
        if trig.entry.plover != "PROTEST" and any(  # "on alert against ransomware attacks"
                c.dep_ == "prep" and c.lower_ == "against" and c.i not in own and any(
                    p.dep_ == "pobj" and any(words(w) & objects for w in (p, *p.children)
                                             if w.i == p.i or w.dep_ == "compound")
                    for p in c.children) for c in h.children):
            return True
        if trig.entry.plover != "ASSAULT":
            return False  # "protests against the new law" are protests all the same
        if any(c.dep_ == "prep" and c.lower_ in ("in", "through") and any(
                p.dep_ == "pobj" and words(p) & cue("figurative_arenas") for p in c.children)
               for c in h.children):
            return True  # "the disputes were fought in the courts"
        for c in h.children:
            if c.i in own:
                continue
            if c.dep_ in ("dobj", "nsubjpass") and words(c) & objects:
                return True
            if c.dep_ == "dobj" and any(  # "fought a legal battle"
                    g.dep_ in ("amod", "compound") and words(g) & cue("figurative_modifiers")
                    for g in c.children):
                return True
            if c.dep_ == "prep" and c.lower_ in preps and any(
                    p.dep_ == "pobj" and words(p) & objects for p in c.children):
                return True
            # "blasted it as an insincere effort", "took over as presenter"
            if c.dep_ == "prep" and c.lower_ == "as" and any(
                    p.dep_ == "pobj" and words(p) & cue("figurative_as_objects")
                    for p in c.children):
                return True
        subjects = cue("non_agent_subjects")
        if h.dep_ == "acl" and h.tag_ == "VBG" and words(h.head) & subjects:
            return True  # "hurricanes striking the coast"
        for c in h.children:
            subject = c
            if c.dep_ == "nsubj" and c.lower_ in ("that", "which") and h.dep_ == "relcl":
                subject = h.head
            elif c.dep_ == "agent":
                subject = next((p for p in c.children if p.dep_ == "pobj"), c)
            elif c.dep_ != "nsubj":
                continue
            # "hit by a week of closures": the measure phrase's content is the subject
            heads = [subject, *(p for prep in subject.children if prep.lower_ == "of"
                                for p in prep.children if p.dep_ == "pobj")]
            if any(words(x) & subjects for x in heads):
                return True
        return False

    def _ordinary_sense(self, trig: Trigger) -> bool:
        """Uses of an event word that report no event: a habit ("lawmakers traditionally
        don't meet on Fridays"), sharing no resource ("share values"), a money transaction
        ("withdrew $500"), a won contest ("beat her rival by 300 votes"), an adjective ("the
        likeness was striking"), an expectation ("in for a fight") and a verbless headline
        fragment that names nothing but the deed ("The Ferrari invasion.")."""
        cue = self.lex.cue
        h = trig.head
        kids = list(h.children)
        if self._habitual(h):
            return True
        if h.pos_ in VERBAL_POS and h.lemma_.lower() in cue("sharing_verbs") and not any(
                c.dep_ in ("dobj", "nsubjpass") and {c.lemma_.lower(), c.lower_} & cue(
                    "shared_resources") for c in kids):
            return True  # "share the same values", "shares baking tips"
        if h.pos_ in VERBAL_POS and h.lemma_.lower() in cue("financial_sense_verbs") and any(
                c.dep_ in ("dobj", "nsubjpass", "npadvmod") and (c.ent_type_ == "MONEY" or any(
                    g.tag_ == "$" for g in c.children)) for c in kids):
            return True
        if trig.entry.plover == "ASSAULT" and h.lemma_.lower() in cue("contest_win_verbs") and \
                _won_contest(_clause_of(h), cue("contest_score_words") | cue("sports_context")):
            return True
        if trig.entry.plover == "ASSAULT" and h.tag_ == "VBG" and \
                h.lower_ in cue("adjectival_participles") and \
                not any(c.dep_ in ("dobj", "prep", "agent") for c in kids):
            return True
        if h.dep_ == "pobj" and h.head.lower_ == "for" and h.head.head.lower_ == "in":
            return True  # "they are in for a fight": an expectation, not a fight
        if h.dep_ == "pobj" and h.head.lower_ == "in" and any(
                c.dep_ == "prep" and c.lower_ == "of" for c in kids):
            return True  # "in aid of", "in support of": a purpose, not a deed
        sent = h.sent
        return h.pos_ in NOMINAL_POS and sent.root.i == h.i and len(trig.tokens) == 1 and \
            not any(t.pos_ in VERBAL_POS for t in sent) and \
            not any(c.dep_ == "prep" for c in kids)

    def _habitual(self, h: Token) -> bool:
        """A present-tense verb with a frequency adverb or a recurring time ("on Fridays")."""
        cue = self.lex.cue
        if h.pos_ not in VERBAL_POS:
            return False
        kids = list(h.children)
        present = h.tag_ in ("VBP", "VBZ") or any(
            c.dep_ == "aux" and c.tag_ in ("VBP", "VBZ") and c.lemma_.lower() == "do"
            for c in kids)
        if not present:
            return False
        if any(c.dep_ == "advmod" and c.lower_ in cue("habitual_adverbs") for c in kids):
            return True
        return any(c.dep_ == "prep" and any(p.dep_ == "pobj" and p.lower_ in cue(
            "habitual_time_nouns") for p in c.children) for c in kids)

    def _everyday_sense(self, trig: Trigger) -> bool:
        """A statement word in its everyday sense: a question ("asked how", "when asked
        about"), a plea in court ("pleaded guilty"), a market ("growing demand for"), a
        danger ("a profit warning", "the terrorist threat", "without warning")."""
        cue = self.lex.cue
        h = trig.head
        lemma = h.lemma_.lower()
        kids = list(h.children)
        if trig.entry.plover == "REQUEST" and lemma in cue("question_verbs"):
            if h.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ == "when"
                                         for c in kids):
                return True  # "when asked about ..."
            for c in kids:
                if c.dep_ == "prep" and c.lower_ in cue("question_words"):
                    return True
                if c.dep_ in ("ccomp", "advcl", "xcomp") and (
                        c.i < h.i or any(w.lower_ in cue("question_words") and w.i < c.i + 1
                                         for w in c.subtree if w.i <= c.i)):
                    return True  # "asked why ...", '"...?" he asked'
        if trig.entry.plover == "REQUEST" and any(
                w.lower_ in cue("plea_words") for c in kids for w in (c, *c.children)):
            return True
        if trig.entry.plover == "REQUEST" and lemma in cue("content_request_words") and not (
                any(c.dep_ in ("xcomp", "ccomp") for c in kids) or any(
                c.dep_ == "prep" and c.lower_ == "for" for c in kids) or any(
                c.dep_ == "prep" and c.lower_ == "to" and any(
                    p.dep_ == "pobj" and self._party_phrase(p) for p in c.children)
                for c in kids)):
            return True  # "the plan appealed to them", "an appeal against the ruling"
        if h.pos_ in NOMINAL_POS:
            mods = {w for c in kids if c.dep_ in ("amod", "compound", "nmod")
                    for w in (c.lemma_.lower(), c.lower_)}
            mods |= {c.lemma_.lower() for c in h.conjuncts}
            if h.dep_ == "conj":
                mods.add(h.head.lemma_.lower())
            if trig.entry.plover == "REQUEST" and mods & cue("market_demand_modifiers"):
                return True
            if trig.entry.plover == "THREATEN" and mods & cue("non_threat_modifiers"):
                return True
        return trig.entry.plover == "THREATEN" and h.dep_ in ("pobj", "pcomp") and \
            h.head.lower_ in cue("non_threat_prepositions")

    def _court_business(self, h: Token) -> bool:
        """Litigation steps are court news, not acts between political parties: a statement
        word about a sentence, bail or testimony, or a court, judge or counsel acting on a
        case's papers ("the court dismissed the charges", "counsel opposed the plea")."""
        cue = self.lex.cue
        # "released him on a suspended sentence": the terms of a release, not its content
        terms = {t.i for c in h.children if c.dep_ == "prep" and c.lower_ in cue(
            "court_term_prepositions") for t in c.subtree}
        if any(t.i != h.i and t.i not in terms and t.pos_ in NOMINAL_POS and t.lemma_.lower()
               in cue("court_procedure_objects") for t in h.subtree):
            return True
        subjects = [c for c in h.children if c.dep_ == "nsubj"]
        if not subjects and h.dep_ == "conj":
            subjects = [c for c in h.head.children if c.dep_ == "nsubj"]
        if not any(s.lemma_.lower() in cue("court_roles") for s in subjects):
            return False
        objects = [c for c in h.children if c.dep_ == "dobj"]
        objects += [p for c in h.children if c.dep_ == "prep" and c.lower_ == "for"
                    for p in c.children if p.dep_ == "pobj"]
        return any({o.lemma_.lower(), o.lower_} & cue("court_matters") for o in objects)

    def _publication(self, h: Token) -> bool:
        """A release-type word whose object is a document or a product ("released a
        statement / its figures / a new album") publishes; it frees no one."""
        cue = self.lex.cue
        if h.pos_ not in VERBAL_POS or h.lemma_.lower() not in cue("publication_verbs"):
            return False
        objs = [c for c in h.children if c.dep_ in ("dobj", "nsubjpass")]
        if h.dep_ in ("acl", "relcl"):
            objs.append(h.head)
        docs = cue("document_objects")
        return any({o.lemma_.lower(), o.lower_} & docs or any(
            c.dep_ == "compound" and c.lemma_.lower() in docs for c in o.children)
            for o in objs)

    def _taken_not_place(self, h: Token) -> bool:
        """The word's object is people or things, not ground: no place name, no place noun."""
        objs = [c for c in h.children if c.dep_ in ("dobj", "nsubjpass")]
        if not objs:
            return False
        territory = self.lex.cue("territory_nouns")
        return not any(w.ent_type_ in PLACE_LABELS or w.lemma_.lower() in territory or
                       w.lower_ in territory for o in objs for w in o.subtree)

    def _no_counterpart(self, trig: Trigger) -> bool:
        """A meeting word with no one to meet: "hosted a tasting", "visited some sites",
        "met Jaime's new baby" (the object of host/visit/meet must be a party or a meeting);
        "talked about the trends", "discussed the plan" (talk/discuss need a partner: "with
        X", or a plural subject that talks among itself); "agrees that the train is a good
        alternative" (an opinion, not an agreement to act)."""
        cue = self.lex.cue
        h = trig.head
        lemma = h.lemma_.lower()
        if h.pos_ not in VERBAL_POS and h.pos_ != "ADJ":
            return False
        kids = list(h.children)
        consult = trig.entry.plover == "CONSULT"
        if consult and lemma in cue("counterpart_verbs"):
            objs = [c for c in kids if c.dep_ in ("dobj", "nsubjpass")]
            if h.dep_ in ("acl", "relcl") and not objs and not any(
                    c.dep_ == "nsubj" for c in kids):
                objs = [h.head]  # "a talk show hosted by ...": the show is what is hosted
            return any(not self._party_phrase(o) and not {o.lemma_.lower(), o.lower_} &
                       cue("meeting_nouns") for o in objs)
        if consult and lemma in cue("topic_verbs"):
            if any(c.dep_ == "prep" and c.lower_ in ("with", "among", "between") for c in kids):
                return False
            subjects = [c for c in kids if c.dep_ in ("nsubj", "nsubjpass")]
            if not subjects:
                inherited = self._agent_inherited(h)
                subjects = [inherited] if inherited is not None else []
            return not any(s.tag_ in ("NNS", "NNPS") or s.conjuncts or
                           s.lower_ in ("we", "they") or s.lemma_.lower() in cue("party_nouns")
                           for s in subjects)
        if trig.entry.plover == "AGREE" and lemma in cue("opinion_verbs"):
            complements = [c for c in kids if c.dep_ in ("xcomp", "dobj", "prep", "ccomp")]
            if not complements:
                return True  # "Nelson agrees."
            return all(c.dep_ == "ccomp" or (c.dep_ == "prep" and c.lower_ == "with" and not
                       any(self._party_phrase(p) for p in c.children if p.dep_ == "pobj"))
                       for c in complements)  # "agrees with the mayor that ..."
        return False

    @staticmethod
    def _purpose_of_protest(h: Token, trigger_heads: dict[int, Trigger]) -> bool:
        """A to-infinitive under a protest clause states what the protest wants."""
        if h.dep_ not in ("advcl", "xcomp", "acl", "relcl") or not any(
                c.dep_ == "aux" and c.lower_ == "to" for c in h.children):
            return False
        head = h.head
        around = [head, *head.children]
        return any(trigger_heads.get(t.i) is not None and
                   trigger_heads[t.i].entry.plover == "PROTEST" for t in around)

    def _embedding_chain(self, h: Token, *, through_clauses: bool = False) -> list[Token]:
        """The heads that embed h as a complement; a coordinated or adverbial clause stops it
        unless `through_clauses` (a reporting verb covers its whole complement)."""
        chain = []
        node = h
        relations = self.lex.cue("embedding_relations")
        if through_clauses:
            relations = relations | {"advcl", "conj"}
        while node.dep_ in relations and node.head.i != node.i:
            node = node.head
            chain.append(node)
        return chain

    def _has_target(self, h: Token) -> bool:
        return any(
            c.dep_ == "prep" and c.lower_ in self.lex.cue("target_prepositions")
            for c in h.children
        ) or any(c.dep_ in ("dobj", "nsubjpass") for c in h.children)

    def _launched(self, h: Token) -> bool:
        launch = self.lex.cue("launch_verbs")
        if h.dep_ in ("dobj", "nsubjpass", "attr") and h.head.lemma_ in launch:
            return True
        return any(c.dep_ in ("acl", "relcl") and c.lemma_ in launch for c in h.children)

    @staticmethod
    def _place_compound(h: Token) -> bool:
        return any(c.dep_ in ("compound", "nmod", "amod") and c.ent_type_ in PLACE_LABELS
                   for c in h.children)

    def _anaphoric_place(self, draft: _Draft) -> bool:
        p = draft.patient
        return p is not None and p.lemma_.lower() in self.lex.cue("location_anaphora")

    # ------------------------------------------------------------------ roles
    def _governor(self, h: Token) -> Token:
        """The verb whose clause carries a noun trigger ("launched an offensive")."""
        launch = self.lex.cue("launch_verbs")
        node = h
        for _ in range(3):
            if node.dep_ in ("dobj", "nsubjpass", "attr", "pobj") and node.head.lemma_ in launch:
                return node.head
            if node.dep_ == "pobj" and node.head.dep_ == "prep":
                node = node.head.head
                continue
            break
        return h

    def _roles(self, draft: _Draft, places: list[PlaceMention]) -> None:
        h = draft.trigger.head
        gov = self._governor(h)
        agent = self._agent(h) or (self._agent(gov) if gov.i != h.i else None)
        cue = self.lex.cue
        # "Vietnam is committed to", "troops were withdrawn": the subject acts all the same
        # "diplomats expelled from X": a bare participle on a noun is passive too
        reduced = h.dep_ == "acl" and h.tag_ == "VBN" and h.head.pos_ in NOMINAL_POS and \
            not any(c.dep_ in ("dobj", "conj") for c in h.children)
        passive = (_is_passive(h) or reduced or (gov.i != h.i and _is_passive(gov))) and \
            h.lemma_.lower() not in cue("stative_participles") and \
            draft.trigger.entry.plover not in cue("passive_subject_acts_types")
        if agent is None and passive:
            agent = self._passive_agent(h) or (self._passive_agent(gov) if gov.i != h.i
                                               else None)
        if agent is None:
            agent = self._agent_inherited(gov)
        if agent is None and h.pos_ in VERBAL_POS and not passive:
            # the word just before a passive verb is its patient, never its agent
            agent = self._agent_nearby(h)
            draft.agent_fallback = agent is not None
        if agent is None:
            blamed = self._blamed(h)
            if blamed is not None:
                agent = blamed
                draft.blamed = blamed
        if agent is not None and self._place_at(agent, places) is not None and \
                self.actors.resolve(self._phrase(agent)) is None:
            agent = None  # a town is not an agent
        draft.agent = agent
        if agent is not None:
            draft.co_agents = [c for c in agent.conjuncts if c.i > agent.i]
            draft.co_agents += [
                pobj for prep in agent.children if prep.lower_ == "along"
                for w in prep.children if w.lower_ == "with"
                for pobj in w.children if pobj.dep_ == "pobj"
            ]
            draft.backers = self._backers(agent)
        patients = self._patients(h) or (self._patients(gov) if gov.i != h.i else [])
        material = draft.trigger.entry.plover in MATERIAL_TYPES
        for p in patients:
            place = self._place_in(p, places)
            if place and not material and all(x.is_country for x in place):
                place = []
            if place:
                draft.places.extend(place)
            elif draft.patient is None and p.lemma_.lower() not in self.lex.cue(
                    "location_anaphora"):
                draft.patient = p
            elif draft.patient is None:
                draft.patient = p
        if draft.patient is None and draft.trigger.entry.mode == "dispute":
            draft.patient = next((p for p in self._dispute_parties(h)
                                  if draft.agent is None or p.i != draft.agent.i), None)
        if draft.patient is None and draft.trigger.entry.speech_act:
            draft.patient = self._complement_party(h)
        if not draft.places:
            for node in {h, gov}:
                for prep in node.children:
                    if prep.dep_ == "prep" and prep.lower_ in self.lex.cue("place_prepositions"):
                        for pobj in prep.children:
                            draft.places.extend(self._place_in(pobj, places))
            if not draft.places and h.pos_ in NOMINAL_POS:
                for c in h.children:
                    if c.dep_ in ("compound", "nmod", "amod"):
                        p = self._place_at(c, places)
                        if p is not None and not p.is_country:
                            draft.places.append(p)
        # prefer towns over the countries that contain them
        specific = [p for p in draft.places if not p.is_country]
        if specific:
            draft.places = specific
        draft.places = _unique_places(draft.places)

    def _agent(self, v: Token) -> Token | None:
        for c in v.children:
            if c.dep_ == "agent":
                for pobj in c.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        if v.pos_ in VERBAL_POS:
            # a mis-parse can give two subjects ("Sudan's paramilitary | Rapid Support
            # Forces"): a noun beats an adjective
            subjects = sorted((c for c in v.children if c.dep_ in ("nsubj", "csubj")),
                              key=lambda c: c.pos_ == "ADJ")
            for c in subjects:
                if c.lower_ in ("that", "which", "who") and v.dep_ == "relcl":
                    return v.head
                return c
            return None
        for c in v.children:
            if c.dep_ == "poss":
                return c
        for c in v.children:
            if c.dep_ in ("amod", "compound", "nmod") and c.i < v.i and (
                    c.ent_type_ in ("NORP", "GPE", "ORG") or c.ent_id_.startswith("actor:")):
                if self.actors.resolve(c.text) is not None:
                    return c
        return None

    def _passive_agent(self, v: Token) -> Token | None:
        """A passive verb's by-phrase names its agent, also where the parse hangs it on a
        later noun ("was charged with fraud by prosecutors"): look among the verb's
        right-side descendants, within its own clause."""
        if not _is_passive(v):
            return None
        not_agents = self.lex.cue("by_phrase_non_agent_labels")
        for t in v.subtree:
            if t.i <= v.i or t.lower_ != "by" or t.dep_ not in ("prep", "agent"):
                continue
            node, inside = t.head, True
            while node.i != v.i:
                if node.pos_ in VERBAL_POS or node.dep_ in CLAUSE_DEPS:
                    inside = False
                    break
                node = node.head
            if not inside:
                continue
            for p in t.children:
                if p.dep_ == "pobj" and p.pos_ in NOMINAL_POS and p.ent_type_ not in not_agents:
                    return p
        return None

    def _agent_inherited(self, v: Token) -> Token | None:
        """Subjects shared through coordination, control and participles; "issued a
        statement condemning X": the statement's issuer condemns."""
        if v.dep_ == "acl" and v.head.lemma_.lower() in self.lex.cue("speech_nouns") and \
                v.head.dep_ == "dobj" and v.head.head.pos_ in VERBAL_POS:
            issuer = self._agent(v.head.head)
            if issuer is not None:
                return issuer
        node = v
        for _ in range(4):
            if node.dep_ in ("xcomp", "conj", "advcl", "pcomp", "prep") and node.head.i != node.i:
                node = node.head
                if node.pos_ not in VERBAL_POS:
                    continue
                found = self._agent(node)
                if found is not None:
                    return found
            else:
                break
        return None

    def _agent_nearby(self, h: Token) -> Token | None:
        """No subject in the parse ("..., but the US, declined"): the actor just before."""
        i = h.i - 1
        sent_start = h.sent.start
        steps = 0
        while i >= sent_start and steps < 6:
            t = h.doc[i]
            if t.pos_ in VERBAL_POS and t.dep_ not in ("aux", "auxpass"):
                return None
            if (t.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") or t.pos_ in NOMINAL_POS) and \
                    self.actors.resolve(t.text) is not None:
                return t
            i -= 1
            steps += 1
        return None

    def _complement_party(self, h: Token) -> Token | None:
        """"declined to launch attacks jointly with Russia": the other party is inside."""
        for comp in h.children:
            if comp.dep_ not in ("xcomp", "ccomp"):
                continue
            for t in comp.subtree:
                if t.dep_ == "pobj" and t.head.lower_ in ("with", "against", "to") and \
                        self.actors.resolve(t.text) is not None:
                    return t
        return None

    def _blamed(self, h: Token) -> Token | None:
        """"X has been held responsible for / accused of / blamed for Y" -> X."""
        blame = self.lex.cue("blame_verbs")
        adjectives = self.lex.cue("blame_adjectives")
        for anc in h.ancestors:
            if anc.lemma_ in blame:
                has_adj = any(c.lower_ in adjectives for c in anc.children)
                if anc.lemma_ == "hold" and not has_adj:
                    continue
                for c in anc.children:
                    if c.dep_ == "nsubjpass":
                        return c
                for c in anc.children:
                    if c.dep_ == "dobj":
                        return c
            if anc.pos_ in VERBAL_POS and anc.lemma_ not in blame and anc.dep_ == "ROOT":
                break
        return None

    def _backers(self, agent: Token) -> list[Token]:
        out = []
        for c in agent.children:
            if c.dep_ in ("acl", "amod") and c.lemma_ in self.lex.cue("support_relations"):
                for a in c.children:
                    if a.dep_ == "agent":
                        out.extend(p for p in a.children if p.dep_ == "pobj")
        return out

    def _patients(self, v: Token) -> list[Token]:
        out: list[Token] = []
        targets = self.lex.cue("target_prepositions")
        for c in v.children:
            if v.pos_ in VERBAL_POS and c.dep_ in ("dobj", "nsubjpass"):
                if c.dep_ == "nsubjpass" and v.dep_ == "relcl" and \
                        c.lower_ in ("who", "that", "which"):
                    c = v.head  # "envoys who were expelled": the envoys
                out.append(c)
            elif c.dep_ == "prep" and c.lower_ in targets | {"of"}:
                if c.lower_ == "of" and v.pos_ not in NOMINAL_POS:
                    continue
                out.extend(p for p in c.children if p.dep_ == "pobj")
            elif c.dep_ == "prt" and c.lower_ in ("into", "on"):
                out.extend(p for p in c.children if p.dep_ == "pobj")
        if not out and v.dep_ == "acl" and v.tag_ == "VBN" and v.head.pos_ in NOMINAL_POS:
            out.append(v.head)  # "diplomats being expelled": the noun is the patient
        expanded: list[Token] = []
        for p in out:
            expanded.append(p)
            expanded.extend(p.conjuncts)
        return expanded

    def _place_at(self, tok: Token, places: list[PlaceMention]) -> PlaceMention | None:
        for p in places:
            if p.start <= tok.i < p.end:
                return p
        return None

    def _place_in(self, tok: Token, places: list[PlaceMention]) -> list[PlaceMention]:
        """The place a patient phrase names: "the city of Tabqa", "spots in Tabqa".

        The first place is the most specific one; a later one contains it ("Kautikari in
        Borno state") and is kept as its container for when the first cannot be found.
        """
        found: list[PlaceMention] = []
        for t in tok.subtree:
            p = self._place_at(t, places)
            if p is not None and p not in found:
                # "pro-US rebels" names a side, not a place
                if t.dep_ == "amod" or (t.i + 1 < len(t.doc) and t.nbor().text == "-"):
                    continue
                found.append(p)
        if not found:
            return []
        found.sort(key=lambda p: p.is_country)  # stable: the first town or region first
        if len(found) > 1:
            self._containers[found[0].start_char] = found[1]
        return [found[0]]

    def _fallback_place(
        self, draft: _Draft, places: list[PlaceMention], paragraph_places: list[PlaceMention]
    ) -> None:
        """No place in the event's own words: the nearest earlier place in its paragraph."""
        h = draft.trigger.head
        agent_ids = {t.i for t in draft.agent.subtree} if draft.agent is not None else set()
        before = [p for p in places if p.end <= h.i and p.start not in agent_ids
                  and not p.is_country]
        after = [p for p in places if p.start > h.i and p.start not in agent_ids
                 and not p.is_country]
        if before and self._anaphoric_place(draft):
            draft.places = [before[-1]]
        elif paragraph_places:
            draft.places = [paragraph_places[-1]]
        elif after:
            draft.places = [after[0]]
        elif before:
            draft.places = [before[-1]]
        else:
            return
        draft.place_fallback = True

    # ------------------------------------------------------------------ modality
    def _modality(self, draft: _Draft, trigger_heads: dict[int, Trigger]) -> None:
        h = draft.trigger.head
        cue = self.lex.cue
        gov = self._governor(h)
        clause = [h] if gov.i == h.i else [h, gov]
        if h.pos_ in NOMINAL_POS and h.dep_ in ("nsubj", "nsubjpass", "dobj") and \
                h.head not in clause:
            clause.append(h.head)  # "will extend the curfew": the verb carries the tense
        negated = any(
            c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no")
            for node in clause for c in node.children
        )
        hypothetical = any(
            (c.dep_ == "aux" and c.lower_ in cue("hypothetical_auxiliaries"))
            or (c.dep_ == "mark" and c.lower_ in cue("hypothetical_marks"))
            for node in clause for c in node.children
        )
        planned = any(
            c.dep_ == "aux" and c.lower_ in cue("future_auxiliaries")
            for node in clause for c in node.children
        )
        denied = alleged = claimed = False
        # walk up the clause chain for embedding verbs
        chain = self._embedding_chain(clause[-1], through_clauses=True)
        draft.conditional = any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in cue("threat_conditions")
                                      for m in c.children)
            for node in clause for c in node.children)
        upto = next((k for k, a in enumerate(chain) if a.lemma_.lower() in cue(
            "reporting_verbs")), None)
        below = None
        if upto is not None:
            below = clause + chain[:upto]
        elif self._said_content((chain or clause)[-1]):
            below = clause + chain
        if below is not None:
            draft.obliged = any(c.dep_ == "aux" and c.lower_ in cue("obligation_auxiliaries")
                                for node in below for c in node.children)
        if chain and chain[-1].dep_ in ("advcl", "conj") and chain[-1].lemma_.lower() in cue(
                "reporting_verbs"):
            chain.append(chain[-1].head)  # "..., saying its fighters attacked"
        complement = True  # still inside the complements: an adverbial clause is its own act
        below_node = clause[-1]
        for anc in chain:
            complement = complement and below_node.dep_ != "advcl"
            below_node = anc
            lemma = anc.lemma_.lower()
            if lemma in cue("deny_verbs") and anc.i not in trigger_heads:
                denied = True
                self._set_speaker(draft, anc)
                break
            if lemma in cue("planned_verbs") and lemma != "announce" and complement:
                planned = True
            if lemma in cue("negating_verbs") and anc.i not in trigger_heads and complement:
                negated = True  # "failed to reach an agreement": it did not happen
            if lemma in cue("blame_verbs") and draft.blamed is not None:
                alleged = True
            outer = trigger_heads.get(anc.i)
            if outer is not None and outer.entry.plover == "ACCUSE":
                alleged = True
                self._set_speaker(draft, anc)
            if lemma in cue("reporting_verbs"):
                claimed = True
                self._set_speaker(draft, anc)
                if any(c.dep_ == "aux" and c.lower_ in cue("future_auxiliaries")
                       for c in anc.children):
                    planned = True
        if draft.blamed is not None:
            alleged = True
        if not claimed:
            sayer = self._sentence_attribution(draft.sent, h)
            if sayer is not None:
                claimed = True
                draft.speaker = draft.speaker or sayer
        reported = claimed or any(a.lemma_.lower() in cue("reporting_verbs") for a in chain)
        if hypothetical and reported and not any(
                c.dep_ == "aux" and c.lower_ in ("could", "might", "may") for node in clause
                for c in node.children) and not any(
                c.dep_ == "mark" and c.lower_ in cue("hypothetical_marks") for node in clause
                for c in node.children):
            hypothetical, planned = False, True  # "said X would attack": future in the past
        if negated:
            draft.modality = "negated"
        elif denied:
            draft.modality = "denied"
        elif hypothetical:
            draft.modality = "hypothetical"
        elif planned:
            draft.modality = "planned"
        elif alleged:
            draft.modality = "alleged"
        elif claimed:
            draft.modality = "claimed"

    def _set_speaker(self, draft: _Draft, verb: Token) -> None:
        if not any(c.dep_ in ("nsubj", "agent") for c in verb.children) and verb.dep_ in (
                "advcl", "conj", "xcomp") and verb.head.i != verb.i:
            verb = verb.head  # "X claimed ..., saying ...": X speaks
        for c in verb.children:
            if c.dep_ in ("nsubj", "agent"):
                speaker = c if c.dep_ == "nsubj" else next(
                    (p for p in c.children if p.dep_ == "pobj"), None)
                if speaker is not None and speaker.lower_ not in ("it", "that", "which"):
                    draft.speaker = speaker
                return

    def _sentence_attribution(self, sent: Span, h: Token) -> Token | None:
        """Trailing or parenthetical reporting clauses: "..., Lavrov stated." and
        "..., informed the foreign minister." and "according to X"."""
        cue = self.lex.cue
        root = sent.root
        candidates = [root] + [c for c in root.children if c.dep_ in (
            "conj", "parataxis", "ccomp", "advcl")]
        for v in candidates:
            if v.lemma_.lower() not in cue("reporting_verbs") or v.i < h.i:
                continue
            if v.i == root.i and h.i > v.i:
                continue
            speaker = next((c for c in v.children if c.dep_ == "nsubj"), None)
            if speaker is None:
                speaker = next((c for c in v.children if c.dep_ == "dobj"), None)
            if speaker is not None and speaker.lower_ not in ("it",):
                return speaker
        for tok in sent:
            if tok.lower_ == "according" and tok.i + 1 < sent.end and \
                    tok.nbor().lower_ == "to":
                pobj = next((c for c in tok.nbor().children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        return None

    # ------------------------------------------------------------------ dates, numbers
    def _date(self, draft: _Draft) -> None:
        sent = draft.sent
        h = draft.trigger.head
        gov = self._governor(h)
        owners = {h.i, gov.i}
        launch = self.lex.cue("launch_verbs")
        owners.update(c.i for c in h.children if c.dep_ in ("acl", "relcl") and
                      c.lemma_ in launch)
        for anc in h.ancestors:
            if anc.lemma_ in launch and anc.pos_ in VERBAL_POS:
                owners.add(anc.i)
            else:
                break
        best: tuple[int, int] | None = None
        for start, end in self._date_spans(sent):
            if best is not None and start < best[1]:
                continue
            span = sent.doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            node = span.root
            if any(c.dep_ in ("nsubj", "aux") for c in node.children):
                continue  # "like they did last week": the date has its own clause
            owner = None
            for anc in node.ancestors:
                if anc.pos_ in VERBAL_POS or anc.i in owners:
                    owner = anc
                    break
            if owner is not None and owner.i in owners:
                if best is None:
                    best = (start, end)
                else:  # merge adjacent pieces ("Monday" + "morning")
                    best = (best[0], max(best[1], end))
        if best is not None:
            draft.date_phrase = best

    def _date_spans(self, sent: Span) -> list[tuple[int, int]]:
        """The sentence's date phrases (NER and the time stage's rules), in text order; kept
        per sentence because every event drafted in it asks (the rules cost most)."""
        cache = sent.doc.user_data.setdefault("flashpoint_date_spans", {})
        spans = cache.get(sent.start)
        if spans is None:
            found = {(e.start_char, e.end_char) for e in sent.ents
                     if e.label_ in ("DATE", "TIME")}
            if self.find_date_phrases is not None:
                found.update((sent.start_char + s, sent.start_char + e)
                             for s, e in self.find_date_phrases(sent.text))
            spans = cache[sent.start] = sorted(found, key=lambda s: (s[0], -s[1]))
        return spans

    def _historical(self, draft: _Draft) -> bool:
        """An event noun dated by a bare year ("the 1914 assassination", "the attacks of
        2015") is history recalled, not news: a report dates what just happened by day,
        week or month. The coder has no publication date, so a year alone is the cue."""
        h = draft.trigger.head
        if draft.date_phrase is None or h.pos_ not in NOMINAL_POS:
            return False  # a verb's year is left to the dating stage, which knows the date
        start, end = draft.date_phrase
        span = draft.sent.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not (span.root.head.i == h.i or (
                span.root.head.dep_ == "prep" and span.root.head.head.i == h.i)):
            return False  # the year must be the event noun's own: "the 2015 attacks"
        words = doc_text(draft.sent.doc)[start:end].lower().split()
        words = [w for w in words if w not in self.lex.cue("year_phrase_words")]
        return len(words) == 1 and len(words[0]) in (4, 5) and words[0][:4].isdigit() and \
            words[0][:2] in ("18", "19", "20") and words[0][4:] in ("", "s")

    def _fatalities(self, sent: Span, drafts: list[_Draft]) -> None:
        violent = [d for d in drafts if d.trigger.entry.plover == "ASSAULT"]
        if not violent:
            return
        for fat in find_fatalities(sent.text, sent.start_char):
            nearest = min(violent, key=lambda d: abs(d.trigger.start_char - (fat.start or 0)))
            if nearest.fatalities is None:
                nearest.fatalities = fat

    # ------------------------------------------------------------------ merging, support
    def _drop_argument_triggers(self, drafts: list[_Draft]) -> list[_Draft]:
        """"police dispersed the protesters": the protesters are a role, not a second event."""
        out = []
        for d in drafts:
            h = d.trigger.head
            inside = any(
                o is not d and o.patient is not None and h in o.patient.subtree
                and o.trigger.entry.plover in MATERIAL_TYPES
                for o in drafts
            )
            if inside and h.pos_ in NOMINAL_POS and self.actors.resolve(h.text) is not None:
                continue
            out.append(d)
        return out

    def _merge_linked(self, drafts: list[_Draft]) -> list[_Draft]:
        """One sentence, one violent event: "attacked the village, killing five" is one."""
        kept: list[_Draft] = []
        for d in drafts:
            host = None
            if d.trigger.entry.plover == "ASSAULT":
                for k in kept:
                    if k.trigger.entry.plover != "ASSAULT" or k.modality != d.modality:
                        continue
                    heads = [k.trigger.head, *k.merged_heads]
                    linked = any(d.trigger.head in x.subtree or x in d.trigger.head.subtree
                                 for x in heads)
                    same_place = d.place_fallback or k.place_fallback or not d.places or \
                        not k.places or {p.text for p in d.places} == {p.text for p in k.places}
                    same_agent = d.agent is None or k.agent is None or \
                        d.agent.i == k.agent.i or d.agent.i == k.trigger.head.i or \
                        k.agent.i == d.trigger.head.i  # "air strikes killed 30": one event
                    killing = "killing" in (d.trigger.entry.acled_class,
                                            k.trigger.entry.acled_class)
                    if linked and (same_place or killing) and same_agent:
                        host = k
                        break
            if host is None:
                kept.append(d)
                continue
            host.merged_heads.append(d.trigger.head)
            if host.agent is None or host.agent.i == d.trigger.head.i:
                host.agent = d.agent
            host.patient = host.patient or d.patient
            if d.places and not d.place_fallback and (
                    host.place_fallback or not host.places or
                    (d.trigger.head.pos_ in VERBAL_POS and host.trigger.head.pos_ not in
                     VERBAL_POS)):  # the verb's "in X" names the site
                host.places, host.place_fallback = d.places, False
            host.date_phrase = host.date_phrase or d.date_phrase
            if _specificity(d) > _specificity(host):
                host.trigger = d.trigger
        return kept

    def _derived_support_events(self, drafts: list[_Draft]) -> list[_Draft]:
        """"X, backed by Y's warplanes, attacked Z": Y's air strikes on Z are events too."""
        out = []
        for d in drafts:
            if d.trigger.entry.plover != "ASSAULT" or d.modality in ("negated", "hypothetical"):
                continue
            for backer in d.backers + d.co_agents:
                match = self.actors.resolve(self._phrase(backer), prefer_military=True)
                if match is None or match.means not in ("air", "drone"):
                    continue
                extra = _Draft(d.trigger, d.sent, agent=backer, places=list(d.places),
                               place_fallback=d.place_fallback, modality=d.modality,
                               speaker=d.speaker, date_phrase=d.date_phrase,
                               derived_means=match.means,
                               host_agent=d.agent)
                out.append(extra)
        return out

    # ------------------------------------------------------------------ denials
    def _denial(self, sent: Span, events: list[Event]) -> Denial | None:
        """"Russia has denied this allegation" attaches to the event it denies."""
        cue = self.lex.cue
        for tok in sent:
            if tok.lemma_.lower() not in cue("deny_verbs") or tok.pos_ not in VERBAL_POS:
                continue
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "ccomp", "xcomp")), None)
            if obj is not None and obj.pos_ in NOMINAL_POS and obj.lemma_.lower() not in cue(
                    "allegation_nouns") and not any(t.lemma_.lower() in cue("allegation_nouns")
                                                    for t in obj.subtree):
                continue  # "denied the request" is a rejection, not a denial of an event
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None) or \
                self._agent_inherited(tok)
            if subj is None:
                continue
            match = self.actors.resolve(self._phrase(subj))
            if match is not None and match.actor.country is None and any(
                    c.dep_ == "poss" and c.lower_ in ("its", "their") for c in subj.children):
                owner = self._root_subject_country(sent)
                if owner is not None:
                    match = self.actors.resolve(self._phrase(subj), context_country=owner)
            if match is None:
                continue
            denier = match.actor
            denied_types = {t.entry.plover for t in self.lex.find_triggers(sent)
                            if t.head in tok.subtree and t.head.i != tok.i}
            recent = [e for e in reversed(events[-12:])
                      if e.modality in ("alleged", "claimed", "asserted")]
            # the denier's own side: the same actor, or the same state ("Russia" denies what
            # "Russian jets" did); failing that, an attack of the denied kind with no named
            # perpetrator ("shells hit a market ... X denied shelling")
            candidates = [e for e in recent if _same_side(e.actor1, denier)] or [
                e for e in recent if e.actor1 is None and e.plover.type in denied_types]
            if candidates:
                event = candidates[0]
                denial = Denial(text=self._phrase(subj), name=denier.name,
                                evidence=_evidence(sent))
                event.denials.append(denial)
                event.modality = "alleged"
                return denial
        return None

    def _has_party(self, d: _Draft, plover_type: str, actor1: Actor | None,
                   actor2: Actor | None) -> bool:
        """PLOVER codes what political actors do to each other: a statement-type event
        ("offered free trials", "asked for help", "met as teenagers") needs a party in one of
        its roles (agent, target or speaker): an actor of a political kind, a phrase with a
        political noun ("opposition lawmakers"), a country or nationality, or an organisation
        whose name says it is a state body, party, armed group or NGO ("the Interior
        Ministry", not "Alcoa"). Material events (attacks, arrests, protests) and whatever
        ACLED codes carry their own weight."""
        if plover_type in MATERIAL_TYPES or d.derived_means:
            return True
        cue = self.lex.cue
        if any(a is not None and a.kind not in cue("non_political_kinds")
               for a in (actor1, actor2)):
            return True
        if plover_type in cue("place_party_types") and d.places and not d.place_fallback:
            return True  # "thousands fled the town of Bunia": a move on the map
        roles = [t for t in (d.agent, d.patient, d.speaker) if t is not None]
        roles += self._clause_parties(d.trigger.head)
        if any(self._party_phrase(t) for t in roles):
            return True
        # "he would be ready to host": a pronoun's party is named elsewhere in the sentence
        pronoun = any(t.lower_ in cue("third_person_pronouns") for t in roles)
        return pronoun and any(self._party_phrase(e.root) for e in d.sent.ents)

    @staticmethod
    def _clause_parties(h: Token) -> list[Token]:
        """The trigger's own subject and the subject and objects of the words that carry it
        ("Finland will give Tanzania a grant", "Israel and Lebanon renewed negotiations",
        "Pakistan has refused to deploy ... and urged", "the party issued a declaration
        demanding"): who the event is about, even where the roles found no actor."""
        args = ("nsubj", "nsubjpass", "dobj", "dative")
        out: list[Token] = [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass", "dative")]
        out += [p for c in h.children if c.dep_ == "agent" for p in c.children]
        node = h
        for _ in range(3):
            if node.head.i == node.i or node.dep_ not in (
                    "dobj", "pobj", "prep", "attr", "xcomp", "dative", "oprd", "acomp", "conj",
                    "acl", "advcl"):
                break
            node = node.head
            found = [c for c in node.children if c.dep_ in args and c.i != h.i]
            out += found + [c for t in found for c in t.conjuncts]
        out += [c for t in out[:2] for c in t.conjuncts]
        # "talks with X", "a mediation effort between X and Y", "opened investigations
        # against X": the other side named by a preposition
        for carrier in {h.i: h, node.i: node}.values():
            for prep in carrier.children:
                if prep.dep_ == "prep" and prep.lower_ in PARTY_PREPOSITIONS:
                    pobjs = [p for p in prep.children if p.dep_ == "pobj"]
                    out += pobjs + [c for p in pobjs for c in p.conjuncts]
        return out

    def _unattributed_charge(self, d: _Draft, plover_type: str, actor1: Actor | None) -> bool:
        """A criminal charge is an ACCUSE by the state (CAMEO 1121): "police charged him
        with murder". With no one charging ("a man has been charged with theft", "the
        accused"), it is court news, not an event between parties; one who accuses in the
        active voice is left to the party test."""
        h = d.trigger.head
        if plover_type != "ACCUSE" or h.lemma_.lower() not in self.lex.cue("legal_charge_words"):
            return False
        if h.pos_ in NOMINAL_POS or h.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            return True  # "the accused": a person, not an act
        if any(c.dep_ == "nsubj" for c in h.children) or any(
                c.dep_ == "agent" for c in h.children):
            return False
        state = self.lex.cue("charging_kinds")
        if actor1 is not None and actor1.kind in state and d.agent is not None and \
                d.agent.dep_ != "nsubjpass":
            return False
        for tok in (d.agent, d.speaker):
            if tok is None or tok.dep_ == "nsubjpass":
                continue
            match = self.actors.resolve(self._phrase(tok))
            if (match is not None and match.actor.kind in state) or \
                    tok.lemma_.lower() in self.lex.cue("charging_nouns"):
                return False
        return True

    def _party_phrase(self, tok: Token) -> bool:
        """Whether a role's noun phrase names a political party (see `_has_party`): a
        political word in the phrase ("opposition lawmakers", "Cairo's security chief"), an
        actor the dictionary knows, a country or people heading it ("Serbia", not "the
        Russian Higher School"), or an organisation whose name says it is political."""
        cue = self.lex.cue
        political = cue("political_nouns")
        if tok.lemma_.lower() in cue("local_body_nouns") and tok.ent_type_ != "ORG" and all(
                c.lemma_.lower() in cue("local_body_markers") for c in tok.children
                if c.dep_ in ("compound", "amod", "nmod", "poss", "prep")):
            return False  # "the council agreed 12 house purchases": a town's business
        heads = [tok, *(c for c in tok.children if c.dep_ in ("appos", "poss"))]
        heads += [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                  for p in c.children if p.dep_ == "pobj"]  # "the head of the delegation"
        words = heads + [w for h in heads for c in h.children
                         if c.dep_ in ("compound", "amod", "nmod") for w in c.subtree]
        if any(w.lemma_.lower() in political or w.lower_ in political for w in words):
            return True
        for w in heads:
            if w.ent_type_ in cue("party_entity_labels"):
                return True
            if w.ent_type_ == "ORG":  # only a body whose name says it is political
                ent = next((e for e in w.doc.ents if e.start <= w.i < e.end), None)
                names = ent if ent is not None else [w]
                if any(n.lemma_.lower() in cue("political_org_words") or
                       n.lower_ in cue("political_org_words") for n in names):
                    return True
        if tok.pos_ in NOMINAL_POS:
            match = self.actors.resolve(self._phrase(tok))
            if match is not None and match.actor.kind not in cue("non_political_kinds"):
                return True
        return False

    # ------------------------------------------------------------------ to records
    def _phrase(self, tok: Token) -> str:
        """The words of a noun phrase without its clauses, conjuncts and side remarks."""
        keep: list[Token] = []

        def walk(t: Token) -> None:
            for c in t.lefts:
                if c.dep_ not in PHRASE_DROP_DEPS:
                    walk(c)
            keep.append(t)
            for c in t.rights:
                if c.dep_ in PHRASE_DROP_DEPS:
                    continue
                if c.dep_ == "prep" and c.lower_ not in ("of", "for"):
                    continue
                walk(c)

        walk(tok)
        keep.sort(key=lambda t: t.i)
        return " ".join(t.text for t in keep if not t.is_space)

    @staticmethod
    def _clause_text(h: Token) -> str:
        """The words of the clause that reports the trigger (cue words count only there)."""
        node = h
        while node.pos_ not in VERBAL_POS and node.head.i != node.i:
            node = node.head
        if node.dep_ in ("acl", "relcl") and node.head.i != node.i:
            node = node.head
        while node.dep_ == "conj" and node.head.i != node.i:
            node = node.head  # "protesters hurled stones and set fire": one subject
        return " ".join(t.text for t in node.subtree)

    def _span_of(self, tok: Token) -> tuple[int, int]:
        ids = [t for t in tok.subtree if t.dep_ not in PHRASE_DROP_DEPS or t.i == tok.i]
        start = min(t.idx for t in ids)
        end = max(t.idx + len(t.text) for t in ids)
        return start, end

    def _actor(self, tok: Token | None, *, military: bool) -> tuple[Actor | None, str | None]:
        if tok is None:
            return None, None
        match = self.actors.resolve(self._phrase(tok), prefer_military=military)
        if match is None:
            return None, None
        if match.means == "artillery" and match.actor.country is None and \
                match.actor.kind in STATE_KINDS:
            return None, match.means  # "artillery shells hit": a munition, shooter unnamed
        actor = match.actor
        start, end = self._span_of(tok)
        actor.text = doc_text(tok.doc)[start:end]
        actor.start, actor.end = start, end
        return actor, match.means

    def _root_subject_country(self, sent: Span) -> str | None:
        return self._country_of([c for c in sent.root.children if c.dep_ == "nsubj"])

    def _speaker_country(self, d: _Draft) -> str | None:
        candidates = [d.speaker] if d.speaker is not None else []
        candidates += [c for c in d.sent.root.children if c.dep_ == "nsubj"]
        return self._country_of(candidates)

    def _country_of(self, candidates: list[Token]) -> str | None:
        for tok in candidates:
            match = self.actors.resolve(self._phrase(tok))
            if match is not None and match.actor.country:
                return match.actor.country
        return None

    def _to_events(self, article_id: str, d: _Draft) -> list[Event]:
        entry = d.trigger.entry
        violent = entry.plover in ("ASSAULT",)
        first_person = self.lex.cue("first_person_pronouns")
        if d.agent is not None and d.agent.pos_ == "PRON" and d.agent.lower_ in first_person and \
                d.speaker is not None and d.speaker.lower_ not in first_person:
            d.agent = d.speaker  # '"We will not negotiate," the minister said': the speaker
        actor1, means1 = self._actor(d.agent, military=violent)
        if (actor1 is None or actor1.country is None) and d.derived_means and \
                d.agent is not None and d.host_agent is not None:
            # "Nigerian troops backed by air force jets": the jets fly for the same side,
            # unless the words say they are someone else's ("coalition warplanes")
            host, _ = self._actor(d.host_agent, military=True)
            words = {t.lower_ for t in d.agent.subtree}
            if host is not None and host.country and not words & self.lex.cue("foreign_markers"):
                again = self.actors.resolve(self._phrase(d.agent), context_country=host.country,
                                            prefer_military=True)
                if again is not None:
                    start, end = self._span_of(d.agent)
                    again.actor.text, again.actor.start, again.actor.end = tok_text(
                        d.agent, start, end)
                    again.actor.confidence = min(again.actor.confidence, 0.6)
                    actor1 = again.actor
        if actor1 is not None and actor1.country is None and d.agent is not None and any(
                c.dep_ == "poss" and c.lower_ in ("its", "their") for c in d.agent.children):
            # "Russia's ministry said its forces ...": the owner is the speaker's side
            owner = self._speaker_country(d)
            if owner is not None:
                again = self.actors.resolve(self._phrase(d.agent), context_country=owner,
                                            prefer_military=violent)
                if again is not None:
                    again.actor.text, again.actor.start, again.actor.end = (
                        actor1.text, actor1.start, actor1.end)
                    actor1 = again.actor
        if d.agent_fallback and actor1 is not None:
            actor1.confidence = 0.6
        actor2, _ = self._actor(d.patient, military=False)
        if actor1 is not None and actor2 is not None and actor1.name == actor2.name:
            actor2 = None
        if actor2 is None and d.patient is not None and d.patient.ent_type_ == "NORP" and \
                d.patient.tag_ in ("NNPS", "NNS"):
            # "killed 30 Palestinians": a people named by nationality are civilians
            people = self.actors.resolve(d.patient.text)
            if people is not None and people.actor.country:
                civ = self.actors.resolve("civilians", context_country=people.actor.country)
                if civ is not None:
                    actor2 = civ.actor
                    start, end = self._span_of(d.patient)
                    actor2.text, actor2.start, actor2.end = tok_text(d.patient, start, end)
        fat = d.fatalities
        if actor2 is None and fat is not None and violent and any(
                w in fat.text.lower() for w in ("lives", "civilian", "people", "resident",
                                                "villager", "children", "women")):
            actor2 = Actor(text=fat.text, name="Civilians", country=None, kind="civilians",
                           start=fat.start, end=fat.end, confidence=0.6)
        means = d.derived_means or entry.means or means1
        for c in d.trigger.head.children:
            if c.dep_ in ("compound", "amod") and c.lower_ in ("air", "aerial", "airstrike"):
                means = means or "air"
            if c.dep_ in ("compound", "amod") and c.lower_ in ("drone",):
                means = "drone"
            if c.dep_ in ("compound", "amod") and c.lower_ in ("artillery", "mortar", "rocket",
                                                                "missile", "tank"):
                means = means or "artillery"
        mode = entry.mode
        if means in ("air", "drone") and entry.plover == "ASSAULT":
            mode = "aerial"
        elif means == "artillery" and entry.plover == "ASSAULT":
            mode = "heavy-weapons"
        attribution = None
        modality = d.modality
        speaker = d.speaker
        if speaker is not None and speaker.sent == d.sent:
            start, end = self._span_of(speaker)
            text = doc_text(speaker.doc)[start:end]
            match = self.actors.resolve(self._phrase(speaker))
            attribution = Attribution(text=text, name=match.actor.name if match else text,
                                      start=start, end=end)
            # "claimed" is for a party's word; witnesses and reporters leave it asserted
            party = match is not None or speaker.lemma_.lower() in self.lex.cue("party_nouns")
            if modality == "claimed" and (not party or (match is not None and match.actor.kind in (
                    "civilians", "other"))):
                modality = "asserted"
        plover_type = entry.plover
        remapped = self.lex.type_by_modality.get(modality, {}).get(plover_type)
        if d.conditional and modality in ("planned", "hypothetical") and \
                plover_type in self.lex.cue("threat_types"):
            remapped = "THREATEN"  # "will withdraw its troops unless ...": a conditional threat
        if d.obliged:
            remapped = "REQUEST"  # "X said Y must return Z": X demands it
        if remapped is not None:  # "will visit" is an expressed intent: AGREE, asserted
            plover_type, mode, modality = remapped, None, "asserted"
        acled = None
        if remapped is None and modality in ("asserted", "claimed", "alleged", "denied"):
            codes = acled_codes(
                self.lex, "air" if d.derived_means else entry.acled_class, means=means,
                target_kind=actor2.kind if actor2 else None,
                actor1_state=(actor1.kind in STATE_KINDS) if actor1 else None,
                sentence_lower=self._clause_text(d.trigger.head).lower(),
                actor1_kind=actor1.kind if actor1 else None,
            )
            if codes is not None:
                acled = AcledCode(*codes)
                follow = self.lex.acled.get("plover_by_acled", {}).get(acled.sub_event_type)
                if follow is not None:  # "rioters torched cars" is a PROTEST (riot)
                    plover_type, mode = follow[0], follow[1]
        if self._unattributed_charge(d, plover_type, actor1):
            return []
        if (acled is None or acled.sub_event_type in self.lex.cue("party_acled_subtypes")) and \
                not self._has_party(d, plover_type, actor1, actor2):
            return []
        sent = d.sent
        evidence = _evidence(sent)
        base_conf = 0.85
        if d.agent is None:
            base_conf -= 0.15
        if d.place_fallback:
            base_conf -= 0.15
        if entry.weak:
            base_conf -= 0.1
        if d.derived_means:
            base_conf -= 0.1
        places = d.places or [None]
        events = []
        for place in places:
            location = None
            if place is not None:
                location = Location(
                    text=place.text, name=place.text, start=place.start_char,
                    end=place.end_char, precision=3 if place.is_country else (
                        2 if place.text.split()[-1].lower() in REGION_WORDS else 1),
                    confidence=0.5 if d.place_fallback else 0.9,
                )
            cues: dict[str, Any] = {
                "tense": "future" if modality == "planned" else "past",
                "co_actors": [self._phrase(t) for t in d.co_agents],
                "place_fallback": d.place_fallback,
                "means": means,
                "derived": bool(d.derived_means),
            }
            if d.date_phrase is not None:
                cues["date_phrase"] = d.date_phrase
            container = self._containers.get(place.start_char) if place else None
            if container is not None:
                cues["container"] = container.text
            events.append(Event(
                article_id=article_id,
                plover=PloverCode(plover_type, mode, []),
                acled=acled,
                actor1=actor1,
                actor2=actor2,
                location=location,
                date=None,
                fatalities=fat if violent else None,
                modality=modality,  # type: ignore[arg-type]
                attribution=attribution,
                denials=[],
                evidence=evidence,
                confidence=max(0.1, base_conf),
                trigger=d.trigger.text,
                trigger_start=d.trigger.start_char + (1 if d.derived_means else 0),
                cues=cues,
            ))
        return events


def _is_passive(v: Token) -> bool:
    """A passive verb: its grammatical subject is the patient."""
    return v.pos_ in VERBAL_POS and any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)


def _same_side(actor: Actor | None, denier: Actor) -> bool:
    if actor is None:
        return False
    if actor.name == denier.name:
        return True
    return bool(actor.country) and actor.country == denier.country and \
        actor.kind in STATE_KINDS and denier.kind in STATE_KINDS


def _own_clause(tok: Token) -> list[Token]:
    """The clause's words without the relative clauses of its nouns: in "must pay for the
    trucks that were looted", the looting is another event, not the demanded act."""
    out = []
    stack = [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "acl"))
    return out


def _arguments(h: Token, gov: Token, settings: frozenset[str]) -> list[tuple[Token, bool]]:
    """The trigger's own arguments, each with whether it is a participant (subject, agent,
    object, possessor, the object of a non-place preposition) or only a setting (the object
    of an in/at/near phrase); for a noun, the launching verb's arguments too."""
    out: list[tuple[Token, bool]] = []
    if h.dep_ in ("acl", "relcl") and h.head.i != h.i:
        out.append((h.head, True))  # "fans fighting outside": the fans
    for node in (h, gov) if gov.i != h.i else (h,):
        for c in node.children:
            if c.dep_ in ("nsubj", "nsubjpass", "csubj", "dobj", "dative", "attr", "oprd",
                          "poss"):
                arg = node.head if c.lower_ in ("who", "that", "which") and \
                    node.dep_ == "relcl" else c
                out.append((arg, True))
            elif c.dep_ in ("agent", "prep"):
                participant = c.dep_ == "agent" or c.lower_ not in settings
                out.extend((p, participant) for p in c.children if p.dep_ in ("pobj", "pcomp"))
    return out + [(c, role) for arg, role in out for c in arg.conjuncts]


def _premodifiers(tok: Token) -> list[Token]:
    """The words in front of a noun that classify it ("tennis star", "the team's coach")."""
    out = []
    stack = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ in ("compound", "amod", "nmod", "poss"))
    return out


def _clause_of(h: Token) -> list[Token]:
    """The words of the trigger's own clause: the trigger's phrase, and from the verb that
    carries it, the clause without the clauses embedded in it (relative, adverbial,
    complement or coordinated clauses) that do not hold the trigger."""
    node = h
    while node.pos_ not in VERBAL_POS and node.head.i != node.i:
        node = node.head
    path = {h.i, *(a.i for a in h.ancestors)}
    phrase = list(h.subtree) if node.i != h.i else []  # a noun's own modifiers and clauses
    out, stack = [], [node]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in CLAUSE_DEPS or c.i in path)
    return out + phrase


def _won_contest(clause: list[Token], score_words: frozenset[str]) -> bool:
    """A contest's result in the clause: a score word ("by 300 votes", "in the final") or a
    scoreline ("6-3")."""
    for t in clause:
        if t.lower_ in score_words:
            return True
        if t.like_num and t.i + 2 < len(t.doc) and t.nbor().text == "-" and \
                t.nbor(2).like_num and t.nbor(2).i - t.i == 2:
            return True
    return False


def tok_text(tok: Token, start: int, end: int) -> tuple[str, int, int]:
    return doc_text(tok.doc)[start:end], start, end


def _specificity(d: _Draft) -> int:
    # a killing told beside its attack ("clashed ..., killing 12") adds the toll, not the kind
    order = ["killing", "armed_violence", "territory", "air", "remote", "shelling",
             "explosive", "suicide", "grenade", "chemical"]
    cls = d.trigger.entry.acled_class
    return order.index(cls) if cls in order else -1


def _unique_places(places: Iterable[PlaceMention]) -> list[PlaceMention]:
    seen: set[int] = set()
    out = []
    for p in places:
        if p.start_char not in seen:
            seen.add(p.start_char)
            out.append(p)
    return out


def _evidence(sent: Span) -> Evidence:
    """The sentence without surrounding whitespace; offsets still slice the article."""
    text = sent.text
    start = sent.start_char + len(text) - len(text.lstrip())
    return Evidence(text.strip(), start, start + len(text.strip()))


def code_document(
    document: Document,
    doc: Doc,
    actors: ActorResolver,
    find_date_phrases: Callable[[str], list[tuple[int, int]]] | None = None,
) -> list[Event]:
    return EventCoder(actors, find_date_phrases=find_date_phrases).code(document, doc)


__all__: Sequence[str] = ["EventCoder", "code_document", "ActorResolver"]
