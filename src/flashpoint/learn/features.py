"""What the rules said about a text, as the classifier's features (`RuleView`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

NO_RULE = "-"


@dataclass(frozen=True)
class RuleView:
    """The rules' coding of one event (or of a text: its most confident event)."""

    sub_event_type: str = NO_RULE  # NO_RULE: no ACLED code
    event_type: str = NO_RULE
    plover: str = NO_RULE  # PLOVER type, NO_RULE: no event at all
    trigger: str = NO_RULE  # the trigger words, lower-cased


def event_view(event: Any) -> RuleView:
    """The `RuleView` of one event."""
    acled = event.acled
    return RuleView(acled.sub_event_type if acled else NO_RULE,
                    acled.event_type if acled else NO_RULE,
                    event.plover.type or NO_RULE,
                    (event.trigger or "").strip().lower() or NO_RULE)


def _leading(events: Iterable[Any]) -> Any | None:
    """The most confident ACLED-coded event, else the most confident event (text order on
    ties)."""
    ranked = sorted(events, key=lambda e: (e.acled is None, -e.confidence,
                                           e.trigger_start if e.trigger_start is not None
                                           else 0))
    return ranked[0] if ranked else None


def rule_view(events: Iterable[Any]) -> RuleView:
    """The `RuleView` of a text: that of its leading event, or the empty view."""
    event = _leading(events)
    return event_view(event) if event is not None else RuleView()


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
