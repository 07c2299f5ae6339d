"""When the classifier's answer replaces the rules' (`Policy`), and choosing one on
out-of-fold predictions (`choose_policy`).

The rules' sub-event type stays unless the classifier's first choice differs and either has
probability >= `threshold`, or is one of the rules' candidate codes (another event of the
same text was coded so) with probability >= `candidate_threshold`. A text the rules coded
nothing in gets the classifier's first choice only when the rules found an event there and
the probability reaches `fill_threshold` (None: never). `choose_policy` tries a fixed grid on
rows the classifier was not trained on (out-of-fold) and keeps, among the policies within
one binomial standard error of the most accurate, the one that trusts the classifier most
(lowest thresholds): the out-of-fold classifiers were trained on one export fewer than the
final model, so they understate it (measured on ACLED exports, each left out in turn).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from flashpoint.learn.features import NO_RULE, RuleView

NEVER = 1.01  # a threshold no probability reaches
GRID = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, NEVER)


@dataclass(frozen=True)
class Policy:
    threshold: float = 0.3
    candidate_threshold: float | None = None  # None: the same as `threshold`
    fill_threshold: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def decide_code(view: RuleView, first: tuple[str, float], policy: Policy,
                known: set[str] | dict[str, str]) -> str | None:
    """The sub-event type to code (None: no ACLED code), given the rules' view and the
    classifier's first choice (class, probability)."""
    sub, prob = first
    ruled = view.sub_event_type != NO_RULE
    if sub not in known:
        return view.sub_event_type if ruled else None
    if ruled:
        if sub == view.sub_event_type:
            return sub
        cand = policy.threshold if policy.candidate_threshold is None \
            else policy.candidate_threshold
        if prob >= policy.threshold or (sub in view.candidates and prob >= cand):
            return sub
        return view.sub_event_type
    if policy.fill_threshold is not None and view.plover != NO_RULE \
            and prob >= policy.fill_threshold:
        return sub
    return None


def _overrides(policy: Policy) -> tuple[float, float, float]:
    """Sort key: higher thresholds override less (preferred on ties)."""
    cand = policy.threshold if policy.candidate_threshold is None \
        else policy.candidate_threshold
    fill = NEVER if policy.fill_threshold is None else policy.fill_threshold
    return (policy.threshold, cand, fill)


def candidate_policies() -> list[Policy]:
    found = []
    for t in GRID:
        for c in GRID:
            if c > t:
                continue
            for f in GRID:
                found.append(Policy(t, None if c == t else c, None if f == NEVER else f))
    return found


def choose_policy(views: Sequence[RuleView], firsts: Sequence[tuple[str, float]],
                  labels: Sequence[str], known: set[str] | dict[str, str]
                  ) -> tuple[Policy, float]:
    """The grid policy most accurate on these (out-of-fold) rows, and its accuracy: the
    same answers as `decide_code`, counted with numpy over the whole grid."""
    import numpy as np

    if not labels:
        return Policy(), 0.0
    prob = np.array([f[1] for f in firsts])
    usable = np.array([f[0] in known for f in firsts])
    ruled = np.array([v.sub_event_type != NO_RULE for v in views])
    same = np.array([f[0] == v.sub_event_type for v, f in zip(views, firsts, strict=True)])
    in_cand = np.array([f[0] in v.candidates for v, f in zip(views, firsts, strict=True)])
    fillable = np.array([v.plover != NO_RULE for v in views]) & ~ruled & usable
    rules_right = np.array([v.sub_event_type == y for v, y in zip(views, labels,
                                                                  strict=True)]) & ruled
    model_right = np.array([f[0] == y for f, y in zip(firsts, labels, strict=True)])
    switchable = ruled & usable & ~same
    scored = []
    for policy in candidate_policies():
        cand = policy.threshold if policy.candidate_threshold is None \
            else policy.candidate_threshold
        switch = switchable & ((prob >= policy.threshold) | (in_cand & (prob >= cand)))
        fill = fillable & (prob >= (NEVER if policy.fill_threshold is None
                                    else policy.fill_threshold))
        scored.append((int(np.where(switch | fill, model_right, rules_right).sum()), policy))
    n = len(labels)
    top = max(hits for hits, _ in scored) / n
    floor = top - math.sqrt(top * (1.0 - top) / n)
    hits, chosen = min(((h, p) for h, p in scored if h / n >= floor - 1e-12),
                       key=lambda item: (_overrides(item[1]), -item[0]))
    return chosen, hits / n
