"""The accumulator of the one-off gazetteer build: parallel arrays of places and the hashed
keys of their names (see `gazetteer_build.build`)."""

from __future__ import annotations

import itertools
import math
from array import array
from typing import Any

from flashpoint.geo.places import (
    FLAG_CURATED,
    FLAG_DERIVED,
    is_latin,
    key_hash,
    normalise,
    skeleton,
    strip_article,
)


class Builder:
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
        self.keys.append((key_hash(key), ix << 2 | flag))
        bare = strip_article(key)
        if bare:
            self.keys.append((key_hash(bare), ix << 2 | flag | FLAG_DERIVED))
        if fuzzy:
            for k in (key, bare):
                sk = skeleton(k) if k else None
                if sk:
                    self.skeys.append((key_hash(sk), ix << 2 | flag))

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


def pattern_eligible(name: str) -> bool:
    """Could this alternate name appear as written in English news?"""
    if not (3 <= len(name) <= 40) or not name[0].isupper() or not is_latin(name):
        return False
    if any(c.isdigit() or c in "(),/;:[]" for c in name):
        return False
    return len(name.split()) <= 4


