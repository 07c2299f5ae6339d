"""Toponym resolution on top of the offline gazetteer.

Resolution is deliberately simple and explainable: find every gazetteer entry whose
normalised name matches (exactly, without the Arabic article, or as a last resort by
consonant skeleton), then rank them with a small additive score: population, whether the
place lies in one of the countries the article is about, how close it is to the other places
already resolved, whether a curated alias named it, and whether the wording ("X province",
"X region") asks for an area rather than a town.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from flashpoint.geo.chains import ChainReading, read_chains
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
_NEAR_RADIUS_KM = 500.0
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
# called exactly so: "Goa" is the Indian state, not Genoa under a foreign spelling.
_ALTERNATE_PENALTY = 5.0
_OWN_NAME_RATIO = 0.8  # spelt this much alike, an alternate name is the same name


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


def _clean(text: str) -> str:
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
           near_max_km: float = _NEAR_RADIUS_KM) -> float:
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
    if fold(place.name).lower().translate({ord(c): None for c in "'’‘ʿʾ`"}) == query:
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
            s += _NEAR_BONUS * (1.0 - d / _NEAR_RADIUS_KM)
    is_area = place.kind in (KIND_REGION, KIND_ADMIN1, KIND_ADMIN2)
    if mode == "province":
        s += 4.0 if is_area else 0.0
    elif mode == "area":
        s += 1.0 if place.kind == KIND_CITY else 0.0
    elif mode == "city":
        s += 2.0 if place.kind == KIND_CITY else 0.0
    return s


_FUZZY_MIN_RATIO = 0.7
_QUOTES = {ord(c): None for c in "'’‘ʿʾ`"}


def _close_spelling(key: str, name: str) -> bool:
    """Are two spellings alike beyond a shared consonant skeleton (difflib ratio)?"""
    return SequenceMatcher(None, key, normalise(name)).ratio() >= _FUZZY_MIN_RATIO


def _short_caps(form: str) -> bool:
    """An all-capital abbreviation of at most four letters ("SA", "NSW", "U.S.")."""
    letters = [c for c in form if c.isalpha()]
    return 0 < len(letters) <= 4 and all(c.isupper() for c in letters)


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
    if acronym_only or (_short_caps(form) and any(f & FLAG_CURATED for _, f in hits)):
        # "SA", "WA": a curated abbreviation (South Africa, Western Australia) is what news
        # means, not a town that happens to carry the letters among its alternate names
        hits = [(ix, flags) for ix, flags in hits if flags & FLAG_CURATED]
    query = fold(form).lower().translate({ord(c): None for c in "'’‘ʿʾ`"})
    best: dict[int, _Candidate] = {}
    for ix, flags in hits:
        place = gaz.place(ix)
        if place.lat is None:
            continue
        if fuzzy and not (flags & FLAG_CURATED or _close_spelling(key, place.name)
                          and (place.country in context
                               or (not context and place.population >= _SKELETON_MIN_POP))):
            # A spelling variant ("Dayr az Zawr") is only believed for a place in the
            # article's countries (or a big one when the article names none) that is spelt
            # much alike: "Portroe" is not Pretoria, nor "Madinaty" Medina in an Egyptian story.
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
        # "Gainesville, Va.": the name is inside the division written after it
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
    abroad ("Goa", "Berea"). News writes a big city under its usual name. A penalty, not a
    veto, and only against a division or region that bears the name itself: a town
    called "Madras" does not stop the historical name from meaning Chennai. Curated
    aliases are kept as they are."""
    areas = {c.place.country for c in best.values()
             if c.place.kind in (KIND_ADMIN1, KIND_ADMIN2, KIND_REGION)
             and _plain(c.place.name) == query}
    if not areas:
        return
    for c in best.values():
        if c.place.kind == KIND_CITY and c.place.country not in areas \
                and _plain(c.place.name) != query and not c.curated \
                and SequenceMatcher(None, key, normalise(c.place.name)).ratio() \
                < _OWN_NAME_RATIO:
            c.score -= _ALTERNATE_PENALTY


def _bare_county(best: dict[int, _Candidate], query: str,
                 states: frozenset[tuple[str, str]]) -> None:
    """A county reached through its bare name loses to a town of exactly that name in a
    state the article is about.

    Why: news writes "Shelby County" for the county; a bare "Shelby" in a Montana story is
    the Montana town, not a populous county of another state that has "Shelby" in its name.
    """
    if not any(c.place.kind == KIND_CITY and (c.place.country, c.place.admin1) in states
               and _plain(c.place.name) == query for c in best.values()):
        return
    for c in best.values():
        if c.place.kind == KIND_ADMIN2 and _plain(c.place.name) != query:
            c.score -= _NAMESAKE_PENALTY


def _plain(name: str) -> str:
    """A name folded the way `_candidates` folds its query."""
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
    namesakes elsewhere in the same country ("Montgomery County" in an Iowa story).
    `area=True` reads a bare name as "X state" would be read (the division first).
    """
    found = _resolve_place(text, context_countries=context_countries, near=near,
                           demonyms=demonyms, context_states=context_states, area=area)
    return None if found is None else _location(text, *found)


@functools.lru_cache(maxsize=65536)
def read_alone(text: str, *, demonyms: bool = False, area: bool = False
               ) -> tuple[Place, str, float] | None:
    """`_resolve_place` without any context, cached: a name read by itself reads the same
    in every article (the article-level passes start from it)."""
    return _resolve_place(text, demonyms=demonyms, area=area)


def _resolve_place(
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
    cleaned = _clean(text)
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


def _location(text: str, p: Place, mode: str, confidence: float) -> Location:
    return Location(
        text=text, name=p.name, geonameid=p.geonameid, lat=p.lat, lon=p.lon,
        country=p.country, admin1=p.admin1, precision=_precision(p, mode),
        confidence=round(confidence, 2), admin2=p.admin2,
    )



# ----------------------------------------------------------------- article-level resolution

# A country named this many times (or the most named one) is "what the article is about".
_CONTEXT_MIN_MENTIONS = 2
_DEMONYM_WEIGHT = 0.5


def resolve_spans(
    text: str,
    spans: Sequence[tuple[int, int]],
    *,
    context_countries: Sequence[str] = (),
    fallback: bool = True,
) -> list[Location | None]:
    """Resolve every place-name span of one article together, one answer per span.

    Two passes, so that each name is read in the light of the others:

    1. every distinct name alone (demonyms included: "Russian" -> Russia). Countries,
       continents and names with one clear reading give the article's countries (those
       named at least twice, and the most named one) and anchor points (towns and regions
       read without doubt);
    2. every name again with those countries as context and the anchors (other than the
       name itself) as `near`. A name directly followed by ", <place>" ("Springfield,
       Illinois", "Raqqa, Syria") is read inside that container first.

    `context_countries` (ISO2/ISO3) are added to the countries found in the text. With
    `fallback`, names the gazetteer lacks get the place they most likely lie in (see
    `_fill_unknown`), at low confidence.
    """
    names = [text[s:e] for s, e in spans]
    first: dict[str, Location | None] = {}
    for name in names:
        if name not in first:
            found = read_alone(name, demonyms=True)
            first[name] = None if found is None else _location(name, *found)
    chains = _read_chains(text, spans, names, first)
    gaz = load_gazetteer()
    counts: dict[str, float] = {}
    own: dict[str, float] = {}  # what each name adds to its country's count
    states: dict[tuple[str, str], float] = {}  # the same for first-level divisions
    own_state: dict[str, float] = {}
    anchors: dict[str, tuple[float, float]] = {}
    points: dict[str, tuple[float, float]] = {}  # anchors, and areas read without doubt
    for name in names:
        loc = first[name]
        if loc is None or not loc.country or not _proper(name):
            continue
        sure = loc.confidence >= 0.8
        weight = 1.0 if sure else 0.5
        if gaz.demonym(normalise(_clean(name))) is not None:
            weight = _DEMONYM_WEIGHT  # "French cuisine" says less than "France"
        counts[loc.country] = counts.get(loc.country, 0.0) + weight
        own[name] = own.get(name, 0.0) + weight
        if sure and loc.lat is not None and loc.lon is not None:
            points[name] = (loc.lat, loc.lon)
            if loc.precision != 3:
                anchors[name] = (loc.lat, loc.lon)
        if sure and loc.admin1 and loc.confidence >= 0.9:
            state = (loc.country, loc.admin1)
            states[state] = states.get(state, 0.0) + 1.0
            own_state[name] = own_state.get(name, 0.0) + 1.0
    base = [c for c in (to_iso3(x) for x in context_countries) if c]

    def others(name: str, *, strict: bool = False) -> dict[str, float]:
        """Country counts without what `name` itself adds. `strict`: always without it;
        else only where it is a town read through one of its alternate names."""
        loc = first.get(name)
        mine = own.get(name, 0.0)
        other = dict(counts)
        if (mine and loc is not None and loc.country in other
                and (strict or (loc.precision != 3
                                and normalise(loc.name) != normalise(_clean(name))))):
            other[loc.country] -= mine
        return {c: n for c, n in other.items() if n > 0}

    def context_for(name: str) -> list[str]:
        """The article's countries as seen by the other names. A town read through one of
        its alternate names does not vote for its own reading ("Garden City" read alone as
        Singapore must not make the article Singaporean and so confirm itself); names of
        countries and regions, and towns named as such, do."""
        other = others(name)
        if not other:
            return base
        top = max(other.values())
        return base + [c for c, n in other.items() if n >= _CONTEXT_MIN_MENTIONS or n == top]

    def states_for(name: str) -> list[tuple[str, str]]:
        """First-level divisions named (or holding places named) at least twice by the
        other names, or the most named one."""
        loc = first.get(name)
        other = dict(states)
        if loc is not None and loc.admin1 and (loc.country, loc.admin1) in other:
            other[(loc.country, loc.admin1)] -= own_state.get(name, 0.0)
        other = {k: n for k, n in other.items() if n > 0}
        if not other:
            return []
        top = max(other.values())
        return [k for k, n in other.items() if n >= _CONTEXT_MIN_MENTIONS or n == top]

    context = context_for("")
    dominant = _dominant(counts, _dateline(text, spans, names, first))
    ranked = sorted(range(len(spans)), key=lambda k: spans[k])  # span indices in text order
    order = [0] * len(spans)  # span index -> its rank in `ranked`
    for rank, k in enumerate(ranked):
        order[k] = rank
    second: dict[str, Location | None] = {}
    contained: dict[str, Location] = {}  # first reading of a name written as "X, Y"
    was_contained: set[int] = set()
    out: list[Location | None] = []
    for i, ((start, end), name) in enumerate(zip(spans, names, strict=True)):
        chain = chains.get(i)
        loc = None
        if chain is not None:
            loc = _chain_location(name, chain)
        else:
            listed = _listed_division(text, spans, (order, ranked), i, first, names)
            if listed is not None:
                loc = resolve_toponym(name, context_countries=[listed], demonyms=False,
                                      area=True)
                if loc is not None and not (loc.country == listed and loc.admin1
                                            and loc.precision == 3):
                    loc = None
        if chain is None and loc is None:
            if name not in second:
                near = [p for n, p in anchors.items() if n != name]
                named = frozenset(n_loc.geonameid for n, n_loc in first.items()
                                  if n != name and n_loc is not None and _proper(n)
                                  and n_loc.geonameid is not None and n_loc.admin1
                                  and n_loc.precision == 3 and n_loc.confidence >= 0.9)
                found = _resolve_place(name, context_countries=context_for(name), near=near,
                                       demonyms=True, context_states=states_for(name),
                                       named=named)
                if found is not None and (
                        _stray(found[0], dominant, others(name, strict=True),
                               [p for n, p in points.items() if n != name])
                        or _foreign_alias(found[0], name, context_for(name))):
                    found = None
                second[name] = None if found is None else _location(name, *found)
            loc = second[name]
            loc = None if loc is None else replace(loc)
        if loc is not None:
            loc.start, loc.end = start, end
            if chain is not None:
                contained.setdefault(normalise(_clean(name)), loc)
                was_contained.add(i)
        out.append(loc)
    for i, name in enumerate(names):
        # One sense per article: "Parkland, Florida" once, then "the Parkland students"
        # means the same Parkland ("TRIPOLI, Lebanon" then "in Tripoli" too).
        known = contained.get(normalise(_clean(name)))
        loc = out[i]
        if known is None or i in was_contained or not _proper(name):
            continue
        if loc is None or (loc.lat, loc.lon) != (known.lat, known.lon):
            start, end = spans[i]
            out[i] = replace(known, text=name, start=start, end=end)
    if fallback and any(loc is None for loc in out):
        _fill_unknown(spans, names, out, context, list(anchors.values()), dominant)
    return out


def _read_chains(text: str, spans: Sequence[tuple[int, int]], names: list[str],
                 first: dict[str, Location | None]) -> dict[int, ChainReading]:
    """Read each name written with its containers ("X, Y province", "X in Y", "near X in
    Y") inside them already in the first pass (see `chains`).

    Why: an ambiguous dateline or town ("HELENA, Mont.", "TRIPOLI, Lebanon") read alone may
    be a namesake elsewhere, or too doubtful to anchor anything; read inside the division or
    country named right after it, it is sure, and so it can anchor the article's other names
    and count for its state. A name with no reading inside a stated area must not count
    for a namesake's country either.
    """
    alone_memo: dict[tuple[str, bool], tuple[Place, str, float] | None] = {}

    def alone(k: int) -> tuple[Place, str, float] | None:
        key = (names[k], False)
        if key not in alone_memo:
            alone_memo[key] = read_alone(names[k])
        return alone_memo[key]

    def as_container(k: int) -> tuple[Place, str, float] | None:
        own = alone(k)
        if own is None or not _proper(names[k]):
            return None
        key = (names[k], True)
        if key not in alone_memo:
            area = read_alone(names[k], area=True)
            # "X, Kilifi": the county the town is named after contains X
            alone_memo[key] = area if area is not None and area[0].kind == KIND_ADMIN1 \
                and area[0].country == own[0].country else own
        return alone_memo[key]

    def within(name: str, container: Place,
               keep: Callable[[Place], bool]) -> tuple[Place, str, float] | None:
        point = [] if container.lat is None or container.lon is None else [
            (container.lat, container.lon)]
        states = [(container.country, container.admin1)] if container.country \
            and container.admin1 else []
        return _resolve_place(name, context_countries=[container.country or ""], near=point,
                              within=True, context_states=states, keep=keep)

    out = read_chains(text, spans, names, alone, as_container, within)
    for i, chain in out.items():
        name = names[i]
        if not _proper(name):
            continue
        if chain.found is not None:
            loc = _location(name, *chain.found)
            first[name] = replace(loc, confidence=max(loc.confidence, 0.9))
        elif chain.strict:
            first[name] = None
    return out


def _chain_location(name: str, chain: ChainReading) -> Location:
    """A name read in its chain: the place inside its container, or else the innermost
    container that resolves (its own point, never a province's capital city), at precision
    2: part of that region (3 is kept for a place that is itself a province or a country),
    the name kept as written."""
    if chain.found is not None:
        loc = _location(name, *chain.found)
        return replace(loc, confidence=max(loc.confidence, 0.8))
    place = chain.fallback
    loc = _location(name, place, "", _CHAIN_FALLBACK_CONFIDENCE)
    loc.name = f"{_clean(name)} ({place.name})"
    loc.geonameid = None
    loc.precision = 2  # part of the container; 3 is for a place that is a province
    return loc


_CHAIN_FALLBACK_CONFIDENCE = 0.45


# An article is clearly about one country when it is named at least this often and this
# many times more than the next one.
_DOMINANT_MIN = 3.0
_DOMINANT_RATIO = 2.0
# A town abroad smaller than this, with nothing in the article behind it, is a stray reading.
_STRAY_MAX_POP = 100_000


_DATELINE = re.compile(r"^\s*(?:,\s*[^\n,()]{2,30}?)?\s*(?:\([^)\n]{1,40}\)\s*)?[-—–:]")
_DATELINE_START = re.compile(r"^[\s\"'“‘(]*$")


def _dateline(text: str, spans: Sequence[tuple[int, int]], names: list[str],
              first: dict[str, Location | None]) -> str | None:
    """The country of the dateline the article opens with ("CAIRO -", "HELENA, Mont. (AP)
    -", "SEOUL, South Korea (CNN) -"), if any: where the story was filed, nearly always
    where it happened. The container after the comma, when resolved, says the country."""
    if not spans:
        return None
    k = min(range(len(spans)), key=lambda j: spans[j])
    start, end = spans[k]
    if start > 40 or not _DATELINE_START.match(text[:start]):
        return None
    name = names[k]
    if not _DATELINE.match(text[end:end + 60]):
        return None
    rest = [j for j in range(len(spans)) if end < spans[j][0] <= end + 4
            and text[end:spans[j][0]].strip() == ","]
    loc = first.get(names[rest[0]]) if rest else None
    if loc is None or not loc.country:
        loc = first.get(name)
    if loc is None or not loc.country or loc.confidence < 0.8:
        return None
    return loc.country


def _dominant(counts: dict[str, float], dateline: str | None = None) -> str | None:
    """The one country the article is clearly about, if any: named at least
    `_DOMINANT_MIN` times and `_DOMINANT_RATIO` times more than any other, or merely the
    most named one when the article's dateline is there too."""
    if not counts:
        return None
    ranked = sorted(counts.values(), reverse=True)
    top = max(counts, key=lambda c: counts[c])
    second = ranked[1] if len(ranked) > 1 else 0.0
    if ranked[0] >= _DOMINANT_MIN and (ranked[0] >= _DOMINANT_RATIO * second
                                       or (top == dateline and ranked[0] > second)):
        return top
    return None


def _stray(place: Place, dominant: str | None, support: dict[str, float],
           near: Sequence[tuple[float, float]]) -> bool:
    """Is `place` a small namesake abroad that nothing in the article supports?

    Why: news about one country names many local places no gazetteer holds (suburbs,
    streets, schools); their only gazetteer match is often a village or small town of the
    same name in another country ("Delft" police station in a Cape Town story, a street
    named after a French town in an American one). When the article is clearly about one
    country, none of its other names points to the namesake's country and none of its
    places lies near it, the local reading (the fallback to the article's towns) is the
    better bet. Big cities are spared: "London" in an American story is London.
    """
    if (dominant is None or place.kind != KIND_CITY or place.country is None
            or place.country == dominant or place.country in support
            or place.population >= _STRAY_MAX_POP or place.lat is None or place.lon is None):
        return False
    here = (place.lat, place.lon)
    return not any(haversine_km(here, p) < _NEAR_RADIUS_KM for p in near)


# A town of at least this many people keeps a reading through any of its names.
_ALIAS_MAX_POP = 1_000_000


def _foreign_alias(place: Place, name: str, context: Sequence[str]) -> bool:
    """Is `place` a town outside the article's countries reached only through an
    alternate name unlike its own?

    Why: the gazetteer's alternate names hold every language's and every era's spellings,
    so a village the gazetteer lacks often matches a foreign or historical name of a town
    abroad ("Abdullahpur" is an old name of an Indian city). In an article about other
    countries that reading is nearly always wrong, and the fallback to the article's own
    places is the better bet. Big cities keep their old names ("Bombay", "Peking")."""
    if (not context or place.kind != KIND_CITY or place.country is None
            or place.country in context or place.population >= _ALIAS_MAX_POP):
        return False
    key = normalise(_clean(name))
    return SequenceMatcher(None, key, normalise(place.name)).ratio() < _OWN_NAME_RATIO


def _proper(name: str) -> bool:
    """Is `name` written as a proper name? A span without a capital letter ("street",
    "the village") is a common noun: it may still be read, but it must not decide which
    countries an article is about, anchor other names, or lend its place to unknown names."""
    return any(c.isupper() for c in name)


_FALLBACK_CONFIDENCE = 0.3


def _fill_unknown(spans: Sequence[tuple[int, int]], names: list[str],
                  out: list[Location | None], context: list[str],
                  near: list[tuple[float, float]], dominant: str | None = None) -> None:
    """Give names the gazetteer lacks the place they most likely lie in.

    Why: news names many places no gazetteer holds (streets, buildings, institutions,
    hamlets), and they are nearly always in or next to a place the article names. In order:
    a known place inside the name ("Cavan Institute" -> Cavan, "Colorado State University"
    -> Colorado), read only where the article supports it (its countries, its other places)
    or where it is big; else the town-level place named nearest to it in the text, at low
    confidence.
    """
    towns = [(s, loc) for (s, _), loc, name in zip(spans, out, names, strict=True)
             if loc is not None and loc.confidence >= 0.8 and _proper(name)
             and loc.precision in (1, 2) and loc.lat is not None
             and (not context or loc.country in context)]
    if not towns:
        # no town to lean on: the first-level division the article names ("a river in
        # Kerala") is still better than nothing
        towns = [(s, loc) for (s, _), loc, name in zip(spans, out, names, strict=True)
                 if loc is not None and loc.confidence >= 0.8 and _proper(name)
                 and loc.precision == 3 and loc.admin1 and loc.lat is not None
                 and (not context or loc.country in context)]
    home = [t for t in towns if t[1].country == dominant]
    if home:
        # an article clearly about one country: its unknown places are there, even when a
        # town abroad is named closer to them ("Liverpool" fans in a Cairo suburb)
        towns = home
    for i, ((start, end), name) in enumerate(zip(spans, names, strict=True)):
        if out[i] is not None:
            continue
        loc = _inner_place(name, context, near)
        if loc is None and towns:
            # the nearest mention in the text: a facility is usually in the town named in
            # the same sentence or paragraph, not in the one the article names most
            src = min(towns, key=lambda t: (abs(t[0] - start), t[0]))[1]
            loc = replace(src, text=name, confidence=_FALLBACK_CONFIDENCE,
                          precision=src.precision if src.precision == 3 else 2)
        elif loc is not None:
            loc = replace(loc, text=name, confidence=min(loc.confidence, 0.5),
                          precision=max(2, loc.precision or 2))
        if loc is not None:
            loc.start, loc.end = start, end
        out[i] = loc


def _inner_place(name: str, context: list[str],
                 near: list[tuple[float, float]]) -> Location | None:
    """The longest run of words inside `name` that names a place the article supports."""
    words = _clean(name).split()
    if len(words) < 2:
        return None
    stop, facility = stopwords(), facility_words()
    is_facility = [normalise(w) in facility for w in words]
    if not any(is_facility):
        # "Brands Hatch", "Elysian Fields": a name of its own, not "X Street". Only a
        # leading country, continent or state still places it: "European Commission",
        # "US Federal Reserve", "Manitoba Chambers of Commerce".
        for size in range(len(words) - 1, 0, -1):
            part = " ".join(words[:size])
            if not part[:1].isupper() or _common(part, stop):
                continue
            loc = resolve_toponym(part, context_countries=context, demonyms=True)
            if loc is not None and loc.precision == 3 and loc.confidence >= 0.8:
                return loc
        return None
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            part = " ".join(words[i:i + size])
            # a demonym does not place a building ("British International School" in Cairo)
            if (not part[:1].isupper() or normalise(part) in stop
                    or any(is_facility[i:i + size])):
                continue
            loc = resolve_toponym(part, context_countries=context, near=near, demonyms=True)
            if loc is None or loc.lat is None or loc.lon is None:
                continue
            supported = (loc.country in context or (loc.precision or 0) >= 3
                         or any(haversine_km((loc.lat, loc.lon), p) < _NEAR_RADIUS_KM
                                for p in near))
            if supported:
                return loc
    return None


_LIST_GAP = re.compile(r"^(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or|&)\s+)$")


def _listed_division(text: str, spans: Sequence[tuple[int, int]],
                     ranks: tuple[list[int], list[int]], i: int,
                     first: dict[str, Location | None], names: list[str]) -> str | None:
    """The country of a first-level division listed right next to span `i` ("California
    or Washington", "Oregon, Washington and Idaho"), if any: a name listed with states is
    read as a state too. `ranks`: (span index -> rank in the text, span indices in text
    order)."""
    order, ranked = ranks
    pos = order[i]
    for k in (pos - 1, pos + 1):
        if not 0 <= k < len(order) or names[ranked[k]] == names[i]:
            continue
        j = ranked[k]
        a, b = (j, i) if k < pos else (i, j)
        if not _LIST_GAP.match(text[spans[a][1]:spans[b][0]]):
            continue
        loc = first.get(names[j])
        if (loc is not None and loc.precision == 3 and loc.admin1 and loc.country
                and loc.confidence >= 0.8 and _proper(names[j])):
            return loc.country
    return None


def _common(part: str, stop: frozenset[str]) -> bool:
    """A common word that names no place inside a longer name; a demonym ("European
    Commission") or an all-caps abbreviation ("US Federal Reserve") still does."""
    key = normalise(part)
    return key in stop and not _short_caps(part) and load_gazetteer().demonym(key) is None
