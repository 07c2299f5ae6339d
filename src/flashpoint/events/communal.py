"""Fighting between communities: the sides an act is told to be "between".

By the ACLED codebook, communal or ethnic groups that fight each other as groups are
identity militias, and their fighting is an Armed clash (Battles) whoever the dead were
("two herders were killed in fighting between the A and B communities"); a brawl between
two unnamed groups or rival supporters stays Mob violence (`crowds._crowds_between`).
This module tells the first from the parse of the trigger's own clause; the word lists
are the `communal_*` cue lists of `acled_rules.v1.json`.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.events.knowledge import Lexicon
from flashpoint.events.sides import side_objects

# a side named by a proper noun is a people or a place ("between Tavaris and Melosis",
# "between A and B" villages) unless it names an organisation or a person
_NAMED_NON_COMMUNAL = ("ORG", "PERSON", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW")


def communal_sides(lex: Lexicon, h: Token, top: Token) -> bool:
    """Whether the trigger `h`, or a word of fighting in its clause (under `top`, the
    clause's verb), is told "between" sides named by community, clan, ethnic group or
    village ("clashes between the A and B clans", "killed in violence between Tavaris
    and Melosis", "fighting between two ethnic groups"), every side such a group or an
    armed one and none of them a crowd of demonstrators, rioters or supporters."""
    cues = lex.acled["cues"]
    fight = set(cues["communal_fight_words"])
    # a noun of fighting ("clashes between", "killed in violence between"), not a place
    # told between two others ("was beheaded between A and B")
    holders = [t for t in top.subtree if t.pos_ == "NOUN" and _lemma(t) in fight]
    if h in holders and h.dep_ in ("nsubj", "nsubjpass"):  # "fighting broke out between"
        holders.append(h.head)
    for holder in holders:
        sides = side_objects(holder)
        if sides and _communal(lex, _with_conjuncts(sides), cues):
            return True
    return False


def _with_conjuncts(sides: list[Token]) -> list[Token]:
    out = list(sides)
    for s in sides:
        node = s
        for _ in range(6):  # "A, B and C"
            nxt = [c for c in node.children if c.dep_ == "conj"]
            if not nxt:
                break
            node = nxt[0]
            out.append(node)
    return out


def _communal(lex: Lexicon, sides: list[Token], cues: dict) -> bool:
    group = set(cues["communal_group_words"]) | set(cues["communal_side_nouns"])
    armed = set(cues["armed_side_words"])
    crowd = set(cues["communal_not_sides"])
    found = False
    for side in sides:
        other = {t.i for c in side.children if c.dep_ in ("conj", "cc") for t in c.subtree}
        lemmas = {_lemma(t) for t in side.subtree if t.i not in other}
        if lemmas & crowd:
            return False  # "between rival supporters", "between police and rioters"
        if lemmas & group or side.ent_type_ == "NORP" or (
                side.pos_ == "PROPN" and side.ent_type_ not in _NAMED_NON_COMMUNAL):
            found = True
        elif not lemmas & armed:
            return False  # "between two groups", "between the farmers and the owner"
    return found


def _lemma(t: Token) -> str:
    return t.lemma_.lower()
