"""One place name read by itself: the gazetteer's candidates for it and their scores.

Resolution is deliberately simple and explainable: find every gazetteer entry whose
normalised name matches (exactly, without the Arabic article, or as a last resort by
consonant skeleton), then rank them with a small additive score: population, whether the
place lies in one of the countries the article is about, how close it is to the other places
already resolved, whether a curated alias named it, and whether the wording ("X province",
"X region") asks for an area rather than a town. `resolve` reads a whole article's names
together on top of this.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flashpoint.geo.gazetteer import (
    FLAG_CURATED,
    FLAG_DERIVED,
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_CITY,
    KIND_COUNTRY,
    KIND_REGION,
    KIND_WATER,
    Place,
    fold,
    haversine_km,
    load_curated,
    load_gazetteer,
    load_regions,
    normalise,
    to_iso3,
)
from flashpoint.geo.spelling import (
    close_spelling,
    foreign_alternate,
    own_name,
    short_caps,
)
from flashpoint.record import Location

# Wording around a name that says which kind of place is meant.
_AREA_WORDS = ("region", "area", "district", "countryside", "outskirts", "suburbs",
               "environs", "vicinity", "surroundings", "neighbourhood", "neighborhood")
_PROVINCE_WORDS = ("province", "governorate", "oblast", "state", "prefecture", "department",
                   "county", "wilayah", "muhafazah")
_CITY_WORDS = ("city", "town", "village", "municipality")
_PREFIXES = re.compile(
    r"^(?:the\s+)?(?:(?P<city>city|town|village|municipality)|(?P<prov>province|governorate"
    r"|region|oblast|state|department)|(?P<area>outskirts|suburbs|countryside|environs"
    r"|vicinity|area))\s+of\s+",
    re.I,
)
_SUFFIX = re.compile(
    r"\s+(?P<word>" + "|".join(_AREA_WORDS + _PROVINCE_WORDS + _CITY_WORDS) + r")$", re.I
)
_DIRECTION = re.compile(
    r"^(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern"
    r"|north-?western|south-?eastern|south-?western|northeast|northwest|southeast|southwest"
    r"|upper|lower|greater|rural)\s+",
    re.I,
)
# "Republic of Armenia", "Islamic Republic of Iran", "Kingdom of Spain": the country.
_STATE_PREFIX = re.compile(
    r"^(?:(?:islamic|democratic|people'?s|federal|socialist|arab|united|plurinational"
    r"|bolivarian|hashemite|federative|co-operative|cooperative|independent)\s+)*"
    r"(?:republic|kingdom|state|commonwealth|principality|sultanate|emirate|federation)"
    r"\s+of\s+(?:the\s+)?",
    re.I,
)
_EDGE_PUNCT = "\"'“”‘’()[]{}.,;:!?«»"
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")

# Scores: log10(population) dominates; the rest shift it by roughly orders of magnitude.
_CONTEXT_BONUS = 4.0
_CURATED_BONUS = 1.5
_EXACT_NAME_BONUS = 1.0
_COUNTRY_BONUS = 2.0
_DERIVED_PENALTY = 1.0
_SKELETON_PENALTY = 1.0
_REGION_BASE = 5.0  # curated areas carry no population; rank them like a 100k town
_ADMIN1_BASE = 3.0
NEAR_RADIUS_KM = 500.0
_NEAR_BONUS = 3.0
_SKELETON_MIN_POP = 50_000
_NAMESAKE_PENALTY = 2.0
# the town must hold this share of the area's people for the bare name to mean it
_NAMESAKE_SHARE = 0.05
_CAPITAL_BONUS = 1.0
_BIG_POP = 100_000
_BIG_WEIGHT = 1.0
_STATE_BONUS = 1.0
# A town this many times smaller than a big city of the same name is only read near other
# places when one of them is really close (its dateline, a neighbour), not merely in the
# same part of the country.
_DOMINANCE_RATIO = 10.0
# One sense per article across spellings: "CAMP MURRAY, Wash." then "Washington" is the state.
_NAMED_BONUS = 1.0
_CLOSE_KM = 100.0
# A place reached only through an alternate name unlike its own, where another place is
# called exactly so: a state of that name, not a foreign spelling of a city abroad.
_ALTERNATE_PENALTY = 5.0


@dataclass
class _Candidate:
    place: Place
    score: float
    fuzzy: bool
    derived: bool
    curated: bool = False


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Common English words that must never resolve to (or be matched as) a place."""
    return frozenset(w.lower() for w in load_curated().get("stopwords", []))


@functools.lru_cache(maxsize=1)
def facility_words() -> frozenset[str]:
    """Words that make a name a street, building or organisation ("X Street", "X Hospital")."""
    return frozenset(normalise(w) for w in load_regions().get("facility_words", []))


def clean(text: str) -> str:
    t = " ".join(text.split()).strip(_EDGE_PUNCT + " ")
    return _POSSESSIVE.sub("", t).strip(_EDGE_PUNCT + " ")


def _variants(text: str) -> list[tuple[str, str]]:
    """Lookup forms of `text`, most literal first, each with a mode: '' (as written),
    'city', 'area' (part of / around a place) or 'province'."""
    out: list[tuple[str, str]] = [(text, "")]
    t = text
    if t.lower().startswith("the "):
        t = t[4:]
        out.append((t, ""))
    r = _STATE_PREFIX.match(t)
    if r and r.end() < len(t):
        out.append((t[r.end():], ""))
    m = _PREFIXES.match(t)
    if m:
        mode = "city" if m.group("city") else "province" if m.group("prov") else "area"
        if m.group("prov") and m.group("prov").lower() == "region":
            mode = "area"
        out.append((t[m.end():], mode))
    m = _SUFFIX.search(t)
    if m and m.start() > 0:
        word = m.group("word").lower()
        mode = ("area" if word in _AREA_WORDS else "province" if word in _PROVINCE_WORDS
                else "city")
        out.append((t[: m.start()], mode))
    d = _DIRECTION.match(t)
    if d and d.end() < len(t):
        out.append((t[d.end():], "part"))
    return out


def _score(place: Place, flags: int, *, fuzzy: bool, query: str, mode: str,
           context: set[str], near: Sequence[tuple[float, float]],
           states: frozenset[tuple[str, str]] = frozenset(),
           near_max_km: float = NEAR_RADIUS_KM) -> float:
    if place.kind in (KIND_ADMIN1, KIND_ADMIN2):
        s = math.log10(place.population + 1) if place.population > 0 else _ADMIN1_BASE
    elif place.kind in (KIND_REGION, KIND_WATER) and place.population <= 0:
        s = _REGION_BASE
    else:
        s = math.log10(place.population + 1)
    if place.kind == KIND_CITY and place.population > _BIG_POP:
        # Big cities are what a bare name means far more often than raw size says: "London"
        # in an American story is still London, England.
        s += _BIG_WEIGHT * math.log10(place.population / _BIG_POP)
    if place.capital:
        s += _CAPITAL_BONUS
    if place.kind == KIND_COUNTRY:
        s += _COUNTRY_BONUS
    if flags & FLAG_CURATED:
        s += _CURATED_BONUS
    if flags & FLAG_DERIVED:
        s -= _DERIVED_PENALTY
    if fuzzy:
        s -= _SKELETON_PENALTY
    if _plain(place.name) == query:
        s += _EXACT_NAME_BONUS
    if place.country and place.country in context:
        s += _CONTEXT_BONUS
    elif place.country is None and context and place.kind in (KIND_REGION, KIND_WATER):
        # Seas and world regions lie in no country and so fit any article: they should
        # not lose to a hamlet of the same name just because the hamlet is in its country.
        s += _CONTEXT_BONUS
    if states and place.admin1 and (place.country, place.admin1) in states:
        s += _STATE_BONUS  # the state or province the article is about holds its places
    if place.kind == KIND_COUNTRY and place.country in context:
        s += _NEAR_BONUS  # the country the article is about holds its places
    elif near and place.lat is not None and place.lon is not None:
        d = min(haversine_km((place.lat, place.lon), p) for p in near)
        if d < near_max_km:
            s += _NEAR_BONUS * (1.0 - d / NEAR_RADIUS_KM)
    is_area = place.kind in (KIND_REGION, KIND_ADMIN1, KIND_ADMIN2)
    if mode == "province":
        s += 4.0 if is_area else 0.0
    elif mode == "area":
        s += 1.0 if place.kind == KIND_CITY else 0.0
    elif mode == "city":
        s += 2.0 if place.kind == KIND_CITY else 0.0
    return s


_QUOTES = {ord(c): None for c in "'’‘ʿʾ`"}


def _candidates(form: str, mode: str, context: set[str],
                near: Sequence[tuple[float, float]], *, fuzzy: bool,
                states: frozenset[tuple[str, str]] = frozenset(),
                within: bool = False, named: frozenset[int] = frozenset(),
                keep: Callable[[Place], bool] | None = None) -> list[_Candidate]:
    gaz = load_gazetteer()
    key = normalise(form)
    if not key or len(key.replace(" ", "")) < 2:
        return []
    # An all-caps short form of a stop word ("US") may still be a curated acronym, and a
    # capitalised one a curated name ("the Gulf"); nothing else.
    acronym_only = key in stopwords()
    if acronym_only and not (not fuzzy and ((form.isupper() and len(form) <= 5)
                                            or (form[:1].isupper() and len(key) >= 4))):
        return []
    hits = gaz.lookup_skeleton(key) if fuzzy else gaz.lookup(key)
    if acronym_only or (short_caps(form) and any(f & FLAG_CURATED for _, f in hits)):
        # "SA", "WA": a curated abbreviation (South Africa, Western Australia) is what news
        # means, not a town that happens to carry the letters among its alternate names
        hits = [(ix, flags) for ix, flags in hits if flags & FLAG_CURATED]
    query = _plain(form)
    best: dict[int, _Candidate] = {}
    for ix, flags in hits:
        place = gaz.place(ix)
        if place.lat is None:
            continue
        if fuzzy and not (flags & FLAG_CURATED or close_spelling(key, place.name)
                          and (place.country in context
                               or (not context and place.population >= _SKELETON_MIN_POP))):
            # A spelling variant ("Dayr az Zawr") is only believed for a place in the
            # article's countries (or a big one when the article names none) that is spelt
            # much alike: "Pretona" is not Pretoria, nor "Madinia" Medina in an Egyptian story.
            continue
        if not fuzzy and foreign_alternate(form, key, place, flags, context):
            continue
        sc = _score(place, flags, fuzzy=fuzzy, query=query, mode=mode, context=context,
                    near=near, states=states)
        if place.geonameid is not None and place.geonameid in named:
            sc += _NAMED_BONUS
        old = best.get(ix)
        if old is None or sc > old.score:
            best[ix] = _Candidate(place, sc, fuzzy, bool(flags & FLAG_DERIVED),
                                  bool(flags & FLAG_CURATED))
    if not fuzzy:
        _prefer_own_names(best, key, query)
    if keep is not None:
        # a container the text states: no namesake outside it (see `chains`)
        best = {ix: c for ix, c in best.items() if keep(c.place)}
    if within and states:
        # "Marston, Va.": the name is inside the division written after it
        inside = {ix: c for ix, c in best.items()
                  if (c.place.country, c.place.admin1) in states}
        best = inside or best
    if near:
        _dominated_near(best, hits, fuzzy=fuzzy, query=query, mode=mode, context=context,
                        near=near, states=states)
    if mode not in ("province", "area"):
        # A bare name ("Hama") means the town, not the province named after it.
        towns: dict[tuple[str | None, str | None], int] = {}
        for c in best.values():
            if c.place.kind == KIND_CITY:
                where = (c.place.country, c.place.admin1)
                towns[where] = max(towns.get(where, 0), c.place.population)
        for c in best.values():
            where = (c.place.country, c.place.admin1)
            if (c.place.kind in (KIND_ADMIN1, KIND_ADMIN2) and where in towns
                    and towns[where] >= _NAMESAKE_SHARE * c.place.population):
                # only a town that is a real part of the area ("Hama" in Hama province),
                # not a hamlet that carries the name among its alternates ("Montana City")
                c.score -= _NAMESAKE_PENALTY
        if states:
            _bare_county(best, query, states)
    return sorted(best.values(), key=lambda c: (-c.score, c.place.index))


def _prefer_own_names(best: dict[int, _Candidate], key: str, query: str) -> None:
    """Where a division or region is called exactly `query`, towns of other countries
    reached only through an alternate name unlike their own lose `_ALTERNATE_PENALTY`.

    Why: the gazetteer's alternate names include every language's and every era's
    spellings, so a division's short name is often also a foreign name of a big city
    abroad. News writes a big city under its usual name. A penalty, not a
    veto, and only against a division or region that bears the name itself: a town
    of that name does not stop a historical name from meaning its city. Curated
    aliases are kept as they are."""
    areas = {c.place.country for c in best.values()
             if c.place.kind in (KIND_ADMIN1, KIND_ADMIN2, KIND_REGION)
             and _plain(c.place.name) == query}
    if not areas:
        return
    for c in best.values():
        if c.place.kind == KIND_CITY and c.place.country not in areas \
                and _plain(c.place.name) != query and not c.curated \
                and not own_name(key, c.place.name):
            c.score -= _ALTERNATE_PENALTY


def _bare_county(best: dict[int, _Candidate], query: str,
                 states: frozenset[tuple[str, str]]) -> None:
    """A county reached through its bare name loses to a town of exactly that name in a
    state the article is about.

    Why: news writes "Harwood County" for the county; a bare "Harwood" in a Montana story is
    the Montana town, not a populous county of another state that has "Harwood" in its name.
    """
    if not any(c.place.kind == KIND_CITY and (c.place.country, c.place.admin1) in states
               and _plain(c.place.name) == query for c in best.values()):
        return
    for c in best.values():
        if c.place.kind == KIND_ADMIN2 and _plain(c.place.name) != query:
            c.score -= _NAMESAKE_PENALTY


@functools.lru_cache(maxsize=65536)
def _plain(name: str) -> str:
    """A name folded the way `_candidates` folds its query (cached: every candidate of
    every name asks)."""
    return fold(name).lower().translate(_QUOTES)


def _dominated_near(best: dict[int, _Candidate], hits: list[tuple[int, int]], *,
                    fuzzy: bool, query: str, mode: str, context: set[str],
                    near: Sequence[tuple[float, float]],
                    states: frozenset[tuple[str, str]]) -> None:
    """Rescore towns dwarfed by a big city of the same name in the same country with only
    close anchors.

    Why: a bare "Portland" in a sports roundup full of Texas cities is still the big city,
    not the small Texas namesake a few hundred km from them; many places in the same part
    of the country are weak evidence against a namesake ten times bigger. A place named
    right next to the small town (its dateline, a neighbour within `_CLOSE_KM`) still is.
    A big namesake abroad is left to the article's countries ("Paris" near Dallas).
    """
    top: dict[str | None, int] = {}  # country -> its biggest town of the name
    for c in best.values():
        if c.place.kind == KIND_CITY and c.place.population >= _BIG_POP:
            top[c.place.country] = max(top.get(c.place.country, 0), c.place.population)
    if not top:
        return
    rescored: dict[int, float] = {}
    for ix, flags in hits:
        c = best.get(ix)
        if (c is None or c.place.kind != KIND_CITY
                or c.place.population * _DOMINANCE_RATIO > top.get(c.place.country, 0)):
            continue
        sc = _score(c.place, flags, fuzzy=fuzzy, query=query, mode=mode, context=context,
                    near=near, states=states, near_max_km=_CLOSE_KM)
        rescored[ix] = max(sc, rescored.get(ix, sc))
    for ix, sc in rescored.items():
        best[ix].score = sc


def _precision(place: Place, mode: str) -> int:
    if place.kind == KIND_CITY:
        return 2 if mode in ("area", "province") else place.precision
    return place.precision


def resolve_toponym(
    text: str,
    *,
    context_countries: Sequence[str] = (),
    near: Sequence[tuple[float, float]] = (),
    demonyms: bool = False,
    context_states: Sequence[tuple[str, str]] = (),
    area: bool = False,
) -> Location | None:
    """Resolve a place name as written in news text to a `Location`, or None.

    `context_countries`: ISO3 (or ISO2) codes of the countries the article is about; places
    there win over bigger namesakes elsewhere ("Tripoli" in a Lebanon story). `near`:
    (lat, lon) of places already resolved in the same article; closer candidates win.
    "X region"/"outskirts of X" gives the town at precision 2; "X province" prefers the
    province (precision 3). The caller sets `start`/`end`. `demonyms=True` also reads a
    nationality word as its country ("Russian" -> Russia, "European" -> Europe); off by
    default because an event's place is never an adjective. `context_states`: (ISO3,
    first-level division name) pairs the article is about; places inside them win over
    namesakes elsewhere in the same country ("Marion County" in an Iowa story).
    `area=True` reads a bare name as "X state" would be read (the division first).
    """
    found = resolve_place(text, context_countries=context_countries, near=near,
                           demonyms=demonyms, context_states=context_states, area=area)
    return None if found is None else location_of(text, *found)


@functools.lru_cache(maxsize=65536)
def read_alone(text: str, *, demonyms: bool = False, area: bool = False
               ) -> tuple[Place, str, float] | None:
    """`resolve_place` without any context, cached: a name read by itself reads the same
    in every article (the article-level passes start from it)."""
    return resolve_place(text, demonyms=demonyms, area=area)


def resolve_place(
    text: str,
    *,
    context_countries: Sequence[str] = (),
    near: Sequence[tuple[float, float]] = (),
    demonyms: bool = False,
    context_states: Sequence[tuple[str, str]] = (),
    area: bool = False,
    within: bool = False,
    named: frozenset[int] = frozenset(),
    keep: Callable[[Place], bool] | None = None,
) -> tuple[Place, str, float] | None:
    """`resolve_toponym` as (place, mode, confidence): the article-level rules need the
    gazetteer entry (its kind and population), not only the `Location` made from it.
    `within=True` keeps only readings inside `context_states` where there is one. `named`:
    GeoNames ids of divisions the article surely names otherwise ("Wash."); a reading that
    is one of them gains `_NAMED_BONUS`."""
    if not text or not text.strip():
        return None
    cleaned = clean(text)
    if not cleaned or not any(c.isalpha() for c in cleaned):
        return None
    context = {c for c in (to_iso3(x) for x in context_countries) if c}
    if demonyms:
        ix = load_gazetteer().demonym(normalise(cleaned))
        if ix is not None:
            return load_gazetteer().place(ix), "", 0.8
    forms = _variants(cleaned)
    if area:
        forms.insert(0, (cleaned, "province"))
    for fuzzy in (False, True):
        for form, mode in forms:
            cands = _candidates(form, mode, context, near, fuzzy=fuzzy,
                                states=frozenset(context_states), within=within,
                                named=named, keep=keep)
            if not cands:
                continue
            top = cands[0]
            confidence = 0.9
            if fuzzy:
                confidence = 0.6
            elif top.derived:
                confidence = 0.8
            if len(cands) > 1 and top.score - cands[1].score < 1.0:
                confidence = min(confidence, 0.6)
            if mode == "part":
                confidence = min(confidence, 0.7)
            return top.place, mode, confidence
    return None


def location_of(text: str, p: Place, mode: str, confidence: float) -> Location:
    return Location(
        text=text, name=p.name, geonameid=p.geonameid, lat=p.lat, lon=p.lon,
        country=p.country, admin1=p.admin1, precision=_precision(p, mode),
        confidence=round(confidence, 2), admin2=p.admin2,
    )


def capital_location(country: str, start: int, end: int) -> Location | None:
    """The national capital of `country` (ISO3) as the place of the words at `start:end`
    ("in the capital"), or None where the gazetteer knows no capital."""
    place = load_gazetteer().capital_of(country)
    if place is None:
        return None
    loc = location_of("the capital", place, "name", 0.7)
    loc.start, loc.end = start, end
    return loc
