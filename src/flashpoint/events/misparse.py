"""Parses that misread an event word, and the shapes that still tell the event.

The small English model reads some news sentences wrongly in a few regular ways: a past
verb right after its subject taken for an adjective of its object ("members of the Front
assaulted members of the League": `assaulted` an `amod` of the second `members`), an event
noun after an existential "there" taken for a predicate noun ("there were firefights"), a
comma-spliced clause taken for the complement of a later verb ("two were killed, the
gunmen also prevented access": `killed` a `ccomp` of `prevented`), a passive verb after
"was" taken for a predicate noun ("were shot dead by gunmen"). The vetoes that test for an
adjective, a predicate noun or a governing head ask these predicates first, so a misparse
does not lose the event; so is a crowd's attempt that was made ("a crowd tried to lynch
him": the mob set upon its victim, ACLED's Mob violence). Each predicate looks at the
trigger and its own neighbours only.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from flashpoint.events.crowds import crowd_agent
from flashpoint.events.knowledge import NOMINAL_POS, VERBAL_POS, Cues, Lexicon
from flashpoint.events.triggers import subject_of

# a past verb or participle: what a verb misread as an adjective is tagged
PAST_TAGS = frozenset({"VBD", "VBN"})
# what ends a noun phrase: the subject a misread verb follows
PHRASE_END_POS = frozenset({"NOUN", "PROPN"})
# what makes an existential noun a statistic or a negation ("more murders", "no request")
QUANTIFIERS = frozenset({"no", "more", "fewer", "less", "many", "most", "several", "few"})


def verb_read_as_modifier(h: Token, phrase: Sequence[Token] = ()) -> bool:
    """A verb the parser took for an adjective (`amod`) of the noun after it: it has a
    subject of its own ("members of X assaulted members of Y"), or the sentence has no verb
    at all and the word follows a noun phrase, as a verb follows its subject ("supporters
    of the candidate assaulted supporters of another"). "Three wounded soldiers" (a numeral
    before the participle) and "wounded soldiers were evacuated" (a verb elsewhere) stay
    adjectives. A verb phrase's verb taken for an adjective of the phrase's own noun
    ("..., opened fire at the procession": `opened` an `amod` of `fire`) is a verb too."""
    if h.dep_ != "amod" or h.tag_ not in PAST_TAGS:
        return False
    if any(t.i == h.head.i for t in phrase):
        return True
    if any(c.dep_ == "nsubj" for c in h.children):
        return True
    sent = h.sent
    if sent.root.pos_ in VERBAL_POS or any(
            t.pos_ in VERBAL_POS and t.dep_ not in ("amod", "acl") and t.i != h.i
            for t in sent):
        return False
    if h.i == sent.start:
        return False
    before = h.doc[h.i - 1]
    if before.pos_ == "PUNCT" and before.text in ")]" and before.i > sent.start:
        before = before.head  # "the League (BCL) assaulted": the bracket's noun
    return before.pos_ in PHRASE_END_POS and before.i < h.i and h.head.i > h.i


def verb_read_as_noun(h: Token) -> bool:
    """A verb the parser took for a noun: a noun with a direct object of its own ("Armed
    group attacks villagers"), which only a verb has."""
    return h.pos_ in NOMINAL_POS and any(c.dep_ == "dobj" for c in h.children)


def existential(h: Token) -> bool:
    """The event noun is what an existential "there is/are" introduces ("there were
    firefights near the border"): it tells that the event took place, it does not say what
    something else is. Not a count or a comparison ("there were 130 murders in 2017",
    "there were more murders than ..."), which is a statistic, nor "there was no ...": a
    negation."""
    if h.dep_ != "attr" or h.pos_ not in NOMINAL_POS or not any(
            c.dep_ == "expl" for c in h.head.children):
        return False
    return not any(c.dep_ == "nummod" or c.lower_ in QUANTIFIERS for c in h.children)


def passive_read_as_predicate(h: Token) -> bool:
    """A passive verb after "was" that the parser took for a predicate noun: no determiner,
    and a by-phrase of its own ("two policemen were shot dead by gunmen", "the house was
    petrol bombed by attackers"); "it was an attack by militants" (a determiner) stays a
    predicate noun."""
    noun = h if h.dep_ == "attr" else (h.head if h.dep_ in ("relcl", "acl") else None)
    if noun is None or noun.dep_ != "attr":
        return False
    by = any(c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by") for c in h.children)
    return by and not any(c.dep_ in ("det", "poss", "nummod") for c in noun.children)


def attempt_made(lex: Lexicon, a: Token, h: Token, material: bool) -> bool:
    """The governing word is a crowd's attempt that was made ("a crowd tried to lynch a
    thief", "villagers attempted to burn the suspect"): a past verb of the `attempt_heads`
    completed by a material act, its subject a crowd (`crowds.crowd_agent`). The crowd has
    set upon its victim, which ACLED codes as Mob violence. A force's attempt ("police tried
    to disperse them", "soldiers tried to attack but were repelled") and a future or wanted
    attempt stay no event."""
    if not (material and a.lemma_.lower() in lex.acled["cues"]["attempt_heads"] and
            a.tag_ == "VBD" and h.dep_ == "xcomp" and h.head.i == a.i):
        return False
    subject = subject_of(a)
    return subject is not None and crowd_agent(lex, subject)


def clause_before_its_head(t: Token) -> bool:
    """A clause with a subject of its own that comes before the verb the parser hangs it
    on: a sentence spliced with a comma ("two were killed, the gunmen also prevented
    access"), not a complement, which follows the verb it completes ("tried to", "aimed
    at preventing")."""
    return t.dep_ in ("ccomp", "conj") and t.pos_ in VERBAL_POS and t.i < t.head.i and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in t.children)


def governing_words(h: Token) -> list[Token]:
    """The words above the trigger within its own clause chain: a main clause coordinated
    with the first, with its own subject ("police tried to stop them, but the mob burnt the
    car"), is not governed by the first clause's verb; a clause coordinated inside a
    complement ("need to stay calm and answer better than those attacking us") still is;
    nor is a clause spliced in before the verb it hangs on (`clause_before_its_head`)."""
    out = []
    t = h
    while t.head.i != t.i:
        if t.dep_ == "conj" and t.pos_ in VERBAL_POS and t.head.dep_ == "ROOT" and any(
                c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            break
        if clause_before_its_head(t):
            break
        t = t.head
        out.append(t)
    return out


def person_word(cues: Cues, t: Token) -> bool:
    """The word names a person or people: a person noun of the cue lists or a person's
    name ("an elections observer", "a vaccination volunteer" are people, not a contest)."""
    words = {t.lemma_.lower(), t.lower_}
    return t.ent_type_ == "PERSON" or bool(words & (
        cues.unarmed_person_nouns | cues.armed_person_nouns | cues.communal_nouns))


def misread_subject(h: Token) -> Token | None:
    """The subject of a verb read as a modifier (`verb_read_as_modifier`) that has none in
    the parse: the head of the noun phrase it follows, back to a comma or the sentence
    start ("..., supporters of the candidate assaulted ...": the supporters)."""
    first = None
    for i in range(h.i - 1, h.sent.start - 1, -1):
        t = h.doc[i]
        if (t.pos_ in VERBAL_POS and t.dep_ not in ("amod", "compound")) or (
                t.pos_ == "PUNCT" and t.text not in "()[]"):
            break
        if t.pos_ in PHRASE_END_POS:
            first = t
    while first is not None and first.dep_ == "compound" and first.head.i < h.i:
        first = first.head
    return first
