"""Geoparsing scores on the GeoWebNews / TR-News / LGL XML format.

    <articles><article><text>...</text><toponyms><toponym>
        <extractedName/> <start/> <end/> <type/> <nonLocational/> <geonamesID/>
        <latitude/> <longitude/>
    </toponym>...</toponyms></article>...</articles>

Three measurements, the ones the geoparsing literature reports:

* **recognition** — precision / recall / F1 of predicted place spans against gold toponym
  spans, exact character offsets. Gold toponyms are the named-place types (literal,
  metonymic, mixed, coercion, modifiers, embedded); common-noun expressions ("the city"),
  demonyms ("Canadians"), languages, homonyms and non-toponyms are not in the gold set.
* **resolution** — gold spans are handed to the resolver (with all of the article's gold
  spans, so that it can use them as context); share of answers within 161 km (100 miles) of
  the gold coordinates, and share with the exact gold GeoNames id. Toponyms marked
  non-locational or without gold coordinates are not scored; an unresolved toponym counts
  as wrong.
* **end_to_end** — the predicted spans are resolved in the same way, and each predicted span
  that overlaps a scored gold toponym is right when it lands within 161 km of it.

Nothing here imports the pipeline or the CLI: the caller passes a `recognize(text)` callable
(predicted spans) and a `resolve(text, spans)` callable (one answer per span, or None).
"""

from __future__ import annotations

import math
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from flashpoint.geometry import distance_km

KM_THRESHOLD = 161.0  # 100 miles, the literature's "accuracy@161km"

# GeoWebNews toponym types that name a place (the recognition gold set).
RECOGNITION_TYPES = frozenset({
    "Literal", "Mixed", "Metonymic", "Coercion", "Literal_Modifier",
    "Non_Literal_Modifier", "Embedded_Literal", "Embedded_Non_Lit",
})
# Types without a type field (TR-News, LGL) are all named toponyms.
_UNTYPED = ""


@dataclass(frozen=True)
class GoldToponym:
    name: str
    start: int
    end: int
    type: str = _UNTYPED
    non_locational: bool = False
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None

    @property
    def is_toponym(self) -> bool:
        return self.type == _UNTYPED or self.type in RECOGNITION_TYPES

    @property
    def scored(self) -> bool:
        """Scored for resolution: locational and with gold coordinates."""
        return not self.non_locational and self.lat is not None and self.lon is not None


@dataclass
class GeoArticle:
    id: str
    text: str
    title: str = ""
    toponyms: list[GoldToponym] = field(default_factory=list)


class Resolved(Protocol):
    lat: float | None
    lon: float | None
    geonameid: int | None


Span = tuple[int, int]
Recognizer = Callable[[str], Sequence[Span]]
Resolver = Callable[[str, Sequence[Span]], Sequence["Resolved | None"]]


def _float(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _int(text: str | None) -> int | None:
    if text is None or not text.strip():
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


def load_geo_xml(path: str | Path, limit: int | None = None) -> list[GeoArticle]:
    """Articles of a GeoWebNews-style XML file (at most `limit`); bad toponyms are skipped.

    A toponym whose offsets fall outside the text, or whose span disagrees with its
    `extractedName` (a handful in GeoWebNews), is dropped rather than scored against the
    wrong characters. Raises ValueError for a file that is not this XML format.
    """
    try:
        root = ET.parse(str(path)).getroot()
    except ET.ParseError as exc:
        raise ValueError(f"not valid XML ({exc})") from None
    if root.tag != "articles":
        raise ValueError(f"expected <articles> as the root element, found <{root.tag}>")
    out: list[GeoArticle] = []
    for n, node in enumerate(root.iter("article")):
        if limit is not None and len(out) >= limit:
            break
        text = node.findtext("text") or ""
        article = GeoArticle(id=node.get("file") or str(n), text=text,
                             title=node.findtext("title") or "")
        for t in node.iter("toponym"):
            start, end = _int(t.findtext("start")), _int(t.findtext("end"))
            name = t.findtext("extractedName") or ""
            if start is None or end is None or not (0 <= start < end <= len(text)):
                continue
            if name and text[start:end] != name:
                continue
            article.toponyms.append(GoldToponym(
                name=text[start:end], start=start, end=end,
                type=(t.findtext("type") or "").strip(),
                non_locational=(t.findtext("nonLocational") or "").strip().lower() == "yes",
                geonameid=_int(t.findtext("geonamesID")),
                lat=_float(t.findtext("latitude")), lon=_float(t.findtext("longitude")),
            ))
        out.append(article)
    return out


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return distance_km(a[0], a[1], b[0], b[1])


def _near(answer: Resolved | None, gold: GoldToponym) -> bool:
    if answer is None or answer.lat is None or answer.lon is None:
        return False
    assert gold.lat is not None and gold.lon is not None
    return haversine_km((answer.lat, answer.lon), (gold.lat, gold.lon)) <= KM_THRESHOLD


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def score_geo(
    articles: Sequence[GeoArticle],
    *,
    resolve: Resolver,
    recognize: Recognizer | None = None,
    errors: int = 0,
) -> dict[str, Any]:
    """Recognition, resolution and end-to-end figures (see the module docstring).

    Without `recognize` only resolution is measured (recognition and end_to_end are None).
    `errors`: how many resolution errors to list under "resolution_errors" (for analysis).
    """
    tp = fp = fn = 0
    res_n = res_ok = id_n = id_ok = 0
    e2e_n = e2e_ok = 0
    seconds = 0.0
    resolved_count = 0
    wrong: list[dict[str, Any]] = []
    for art in articles:
        spans = [(t.start, t.end) for t in art.toponyms if not t.non_locational]
        t0 = time.perf_counter()
        answers = list(resolve(art.text, spans)) if spans else []
        seconds += time.perf_counter() - t0
        resolved_count += len(spans)
        by_span = dict(zip(spans, answers, strict=True))
        for t in art.toponyms:
            if not t.scored:
                continue
            answer = by_span.get((t.start, t.end))
            res_n += 1
            ok = _near(answer, t)
            res_ok += ok
            if t.geonameid is not None:
                id_n += 1
                id_ok += bool(answer is not None and answer.geonameid == t.geonameid)
            if not ok and len(wrong) < errors:
                wrong.append({
                    "article": art.id, "text": t.name, "type": t.type,
                    "gold": [t.geonameid, t.lat, t.lon],
                    "got": None if answer is None else [
                        answer.geonameid, answer.lat, answer.lon,
                        getattr(answer, "name", None), getattr(answer, "country", None)],
                })
        if recognize is None:
            continue
        predicted = sorted(set(recognize(art.text)))
        gold_spans = {(t.start, t.end) for t in art.toponyms if t.is_toponym}
        pred_set = set(predicted)
        tp += len(pred_set & gold_spans)
        fp += len(pred_set - gold_spans)
        fn += len(gold_spans - pred_set)
        scored = [t for t in art.toponyms if t.scored]
        hits = [(s, [g for g in scored if s[0] < g.end and g.start < s[1]])
                for s in predicted]
        hits = [(s, gs) for s, gs in hits if gs]
        if not hits:
            continue
        e2e_answers = list(resolve(art.text, predicted))
        by_pred = dict(zip(predicted, e2e_answers, strict=True))
        for s, gs in hits:
            e2e_n += 1
            e2e_ok += any(_near(by_pred.get(s), g) for g in gs)
    result: dict[str, Any] = {
        "articles": len(articles),
        "recognition": None,
        "resolution": {"acc_161km": _ratio(res_ok, res_n), "exact_id": _ratio(id_ok, id_n),
                       "n": res_n, "n_with_id": id_n},
        "end_to_end": None,
        "toponyms_per_second": round(resolved_count / seconds, 1) if seconds > 0 else 0.0,
    }
    if recognize is not None:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        result["recognition"] = {"precision": round(p, 4), "recall": round(r, 4),
                                 "f1": round(f1, 4), "tp": tp, "fp": fp, "fn": fn}
        result["end_to_end"] = {"acc_161km": _ratio(e2e_ok, e2e_n), "n": e2e_n}
    if errors:
        result["resolution_errors"] = wrong
    return result


def format_geo_report(result: dict[str, Any]) -> str:
    """The scores as a few readable lines."""
    lines = [f"articles: {result['articles']}"]
    rec = result.get("recognition")
    if rec is not None:
        lines.append(f"recognition (exact spans): P {rec['precision']:.3f}  "
                     f"R {rec['recall']:.3f}  F1 {rec['f1']:.3f}  "
                     f"(tp {rec['tp']}, fp {rec['fp']}, fn {rec['fn']})")
    res = result["resolution"]
    lines.append(f"resolution (gold toponyms, n={res['n']}): "
                 f"acc@161km {res['acc_161km']:.3f}  exact GeoNames id {res['exact_id']:.3f} "
                 f"(n={res['n_with_id']})")
    e2e = result.get("end_to_end")
    if e2e is not None:
        lines.append(f"end to end (found toponyms overlapping gold, n={e2e['n']}): "
                     f"acc@161km {e2e['acc_161km']:.3f}")
    lines.append(f"resolution speed: {result['toponyms_per_second']:,.0f} toponyms/s")
    return "\n".join(lines)
