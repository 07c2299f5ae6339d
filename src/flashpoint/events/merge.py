"""Within a sentence: roles that are triggers, linked violent triggers, support strikes."""

from __future__ import annotations

from spacy.tokens import Span

from flashpoint.events.context import Context
from flashpoint.events.draft import Draft
from flashpoint.events.fatalities import find_fatalities
from flashpoint.events.grammar import noun_phrase
from flashpoint.events.knowledge import NOMINAL_POS, VERBAL_POS, span_text
from flashpoint.events.misparse import person_word
from flashpoint.events.triggers import armed_subject


def attach_fatalities(sent: Span, drafts: list[Draft]) -> None:
    violent = [d for d in drafts if d.trigger.entry.plover == "ASSAULT"]
    if not violent:
        return
    for fat in find_fatalities(span_text(sent), sent.start_char):
        nearest = min(violent, key=lambda d: abs(d.trigger.start_char - (fat.start or 0)))
        if nearest.fatalities is None:
            nearest.fatalities = fat


def drop_argument_triggers(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """"police dispersed the protesters": the protesters are a role, not a second event."""
    out = []
    for d in drafts:
        h = d.trigger.head
        inside = any(
            o is not d and o.patient is not None and h in o.patient.subtree
            and o.trigger.entry.plover in ctx.lex.cues.material_types
            for o in drafts
        )
        if inside and h.pos_ in NOMINAL_POS and ctx.actors.resolve(h.text) is not None:
            continue
        out.append(d)
    return out


def merge_linked(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """One sentence, one violent event: "attacked the village, killing five" is one."""
    order = ctx.lex.class_specificity
    kept: list[Draft] = []
    for d in drafts:
        host = None
        if d.trigger.entry.plover == "ASSAULT":
            for k in kept:
                if k.trigger.entry.plover != "ASSAULT" or k.modality != d.modality:
                    continue
                heads = [k.trigger.head, *k.merged_heads]
                linked = any(d.trigger.head in x.subtree or x in d.trigger.head.subtree
                             for x in heads)
                same_place = d.place_fallback or k.place_fallback or not d.places or \
                    not k.places or {p.text for p in d.places} == {p.text for p in k.places}
                same_agent = d.agent is None or k.agent is None or \
                    d.agent.i == k.agent.i or d.agent.i == k.trigger.head.i or \
                    k.agent.i == d.trigger.head.i  # "air strikes killed 30": one event
                killing = "killing" in (d.trigger.entry.acled_class,
                                        k.trigger.entry.acled_class)
                if linked and (same_place or killing) and same_agent:
                    host = k
                    break
        if host is None:
            kept.append(d)
            continue
        host.merged_heads.append(d.trigger.head)
        if host.agent is None or host.agent.i == d.trigger.head.i:
            host.agent = d.agent
        host.patient = host.patient or d.patient
        if d.places and not d.place_fallback and (
                host.place_fallback or not host.places or
                (d.trigger.head.pos_ in VERBAL_POS and host.trigger.head.pos_ not in
                 VERBAL_POS)):  # the verb's "in X" names the site
            host.places, host.place_fallback = d.places, False
        host.date_phrase = host.date_phrase or d.date_phrase
        if specificity(order, d) > specificity(order, host):
            host.trigger = d.trigger
    for host in kept:
        property_attack(ctx, host, drafts)
    return kept


def property_attack(ctx: Context, host: Draft, drafts: list[Draft]) -> None:
    """"attacked and burned the customs post", "attacked the village and set houses
    ablaze": an armed group's attack whose only target is property, no person harmed or
    named as its object, no armed side attacked and no killing in the merged words, is
    ACLED's Looting/property destruction, so the destruction word names the event."""
    if not host.merged_heads or host.trigger.entry.acled_class != "armed_violence" or \
            not armed_subject(ctx, host.trigger.head):
        return  # unknown people who attack and burn amid unrest may be a mob
    merged = [d for d in drafts if d.trigger.head in host.merged_heads]
    looting = next((d for d in merged if d.trigger.entry.acled_class == "looting"), None)
    if looting is None or any(d.trigger.entry.acled_class == "killing" for d in merged):
        return
    patients = [p for p in (host.patient, *(d.patient for d in merged)) if p is not None]
    armed = ctx.lex.acled["cues"]["armed_side_words"]  # "attacked a police patrol"
    if any(p.ent_type_ in ("PERSON", "NORP") or person_word(ctx.lex.cues, p) or
           p.lemma_.lower() in ctx.lex.cues.crowd_nouns or any(
               w.lemma_.lower() in armed for w in (p, *p.children) if w.dep_ != "prep")
           for p in patients):
        return
    host.trigger = looting.trigger


def derived_support_events(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """"X, backed by Y's warplanes, attacked Z": Y's air strikes on Z are events too."""
    out = []
    for d in drafts:
        if d.trigger.entry.plover != "ASSAULT" or d.modality in ("negated", "hypothetical"):
            continue
        for backer in d.backers + d.co_agents:
            match = ctx.actors.resolve(noun_phrase(backer), prefer_military=True)
            if match is None or match.means not in ("air", "drone"):
                continue
            extra = Draft(d.trigger, d.sent, agent=backer, places=list(d.places),
                           place_fallback=d.place_fallback, modality=d.modality,
                           speaker=d.speaker, date_phrase=d.date_phrase,
                           derived_means=match.means,
                           host_agent=d.agent)
            out.append(extra)
    return out


def specificity(order: tuple[str, ...], d: Draft) -> int:
    """How specific the draft's ACLED class is (`specificity` in acled_rules.v1.json): a
    killing told beside its attack ("clashed ..., killing 12") adds the toll, not the kind."""
    cls = d.trigger.entry.acled_class
    return order.index(cls) if cls in order else -1
