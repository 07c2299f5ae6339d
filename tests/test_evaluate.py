"""The scorers, driven by canned predictors (no pipeline is loaded)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from flashpoint.evaluate import (
    format_gold_report,
    format_plover_report,
    load_gold,
    load_plover_dev,
    names_match,
    remap_plover,
    score_gold,
    score_plover_dev,
)
from flashpoint.evaluate.gold import assign, haversine_km

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "gold" / "seed.jsonl"
PLOVER_GSR = SHARED / "dev" / "plover_gsr" / "PLOVER_GSR_CAMEO.txt"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"shared gold file absent: {SEED}")
needs_gsr = pytest.mark.skipif(
    not PLOVER_GSR.exists(), reason=f"PLOVER dev set absent: {PLOVER_GSR}"
)


def as_prediction(gold: dict[str, Any], article_id: str = "a") -> dict[str, Any]:
    """A prediction in the Event.to_dict() shape that codes exactly what the gold says."""
    acled = None
    if gold.get("acled_event_type"):
        acled = {
            "event_type": gold["acled_event_type"],
            "sub_event_type": gold["acled_sub_event_type"],
        }
    fat = gold.get("fatalities")
    return {
        "event_id": "x",
        "article_id": article_id,
        "plover": {"type": gold["plover"], "mode": None, "context": []},
        "acled": acled,
        "actor1": gold.get("actor1") and {**gold["actor1"], "text": gold["actor1"]["name"]},
        "actor2": gold.get("actor2") and {**gold["actor2"], "text": gold["actor2"]["name"]},
        "location": gold.get("location") and {**gold["location"], "text": gold["location"]["name"]},
        "date": gold.get("date") and {**gold["date"], "text": None, "precision": "day"},
        "fatalities": None if fat is None else {"text": str(fat), "best": fat, "low": fat,
                                                "high": fat},
        "modality": gold["modality"],
        "attribution": None,
        "denials": [],
        "evidence": {"sentence": gold.get("evidence", ""), "start": 0, "end": 0},
        "confidence": 0.9,
    }


GOLD_EVENT = {
    "plover": "ASSAULT",
    "acled_event_type": "Battles",
    "acled_sub_event_type": "Armed clash",
    "actor1": {"name": "Military Forces of Syria", "country": "SYR", "kind": "military"},
    "actor2": {"name": "Islamic State", "country": None, "kind": "militant"},
    "location": {"name": "Deir ez-Zor", "country": "SYR", "lat": 35.336, "lon": 40.141,
                 "precision": 1},
    "date": {"start": "2020-01-02", "end": "2020-01-02"},
    "fatalities": 4,
    "modality": "asserted",
    "evidence": "Syrian troops fought IS in Deir ez-Zor, killing four.",
}


def write_gold(tmp_path: Path, events: list[dict[str, Any]]) -> Path:
    (tmp_path / "a.txt").write_text("Syrian troops fought IS in Deir ez-Zor.", encoding="utf-8")
    line = {"id": "a", "published": "2020-01-03", "source": "test", "text_file": "a.txt",
            "text": None, "events": events}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    return path


def canned(preds: list[dict[str, Any]]):
    return lambda article_id, text, published: copy.deepcopy(preds)


@needs_seed
def test_load_gold_reads_text_file_relative_to_gold_folder() -> None:
    articles = load_gold(SEED)
    assert articles and all(a.text.strip() for a in articles)
    assert isinstance(articles[0].published, dt.date)


@needs_seed
def test_perfect_predictor_scores_f1_one() -> None:
    by_id = {a.id: a.events for a in load_gold(SEED)}
    result = score_gold(SEED, lambda aid, text, pub: [as_prediction(e, aid) for e in by_id[aid]])
    assert result["events"]["f1"] == 1.0
    assert all(acc == 1.0 for acc in result["fields"].values())


@needs_seed
def test_empty_predictor_has_zero_recall() -> None:
    result = score_gold(SEED, lambda aid, text, pub: [])
    assert result["events"]["recall"] == 0.0
    assert result["events"]["fn"] == sum(len(a.events) for a in load_gold(SEED))
    assert all(acc is None for acc in result["fields"].values())


def test_location_200_km_off_does_not_match(tmp_path: Path) -> None:
    pred = as_prediction(GOLD_EVENT)
    pred["location"]["lat"] += 1.8  # about 200 km north
    assert haversine_km(35.336, 40.141, pred["location"]["lat"], 40.141) > 150
    result = score_gold(write_gold(tmp_path, [GOLD_EVENT]), canned([pred]))
    assert result["events"]["tp"] == 0
    assert result["unmatched_gold"][0]["failed"] == ["location"]


def test_spelling_variant_name_matches_without_coordinates(tmp_path: Path) -> None:
    pred = as_prediction(GOLD_EVENT)
    pred["location"] = {"text": "Der ez-Zor", "name": "Der ez-Zor", "lat": None, "lon": None}
    result = score_gold(write_gold(tmp_path, [GOLD_EVENT]), canned([pred]))
    assert result["events"]["tp"] == 1


def test_names_match_variants() -> None:
    assert names_match("Tabqa (Al-Thawrah)", "Tabqa", place=True)
    assert names_match("Deir ez-Zor", "Deir al-Zour", place=True)
    assert names_match("Ḥamāh", "Hama", place=True)
    assert not names_match("Aleppo", "Latakia", place=True)


def test_region_precision_gold_matches_within_100_km(tmp_path: Path) -> None:
    gold = copy.deepcopy(GOLD_EVENT)
    gold["location"]["precision"] = 2
    pred = as_prediction(gold)
    pred["location"].update(name="Mayadin", text="Mayadin", lat=35.02, lon=40.45)  # ~45 km
    result = score_gold(write_gold(tmp_path, [gold]), canned([pred]))
    assert result["events"]["tp"] == 1
    assert result["fields"]["location"] == 0.0


def test_wrong_acled_type_does_not_match(tmp_path: Path) -> None:
    pred = as_prediction(GOLD_EVENT)
    pred["acled"] = {"event_type": "Protests", "sub_event_type": "Peaceful protest"}
    result = score_gold(write_gold(tmp_path, [GOLD_EVENT]), canned([pred]))
    assert (result["events"]["tp"], result["events"]["fp"], result["events"]["fn"]) == (0, 1, 1)


def test_acled_null_gold_matches_on_plover_type(tmp_path: Path) -> None:
    gold = {**GOLD_EVENT, "plover": "REQUEST", "acled_event_type": None,
            "acled_sub_event_type": None, "location": None}
    good, bad = as_prediction(gold), as_prediction(gold)
    bad["plover"]["type"] = "REJECT"
    assert score_gold(write_gold(tmp_path, [gold]), canned([good]))["events"]["tp"] == 1
    assert score_gold(write_gold(tmp_path, [gold]), canned([bad]))["events"]["tp"] == 0


def test_field_accuracies_on_tiny_gold(tmp_path: Path) -> None:
    second = {**GOLD_EVENT, "acled_sub_event_type": "Attack", "fatalities": None,
              "date": {"start": "2020-01-01", "end": "2020-01-01"}, "evidence": "b"}
    path = write_gold(tmp_path, [GOLD_EVENT, second])
    p1 = as_prediction(GOLD_EVENT)
    p1["fatalities"] = {"text": "five", "best": 5, "low": 5, "high": 5}  # wrong count
    p1["actor1"] = {"name": "Syrian army", "text": "Syrian troops", "country": "SYR",
                    "kind": "military"}  # same country + kind: correct
    p2 = as_prediction(second)
    p2["modality"] = "claimed"  # wrong
    p2["actor2"] = None  # gold has one: wrong
    result = score_gold(path, canned([p2, p1]))
    assert result["events"]["f1"] == 1.0
    fields = result["fields"]
    assert fields["fatalities"] == 0.5
    assert fields["modality"] == 0.5
    assert fields["actor1"] == 1.0
    assert fields["actor2"] == 0.5
    assert fields["acled_sub_event_type"] == 1.0
    assert {(p["gold_index"], p["pred_index"]) for p in result["pairs"]} == {(0, 1), (1, 0)}


def test_assignment_maximises_pairs_then_agreement() -> None:
    # greedy would pair gold 0 with pred 0 and leave gold 1 unpaired
    assert assign([[5.0, 1.0], [0.0, None]]) == [(0, 1), (1, 0)]
    assert assign([[1.0, 3.0]]) == [(0, 1)]
    assert assign([[None], [2.0], [1.0]]) == [(1, 0)]


def test_gold_report_is_text(tmp_path: Path) -> None:
    result = score_gold(write_gold(tmp_path, [GOLD_EVENT]), canned([]))
    report = format_gold_report(result)
    assert "recall" in report and "Missed gold events" in report


def test_bad_gold_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.jsonl:1"):
        load_gold(path)


def test_plover_remap() -> None:
    assert remap_plover("DEMAND") == ("REQUEST", None)
    assert remap_plover("DISAPPROVE") == ("ACCUSE", "disapprove")
    assert remap_plover("INVESTIGATE", "") == ("ACCUSE", "investigate")
    assert remap_plover("FIGHT", "firearms") == ("ASSAULT", "firearms")
    assert remap_plover("AGREE") == ("AGREE", None)


TINY_GSR = [
    {"id": "DOC", "event": "DOCUMENT", "eventText": "docs"},
    {"id": "r1", "event": "DEMAND", "eventText": "demanded",
     "text": "Iraq demanded that Iran stop.",
     "source": [{"actorText": "Iraq", "code": "IRQGOV"}],
     "target": [{"actorText": "Iran", "code": "IRN"}],
     "textInfo": {"markup": "(SRC: Iraq) (EVT: demanded) that (TAR: Iran) stop."}},
    {"id": "r2", "event": "FIGHT", "eventText": "clashed", "text": "Rebels clashed with police.",
     "source": [{"actorText": "Rebels", "code": "REB"}], "target": "",
     "textInfo": {"markup": "(SRC: Rebels) (EVT: clashed) with police."}},
    {"id": "r3", "event": "AGREE", "eventText": "agreed", "text": "Japan agreed to talks.",
     "source": [{"actorText": "Japan", "code": "JAP"}],
     "textInfo": {"markup": "(SRC: Japan) (EVT: agreed) to talks."}},
]


def test_load_plover_dev_skips_document_and_remaps(tmp_path: Path) -> None:
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(TINY_GSR), encoding="utf-8")
    records = load_plover_dev(path)
    assert [r.type for r in records] == ["REQUEST", "ASSAULT", "AGREE"]
    assert records[0].source_countries == {"IRQ"} and records[1].source_countries == set()
    assert records[2].source_countries == {"JPN"}


def test_score_plover_dev_on_tiny_list(tmp_path: Path) -> None:
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(TINY_GSR), encoding="utf-8")

    def predict(text: str) -> list[dict[str, Any]]:
        if text.startswith("Iraq"):
            return [
                {"plover": {"type": "THREATEN"}, "confidence": 0.5,
                 "actor1": {"country": "IRN"}, "actor2": None},
                {"plover": {"type": "REQUEST"}, "confidence": 0.8,
                 "actor1": {"country": "IRQ"}, "actor2": {"country": "IRN"}},
            ]
        if text.startswith("Rebels"):
            return [{"plover": {"type": "PROTEST"}, "confidence": 0.7}]
        return []

    result = score_plover_dev(path, predict)
    assert result["n"] == 3
    assert result["type_accuracy"] == pytest.approx(1 / 3)
    assert result["coverage"] == pytest.approx(2 / 3)
    assert result["confusion"]["ASSAULT"] == {"PROTEST": 1}
    assert result["confusion"]["AGREE"] == {"NONE": 1}
    assert result["per_type"]["REQUEST"] == {"n": 1, "correct": 1, "precision": 1.0,
                                             "recall": 1.0}
    assert result["per_type"]["PROTEST"]["precision"] == 0.0
    assert result["actor1_accuracy"] == 0.5  # Iraq right, Japan unpredicted; REB not scored
    assert result["actor2_accuracy"] == 1.0
    assert "REQUEST" in format_plover_report(result)


def test_trigger_position_picks_nearest_prediction(tmp_path: Path) -> None:
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(TINY_GSR[:2]), encoding="utf-8")
    preds = [
        {"plover": {"type": "THREATEN"}, "confidence": 0.9, "_trigger_start": 20},
        {"plover": {"type": "REQUEST"}, "confidence": 0.1, "_trigger_start": 5},
    ]
    assert score_plover_dev(path, lambda text: preds)["type_accuracy"] == 1.0


@needs_gsr
def test_real_plover_dev_set_loads_with_2_0_types_only() -> None:
    records = load_plover_dev(PLOVER_GSR)
    assert len(records) > 300
    assert not {r.type for r in records} & {"DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT"}
