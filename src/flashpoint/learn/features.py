"""What the rules said about a text, as the classifier's features (`RuleView`).

A `RuleView` is what the rule stage emitted for one event (or, for a whole text, for its
leading event plus the codes of every other event in it): the ACLED and PLOVER codes, the
trigger words, the means, the kinds of both actors, the modality and the confidence, and
the candidate sub-event types of all the text's events (the codes the model may pick among).
`rule_tokens` turns a view into the bag of "block=value" tokens the classifier reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

NO_RULE = "-"
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class RuleView:
    """The rules' coding of one event (or of a text: its most confident event)."""

    sub_event_type: str = NO_RULE  # NO_RULE: no ACLED code
    event_type: str = NO_RULE
    plover: str = NO_RULE  # PLOVER type, NO_RULE: no event at all
    trigger: str = NO_RULE  # the trigger words, lower-cased
    means: str = NO_RULE  # air / drone / artillery / naval (the coder's hint)
    actor1_kind: str = NO_RULE
    actor2_kind: str = NO_RULE  # the target's kind: civilians vs armed decides Attack/clash
    modality: str = NO_RULE
    confidence: float = 0.0
    candidates: tuple[str, ...] = ()  # sub-event types of the text's events, surest first
    plovers: tuple[str, ...] = ()  # PLOVER types of the text's events, surest first


def _kind(actor: Any) -> str:
    return actor.kind if actor is not None and actor.kind else NO_RULE


def event_view(event: Any, others: Sequence[Any] = ()) -> RuleView:
    """The `RuleView` of one event; `others` (the events of its text, ranked, itself among
    them or not) give the candidate codes."""
    acled = event.acled
    ranked = [event, *(e for e in others if e is not event)]
    candidates = tuple(dict.fromkeys(e.acled.sub_event_type for e in ranked
                                     if e.acled is not None))
    plovers = tuple(dict.fromkeys(e.plover.type for e in ranked if e.plover.type))
    return RuleView(acled.sub_event_type if acled else NO_RULE,
                    acled.event_type if acled else NO_RULE,
                    event.plover.type or NO_RULE,
                    (event.trigger or "").strip().lower() or NO_RULE,
                    (event.cues or {}).get("means") or NO_RULE,
                    _kind(event.actor1), _kind(event.actor2),
                    event.modality or NO_RULE, float(event.confidence or 0.0),
                    candidates, plovers)


def rank_events(events: Iterable[Any]) -> list[Any]:
    """ACLED-coded events first, then by confidence, then text order."""
    return sorted(events, key=lambda e: (e.acled is None, -e.confidence,
                                         e.trigger_start if e.trigger_start is not None
                                         else 0))


def rule_view(events: Iterable[Any]) -> RuleView:
    """The `RuleView` of a text: that of its leading event with every event's codes as
    candidates, or the empty view."""
    ranked = rank_events(events)
    return event_view(ranked[0], ranked) if ranked else RuleView()


def rule_sub_event_type(events: Iterable[Any]) -> str:
    """The rules' sub-event type for a text: that of the most confident ACLED-coded event."""
    coded = sorted((e for e in events if e.acled is not None),
                   key=lambda e: (-e.confidence, e.trigger_start))
    return coded[0].acled.sub_event_type if coded else NO_RULE


def as_view(rule: RuleView | str | None) -> RuleView:
    """A `RuleView` from a view, a bare sub-event type (older callers) or None."""
    if isinstance(rule, RuleView):
        return rule
    return RuleView(sub_event_type=rule or NO_RULE)


def _slug(value: str) -> str:
    return value.replace(" ", "_")


def rule_tokens(view: RuleView) -> str:
    """The view as space-separated "block=value" tokens (see the module docstring): each
    field alone, the rules' sub-type crossed with the actors' kinds and the means, every
    candidate code, a confidence band and the trigger's words."""
    sub = _slug(view.sub_event_type)
    tokens = [f"sub={sub}", f"etype={_slug(view.event_type)}", f"plover={view.plover}",
              f"means={view.means}", f"a1={view.actor1_kind}", f"a2={view.actor2_kind}",
              f"mod={view.modality}", f"conf={min(9, int(view.confidence * 10))}",
              f"sub_a1={sub}|{view.actor1_kind}", f"sub_a2={sub}|{view.actor2_kind}",
              f"a1_a2={view.actor1_kind}|{view.actor2_kind}", f"sub_means={sub}|{view.means}",
              f"plover_a2={view.plover}|{view.actor2_kind}",
              f"ncand={min(3, len(view.candidates))}"]
    tokens += [f"cand={_slug(c)}" for c in view.candidates]
    tokens += [f"pl={p}" for p in view.plovers]
    tokens += [f"trig={w}" for w in _WORD.findall(view.trigger)]
    return " ".join(tokens)
