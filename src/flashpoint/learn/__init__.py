"""An optional, lightweight ACLED sub-event classifier that works alongside the rules.

`train_acled_model` fits a linear model (TF-IDF word 1-2 grams, plus the sub-event type the
rules give the same text as a one-hot feature) on an ACLED export (`notes` ->
`sub_event_type`); `AcledModel.apply` then revisits the ACLED codes of rule-coded events:
where the classifier is confident (probability >= `threshold`) and disagrees, its sub-event
type (and the matching event type) replaces the rules' and `Event.cues["acled_source"]` says
"model". Events the rules give no ACLED code are left alone.

scikit-learn is imported only here, so the rest of flashpoint runs without it. A model file is
a joblib pickle: load only files you made or trust.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "flashpoint-acled-model/1"
DEFAULT_THRESHOLD = 0.6
NO_RULE = "-"


class TrainingError(ValueError):
    """The export cannot train a model (missing columns, too few rows or classes)."""


def read_acled_csv(path: str | Path) -> list[tuple[str, str, str | None]]:
    """(notes, sub_event_type, event_type or None) of every row that has both notes and a
    sub-event type. ACLED exports may be comma- or semicolon-separated."""
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as f:
        sample = f.read(4096)
        f.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(f, dialect=dialect)
        fields = {name.strip().lower(): name for name in reader.fieldnames or []}
        if "notes" not in fields or "sub_event_type" not in fields:
            raise TrainingError(f"{path}: needs the columns notes and sub_event_type "
                                f"(found: {', '.join(fields) or 'none'})")
        rows = []
        for row in reader:
            notes = (row.get(fields["notes"]) or "").strip()
            sub = (row.get(fields["sub_event_type"]) or "").strip()
            etype = (row.get(fields["event_type"]) or "").strip() if "event_type" in fields \
                else ""
            if notes and sub:
                rows.append((notes, sub, etype or None))
    return rows


def rule_sub_event_type(events: Iterable[Any]) -> str:
    """The rules' sub-event type for a text: that of the most confident ACLED-coded event."""
    coded = sorted((e for e in events if e.acled is not None),
                   key=lambda e: (-e.confidence, e.trigger_start))
    return coded[0].acled.sub_event_type if coded else NO_RULE


def _taxonomy() -> dict[str, str]:
    from flashpoint.events.lexicon import load_lexicon

    return {sub: etype for etype, subs in load_lexicon().acled["event_types"].items()
            for sub in subs}


@dataclass
class AcledModel:
    """A fitted classifier with what it needs to be applied."""

    pipeline: Any  # sklearn Pipeline over a DataFrame with columns text, rule
    event_types: dict[str, str]  # sub-event type -> event type
    threshold: float = DEFAULT_THRESHOLD
    uses_rule: bool = True
    info: dict[str, Any] = field(default_factory=dict)

    def predict(self, texts: Sequence[str], rules: Sequence[str]) -> list[tuple[str, float]]:
        """(sub-event type, probability) of each text."""
        import pandas as pd

        frame = pd.DataFrame({"text": list(texts),
                              "rule": list(rules) if self.uses_rule else [NO_RULE] * len(texts)})
        proba = self.pipeline.predict_proba(frame)
        classes = list(self.pipeline.classes_)
        return [(classes[int(row.argmax())], float(row.max())) for row in proba]

    def apply(self, events: list[Any]) -> None:
        """Revise, in place, the ACLED codes of events coded by the rules."""
        from flashpoint.record import AcledCode

        coded = [e for e in events if e.acled is not None]
        if not coded:
            return
        guesses = self.predict([e.evidence.sentence for e in coded],
                               [e.acled.sub_event_type for e in coded])
        for event, (sub, prob) in zip(coded, guesses, strict=True):
            event.cues["acled_probability"] = round(prob, 3)
            if prob < self.threshold or sub == event.acled.sub_event_type:
                continue
            etype = self.event_types.get(sub)
            if etype is None:
                continue
            event.acled = AcledCode(etype, sub)
            event.cues["acled_source"] = "model"

    def save(self, path: str | Path) -> None:
        import joblib

        joblib.dump({"format": FORMAT, "pipeline": self.pipeline,
                     "event_types": self.event_types, "threshold": self.threshold,
                     "uses_rule": self.uses_rule, "info": self.info}, path)


def load_model(path: str | Path, threshold: float | None = None) -> AcledModel:
    import joblib

    data = joblib.load(path)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TrainingError(f"{path}: not a flashpoint ACLED model ({FORMAT})")
    return AcledModel(pipeline=data["pipeline"], event_types=data["event_types"],
                      threshold=data["threshold"] if threshold is None else threshold,
                      uses_rule=data["uses_rule"], info=data.get("info", {}))


def train_acled_model(
    rows: Sequence[tuple[str, str, str | None]],
    *,
    rule_of: Callable[[str], str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    c: float = 4.0,
) -> AcledModel:
    """Fit TF-IDF (word 1-2 grams) + the rules' sub-event type -> logistic regression.

    `rule_of(text)` gives the rules' sub-event type of a text (None: no rule feature)."""
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder

    labels = [sub for _, sub, _ in rows]
    if len(rows) < 10 or len(set(labels)) < 2:
        raise TrainingError(f"need at least 10 rows and 2 sub-event types "
                            f"(got {len(rows)} rows, {len(set(labels))} types)")
    texts = [text for text, _, _ in rows]
    rules = [rule_of(t) for t in texts] if rule_of is not None else [NO_RULE] * len(texts)
    frame = pd.DataFrame({"text": texts, "rule": rules})
    features = ColumnTransformer([
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True,
                                  strip_accents="unicode"), "text"),
        ("rule", OneHotEncoder(handle_unknown="ignore"), ["rule"]),
    ])
    pipeline = Pipeline([
        ("features", features),
        ("clf", LogisticRegression(C=c, max_iter=2000, class_weight="balanced")),
    ])
    pipeline.fit(frame, labels)
    event_types = _taxonomy()
    for _, sub, etype in rows:
        if etype:
            event_types.setdefault(sub, etype)
    known = set(pipeline.classes_)
    info = {"rows": len(rows), "classes": sorted(known),
            "rule_agreement": sum(r == y for r, y in zip(rules, labels, strict=True)) / len(rows)
            if rule_of is not None else None}
    return AcledModel(pipeline=pipeline,
                      event_types={k: v for k, v in event_types.items() if k in known},
                      threshold=threshold, uses_rule=rule_of is not None, info=info)


__all__ = ["AcledModel", "TrainingError", "load_model", "read_acled_csv",
           "rule_sub_event_type", "train_acled_model", "DEFAULT_THRESHOLD"]
