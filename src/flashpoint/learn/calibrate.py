"""A linear SVM whose margins become probabilities through one fitted temperature.

`TemperedSVM` is a small scikit-learn classifier: `LinearSVC` (balanced class weights) fitted
on all the rows, and a softmax over its margins scaled by a temperature chosen, from a fixed
grid, to minimise the log-loss of out-of-fold margins (`fit_temperature`). The folds are
given by the caller (the training exports, each left out in turn: the way the model will be
used, on a country it has not seen) or are a seeded k-fold. Deterministic: LinearSVC with a
fixed random_state, folds in a fixed order, the grid searched in order. This module imports
scikit-learn: import it only where a model is fitted or used.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from sklearn.base import BaseEstimator, ClassifierMixin

TEMPERATURES = tuple(round(0.5 * 1.25 ** i, 3) for i in range(18))  # 0.5 .. ~22


def softmax(margins: Any, temperature: float) -> Any:
    import numpy as np

    z = np.asarray(margins, dtype=np.float64) * temperature
    if z.ndim == 1:  # two classes: LinearSVC gives one margin
        z = np.column_stack([-z, z]) / 2.0
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit_temperature(margins: Any, labels: Sequence[int]) -> float:
    """The grid temperature with the lowest mean log-loss of `labels` (column indices)."""
    import numpy as np

    idx = np.asarray(labels, dtype=np.int64)
    best, best_loss = 1.0, math.inf
    for t in TEMPERATURES:
        p = softmax(margins, t)[np.arange(len(idx)), idx]
        loss = float(-np.log(np.clip(p, 1e-12, None)).mean())
        if loss < best_loss - 1e-12:
            best, best_loss = t, loss
    return best


class TemperedSVM(ClassifierMixin, BaseEstimator):
    """LinearSVC margins through a softmax at `temperature` (see the module docstring)."""

    def __init__(self, c: float = 0.5, balanced: bool = True, temperature: float = 1.0):
        self.c = c
        self.balanced = balanced
        self.temperature = temperature

    def _svc(self) -> Any:
        from sklearn.svm import LinearSVC

        return LinearSVC(C=self.c, class_weight="balanced" if self.balanced else None,
                         random_state=0, max_iter=5000)

    def fit(self, x: Any, y: Sequence[str]) -> TemperedSVM:
        self.svc_ = self._svc().fit(x, list(y))
        self.classes_ = self.svc_.classes_
        return self

    def decision_function(self, x: Any) -> Any:
        return self.svc_.decision_function(x)

    def predict_proba(self, x: Any) -> Any:
        return softmax(self.decision_function(x), self.temperature)

    def predict(self, x: Any) -> Any:
        return self.classes_[self.predict_proba(x).argmax(axis=1)]
