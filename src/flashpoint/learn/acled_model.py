"""The ACLED sub-event classifier: features, fitting, applying to events, saving and loading.

Features: TF-IDF word 1-2 grams and character 2-5 grams of the text, and the rules' own coding
of it (`features.rule_tokens`: the rules' codes and every candidate code, trigger words,
means, both actors' kinds, modality, confidence band, and crosses of the sub-type with the
kinds), weighted `rule_weight` beside the text. A linear SVM with balanced class weights
whose margins are turned into probabilities by one temperature (`calibrate.TemperedSVM`).

With `tune` (what `flashpoint train` does) the training rows are cut into folds (each
training export left out in turn; one export: a seeded 3-fold split), a model is fitted on
the rest of each fold, and its out-of-fold margins choose the temperature and the override
`policy.Policy` (threshold, candidate threshold, fill threshold). Only the training rows are
used for that. `AcledModel.apply` then revises the rules' ACLED codes as that policy says
(never making new events). scikit-learn is imported only when a model is fitted or used.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flashpoint.learn.features import RuleView, as_view, event_view, rank_events, rule_tokens
from flashpoint.learn.policy import Policy, choose_policy, decide_code
from flashpoint.learn.rows import TrainingError, TrainingRow, as_training_rows

FORMAT = "flashpoint-acled-model/3"
# /1: words + the rules' sub-event type; /2: + event and PLOVER type, trigger (one-hot);
# /3: the rule tokens, a tempered linear SVM and a policy chosen on the training rows
FORMATS = ("flashpoint-acled-model/1", "flashpoint-acled-model/2", FORMAT)
DEFAULT_THRESHOLD = 0.3  # the override threshold of an untuned model
RULE_COLUMNS = ("rule_sub", "rule_event", "rule_plover", "rule_trigger")
RULE_WEIGHT = 0.3  # the rule tokens beside the unit-length text blocks (left out in turn)
SVM_C = 0.5


def _frame(texts: Sequence[str], views: Sequence[RuleView]) -> Any:
    import pandas as pd

    return pd.DataFrame({
        "text": list(texts),
        "rule": [v.sub_event_type for v in views],  # the /1 models' only rule column
        "rule_sub": [v.sub_event_type for v in views],  # the /2 models' columns
        "rule_event": [v.event_type for v in views],
        "rule_plover": [v.plover for v in views],
        "rule_trigger": [v.trigger for v in views],
        "rule_tokens": [rule_tokens(v) for v in views],
    })


def _taxonomy() -> dict[str, str]:
    from flashpoint.events.lexicon import load_lexicon

    return {sub: etype for etype, subs in load_lexicon().acled["event_types"].items()
            for sub in subs}


def _first(proba: dict[str, float]) -> tuple[str, float]:
    """The most probable class (the first in class order on ties) and its probability."""
    best = max(proba, key=lambda c: proba[c])
    return best, proba[best]


@dataclass
class AcledModel:
    """A fitted classifier with what it needs to be applied (override rules: `policy`)."""

    pipeline: Any  # sklearn Pipeline over the DataFrame `_frame` builds
    event_types: dict[str, str]  # sub-event type -> event type
    threshold: float = DEFAULT_THRESHOLD
    uses_rule: bool = True
    info: dict[str, Any] = field(default_factory=dict)
    fill_threshold: float | None = None  # code events the rules left uncoded (None: never)
    candidate_threshold: float | None = None  # None: same as `threshold`

    @property
    def policy(self) -> Policy:
        return Policy(self.threshold, self.candidate_threshold, self.fill_threshold)

    def probabilities(self, texts: Sequence[str],
                      rules: Sequence[RuleView | str]) -> list[dict[str, float]]:
        """class -> probability, for each text."""
        views = [as_view(r) if self.uses_rule else RuleView() for r in rules]
        if not views:
            return []
        proba = self.pipeline.predict_proba(_frame(texts, views))
        classes = [str(c) for c in self.pipeline.classes_]
        return [dict(zip(classes, map(float, row), strict=True)) for row in proba]

    def predict(self, texts: Sequence[str],
                rules: Sequence[RuleView | str]) -> list[tuple[str, float]]:
        """(sub-event type, probability) of each text: the classifier's first choice."""
        return [_first(p) for p in self.probabilities(texts, rules)]

    def choose(self, rule: RuleView | str, proba: dict[str, float]) -> str | None:
        """The sub-event type to code given the rules' view and the classifier's
        probabilities (None: no ACLED code), as `policy` says."""
        return decide_code(as_view(rule), _first(proba), self.policy, self.event_types)

    def decide(self, rule: RuleView | str, guess: tuple[str, float]) -> str | None:
        """`choose` given only the classifier's first choice and its probability."""
        return decide_code(as_view(rule), guess, self.policy, self.event_types)

    def apply(self, events: list[Any]) -> None:
        """Revise, in place, the ACLED codes of the rules' events (see the module docstring).
        Each event is read with its sentence, its own coding and, as candidates, the codes
        of the article's other events."""
        from flashpoint.record import AcledCode

        chosen = [e for e in events if e.acled is not None
                  or (self.fill_threshold is not None and e.modality == "asserted")]
        if not chosen:
            return
        ranked = rank_events(events)
        views = [event_view(e, ranked) for e in chosen]
        probas = self.probabilities([e.evidence.sentence for e in chosen], views)
        for event, view, proba in zip(chosen, views, probas, strict=True):
            sub = self.choose(view, proba)
            prob = _first(proba)[1]
            if event.acled is not None:
                event.cues["acled_probability"] = round(prob, 3)
            if sub is None or sub == view.sub_event_type:
                continue
            event.acled = AcledCode(self.event_types[sub], sub)
            event.cues["acled_source"] = "model"
            event.cues["acled_probability"] = round(proba.get(sub, prob), 3)

    def save(self, path: str | Path) -> None:
        import joblib

        joblib.dump({"format": FORMAT, "pipeline": self.pipeline,
                     "event_types": self.event_types, "threshold": self.threshold,
                     "fill_threshold": self.fill_threshold,
                     "candidate_threshold": self.candidate_threshold,
                     "uses_rule": self.uses_rule, "info": self.info}, path)


def load_model(path: str | Path, threshold: float | None = None) -> AcledModel:
    """A model `AcledModel.save` wrote (a joblib pickle: load only files you made or trust)."""
    import joblib

    try:
        data = joblib.load(path)
    except OSError:
        raise
    except Exception as exc:  # any unpickling failure: the file is not one of ours
        raise TrainingError(f"{path}: not a flashpoint ACLED model ({FORMAT}): cannot be "
                            f"unpickled ({type(exc).__name__})") from None
    if not isinstance(data, dict) or data.get("format") not in FORMATS:
        raise TrainingError(f"{path}: not a flashpoint ACLED model ({FORMAT})")
    return AcledModel(pipeline=data["pipeline"], event_types=data["event_types"],
                      threshold=data["threshold"] if threshold is None else threshold,
                      uses_rule=data["uses_rule"], info=data.get("info", {}),
                      fill_threshold=data.get("fill_threshold"),
                      candidate_threshold=data.get("candidate_threshold"))


def _pipeline(uses_rule: bool, *, c: float = SVM_C, rule_weight: float = RULE_WEIGHT,
              balanced: bool = True, temperature: float = 1.0) -> Any:
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.pipeline import Pipeline

    from flashpoint.learn.calibrate import TemperedSVM

    parts: list[tuple[str, Any, Any]] = [
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True,
                                  strip_accents="unicode", min_df=2), "text"),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                  lowercase=True, strip_accents="unicode", min_df=2,
                                  max_features=200_000), "text"),
    ]
    weights = {"words": 1.0, "chars": 1.0}
    if uses_rule:
        parts.append(("rule", CountVectorizer(token_pattern=r"\S+", lowercase=False,
                                              binary=True), "rule_tokens"))
        weights["rule"] = rule_weight
    return Pipeline([
        ("features", ColumnTransformer(parts, transformer_weights=weights)),
        ("clf", TemperedSVM(c=c, balanced=balanced, temperature=temperature)),
    ])


def inner_folds(rows: Sequence[TrainingRow], k: int = 3, seed: int = 0) -> list[list[int]]:
    """The held-out row indices of each inner fold: one per export when the rows come from
    several, else `k` seeded folds (fewer when there are fewer rows)."""
    sources = sorted({r.source for r in rows})
    if len(sources) > 1:
        return [[i for i, r in enumerate(rows) if r.source == s] for s in sources]
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    k = max(2, min(k, len(rows) // 5))
    return [sorted(order[j::k]) for j in range(k)]


def _out_of_fold(rows: Sequence[TrainingRow], views: Sequence[RuleView], uses_rule: bool,
                 options: dict[str, Any]) -> tuple[Any, list[int], list[str]] | None:
    """Out-of-fold margins (rows x classes, in sorted class order) and the folds' sizes;
    None when no fold can be trained."""
    import numpy as np

    classes = sorted({r.sub_event_type for r in rows})
    column = {c: j for j, c in enumerate(classes)}
    margins = np.full((len(rows), len(classes)), -10.0)
    done = []
    for fold in inner_folds(rows):
        inside = sorted(set(range(len(rows))) - set(fold))
        labels = [rows[i].sub_event_type for i in inside]
        if len(set(labels)) < 2 or not fold:
            continue
        pipeline = _pipeline(uses_rule, **options)
        pipeline.fit(_frame([rows[i].notes for i in inside], [views[i] for i in inside]),
                     labels)
        m = pipeline.decision_function(_frame([rows[i].notes for i in fold],
                                              [views[i] for i in fold]))
        fitted = [column[str(c)] for c in pipeline.classes_]
        if m.ndim == 1:
            m = np.column_stack([-m, m])
        for row, i in zip(m, fold, strict=True):
            margins[i, fitted] = row
        done.extend(fold)
    return (margins, sorted(done), classes) if done else None


def train_acled_model(
    rows: Sequence[TrainingRow | tuple[str, str, str | None]],
    *,
    rule_of: Callable[[str], RuleView | str] | None = None,
    views: Sequence[RuleView] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    fill_threshold: float | None = None,
    candidate_threshold: float | None = None,
    tune: bool = False,
    c: float = SVM_C,
    rule_weight: float = RULE_WEIGHT,
    balanced: bool = True,
) -> AcledModel:
    """Fit the classifier on `rows` (see the module docstring).

    The rules' coding of each row comes from `views` (one per row, already computed) or from
    `rule_of(text)`; with neither, the model uses the text alone. With `tune`, the
    temperature and the policy come from out-of-fold predictions on `rows` and the
    threshold arguments are not used."""
    from flashpoint.learn.calibrate import fit_temperature, softmax

    rows = as_training_rows(rows)
    labels = [r.sub_event_type for r in rows]
    if len(rows) < 10 or len(set(labels)) < 2:
        raise TrainingError(f"need at least 10 rows and 2 sub-event types "
                            f"(got {len(rows)} rows, {len(set(labels))} types)")
    texts = [r.notes for r in rows]
    uses_rule = views is not None or rule_of is not None
    if views is None:
        views = [as_view(rule_of(t)) for t in texts] if rule_of is not None \
            else [RuleView()] * len(rows)
    event_types = _taxonomy()
    for r in rows:
        if r.event_type:
            event_types.setdefault(r.sub_event_type, r.event_type)
    options = {"c": c, "rule_weight": rule_weight, "balanced": balanced}
    temperature, tuned = 1.0, None
    policy = Policy(threshold, candidate_threshold, fill_threshold)
    if tune:
        found = _out_of_fold(rows, views, uses_rule, options)
        if found is not None:
            margins, done, classes = found
            temperature = fit_temperature(margins[done], [classes.index(labels[i])
                                                          for i in done])
            proba = softmax(margins[done], temperature)
            firsts = [(classes[int(p.argmax())], float(p.max())) for p in proba]
            policy, accuracy = choose_policy([views[i] for i in done], firsts,
                                             [labels[i] for i in done], event_types)
            tuned = {"rows": len(done), "folds": len(inner_folds(rows)),
                     "sources": sorted({rows[i].source for i in done if rows[i].source}),
                     "temperature": temperature, "policy": policy.to_dict(),
                     "accuracy": round(accuracy, 4)}
    pipeline = _pipeline(uses_rule, temperature=temperature, **options)
    pipeline.fit(_frame(texts, views), labels)
    known = {str(k) for k in pipeline.classes_}
    agreement = sum(v.sub_event_type == y for v, y in zip(views, labels, strict=True))
    info = {"rows": len(rows), "classes": sorted(known),
            "sources": sorted({r.source for r in rows if r.source}),
            "rule_agreement": agreement / len(rows) if uses_rule else None,
            "tuned": tuned}
    return AcledModel(pipeline=pipeline,
                      event_types={k: v for k, v in event_types.items() if k in known},
                      threshold=policy.threshold, uses_rule=uses_rule, info=info,
                      fill_threshold=policy.fill_threshold,
                      candidate_threshold=policy.candidate_threshold)
