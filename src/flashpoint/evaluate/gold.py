"""Score predicted events against a hand-coded gold file (`shared/gold/*.jsonl`).

The scorer takes a predictor callable instead of importing the pipeline, so it can be tested
with canned predictions and reused for any extractor. Matching follows the gold README:

* same article (the predictor is called once per article);
* same ACLED `event_type` when the gold has one; when the gold ACLED is null the PLOVER types
  must be equal instead (the prediction's own ACLED code is then not looked at: ACLED-less gold
  events are political events that a coder may still map to an ACLED type);
* location: gold null -> any prediction passes; prediction null while gold has one -> fails;
  both with coordinates -> within 25 km (100 km when gold precision is 2-3, i.e. same admin
  region, or a name match); otherwise a normalised name match;
* date ranges overlap (a prediction without a date fails).

Pairs are chosen by an optimal one-to-one assignment per article: as many pairs as possible,
ties broken by how many fields agree. Field accuracies are then computed over matched pairs.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flashpoint.geometry import distance_km

Predictor = Callable[[str, str, dt.date | None], list[dict[str, Any]]]

FIELDS: tuple[str, ...] = (
    "acled_sub_event_type", "plover", "actor1", "actor2", "location", "date", "fatalities",
    "modality",
)
MATCH_KM = 25.0
REGION_KM = 100.0


@dataclass
class GoldArticle:
    """One gold line: the article text (read from `text_file` when given) and its events."""

    id: str
    published: dt.date | None
    source: str | None
    text: str
    events: list[dict[str, Any]] = field(default_factory=list)


def load_gold(path: str | Path) -> list[GoldArticle]:
    """Read a gold JSONL file; `text_file` is resolved against the gold file's folder.

    Raises ValueError naming the file and line for a malformed line, so a bad gold file is
    reported in one line rather than silently skewing the figures.
    """
    path = Path(path)
    articles: list[GoldArticle] = []
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                raw = json.loads(line)
                if raw.get("text_file"):
                    text = (path.parent / raw["text_file"]).read_text(encoding="utf-8")
                else:
                    text = raw.get("text") or ""
                published = raw.get("published")
                articles.append(
                    GoldArticle(
                        id=str(raw["id"]),
                        published=dt.date.fromisoformat(published) if published else None,
                        source=raw.get("source"),
                        text=text,
                        events=list(raw.get("events") or []),
                    )
                )
            except (json.JSONDecodeError, KeyError, ValueError, OSError) as exc:
                raise ValueError(f"{where}: bad gold line: {exc}") from exc
    return articles


# --- name matching ---------------------------------------------------------------------------

_QUOTES = "'\"`‘’‚‛“”„«»′ʿʾ"
_ARTICLE_PREFIX = re.compile(r"\b(?:a[dlnrstz]|ash|adh|ath|dh|e[dlnrsz]|ul|il)-")
_DROP_WORDS = frozenset({"the", "al", "el"})
_PLACE_WORDS = frozenset({
    "region", "province", "governorate", "district", "city", "town", "village", "area",
    "countryside", "outskirts", "county", "state", "muhafazat",
})


def normalise_name(name: str | None, *, place: bool = False) -> str:
    """Lowercase, strip diacritics, quotes, hyphens, "the", Arabic article variants and a
    final transliteration "h", so spellings of one name compare equal."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = "".join(ch for ch in text if ch not in _QUOTES)
    text = _ARTICLE_PREFIX.sub("", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = re.sub(r"([aeiou])h\b", r"\1", text)  # Hamah/Hama, Raqqah/Raqqa
    drop = _DROP_WORDS | _PLACE_WORDS if place else _DROP_WORDS
    return " ".join(tok for tok in text.split() if tok not in drop)


def _variants(name: str | None, place: bool) -> set[str]:
    """The name with and without a parenthesised part, and that part alone."""
    if not name:
        return set()
    out = {normalise_name(name, place=place)}
    inner = re.findall(r"\(([^)]*)\)", name)
    if inner:
        out.add(normalise_name(re.sub(r"\([^)]*\)", " ", name), place=place))
        out.update(normalise_name(part, place=place) for part in inner)
    return {v for v in out if v}


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _close(a: str, b: str) -> bool:
    if a == b or a.replace(" ", "") == b.replace(" ", ""):
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and f" {short} " in f" {long_} ":
        return True
    if len(short) < 5:
        return False
    limit = 1 if len(long_) < 12 else 2
    return abs(len(a) - len(b)) <= limit and _edit_distance(a, b) <= limit


def names_match(a: str | None, b: str | None, *, place: bool = False) -> bool:
    """Spelling-tolerant name equality: substring either way or a small edit distance."""
    return any(_close(x, y) for x in _variants(a, place) for y in _variants(b, place))


# --- field comparisons -----------------------------------------------------------------------

def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    return distance_km(lat1, lon1, lat2, lon2)


def _has_coords(loc: dict[str, Any]) -> bool:
    return loc.get("lat") is not None and loc.get("lon") is not None


def _loc_name_match(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    return any(
        names_match(gold.get("name"), pred.get(key), place=True) for key in ("name", "text")
    )


def _loc_ok(gold: dict[str, Any] | None, pred: dict[str, Any] | None, *, matching: bool) -> bool:
    """Location agreement. For matching, a gold null accepts anything; as a field it
    requires a null prediction. Gold precision 2-3 also accepts a name match (same region)."""
    if gold is None:
        return matching or pred is None
    if pred is None:
        return False
    region = (gold.get("precision") or 1) >= 2
    if _has_coords(gold) and _has_coords(pred):
        km = haversine_km(gold["lat"], gold["lon"], pred["lat"], pred["lon"])
        if km <= (REGION_KM if region and matching else MATCH_KM):
            return True
        return region and _loc_name_match(gold, pred)
    return _loc_name_match(gold, pred)


def _date_ok(gold: dict[str, Any] | None, pred: dict[str, Any] | None) -> bool:
    if gold is None:
        return True
    if pred is None:
        return False
    return str(pred["start"]) <= str(gold["end"]) and str(gold["start"]) <= str(pred["end"])


def _actor_ok(gold: dict[str, Any] | None, pred: dict[str, Any] | None) -> bool:
    """Name match, or the same (known) country and the same kind; null vs null is correct."""
    if gold is None or pred is None:
        return gold is None and pred is None
    if names_match(gold.get("name"), pred.get("name")):
        return True
    return bool(gold.get("country")) and (
        gold.get("country") == pred.get("country") and gold.get("kind") == pred.get("kind")
    )


def _acled(pred: dict[str, Any]) -> dict[str, Any]:
    return pred.get("acled") or {}


def _plover_type(pred: dict[str, Any]) -> str | None:
    plover = pred.get("plover")
    return plover.get("type") if isinstance(plover, dict) else plover


def _type_ok(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if gold.get("acled_event_type"):
        return _acled(pred).get("event_type") == gold["acled_event_type"]
    return _plover_type(pred) == gold.get("plover")


def match_criteria(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, bool]:
    """The matching tests for one gold/prediction pair (same article assumed)."""
    return {
        "type": _type_ok(gold, pred),
        "location": _loc_ok(gold.get("location"), pred.get("location"), matching=True),
        "date": _date_ok(gold.get("date"), pred.get("date")),
    }


def field_agreement(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, bool]:
    """Per-field correctness of a matched pair."""
    fat = pred.get("fatalities")
    return {
        "acled_sub_event_type": _acled(pred).get("sub_event_type")
        == gold.get("acled_sub_event_type"),
        "plover": _plover_type(pred) == gold.get("plover"),
        "actor1": _actor_ok(gold.get("actor1"), pred.get("actor1")),
        "actor2": _actor_ok(gold.get("actor2"), pred.get("actor2")),
        "location": _loc_ok(gold.get("location"), pred.get("location"), matching=False),
        "date": _date_ok(gold.get("date"), pred.get("date")),
        "fatalities": (fat or {}).get("best") == gold.get("fatalities"),
        "modality": pred.get("modality") == gold.get("modality"),
    }


# --- assignment ------------------------------------------------------------------------------

def _hungarian(cost: list[list[float]]) -> list[int]:
    """Minimum-cost assignment for an n x m matrix with n <= m; returns column per row."""
    n, m = len(cost), len(cost[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    p, way = [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    result = [-1] * n
    for j in range(1, m + 1):
        if p[j]:
            result[p[j] - 1] = j - 1
    return result


def assign(weights: list[list[float | None]]) -> list[tuple[int, int]]:
    """Optimal one-to-one pairs: most pairs first, then the largest total weight.

    `weights[g][p]` is None where g and p may not be paired, else a tie-break weight >= 0.
    """
    if not weights or not weights[0]:
        return []
    n, m = len(weights), len(weights[0])
    top = max((w for row in weights for w in row if w is not None), default=0.0)
    big = (top + 1.0) * (min(n, m) + 1)  # one more pair always beats any weight total
    transpose = n > m
    rows = [list(col) for col in zip(*weights, strict=True)] if transpose else weights
    cost = [[-(big + w) if w is not None else 0.0 for w in row] for row in rows]
    pairs = []
    for r, c in enumerate(_hungarian(cost)):
        if c >= 0 and rows[r][c] is not None:
            pairs.append((c, r) if transpose else (r, c))
    return sorted(pairs)


# --- scoring ---------------------------------------------------------------------------------

def _summary(event: dict[str, Any], gold: bool) -> dict[str, Any]:
    loc = event.get("location") or {}
    if gold:
        evidence, acled = event.get("evidence"), event.get("acled_event_type")
        sub = event.get("acled_sub_event_type")
    else:
        evidence = (event.get("evidence") or {}).get("sentence")
        acled, sub = _acled(event).get("event_type"), _acled(event).get("sub_event_type")
    return {
        "plover": event.get("plover") if gold else _plover_type(event),
        "acled_event_type": acled,
        "acled_sub_event_type": sub,
        "location": loc.get("name"),
        "actor1": (event.get("actor1") or {}).get("name"),
        "actor2": (event.get("actor2") or {}).get("name"),
        "evidence": evidence,
    }


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def score_gold(gold_path: str | Path, predict: Predictor) -> dict[str, Any]:
    """Event-level P/R/F1 and per-field accuracy of `predict` against a gold file.

    `predict(article_id, text, published)` returns `Event.to_dict()` dicts. Precision (or
    recall) is 0.0 when it has no denominator; a field accuracy is None when no pair matched.
    """
    pairs: list[dict[str, Any]] = []
    unmatched_gold: list[dict[str, Any]] = []
    unmatched_pred: list[dict[str, Any]] = []
    for article in load_gold(gold_path):
        gold = article.events
        preds = list(predict(article.id, article.text, article.published) or [])
        criteria = [[match_criteria(g, p) for p in preds] for g in gold]
        agree = [[field_agreement(g, p) for p in preds] for g in gold]
        weights: list[list[float | None]] = [
            [
                float(sum(agree[gi][pi].values())) if all(criteria[gi][pi].values()) else None
                for pi in range(len(preds))
            ]
            for gi in range(len(gold))
        ]
        matched = assign(weights)
        for gi, pi in matched:
            pairs.append({
                "article_id": article.id,
                "gold_index": gi,
                "pred_index": pi,
                "gold": _summary(gold[gi], gold=True),
                "pred": _summary(preds[pi], gold=False),
                "fields": agree[gi][pi],
            })
        used_g = {gi for gi, _ in matched}
        used_p = {pi for _, pi in matched}
        for gi, event in enumerate(gold):
            if gi in used_g:
                continue
            entry = {"article_id": article.id, "gold_index": gi, **_summary(event, gold=True)}
            if preds:  # the closest prediction and which matching tests it failed
                best = max(range(len(preds)), key=lambda pi, gi=gi: sum(criteria[gi][pi].values()))
                entry["closest_pred"] = best
                entry["failed"] = [k for k, ok in criteria[gi][best].items() if not ok]
            unmatched_gold.append(entry)
        for pi, event in enumerate(preds):
            if pi not in used_p:
                unmatched_pred.append(
                    {"article_id": article.id, "pred_index": pi, **_summary(event, gold=False)}
                )
    fields = {
        name: (sum(p["fields"][name] for p in pairs) / len(pairs) if pairs else None)
        for name in FIELDS
    }
    return {
        "events": _prf(len(pairs), len(unmatched_pred), len(unmatched_gold)),
        "fields": fields,
        "pairs": pairs,
        "unmatched_gold": unmatched_gold,
        "unmatched_pred": unmatched_pred,
    }


def _pct(value: float | None) -> str:
    return "   n/a" if value is None else f"{100 * value:5.1f}%"


def format_gold_report(result: dict[str, Any]) -> str:
    """A plain-text report: event P/R/F1, per-field accuracy over matched pairs, misses."""
    ev = result["events"]
    lines = [
        "Gold events (matched on type, location, date; one-to-one per article)",
        f"  precision {_pct(ev['precision'])}  recall {_pct(ev['recall'])}  "
        f"F1 {_pct(ev['f1'])}   tp {ev['tp']}  fp {ev['fp']}  fn {ev['fn']}",
        "",
        f"Field accuracy over {len(result['pairs'])} matched pairs "
        "(location and date are also matching tests)",
    ]
    for name, acc in result["fields"].items():
        lines.append(f"  {name:<22} {_pct(acc)}")
    if result["unmatched_gold"]:
        lines += ["", "Missed gold events"]
        for miss in result["unmatched_gold"]:
            failed = ", ".join(miss.get("failed", [])) or "no prediction"
            lines.append(
                f"  {miss['article_id']}#{miss['gold_index']} {miss['plover']}"
                f"/{miss['acled_sub_event_type']} @ {miss['location']} (failed: {failed})"
            )
    if result["unmatched_pred"]:
        lines += ["", "Unmatched predictions"]
        for extra in result["unmatched_pred"]:
            lines.append(
                f"  {extra['article_id']}#{extra['pred_index']} {extra['plover']}"
                f"/{extra['acled_sub_event_type']} @ {extra['location']}"
            )
    return "\n".join(lines)
