"""Held-out figures of the classifier, the way `flashpoint train` reports them.

Two measurements, each training a fresh model on some rows and scoring it on the others:
a seeded split (`holdout` of the rows, drawn with `random.Random(seed)`, are the test rows)
and, when the rows come from several exports, each export left out in turn (trained on the
others: "a country it did not see"). Each figure is given three ways on the same test rows:
`rules` (the rules alone: the sub-event type of the text's most confident ACLED-coded event;
none is wrong), `model` (the rules with the model applied as `AcledModel.decide` does in
flashpoint) and `classifier` (the classifier's first choice alone).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from flashpoint.learn.acled_model import AcledModel
from flashpoint.learn.features import NO_RULE, RuleView
from flashpoint.learn.rows import TrainingError, TrainingRow

SCHEMA = "flashpoint-train-heldout/1"
Fit = Callable[[Sequence[TrainingRow], Sequence[RuleView]], AcledModel]


def split_indices(n: int, holdout: float, seed: int) -> tuple[list[int], list[int]]:
    """(train, test) row indices: round(holdout * n) test rows (at least one of each when
    n >= 2) drawn with `random.Random(seed)`, both lists in row order."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    k = min(max(1, math.floor(holdout * n + 0.5)), n - 1) if n >= 2 else 0
    return sorted(order[k:]), sorted(order[:k])


def _share(hits: int, n: int) -> float | None:
    return round(hits / n, 4) if n else None


def score(model: AcledModel, rows: Sequence[TrainingRow],
          views: Sequence[RuleView]) -> dict[str, Any]:
    """Accuracy of the rules, the model as applied and the classifier alone on `rows`."""
    probas = model.probabilities([r.notes for r in rows], views)
    counts: Counter[str] = Counter()
    n_event = 0
    for row, view, proba in zip(rows, views, probas, strict=True):
        guess = max(proba.items(), key=lambda kv: kv[1])
        decided = model.choose(view, proba)
        answers = {"rules": view.sub_event_type if view.sub_event_type != NO_RULE else None,
                   "model": decided, "classifier": guess[0]}
        for who, sub in answers.items():
            counts[f"{who}.sub"] += sub == row.sub_event_type
        if row.event_type:
            n_event += 1
            etypes = {"rules": view.event_type if view.sub_event_type != NO_RULE else None,
                      "model": model.event_types.get(decided) if decided else None,
                      "classifier": model.event_types.get(guess[0])}
            if decided == view.sub_event_type and decided is not None:
                etypes["model"] = view.event_type
            for who, etype in etypes.items():
                counts[f"{who}.event"] += etype == row.event_type
    return {"n": len(rows), "n_event_type": n_event,
            **{who: {"sub_event_type": _share(counts[f"{who}.sub"], len(rows)),
                     "event_type": _share(counts[f"{who}.event"], n_event)}
               for who in ("rules", "model", "classifier")}}


def _by_source(model: AcledModel, rows: Sequence[TrainingRow],
               views: Sequence[RuleView]) -> dict[str, Any]:
    sources = sorted({r.source for r in rows})
    return {s: score(model, [r for r in rows if r.source == s],
                     [v for r, v in zip(rows, views, strict=True) if r.source == s])
            for s in sources}


def heldout_report(rows: Sequence[TrainingRow], views: Sequence[RuleView], fit: Fit, *,
                   holdout: float = 0.2, seed: int = 0,
                   leave_out: bool = True) -> dict[str, Any]:
    """The held-out figures (see the module docstring) of models `fit(rows, views)` makes.

    A measurement whose training rows cannot train a model (too few rows or classes) is
    reported with `skipped` and its reason instead of figures."""
    sources = Counter(r.source for r in rows)
    report: dict[str, Any] = {"schema": SCHEMA, "rows": len(rows), "files": dict(sources)}
    if holdout > 0:
        train, test = split_indices(len(rows), holdout, seed)
        part: dict[str, Any] = {"holdout": holdout, "seed": seed, "train_rows": len(train),
                                "test_rows": len(test)}
        try:
            model = fit([rows[i] for i in train], [views[i] for i in train])
        except TrainingError as exc:
            part["skipped"] = str(exc)
        else:
            test_rows, test_views = [rows[i] for i in test], [views[i] for i in test]
            part["overall"] = score(model, test_rows, test_views)
            if len(sources) > 1:
                part["by_file"] = _by_source(model, test_rows, test_views)
        report["split"] = part
    if leave_out and len(sources) > 1:
        left: dict[str, Any] = {}
        for source in sorted(sources):
            inside = [i for i, r in enumerate(rows) if r.source != source]
            outside = [i for i, r in enumerate(rows) if r.source == source]
            entry: dict[str, Any] = {"train_rows": len(inside), "test_rows": len(outside)}
            try:
                model = fit([rows[i] for i in inside], [views[i] for i in inside])
            except TrainingError as exc:
                entry["skipped"] = str(exc)
            else:
                entry.update(score(model, [rows[i] for i in outside],
                                   [views[i] for i in outside]))
            left[source] = entry
        report["leave_one_file_out"] = left
    return report


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_heldout_report(report: dict[str, Any]) -> str:
    """The report as a small table for stderr."""
    lines = ["held-out accuracy (rules = the rules alone; model = the rules with this model "
             "applied; classifier = its first choice alone)",
             f"  {'test rows':<34} {'n':>6}  {'sub_event_type':^23}  {'event_type':^23}",
             f"  {'':<34} {'':>6}  {'rules':>7} {'model':>7} {'clf':>7}  "
             f"{'rules':>7} {'model':>7} {'clf':>7}"]

    def row(label: str, m: dict[str, Any]) -> str:
        if "skipped" in m:
            return f"  {label:<34} skipped: {m['skipped']}"
        subs = " ".join(f"{_f(m[w]['sub_event_type']):>7}" for w in ("rules", "model",
                                                                         "classifier"))
        evts = " ".join(f"{_f(m[w]['event_type']):>7}" for w in ("rules", "model",
                                                                     "classifier"))
        return f"  {label[:34]:<34} {m['n']:>6}  {subs}  {evts}"

    split = report.get("split")
    if split:
        label = f"split {split['holdout']:g} seed {split['seed']}"
        lines.append(row(label, split.get("overall") or split))
        for name, m in (split.get("by_file") or {}).items():
            lines.append(row(f"  {name}", m))
    for name, m in (report.get("leave_one_file_out") or {}).items():
        lines.append(row(f"left out: {name}", m))
    return "\n".join(lines)
