"""Named predicates that say a trigger reports no event here.

`VETOES` lists them in order; `veto_of` names the first that holds. Each looks at the trigger
itself, its own arguments (subject, object, prepositional objects: `grammar.arguments`), its
own clause (`grammar.clause_of`) or the words that govern it, never at the whole sentence:
a sports word elsewhere in a sentence does not make a fight near a stadium a game.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Token

from flashpoint.events.context import Context
from flashpoint.events.grammar import (
    PLACE_LABELS,
    arguments,
    clause_of,
    embedding_chain,
    governor,
    has_target,
    launched,
    place_compound,
    premodifiers,
)
from flashpoint.events.knowledge import NOMINAL_POS, VERBAL_POS, Cues
from flashpoint.events.misparse import (
    attempt_made,
    existential,
    governing_words,
    passive_read_as_predicate,
    person_word,
    verb_read_as_modifier,
    verb_read_as_noun,
)
from flashpoint.events.parties import party_phrase
from flashpoint.events.roles import agent_inherited
from flashpoint.events.sides import between_sides, fight_site, held
from flashpoint.events.triggers import Trigger


@dataclass(frozen=True)
class Scene:
    """What a veto may look at: the trigger, the sentence's other triggers (by head token)
    and the event types already coded in this sentence."""

    ctx: Context
    trig: Trigger
    heads: dict[int, Trigger]
    seen_types: set[str]

    @property
    def h(self) -> Token:
        return self.trig.head

    @property
    def cues(self) -> Cues:
        return self.ctx.lex.cues

    @cached_property
    def dets(self) -> set[str]:
        """The determiners of a noun trigger (none for other words)."""
        if self.h.pos_ not in NOMINAL_POS:
            return set()
        return {c.lower_ for c in self.h.children if c.dep_ in ("det", "predet")}

    @cached_property
    def targeted(self) -> bool:
        return has_target(self.ctx, self.h)

    @cached_property
    def head_trigger(self) -> Trigger | None:
        h = self.h
        return self.heads.get(h.head.i) if h.head.i != h.i else None


def _weak_unsupported(s: Scene) -> bool:
    """"an operation" alone: a weak noun needs a target, a launch verb or a place, or to
    be the subject of a violent act ("a rocket hit a market": the means of the strike)."""
    violent_head = s.h.dep_ == "nsubj" and s.head_trigger is not None and \
        s.head_trigger.entry.plover == "ASSAULT"
    return s.h.pos_ in NOMINAL_POS and s.trig.entry.weak and not (
        s.targeted or launched(s.ctx, s.h) or place_compound(s.h) or violent_head or
        between_sides(s.h) or held(s.h, s.ctx.lex.acled["cues"]["gathering_verbs"]))


def _copula_figure(s: Scene) -> bool:
    """"the tax is an attack on the poor": a trigger noun as what something is."""
    h = s.h
    noun = h if h.dep_ == "attr" else (h.head if h.dep_ in ("relcl", "acl") else None)
    return noun is not None and noun.dep_ == "attr" and noun.head.lemma_ == "be" and \
        not existential(h) and not passive_read_as_predicate(h)


def _under_speech_act(s: Scene) -> bool:
    """"urged Russia not to launch the attack": the request swallows what it embeds."""
    for anc in embedding_chain(s.ctx, s.h):
        outer = s.heads.get(anc.i)
        if outer is not None and outer.entry.speech_act and outer.entry.plover != "ACCUSE":
            return True
    return False


Veto = Callable[[Scene], bool]

# In the order they are tried; a trigger is an event when none holds.
VETOES: tuple[tuple[str, Veto], ...] = (
    # "this attack", "such strikes": a reference to an event told before
    ("anaphoric", lambda s: bool(s.dets & s.cues.anaphoric_determiners)),
    # "the attack" again, with no target of its own: a type this sentence already coded
    ("repeat", lambda s: "the" in s.dets and s.trig.entry.plover in s.seen_types and
     not s.targeted),
    ("weak_unsupported", _weak_unsupported),
    ("weak_definite", lambda s: "the" in s.dets and s.trig.entry.weak and not s.targeted),
    ("subordinate", lambda s: s.trig.entry.main_clause_only and
     s.h.dep_ not in ("ROOT", "conj", "ccomp")),
    # "X backed by Y": the participle names a relation, not an event
    ("support_relation", lambda s: s.h.dep_ in ("acl", "amod") and any(
        c.dep_ == "agent" for c in s.h.children) and s.h.lemma_ in s.cues.support_relations),
    # "the striker attacked the flank", "prices hit a record"
    ("sport_or_market", lambda s: s.trig.entry.plover == "ASSAULT" and
     sport_or_market(s.ctx, s.h)),
    # "Strike and Partners were fined": part of a name, not a word
    ("part_of_name", lambda s: s.h.ent_type_ in s.cues.name_entity_labels and
     s.h.pos_ == "PROPN"),
    ("figurative", lambda s: s.trig.entry.plover in s.cues.material_types and
     figurative(s.ctx, s.trig, s.heads)),
    # "ceasefire agreement": the head noun carries the event
    ("compound_of_trigger", lambda s: s.h.dep_ == "compound" and s.head_trigger is not None),
    # "the agreement signed in 2020" describes that noun's event
    ("describes_trigger_noun", lambda s: s.h.dep_ == "acl" and s.head_trigger is not None and
     not any(c.dep_ in ("dobj", "nsubj") for c in s.h.children)),
    ("copula_figure", _copula_figure),
    ("everyday_sense", lambda s: s.trig.entry.speech_act and everyday_sense(s.ctx, s.trig)),
    # "released a statement", "the data released by the ministry"
    ("publication", lambda s: publication(s.ctx, s.h)),
    # "asked for a 30-year sentence", "the court rejected the motion"
    ("court_business", lambda s: s.trig.entry.plover not in s.cues.material_types and
     court_business(s.ctx, s.h)),
    ("no_counterpart", lambda s: s.trig.entry.plover not in s.cues.material_types and
     no_counterpart(s.ctx, s.trig)),
    # "the inmates were captured in X": people caught, not ground taken
    ("taken_not_place", lambda s: s.trig.entry.acled_class == "territory" and
     taken_not_place(s.ctx, s.h)),
    # "launched her campaign ... in this year's election" (the trigger's own clause only)
    ("election_campaign", lambda s: s.trig.entry.plover == "ASSAULT" and
     s.h.lemma_.lower() in s.cues.civil_campaign_words and
     any(t.lower_ in s.cues.election_words for t in clause_of(s.h))),
    # "staged a protest to demand higher pay": the protest's aim
    ("purpose_of_protest", lambda s: s.trig.entry.speech_act and
     purpose_of_protest(s.h, s.heads)),
    # "allied militias", "wounded soldiers" name, not report
    ("adjective", lambda s: s.h.dep_ == "amod" and
     not verb_read_as_modifier(s.h, s.trig.tokens)),
    # "the resemblance was striking" describes
    ("predicate_adjective", lambda s: s.h.dep_ == "acomp" and s.h.pos_ in VERBAL_POS),
    ("ordinary_sense", lambda s: ordinary_sense(s.ctx, s.trig)),
    # "the anniversary of the attack", "aimed at preventing an attack"
    ("non_event_head", lambda s: any(
        (a.lemma_.lower() in s.cues.non_event_heads or a.lower_ in s.cues.non_event_heads)
        and not attempt_made(s.ctx.lex, a, s.h, s.trig.entry.plover in s.cues.material_types)
        for a in governing_words(s.h))),
    ("under_speech_act", _under_speech_act),
    # "... The soldiers then recovered weapons": arms taken in a fight told before are part
    # of that fight (ACLED codes one event), not a separate disruption of weapons use; so
    # are the other side's hideouts or checkpoints destroyed after it
    ("spoils_of_fight", lambda s: "ASSAULT" in s.seen_types and s.trig.entry.objects is
     not None and (s.trig.entry.acled_class == "intercept" or (
         s.trig.entry.acled_class == "looting" and
         fight_site(s.h, s.ctx.lex.acled["cues"]["fight_site_objects"])))),
)



def veto_of(
    ctx: Context, trig: Trigger, trigger_heads: dict[int, Trigger], seen_types: set[str]
) -> str | None:
    """The name of the first veto that holds for the trigger, or None: it reports an event."""
    scene = Scene(ctx, trig, trigger_heads, seen_types)
    return next((name for name, veto in VETOES if veto(scene)), None)


def is_event(
    ctx: Context, trig: Trigger, trigger_heads: dict[int, Trigger], seen_types: set[str]
) -> bool:
    return veto_of(ctx, trig, trigger_heads, seen_types) is None


def sport_or_market(ctx: Context, h: Token) -> bool:
    """A violent word whose own participants are a game's or a market's: the subject,
    object or a prepositional object of the trigger (or of the verb that launches it)
    is a sports or market word ("the striker attacked", "an assault on the title",
    "inflation hit savers"). Only the trigger's arguments count: the site of a fight
    ("near the stadium") or another clause of the sentence says nothing about it."""
    cues = ctx.lex.cues
    words = cues.sports_context | cues.non_violent_context
    carrier = governor(ctx, h)
    if carrier.i == h.i and h.pos_ in NOMINAL_POS and h.dep_ in (
            "dobj", "nsubj", "nsubjpass", "attr") and h.head.pos_ in VERBAL_POS:
        carrier = h.head  # "the batsmen killed the bowling attack": the verb reports it
    for arg, participant in arguments(h, carrier, cues.place_prepositions):
        if arg.lower_ in words and not in_proper_name(arg):
            return True
        if participant and any(w.lower_ in words and not in_proper_name(w)
                               for w in premodifiers(arg)):
            return True  # "tennis star Sinner battled"
    return False


def in_proper_name(w: Token) -> bool:
    """A capitalised word inside a longer proper name ("the Zorat Students' League"): the
    name of an organisation, which a sports word alone does not make a club's; the common
    word ("league leaders") and a sports body's own name ("UEFA") still count."""
    if w.pos_ != "PROPN" or not w.text[:1].isupper() or w.text.isupper():
        return False
    return any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in w.children) or (
        w.dep_ == "compound" and w.head.pos_ == "PROPN")


def won_contest(clause: list[Token], score_words: frozenset[str]) -> bool:
    """A contest's result in the clause: a score word ("by 300 votes", "in the final") or a
    scoreline ("6-3")."""
    for t in clause:
        if t.lower_ in score_words:
            return True
        if t.like_num and t.i + 2 < len(t.doc) and t.nbor().text == "-" and \
                t.nbor(2).like_num and t.nbor(2).i - t.i == 2:
            return True
    return False


def figurative(ctx: Context, trig: Trigger, trigger_heads: dict[int, Trigger]) -> bool:
    """A violent word used of things, not of people acting on people: "fought two
    apartment fires", "tariffs that targeted China", "hit by road closures", "a legal
    battle"; and, for any material type, a word that names a kind of thing: "gun laws",
    "riot gear", "the detention centre"."""
    cues = ctx.lex.cues
    h = trig.head
    own = {t.i for t in trig.tokens}

    def words(t: Token) -> set[str]:
        return {t.lemma_.lower(), t.lower_}

    if h.dep_ == "compound" and h.head.i not in trigger_heads and \
            words(h.head) & cues.non_event_compound_heads:
        return True
    if trig.entry.plover != "PROTEST" and h.pos_ in NOMINAL_POS and any(
            c.dep_ in ("amod", "compound", "nmod") and words(c) & cues.figurative_modifiers
            for c in h.children):
        return True  # "a legal battle", "a cardiac arrest"
    objects = cues.figurative_objects
    preps = cues.figurative_prepositions
    if trig.entry.plover != "PROTEST" and any(  # "on alert against ransomware attacks"
            c.dep_ == "prep" and c.lower_ == "against" and c.i not in own and any(
                p.dep_ == "pobj" and any(words(w) & objects for w in (p, *p.children)
                                         if w.i == p.i or w.dep_ == "compound")
                for p in c.children) for c in h.children):
        return True
    if trig.entry.plover != "ASSAULT":
        return False  # "protests against the new law" are protests all the same
    if any(c.dep_ == "prep" and c.lower_ in cues.arena_prepositions and any(
            p.dep_ == "pobj" and words(p) & cues.figurative_arenas for p in c.children)
           for c in h.children):
        return True  # "the disputes were fought in the courts"
    for c in h.children:
        if c.i in own:
            continue
        if c.dep_ in ("dobj", "nsubjpass") and words(c) & objects:
            return True
        if c.dep_ == "dobj" and trig.entry.objects is None and not person_word(cues, c) and any(
                # "fought a legal battle": not a person, nor an object the sense chose
                g.dep_ in ("amod", "compound") and words(g) & cues.figurative_modifiers
                for g in c.children):
            return True
        if c.dep_ == "prep" and c.lower_ in preps and any(
                p.dep_ == "pobj" and words(p) & objects for p in c.children):
            return True
        # "blasted it as an insincere effort", "took over as presenter"
        if c.dep_ == "prep" and c.lower_ == "as" and any(
                p.dep_ == "pobj" and words(p) & cues.figurative_as_objects
                for p in c.children):
            return True
    subjects = cues.non_agent_subjects
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


def ordinary_sense(ctx: Context, trig: Trigger) -> bool:
    """Uses of an event word that report no event: a habit ("lawmakers traditionally
    don't meet on Fridays"), sharing no resource ("share values"), a money transaction
    ("withdrew $500"), a won contest ("beat her rival by 300 votes"), an adjective ("the
    likeness was striking"), an expectation ("in for a fight") and a verbless headline
    fragment that names nothing but the deed ("The Ferrari invasion.")."""
    cues = ctx.lex.cues
    h = trig.head
    kids = list(h.children)
    if habitual(ctx, h):
        return True
    if h.pos_ in VERBAL_POS and h.lemma_.lower() in cues.sharing_verbs and not any(
            c.dep_ in ("dobj", "nsubjpass") and {c.lemma_.lower(), c.lower_} &
            cues.shared_resources for c in kids):
        return True  # "share the same values", "shares baking tips"
    if h.pos_ in VERBAL_POS and h.lemma_.lower() in cues.financial_sense_verbs and any(
            c.dep_ in ("dobj", "nsubjpass", "npadvmod") and (c.ent_type_ == "MONEY" or any(
                g.tag_ == "$" for g in c.children)) for c in kids):
        return True
    if trig.entry.plover == "ASSAULT" and h.lemma_.lower() in cues.contest_win_verbs and \
            won_contest(clause_of(h), cues.contest_score_words | cues.sports_context):
        return True
    if trig.entry.plover == "ASSAULT" and h.tag_ == "VBG" and \
            h.lower_ in cues.adjectival_participles and \
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
        not any(c.dep_ == "prep" for c in kids) and not verb_read_as_noun(h)


def habitual(ctx: Context, h: Token) -> bool:
    """A present-tense verb with a frequency adverb or a recurring time ("on Fridays")."""
    cues = ctx.lex.cues
    if h.pos_ not in VERBAL_POS:
        return False
    kids = list(h.children)
    present = h.tag_ in ("VBP", "VBZ") or any(
        c.dep_ == "aux" and c.tag_ in ("VBP", "VBZ") and c.lemma_.lower() == "do"
        for c in kids)
    if not present:
        return False
    if any(c.dep_ == "advmod" and c.lower_ in cues.habitual_adverbs for c in kids):
        return True
    return any(c.dep_ == "prep" and any(p.dep_ == "pobj" and p.lower_ in cues.habitual_time_nouns
                                        for p in c.children) for c in kids)


def everyday_sense(ctx: Context, trig: Trigger) -> bool:
    """A statement word in its everyday sense: a question ("asked how", "when asked
    about"), a plea in court ("pleaded guilty"), a market ("growing demand for"), a
    danger ("a profit warning", "the terrorist threat", "without warning")."""
    cues = ctx.lex.cues
    h = trig.head
    lemma = h.lemma_.lower()
    kids = list(h.children)
    if trig.entry.plover == "REQUEST" and lemma in cues.question_verbs:
        if h.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ == "when"
                                     for c in kids):
            return True  # "when asked about ..."
        for c in kids:
            if c.dep_ == "prep" and c.lower_ in cues.question_words:
                return True
            if c.dep_ in ("ccomp", "advcl", "xcomp") and (
                    c.i < h.i or any(w.lower_ in cues.question_words and w.i < c.i + 1
                                     for w in c.subtree if w.i <= c.i)):
                return True  # "asked why ...", '"...?" he asked'
    if trig.entry.plover == "REQUEST" and any(
            w.lower_ in cues.plea_words for c in kids for w in (c, *c.children)):
        return True
    if trig.entry.plover == "REQUEST" and lemma in cues.content_request_words and not (
            any(c.dep_ in ("xcomp", "ccomp") for c in kids) or any(
            c.dep_ == "prep" and c.lower_ == "for" for c in kids) or any(
            c.dep_ == "prep" and c.lower_ == "to" and any(
                p.dep_ == "pobj" and party_phrase(ctx, p) for p in c.children)
            for c in kids)):
        return True  # "the plan appealed to them", "an appeal against the ruling"
    if h.pos_ in NOMINAL_POS:
        mods = {w for c in kids if c.dep_ in ("amod", "compound", "nmod")
                for w in (c.lemma_.lower(), c.lower_)}
        mods |= {c.lemma_.lower() for c in h.conjuncts}
        if h.dep_ == "conj":
            mods.add(h.head.lemma_.lower())
        if trig.entry.plover == "REQUEST" and mods & cues.market_demand_modifiers:
            return True
        if trig.entry.plover == "THREATEN" and mods & cues.non_threat_modifiers:
            return True
    return trig.entry.plover == "THREATEN" and h.dep_ in ("pobj", "pcomp") and \
        h.head.lower_ in cues.non_threat_prepositions


def court_business(ctx: Context, h: Token) -> bool:
    """Litigation steps are court news, not acts between political parties: a statement
    word about a sentence, bail or testimony, or a court, judge or counsel acting on a
    case's papers ("the court dismissed the charges", "counsel opposed the plea")."""
    cues = ctx.lex.cues
    # "released him on a suspended sentence": the terms of a release, not its content
    terms = {t.i for c in h.children if c.dep_ == "prep" and
             c.lower_ in cues.court_term_prepositions for t in c.subtree}
    if any(t.lemma_.lower() in cues.court_procedure_objects and t.i != h.i and
           t.i not in terms and t.pos_ in NOMINAL_POS for t in h.subtree):  # rare word first
        return True
    subjects = [c for c in h.children if c.dep_ == "nsubj"]
    if not subjects and h.dep_ == "conj":
        subjects = [c for c in h.head.children if c.dep_ == "nsubj"]
    if not any(s.lemma_.lower() in cues.court_roles for s in subjects):
        return False
    objects = [c for c in h.children if c.dep_ == "dobj"]
    objects += [p for c in h.children if c.dep_ == "prep" and c.lower_ == "for"
                for p in c.children if p.dep_ == "pobj"]
    return any({o.lemma_.lower(), o.lower_} & cues.court_matters for o in objects)


def publication(ctx: Context, h: Token) -> bool:
    """A release-type word whose object is a document or a product ("released a
    statement / its figures / a new album") publishes; it frees no one."""
    cues = ctx.lex.cues
    if h.pos_ not in VERBAL_POS or h.lemma_.lower() not in cues.publication_verbs:
        return False
    objs = [c for c in h.children if c.dep_ in ("dobj", "nsubjpass")]
    if h.dep_ in ("acl", "relcl"):
        objs.append(h.head)
    docs = cues.document_objects
    return any({o.lemma_.lower(), o.lower_} & docs or any(
        c.dep_ == "compound" and c.lemma_.lower() in docs for c in o.children)
        for o in objs)


def taken_not_place(ctx: Context, h: Token) -> bool:
    """The word's object is people or things, not ground: no place name, no place noun."""
    objs = [c for c in h.children if c.dep_ in ("dobj", "nsubjpass")]
    if not objs:
        return False
    territory = ctx.lex.cues.territory_nouns
    return not any(w.ent_type_ in PLACE_LABELS or w.lemma_.lower() in territory or
                   w.lower_ in territory for o in objs for w in o.subtree)


def no_counterpart(ctx: Context, trig: Trigger) -> bool:
    """A meeting word with no one to meet: "hosted a tasting", "visited some sites",
    "met Amara's new baby" (the object of host/visit/meet must be a party or a meeting);
    "talked about the trends", "discussed the plan" (talk/discuss need a partner: "with
    X", or a plural subject that talks among itself); "agrees that the train is a good
    alternative" (an opinion, not an agreement to act)."""
    cues = ctx.lex.cues
    h = trig.head
    lemma = h.lemma_.lower()
    if h.pos_ not in VERBAL_POS and h.pos_ != "ADJ":
        return False
    kids = list(h.children)
    consult = trig.entry.plover == "CONSULT"
    if consult and lemma in cues.counterpart_verbs:
        objs = [c for c in kids if c.dep_ in ("dobj", "nsubjpass")]
        if h.dep_ in ("acl", "relcl") and not objs and not any(
                c.dep_ == "nsubj" for c in kids):
            objs = [h.head]  # "a talk show hosted by ...": the show is what is hosted
        places = cues.visited_place_nouns if lemma in cues.place_visit_verbs else frozenset()
        return any(not party_phrase(ctx, o) and not {o.lemma_.lower(), o.lower_} &
                   (cues.meeting_nouns | places) for o in objs)
    if consult and lemma in cues.topic_verbs:
        if any(c.dep_ == "prep" and c.lower_ in cues.partner_prepositions for c in kids):
            return False
        subjects = [c for c in kids if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects:
            inherited = agent_inherited(ctx, h)
            subjects = [inherited] if inherited is not None else []
        return not any(s.tag_ in ("NNS", "NNPS") or s.conjuncts or
                       s.lower_ in cues.group_pronouns or s.lemma_.lower() in cues.party_nouns
                       for s in subjects)
    if trig.entry.plover == "AGREE" and lemma in cues.opinion_verbs:
        complements = [c for c in kids if c.dep_ in ("xcomp", "dobj", "prep", "ccomp")]
        if not complements:
            return True  # "Okafor agrees."
        return all(c.dep_ == "ccomp" or (c.dep_ == "prep" and c.lower_ == "with" and not
                   any(party_phrase(ctx, p) for p in c.children if p.dep_ == "pobj"))
                   for c in complements)  # "agrees with the mayor that ..."
    return False


def purpose_of_protest(h: Token, trigger_heads: dict[int, Trigger]) -> bool:
    """A to-infinitive under a protest clause states what the protest wants."""
    if h.dep_ not in ("advcl", "xcomp", "acl", "relcl") or not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in h.children):
        return False
    head = h.head
    around = [head, *head.children]
    return any(trigger_heads.get(t.i) is not None and
               trigger_heads[t.i].entry.plover == "PROTEST" for t in around)
