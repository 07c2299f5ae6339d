"""From a draft to records: actors resolved, PLOVER and ACLED codes decided."""

from __future__ import annotations

from spacy.tokens import Span, Token

from flashpoint.events.context import Context
from flashpoint.events.crowds import (
    armed_agent,
    communal_militia,
    crowd_agent,
    crowd_facts,
    crowd_head,
    identity_group_militia,
)
from flashpoint.events.draft import Draft, PlaceMention
from flashpoint.events.grammar import clause_text, noun_phrase, sentence_evidence, span_of, tok_text
from flashpoint.events.hints import Hints
from flashpoint.events.identity import facts as identity_facts
from flashpoint.events.identity import named_community_militia, unorganised_attackers
from flashpoint.events.knowledge import Lexicon, doc_text
from flashpoint.events.parties import has_party, unattributed_charge
from flashpoint.record import AcledCode, Actor, Attribution, Event, Location, PloverCode


def resolve_actor(
    ctx: Context, tok: Token | None, *, military: bool
) -> tuple[Actor | None, str | None]:
    if tok is None:
        return None, None
    match = ctx.actors.resolve(noun_phrase(tok), prefer_military=military)
    if match is None:
        return None, None
    if match.means == "artillery" and match.actor.country is None and \
            match.actor.kind in ctx.lex.cues.state_kinds:
        return None, match.means  # "artillery shells hit": a munition, shooter unnamed
    actor = match.actor
    start, end = span_of(tok)
    actor.text = doc_text(tok.doc)[start:end]
    actor.start, actor.end = start, end
    return actor, match.means


def root_subject_country(ctx: Context, sent: Span) -> str | None:
    return country_of(ctx, [c for c in sent.root.children if c.dep_ == "nsubj"])


def speaker_country(ctx: Context, d: Draft) -> str | None:
    candidates = [d.speaker] if d.speaker is not None else []
    candidates += [c for c in d.sent.root.children if c.dep_ == "nsubj"]
    return country_of(ctx, candidates)


def country_of(ctx: Context, candidates: list[Token]) -> str | None:
    for tok in candidates:
        match = ctx.actors.resolve(noun_phrase(tok))
        if match is not None and match.actor.country:
            return match.actor.country
    return None


def to_events(ctx: Context, article_id: str, d: Draft,
              containers: dict[int, PlaceMention]) -> list[Event]:
    entry = d.trigger.entry
    violent = entry.plover in ("ASSAULT",)
    first_person = ctx.lex.cues.first_person_pronouns
    if d.agent is not None and d.agent.pos_ == "PRON" and d.agent.lower_ in first_person and \
            d.speaker is not None and d.speaker.lower_ not in first_person:
        d.agent = d.speaker  # '"We will not negotiate," the minister said': the speaker
    actor1, means1 = resolve_actor(ctx, d.agent, military=violent)
    if (actor1 is None or actor1.country is None) and d.derived_means and \
            d.agent is not None and d.host_agent is not None:
        # "Nigerian troops backed by air force jets": the jets fly for the same side,
        # unless the words say they are someone else's ("coalition warplanes")
        host, _ = resolve_actor(ctx, d.host_agent, military=True)
        words = {t.lower_ for t in d.agent.subtree}
        if host is not None and host.country and not words & ctx.lex.cues.foreign_markers:
            again = ctx.actors.resolve(noun_phrase(d.agent), context_country=host.country,
                                        prefer_military=True)
            if again is not None:
                start, end = span_of(d.agent)
                again.actor.text, again.actor.start, again.actor.end = tok_text(
                    d.agent, start, end)
                again.actor.confidence = min(again.actor.confidence, 0.6)
                actor1 = again.actor
    if actor1 is not None and actor1.country is None and d.agent is not None and any(
            c.dep_ == "poss" and c.lower_ in ctx.lex.cues.owner_pronouns for c in d.agent.children):
        # "Russia's ministry said its forces ...": the owner is the speaker's side
        owner = speaker_country(ctx, d)
        if owner is not None:
            again = ctx.actors.resolve(noun_phrase(d.agent), context_country=owner,
                                        prefer_military=violent)
            if again is not None:
                again.actor.text, again.actor.start, again.actor.end = (
                    actor1.text, actor1.start, actor1.end)
                actor1 = again.actor
    if d.agent_fallback and actor1 is not None:
        actor1.confidence = 0.6
    if (actor1 is None or actor1.kind == "civilians") and violent and d.agent is not None \
            and (communal(ctx, d.agent) and communal_militia(ctx.lex, d) or
                 identity_group_militia(ctx.lex, d) or named_community_militia(ctx, d)):
        # "herders attacked a village" (even where the resolver knows herders as civilians):
        # a community that fights as one is, for ACLED, an identity militia, not a crowd
        # (armed, killing, raiding; a crowd of farmers who beat a herder is a crowd)
        actor1 = _generic(ctx, "militia", d.agent, None)
    if entry.acled_class is not None and d.agent is not None and (
            (actor1 is None and crowd_head(ctx.lex, d.agent) in ctx.lex.cues.crowd_nouns) or
            ((actor1 is None or actor1.kind == "government") and crowd_agent(ctx.lex, d.agent))):
        # "supporters of the two candidates clashed", "villagers beat a suspect": people who
        # are no organised armed group; for ACLED a crowd (see `crowd_actor1`), also where
        # the words name whose supporters they are ("supporters of a ruling-party leader")
        actor1 = _generic(ctx, "civilians", d.agent, actor1.country if actor1 else None)
    if (actor1 is None or actor1.kind == "civilians") and violent and \
            d.agent is not None and armed_agent(ctx.lex, d.agent, d.trigger.head):
        # "two unidentified men shot a trader", "men armed with machetes": no crowd and no
        # civilians but, for ACLED, an (unidentified) armed group
        actor1 = _generic(ctx, "gunmen", d.agent, actor1.country if actor1 else None)
    if actor1 is not None and actor1.kind == "militant" and entry.acled_class is not None and \
            unorganised_attackers(ctx, d):
        # "assailants beat a trader": no sign of an organised armed group, a crowd
        actor1 = _generic(ctx, "civilians", d.agent, actor1.country)
    actor2, _ = resolve_actor(ctx, d.patient, military=False)
    if actor1 is not None and actor2 is not None and actor1.name == actor2.name:
        actor2 = None
    former = violent and _former(ctx, d.patient)
    if actor2 is not None and actor2.kind != "civilians" and violent and (
            former or _institution_staff(ctx, actor2, d.patient)):
        # "a former rebel", "a WHO volunteer": a person of no armed side, a civilian
        actor2 = _generic(ctx, "civilians", d.patient, actor2.country)
    if actor2 is None and d.patient is not None and d.patient.ent_type_ == "NORP" and \
            d.patient.tag_ in ("NNPS", "NNS"):
        # "killed 30 Palestinians": a people named by nationality are civilians
        people = ctx.actors.resolve(d.patient.text)
        if people is not None and people.actor.country:
            civ = ctx.actors.resolve("civilians", context_country=people.actor.country)
            if civ is not None:
                actor2 = civ.actor
                start, end = span_of(d.patient)
                actor2.text, actor2.start, actor2.end = tok_text(d.patient, start, end)
    victim_kind = None
    if actor2 is None and violent:
        victim, victim_kind = victim_of(ctx, d)
        if victim_kind is not None and (former or _former(ctx, victim)):
            victim_kind = "civilians"
        if victim_kind == "civilians":  # "killing a farmer": an unarmed victim is a civilian
            actor2 = _generic(ctx, "civilians", victim, actor1.country if actor1 else None)
    fat = d.fatalities
    if actor2 is None and fat is not None and violent and any(
            w in fat.text.lower() for w in ctx.lex.cues.civilian_toll_words):
        actor2 = Actor(text=fat.text, name="Civilians", country=None, kind="civilians",
                       start=fat.start, end=fat.end, confidence=0.6)
    means = d.derived_means or entry.means or means1
    for c in d.trigger.head.children:
        if c.dep_ in ("compound", "amod") and c.lower_ in ctx.lex.cues.air_modifiers:
            means = means or "air"
        if c.dep_ in ("compound", "amod") and c.lower_ in ctx.lex.cues.drone_modifiers:
            means = "drone"
        if c.dep_ in ("compound", "amod") and c.lower_ in ctx.lex.cues.heavy_weapon_modifiers:
            means = means or "artillery"
    mode = entry.mode
    if means in ("air", "drone") and entry.plover == "ASSAULT":
        mode = "aerial"
    elif means == "artillery" and entry.plover == "ASSAULT":
        mode = "heavy-weapons"
    attribution = None
    modality = d.modality
    speaker = d.speaker
    if speaker is not None and speaker.sent == d.sent:
        start, end = span_of(speaker)
        text = doc_text(speaker.doc)[start:end]
        match = ctx.actors.resolve(noun_phrase(speaker))
        attribution = Attribution(text=text, name=match.actor.name if match else text,
                                  start=start, end=end)
        # "claimed" is for a party's word; witnesses and reporters leave it asserted
        party = match is not None or speaker.lemma_.lower() in ctx.lex.cues.party_nouns
        if modality == "claimed" and (not party or (
                match is not None and match.actor.kind in ctx.lex.cues.witness_kinds)):
            modality = "asserted"
    plover_type = entry.plover
    remapped = ctx.lex.type_by_modality.get(modality, {}).get(plover_type)
    if d.conditional and modality in ("planned", "hypothetical") and \
            plover_type in ctx.lex.cues.threat_types:
        remapped = "THREATEN"  # "will withdraw its troops unless ...": a conditional threat
    if d.obliged:
        remapped = "REQUEST"  # "X said Y must return Z": X demands it
    if remapped is not None:  # "will visit" is an expressed intent: AGREE, asserted
        plover_type, mode, modality = remapped, None, "asserted"
    acled = None
    verb = governing_verb(d.trigger.head)
    if remapped is None and modality in ("asserted", "claimed", "alleged", "denied"):
        codes = acled_codes(
            ctx.lex, "air" if d.derived_means else entry.acled_class, means=means,
            target_kind=actor2.kind if actor2 else victim_kind,
            actor1_state=(actor1.kind in ctx.lex.cues.state_kinds) if actor1 else None,
            sentence_lower=clause_text(d.trigger.head).lower(),
            actor1_kind=actor1.kind if actor1 else None,
            head_verb=verb.lemma_.lower() if verb is not None else None,
            actor1_own=not d.agent_fallback,
            other_armed=other_armed_side(ctx, d, actor2)
            if entry.acled_class in ("armed_violence", "killing") else None,
            trigger_lemma=d.trigger.head.lemma_.lower(),
            patient_lemma=d.patient.lemma_.lower() if d.patient is not None else None,
            patient_place=held_place(ctx, d),
            facts=crowd_facts(ctx.lex, d) | identity_facts(ctx, d)
            if entry.acled_class is not None else frozenset(),
        )
        if codes is not None:
            acled = AcledCode(*codes)
            if verb is not None and acled.sub_event_type == "Disrupted weapons use":
                # "police seized grenades": who seized them is actor1, not a bomber
                seizer = [c for c in verb.children if c.dep_ == "nsubj"]
                if seizer:
                    actor1 = resolve_actor(ctx, seizer[0], military=True)[0] or actor1
            crowd = ctx.lex.acled.get("crowd_actor1", {}).get(acled.event_type)
            if crowd is not None and actor1 is not None and \
                    actor1.kind in ctx.lex.cues.state_kinds and actor1.kind != "government":
                # "police dispersed the protesters": for ACLED the crowd is actor1 and the
                # force that met it actor2
                if actor2 is None or actor2.kind in ("civilians", "protesters"):
                    actor2, actor1 = actor1, _generic(ctx, crowd, d.trigger.head,
                                                      actor1.country)
            if crowd is not None and (actor1 is None or actor1.kind == "civilians"):
                # the crowd that protested or rioted is actor1 (Protesters / Rioters)
                # (named at the agent when its words name a crowd, else at the trigger: the
                # pipeline re-reads the words of a generic actor for its country)
                actor1 = _generic(ctx, crowd, d.trigger.head, actor1.country if actor1 else None)
            follow = ctx.lex.acled.get("plover_by_acled", {}).get(acled.sub_event_type)
            if follow is not None:  # "rioters torched cars" is a PROTEST (riot)
                plover_type, mode = follow[0], follow[1]
    if unattributed_charge(ctx, d, plover_type, actor1):
        return []
    if (acled is None or acled.sub_event_type in ctx.lex.cues.party_acled_subtypes) and \
            not has_party(ctx, d, plover_type, actor1, actor2):
        return []
    sent = d.sent
    evidence = sentence_evidence(sent)
    base_conf = 0.85
    if d.agent is None:
        base_conf -= 0.15
    if d.place_fallback:
        base_conf -= 0.15
    if entry.weak:
        base_conf -= 0.1
    if d.derived_means:
        base_conf -= 0.1
    places = d.places or [None]
    events = []
    for place in places:
        location = None
        if place is not None:
            location = Location(
                text=place.text, name=place.text, start=place.start_char,
                end=place.end_char, precision=3 if place.is_country else (
                    2 if place.text.split()[-1].lower() in ctx.lex.cues.region_words else 1),
                confidence=0.5 if d.place_fallback else 0.9,
            )
        container = containers.get(place.start_char) if place else None
        hints = Hints(
            tense="future" if modality == "planned" else "past",
            co_actors=tuple(noun_phrase(t) for t in d.co_agents),
            place_fallback=d.place_fallback,
            means=means,
            derived=bool(d.derived_means),
            date_phrase=d.date_phrase,
            container=container.text if container is not None else None,
        )
        events.append(Event(
            article_id=article_id,
            plover=PloverCode(plover_type, mode, []),
            acled=acled,
            actor1=actor1,
            actor2=actor2,
            location=location,
            date=None,
            fatalities=fat if violent else None,
            modality=modality,  # type: ignore[arg-type]
            attribution=attribution,
            denials=[],
            evidence=evidence,
            confidence=max(0.1, base_conf),
            trigger=d.trigger.text,
            trigger_start=d.trigger.start_char + (1 if d.derived_means else 0),
            cues=hints.to_cues(),
        ))
    return events


def acled_codes(
    lexicon: Lexicon,
    acled_class: str | None,
    *,
    means: str | None,
    target_kind: str | None,
    actor1_state: bool | None,
    sentence_lower: str,
    actor1_kind: str | None = None,
    head_verb: str | None = None,
    actor1_own: bool = True,
    other_armed: bool | None = None,
    trigger_lemma: str | None = None,
    patient_lemma: str | None = None,
    patient_place: bool = False,
    facts: frozenset[str] = frozenset(),
) -> tuple[str, str] | None:
    """Walk the class's ordered rules; the first whose conditions hold gives the codes.
    `trigger_in` names a cue list of trigger lemmas: a word that is two-sided by itself
    ("clashed", "fought") or one-sided ("attacked", "raided"); `patient_in` one of the
    trigger's object ("attacked the town hall and set it ablaze": property, no one hurt);
    `patient_place` whether that object is a place held by a side ("attacked the city")."""
    if acled_class is None:
        return None
    rules = lexicon.acled["classes"].get(acled_class)
    if not rules:
        return None
    cues = lexicon.acled["cues"]
    sentence_lower = f" {sentence_lower} "  # a cue may end in a space: a whole word
    for rule in rules:
        cond = rule["when"]
        if "means" in cond and cond["means"] != means:
            continue
        if "target_kind" in cond and cond["target_kind"] != target_kind:
            continue
        state = cond.get("actor1_state")
        if state is not None and (actor1_state is None or state != actor1_state):
            continue
        if "cue" in cond and not any(c in sentence_lower for c in cues[cond["cue"]]):
            continue
        if "not_cue" in cond and any(c in sentence_lower for c in cues[cond["not_cue"]]):
            continue
        armed = cues.get("armed_kinds", ())
        if "actor1_armed" in cond and cond["actor1_armed"] != (actor1_kind in armed):
            continue
        if "target_armed" in cond and cond["target_armed"] != (target_kind in armed):
            continue
        kinds = cond.get("actor1_kind_in")
        if kinds is not None and ((actor1_kind if actor1_own else None) or "none") not in kinds:
            continue
        if "head_verb" in cond and head_verb not in cues[cond["head_verb"]]:
            continue
        if "other_armed" in cond and (other_armed is None or cond["other_armed"] != other_armed):
            continue
        if "trigger_in" in cond and trigger_lemma not in cues[cond["trigger_in"]]:
            continue
        if "patient_in" in cond and patient_lemma not in cues[cond["patient_in"]]:
            continue
        if "patient_place" in cond and cond["patient_place"] != patient_place:
            continue
        if "fact" in cond and cond["fact"] not in facts:  # `events.crowds`
            continue
        if "not_fact" in cond and cond["not_fact"] in facts:
            continue
        return rule["then"][0], rule["then"][1]
    return None


def _former(ctx: Context, tok: Token | None) -> bool:
    """"a former rebel commander", "a retired police officer": no longer of an armed side,
    a civilian for ACLED (the modifier on the noun or on the noun it classifies)."""
    nouns = [] if tok is None else [tok, tok.head] if tok.dep_ == "compound" else [tok]
    return any(c.dep_ == "amod" and c.lower_ in ctx.lex.cues.former_modifiers
               for n in nouns for c in n.children)


def _institution_staff(ctx: Context, actor: Actor, tok: Token | None) -> bool:
    """"a WHO volunteer", "two agency employees": a person who works for an
    institution of no armed side (`institution_kinds`), for ACLED a civilian."""
    cues = ctx.lex.acled["cues"]
    return actor.kind in cues["institution_kinds"] and tok is not None and (
        tok.lemma_.lower() in ctx.lex.cues.unarmed_person_nouns or
        tok.lemma_.lower() in cues["institution_staff_nouns"])


def _generic(ctx: Context, term: str, tok: Token | None, country: str | None) -> Actor | None:
    """A generic actor (civilians, protesters, rioters) for the words at `tok`."""
    match = ctx.actors.resolve(term, context_country=country)
    if match is None:
        return None
    actor = match.actor
    if tok is not None:  # a noun's phrase; a verb (the act a crowd did) by its own word
        start, end = span_of(tok) if tok.pos_ in ("NOUN", "PROPN", "PRON") else (
            tok.idx, tok.idx + len(tok.text))
        actor.text, actor.start, actor.end = tok_text(tok, start, end)
    actor.confidence = min(actor.confidence, 0.6)
    return actor


def other_armed_side(ctx: Context, d: Draft, actor2: Actor | None) -> bool:
    """Whether the trigger's clause names an armed side besides actor1: an actor2 of an armed
    kind, or, outside actor1's own words, an armed person or force ("soldiers", "the army")
    or what only an armed side holds ("a military post", "their positions"). Without one, a
    violent act by an armed group is one-sided: ACLED's Attack, not an Armed clash."""
    armed = ctx.lex.acled["cues"]
    if actor2 is not None and actor2.kind in armed.get("armed_kinds", ()):
        return True
    if victim_of(ctx, d)[1] == "military":  # "killing two soldiers"
        return True
    node = d.trigger.head
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    # up to the clause that holds the act's subject ("were killed after being ambushed")
    while node.head.i != node.i and (node.dep_ in ("conj", "acl", "relcl") or (
            node.dep_ == "advcl" and not any(c.dep_ in ("nsubj", "nsubjpass")
                                             for c in node.children))):
        node = node.head
    own = {t.i for t in d.agent.subtree} if d.agent is not None else set()
    # the clause's active subject is the attacker even where no actor was resolved for it
    # ("a clan militia opened fire on a bus")
    own |= {t.i for c in node.children if c.dep_ == "nsubj" for t in c.subtree}
    # and so is the doer named by a passive's "by" or the trigger noun's "by"/"from"
    # ("cattle stolen by bandits", "an attack by an armed group", "an attack from militia")
    own |= {t.i for a in node.subtree if a.dep_ == "agent" for t in a.subtree}
    own |= {t.i for c in d.trigger.head.children
            if c.dep_ == "prep" and c.lower_ in armed.get("doer_prepositions", ())
            and d.trigger.head.pos_ in ("NOUN", "PROPN") for t in c.subtree}
    words = armed.get("armed_side_words", ())
    # a word of the list as a noun or adjective: not the verb "forcing dozens to flee"
    return any((t.lemma_.lower() in words or t.lower_ in words) and t.i not in own and
               (t.pos_ not in ("VERB", "AUX") or t.lower_ in words)
               for t in node.subtree)


def victim_of(ctx: Context, d: Draft) -> tuple[Token | None, str | None]:
    """The person a violent act was done to, by the kind of word that names them: unarmed
    ("a farmer", "a judge", "detainees") is civilians, armed ("soldiers") military. The
    trigger's own object first, then the object of a violent verb in the sentence ("raided
    the village, killing a farmer")."""
    cues = ctx.lex.cues
    candidates = [d.patient] if d.patient is not None else []
    candidates += [t for t in d.sent if t.dep_ in ("dobj", "nsubjpass") and
                   t.head.lemma_.lower() in cues.victim_verbs]
    for tok in candidates:
        lemma = tok.lemma_.lower()
        if lemma in cues.unarmed_person_nouns:
            return tok, "civilians"
        if lemma in cues.armed_person_nouns:
            return tok, "military"
    return None, None


def held_place(ctx: Context, d: Draft) -> bool:
    """Whether an attack's object is a place a side holds: a named place ("attacked
    Korvana", "attacks on Dessel") or a town, city or district ("attacked the city of X").
    Taking such a place is fought over (ACLED's Armed clash), unlike a raid on a village,
    a house or a bus. The object is the trigger's own: its patient, direct object, passive
    subject or the object of on/against/into."""
    head = d.trigger.head
    objects = [d.patient] if d.patient is not None else []
    for c in head.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            objects.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("on", "against", "into"):
            objects += [p for p in c.children if p.dep_ == "pobj"]
    held = ctx.lex.acled["cues"]["held_places"]
    return any(o.ent_type_ in ("GPE", "LOC") or o.lemma_.lower() in held for o in objects)


def governing_verb(head: Token) -> Token | None:
    """The verb whose object (or passive subject) a noun trigger stands in: "seized a cache
    of grenades" -> seized; None for a verb trigger or a subject."""
    tok = head
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    for _ in range(6):
        if tok.dep_ in ("dobj", "nsubjpass"):
            return tok.head if tok.head.pos_ in ("VERB", "AUX") else None
        if tok.dep_ not in ("pobj", "prep", "conj", "appos", "compound", "amod", "nmod") or \
                tok.head is tok:
            return None
        tok = tok.head
    return None


def communal(ctx: Context, agent: Token) -> bool:
    """An agent named by the community it fights for: a communal noun ("herders")."""
    return crowd_head(ctx.lex, agent) in ctx.lex.cues.communal_nouns
