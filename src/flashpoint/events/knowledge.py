"""The coding knowledge, loaded once from the data files and checked as it is loaded.

`triggers.v1.json` becomes `TriggerEntry`s indexed by lemma and phrase, `cues.v1.json` a typed
`Cues` record (one field per word list: code reads `cues.reporting_verbs`, so a misspelt name
is an attribute error, not an empty list), `acled_rules.v1.json` the ordered ACLED rules. A
file with an unknown key, a missing list, a PLOVER type, ACLED class, cue name or modality
that does not exist, or a rule coding to a sub-event type outside the taxonomy raises
`KnowledgeError` at load, naming the file and the place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span

from flashpoint.record import ACTOR_KINDS, MODALITIES

VERBAL_POS = {"VERB", "AUX"}
NOMINAL_POS = {"NOUN", "PROPN"}
TRIGGER_POS = {"VERB", "NOUN", "ADJ", "ADV"}
TRIGGER_KEYS = {"lemmas", "phrases", "plover", "mode", "acled_class", "pos", "weak",
                "needs_place", "speech_act", "main_clause_only", "means", "objects",
                "objects_if_any", "intransitive", "transitive", "subjects", "armed_subject",
                "passive", "objects_unless_modified", "infinitive", "noun_modifiers",
                "topic"}
RULE_CONDITIONS = {"means", "target_kind", "actor1_state", "cue", "not_cue", "target_armed",
                   "actor1_armed", "actor1_kind_in", "head_verb", "other_armed", "trigger_in",
                   "patient_in", "patient_place", "fact", "not_fact"}
# what a `fact` / `not_fact` condition may name: the facts `events.crowds` reads
CROWD_FACTS = frozenset({"demonstrating", "crowd_violence", "lethal_on_crowd", "force_on_crowd",
                         "crowd_agent", "crowd_between", "nonlethal_force", "two_sided_act",
                         "crowd_set_upon", "riot_on_person", "communal_sides",
                         "mob_justice"})


class KnowledgeError(ValueError):
    """A data file of the events stage does not say what the code can use."""


@dataclass(frozen=True)
class TriggerEntry:
    plover: str
    mode: str | None
    acled_class: str | None
    pos: frozenset[str]
    weak: bool = False
    needs_place: bool = False
    speech_act: bool = False
    main_clause_only: bool = False
    means: str | None = None
    objects: frozenset[str] | None = None  # a trigger only with one of these direct objects
    # a trigger only when its object, if it has one, is one of these ("deployed troops", not
    # "deployed a new product")
    objects_if_any: frozenset[str] | None = None
    intransitive: bool = False  # another sense takes an object ("demonstrated its strength")
    transitive: bool = False  # this sense needs an object ("beat prisoners", not "heart beat")
    subjects: str | None = None  # a cue list the subject must be in ("teachers struck")
    # the subject (active or passive, or of the clause the word completes) names an armed,
    # organised actor ("militants regrouped", not "families regrouped")
    armed_subject: bool = False
    passive: bool = False  # this sense only in the passive ("fighters were sighted")
    # `objects` does not hold when the object has one of these modifiers ("signed a treaty"
    # is SUPPORT, "signed a peace treaty" stays an AGREE)
    objects_unless_modified: frozenset[str] | None = None
    infinitive: bool = False  # the sense takes a to-infinitive ("swore to fight", not "swore in")
    # a verb phrase's final noun may carry its own modifiers ("went on a 48-hour strike")
    noun_modifiers: bool = False
    # the phrase is what the sentence is about (its root or subject: "Renewed ethnic
    # violence."), not a phrase inside a prepositional phrase or an object
    topic: bool = False



@dataclass(frozen=True)
class Cues:
    """The word lists of `cues.v1.json` (what each is for is said in the file's `doc`)."""

    reporting_verbs: frozenset[str]
    blame_verbs: frozenset[str]
    blame_adjectives: frozenset[str]
    deny_verbs: frozenset[str]
    allegation_nouns: frozenset[str]
    launch_verbs: frozenset[str]
    anaphoric_determiners: frozenset[str]
    planned_verbs: frozenset[str]
    future_auxiliaries: frozenset[str]
    hypothetical_auxiliaries: frozenset[str]
    hypothetical_marks: frozenset[str]
    non_event_heads: frozenset[str]
    support_relations: frozenset[str]
    place_prepositions: frozenset[str]
    target_prepositions: frozenset[str]
    location_anaphora: frozenset[str]
    party_nouns: frozenset[str]
    sports_context: frozenset[str]
    embedding_relations: frozenset[str]
    foreign_markers: frozenset[str]
    non_violent_context: frozenset[str]
    obligation_auxiliaries: frozenset[str]
    threat_conditions: frozenset[str]
    threat_types: frozenset[str]
    speech_nouns: frozenset[str]
    negating_verbs: frozenset[str]
    name_entity_labels: frozenset[str]
    figurative_prepositions: frozenset[str]
    figurative_objects: frozenset[str]
    non_agent_subjects: frozenset[str]
    figurative_modifiers: frozenset[str]
    non_event_compound_heads: frozenset[str]
    labour_groups: frozenset[str]
    figurative_as_objects: frozenset[str]
    non_political_kinds: frozenset[str]
    party_entity_labels: frozenset[str]
    question_verbs: frozenset[str]
    question_words: frozenset[str]
    plea_words: frozenset[str]
    market_demand_modifiers: frozenset[str]
    non_threat_modifiers: frozenset[str]
    non_threat_prepositions: frozenset[str]
    year_phrase_words: frozenset[str]
    political_nouns: frozenset[str]
    political_org_words: frozenset[str]
    third_person_pronouns: frozenset[str]
    counterpart_verbs: frozenset[str]
    place_visit_verbs: frozenset[str]
    visited_place_nouns: frozenset[str]
    topic_verbs: frozenset[str]
    opinion_verbs: frozenset[str]
    meeting_nouns: frozenset[str]
    party_acled_subtypes: frozenset[str]
    place_party_types: frozenset[str]
    territory_nouns: frozenset[str]
    civil_campaign_words: frozenset[str]
    election_words: frozenset[str]
    content_request_words: frozenset[str]
    legal_charge_words: frozenset[str]
    charging_kinds: frozenset[str]
    charging_nouns: frozenset[str]
    by_phrase_non_agent_labels: frozenset[str]
    publication_verbs: frozenset[str]
    document_objects: frozenset[str]
    verbal_dispute_words: frozenset[str]
    physical_clash_words: frozenset[str]
    political_figures: frozenset[str]
    competing_modifiers: frozenset[str]
    participation_verbs: frozenset[str]
    dispute_issue_prepositions: frozenset[str]
    verbal_dispute_context: frozenset[str]
    first_person_pronouns: frozenset[str]
    stative_participles: frozenset[str]
    passive_subject_acts_types: frozenset[str]
    court_procedure_objects: frozenset[str]
    court_roles: frozenset[str]
    court_matters: frozenset[str]
    local_body_nouns: frozenset[str]
    local_body_markers: frozenset[str]
    court_term_prepositions: frozenset[str]
    habitual_adverbs: frozenset[str]
    habitual_time_nouns: frozenset[str]
    financial_sense_verbs: frozenset[str]
    figurative_arenas: frozenset[str]
    contest_win_verbs: frozenset[str]
    contest_score_words: frozenset[str]
    adjectival_participles: frozenset[str]
    sharing_verbs: frozenset[str]
    shared_resources: frozenset[str]
    material_types: frozenset[str]
    state_kinds: frozenset[str]
    witness_kinds: frozenset[str]
    region_words: frozenset[str]
    place_of_nouns: frozenset[str]
    party_prepositions: frozenset[str]
    dispute_prepositions: frozenset[str]
    partner_prepositions: frozenset[str]
    complement_prepositions: frozenset[str]
    arena_prepositions: frozenset[str]
    target_particles: frozenset[str]
    civilian_toll_words: frozenset[str]
    former_modifiers: frozenset[str]
    air_modifiers: frozenset[str]
    drone_modifiers: frozenset[str]
    heavy_weapon_modifiers: frozenset[str]
    owner_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    possibility_auxiliaries: frozenset[str]
    unarmed_person_nouns: frozenset[str]
    armed_person_nouns: frozenset[str]
    crowd_nouns: frozenset[str]
    onset_verbs: frozenset[str]
    communal_nouns: frozenset[str]
    victim_verbs: frozenset[str]
    force_nouns: frozenset[str]

    def get(self, name: str, default: frozenset[str] = frozenset()) -> frozenset[str]:
        """A list by name, for the data that names lists (`subjects`, the prefilter)."""
        return getattr(self, name, default) if name in CUE_NAMES else default


CUE_NAMES = frozenset(f.name for f in fields(Cues))


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per document: spaCy rebuilds it from every token on each read,
    which cost a third of the coding time when read per sentence and per trigger."""
    text = doc.user_data.get("flashpoint_text")
    if text is None:
        text = doc.user_data["flashpoint_text"] = doc.text
    return text


def span_text(span: Span) -> str:
    """`span.text` sliced from `doc_text` (spaCy joins the span's tokens on each read)."""
    return doc_text(span.doc)[span.start_char:span.end_char]



def _read(name: str) -> dict[str, Any]:
    with resources.files("flashpoint.events").joinpath("data", name).open(encoding="utf-8") as f:
        return json.load(f)


@dataclass
class Lexicon:
    """Trigger entries indexed by lemma and by phrase (longest phrase wins), the cue words,
    the ACLED rules and the PLOVER types a modality turns an event into."""

    lemma_index: dict[str, list[tuple[TriggerEntry, frozenset[str] | None]]] = field(
        default_factory=dict
    )
    phrase_index: dict[str, list[tuple[tuple[str, ...], TriggerEntry]]] = field(
        default_factory=dict
    )
    acled: dict[str, Any] = field(default_factory=dict)
    cues: Cues = field(default_factory=lambda: Cues(**{n: frozenset() for n in CUE_NAMES}))
    type_by_modality: dict[str, dict[str, str]] = field(default_factory=dict)
    plover_types: frozenset[str] = frozenset()
    class_specificity: tuple[str, ...] = ()  # ACLED trigger classes, least specific first
    # nouns that hold what an object-conditioned sense is about ("a team of inspectors")
    object_containers: frozenset[str] = frozenset()

    def cue(self, name: str) -> frozenset[str]:
        """A cue list by name; an unknown name is an error, never an empty list."""
        if name not in CUE_NAMES:
            raise KnowledgeError(f"no cue list {name!r} in cues.v1.json")
        return getattr(self.cues, name)


def _fail(file: str, where: str, what: str) -> KnowledgeError:
    return KnowledgeError(f"events/data/{file}: {where}: {what}")


def _string_list(value: Any, file: str, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise _fail(file, where, "expected a list of non-empty strings")
    return frozenset(value)


def _check_keys(found: Any, allowed: set[str], file: str, where: str) -> None:
    unknown = sorted(set(found) - allowed)
    if unknown:
        raise _fail(file, where, f"unknown key(s) {unknown}")


def load_cues(
    raw: dict[str, Any], plover_types: frozenset[str]
) -> tuple[Cues, dict[str, dict[str, str]]]:
    """The typed cue lists and the type-by-modality table of `cues.v1.json`."""
    file = "cues.v1.json"
    if raw.get("version") != "cues.v1":
        raise _fail(file, "version", f"expected 'cues.v1', found {raw.get('version')!r}")
    _check_keys(raw, set(CUE_NAMES) | {"version", "doc", "type_by_modality"}, file, "top level")
    missing = sorted(CUE_NAMES - set(raw))
    if missing:
        raise _fail(file, "top level", f"missing list(s) {missing}")
    cues = Cues(**{n: _string_list(raw[n], file, n) for n in CUE_NAMES})
    table = {}
    for modality, mapping in raw.get("type_by_modality", {}).items():
        if modality.startswith("_"):
            continue
        if modality not in MODALITIES:
            raise _fail(file, "type_by_modality", f"unknown modality {modality!r}")
        for source, target in mapping.items():
            if source not in plover_types or target not in plover_types:
                raise _fail(file, f"type_by_modality.{modality}",
                            f"unknown PLOVER type in {source!r} -> {target!r}")
        table[modality] = dict(mapping)
    kinds = frozenset(ACTOR_KINDS)
    for name in ("state_kinds", "witness_kinds", "non_political_kinds", "charging_kinds"):
        unknown = sorted(getattr(cues, name) - kinds)
        if unknown:
            raise _fail(file, name, f"unknown actor kind(s) {unknown}")
    for name in ("threat_types", "place_party_types", "passive_subject_acts_types",
                 "material_types"):
        unknown = sorted(getattr(cues, name) - plover_types)
        if unknown:
            raise _fail(file, name, f"unknown PLOVER type(s) {unknown}")
    return cues, table


def check_acled(raw: dict[str, Any], plover_types: frozenset[str]) -> None:
    """The ACLED rules name only their own cue lists and code only to the taxonomy."""
    file = "acled_rules.v1.json"
    if raw.get("version") != "acled.v1":
        raise _fail(file, "version", f"expected 'acled.v1', found {raw.get('version')!r}")
    _check_keys(raw, {"version", "doc", "event_types", "cues", "classes", "plover_by_acled",
                      "specificity", "crowd_actor1"}, file, "top level")
    unknown = sorted(set(raw.get("specificity", [])) - set(raw["classes"]))
    if unknown:
        raise _fail(file, "specificity", f"unknown ACLED class(es) {unknown}")
    taxonomy = {sub: etype for etype, subs in raw["event_types"].items() for sub in subs}
    for name, words in raw["cues"].items():
        _string_list(words, file, f"cues.{name}")
    for cls, rules in raw["classes"].items():
        for n, rule in enumerate(rules):
            where = f"classes.{cls}[{n}]"
            _check_keys(rule, {"when", "then"}, file, where)
            _check_keys(rule["when"], RULE_CONDITIONS, file, f"{where}.when")
            kinds = rule["when"].get("actor1_kind_in")
            if kinds is not None:
                unknown = sorted(set(_string_list(kinds, file, f"{where}.when.actor1_kind_in"))
                                 - set(ACTOR_KINDS) - {"none"})
                if unknown:
                    raise _fail(file, f"{where}.when.actor1_kind_in",
                                f"unknown actor kind(s) {unknown}")
            for key in ("cue", "not_cue", "head_verb", "trigger_in", "patient_in"):
                if key in rule["when"] and rule["when"][key] not in raw["cues"]:
                    raise _fail(file, f"{where}.when.{key}",
                                f"no cue list {rule['when'][key]!r}")
            for key in ("fact", "not_fact"):
                if key in rule["when"] and rule["when"][key] not in CROWD_FACTS:
                    raise _fail(file, f"{where}.when.{key}",
                                f"no fact {rule['when'][key]!r}")
            etype, sub = rule["then"]
            if taxonomy.get(sub) != etype:
                raise _fail(file, f"{where}.then", f"{etype!r} / {sub!r} is not an ACLED pair")
    for etype, term in raw.get("crowd_actor1", {}).items():
        if etype not in raw["event_types"] or not isinstance(term, str) or not term:
            raise _fail(file, f"crowd_actor1.{etype}", "expected an event type and a term")
    for sub, follow in raw.get("plover_by_acled", {}).items():
        if sub.startswith("_"):
            continue
        if sub not in taxonomy or follow[0] not in plover_types:
            raise _fail(file, f"plover_by_acled.{sub}", f"unknown sub-event or type {follow}")


def _entry(row: dict[str, Any], n: int, plover_types: frozenset[str], classes: set[str],
           means: frozenset[str]) -> TriggerEntry:
    file, where = "triggers.v1.json", f"triggers[{n}]"
    _check_keys(row, TRIGGER_KEYS, file, where)
    if row.get("plover") not in plover_types:
        raise _fail(file, where, f"unknown PLOVER type {row.get('plover')!r}")
    if row.get("acled_class") is not None and row["acled_class"] not in classes:
        raise _fail(file, where, f"unknown ACLED class {row['acled_class']!r}")
    if row.get("means") is not None and row["means"] not in means:
        raise _fail(file, where, f"unknown means {row['means']!r}")
    if row.get("subjects") is not None and row["subjects"] not in CUE_NAMES:
        raise _fail(file, where, f"no cue list {row['subjects']!r} for subjects")
    pos = _string_list(row.get("pos", ["VERB", "NOUN"]), file, f"{where}.pos")
    tagged = {lemma.partition(":")[2] for lemma in row.get("lemmas", [])} - {""}
    if not pos | tagged <= TRIGGER_POS:
        raise _fail(file, where, f"unknown part(s) of speech {sorted(pos | tagged - TRIGGER_POS)}")
    if not row.get("lemmas") and not row.get("phrases"):
        raise _fail(file, where, "neither lemmas nor phrases")
    return TriggerEntry(
        plover=row["plover"],
        mode=row.get("mode"),
        acled_class=row.get("acled_class"),
        pos=pos,
        weak=bool(row.get("weak", False)),
        needs_place=bool(row.get("needs_place", False)),
        speech_act=bool(row.get("speech_act", False)),
        main_clause_only=bool(row.get("main_clause_only", False)),
        means=row.get("means"),
        objects=frozenset(row["objects"]) if "objects" in row else None,
        objects_if_any=(frozenset(row["objects_if_any"]) if "objects_if_any" in row
                        else None),
        intransitive=bool(row.get("intransitive", False)),
        transitive=bool(row.get("transitive", False)),
        subjects=row.get("subjects"),
        armed_subject=bool(row.get("armed_subject", False)),
        passive=bool(row.get("passive", False)),
        objects_unless_modified=(frozenset(row["objects_unless_modified"])
                                 if "objects_unless_modified" in row else None),
        infinitive=bool(row.get("infinitive", False)),
        noun_modifiers=bool(row.get("noun_modifiers", False)),
        topic=bool(row.get("topic", False)),
    )


def build_lexicon(triggers: dict[str, Any], cues: dict[str, Any],
                  acled: dict[str, Any]) -> Lexicon:
    """A checked `Lexicon` from the three files' contents (`KnowledgeError` if one is off)."""
    file = "triggers.v1.json"
    if triggers.get("version") != "triggers.v1":
        raise _fail(file, "version", f"expected 'triggers.v1', found {triggers.get('version')!r}")
    _check_keys(triggers, {"version", "doc", "plover_types", "means", "triggers",
                           "object_containers"}, file, "top level")
    plover_types = _string_list(triggers.get("plover_types"), file, "plover_types")
    means = _string_list(triggers.get("means"), file, "means")
    check_acled(acled, plover_types)
    typed_cues, table = load_cues(cues, plover_types)
    lexicon = Lexicon(acled=acled, cues=typed_cues, type_by_modality=table,
                      plover_types=plover_types,
                      class_specificity=tuple(acled.get("specificity", ())),
                      object_containers=_string_list(triggers.get("object_containers", []),
                                                     file, "object_containers"))
    classes = set(acled["classes"])
    for n, row in enumerate(triggers["triggers"]):
        entry = _entry(row, n, plover_types, classes, means)
        for lemma in row.get("lemmas", []):
            word, _, pos = lemma.partition(":")
            only = frozenset([pos]) if pos else None
            lexicon.lemma_index.setdefault(word.lower(), []).append((entry, only))
        for phrase in row.get("phrases", []):
            words = tuple(phrase.lower().split())
            lexicon.phrase_index.setdefault(words[0], []).append((words, entry))
    return lexicon


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    return build_lexicon(_read("triggers.v1.json"), _read("cues.v1.json"),
                         _read("acled_rules.v1.json"))
