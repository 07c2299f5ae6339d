"""The shipped ACLED sub-type model: file checks, determinism, overrides, the option."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from flashpoint.events.lexicon import load_lexicon
from flashpoint.learn.default_model import (
    DEFAULT_SCALES,
    FORMAT,
    SOURCE,
    ModelFileError,
    RuleView,
    default_model,
    featurize,
    load_model_file,
    model_path,
)
from flashpoint.pipeline import PipelineOptions
from flashpoint.record import AcledCode, Actor, Event, Evidence, PloverCode

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / "data" / "training" / "acled_subtypes.v1.jsonl"
TAXONOMY = {sub: etype for etype, subs in load_lexicon().acled["event_types"].items()
            for sub in subs}

# sentences written for these tests (invented places), with what the rules might have said
DRONE = ("A drone struck a motorbike carrying two fighters near Halvoreni on Friday, "
         "killing both riders.")
DRONE_RULE = RuleView("Armed clash", "Battles", "struck", "drone", "other", "militant",
                      "ASSAULT")
CLASH = "Soldiers clashed with rebels near Halvoreni on Tuesday, leaving four fighters dead."
CLASH_RULE = RuleView("Armed clash", "Battles", "clashed", None, "military", "rebel",
                      "ASSAULT")


def _event(sentence: str, rule: RuleView) -> Event:
    return Event(
        article_id="a1",
        plover=PloverCode(rule.plover or "ASSAULT"),
        acled=AcledCode(rule.event_type, rule.sub_event_type),
        actor1=Actor("x", "x", None, rule.actor1_kind) if rule.actor1_kind else None,  # type: ignore[arg-type]
        actor2=Actor("y", "y", None, rule.actor2_kind) if rule.actor2_kind else None,  # type: ignore[arg-type]
        location=None, date=None, fatalities=None, modality="asserted", attribution=None,
        denials=[], evidence=Evidence(sentence, 0, len(sentence)), confidence=0.8,
        trigger=rule.trigger, trigger_start=0, cues={"means": rule.means, "tense": "past"},
    )


def test_model_file_loads_and_validates() -> None:
    data = json.loads(model_path().read_text(encoding="utf-8"))
    assert data["format"] == FORMAT
    info = data["info"]
    assert info["trainer"].startswith("train_default_model/")
    assert info["corpus"] == CORPUS.name
    assert info["corpus_sha256"] == hashlib.sha256(CORPUS.read_bytes()).hexdigest()
    model = default_model()
    assert set(model.classes) <= set(TAXONOMY)
    assert len(model.classes) == len(TAXONOMY)  # every sub-type can be chosen
    assert all(model.event_types[c] == TAXONOMY[c] for c in model.classes)
    assert 0.0 < model.threshold <= 1.0
    assert set(model.scales) <= set(DEFAULT_SCALES) and model.scales["rule"] > 0
    assert model.weights.shape == (len(model.vocabulary), len(model.classes))
    assert model_path().stat().st_size < 5_000_000
    assert default_model() is model  # loaded once


def test_unknown_class_is_refused(tmp_path: Path) -> None:
    data = json.loads(model_path().read_text(encoding="utf-8"))
    first = data["classes"][0]
    data["classes"][0] = "Cattle rustling"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelFileError, match="Cattle rustling"):
        load_model_file(bad)
    del data["scales"]
    data["classes"][0] = first
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelFileError, match="scales"):
        load_model_file(bad)
    bad.write_text(json.dumps({"format": "something/else"}), encoding="utf-8")
    with pytest.raises(ModelFileError, match="not a"):
        load_model_file(bad)


def test_predictions_are_deterministic() -> None:
    model = default_model()
    first = [model.predict(s, r) for s, r in ((DRONE, DRONE_RULE), (CLASH, CLASH_RULE))]
    again = [model.predict(s, r) for s, r in ((DRONE, DRONE_RULE), (CLASH, CLASH_RULE))]
    assert first == again
    assert first[0][0] == "Air/drone strike"
    assert first[1][0] == "Armed clash"
    assert featurize(DRONE, DRONE_RULE) == featurize(DRONE, DRONE_RULE)
    assert "rule=Armed clash" in featurize(DRONE, DRONE_RULE)


def test_confident_override_changes_both_types_and_keeps_the_rules_event() -> None:
    model = dataclasses.replace(default_model(), override="any")
    event = _event(DRONE, DRONE_RULE)
    [revised] = model.revise([event])
    assert revised.acled == AcledCode("Explosions/Remote violence", "Air/drone strike")
    assert revised.cues["acled_source"] == SOURCE
    assert revised.cues["acled_rules"] == "Armed clash"
    assert revised.cues["acled_probability"] >= model.threshold
    assert event.acled == AcledCode("Battles", "Armed clash")  # not edited in place
    assert "acled_source" not in event.cues


def test_candidates_mode_picks_only_among_the_rules_codes() -> None:
    model = default_model()
    assert model.override == "candidates"  # the shipped file's mode
    alone = _event(DRONE, DRONE_RULE)
    assert model.revise([alone]) == [alone]  # the rules never said air strike here
    other = dataclasses.replace(
        _event("Warplanes bombed the rebels' depot outside Halvoreni.", DRONE_RULE),
        acled=AcledCode("Explosions/Remote violence", "Air/drone strike"))
    revised, kept = model.revise([alone, other])
    assert revised.acled == AcledCode("Explosions/Remote violence", "Air/drone strike")
    assert revised.cues["acled_source"] == SOURCE and kept is other


def test_override_mode_is_checked(tmp_path: Path) -> None:
    data = json.loads(model_path().read_text(encoding="utf-8"))
    data["override"] = "everything"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelFileError, match="override"):
        load_model_file(bad)


def test_low_confidence_or_agreement_leaves_the_rules_code() -> None:
    strict = dataclasses.replace(default_model(), threshold=1.0)
    event = _event(DRONE, DRONE_RULE)
    [kept] = strict.revise([event])
    assert kept is event and kept.acled == AcledCode("Battles", "Armed clash")
    clash = _event(CLASH, CLASH_RULE)
    assert default_model().revise([clash]) == [clash]  # the model agrees with the rules


def test_uncoded_events_are_left_alone() -> None:
    event = dataclasses.replace(_event(DRONE, DRONE_RULE), acled=None)
    assert default_model().revise([event]) == [event]


def test_option_is_off_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLASHPOINT_SUBTYPE_MODEL", raising=False)
    assert PipelineOptions().subtype_model is False
    monkeypatch.setenv("FLASHPOINT_SUBTYPE_MODEL", "1")
    assert PipelineOptions().subtype_model is True
    assert PipelineOptions(subtype_model=False).subtype_model is False
