"""Merge the reports of one event that an article repeats (ACLED: same type, actors, place, day).

An article often names an event in its lead, again in its body and once more in passing;
coded sentence by sentence that is three events. Events merge when their types agree, their
actors do not contradict, their places coincide and their date ranges overlap; the merged
event keeps the most specific field of each and lists every sentence that reported it.
"""

from __future__ import annotations

from flashpoint.geometry import distance_km
from flashpoint.record import Event

COMPATIBLE_MODALITIES = ({"asserted", "claimed"},)
DATE_RANK = {"day": 0, "week": 1, "month": 2, "range": 3, "year": 4, "article": 5}
SUB_EVENT_RANK = {"Armed clash": 1, "Attack": 1, "Peaceful protest": 1}
# ACLED codes each change of hands of territory as its own event, beside the fighting
TERRITORY_SUBTYPES = frozenset({"Government regains territory",
                                "Non-state actor overtakes territory"})


def _names_own_place(e: Event) -> bool:
    loc = e.location
    return loc is not None and loc.start is not None and \
        e.evidence.start <= loc.start < e.evidence.end


def _modalities_compatible(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in COMPATIBLE_MODALITIES)


def _same_place(a: Event, b: Event) -> bool:
    la, lb = a.location, b.location
    if la is None or lb is None:
        return la is None and lb is None
    if la.geonameid is not None and la.geonameid == lb.geonameid:
        return True
    if None not in (la.lat, la.lon, lb.lat, lb.lon):
        return distance_km(la.lat, la.lon, lb.lat, lb.lon) <= 10.0  # type: ignore[arg-type]
    return la.name.lower() == lb.name.lower()





def dates_overlap(a: Event, b: Event) -> bool:
    if a.date is None or b.date is None:
        return True
    return a.date.start <= b.date.end and b.date.start <= a.date.end


def actors_compatible(a: Event, b: Event) -> bool:
    x, y = a.actor1, b.actor1
    return x is None or y is None or x.name == y.name


def _generic_attack(e: Event) -> bool:
    """An attack told without its means ("its forces targeted X") may be any attack."""
    return e.acled is not None and e.acled.sub_event_type == "Armed clash" and \
        not e.cues.get("means")


def same_event(a: Event, b: Event) -> bool:
    if a.plover.type != b.plover.type:
        return False
    if (a.acled is None) != (b.acled is None):
        return False
    if a.acled is not None and b.acled is not None and \
            a.acled.sub_event_type != b.acled.sub_event_type and \
            TERRITORY_SUBTYPES & {a.acled.sub_event_type, b.acled.sub_event_type}:
        # a battle that takes the place it was fought for is that territory change (ACLED
        # codes it in lieu of the clash); the other change of hands ("overran ... later
        # retook") and a place taken near the fighting ("recaptured a village north of the
        # town", a place its own sentence does not name) are events of their own
        if {a.acled.sub_event_type, b.acled.sub_event_type} <= TERRITORY_SUBTYPES:
            return False
        taken = a if a.acled.sub_event_type in TERRITORY_SUBTYPES else b
        if not _names_own_place(taken):
            return False
    if a.acled is not None and b.acled is not None and a.acled.event_type != b.acled.event_type:
        generic = _generic_attack(a) or _generic_attack(b)
        named = a.actor1 is not None and b.actor1 is not None and a.actor1.name == b.actor1.name
        other_report = a.evidence.start != b.evidence.start  # one sentence is coded whole
        if not (generic and named and other_report):
            return False
    return (_modalities_compatible(a.modality, b.modality) and actors_compatible(a, b)
            and _same_place(a, b) and dates_overlap(a, b))


def _information(e: Event) -> tuple[float, ...]:
    return (
        0 if e.cues.get("place_fallback") else 1,
        -DATE_RANK.get(e.date.precision, 9) if e.date else -9,
        1 if e.actor1 is not None else 0,
        e.confidence,
    )


def _absorb(keep: Event, other: Event) -> None:
    keep.actor1 = keep.actor1 or other.actor1
    keep.actor2 = keep.actor2 or other.actor2
    keep.fatalities = keep.fatalities or other.fatalities
    keep.attribution = keep.attribution or other.attribution
    if other.date is not None and (keep.date is None or DATE_RANK.get(other.date.precision, 9)
                                   < DATE_RANK.get(keep.date.precision, 9)):
        keep.date = other.date
    if _generic_attack(keep) and other.acled is not None and not _generic_attack(other):
        keep.acled, keep.plover = other.acled, other.plover
    elif keep.acled is not None and other.acled is not None and SUB_EVENT_RANK.get(
            other.acled.sub_event_type, 2) > SUB_EVENT_RANK.get(keep.acled.sub_event_type, 2):
        keep.acled = other.acled
    if keep.location is not None and other.location is not None and \
            keep.cues.get("place_fallback") and not other.cues.get("place_fallback"):
        keep.location = other.location
    for d in other.denials:
        if d not in keep.denials:
            keep.denials.append(d)
    keep.confidence = max(keep.confidence, other.confidence)
    keep.cues.setdefault("also_reported_in", []).append(
        [other.evidence.start, other.evidence.end])


def merge_article_events(events: list[Event]) -> list[Event]:
    """Greedy merge in text order; the most informative report becomes the record."""
    merged: list[Event] = []
    for event in events:
        for i, kept in enumerate(merged):
            if same_event(kept, event):
                if _information(event) > _information(kept):
                    _absorb(event, kept)
                    merged[i] = event
                else:
                    _absorb(kept, event)
                break
        else:
            merged.append(event)
    return merged
