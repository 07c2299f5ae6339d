"""What a later sentence of a crowd's report, or a word beside a crowd's act, tells of it.

Reports tell a demonstration and then, often in a sentence of its own, what its crowd did
or what was done to it: "Pupils marched over fees. The marchers lit bonfires along the
ring road." / "... Police intervened." `sentence_turn` reads such a sentence at its root verb
with the facts of `events.crowds` (ACLED codebook, Protests and Riots: the crowd's own
violence, force short of killing used on it, live fire on it); `told_as_issue` says whether
a word sits in what a crowd's act is about ("rallying for the freedom of classmates held in
jail"), so that it is no act done at the demonstration.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.events.crowds import (
    armed_agent,
    cause_tokens,
    crowd_head,
    forceful,
    is_cause,
    subject_of,
    violent_deed,
)
from flashpoint.events.knowledge import VERBAL_POS, Lexicon


def told_as_issue(lex: Lexicon, tok: Token, host: Token) -> bool:
    """The word sits in what the crowd act `host` is about, not beside it: on its way up to
    the host's clause it passes a cause or an issue ("rallied for the freedom of classmates
    held by the police", "protested after police arrested a trader")."""
    cues = lex.acled["cues"]
    heads = {host.i, host.head.i} if host.pos_ not in VERBAL_POS else {host.i}
    t = tok
    while t.head.i != t.i and t.i not in heads:
        if is_cause(t, cues):
            return True
        t = t.head
    return False



def sentence_turn(lex: Lexicon, root: Token,
                  crowd_word: str | None) -> tuple[str, Token | None] | None:
    """What a later sentence of a crowd's report, read at its root verb, says the crowd did
    or met. `crowd_violence`: the root's doer is the crowd (a demonstrator, a crowd noun no
    name goes with, "they", `crowd_turn_doers`, or the crowd's own word `crowd_word`; no
    force or armed group), its object no demonstrators (those are set upon by others:
    "members of the X Front assaulted the protesters"), and its clause tells destruction or
    violence ("The marchers lit bonfires along the ring road", "The pupils pelted cars with
    stones"). Else, with the force, a force's doing: `lethal_on_crowd` for live fire ("The
    police shot live rounds at the marchers"), `force_on_crowd` for force short of it
    ("Police fired tear gas", "Officers shot skyward", "Police intervened", "They were
    dispersed"). A negated word ("no arrests were made", "did not intervene") tells nothing,
    nor does what the sentence says the crowd acted over ("after police arrested ...")."""
    cues = lex.acled["cues"]
    cause = cause_tokens(root, cues)
    scope = [t for t in root.subtree if t.i not in cause and not _negated(t)
             and t.ent_type_ not in ("DATE", "TIME")]
    forces = set(cues["crowd_force_doers"]) | set(cues["armed_side_words"])
    subj = subject_of(root)
    if subj is not None and subj.i not in cause:
        doers = set(cues["crowd_demonstration_lemmas"]) | set(cues["crowd_turn_doers"]) | \
            lex.cues.crowd_nouns | lex.cues.communal_nouns | lex.cues.labour_groups
        word = crowd_head(lex, subj)
        named = any(w.ent_type_ in ("ORG", "NORP") for w in subj.subtree)  # "the X Front"
        demo = set(cues["crowd_demonstration_lemmas"])
        set_upon = any(c.dep_ == "dobj" and crowd_head(lex, c) in demo for c in root.children)
        if (word == crowd_word or (word in doers and not named)) and not set_upon and \
                not armed_agent(lex, subj) and not any(_lemma(w) in forces for w in subj.subtree) \
                and violent_deed(scope, root, cues):
            return "crowd_violence", None
    for t in scope:
        fact = "lethal_on_crowd" if _live_fire(t, cues) else "force_on_crowd" if (
            forceful(t, cues, "crowd_force_lemmas") or
            forceful(t, cues, "crowd_force_verbs", doer=True) or
            (_lemma(t) in cues["crowd_lethal_lemmas"] and _named_force(t, cues))) else None
        if fact is not None and _on_crowd(t):
            doer = subject_of(t)
            return fact, doer if doer is not None and _lemma(doer) in forces else None
    return None


def _named_force(t: Token, cues: dict) -> bool:
    """"Officers shot skyward", "fired tear gas": done by a named force."""
    subj = subject_of(t)
    return subj is not None and _lemma(subj) in cues["crowd_force_doers"]


def _live_fire(t: Token, cues: dict) -> bool:
    """Lethal force: "shot live rounds at the marchers", "opened fire on them", "shot two of
    them", from a named force; not fire skyward or of tear gas ("shot in the air",
    "shot in the air", "fired tear gas": `crowd_nonlethal_munitions`)."""
    lemma = _lemma(t)
    if lemma in cues["crowd_lethal_objects"]:  # "live bullets were fired"
        return any(_lemma(c) in cues["crowd_lethal_modifiers"] for c in t.children)
    if lemma == "fire" and t.pos_ not in VERBAL_POS:
        return _lemma(t.head) == "open" and _named_force(t.head, cues)
    if lemma not in cues["crowd_lethal_lemmas"] or t.pos_ not in VERBAL_POS or \
            not _named_force(t, cues):
        return False
    aims = [o for c in t.children if c.dep_ in ("prep", "dobj") for o in (c, *c.children)]
    munitions = set(cues["crowd_nonlethal_munitions"]) | set(cues["crowd_nonlethal_markers"])
    return not any(_lemma(o) in munitions or o.lower_ in munitions for o in aims) and \
        any(c.dep_ in ("dobj", "prep") for c in t.children)


def _negated(t: Token) -> bool:
    """"no arrests", "did not intervene", "without arresting": a word the sentence denies."""
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") or (
        c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in ("nobody", "none") or any(
            d.lower_ == "no" for d in c.children))) for c in t.children) or (
        t.dep_ == "pcomp" and t.head.lower_ == "without")  # "no one was arrested"


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _on_crowd(t: Token) -> bool:
    """Force done to a crowd, or to no one named ("Police intervened", "arrested five of
    them"), not to one person ("He was arrested in September": an arrest the crowd
    protests)."""
    patients = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    return not any(p.lower_ in ("he", "she", "him", "her") or p.ent_type_ == "PERSON"
                   for p in patients)
