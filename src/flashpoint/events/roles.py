"""Actor roles from the dependency parse: agent, patient, co-actors, backers."""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.events.context import Context
from flashpoint.events.draft import Draft, PlaceMention
from flashpoint.events.grammar import CLAUSE_DEPS, governor, is_passive, noun_phrase
from flashpoint.events.knowledge import NOMINAL_POS, VERBAL_POS
from flashpoint.events.misparse import misread_subject, verb_read_as_modifier
from flashpoint.events.places import place_at, place_in, unique_places
from flashpoint.events.triggers import dispute_parties


def assign_roles(ctx: Context, draft: Draft, places: list[PlaceMention],
                 containers: dict[int, PlaceMention]) -> None:
    h = draft.trigger.head
    gov = governor(ctx, h)
    agent = agent_of(ctx, h) or (agent_of(ctx, gov) if gov.i != h.i else None)
    agent = own_sayer(ctx, h, agent) or own_sayer(ctx, gov, agent) or agent
    cues = ctx.lex.cues
    # "Vietnam is committed to", "troops were withdrawn": the subject acts all the same
    # "diplomats expelled from X": a bare participle on a noun is passive too
    reduced = h.dep_ == "acl" and h.tag_ == "VBN" and h.head.pos_ in NOMINAL_POS and \
        not any(c.dep_ in ("dobj", "conj") for c in h.children)
    passive = (is_passive(h) or reduced or (gov.i != h.i and is_passive(gov))) and \
        h.lemma_.lower() not in cues.stative_participles and \
        draft.trigger.entry.plover not in cues.passive_subject_acts_types
    if agent is None and passive:
        agent = passive_agent(ctx, h) or (passive_agent(ctx, gov) if gov.i != h.i
                                           else None)
    if agent is None and verb_read_as_modifier(h):
        agent = misread_subject(h)
    if agent is None:
        agent = agent_inherited(ctx, gov)
    if agent is None and h.pos_ in VERBAL_POS and not passive:
        # the word just before a passive verb is its patient, never its agent
        agent = agent_nearby(ctx, h)
        draft.agent_fallback = agent is not None
    if agent is None:
        blamed = blamed_party(ctx, h)
        if blamed is not None:
            agent = blamed
            draft.blamed = blamed
    if agent is not None and place_at(agent, places) is not None and \
            ctx.actors.resolve(noun_phrase(agent)) is None:
        agent = None  # a town is not an agent
    draft.agent = agent
    if agent is not None:
        draft.co_agents = [c for c in agent.conjuncts if c.i > agent.i]
        draft.co_agents += [
            pobj for prep in agent.children if prep.lower_ == "along"
            for w in prep.children if w.lower_ == "with"
            for pobj in w.children if pobj.dep_ == "pobj"
        ]
        draft.backers = backers_of(ctx, agent)
    patients = patients_of(ctx, h) or (patients_of(ctx, gov) if gov.i != h.i else [])
    if not patients and h.pos_ in NOMINAL_POS:  # "a sniper shot dead a child", misread:
        patients = [c for t in draft.trigger.tokens if t.i != h.i  # the phrase's object
                    for c in t.children if c.dep_ in ("dobj", "pobj")]
    material = draft.trigger.entry.plover in ctx.lex.cues.material_types
    for p in patients:
        place = place_in(p, places, containers)
        if place and not material and all(x.is_country for x in place):
            place = []
        if place:
            draft.places.extend(place)
        elif draft.patient is None and p.lemma_.lower() not in ctx.lex.cues.location_anaphora:
            draft.patient = p
        elif draft.patient is None:
            draft.patient = p
    if draft.patient is None and draft.trigger.entry.mode == "dispute":
        draft.patient = next((p for p in dispute_parties(ctx, h)
                              if draft.agent is None or p.i != draft.agent.i), None)
    if draft.patient is None and draft.trigger.entry.speech_act:
        draft.patient = complement_party(ctx, h)
    if not draft.places:
        for node in {h, gov}:
            for prep in node.children:
                if prep.dep_ == "prep" and prep.lower_ in ctx.lex.cues.place_prepositions:
                    for pobj in prep.children:
                        draft.places.extend(place_in(pobj, places, containers))
        if not draft.places and h.pos_ in NOMINAL_POS:
            for c in h.children:
                if c.dep_ in ("compound", "nmod", "amod"):
                    p = place_at(c, places)
                    if p is not None and not p.is_country:
                        draft.places.append(p)
    # prefer towns over the countries that contain them
    specific = [p for p in draft.places if not p.is_country]
    if specific:
        draft.places = specific
    draft.places = unique_places(draft.places)


def agent_of(ctx: Context, v: Token) -> Token | None:
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
    for c in v.children:  # "an air strike by the army on a hideout": the noun's by-phrase
        if c.dep_ == "prep" and c.lower_ == "by" and c.i > v.i:
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is not None and ctx.actors.resolve(noun_phrase(pobj)) is not None:
                return pobj
    for c in v.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.i < v.i and (
                c.ent_type_ in ("NORP", "GPE", "ORG") or c.ent_id_.startswith("actor:")):
            if ctx.actors.resolve(c.text) is not None:
                return c
    return None


def own_sayer(ctx: Context, v: Token, agent: Token | None) -> Token | None:
    """"The army said it had retaken the town": the pronoun subject of a clause reported
    by a named party is that party (an "it" only for a singular name)."""
    cues = ctx.lex.cues
    if agent is None or agent.lower_ not in ("it", "they") or agent.head.i != v.i or \
            v.dep_ != "ccomp" or v.head.lemma_.lower() not in cues.reporting_verbs:
        return None
    sayer = next((c for c in v.head.children if c.dep_ == "nsubj"), None)
    if sayer is None or sayer.lower_ in cues.third_person_pronouns or \
            (agent.lower_ == "it" and sayer.tag_ not in ("NN", "NNP")):
        return None
    return sayer if ctx.actors.resolve(noun_phrase(sayer)) is not None else None


def passive_agent(ctx: Context, v: Token) -> Token | None:
    """A passive verb's by-phrase names its agent, also where the parse hangs it on a
    later noun ("was charged with fraud by prosecutors"): look among the verb's
    right-side descendants, within its own clause."""
    if not is_passive(v):
        return None
    not_agents = ctx.lex.cues.by_phrase_non_agent_labels
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


def agent_inherited(ctx: Context, v: Token) -> Token | None:
    """Subjects shared through coordination, control and participles; "issued a
    statement condemning X": the statement's issuer condemns."""
    if v.dep_ == "acl" and v.head.lemma_.lower() in ctx.lex.cues.speech_nouns and \
            v.head.dep_ == "dobj" and v.head.head.pos_ in VERBAL_POS:
        issuer = agent_of(ctx, v.head.head)
        if issuer is not None:
            return issuer
    node = v
    for _ in range(4):
        if (node.dep_ in ("xcomp", "conj", "advcl", "pcomp", "prep") or (
                node.dep_ == "acomp" and node.pos_ == "ADJ" and node.i != v.i)) and \
                node.head.i != node.i:  # "are due to meet": the copula's subject meets
            node = node.head
            if node.pos_ not in VERBAL_POS:
                continue
            found = agent_of(ctx, node)
            if found is not None:
                return found
        else:
            break
    return None


def agent_nearby(ctx: Context, h: Token) -> Token | None:
    """No subject in the parse ("..., but the US, declined"): the actor just before."""
    i = h.i - 1
    sent_start = h.sent.start
    steps = 0
    while i >= sent_start and steps < 6:
        t = h.doc[i]
        if t.pos_ in VERBAL_POS and t.dep_ not in ("aux", "auxpass"):
            return None
        if (t.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") or t.pos_ in NOMINAL_POS) and \
                ctx.actors.resolve(t.text) is not None:
            return t
        i -= 1
        steps += 1
    return None


def complement_party(ctx: Context, h: Token) -> Token | None:
    """"declined to launch attacks jointly with Russia": the other party is inside."""
    for comp in h.children:
        if comp.dep_ not in ("xcomp", "ccomp"):
            continue
        for t in comp.subtree:
            if t.dep_ == "pobj" and t.head.lower_ in ctx.lex.cues.complement_prepositions and \
                    ctx.actors.resolve(t.text) is not None:
                return t
    return None


def blamed_party(ctx: Context, h: Token) -> Token | None:
    """"X has been held responsible for / accused of / blamed for Y" -> X."""
    blame = ctx.lex.cues.blame_verbs
    adjectives = ctx.lex.cues.blame_adjectives
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


def backers_of(ctx: Context, agent: Token) -> list[Token]:
    out = []
    for c in agent.children:
        if c.dep_ in ("acl", "amod") and c.lemma_ in ctx.lex.cues.support_relations:
            for a in c.children:
                if a.dep_ == "agent":
                    out.extend(p for p in a.children if p.dep_ == "pobj")
    return out


def patients_of(ctx: Context, v: Token) -> list[Token]:
    out: list[Token] = []
    targets = ctx.lex.cues.target_prepositions
    for c in v.children:
        if v.pos_ in VERBAL_POS and c.dep_ in ("dobj", "nsubjpass"):
            if c.dep_ == "nsubjpass" and v.dep_ == "relcl" and \
                    c.lower_ in ("who", "that", "which"):
                c = v.head  # "envoys who were expelled": the envoys
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in targets | {"of"}:
            if c.lower_ == "of" and v.pos_ not in NOMINAL_POS:
                continue
            # a date or time is never what an act was done to ("on 9 May, gunmen attacked")
            out.extend(p for p in c.children
                       if p.dep_ == "pobj" and p.ent_type_ not in ("DATE", "TIME"))
        elif c.dep_ == "prt" and c.lower_ in ctx.lex.cues.target_particles:
            out.extend(p for p in c.children if p.dep_ == "pobj")
    if not out and v.dep_ == "acl" and v.tag_ == "VBN" and v.head.pos_ in NOMINAL_POS:
        out.append(v.head)  # "diplomats being expelled": the noun is the patient
    if not out and verb_read_as_modifier(v):
        out.append(v.head)  # "X assaulted supporters of Y", misread: the noun is the object
    expanded: list[Token] = []
    for p in out:
        expanded.append(p)
        expanded.extend(p.conjuncts)
    return expanded
