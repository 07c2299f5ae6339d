"""Article-level toponym resolution: every place name of one article read together.

Each name is first read by itself (`toponym`: the gazetteer's candidates and their scores),
then again in the light of the others: the article's countries and divisions, anchors,
containment chains (`chains`), the dateline, one sense per article, and honest fallbacks
for names the gazetteer lacks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from flashpoint.geo.chains import ChainReading, read_chains
from flashpoint.geo.gazetteer import (
    KIND_ADMIN1,
    KIND_CITY,
    Place,
    haversine_km,
    load_gazetteer,
    normalise,
    to_iso3,
)
from flashpoint.geo.toponym import (
    NEAR_RADIUS_KM,
    clean,
    facility_words,
    location_of,
    own_name,
    read_alone,
    resolve_place,
    resolve_toponym,
    short_caps,
    stopwords,
)
from flashpoint.record import Location

# the name-level readers, public here as before
__all__ = ["facility_words", "read_alone", "resolve_spans", "resolve_toponym", "stopwords"]

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
       name itself) as `near`. A name directly followed by ", <place>" ("Eastville,
       Ohio", "Raqqa, Syria") is read inside that container first.

    `context_countries` (ISO2/ISO3) are added to the countries found in the text. With
    `fallback`, names the gazetteer lacks get the place they most likely lie in (see
    `_fill_unknown`), at low confidence.
    """
    names = [text[s:e] for s, e in spans]
    first: dict[str, Location | None] = {}
    for name in names:
        if name not in first:
            found = read_alone(name, demonyms=True)
            first[name] = None if found is None else location_of(name, *found)
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
        if gaz.demonym(normalise(clean(name))) is not None:
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
                                and normalise(loc.name) != normalise(clean(name))))):
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
    # divisions read without doubt, as (name, GeoNames id): each name's `named` is the others'
    sure_divisions = [(n, n_loc.geonameid) for n, n_loc in first.items()
                      if n_loc is not None and _proper(n) and n_loc.geonameid is not None
                      and n_loc.admin1 and n_loc.precision == 3 and n_loc.confidence >= 0.9]
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
                named = frozenset(gid for n, gid in sure_divisions if n != name)
                found = resolve_place(name, context_countries=context_for(name), near=near,
                                       demonyms=True, context_states=states_for(name),
                                       named=named)
                if found is not None and (
                        _stray(found[0], dominant, others(name, strict=True),
                               [p for n, p in points.items() if n != name])
                        or _foreign_alias(found[0], name, context_for(name))):
                    found = None
                second[name] = None if found is None else location_of(name, *found)
            loc = second[name]
            loc = None if loc is None else replace(loc)
        if loc is not None:
            loc.start, loc.end = start, end
            if chain is not None:
                contained.setdefault(normalise(clean(name)), loc)
                was_contained.add(i)
        out.append(loc)
    for i, name in enumerate(names):
        # One sense per article: "Pinewood, Ohio" once, then "the Pinewood students"
        # means the same Pinewood ("TRIPOLI, Lebanon" then "in Tripoli" too).
        known = contained.get(normalise(clean(name)))
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
            # "X, Harwood": the county the town is named after contains X
            alone_memo[key] = area if area is not None and area[0].kind == KIND_ADMIN1 \
                and area[0].country == own[0].country else own
        return alone_memo[key]

    def within(name: str, container: Place,
               keep: Callable[[Place], bool]) -> tuple[Place, str, float] | None:
        point = [] if container.lat is None or container.lon is None else [
            (container.lat, container.lon)]
        states = [(container.country, container.admin1)] if container.country \
            and container.admin1 else []
        return resolve_place(name, context_countries=[container.country or ""], near=point,
                              within=True, context_states=states, keep=keep)

    out = read_chains(text, spans, names, alone, as_container, within)
    for i, chain in out.items():
        name = names[i]
        if not _proper(name):
            continue
        if chain.found is not None:
            loc = location_of(name, *chain.found)
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
        loc = location_of(name, *chain.found)
        return replace(loc, confidence=max(loc.confidence, 0.8))
    place = chain.fallback
    loc = location_of(name, place, "", _CHAIN_FALLBACK_CONFIDENCE)
    loc.name = f"{clean(name)} ({place.name})"
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
    same name in another country ("Fernhill" police station in a Cape Town story, a street
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
    return not any(haversine_km(here, p) < NEAR_RADIUS_KM for p in near)


# A town of at least this many people keeps a reading through any of its names.
_ALIAS_MAX_POP = 1_000_000


def _foreign_alias(place: Place, name: str, context: Sequence[str]) -> bool:
    """Is `place` a town outside the article's countries reached only through an
    alternate name unlike its own?

    Why: the gazetteer's alternate names hold every language's and every era's spellings,
    so a village the gazetteer lacks often matches a foreign or historical name of a town
    abroad (an old or foreign-language name of it). In an article about other
    countries that reading is nearly always wrong, and the fallback to the article's own
    places is the better bet. Big cities keep their historical names."""
    if (not context or place.kind != KIND_CITY or place.country is None
            or place.country in context or place.population >= _ALIAS_MAX_POP):
        return False
    key = normalise(clean(name))
    return not own_name(key, place.name)


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
    a known place inside the name ("Marston Institute" -> Marston, "Colorado State University"
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
    words = clean(name).split()
    if len(words) < 2:
        return None
    stop, facility = stopwords(), facility_words()
    is_facility = [normalise(w) in facility for w in words]
    if not any(is_facility):
        # "Fernhill Hollow", "Elmore Fields": a name of its own, not "X Street". Only a
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
                         or any(haversine_km((loc.lat, loc.lon), p) < NEAR_RADIUS_KM
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
    return key in stop and not short_caps(part) and load_gazetteer().demonym(key) is None
