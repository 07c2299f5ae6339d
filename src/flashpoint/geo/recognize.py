"""Toponym recognition: the entity-ruler place patterns published to the nlp stage, and
the toponym spans read off an analysed document.

Kept apart from resolution (`resolve.py`): recognition decides *which words* name a place,
resolution decides *which place* they name.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from flashpoint.geo.gazetteer import (
    FLAG_DERIVED,
    KIND_CITY,
    KIND_COUNTRY,
    Place,
    fold,
    load_curated,
    load_gazetteer,
    normalise,
)
from flashpoint.geo.resolve import stopwords
from flashpoint.record import EntityPattern

RULES_FILE = "recognition.v1.json"


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
    ("Police", "Mobile", "Split") are dropped, so that the ruler never tags ordinary words;
    so are towns (not large cities) named like a frequent given name or surname ("Bryan").
    When two places share a spelling the country, then a curated entry, then the most
    populous town keeps it. At most `max_patterns` entries, most important first.
    """
    stop = stopwords()
    exclude = frozenset(load_curated().get("pattern_exclude", []))
    rules = _rules()
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
            if not curated and text in rules.person_names \
                    and place.population < rules.person_max_population:
                continue  # "Bryan", "Shirley": in news mostly a person
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
# Entity labels under which the small model often files a place it does not know.
_MISLABELS = frozenset({"ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT"})
# Smallest town taken from a name the model called an organisation or a person.
MISLABEL_MIN_POPULATION = 1000
# Capitalised text: the longest run of words looked at, and the smallest town taken.
CAPS_MAX_WORDS = 4
CAPS_MIN_POPULATION = 15000
_DATELINE_PUNCT = frozenset({",", "(", "—", "–", "-", ":"})
_US_STATE = "admin1:US."
# Ruler ids of places never taken for a person's name: countries, states, curated places.
_FIRM_SOURCES = frozenset({"country", "admin1", "curated"})
_POSSESSIVE = ("'s", "’s", "'", "’")
_PLURAL_TAGS = frozenset({"NNPS", "NNS"})


@lru_cache(maxsize=1)
def recognition_rules() -> dict[str, Any]:
    """The versioned recognition data file (word lists; see its `_about`)."""
    text = resources.files("flashpoint.geo").joinpath("data", RULES_FILE).read_text("utf-8")
    return json.loads(text)


@dataclass(frozen=True)
class _Rules:
    adjectives: frozenset[str]
    person_names: frozenset[str]
    person_max_population: int
    locatives: frozenset[str]
    leading: frozenset[str]
    directions: frozenset[str]
    titles: frozenset[str]
    heads: frozenset[str]
    features: frozenset[str]
    polities: frozenset[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = recognition_rules()
    return _Rules(
        adjectives=frozenset(normalise(a) for a in data["place_adjectives"]),
        person_names=frozenset(data["person_names"]),
        person_max_population=int(data["person_name_max_population"]),
        locatives=frozenset(data["locatives"]),
        leading=frozenset(data["leading_drop"]),
        directions=frozenset(data["directions"]),
        titles=frozenset(data["person_titles"]),
        heads=frozenset(data["place_heads"]),
        features=frozenset(data["feature_heads"]),
        polities=frozenset(data["polities"]),
    )


@lru_cache(maxsize=65536)
def _known(text: str, min_population: int) -> bool:
    """Is `text` the name of a gazetteer place (a town only from `min_population` up)?"""
    gaz = load_gazetteer()
    for ix, flags in gaz.lookup(normalise(text)):
        if flags & FLAG_DERIVED:
            continue
        place = gaz.place(ix)
        if place.kind != KIND_CITY or place.population >= min_population:
            return True
    return False


@lru_cache(maxsize=4096)
def _big_town(name: str, min_population: int) -> bool:
    """Is there a town of at least `min_population` called exactly `name`?"""
    gaz = load_gazetteer()
    want = fold(name).lower()
    for ix, _ in gaz.lookup(normalise(name)):
        place = gaz.place(ix)
        if place.kind == KIND_CITY and place.population >= min_population \
                and fold(place.name).lower() == want:
            return True
    return False


def _is_demonym(text: str, rules: _Rules) -> bool:
    key = normalise(text)
    return key in rules.adjectives or load_gazetteer().demonym(key) is not None


def toponym_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the place names in an analysed document.

    Follows the GeoWebNews conventions: a place name without its article or possessive,
    place adjectives ("Russian" in "Russian troops") count, plural demonyms ("Russians")
    do not, and a place embedded in an organisation name ("Ohio" in "Ohio Police
    Department") counts.
    """
    rules = _rules()
    spans: list[Span] = []
    for ent in doc.ents:
        span: Span | None = None
        if ent.label_ in PLACE_LABELS:
            if ent[-1].lower_ != "of" and not _person_like(ent, rules):
                span = _trim(ent, rules)
                span = _extend(span, rules) if span is not None else None
        elif ent.label_ == "NORP":
            span = _demonym(ent, rules)
        elif ent.label_ in _MISLABELS:
            span = _mislabelled(ent, rules)
        if span is not None and len(span):
            spans.append(span)
    spans.extend(_capitalised(doc))
    return sorted({(s.start_char, s.end_char) for s in filter_spans(spans)})


def _capitalised(doc: Doc) -> list[Span]:
    """Place names written in capitals (datelines "BOSTON (AP) —", headlines), which the
    case-sensitive rulers and the model miss: the longest known name in each run of
    all-capital words. A lone capitalised word counts only before dateline punctuation."""
    stop = stopwords()
    out: list[Span] = []
    i = 0
    while i < len(doc):
        if not _caps(doc[i]):
            i += 1
            continue
        j = i
        while j < len(doc) and j - i < CAPS_MAX_WORDS and _caps(doc[j]):
            j += 1
        if j - i == 1 and (j == len(doc) or doc[j].text not in _DATELINE_PUNCT):
            i = j  # a lone capitalised word mid-sentence is an acronym ("NAFTA")
            continue
        start = i
        while start < j:
            for end in range(j, start, -1):
                text = doc[start:end].text.title()
                if len(text) >= 4 and not all(w.lower() in stop for w in text.split()) \
                        and _known(text, CAPS_MIN_POPULATION):
                    out.append(doc[start:end])
                    start = end
                    break
            else:
                start += 1
        i = j
    return out


def _caps(token: Token) -> bool:
    return token.is_upper and token.is_alpha and len(token) > 1


def _trim(ent: Span, rules: _Rules) -> Span | None:
    """`ent` without a leading article, a possessive, or trailing lowercase words."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while start < end and doc[start].text in rules.leading:
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    while end - 1 > start and doc[end - 1].is_lower and doc[end - 1].is_alpha:
        end -= 1
    return doc[start:end] if end > start else None


def _extend(span: Span, rules: _Rules) -> Span:
    """Grow `span` over a compass word or "Republic of" before it, and place-type words
    after it ("Harwood County"), and over ", D.C." where the joined name is known."""
    doc = span.doc
    start, end = span.start, span.end
    if start > 1 and doc[start - 1].lower_ == "of" and doc[start - 2].text in rules.polities:
        start -= 2
        while start > 0 and doc[start - 1].is_title and doc[start - 1].text not in rules.leading:
            start -= 1
    elif start > 0 and doc[start - 1].text in rules.directions:
        start -= 1
    elif start > 0 and doc[start - 1].is_title and not doc[start - 1].is_sent_start \
            and _known(f"{doc[start - 1].text} {span.text}", 0):
        start -= 1
    us_state = doc[span.start].ent_id_.startswith(_US_STATE)
    while end < len(doc) and doc[end].text in rules.heads \
            and not (us_state and doc[end].text == "State"):
        end += 1  # "Ohio State" is a university or team, never the state
    if end + 1 < len(doc) and doc[end].text == "," and "." in doc[end + 1].text \
            and _known(f"{doc[start:end].text} {doc[end + 1].text}", 0):
        end += 2
    return doc[start:end]


def _person_like(ent: Span, rules: _Rules) -> bool:
    """A one-word place that is here a person's name ("Mr Bryan", "Bryan Brennan"), or a
    one-word name the model guessed is a place that no gazetteer knows."""
    if len(ent) != 1:
        return False
    doc = ent.doc
    source = ent.ent_id_.partition(":")[0]
    if source in _FIRM_SOURCES:
        return False
    if not source and not _known(ent.text, 0):
        return True
    if ent.text in rules.person_names and not _big_town(ent.text, rules.person_max_population):
        return True
    if ent.start > 0 and doc[ent.start - 1].text in rules.titles:
        return True
    if ent.end < len(doc) and doc[ent.end].ent_type_ == "PERSON" and doc[ent.end].ent_iob_ == "B":
        return True
    return False


def _demonym(ent: Span, rules: _Rules) -> Span | None:
    """A NORP entity that is a place adjective ("Syrian" army), not a people ("Syrians")."""
    if ent[-1].tag_ in _PLURAL_TAGS or ent[0].is_lower:
        return None
    doc = ent.doc
    start, end = ent.start, ent.end
    if start > 0 and doc[start - 1].text in rules.directions \
            and _is_demonym(f"{doc[start - 1].text} {ent.text}", rules):
        start -= 1
    elif not (ent.ent_id_.startswith("country:") or _is_demonym(ent.text, rules)):
        return None
    while end < len(doc) and doc[end].text in rules.features:
        end += 1
    return doc[start:end]


def _mislabelled(ent: Span, rules: _Rules) -> Span | None:
    """A place the model filed as an organisation or a person: the whole name after a
    locative preposition ("moved to Grimsby"). A place opening an organisation's name
    ("European" Commission) is left out: as often the whole name is the place."""
    span = _trim(ent, rules)
    if span is None or not span[0].is_title:
        return None
    doc = ent.doc
    prev = doc[ent.start - 1].text if ent.start > 0 else ""
    if prev in rules.locatives and _known(span.text, MISLABEL_MIN_POPULATION):
        return span
    return None
