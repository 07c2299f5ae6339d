"""What a crowd did and what was done to it, read from the trigger's own clause.

ACLED grades crowd events by who acted and how (codebook, Protests and Riots): demonstrators
who burn, stone, vandalise or clash make a Violent demonstration; force short of lethal used
on peaceful demonstrators (arrests, tear gas, dispersal) a Protest with intervention; lethal
force on them Excessive force against protesters; violence by a crowd that is not
demonstrating (residents, youths, supporters, a mob) Mob violence. This module turns the
dependency parse of the trigger's clause into named *facts* that the ordered rules of
`acled_rules.v1.json` test (`fact` / `not_fact`); the word lists are the `crowd_*` cue lists
of that file. The clause is the trigger's own: its verb, climbed through coordinated and
accompanying clauses ("smashed windows while protesting", "protested, burning tyres"), but
never into what a protest is about ("protested after a man was killed", "protested the
killing of a trader") nor into the words that name the crowd ("relatives of a man killed").
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.events.communal import communal_sides
from flashpoint.events.draft import Draft
from flashpoint.events.knowledge import CROWD_FACTS, VERBAL_POS, Lexicon
from flashpoint.events.sides import side_objects

FACTS = CROWD_FACTS  # the facts a rule may test (checked when the rules are loaded)
_CLIMB = ("conj", "advcl", "xcomp", "acl", "relcl", "pcomp")
_QUANTITY_DEPS = ("nummod", "quantmod")


def crowd_facts(lex: Lexicon, d: Draft) -> frozenset[str]:
    """The facts that hold for the draft's trigger (see the module docstring)."""
    cues = lex.acled["cues"]
    h = d.trigger.head
    top = _top(h, cues)
    cause = cause_tokens(top, cues)
    agent = {t.i for t in d.agent.subtree} if d.agent is not None else set()
    scope = [t for t in top.subtree if t.i not in cause and t.ent_type_ not in ("DATE", "TIME")]
    facts = set()
    demo = set(cues["crowd_demonstration_lemmas"])
    if any(_lemma(t) in demo for t in scope if t.i != h.i):
        facts.add("demonstrating")
    if violent_deed(scope, h, cues):
        facts.add("crowd_violence")
    others = [t for t in scope if t.i not in agent and t.i != h.i]
    if any(forceful(t, cues, "crowd_lethal_lemmas") for t in others) or any(
            _lemma(t) in cues["crowd_lethal_objects"] and
            any(_lemma(c) in cues["crowd_lethal_modifiers"] for c in t.children)
            for t in others):
        facts.add("lethal_on_crowd")
    if any(forceful(t, cues, "crowd_force_lemmas") or forceful(
            t, cues, "crowd_force_verbs", doer=True) for t in others):
        facts.add("force_on_crowd")
    if _lemma(h) in cues["crowd_two_sided_lemmas"]:
        facts.add("two_sided_act")  # "police clashed with protesters": both used force
    harm = set(cues["crowd_harm_lemmas"])
    if _lemma(h) in cues["crowd_nonlethal_lemmas"] and (
            d.fatalities is None or d.fatalities.best == 0) and \
            not any(_lemma(t) in harm for t in scope):
        facts.add("nonlethal_force")  # "police beat the protesting workers": no one hurt
    if _crowds_between(lex, h):
        facts.add("crowd_between")
    if communal_sides(lex, h, top):
        facts.add("communal_sides")  # `events.communal`
    if _set_upon(lex, d, demo):
        facts.add("crowd_set_upon")
    if _riot_on_person(lex, h, cues):
        facts.add("riot_on_person")
    if d.agent is not None and crowd_agent(lex, d.agent) and \
            _lemma(h) not in cues["crowd_organised_acts"] and not _settlement_target(lex, d):
        facts.add("crowd_agent")  # not "a gang ambushed", "residents attacked a camp"
    return frozenset(facts)


def _set_upon(lex: Lexicon, d: Draft, demo: set[str]) -> bool:
    """Demonstrators set upon by others, no one killed: the trigger's own object is a crowd
    of demonstrators ("assaulted the protesters", "attacked demonstrating workers",
    "intercepted the rally") and its doer no demonstrator ("protesters attacked rival
    marchers" is the crowd's own violence). For ACLED a Protest with intervention."""
    if d.fatalities is not None and d.fatalities.best:
        return False
    if d.agent is not None and any(_lemma(t) in demo for t in d.agent.subtree):
        return False
    h = d.trigger.head
    if lethal_act(lex, h):
        return False
    objects = [d.patient] if d.patient is not None and d.patient.i != h.i else []
    verbs = [h, *[c for c in h.children if c.dep_ == "conj"]]
    objects += [c for v in verbs for c in v.children if c.dep_ == "dobj"]  # "beat and hurt X"
    objects += [c for c in h.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
    return any(crowd_head(lex, o) in demo or any(  # "a group of protesters"
        c.dep_ == "amod" and _lemma(c) in demo for c in o.children)  # "protesting workers"
        for o in objects) or _at_their_demonstration(h, objects, demo)


def _at_their_demonstration(h: Token, objects: list[Token], demo: set[str]) -> bool:
    """"assaulted members of the X party during the demonstration of the X party", "beat
    traders during their protest": those set upon are the demonstrators, the demonstration
    named after "during" as theirs (its owner "their", or a name the objects share)."""
    objects = [o for o in objects if o.tag_ in ("NNS", "NNPS")]  # "beat traders", not
    if not objects:  # "assaulted an officer during their demonstration": theirs, the doers'
        return False
    named = {t.lower_ for o in objects for t in o.subtree if t.pos_ == "PROPN"}
    for prep in h.subtree:
        if prep.dep_ != "prep" or prep.lower_ != "during":
            continue
        for o in prep.children:
            if o.dep_ != "pobj" or _lemma(o) not in demo:
                continue
            owners = [c for c in o.children if c.dep_ == "poss"] + [
                p for c in o.children if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children if p.dep_ == "pobj"]
            if any(w.lower_ == "their" or {t.lower_ for t in w.subtree if t.pos_ == "PROPN"}
                   & named for w in owners):
                return True
    return False


def _riot_on_person(lex: Lexicon, h: Token, cues: dict) -> bool:
    """Rioters who set upon a person: the riot word is the doer ("injured by rioters",
    "rioting youths beat a trader") of a verb that hurts (`crowd_nonlethal_lemmas`,
    `crowd_harm_lemmas`) whose own object is a person. For ACLED a mob's violence."""
    doer = h.head if h.dep_ in ("amod", "compound") else h  # "rioting youths"
    if doer.dep_ == "nsubj":  # "rioters raided a farm and whipped workers"
        acts = [(v, [c for c in v.children if c.dep_ == "dobj"]) for v in
                (doer.head, *[c for c in doer.head.children if c.dep_ == "conj"])]
    elif doer.dep_ == "pobj" and doer.head.dep_ == "agent":  # "were injured by rioters"
        verb = doer.head.head  # "... members injured by rioters": the noun it tells of
        acts = [(verb, [verb.head] if verb.dep_ == "acl" else
                 [c for c in verb.children if c.dep_ == "nsubjpass"])]
    else:
        return False
    hurts = set(cues["crowd_nonlethal_lemmas"]) | set(cues["crowd_harm_lemmas"])
    people = lex.cues.unarmed_person_nouns | lex.cues.communal_nouns | lex.cues.crowd_nouns
    return any(_lemma(verb) in hurts and any(
        o.ent_type_ in ("PERSON", "NORP") or crowd_head(lex, o) in people
        for o in [*objs, *[c for x in objs for c in x.children if c.dep_ == "conj"]])
        for verb, objs in acts)  # "a candidate and members of his party were injured"


def crowd_agent(lex: Lexicon, agent: Token) -> bool:
    """An agent that is a crowd of people, no organised armed group: its head noun is a
    crowd noun ("residents", "a number of youths", "hundreds of supporters"), or it acts
    along with one ("a local leader along with his supporters"), and no word of it says it
    was armed or unknown ("armed youths", "gunmen", "unidentified men")."""
    cues = lex.acled["cues"]
    if armed_agent(lex, agent):
        return False  # "armed youths", "unidentified men": no crowd
    if any(o.dep_ == "pobj" and o.head.lower_ == "of" and _lemma(o) in cues["crowd_force_doers"]
           for o in agent.subtree):
        return False  # "members of the border force", "men of the police": a force
    nouns = lex.cues.crowd_nouns | lex.cues.communal_nouns
    if crowd_head(lex, agent) in nouns:
        return True
    with_words = set(cues["crowd_company_prepositions"])
    for c in agent.children:
        if c.dep_ == "prep" and (c.lower_ in with_words or " ".join(
                t.lower_ for t in c.subtree if t.dep_ in ("prep", "advmod", "pcomp")
                ) in with_words):
            for o in c.subtree:
                if o.dep_ == "pobj" and crowd_head(lex, o) in nouns:
                    return True
    return False


def armed_agent(lex: Lexicon, agent: Token, act: Token | None = None) -> bool:
    """Whether the agent's own words say it was armed or unknown ("armed youths", "men
    armed with machetes", "gunmen", "unidentified men"): never a crowd of rioters. Given the
    `act`, an unknown agent counts as armed only where the act is done with arms ("unknown
    persons shot a trader", `armed_act_lemmas`): for ACLED an unidentified armed group, while
    unknown people who beat, burn or loot amid unrest may be a mob."""
    cues = lex.acled["cues"]
    armed = set(cues["crowd_armed_words"])
    unknown = set(cues["unknown_agents"])
    words = {_lemma(t) for t in agent.subtree}  # "armed youths" (not "armed with sticks")
    if words & armed or _armed_with_firearms(agent, cues):
        return True
    return bool(words & unknown) and (act is None or _lemma(act) in cues["armed_act_lemmas"])


def _crowds_between(lex: Lexicon, h: Token) -> bool:
    """"fighting between a group of herders and a group of farmers", "a clash between rival
    supporters": the sides named after "between" are crowds (a communal noun only where it
    is counted as a group), none of them armed or named by its ethnic group or clan."""
    cues = lex.acled["cues"]
    # the sides: after "between" on the trigger, or on the verb it is the subject of
    # ("fighting broke out between ...")
    holders = [h, h.head] if h.dep_ in ("nsubj", "nsubjpass") else [h]
    sides = [o for x in holders for o in side_objects(x)]
    sides += [c for s in sides for c in s.children if c.dep_ == "conj"]
    if not sides:
        return False
    armed = set(cues["crowd_armed_words"]) | set(cues["armed_side_words"]) | \
        set(cues["crowd_identity_modifiers"])  # "rival ethnic groups": identity militias
    for side in sides:
        if any(_lemma(t) in armed for t in side.subtree):
            return False
        head = crowd_head(lex, side)
        counted = head != _lemma(side)
        if head not in lex.cues.crowd_nouns and not (counted and head in lex.cues.communal_nouns):
            return False
    return True


def crowd_head(lex: Lexicon, tok: Token) -> str:
    """The head noun of a crowd, through a quantity ("a group of herders", "hundreds of
    supporters", "a number of youths" -> herder, supporter, youth)."""
    quantity = set(lex.acled["cues"]["crowd_quantity_heads"])
    if tok.lemma_.lower() in quantity or tok.lower_ in quantity:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                objs = [o for o in c.children if o.dep_ == "pobj"]
                if objs:
                    return objs[0].lemma_.lower()
    return tok.lemma_.lower()


def communal_militia(lex: Lexicon, d: Draft) -> bool:
    """Whether a communal agent ("herders", "farmers") fought as an armed, organised
    group (ACLED's identity militia) rather than as a crowd (rioters): its words say it was
    armed, it killed people, or its act is a raid or massacre. A crowd of farmers who beat a
    herder is Mob violence; herdsmen who raid a village and kill twelve are a militia, and
    so are farmers who attack a camp or fight herders as one community against another."""
    cues = lex.acled["cues"]
    if d.agent is None:
        return True
    if any(_lemma(t) in cues["crowd_armed_words"] for t in d.agent.subtree) or \
            _armed_with_firearms(d.agent, cues):
        return True  # "armed herders", "herders armed with rifles"
    act = _lemma(d.trigger.head)
    if act in cues["crowd_organised_acts"] or act in cues["crowd_two_sided_lemmas"]:
        return True  # a raid, or two communities fighting each other
    if _settlement_target(lex, d):
        return True  # "attacked a herders' camp": one community's attack on another's
    if (d.fatalities is not None and d.fatalities.best > 0) or lethal_act(lex, d.trigger.head):
        return True
    if "demonstrating" in crowd_facts(lex, d):
        return False  # "herders protesting against the governor burned tyres": a crowd
    # a crowd: counted as one ("a number of farmers", "a group of herders"), or one person
    # set upon ("assaulted a herder")
    counted = crowd_head(lex, d.agent) != d.agent.lemma_.lower()
    one_victim = d.patient is not None and d.patient.tag_ == "NN" and \
        d.patient.lemma_.lower() in lex.cues.unarmed_person_nouns | lex.cues.communal_nouns
    return not (counted or one_victim)


def _armed_with_firearms(agent: Token, cues: dict) -> bool:
    """"men armed with rifles": armed with what only an armed group carries; a crowd armed
    with sticks, stones or machetes is still a crowd (`firearm_words`)."""
    guns = set(cues["firearm_words"])
    return any(t.lower_ == "armed" and any(_lemma(o) in guns for o in t.subtree)
               for t in agent.subtree)


def _reciprocal(h: Token, cues: dict) -> bool:
    """"attacked each other", "fought one another": two crowds at each other, no one
    community's attack on the other."""
    text = " ".join(t.lower_ for t in h.subtree)
    return any(w in text for w in cues["reciprocal_phrases"])


def lethal_act(lex: Lexicon, h: Token) -> bool:
    """The act itself took a life, whatever toll was found: "killed", "beheaded", "stabbed
    a farmer to death" (`lethal_act_lemmas`, or "to death" on the verb)."""
    if _lemma(h) in lex.acled["cues"]["lethal_act_lemmas"]:
        return True
    return any(c.dep_ == "prep" and c.lower_ == "to" and
               any(o.dep_ == "pobj" and _lemma(o) == "death" for o in c.children)
               for c in h.children)


def identity_group_militia(lex: Lexicon, d: Draft) -> bool:
    """A group its own words name by community, clan or ethnic group ("members of the X
    community", "youths of the Y clan") that killed, was armed, raided or hit a settlement:
    for ACLED an identity militia. Short of that ("clan members beat a councillor", "two
    clans clashed with sticks") it stays a crowd (Mob violence)."""
    cues = lex.acled["cues"]
    if d.agent is None:
        return False
    words = set(cues["communal_group_words"])
    if not any(_lemma(t) in words for t in d.agent.subtree) or _reciprocal(d.trigger.head, cues):
        return False
    return armed_agent(lex, d.agent) or _lemma(d.trigger.head) in cues["crowd_organised_acts"] \
        or _settlement_target(lex, d) or (d.fatalities is not None and d.fatalities.best > 0) \
        or lethal_act(lex, d.trigger.head)


def _settlement_target(lex: Lexicon, d: Draft) -> bool:
    """The act is done to a settlement ("attacked a camp", "raided the hamlet"): ACLED's
    communal militia attacking another community, not a crowd."""
    objects = [d.patient] if d.patient is not None else []
    objects += [c for c in d.trigger.head.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(_lemma(o) in lex.acled["cues"]["crowd_settlement_nouns"] for o in objects)


def _top(h: Token, cues: dict) -> Token:
    """The verb of the trigger's clause, climbed through coordinated and accompanying
    clauses, never out of a clause that tells what a protest was about."""
    node = h
    while node.head.i != node.i:
        if node.pos_ not in VERBAL_POS:  # a noun: up to the verb it stands in
            if is_cause(node, cues):
                break
            node = node.head
        elif node.dep_ in _CLIMB and not is_cause(node, cues) and not (
                node.dep_ == "acl" and node.tag_ == "VBN"):  # "soldiers killed in an
            node = node.head  # ambush": an act told of a noun, not the clause's own
        else:
            break
    return node


def is_cause(tok: Token, cues: dict) -> bool:
    """A clause or phrase that says why a crowd acted: "after a man was killed", "over the
    killing of", "following the death", "in solidarity with", or the object of a verb that
    says what a crowd wanted ("to demand the release of ...")."""
    markers = set(cues["crowd_cause_markers"])
    if tok.dep_ in ("advcl", "prep", "pcomp", "acl") and (
            tok.lower_ in markers or any(c.dep_ == "mark" and c.lower_ in markers
                                         for c in tok.children)):
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ in markers:
        return True
    if tok.dep_ == "prep" and tok.head.pos_ not in VERBAL_POS and \
            _lemma(tok.head) in cues["crowd_topic_nouns"]:
        return True  # "in solidarity with ...", "in response to ..." (not "protested in X")
    if tok.dep_ in ("advcl", "acl", "relcl") and _lemma(tok) in cues["crowd_charge_verbs"]:
        return True  # "against the forces, accused of killing civilians": the charge
    topic = set(cues["crowd_topic_verbs"])  # "to demand the release of those arrested"
    if tok.dep_ == "prep" and tok.lower_ in cues["crowd_issue_prepositions"] and \
            _lemma(tok.head) in topic - set(cues["crowd_demonstration_lemmas"]):
        return True  # "urging the arrest of ...", not "protested in the square"
    return tok.dep_ in ("dobj", "ccomp", "xcomp") and _lemma(tok.head) in topic


def cause_tokens(top: Token, cues: dict) -> set[int]:
    out: set[int] = set()
    for t in top.subtree:
        if t.i not in out and t.i != top.i and is_cause(t, cues):
            out |= {s.i for s in t.subtree}
    return out


def subject_of(tok: Token) -> Token | None:
    node = tok
    for _ in range(4):
        subj = [c for c in node.children if c.dep_ in ("nsubj", "agent")]
        if subj:
            s = subj[0]
            if s.dep_ == "agent":  # "killed by police"
                objs = [o for o in s.children if o.dep_ == "pobj"]
                return objs[0] if objs else None
            return s
        if node.dep_ not in ("conj", "xcomp", "advcl") or node.head.i == node.i:
            return None
        node = node.head
    return None


def violent_deed(scope: list[Token], h: Token, cues: dict) -> bool:
    """Demonstrators' own violence or destruction in the clause: a destructive verb whose
    doer is no force ("smashed windows", "burning tyres", "threw stones at police"), a
    burning barricade or bonfire, or the protest called violent ("violently protesting")."""
    verbs = set(cues["crowd_violence_lemmas"])
    throw = set(cues["crowd_throw_lemmas"])
    missiles = set(cues["crowd_missile_nouns"])
    marks = set(cues["crowd_violence_modifiers"])
    nouns = set(cues["crowd_violence_nouns"])
    forces = set(cues["armed_side_words"])
    symbolic = set(cues["crowd_symbolic_objects"])
    hurt = set(cues["crowd_hurt_lemmas"])
    for t in scope:
        lemma = _lemma(t)
        if (t.dep_ == "acl" and t.tag_ == "VBN") or any(
                c.dep_ in ("auxpass", "nsubjpass") for c in t.children):
            continue  # "in solidarity with teachers (who were) assaulted": done to others
        if any(c.dep_ == "dobj" and _lemma(c) in symbolic for c in t.children):
            continue  # "burned an effigy": a symbol, no destruction
        if lemma in marks and (t.head.i == h.i or t.i == h.i or t.head.i == h.head.i):
            return True
        if t.pos_ == "NOUN" and lemma in nouns:
            return True
        if lemma in hurt and t.pos_ == "VERB" and any(c.dep_ == "dobj" for c in t.children):
            subj = subject_of(t)  # "the residents wounded two policemen" (not "two injured")
            if subj is not None and not _of_force(subj, forces):
                return True
        done = t.pos_ in VERBAL_POS and (lemma in verbs or (lemma in throw and any(
            _lemma(o) in missiles for o in t.children if o.dep_ in ("dobj", "pobj", "prep")
            for o in [o, *o.children])))
        if done or (t.pos_ == "VERB" and lemma in ("set", "light") and any(
                _lemma(c) in ("fire", "ablaze", "bonfire") for c in t.subtree)):
            subj = subject_of(t)
            if subj is None or not _of_force(subj, forces):
                return True
    return False


def _of_force(subj: Token, forces: set[str]) -> bool:
    """"police", "members of the border force": a doer that is a force."""
    return _lemma(subj) in forces or any(
        o.dep_ == "pobj" and o.head.lower_ == "of" and _lemma(o) in forces for o in subj.subtree)


def forceful(t: Token, cues: dict, key: str, *, doer: bool = False) -> bool:
    """Force used on the crowd: a word of the list whose doer is a force ("police dispersed
    them") or unnamed ("protesters were shot", "arrests were made")."""
    words = set(cues[key])
    lemma = _lemma(t)
    if lemma not in words:
        return False
    if t.dep_ == "acl" and t.tag_ == "VBN" and \
            _lemma(t.head) not in cues["crowd_demonstration_lemmas"]:
        return False  # "the bodies of fighters killed in ...": not done to the crowd
    marks = set(cues["crowd_nonlethal_markers"])
    if lemma in ("gas", "cannon", "bullet"):  # tear gas, water cannon, rubber bullets
        return any(c.lower_ in marks for c in t.children)
    if lemma == "fire" and t.pos_ not in VERBAL_POS:  # "opened fire", "live fire"
        return _lemma(t.head) == "open" or any(c.lower_ == "live" for c in t.children)
    if lemma == "fire":  # "fired tear gas", "fired rubber bullets", "fired into the air"
        objs = [c for c in t.children if c.dep_ == "dobj"]
        objs += [o for c in t.children if c.dep_ == "prep" for o in c.children
                 if o.dep_ == "pobj"]
        if any(_lemma(o) in cues["crowd_nonlethal_munitions"] or
               any(m.lower_ in marks for m in o.children) for o in objs):
            return False
    subj = subject_of(t)
    if subj is None:  # unnamed: "were dispersed"; a verb of `doer` needs a named force
        return not doer
    return _lemma(subj) in cues["crowd_force_doers"]


def _lemma(t: Token) -> str:
    return t.lemma_.lower()
