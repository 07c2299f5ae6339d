"""The words of incident assembly and factuality (`data/incidents.v1.json`), validated at load.

A missing key, a key of the wrong shape or an unknown ACLED event type in `anaphor_nouns`
fails here, naming the file and the key, not on the first article read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from flashpoint.record import ACTOR_KINDS

INCIDENTS_FILE = "incidents.v1.json"
ACLED_EVENT_TYPES = frozenset({
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
    "Strategic developments",
})
PLOVER_TYPES = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "SANCTION", "THREATEN", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT",
})
WORD_LISTS = (
    "anaphor_determiners", "perpetrator_nouns", "separate_markers", "response_verbs",
    "fight_back_verbs", "violence_nouns", "episode_modifiers",
    "addition_words", "claim_verbs", "claim_objects", "claim_said_verbs", "claim_said_subjects",
    "blame_verbs", "blame_hold_words", "suspect_modifiers", "negation_words", "summary_heads",
    "summary_modifiers", "summary_time_phrases", "habitual_adverbs", "planned_heads",
    "reference_prepositions", "kill_triggers", "recent_date_words", "place_intro_prepositions",
    "same_kind_determiners", "setting_prepositions", "denial_objects", "place_anaphors",
    "capital_nouns",
    "both_sides_phrases", "unrealised_prepositions", "single_kill_lemmas", "kill_manner_lemmas",
    "kill_manner_results", "crowd_escalation", "intervention_subtypes", "issue_prepositions",
    "state_actor_kinds", "crowd_actor_kinds", "material_plover_types", "generic_subtypes",
    "plain_subtypes", "no_toll_event_types", "crowd_event_types", "mutual_trigger_prefixes",
    "modal_auxiliaries", "generic_actor_prefixes", "generic_actor_names", "actor_part_nouns",
    "symbolic_objects", "background_markers", "claimed_count_phrases",
    "rioter_nouns", "grievance_nouns", "grievance_heads", "single_death_lemmas",
    "addition_after_count", "death_claim_lemmas",
    "territory_subtypes", "charge_subtypes", "charge_prepositions",
    "later_adverbs", "addition_among", "crowd_fight_prefixes",
)
# the classes each list names, checked at load (an unknown name fails, naming the key)
ACTOR_KIND_LISTS = ("state_actor_kinds", "crowd_actor_kinds")
SUBTYPE_LISTS = ("generic_subtypes", "plain_subtypes", "intervention_subtypes",
                 "territory_subtypes", "charge_subtypes")
EVENT_TYPE_LISTS = ("no_toll_event_types", "crowd_event_types")


@dataclass(frozen=True)
class IncidentKnowledge:
    anaphor_nouns: dict[str, str | None]  # noun lemma -> ACLED event type of its antecedent
    anaphor_determiners: frozenset[str]
    perpetrator_nouns: frozenset[str]
    separate: re.Pattern[str]
    response_verbs: frozenset[str]
    fight_back_verbs: frozenset[str]
    violence_nouns: frozenset[str]
    episode_modifiers: frozenset[str]
    addition_words: frozenset[str]
    claim_verbs: frozenset[str]
    claim_objects: frozenset[str]
    claim_said_verbs: frozenset[str]
    claim_said_subjects: frozenset[str]
    blame_verbs: frozenset[str]
    blame_hold_words: frozenset[str]
    suspect_modifiers: frozenset[str]
    negation_words: frozenset[str]
    summary_heads: frozenset[str]
    summary_modifiers: frozenset[str]
    summary_time: re.Pattern[str]
    habitual_adverbs: frozenset[str]
    planned_heads: frozenset[str]
    historical_years: int
    reference_prepositions: frozenset[str]
    kill_triggers: frozenset[str]
    planned_types: dict[str, str]
    recent_date: re.Pattern[str]
    place_intro: re.Pattern[str]  # "In Kaduna state, ...": a roundup's next incident
    same_kind: re.Pattern[str]  # "another strike": a new incident of the kind just told
    setting_prepositions: frozenset[str]  # "clashed during a general strike": the setting
    headline_max_tokens: int
    denial_objects: frozenset[str]  # "rejected the accusation": a denial, not an event
    place_anaphors: frozenset[str]  # "north of the city": the place told before
    capital_nouns: frozenset[str]  # "in the capital": the country's capital
    both_sides: re.Pattern[str]  # "fighting between the two sides": the parties told before
    unclaimed_term: str
    unrealised_prepositions: frozenset[str]  # "withdrew without a fight": no fight
    single_kill_lemmas: frozenset[str]  # "killed a presumed robber": one death
    kill_manner_lemmas: frozenset[str]  # "shot dead", "stabbed to death", "gunned down"
    kill_manner_results: frozenset[str]
    crowd_escalation: dict[str, int]  # crowd sub-type -> gravity
    intervention_subtypes: frozenset[str]  # "police made arrests" at a peaceful protest
    issue_prepositions: frozenset[str]  # "rallied against the mass arrests": the issue
    unclaimed_subtypes: frozenset[str]
    state_kinds: frozenset[str]  # actor kinds of state forces
    crowd_kinds: frozenset[str]  # actor kinds of one crowd's side
    material_types: frozenset[str]  # PLOVER types of what perpetrators do around an act
    generic_subtypes: frozenset[str]
    plain_subtypes: frozenset[str]
    territory_subtypes: frozenset[str]
    charge_subtypes: frozenset[str]
    charge_prepositions: frozenset[str]
    later_adverbs: frozenset[str]
    no_toll_types: frozenset[str]
    crowd_types: frozenset[str]
    mutual_prefixes: tuple[str, ...]
    modal_aux: frozenset[str]
    generic_actor_prefixes: tuple[str, ...]
    generic_actor_names: frozenset[str]
    part_nouns: frozenset[str]
    symbolic_objects: frozenset[str]  # "burned an effigy": a sign, not violence
    background_markers: frozenset[str]  # "marched after a cyclist was killed"
    rioter_nouns: frozenset[str]  # "rioters", "a mob": no demonstration
    claimed_count: re.Pattern[str]  # "claimed that it had killed 20": a party's version
    grievance_nouns: frozenset[str] = frozenset()  # "protest the killing of two traders"
    grievance_heads: frozenset[str] = frozenset()
    single_death_lemmas: frozenset[str] = frozenset()  # "... and died of his injuries": one
    addition_after_count: frozenset[str] = frozenset()  # "2 more died": added
    addition_among: frozenset[str] = frozenset()  # "three of the injured died": added
    death_claim_lemmas: frozenset[str] = frozenset()  # "claiming that the patient died"
    crowd_fight_prefixes: tuple[str, ...] = ()  # "clashed", "battles": a real fight


def _phrases(words: list[str]) -> re.Pattern[str]:
    ordered = sorted(set(words), key=len, reverse=True)
    body = "|".join(re.escape(w.lower()).replace(r"\ ", r"\s+") for w in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.I)


def validate(data: dict[str, Any]) -> None:
    where = INCIDENTS_FILE
    for key in (*WORD_LISTS, "anaphor_nouns", "historical_years"):
        if key not in data:
            raise ValueError(f"{where}: missing key {key!r}")
    for key in WORD_LISTS:
        value = data[key]
        if not isinstance(value, list) or not value or not all(
                isinstance(w, str) and w.strip() for w in value):
            raise ValueError(f"{where}: {key!r} must be a non-empty list of words")
    nouns = {k: v for k, v in data["anaphor_nouns"].items() if not k.startswith("_")}
    for noun, acled_type in nouns.items():
        if acled_type is not None and acled_type not in ACLED_EVENT_TYPES:
            raise ValueError(f"{where}: anaphor_nouns[{noun!r}]: unknown ACLED event type "
                             f"{acled_type!r}")
    unclaimed = data.get("unclaimed_device_subtypes")
    if not isinstance(unclaimed, dict) or not isinstance(unclaimed.get("term"), str) or \
            not isinstance(unclaimed.get("subtypes"), list):
        raise ValueError(f"{where}: 'unclaimed_device_subtypes' needs a 'term' and 'subtypes'")
    if not isinstance(data.get("headline_max_tokens"), int):
        raise ValueError(f"{where}: 'headline_max_tokens' must be an integer")
    if "planned_types" not in data:
        raise ValueError(f"{where}: missing key 'planned_types'")
    for lemma, plover in data["planned_types"].items():
        if not lemma.startswith("_") and plover not in PLOVER_TYPES:
            raise ValueError(f"{where}: planned_types[{lemma!r}]: unknown PLOVER type {plover!r}")
    if not isinstance(data["historical_years"], int) or data["historical_years"] < 1:
        raise ValueError(f"{where}: 'historical_years' must be a positive integer")
    _check_classes(data)


def _acled_subtypes() -> frozenset[str]:
    raw = resources.files("flashpoint.events").joinpath("data", "acled_rules.v1.json")
    taxonomy: dict[str, list[str]] = json.loads(raw.read_text("utf-8"))["event_types"]
    return frozenset(sub for subs in taxonomy.values() for sub in subs)


def _check_classes(data: dict[str, Any]) -> None:
    """Every name a class list holds is a known actor kind, ACLED (sub-)type or PLOVER type."""
    checks = [(key, frozenset(ACTOR_KINDS), "actor kind") for key in ACTOR_KIND_LISTS]
    checks += [(key, _acled_subtypes(), "ACLED sub-event type") for key in SUBTYPE_LISTS]
    checks += [(key, ACLED_EVENT_TYPES, "ACLED event type") for key in EVENT_TYPE_LISTS]
    checks.append(("material_plover_types", PLOVER_TYPES, "PLOVER type"))
    for key, allowed, what in checks:
        unknown = sorted(set(data[key]) - allowed)
        if unknown:
            raise ValueError(f"{INCIDENTS_FILE}: {key!r}: unknown {what} {unknown}")


def _set(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(w.lower() for w in data[key])


@lru_cache(maxsize=1)
def load_incident_knowledge() -> IncidentKnowledge:
    raw = resources.files("flashpoint.events").joinpath("data", INCIDENTS_FILE).read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    validate(data)
    return IncidentKnowledge(
        anaphor_nouns={k.lower(): v for k, v in data["anaphor_nouns"].items()
                       if not k.startswith("_")},
        anaphor_determiners=_set(data, "anaphor_determiners"),
        perpetrator_nouns=_set(data, "perpetrator_nouns"),
        separate=_phrases(data["separate_markers"]),
        response_verbs=_set(data, "response_verbs"),
        fight_back_verbs=_set(data, "fight_back_verbs"),
        violence_nouns=_set(data, "violence_nouns"),
        episode_modifiers=_set(data, "episode_modifiers"),
        addition_words=_set(data, "addition_words"),
        claim_verbs=_set(data, "claim_verbs"),
        claim_objects=_set(data, "claim_objects"),
        claim_said_verbs=_set(data, "claim_said_verbs"),
        claim_said_subjects=_set(data, "claim_said_subjects"),
        blame_verbs=_set(data, "blame_verbs"),
        blame_hold_words=_set(data, "blame_hold_words"),
        suspect_modifiers=_set(data, "suspect_modifiers"),
        negation_words=_set(data, "negation_words"),
        summary_heads=_set(data, "summary_heads"),
        summary_modifiers=_set(data, "summary_modifiers"),
        summary_time=_phrases(data["summary_time_phrases"]),
        habitual_adverbs=_set(data, "habitual_adverbs"),
        planned_heads=_set(data, "planned_heads"),
        historical_years=int(data["historical_years"]),
        reference_prepositions=_set(data, "reference_prepositions"),
        kill_triggers=_set(data, "kill_triggers"),
        recent_date=_phrases(data["recent_date_words"]),
        setting_prepositions=_set(data, "setting_prepositions"),
        denial_objects=_set(data, "denial_objects"),
        place_anaphors=_set(data, "place_anaphors"),
        capital_nouns=_set(data, "capital_nouns"),
        both_sides=_phrases(data["both_sides_phrases"]),
        unrealised_prepositions=_set(data, "unrealised_prepositions"),
        single_kill_lemmas=_set(data, "single_kill_lemmas"),
        kill_manner_lemmas=_set(data, "kill_manner_lemmas"),
        kill_manner_results=_set(data, "kill_manner_results"),
        crowd_escalation={sub.strip(): n for n, grade in enumerate(data["crowd_escalation"])
                          for sub in grade.split("|")},
        intervention_subtypes=frozenset(data["intervention_subtypes"]),
        issue_prepositions=_set(data, "issue_prepositions"),
        unclaimed_term=str(data["unclaimed_device_subtypes"]["term"]),
        unclaimed_subtypes=frozenset(data["unclaimed_device_subtypes"]["subtypes"]),
        headline_max_tokens=int(data["headline_max_tokens"]),
        place_intro=re.compile(
            rf"^\s*(?i:{'|'.join(re.escape(w) for w in data['place_intro_prepositions'])})\s+"
            r"(?:the\s+)?[A-Z][^,.;]{0,60},"),
        same_kind=re.compile(
            rf"(?<![\w-])(?:{'|'.join(re.escape(w) for w in data['same_kind_determiners'])})\s+$",
            re.I),
        planned_types={k.lower(): v for k, v in data["planned_types"].items()
                       if not k.startswith("_")},
        state_kinds=frozenset(data["state_actor_kinds"]),
        crowd_kinds=frozenset(data["crowd_actor_kinds"]),
        material_types=frozenset(data["material_plover_types"]),
        generic_subtypes=frozenset(data["generic_subtypes"]),
        plain_subtypes=frozenset(data["plain_subtypes"]),
        territory_subtypes=frozenset(data["territory_subtypes"]),
        charge_subtypes=frozenset(data["charge_subtypes"]),
        charge_prepositions=frozenset(data["charge_prepositions"]),
        later_adverbs=frozenset(data["later_adverbs"]),
        no_toll_types=frozenset(data["no_toll_event_types"]),
        crowd_types=frozenset(data["crowd_event_types"]),
        mutual_prefixes=tuple(w.lower() for w in data["mutual_trigger_prefixes"]),
        modal_aux=_set(data, "modal_auxiliaries"),
        generic_actor_prefixes=tuple(data["generic_actor_prefixes"]),
        generic_actor_names=frozenset(data["generic_actor_names"]),
        part_nouns=_set(data, "actor_part_nouns"),
        symbolic_objects=_set(data, "symbolic_objects"),
        background_markers=_set(data, "background_markers"),
        claimed_count=_phrases(data["claimed_count_phrases"]),
        rioter_nouns=_set(data, "rioter_nouns"),
        grievance_nouns=_set(data, "grievance_nouns"),
        grievance_heads=_set(data, "grievance_heads"),
        single_death_lemmas=_set(data, "single_death_lemmas"),
        addition_after_count=_set(data, "addition_after_count"),
        addition_among=_set(data, "addition_among"),
        death_claim_lemmas=_set(data, "death_claim_lemmas"),
        crowd_fight_prefixes=tuple(w.lower() for w in data["crowd_fight_prefixes"]),
    )
