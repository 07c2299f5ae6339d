"""Toponym recognition: the entity-ruler place patterns published to the nlp stage, and
the toponym spans read off an analysed document.

Kept apart from resolution (`resolve.py`): recognition decides *which words* name a place,
resolution decides *which place* they name.
"""

from __future__ import annotations

import time

from spacy.tokens import Doc

from flashpoint.geo.gazetteer import (
    KIND_CITY,
    KIND_COUNTRY,
    Place,
    fold,
    load_curated,
    load_gazetteer,
)
from flashpoint.geo.resolve import stopwords
from flashpoint.record import EntityPattern


def _label(place: Place) -> str:
    return "GPE" if place.kind in (KIND_CITY, KIND_COUNTRY) else "LOC"


def _priority(place: Place, curated: bool) -> tuple[int, int]:
    rank = 0 if place.kind == KIND_COUNTRY else 1 if curated else 2
    return rank, -place.population


def place_patterns(min_population: int = 15000, *, max_patterns: int = 60000
                   ) -> list[EntityPattern]:
    """Entity-ruler entries for countries, curated places and towns >= `min_population`.

    Each town contributes its name, its ASCII spelling and its Latin-script alternate names
    (only cities >= 5000 inhabitants keep alternates in the cache). Single words and names
    containing a common English word are case-sensitive, and names that *are* common words
    ("Police", "Mobile", "Split") are dropped, so that the ruler never tags ordinary words.
    When two places share a spelling the country, then a curated entry, then the most
    populous town keeps it. At most `max_patterns` entries, most important first.
    """
    stop = stopwords()
    exclude = frozenset(load_curated().get("pattern_exclude", []))
    gaz = load_gazetteer()
    # text -> (tie-break key, place): the country, then a curated entry, then a town whose
    # own name it is (not an alternate: "Nazareth" is Nazareth, not Adama), then population.
    winner: dict[str, tuple[tuple[int, int, int], Place]] = {}
    for place, name, curated in gaz.pattern_names():
        if not curated and (place.kind != KIND_CITY or place.population < min_population):
            continue
        rank, neg_pop = _priority(place, curated)
        alternate = int(fold(name) != fold(place.name))
        for text in {" ".join(name.split()), " ".join(fold(name).split())}:
            if not _pattern_ok(text, stop, exclude):
                continue
            if not curated and text.replace(".", "").isupper():
                continue  # "CEO", "APC", "BJP": a town's code-like alternate, not news usage
            key = (rank, alternate, neg_pop)
            if text not in winner or key < winner[text][0]:
                winner[text] = (key, place)
    ordered = sorted(winner.items(), key=lambda kv: (kv[1][0][0], kv[1][0][2], kv[0]))
    out: list[EntityPattern] = []
    for text, (_, place) in ordered[:max_patterns]:
        words = text.lower().replace("-", " ").split()
        out.append(EntityPattern(
            label=_label(place), text=text, id=place.key,
            case_sensitive=len(text.split()) == 1 or any(w in stop for w in words)
            or text.isupper(),
        ))
    return out


def _pattern_ok(text: str, stop: frozenset[str], exclude: frozenset[str]) -> bool:
    """May `text` be an entity-ruler phrase? Never a common word or a person-like name."""
    words = text.lower().replace("-", " ").split()
    if not words or text in exclude:
        return False
    if len(words) == 1 and words[0] in stop and not (text.isupper() and len(text) <= 5):
        return False
    if len(words) > 1 and all(w in stop for w in words):
        return False
    return len(text) >= 3 or text.isupper()


def timed_place_patterns(min_population: int = 15000) -> tuple[list[EntityPattern], float]:
    """`place_patterns` plus the seconds it took (for the integrator's startup budget)."""
    t0 = time.perf_counter()
    pats = place_patterns(min_population)
    return pats, time.perf_counter() - t0


# Entity labels that name places in the spaCy pipeline.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def toponym_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the place names in an analysed document."""
    return [(e.start_char, e.end_char) for e in doc.ents if e.label_ in PLACE_LABELS]
