"""Whether an event's roles name a political party (PLOVER codes what parties do)."""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.events.context import Context
from flashpoint.events.draft import Draft
from flashpoint.events.grammar import entity_of, noun_phrase, sentence_ents
from flashpoint.events.knowledge import NOMINAL_POS
from flashpoint.record import Actor


def has_party(ctx: Context, d: Draft, plover_type: str, actor1: Actor | None,
               actor2: Actor | None) -> bool:
    """PLOVER codes what political actors do to each other: a statement-type event
    ("offered free trials", "asked for help", "met as teenagers") needs a party in one of
    its roles (agent, target or speaker): an actor of a political kind, a phrase with a
    political noun ("opposition lawmakers"), a country or nationality, or an organisation
    whose name says it is a state body, party, armed group or NGO ("the Interior
    Ministry", not a mining company). Material events (attacks, arrests, protests) and whatever
    ACLED codes carry their own weight."""
    if plover_type in ctx.lex.cues.material_types or d.derived_means:
        return True
    cues = ctx.lex.cues
    if any(a is not None and a.kind not in cues.non_political_kinds
           for a in (actor1, actor2)):
        return True
    if plover_type in cues.place_party_types and d.places and not d.place_fallback:
        return True  # "thousands fled the town of Bunia": a move on the map
    roles = [t for t in (d.agent, d.patient, d.speaker) if t is not None]
    roles += clause_parties(ctx, d.trigger.head)
    if any(party_phrase(ctx, t) for t in roles):
        return True
    # "he would be ready to host": a pronoun's party is named elsewhere in the sentence
    pronoun = any(t.lower_ in cues.third_person_pronouns for t in roles)
    return pronoun and any(party_phrase(ctx, e.root) for e in sentence_ents(d.sent))


def clause_parties(ctx: Context, h: Token) -> list[Token]:
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
            if prep.dep_ == "prep" and prep.lower_ in ctx.lex.cues.party_prepositions:
                pobjs = [p for p in prep.children if p.dep_ == "pobj"]
                out += pobjs + [c for p in pobjs for c in p.conjuncts]
    return out


def unattributed_charge(ctx: Context, d: Draft, plover_type: str, actor1: Actor | None) -> bool:
    """A criminal charge is an ACCUSE by the state (CAMEO 1121): "police charged him
    with murder". With no one charging ("a man has been charged with theft", "the
    accused"), it is court news, not an event between parties; one who accuses in the
    active voice is left to the party test."""
    h = d.trigger.head
    if plover_type != "ACCUSE" or h.lemma_.lower() not in ctx.lex.cues.legal_charge_words:
        return False
    if h.pos_ in NOMINAL_POS or h.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
        return True  # "the accused": a person, not an act
    if any(c.dep_ == "nsubj" for c in h.children) or any(
            c.dep_ == "agent" for c in h.children):
        return False
    state = ctx.lex.cues.charging_kinds
    if actor1 is not None and actor1.kind in state and d.agent is not None and \
            d.agent.dep_ != "nsubjpass":
        return False
    for tok in (d.agent, d.speaker):
        if tok is None or tok.dep_ == "nsubjpass":
            continue
        match = ctx.actors.resolve(noun_phrase(tok))
        if (match is not None and match.actor.kind in state) or \
                tok.lemma_.lower() in ctx.lex.cues.charging_nouns:
            return False
    return True


def party_phrase(ctx: Context, tok: Token) -> bool:
    """Whether a role's noun phrase names a political party (see `has_party`): a
    political word in the phrase ("opposition lawmakers", "Cairo's security chief"), an
    actor the dictionary knows, a country or people heading it ("Serbia", not "the
    Russian Higher School"), or an organisation whose name says it is political."""
    cues = ctx.lex.cues
    political = cues.political_nouns
    if tok.lemma_.lower() in cues.local_body_nouns and tok.ent_type_ != "ORG" and all(
            c.lemma_.lower() in cues.local_body_markers for c in tok.children
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
        if w.ent_type_ in cues.party_entity_labels:
            return True
        if w.ent_type_ == "ORG":  # only a body whose name says it is political
            ent = entity_of(w)
            names = ent if ent is not None else [w]
            if any(n.lemma_.lower() in cues.political_org_words or
                   n.lower_ in cues.political_org_words for n in names):
                return True
    if tok.pos_ in NOMINAL_POS:
        match = ctx.actors.resolve(noun_phrase(tok))
        if match is not None and match.actor.kind not in cues.non_political_kinds:
            return True
    return False
