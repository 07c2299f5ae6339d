"""The shipped ACLED sub-type model: a linear model that revises the rules' sub-type.

Trained by `scripts/train_default_model.py` on our own corpus only
(`benchmarks/data/training/acled_subtypes.v1.jsonl`: sentences we wrote, nothing from ACLED),
it reads one rule-coded event at a time: the words and character n-grams of its sentence,
and the rule stage's features (the rules' sub-type and event type, the trigger words, the
means, the kinds of actor1 and actor2, the PLOVER type). Where its most probable sub-type
differs from the rules' and its probability reaches the file's threshold (chosen on a
held-out fifth of our corpus), the event's ACLED code becomes that sub-type with its own
event type, and `cues["acled_source"]` says "subtype_model". Below the threshold the rules'
code stays. Events the rules gave no ACLED code are never touched. With the file's
`override` "candidates" the model may only pick among the rules' own codes: the sub-types
the rules gave the article's events (a model trained on our sentences is trusted to choose
between the rules' readings, not to bring a new one).

The model file (`data/subtype_model.v1.json`) holds plain weights (float16, base64) and its
vocabulary: no pickle. It is read once per process, on first use; numpy is imported only
then, so nothing here costs anything while the model is off (the default: see
`flashpoint.pipeline.PipelineOptions.subtype_model`).
"""

from __future__ import annotations

import base64
import dataclasses
import json
import math
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

FORMAT = "flashpoint-subtype-model/1"
MODEL_FILE = "subtype_model.v1.json"
SOURCE = "subtype_model"
NO_RULE = "-"
OVERRIDES = ("any", "candidates")

_WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*|\d+")
_DIGITS = re.compile(r"\d")


class ModelFileError(ValueError):
    """The model file is missing, malformed or names codes the lexicon does not know."""


@dataclass(frozen=True)
class RuleView:
    """What the rule stage said about one event: the model's non-text features."""

    sub_event_type: str = NO_RULE
    event_type: str = NO_RULE
    trigger: str = ""
    means: str | None = None
    actor1_kind: str | None = None
    actor2_kind: str | None = None
    plover: str | None = None

    @classmethod
    def of(cls, event: Any) -> RuleView:
        acled = event.acled
        return cls(
            sub_event_type=acled.sub_event_type if acled is not None else NO_RULE,
            event_type=acled.event_type if acled is not None else NO_RULE,
            trigger=event.trigger or "",
            means=(event.cues or {}).get("means"),
            actor1_kind=event.actor1.kind if event.actor1 is not None else None,
            actor2_kind=event.actor2.kind if event.actor2 is not None else None,
            plover=event.plover.type if event.plover is not None else None,
        )


def text_features(text: str, chars: tuple[int, int] = (3, 5)) -> set[str]:
    """Word 1-2 grams and within-word character n-grams of a sentence (digits as 0)."""
    words = _WORD.findall(_DIGITS.sub("0", text.lower()))
    found = {f"w={w}" for w in words}
    found.update(f"b={a} {b}" for a, b in zip(words, words[1:], strict=False))
    low, high = chars
    for word in set(words):
        padded = f" {word} "
        for n in range(low, high + 1):
            found.update(f"c={padded[i:i + n]}" for i in range(len(padded) - n + 1))
    return found


# how much each block of features counts (the text block has unit length): the model file
# records the scales it was trained with, and they are applied as recorded
DEFAULT_SCALES: dict[str, float] = {"rule": 1.0, "rtype": 0.5, "means": 0.5, "a1": 0.5,
                                    "a2": 0.5, "plover": 0.3, "trig": 0.3}


def rule_features(rule: RuleView) -> dict[str, str | list[str]]:
    """The rule stage's features by block: block -> value(s)."""
    return {"rule": rule.sub_event_type, "rtype": rule.event_type,
            "means": rule.means or NO_RULE, "a1": rule.actor1_kind or NO_RULE,
            "a2": rule.actor2_kind or NO_RULE, "plover": rule.plover or NO_RULE,
            "trig": _WORD.findall(rule.trigger.lower())}


def featurize(text: str, rule: RuleView,
              scales: dict[str, float] | None = None) -> dict[str, float]:
    """Feature -> value: the text block scaled to unit length, each rule-stage feature the
    scale of its block (a block at 0 is left out)."""
    scales = DEFAULT_SCALES if scales is None else scales
    words = text_features(text)
    norm = 1.0 / math.sqrt(len(words)) if words else 0.0
    features = dict.fromkeys(words, norm)
    for block, values in rule_features(rule).items():
        scale = scales.get(block, 0.0)
        if scale <= 0.0:
            continue
        for value in [values] if isinstance(values, str) else values:
            features[f"{block}={value}"] = scale
    return features


@dataclass
class SubtypeModel:
    """Loaded weights: `classes` (sub-types), `vocabulary` (feature -> row), `weights`
    (rows x classes), `bias`, the override `threshold`, and the file's `info`."""

    classes: list[str]
    event_types: dict[str, str]
    vocabulary: dict[str, int]
    weights: Any  # numpy array, len(vocabulary) x len(classes)
    bias: Any  # numpy array, len(classes)
    threshold: float
    info: dict[str, Any]
    scales: dict[str, float] = dataclasses.field(default_factory=lambda: dict(DEFAULT_SCALES))
    override: str = "any"  # "candidates": only a sub-type the rules gave one of the events

    def probabilities(self, text: str, rule: RuleView) -> Any:
        import numpy as np

        features = featurize(text, rule, self.scales)
        rows = [(self.vocabulary[f], v) for f, v in features.items() if f in self.vocabulary]
        scores = self.bias.astype(np.float64).copy()
        if rows:
            index = np.fromiter((r for r, _ in rows), dtype=np.int64, count=len(rows))
            values = np.fromiter((v for _, v in rows), dtype=np.float64, count=len(rows))
            scores += values @ self.weights[index].astype(np.float64)
        scores -= scores.max()
        exp = np.exp(scores)
        return exp / exp.sum()

    def predict(self, text: str, rule: RuleView) -> tuple[str, float]:
        """(most probable sub-type, its probability)."""
        proba = self.probabilities(text, rule)
        best = int(proba.argmax())
        return self.classes[best], float(proba[best])

    def decide(self, text: str, rule: RuleView,
               candidates: frozenset[str] | None = None) -> tuple[str, float, bool]:
        """(sub-type to keep, model probability, overridden?): the model's choice only when
        the rules coded the event, it disagrees and it is confident enough (and, with
        `override` "candidates", it is one of `candidates`)."""
        sub, prob = self.predict(text, rule)
        if (rule.sub_event_type == NO_RULE or sub == rule.sub_event_type
                or prob < self.threshold or sub not in self.event_types):
            return rule.sub_event_type, prob, False
        if self.override == "candidates" and sub not in (candidates or frozenset()):
            return rule.sub_event_type, prob, False
        return sub, prob, True

    def revise(self, events: Sequence[Any]) -> list[Any]:
        """The events with the model's sub-type where it overrides the rules: new `Event`s
        (the rules' events are not edited), the others as they came."""
        from flashpoint.record import AcledCode

        revised = []
        candidates = frozenset(e.acled.sub_event_type for e in events if e.acled is not None)
        for event in events:
            if event.acled is None:
                revised.append(event)
                continue
            sub, prob, changed = self.decide(event.evidence.sentence, RuleView.of(event),
                                             candidates)
            if not changed:
                revised.append(event)
                continue
            cues = {**event.cues, "acled_source": SOURCE, "acled_probability": round(prob, 3),
                    "acled_rules": event.acled.sub_event_type}
            revised.append(dataclasses.replace(
                event, acled=AcledCode(self.event_types[sub], sub), cues=cues))
        return revised


def model_path() -> Path:
    return Path(str(resources.files("flashpoint.learn") / "data" / MODEL_FILE))


def _taxonomy() -> dict[str, str]:
    from flashpoint.events.lexicon import load_lexicon

    return {sub: etype for etype, subs in load_lexicon().acled["event_types"].items()
            for sub in subs}


def encode_array(array: Any) -> str:
    import numpy as np

    return base64.b64encode(np.ascontiguousarray(array, dtype="<f2").tobytes()).decode("ascii")


def decode_array(text: str, shape: Iterable[int]) -> Any:
    import numpy as np

    return np.frombuffer(base64.b64decode(text), dtype="<f2").reshape(tuple(shape))


def load_model_file(path: str | Path) -> SubtypeModel:
    """Read and check a model file (format, classes known to the lexicon, shapes)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"{path}: cannot read the sub-type model ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelFileError(f"{path}: not a {FORMAT} file")
    taxonomy = _taxonomy()
    classes = list(data["classes"])
    unknown = [c for c in classes if c not in taxonomy]
    if unknown or len(set(classes)) != len(classes):
        raise ModelFileError(f"{path}: classes not in the ACLED lexicon: {unknown}")
    vocabulary = list(data["vocabulary"])
    if not isinstance(data.get("scales"), dict):
        raise ModelFileError(f"{path}: no feature scales")
    threshold = float(data["threshold"])
    override = data.get("override", "any")
    if override not in OVERRIDES:
        raise ModelFileError(f"{path}: override {override!r} is not one of {OVERRIDES}")
    if not 0.0 < threshold <= 1.0:
        raise ModelFileError(f"{path}: threshold {threshold} outside (0, 1]")
    try:
        weights = decode_array(data["weights"], (len(vocabulary), len(classes)))
        bias = decode_array(data["bias"], (len(classes),))
    except ValueError as exc:
        raise ModelFileError(f"{path}: weights do not match the vocabulary ({exc})") from exc
    return SubtypeModel(classes=classes, event_types={c: taxonomy[c] for c in classes},
                        vocabulary={f: i for i, f in enumerate(vocabulary)}, weights=weights,
                        bias=bias, threshold=threshold, info=dict(data.get("info", {})),
                        scales={str(k): float(v) for k, v in data["scales"].items()},
                        override=override)


_LOCK = threading.Lock()
_LOADED: SubtypeModel | None = None


def default_model() -> SubtypeModel:
    """The shipped model, loaded once per process."""
    global _LOADED
    with _LOCK:
        if _LOADED is None:
            _LOADED = load_model_file(model_path())
        return _LOADED


__all__ = ["FORMAT", "ModelFileError", "RuleView", "SubtypeModel", "default_model",
           "featurize", "load_model_file", "model_path"]
