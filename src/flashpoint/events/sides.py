"""Who a violent noun is between, and what a fight's spoils are: small tests the vetoes ask.

`between_sides`: a weak fight noun ("fighting", "march") is supported by naming two sides of
its own ("fierce fighting between the A and a splinter group", "fighting between two
families"): a fight with its parties is an event as a fight with a target is.
`held`: a weak noun is supported by a verb that says it took place ("a march took place",
"a march was held" is a launch verb's) or by being what a crowd gathered in ("gathered
in a protest march").
`fight_site`: a looting word whose own object is a fighting side's site (a base, hideout,
checkpoint): destroyed after a fight told before, it is part of that fight (ACLED codes the
battle, not a separate property destruction).
"""

from __future__ import annotations

from spacy.tokens import Token

# what names two sides at once: a plural noun counted or quantified ("two families")
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
SIDE_PREPOSITIONS = ("between", "among")


def side_objects(holder: Token, preps: tuple[str, ...] = SIDE_PREPOSITIONS) -> list[Token]:
    """The objects of the word's own "between" / "among" phrases: the sides it is told
    between ("clashes between A and B" -> A; conjuncts are the caller's to read)."""
    return [o for c in holder.children if c.dep_ == "prep" and c.lower_ in preps
            for o in c.children if o.dep_ == "pobj"]


def between_sides(h: Token) -> bool:
    """The noun's own "between" phrase names two sides: coordinated ("between A and B") or
    a counted plural ("between two families", "between rival clans")."""
    return any(side.conjuncts or (side.tag_ in PLURAL_TAGS and any(
        c.dep_ in ("nummod", "amod") for c in side.children))
        for side in side_objects(h, ("between",)))


def held(h: Token, gathering: frozenset[str] | list[str]) -> bool:
    """The noun took place ("a march took place", "... occurred") or is what a crowd
    gathered or marched in (the object of "in" under one of `gathering`)."""
    head = h.head
    if h.dep_ == "nsubj" and (head.lemma_.lower() in ("occur", "happen") or (
            head.lemma_.lower() == "take" and any(
                c.dep_ == "dobj" and c.lower_ == "place" for c in head.children))):
        return True
    return h.dep_ == "pobj" and head.lower_ in ("in", "into") and \
        head.head.lemma_.lower() in gathering


def fight_site(h: Token, sites: frozenset[str] | list[str]) -> bool:
    """The word's own direct object is one of `sites` (a base, a hideout, a checkpoint)."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in sites for c in h.children)
