"""An optional, lightweight ACLED sub-event classifier that works alongside the rules.

`train_acled_model` fits a linear model on an ACLED export (`notes` -> `sub_event_type`) over
the text's words and characters and the rules' own coding of the same text;
`AcledModel.apply` then revisits the ACLED codes of rule-coded events: where the classifier is
confident (probability >= `threshold`) and disagrees, its sub-event type (and the matching
event type) replaces the rules' and `Event.cues["acled_source"]` says "model".
`heldout_report` measures a model the way `flashpoint train` reports it: on a seeded held-out
split and on each export left out in turn.

Modules, one job each: `rows` (reading exports), `features` (the rules' coding as features),
`acled_model` (fit, apply, save, load), `heldout` (held-out figures).
scikit-learn is imported only when a model is fitted or used, so the rest of flashpoint runs
without it. A model file is a joblib pickle: load only files you made or trust.
"""

from __future__ import annotations

from flashpoint.learn.acled_model import (
    DEFAULT_THRESHOLD,
    FORMAT,
    AcledModel,
    load_model,
    train_acled_model,
)
from flashpoint.learn.features import NO_RULE, RuleView, event_view, rule_sub_event_type, rule_view
from flashpoint.learn.rows import TrainingError, TrainingRow, read_acled_csv, read_training_rows

__all__ = ["AcledModel", "DEFAULT_THRESHOLD", "FORMAT", "NO_RULE", "RuleView", "TrainingError",
           "TrainingRow", "event_view", "load_model", "read_acled_csv", "read_training_rows",
           "rule_sub_event_type", "rule_view", "train_acled_model"]
