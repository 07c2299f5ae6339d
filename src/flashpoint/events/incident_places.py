"""Article-level readings for incident assembly: the headline, an echo of a year long past,
and the places a trigger was coded at that are only reference points or containers.

Functions of the article's events, sentences and text, and the incident knowledge; they
return indices and flags, never change an event.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from flashpoint.events.knowledge_incidents import IncidentKnowledge
from flashpoint.record import Event

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def past_told(before: str, e: Event, k: IncidentKnowledge) -> bool:
    """The text before names a year long past: an echo refers to that incident."""
    if e.date is None:
        return False
    limit = e.date.start.year - k.historical_years
    return any(int(y) <= limit for y in _YEAR.findall(before))


def headline_index(sents: list[Span], text: str, k: IncidentKnowledge) -> int | None:
    """The index of a headline: a first paragraph of one short sentence, followed by
    the article's body."""
    if len(sents) < 2:
        return None
    first = sents[0]
    if "\n\n" not in text[first.start_char:sents[1].start_char + 1] and \
            "\n" not in text[first.end_char:sents[1].start_char]:
        return None
    words = [t for t in first if not t.is_punct and not t.is_space]
    if len(words) > k.headline_max_tokens:
        return None
    # a lead sentence says when; a headline does not, or reads "Country: what happened"
    dated = bool(k.recent_date.search(first.text))
    return 0 if ":" in first.text or not dated else None


def announces(head: Event, body: Event, k: IncidentKnowledge) -> bool:
    """A headline event announces a body event of its kind; a generic one ("clashes during
    strike", "attack in the north") any violent event of the body (a riot, a bombing)."""
    if head.acled is None or body.acled is None:
        return False
    return head.acled.event_type == body.acled.event_type or (
        head.acled.sub_event_type in k.generic_subtypes and
        body.acled.event_type not in k.no_toll_types)


def reference_places(events: list[Event], text: str, k: IncidentKnowledge) -> set[int]:
    """One trigger coded at several places ("a raid on Mangina, near Beni", "a village
    near Riverton, in Westbrook state", "in Russia's Bryansk region"): a reference point
    ("near X") and a container of the finest place are not places of their own."""
    groups: dict[int, list[int]] = {}
    for n, e in enumerate(events):
        if e.trigger_start is not None and e.acled is not None and e.location is not None:
            groups.setdefault(e.trigger_start, []).append(n)
    drop: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        own = [n for n in members if not _reference(events[n], text, k)]
        if not own:
            own = members[:1]
        finest = min(own, key=lambda n: events[n].location.precision or 1)  # type: ignore
        head = events[finest].location
        for n in members:
            loc = events[n].location
            if n == finest or loc is None or head is None:
                continue
            container = (loc.precision or 1) > (head.precision or 1) or (
                loc.country is not None and loc.country == head.country and
                loc.admin1 is not None and loc.admin1 == head.admin1)
            if n not in own or container:
                drop.add(n)
    return drop


def _reference(e: Event, text: str, k: IncidentKnowledge) -> bool:
    loc = e.location
    start = loc.start if loc is not None and loc.start is not None else 0
    before = text[max(0, start - 12):start].lower().split()
    return bool(before) and (before[-1] in k.reference_prepositions or
                             " ".join(before[-2:]) in k.reference_prepositions)
