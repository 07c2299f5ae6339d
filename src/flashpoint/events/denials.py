"""A later denial attaches to the earlier event it denies."""

from __future__ import annotations

from spacy.tokens import Span

from flashpoint.events.coding import root_subject_country
from flashpoint.events.context import Context
from flashpoint.events.grammar import noun_phrase, sentence_evidence
from flashpoint.events.knowledge import NOMINAL_POS, VERBAL_POS
from flashpoint.events.roles import agent_inherited
from flashpoint.events.triggers import find_triggers
from flashpoint.record import Actor, Denial, Event


def attach_denial(ctx: Context, sent: Span, events: list[Event]) -> Denial | None:
    """"Russia has denied this allegation" attaches to the event it denies."""
    cues = ctx.lex.cues
    for tok in sent:
        if tok.lemma_.lower() not in cues.deny_verbs or tok.pos_ not in VERBAL_POS:
            continue
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "ccomp", "xcomp")), None)
        if obj is not None and obj.pos_ in NOMINAL_POS and \
                obj.lemma_.lower() not in cues.allegation_nouns and \
                not any(t.lemma_.lower() in cues.allegation_nouns for t in obj.subtree):
            continue  # "denied the request" is a rejection, not a denial of an event
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None) or \
            agent_inherited(ctx, tok)
        if subj is None:
            continue
        match = ctx.actors.resolve(noun_phrase(subj))
        if match is not None and match.actor.country is None and any(
                c.dep_ == "poss" and c.lower_ in cues.owner_pronouns for c in subj.children):
            owner = root_subject_country(ctx, sent)
            if owner is not None:
                match = ctx.actors.resolve(noun_phrase(subj), context_country=owner)
        if match is None:
            continue
        denier = match.actor
        denied_types = {t.entry.plover for t in find_triggers(ctx.lex, sent)
                        if t.head in tok.subtree and t.head.i != tok.i}
        recent = [e for e in reversed(events[-12:])
                  if e.modality in ("alleged", "claimed", "asserted")]
        # the denier's own side: the same actor, or the same state ("Russia" denies what
        # "Russian jets" did); failing that, an attack of the denied kind with no named
        # perpetrator ("shells hit a market ... X denied shelling")
        candidates = [e for e in recent if same_side(e.actor1, denier, cues.state_kinds)] or [
            e for e in recent if e.actor1 is None and e.plover.type in denied_types]
        if candidates:
            event = candidates[0]
            denial = Denial(text=noun_phrase(subj), name=denier.name,
                            evidence=sentence_evidence(sent))
            event.denials.append(denial)
            event.modality = "alleged"
            return denial
    return None


def same_side(actor: Actor | None, denier: Actor, state_kinds: frozenset[str]) -> bool:
    if actor is None:
        return False
    if actor.name == denier.name:
        return True
    return bool(actor.country) and actor.country == denier.country and \
        actor.kind in state_kinds and denier.kind in state_kinds
