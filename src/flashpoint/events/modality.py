"""Modality and attribution: negated, denied, hypothetical, planned, alleged, claimed."""

from __future__ import annotations

from spacy.tokens import Span, Token

from flashpoint.events.context import Context
from flashpoint.events.draft import Draft
from flashpoint.events.grammar import embedding_chain, governor
from flashpoint.events.knowledge import NOMINAL_POS
from flashpoint.events.triggers import Trigger, said_content


def assign_modality(ctx: Context, draft: Draft, trigger_heads: dict[int, Trigger]) -> None:
    h = draft.trigger.head
    cues = ctx.lex.cues
    gov = governor(ctx, h)
    clause = [h] if gov.i == h.i else [h, gov]
    if h.pos_ in NOMINAL_POS and h.dep_ in ("nsubj", "nsubjpass", "dobj") and \
            h.head not in clause:
        clause.append(h.head)  # "will extend the curfew": the verb carries the tense
    # "Riots involving arson - details not specified": a note that the report does not
    # know the details (`unknown_detail_verbs`) does not say the event did not happen
    unknown = ctx.lex.acled["cues"]["unknown_detail_verbs"]
    negated = any(
        c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no")
        for node in clause if node.i == h.i or node.lemma_.lower() not in unknown
        for c in node.children
    )
    hypothetical = any(
        (c.dep_ == "aux" and c.lower_ in cues.hypothetical_auxiliaries)
        or (c.dep_ == "mark" and c.lower_ in cues.hypothetical_marks)
        for node in clause for c in node.children
    )
    planned = any(
        c.dep_ == "aux" and c.lower_ in cues.future_auxiliaries
        for node in clause for c in node.children
    )
    denied = alleged = claimed = False
    # walk up the clause chain for embedding verbs
    chain = embedding_chain(ctx, clause[-1], through_clauses=True)
    draft.conditional = any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in cues.threat_conditions
                                  for m in c.children)
        for node in clause for c in node.children)
    upto = next((k for k, a in enumerate(chain) if a.lemma_.lower() in cues.reporting_verbs), None)
    below = None
    if upto is not None:
        below = clause + chain[:upto]
    elif said_content(ctx, (chain or clause)[-1]):
        below = clause + chain
    if below is not None:
        draft.obliged = any(c.dep_ == "aux" and c.lower_ in cues.obligation_auxiliaries
                            for node in below for c in node.children)
    if chain and chain[-1].dep_ in ("advcl", "conj") and \
            chain[-1].lemma_.lower() in cues.reporting_verbs:
        chain.append(chain[-1].head)  # "..., saying its fighters attacked"
    complement = True  # still inside the complements: an adverbial clause is its own act
    below_node = clause[-1]
    for anc in chain:
        complement = complement and below_node.dep_ != "advcl"
        # "set houses ablaze and seized cattle": a verb coordinated with a planning verb is
        # a second act, not what is planned
        coordinated = below_node.dep_ == "conj"
        below_node = anc
        lemma = anc.lemma_.lower()
        if lemma in cues.deny_verbs and anc.i not in trigger_heads:
            denied = True
            set_speaker(draft, anc)
            break
        if lemma in cues.planned_verbs and complement and not coordinated:
            planned = True
        if lemma in cues.negating_verbs and anc.i not in trigger_heads and complement:
            negated = True  # "failed to reach an agreement": it did not happen
        if lemma in cues.blame_verbs and draft.blamed is not None:
            alleged = True
        outer = trigger_heads.get(anc.i)
        if outer is not None and outer.entry.plover == "ACCUSE":
            alleged = True
            set_speaker(draft, anc)
        if lemma in cues.reporting_verbs:
            claimed = True
            set_speaker(draft, anc)
            if any(c.dep_ == "aux" and c.lower_ in cues.future_auxiliaries
                   for c in anc.children):
                planned = True
    if draft.blamed is not None:
        alleged = True
    if not claimed:
        sayer = sentence_attribution(ctx, draft.sent, h)
        if sayer is not None:
            claimed = True
            draft.speaker = draft.speaker or sayer
    reported = claimed or any(a.lemma_.lower() in cues.reporting_verbs for a in chain)
    if hypothetical and reported and not any(
            c.dep_ == "aux" and c.lower_ in cues.possibility_auxiliaries for node in clause
            for c in node.children) and not any(
            c.dep_ == "mark" and c.lower_ in cues.hypothetical_marks for node in clause
            for c in node.children):
        hypothetical, planned = False, True  # "said X would attack": future in the past
    if negated:
        draft.modality = "negated"
    elif denied:
        draft.modality = "denied"
    elif hypothetical:
        draft.modality = "hypothetical"
    elif planned:
        draft.modality = "planned"
    elif alleged:
        draft.modality = "alleged"
    elif claimed:
        draft.modality = "claimed"


def set_speaker(draft: Draft, verb: Token) -> None:
    if not any(c.dep_ in ("nsubj", "agent") for c in verb.children) and verb.dep_ in (
            "advcl", "conj", "xcomp") and verb.head.i != verb.i:
        verb = verb.head  # "X claimed ..., saying ...": X speaks
    for c in verb.children:
        if c.dep_ in ("nsubj", "agent"):
            speaker = c if c.dep_ == "nsubj" else next(
                (p for p in c.children if p.dep_ == "pobj"), None)
            if speaker is not None and speaker.lower_ not in ("it", "that", "which"):
                draft.speaker = speaker
            return


def sentence_attribution(ctx: Context, sent: Span, h: Token) -> Token | None:
    """Trailing or parenthetical reporting clauses: "..., the envoy stated." and
    "..., informed the foreign minister." and "according to X"."""
    cues = ctx.lex.cues
    root = sent.root
    candidates = [root] + [c for c in root.children if c.dep_ in (
        "conj", "parataxis", "ccomp", "advcl")]
    for v in candidates:
        if v.lemma_.lower() not in cues.reporting_verbs or v.i < h.i:
            continue
        if v.i == root.i and h.i > v.i:
            continue
        speaker = next((c for c in v.children if c.dep_ == "nsubj"), None)
        if speaker is None:
            speaker = next((c for c in v.children if c.dep_ == "dobj"), None)
        if speaker is not None and speaker.lower_ not in ("it",):
            return speaker
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end and \
                tok.nbor().lower_ == "to":
            pobj = next((c for c in tok.nbor().children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return None
