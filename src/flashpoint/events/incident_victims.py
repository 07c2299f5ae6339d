"""One implied victim: "residents beat and killed a presumed robber", "a priest was kidnapped,
murdered and buried", "gunmen shot dead a trader" tell one death though no number is given.

ACLED counts the deaths a report tells; a kill verb whose object (or passive subject) is one
person is one death. Read off the parse of the incident's sentence, only when no count was
found: a kill verb (`single_kill_lemmas`) or a manner verb with its result ("shot dead",
"stabbed to death", "burned alive", "gunned down"), asserted (no modal, no infinitive, not
embedded under "accused of" / "after"), whose victim is a singular noun or him/her and not an
animal nor a place. Coordinated singular victims add up ("killed a chief and his son": 2).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from flashpoint.events.fatalities import (
    animal_nouns,
    attempted,
    companions_after,
    parse_quantity,
    singular_auxiliaries,
)
from flashpoint.events.knowledge import doc_text
from flashpoint.events.knowledge_incidents import IncidentKnowledge
from flashpoint.record import Fatalities

EMBEDDED_DEPS = frozenset({"xcomp", "pcomp", "relcl", "acl", "csubj", "amod", "compound"})
SINGULAR_TAGS = frozenset({"NN", "NNP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "ORG", "NORP"})


def _kills(t: Token, k: IncidentKnowledge) -> bool:
    lemma = t.lemma_.lower()
    if lemma in k.single_kill_lemmas or lemma in k.single_death_lemmas:
        return True
    if lemma not in k.kill_manner_lemmas:
        return False
    for c in t.children:
        if c.lower_ in k.kill_manner_results:
            return True
        if c.dep_ == "prep" and any(g.lower_ in k.kill_manner_results for g in c.children):
            return True  # "stabbed to death"
    return False


def _headline_passive(verb: Token) -> bool:
    """"Aide of party leader killed by gunmen": a past participle on the noun that heads the
    whole sentence is the headline's reduced passive, the noun its victim."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.dep_ == "ROOT" and \
        verb.head.pos_ in ("NOUN", "PROPN")


def _asserted(t: Token, k: IncidentKnowledge) -> bool:
    verb = t
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ in EMBEDDED_DEPS and not _headline_passive(verb):
        return False
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in k.background_markers
                                    for c in verb.children):
        return False  # "protested after a cyclist was killed": the background
    return not any(c.dep_ in ("aux", "neg") and (c.lower_ in k.modal_aux or c.dep_ == "neg")
                   for v in (t, verb) for c in v.children)


def _chain_head(t: Token) -> Token:
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    return t


def _victim(t: Token, dies: bool = False) -> Token | None:
    """The verb's object or passive subject, shared along a chain of coordinated verbs; of a
    death verb (`dies`: "was hit by a stray bullet and died"), its subject."""
    chain = [t]
    head = t
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
        chain.append(head)
    chain += [c for v in list(chain) for c in v.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    if _headline_passive(head):
        return head.head
    for deps in ((("nsubj",), ("nsubjpass",)) if dies else (("dobj", "obj"), ("nsubjpass",))):
        for v in chain:
            for c in v.children:
                if c.dep_ in deps:
                    return c
    return None


def _one(noun: Token, animals: frozenset[str]) -> bool:
    if noun.lower_ in ("him", "her"):
        return True
    if noun.tag_ not in SINGULAR_TAGS or noun.lower_ in animals or noun.lemma_.lower() in animals:
        return False
    if noun.ent_type_ in PLACE_LABELS:
        return False
    return not any(c.dep_ == "nummod" and c.lower_ not in ("1", "one") for c in noun.children)


def _counted_antecedent(t: Token, animals: frozenset[str]) -> Fatalities | None:
    """The counted object of the verb a kill verb is coordinated with ("arrested fifteen
    traders and executed them")."""
    head = t
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
        for obj in (c for c in head.children if c.dep_ in ("dobj", "obj", "nsubjpass")):
            nums = [c for c in obj.children if c.dep_ == "nummod"]
            if not nums or obj.lower_ in animals or obj.lemma_.lower() in animals:
                continue
            words = [w for w in nums[0].subtree]
            counts = parse_quantity(" ".join(w.text for w in words))
            if counts is None:
                return None
            start, end = words[0].idx, obj.idx + len(obj.text)
            text = obj.doc.text[start:end]
            return Fatalities(text=text, best=counts[0], low=counts[1], high=counts[2],
                              start=start, end=end)
    return None


def implied_victims(sent: Span, k: IncidentKnowledge) -> Fatalities | None:
    """The deaths implied by a kill verb with a singular victim, or None."""
    animals, singular = animal_nouns(), singular_auxiliaries()
    for t in sent:
        if t.pos_ != "VERB" or not _kills(t, k) or not _asserted(t, k) or \
                attempted(doc_text(sent.doc)[sent.start_char:t.idx]):
            continue  # "a mob nearly killed a thief": no death
        dies = t.lemma_.lower() in k.single_death_lemmas
        head = _chain_head(t)
        if dies and (head.dep_ == "advcl" or head.dep_ == "ccomp" and
                     head.head.lemma_.lower() in k.death_claim_lemmas):
            continue  # "..., claiming that the patient died": a death told, not the act's
        victim = _victim(t, dies)
        if victim is not None and victim.lower_ == "them":
            told = _counted_antecedent(t, animals)  # "arrested fifteen traders and ...
            if told is not None:  # executed them": fifteen
                return told
        if victim is None or not _one(victim, animals):
            continue
        members = [victim] + [c for c in victim.conjuncts if c.i > victim.i]
        if victim.dep_ == "nsubjpass" and any(c.dep_ == "auxpass" and c.lower_ in singular
                                              for c in victim.head.children):
            members = [victim]  # "a cleric and party official was shot": one, two titles
        count = sum(1 for m in members if _one(m, animals))
        start = victim.left_edge.idx
        last = members[-1].right_edge
        if last.i >= t.i > members[-1].i:
            last = members[-1]  # "aide of the leader killed by ...": the victim's words only
        end = last.idx + len(last.text)
        low = high = count
        more = companions_after(doc_text(sent.doc)[:sent.end_char], end)  # "... along with his
        if more is not None:  # driver": the companion dies too
            end, count, low, high = more[0], count + more[1], low + more[2], high + more[3]
        text = sent.text[start - sent.start_char:end - sent.start_char]
        return Fatalities(text=text, best=count, low=low, high=high, start=start, end=end)
    return None
