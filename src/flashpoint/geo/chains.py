"""Containment chains: a place written with the places that contain it after it.

    "X, Y district, Z province, Country"   "X in Y"   "near X in Y"   "X (Y, Z)"   "X near Y"

The containers a text states are constraints, not hints: X is read only among the places
inside its innermost container that resolves (the same country; the same first-level
division for a province; near the middle of a district or a town), never as a namesake
outside it. Where X has no reading inside, the chain still says where X is: the innermost
container that resolves, at ACLED geo_precision 2 (part of a region / near a town; 3 is
kept for a place that is itself a province or a country), at the container's own point,
never a province's capital city.

Chains are read from the outermost container inwards, so "X, Y, Z" reads Y inside Z, then X
inside Y (or inside Z where Y has no reading there).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from flashpoint.geo.gazetteer import (
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_CITY,
    KIND_COUNTRY,
    KIND_REGION,
    KIND_WATER,
    Place,
    haversine_km,
)

# What may stand between a place and its container: an optional place-type word first
# ("Tal Abyad town, Raqqa", the words are data: event_places.v1.json 'chain_type_words'),
# then a comma, "in", "within", "of" (after a type word: "X district of Y"), an opening
# bracket or "near".
RULES_FILE = "event_places.v1.json"


@lru_cache(maxsize=1)
def type_words() -> frozenset[str]:
    text = resources.files("flashpoint.geo").joinpath("data", RULES_FILE).read_text("utf-8")
    words = json.loads(text)["chain_type_words"]
    if not all(isinstance(w, str) and w == w.lower() and w.strip() == w for w in words):
        raise ValueError(f"{RULES_FILE}: chain_type_words must be lowercase words")
    return frozenset(words)


@lru_cache(maxsize=1)
def _link() -> re.Pattern[str]:
    words = "|".join(map(re.escape, sorted(type_words(), key=len, reverse=True)))
    typed = r"(?:(?:\s+[a-z][a-z'-]+)?\s+(?:" + words + r"))"
    return re.compile(
        r"^(?:(?P<typed>" + typed + r")\s+(?P<of>of)\s+(?:the\s+)?|(?P<typed2>" + typed
        + r"?)(?:\s*,\s*(?P<commain>(?:in|near)\s+(?:the\s+)?)?"
        r"|\s+(?P<in>in|within|inside)\s+(?:the\s+)?"
        r"|\s*(?P<paren>\()\s*"
        r"|\s+(?P<near>near|outside)\s+(?:the\s+)?(?:town\s+of\s+|city\s+of\s+)?))$",
        re.I,
    )


_OF = re.compile(r"^\s+of\s+(?:the\s+)?$", re.I)
_MAX_GAP = 40

# How far inside a container a place may lie (km from the container's point).
_TOWN_KM = 60.0
_DISTRICT_KM = 150.0
_REGION_KM = 600.0

AREA_KINDS = frozenset({KIND_COUNTRY, KIND_ADMIN1, KIND_ADMIN2, KIND_REGION, KIND_WATER})

Reading = tuple[Place, str, float]  # (place, mode, confidence), as `_resolve_place` gives


@dataclass
class ChainReading:
    """How span i reads in its chain: `found` inside the container, or else `fallback`
    (the innermost container that resolves). `strict`: the container is an area the text
    states, so no reading outside it is allowed."""

    container: int
    found: Reading | None
    fallback: Place
    strict: bool


def links(text: str, spans: Sequence[tuple[int, int]]) -> dict[int, tuple[int, str]]:
    """span index -> (index of the span that contains it, link kind: comma, in, paren,
    typed ("X village, Y", "X area (Y)"), near). All but comma and near state containment."""
    order = sorted(range(len(spans)), key=lambda k: spans[k])
    out: dict[int, tuple[int, str]] = {}
    for a, b in zip(order, order[1:], strict=False):
        gap = text[spans[a][1]:spans[b][0]]
        if len(gap) > _MAX_GAP or "\n" in gap:
            continue
        m = _link().match(gap)
        last = text[spans[a][0]:spans[a][1]].rsplit(None, 1)[-1].lower()
        if m is None and _OF.match(gap) and last in type_words():
            out[a] = (b, "typed")  # "[X village] of Y": the type word inside the span
            continue
        if m is None:
            continue
        if m.group("of"):
            out[a] = (b, "typed")  # "X village of Y", "X district of Y"
            continue
        if m.group("near") or (m.group("commain") or "").lower().startswith("near"):
            kind = "near"
        elif m.group("in") or m.group("commain"):
            kind = "in"
        elif m.group("paren"):
            kind = "paren"
        else:
            kind = "comma"
        typed = (m.group("typed2") or "").strip() or \
            last in type_words()
        if typed and kind != "near":
            kind = "typed"  # "X village, Y": the village is in Y, not listed with it
        out[a] = (b, kind)
    _drop_lists(text, spans, order, out)
    return out


_LIST_END = re.compile(r"^\s*,?\s*(?:and|or|&)\s+(?:the\s+)?$", re.I)


def _drop_lists(text: str, spans: Sequence[tuple[int, int]], order: list[int],
                out: dict[int, tuple[int, str]]) -> None:
    """"Saipan, Guam, Alaska and Hawaii": a run of names joined by commas that ends with
    "and" is a list, not a chain of containers."""
    run: list[int] = []
    for a, b in zip(order, order[1:], strict=False):
        if a in out and out[a] == (b, "comma"):
            run.append(a)
            continue
        if run and _LIST_END.match(text[spans[a][1]:spans[b][0]]):
            for k in run:
                del out[k]
        run = []


def inside(place: Place, container: Place, kind: str = "comma") -> bool:
    """Does `place` lie inside (or, for a town, right next to) `container`? A town written
    in brackets or after "in" ("X (Y, Z)", "X village in Y") stands for its district: the
    same first-level division will do."""
    if place.index == container.index:
        return True  # "Morwick town (Morwick, Eastshire)": the town named after its district
    if container.kind == KIND_COUNTRY:
        return place.country == container.country
    if place.country != container.country and container.country is not None:
        return False
    if container.kind == KIND_ADMIN1:
        return place.kind != KIND_ADMIN1 and place.admin1 == container.admin1
    if container.kind == KIND_ADMIN2 and container.admin1 and place.admin1 != container.admin1:
        return False
    if container.kind == KIND_CITY and kind in ("in", "paren", "typed") and container.admin1:
        return place.admin1 == container.admin1 and place.kind not in AREA_KINDS
    limit = {KIND_ADMIN2: _DISTRICT_KM, KIND_CITY: _TOWN_KM}.get(container.kind, _REGION_KM)
    if place.lat is None or place.lon is None or container.lat is None \
            or container.lon is None:
        return False
    return haversine_km((place.lat, place.lon), (container.lat, container.lon)) <= limit


def read_chains(
    text: str,
    spans: Sequence[tuple[int, int]],
    names: list[str],
    alone: Callable[[int], Reading | None],
    as_container: Callable[[int], Reading | None],
    within: Callable[[str, Place, Callable[[Place], bool]], Reading | None],
) -> dict[int, ChainReading]:
    """Every span that has a container, read inside it (see the module doc).

    `alone(i)`: span i read by itself; `as_container(j)`: span j read as a container (a
    province before the town of the same name); `within(name, container, keep)`: a name
    read only among the places `keep` accepts, with the container as context.
    """
    linked = links(text, spans)
    out: dict[int, ChainReading] = {}
    # outermost first: a container later in the text is read before what it contains
    for i in sorted(linked, key=lambda k: spans[k], reverse=True):
        j, kind = linked[i]
        container = _effective(j, out, as_container)
        if container is None:
            continue
        own = alone(i)
        written = alone(j) if j not in out else None
        # an area only where the text names one: "X, Aleppo" may mean the town
        area = container.kind in AREA_KINDS and (
            written is None or written[0].kind in AREA_KINDS)
        if own is not None and (own[0].kind == KIND_COUNTRY or own[0].country is None):
            continue  # "Somalia, Kenya": a list of countries; "the Gulf, Qatar": apposition
        if own is not None and kind == "comma" and own[0].kind == container.kind:
            continue  # "Aleppo, Homs", "Oregon, Washington": a list of peers
        if own is not None and kind != "typed" and own[0].kind == KIND_ADMIN1 \
                and container.kind in (KIND_ADMIN1, KIND_ADMIN2):
            continue  # "Oregon, Washington": a list of states; no province in another
        if own is not None and own[0].kind in AREA_KINDS and container.kind == KIND_CITY \
                and kind != "typed":
            continue  # a province is not inside a town (but "X village (Y, Z)" is)
        found = within(names[i], container, lambda p, c=container, k=kind: inside(p, c, k))
        # an area the text names, or brackets / "X village, Y", state where X is
        strict = (area and kind != "near") or kind in ("in", "paren", "typed")
        if found is None and not strict and own is not None:
            # "Eastville, Riverton": towns listed, not one inside the other
            continue
        fallback = container
        town = written
        if town is not None and town[0].kind == KIND_CITY and container.kind == KIND_ADMIN1 \
                and town[0].admin1 == container.admin1 and town[0].country == container.country:
            # "X in Aleppo" with X unknown: the town the bare name means, near it (2), not
            # the province read for the constraint (3)
            fallback = town[0]
        out[i] = ChainReading(container=j, found=found, fallback=fallback, strict=strict)
    return out


def _effective(j: int, out: dict[int, ChainReading],
               alone: Callable[[int], Reading | None]) -> Place | None:
    """The place span j stands for as a container: its reading inside its own container,
    else that container (the innermost one that resolves), else j read alone."""
    if j in out:
        reading = out[j]
        return reading.found[0] if reading.found is not None else reading.fallback
    own = alone(j)
    return None if own is None else own[0]
