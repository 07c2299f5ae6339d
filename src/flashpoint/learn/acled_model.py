"""The ACLED sub-event classifier: features, fitting, applying to events, saving and loading.

Features: TF-IDF word 1-2 grams and character 2-5 grams of the text, and the rules' own coding
of it (`RuleView`: sub-event type, event type, PLOVER type, trigger words) one-hot. Logistic
regression with balanced class weights. `AcledModel.apply` revises the ACLED codes of the
rules' events where the classifier is confident (probability >= `threshold`) and disagrees;
with `fill_threshold` set it also codes events the rules left without ACLED codes (never new
events). scikit-learn is imported only when a model is fitted or used.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flashpoint.learn.features import NO_RULE, RuleView, as_view, event_view
from flashpoint.learn.rows import TrainingError, TrainingRow, as_training_rows

FORMAT = "flashpoint-acled-model/2"
FORMATS = ("flashpoint-acled-model/1", FORMAT)  # /1: words + the rules' sub-event type
# measured on ACLED exports, each left out in turn: 0.3 beats 0.6 (see the training report)
DEFAULT_THRESHOLD = 0.3
RULE_COLUMNS = ("rule_sub", "rule_event", "rule_plover", "rule_trigger")


def _frame(texts: Sequence[str], views: Sequence[RuleView]) -> Any:
    import pandas as pd

    return pd.DataFrame({
        "text": list(texts),
        "rule": [v.sub_event_type for v in views],  # the /1 models' only rule column
        "rule_sub": [v.sub_event_type for v in views],
        "rule_event": [v.event_type for v in views],
        "rule_plover": [v.plover for v in views],
        "rule_trigger": [v.trigger for v in views],
    })


def _taxonomy() -> dict[str, str]:
    from flashpoint.events.lexicon import load_lexicon

    return {sub: etype for etype, subs in load_lexicon().acled["event_types"].items()
            for sub in subs}


@dataclass
class AcledModel:
    """A fitted classifier with what it needs to be applied."""

    pipeline: Any  # sklearn Pipeline over the DataFrame `_frame` builds
    event_types: dict[str, str]  # sub-event type -> event type
    threshold: float = DEFAULT_THRESHOLD
    uses_rule: bool = True
    info: dict[str, Any] = field(default_factory=dict)
    fill_threshold: float | None = None  # code events the rules left uncoded (None: never)

    def predict(self, texts: Sequence[str],
                rules: Sequence[RuleView | str]) -> list[tuple[str, float]]:
        """(sub-event type, probability) of each text."""
        views = [as_view(r) if self.uses_rule else RuleView() for r in rules]
        proba = self.pipeline.predict_proba(_frame(texts, views))
        classes = list(self.pipeline.classes_)
        return [(classes[int(row.argmax())], float(row.max())) for row in proba]

    def decide(self, rule: RuleView | str, guess: tuple[str, float]) -> str | None:
        """The sub-event type to code given the rules' and the classifier's answers (None:
        no ACLED code): the classifier's where it is confident enough, else the rules'."""
        view = as_view(rule)
        sub, prob = guess
        ruled = view.sub_event_type != NO_RULE
        if sub not in self.event_types:
            return view.sub_event_type if ruled else None
        if ruled:
            return sub if prob >= self.threshold else view.sub_event_type
        if self.fill_threshold is not None and view.plover != NO_RULE \
                and prob >= self.fill_threshold:
            return sub
        return None

    def apply(self, events: list[Any]) -> None:
        """Revise, in place, the ACLED codes of the rules' events (see the module docstring)."""
        from flashpoint.record import AcledCode

        chosen = [e for e in events if e.acled is not None
                  or (self.fill_threshold is not None and e.modality == "asserted")]
        if not chosen:
            return
        views = [event_view(e) for e in chosen]
        guesses = self.predict([e.evidence.sentence for e in chosen], views)
        for event, view, guess in zip(chosen, views, guesses, strict=True):
            sub = self.decide(view, guess)
            if event.acled is not None:
                event.cues["acled_probability"] = round(guess[1], 3)
            if sub is None or sub == view.sub_event_type:
                continue
            event.acled = AcledCode(self.event_types[sub], sub)
            event.cues["acled_source"] = "model"
            event.cues["acled_probability"] = round(guess[1], 3)

    def save(self, path: str | Path) -> None:
        import joblib

        joblib.dump({"format": FORMAT, "pipeline": self.pipeline,
                     "event_types": self.event_types, "threshold": self.threshold,
                     "fill_threshold": self.fill_threshold,
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
                      fill_threshold=data.get("fill_threshold"))


def _pipeline(c: float, uses_rule: bool) -> Any:
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder

    parts: list[tuple[str, Any, Any]] = [
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True,
                                  strip_accents="unicode", min_df=2), "text"),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                  lowercase=True, strip_accents="unicode", min_df=2,
                                  max_features=200_000), "text"),
    ]
    if uses_rule:
        parts.append(("rule", OneHotEncoder(handle_unknown="ignore"), list(RULE_COLUMNS)))
    return Pipeline([
        ("features", ColumnTransformer(parts)),
        ("clf", LogisticRegression(C=c, max_iter=3000, class_weight="balanced")),
    ])


def train_acled_model(
    rows: Sequence[TrainingRow | tuple[str, str, str | None]],
    *,
    rule_of: Callable[[str], RuleView | str] | None = None,
    views: Sequence[RuleView] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    fill_threshold: float | None = None,
    c: float = 4.0,
) -> AcledModel:
    """Fit the classifier on `rows` (see the module docstring).

    The rules' coding of each row comes from `views` (one per row, already computed) or from
    `rule_of(text)`; with neither, the model uses the text alone."""
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
    pipeline = _pipeline(c, uses_rule)
    pipeline.fit(_frame(texts, views), labels)
    event_types = _taxonomy()
    for r in rows:
        if r.event_type:
            event_types.setdefault(r.sub_event_type, r.event_type)
    known = set(pipeline.classes_)
    agreement = sum(v.sub_event_type == y for v, y in zip(views, labels, strict=True))
    info = {"rows": len(rows), "classes": sorted(known),
            "sources": sorted({r.source for r in rows if r.source}),
            "rule_agreement": agreement / len(rows) if uses_rule else None}
    return AcledModel(pipeline=pipeline,
                      event_types={k: v for k, v in event_types.items() if k in known},
                      threshold=threshold, uses_rule=uses_rule, info=info,
                      fill_threshold=fill_threshold)
