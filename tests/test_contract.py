"""The output contract: every event validates against `schema/event.v1.json`, keys and ids are
stable, and ACLED codes are only ever ACLED's own (event type, sub-event type) pairs.

The jsonschema package is not a dependency, so a small validator for the subset of JSON Schema
the schema file uses is included here; it refuses keywords it does not implement, so the
schema cannot grow a rule this test silently ignores.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import subprocess
import sys
from dataclasses import fields
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from flashpoint.ingest import InputFailure, read_inputs
from flashpoint.pipeline import default_pipeline
from flashpoint.record import EVENT_KEYS, Article, Event

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "article.txt"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_5d585aea45ed2e84.txt"
SCHEMA: dict[str, Any] = json.loads(
    resources.files("flashpoint.schema").joinpath("event.v1.json").read_text(encoding="utf-8")
)
ACLED_RULES: dict[str, Any] = json.loads(
    resources.files("flashpoint.events").joinpath("data/acled_rules.v1.json")
    .read_text(encoding="utf-8")
)
TRIGGERS: dict[str, Any] = json.loads(
    resources.files("flashpoint.events").joinpath("data/triggers.v1.json")
    .read_text(encoding="utf-8")
)

# ACLED codebook: the 6 event types and their 25 sub-event types, exact spellings.
ACLED_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb",
        "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence", "Attack", "Abduction/forced disappearance",
    ),
    "Protests": (
        "Peaceful protest", "Protest with intervention", "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
}
ACLED_PAIRS = {(t, s) for t, subs in ACLED_TYPES.items() for s in subs}
NOT_CODED_BY_ACLED = {"planned", "negated", "hypothetical"}


# --- a validator for the JSON Schema subset the schema file uses ------------------------------

ANNOTATIONS = {"$schema", "$id", "$defs", "title", "description"}
ASSERTIONS = {
    "type", "enum", "required", "additionalProperties", "properties", "items", "$ref",
    "minimum", "maximum", "pattern", "format",
}


def _is_type(value: Any, name: str) -> bool:
    if name == "null":
        return value is None
    if name == "boolean":
        return isinstance(value, bool)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if name == "string":
        return isinstance(value, str)
    if name == "array":
        return isinstance(value, list)
    if name == "object":
        return isinstance(value, dict)
    raise ValueError(f"unknown JSON type {name!r}")


def _same(a: Any, b: Any) -> bool:
    """JSON equality: 1 and True differ, 1 and 1.0 do not."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def _resolve(ref: str, root: dict[str, Any]) -> dict[str, Any]:
    if not ref.startswith("#/"):
        raise ValueError(f"only local $ref is supported: {ref!r}")
    target: Any = root
    for part in ref[2:].split("/"):
        target = target[part]
    return target


def validate(instance: Any, schema: dict[str, Any], root: dict[str, Any] | None = None,
             path: str = "$") -> list[str]:
    """Every violation of `schema` by `instance`, as "path: problem" strings."""
    root = schema if root is None else root
    unknown = set(schema) - ANNOTATIONS - ASSERTIONS
    if unknown:
        raise ValueError(f"{path}: schema keyword(s) not implemented: {sorted(unknown)}")
    errors: list[str] = []
    if "$ref" in schema:
        errors += validate(instance, _resolve(schema["$ref"], root), root, path)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(instance, t) for t in types):
            return errors + [f"{path}: {instance!r} is not of type {types}"]
    if "enum" in schema and not any(_same(instance, e) for e in schema["enum"]):
        errors.append(f"{path}: {instance!r} not in {schema['enum']}")
    if isinstance(instance, dict):
        for key in schema.get("required", []):
            if key not in instance:
                errors.append(f"{path}: missing required {key!r}")
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            extra = sorted(set(instance) - set(props))
            if extra:
                errors.append(f"{path}: additional properties {extra}")
        for key, sub in props.items():
            if key in instance:
                errors += validate(instance[key], sub, root, f"{path}.{key}")
    if isinstance(instance, list) and "items" in schema:
        for i, item in enumerate(instance):
            errors += validate(item, schema["items"], root, f"{path}[{i}]")
    if _is_type(instance, "number"):
        if "minimum" in schema and instance < schema["minimum"]:
            errors.append(f"{path}: {instance} < minimum {schema['minimum']}")
        if "maximum" in schema and instance > schema["maximum"]:
            errors.append(f"{path}: {instance} > maximum {schema['maximum']}")
    if isinstance(instance, str):
        if "pattern" in schema and not re.search(schema["pattern"], instance):
            errors.append(f"{path}: {instance!r} does not match {schema['pattern']!r}")
        if schema.get("format") == "date":
            try:
                dt.date.fromisoformat(instance)
            except ValueError:
                errors.append(f"{path}: {instance!r} is not a date")
    return errors


# --- events under test ------------------------------------------------------------------------


def _articles(path: Path, published: str) -> list[Article]:
    items = list(read_inputs([str(path)], published=dt.date.fromisoformat(published)))
    assert not [i for i in items if isinstance(i, InputFailure)], items
    return items  # type: ignore[return-value]


def _events(path: Path, published: str) -> tuple[Article, list[Event]]:
    (article,) = _articles(path, published)
    return article, default_pipeline().extract(article)


@pytest.fixture(scope="module")
def example() -> tuple[Article, list[Event]]:
    return _events(EXAMPLE, "2024-03-12")


@pytest.fixture(scope="module")
def seed() -> tuple[Article, list[Event]]:
    if not SEED.is_file():
        pytest.skip(f"shared seed article not present at {SEED}")
    return _events(SEED, "2016-06-07")


@pytest.fixture(params=["example", "seed"])
def corpus(request: pytest.FixtureRequest) -> tuple[Article, list[Event]]:
    return request.getfixturevalue(request.param)


# --- the validator itself ---------------------------------------------------------------------


def test_schema_uses_only_keywords_the_validator_implements():
    def walk(schema: dict[str, Any], path: str) -> None:
        assert not set(schema) - ANNOTATIONS - ASSERTIONS, path
        for key, sub in schema.get("properties", {}).items():
            walk(sub, f"{path}/properties/{key}")
        for key, sub in schema.get("$defs", {}).items():
            walk(sub, f"{path}/$defs/{key}")
        if "items" in schema:
            walk(schema["items"], f"{path}/items")
        if "$ref" in schema:
            _resolve(schema["$ref"], SCHEMA)  # resolvable
        assert schema.get("additionalProperties", False) is False, path

    walk(SCHEMA, "#")


def test_schema_top_level_matches_event_keys():
    assert list(SCHEMA["properties"]) == list(EVENT_KEYS)
    assert list(SCHEMA["required"]) == list(EVENT_KEYS)
    assert SCHEMA["additionalProperties"] is False


def _mutations() -> list[tuple[str, Any]]:
    def set_path(event: dict[str, Any], dotted: str, value: Any) -> None:
        *parents, last = dotted.split(".")
        node: Any = event
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[last] = value

    def drop(event: dict[str, Any], dotted: str) -> None:
        *parents, last = dotted.split(".")
        node: Any = event
        for part in parents:
            node = node[part]
        del node[last]

    return [
        ("extra top-level key", lambda e: set_path(e, "extra", 1)),
        ("missing event_id", lambda e: drop(e, "event_id")),
        ("unknown PLOVER type", lambda e: set_path(e, "plover.type", "FIGHT")),
        ("unknown ACLED type", lambda e: set_path(e, "acled", {"event_type": "War",
                                                               "sub_event_type": "x"})),
        ("bad modality", lambda e: set_path(e, "modality", "rumoured")),
        ("confidence > 1", lambda e: set_path(e, "confidence", 1.5)),
        ("confidence as string", lambda e: set_path(e, "confidence", "0.9")),
        ("country not ISO3", lambda e: set_path(e, "actor1", {
            "text": "x", "name": "x", "country": "ng", "kind": "military"})),
        ("unknown actor kind", lambda e: set_path(e, "actor1", {
            "text": "x", "name": "x", "country": None, "kind": "pirates"})),
        ("latitude out of range", lambda e: set_path(e, "location", {
            "text": "x", "name": "x", "geonameid": None, "lat": 91.0, "lon": 0.0,
            "country": None, "admin1": None, "precision": 1})),
        ("geo precision 4", lambda e: set_path(e, "location", {
            "text": "x", "name": "x", "geonameid": None, "lat": None, "lon": None,
            "country": None, "admin1": None, "precision": 4})),
        ("negative fatalities", lambda e: set_path(e, "fatalities", {
            "text": "x", "best": -1, "low": 0, "high": 0})),
        ("boolean as integer", lambda e: set_path(e, "fatalities", {
            "text": "x", "best": True, "low": 0, "high": 0})),
        ("bad date", lambda e: set_path(e, "date", {
            "text": None, "start": "2024-13-40", "end": "2024-01-01", "precision": "day"})),
        ("denial evidence without end ($ref)", lambda e: set_path(e, "denials", [{
            "text": "x", "name": "x", "evidence": {"sentence": "x", "start": 0}}])),
        ("evidence offset as string ($ref)", lambda e: set_path(e, "evidence.start", "0")),
    ]


@pytest.mark.parametrize("name,mutate", _mutations(), ids=[m[0] for m in _mutations()])
def test_validator_rejects_broken_events(example, name, mutate):
    _, events = example
    event = copy.deepcopy(events[0].to_dict())
    assert validate(event, SCHEMA) == []
    mutate(event)
    assert validate(event, SCHEMA), name


def test_validator_refuses_unknown_keywords():
    with pytest.raises(ValueError, match="not implemented"):
        validate(1, {"type": "integer", "multipleOf": 2})


# --- the events -------------------------------------------------------------------------------


def test_every_event_validates_against_the_schema(corpus):
    article, events = corpus
    assert events, f"no events from {article.origin}"
    for event in events:
        data = json.loads(json.dumps(event.to_dict()))  # as a JSON consumer sees it
        assert validate(data, SCHEMA) == [], event.evidence.sentence


def test_to_dict_keys_are_the_contract_keys_in_order(corpus):
    _, events = corpus
    for event in events:
        assert tuple(event.to_dict()) == EVENT_KEYS


def test_event_keys_are_exported_fields_of_event():
    names = {f.name for f in fields(Event)} | {"event_id"}
    assert set(EVENT_KEYS) <= names


def test_event_ids_are_unique_within_an_article(corpus):
    _, events = corpus
    ids = [e.event_id for e in events]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[0-9a-f]{16}", i) for i in ids)


def test_event_ids_are_stable_across_runs_in_process(corpus):
    article, events = corpus
    again = default_pipeline().extract(article)
    assert [e.to_dict() for e in again] == [e.to_dict() for e in events]


def test_event_ids_are_stable_across_processes(example):
    """A fresh interpreter with a different hash seed gives the same ids, in the same order."""
    _, events = example
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    proc = subprocess.run(
        [sys.executable, "-m", "flashpoint.cli", "extract", str(EXAMPLE),
         "--published", "2024-03-12", "--format", "jsonl"],
        capture_output=True, text=True, timeout=300, env=env, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    ids = [json.loads(line)["event_id"] for line in proc.stdout.splitlines() if line.strip()]
    assert ids == [e.event_id for e in events]


def test_offsets_point_into_the_text(corpus):
    article, events = corpus
    text = article.text
    for event in events:
        ev = event.evidence
        assert text[ev.start:ev.end] == ev.sentence
        for part in (event.actor1, event.actor2, event.location, event.fatalities,
                     event.attribution):
            if part is not None and part.start is not None:
                assert text[part.start:part.end] == part.text, (part, ev.sentence)


def test_acled_codes_are_acled_pairs(corpus):
    _, events = corpus
    for event in events:
        if event.acled is not None:
            assert (event.acled.event_type, event.acled.sub_event_type) in ACLED_PAIRS


def test_events_acled_would_not_code_have_no_acled(corpus):
    _, events = corpus
    for event in events:
        if event.modality in NOT_CODED_BY_ACLED:
            assert event.acled is None, (event.modality, event.evidence.sentence)


# --- the ACLED rules file ---------------------------------------------------------------------


def test_acled_codebook_has_25_sub_event_types():
    assert len(ACLED_TYPES) == 6
    assert len(ACLED_PAIRS) == 25


def test_rules_file_lists_exactly_the_acled_codebook():
    assert {t: tuple(s) for t, s in ACLED_RULES["event_types"].items()} == ACLED_TYPES


def test_rules_only_ever_produce_acled_pairs():
    produced = set()
    for cls, rules in ACLED_RULES["classes"].items():
        assert rules, f"class {cls} has no rules"
        for rule in rules:
            event_type, sub_event_type = rule["then"]
            assert (event_type, sub_event_type) in ACLED_PAIRS, (cls, rule)
            produced.add((event_type, sub_event_type))
    assert produced <= ACLED_PAIRS


def test_rules_refer_only_to_known_cues_and_conditions():
    known = {"means", "target_kind", "actor1_state", "cue", "not_cue", "actor1_armed",
             "target_armed", "modality_in", "actor1_kind_in", "head_verb", "other_armed",
             "trigger_in", "patient_in", "patient_place", "fact", "not_fact"}
    for cls, rules in ACLED_RULES["classes"].items():
        for rule in rules:
            assert set(rule["when"]) <= known, (cls, rule)
            for key in ("cue", "not_cue", "head_verb", "trigger_in", "patient_in"):
                if key in rule["when"]:
                    assert rule["when"][key] in ACLED_RULES["cues"], (cls, rule)


def test_every_trigger_acled_class_has_rules():
    classes = {t.get("acled_class") for t in TRIGGERS["triggers"]} - {None}
    assert classes <= set(ACLED_RULES["classes"])
