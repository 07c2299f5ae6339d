"""People named by their community who kill: an identity militia, not a crowd.

By the ACLED codebook, violence by a group acting for an ethnic group or a local community
is done by an identity militia (named "X Ethnic Militia" or "X Communal Militia" after the
people or the place the group stands for), while a crowd with no such identity (a mob,
angry residents who beat a thief) riots. A crowd noun named by a people or a place
("Tavari youths", "a Melosi man", "people from Garvo", "residents of Dellum") that killed,
was armed or raided is such a militia; mob justice on a suspected criminal or witch stays
a mob's (`mob_justice_victims`), and so do a crowd that kills an armed man and violence
short of killing.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.events.context import Context
from flashpoint.events.crowds import armed_agent, crowd_head, lethal_act
from flashpoint.events.draft import Draft

_ORIGIN_PREPOSITIONS = ("from", "of", "in")
_NAME_DEPS = ("compound", "amod", "poss", "nmod", "appos")
FACTS = frozenset({"mob_justice"})  # the facts `facts` adds to `crowds.crowd_facts`


def named_community_militia(ctx: Context, d: Draft) -> bool:
    """Whether the draft's agent is a crowd named by its people or place that killed
    someone (no suspect of a crime, no armed man), was armed or raided."""
    agent = d.agent
    if agent is None or not _named_community(ctx, agent):
        return False
    cues = ctx.lex.acled["cues"]
    if _mob_justice(d, cues, ctx.lex.cues.unarmed_person_nouns) or (d.patient is not None and
                                 d.patient.lemma_.lower() in ctx.lex.cues.armed_person_nouns):
        return False  # a crowd that kills a thief, or an armed man, is no militia's raid
    if armed_agent(ctx.lex, agent) or d.trigger.head.lemma_.lower() in \
            cues["crowd_organised_acts"] or _settlement_hit(d, cues):
        return True  # armed, a raid, or one community's attack on another's camp
    return (d.fatalities is not None and d.fatalities.best > 0) or \
        lethal_act(ctx.lex, d.trigger.head)


def _named_community(ctx: Context, agent: Token) -> bool:
    """A people noun ("youths", "residents", "a man") named by a proper noun of its own:
    a modifier ("Tavari youths") or where it comes from ("people from Garvo"), no name
    the actor resolver knows (a party's or an armed group's youths are that actor)."""
    head = crowd_head(ctx.lex, agent)
    cues = ctx.lex.cues
    if head not in cues.crowd_nouns | cues.communal_nouns | cues.unarmed_person_nouns or \
            head in ctx.lex.acled["cues"]["member_nouns"]:
        return False  # "members of X", "X supporters": an organisation's, no community
    nouns = [agent] + [o for c in agent.children if c.dep_ == "prep" and c.lower_ == "of"
                       for o in c.children if o.dep_ == "pobj"]  # "a group of Tavari men"
    names = [c for n in nouns for c in n.children
             if c.dep_ in ("compound", "amod") and c.pos_ in ("PROPN", "ADJ") and
             c.text[:1].isupper() and c.i != c.sent.start]  # "Angry residents": no name
    names += [o for n in nouns for c in n.children
              if c.dep_ == "prep" and c.lower_ in _ORIGIN_PREPOSITIONS
              for o in c.children if o.dep_ == "pobj" and o.pos_ == "PROPN"]
    return any(ctx.actors.resolve(n.text) is None for n in names)


def _mob_justice(d: Draft, cues: dict, people: frozenset[str]) -> bool:
    """The victim is a suspected criminal or witch ("killed a suspected thief", "a man
    accused of sorcery"): for ACLED the mob justice of a crowd, whoever the crowd is. A
    suspect of an armed group ("suspected militants", "three X suspects") is none."""
    victims = set(cues["mob_justice_victims"])
    armed = set(cues["armed_side_words"])
    objects = [d.patient] if d.patient is not None else []
    objects += [c for c in d.trigger.head.children if c.dep_ in ("dobj", "nsubjpass")]
    for o in objects:
        if any(t.lemma_.lower() in armed or (t.pos_ == "PROPN" and t.dep_ == "compound")
               for t in o.subtree):
            continue
        if o.lemma_.lower() in victims or o.lemma_.lower() in people and any(
                c.lower_ in cues["mob_justice_modifiers"] for c in o.children):
            return True
    return False


def facts(ctx: Context, d: Draft) -> frozenset[str]:
    """"mob_justice": the act's own object is a suspected criminal or witch ("burned two
    suspected thieves to death", "a suspected robber was lynched") and no armed doer is
    told: for ACLED the mob justice of a crowd (Mob violence), where the rules find no
    state force or armed group as actor1. With no doer named, an act done with firearms
    ("two suspected robbers were shot dead") may be a force's and tells no mob."""
    if not _mob_justice(d, ctx.lex.acled["cues"], ctx.lex.cues.unarmed_person_nouns):
        return frozenset()
    if d.agent is None and d.trigger.head.lemma_.lower() in \
            ctx.lex.acled["cues"]["crowd_lethal_lemmas"]:
        return frozenset()
    return FACTS


def unorganised_attackers(ctx: Context, d: Draft) -> bool:
    """"assailants beat and injured a shopkeeper": people named only by what they did
    (`attacker_nouns`), no word of theirs saying they were armed, unknown or of a named
    group, and an act that took no life and used no arms (`armed_act_lemmas`). For ACLED
    that tells no organised armed group: an unorganised group's violence, Mob violence."""
    agent = d.agent
    cues = ctx.lex.acled["cues"]
    if agent is None or d.agent_fallback or not _own_doer(agent, d.trigger.head) or \
            crowd_head(ctx.lex, agent) not in cues["attacker_nouns"]:
        return False  # the act's own doer, not one told in another clause
    if any(c.dep_ in ("det", "poss") and c.lower_ in cues["attacker_anaphors"]
           for c in agent.children):
        return False  # "the attackers": those told of before, an armed group maybe
    if armed_agent(ctx.lex, agent) or any(
            (t.pos_ == "PROPN" and t.head.i == agent.i and t.dep_ in _NAME_DEPS) or
            t.lower_ in cues["force_marks"] for t in agent.subtree):
        return False  # "unidentified assailants", "X attackers", "uniformed assailants"
    act = d.trigger.head
    acts = [act, *(c for c in act.children if c.dep_ == "conj")]  # "assaulted and killed"
    if any(a.lemma_.lower() in cues["armed_act_lemmas"] or lethal_act(ctx.lex, a) for a in acts):
        return False
    return d.fatalities is None or d.fatalities.best == 0


def _own_doer(agent: Token, h: Token) -> bool:
    """The agent is the act's own subject or "by" phrase, or that of the verb the act is
    coordinated with ("assailants assaulted and injured"), not a doer of another clause."""
    verbs = [h]
    while verbs[-1].dep_ == "conj" and verbs[-1].head.i != verbs[-1].i:  # "A, B and C"
        verbs.append(verbs[-1].head)
    node = agent.head.head if agent.head.dep_ == "agent" else agent.head
    return any(node.i == v.i for v in verbs) and agent.dep_ in ("nsubj", "pobj")


def _settlement_hit(d: Draft, cues: dict) -> bool:
    """The act, or one coordinated with it, is done to a settlement ("attacked a camp",
    "attacked a hamlet and burned it"): one community's attack on another's."""
    h = d.trigger.head
    verbs = [h, *(c for c in h.children if c.dep_ == "conj")]
    objects = [d.patient] if d.patient is not None else []
    objects += [c for v in verbs for c in v.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(o.lemma_.lower() in cues["crowd_settlement_nouns"] for o in objects)
