"""`flashpoint serve`: a read-only FastAPI app over the DuckDB event store, and its map page.

    from flashpoint.web import create_app
    app = create_app("events.duckdb")          # uvicorn.run(app, host="127.0.0.1", port=8000)

API (OpenAPI at /openapi.json):

* `GET /api/events` — filtered, sorted (newest first by default), paged events (flat fields,
  cluster corroboration, `plot_date` and `date_kind`: how well the date is known).
* `GET /api/points` — [id, lat, lon, type, killed, place] of every located filtered event,
  and how many have no place.
* `GET /api/events/{event_id}` — one event: its record, article, cluster, the modality in
  words with its speaker, its denials, its date in words, where the cluster's sources
  disagree, and the evidence sentence of every source article with actor / place / date /
  fatality spans (offsets relative to the sentence, taken from the records).
* `GET /api/stats` — counts per plot day (with fatalities and "reported by" counts), per
  type, per (day, type) and per date precision, same filters.
* `GET /api/export?format=acled|geojson|plover|csv` — exactly the filtered set, as a file.
* `GET /api/facets` — countries, actors, admin-1 regions and types in the store.

The filters of every list, count and export are one definition,
`flashpoint.store.filters.EventFilter` (also behind `flashpoint export` and `Store.events`).
* `POST /api/extract` — code one article given in the body; nothing is stored.

Every filter is a bound SQL parameter; no request text is ever put into SQL. Every
parameter is bounded (a number or date out of range is a 422, never a 500). Every response
carries security headers (`SECURITY_HEADERS`: a CSP, no MIME sniffing, no framing, no
referrer); there is no /docs page (it would load Swagger from a CDN): the spec is at
/openapi.json.

`POST /api/extract` cannot be driven from another site or pin the server: it takes only
`application/json` (a foreign page must then ask with a CORS preflight, which this app never
grants), a body of at most `max_extract_bytes`, and one article at a time: a request that
arrives while another is being coded gets 503 with Retry-After instead of queueing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import pathlib
import threading
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, ValidationError

from flashpoint.store.filters import (
    DATE_KIND,
    FROM,
    PLOT_DATE,
    FilterError,
    country_name,
    order_by,
)
from flashpoint.web import views

FROM_W = f"FROM {FROM} WHERE"

STATIC = pathlib.Path(__file__).resolve().parent / "static"
MAX_EXTRACT_BYTES = 200_000  # a long news article is ~50 KB; more is a batch for `ingest`
MAX_LIMIT = 5000
MAX_OFFSET = 1_000_000_000
MAX_POINTS = 100_000
EXPORT_TYPES = {"acled": ("text/csv; charset=utf-8", "csv"),
                "csv": ("text/csv; charset=utf-8", "csv"),
                "geojson": ("application/geo+json", "geojson"),
                "plover": ("application/json", "json")}
EARLIEST, LATEST = dt.date(1800, 1, 1), dt.date(2200, 12, 31)  # dates a filter may name
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}

# flat columns returned in lists (all from `events`, plus n_sources from `clusters`)
LIST_COLUMNS: tuple[str, ...] = (
    "event_id", "article_id", "plover_type", "plover_mode", "acled_event_type",
    "acled_sub_event_type", "actor1_name", "actor1_country", "actor2_name", "actor2_country",
    "location_name", "location_lat", "location_lon", "location_country", "location_precision",
    "date_start", "date_end", "date_precision", "fatalities_best", "fatalities_low",
    "fatalities_high", "modality", "confidence", "evidence", "cluster_id", "location_admin1",
)


class _CursorStore:
    """What `flashpoint.export` needs of a Store (`.con`), over one request's cursor."""

    def __init__(self, con: Any) -> None:
        self.con = con


class ExtractIn(BaseModel):
    """One article to code."""

    text: str = Field(min_length=1, description="the article text (offsets point into it)")
    title: str | None = None
    published: dt.date | None = Field(None, description="publication date, YYYY-MM-DD",
                                      ge=EARLIEST, le=LATEST)


class Filters:
    """The shared event filter (`flashpoint.store.filters.EventFilter`) read from the query
    string of /api/events, /api/stats, /api/points and /api/export. `start`/`end` are the
    older names of `since`/`until`. A value the filter refuses is a 422."""

    def __init__(
        self,
        since: Annotated[dt.date | None, Query(description="from this day (see date_mode)",
                                               ge=EARLIEST, le=LATEST)] = None,
        until: Annotated[dt.date | None, Query(description="up to this day (see date_mode)",
                                               ge=EARLIEST, le=LATEST)] = None,
        start: Annotated[dt.date | None, Query(description="older name of since",
                                               ge=EARLIEST, le=LATEST)] = None,
        end: Annotated[dt.date | None, Query(description="older name of until",
                                             ge=EARLIEST, le=LATEST)] = None,
        date_mode: Annotated[str | None, Query(
            description="contained (default: the event's dates lie in the range) or "
                        "overlaps", pattern="^(contained|overlaps)$")] = None,
        bbox: Annotated[str | None, Query(
            description="min_lon,min_lat,max_lon,max_lat", pattern=r"^[-+0-9., eE]+$",
            max_length=200)] = None,
        country: Annotated[list[str] | None, Query(
            description="location country: ISO3 or name (repeatable)", max_length=50)] = None,
        admin1: Annotated[list[str] | None, Query(
            description="location admin-1 region (repeatable)", max_length=50)] = None,
        type: Annotated[list[str] | None, Query(
            description="PLOVER type, ACLED event type or sub-event type (repeatable)",
            max_length=50)] = None,
        actor: Annotated[str | None, Query(description="text in actor1/actor2 name",
                                           max_length=200)] = None,
        modality: Annotated[list[str] | None, Query(
            description="one or more modalities (asserted, claimed, denied, ...)",
            max_length=20)] = None,
        min_sources: Annotated[int | None, Query(
            ge=1, le=1_000_000,
            description="at least this many sources in the event's cluster")] = None,
        min_fatalities: Annotated[int | None, Query(
            ge=0, le=1_000_000_000, description="at least this many killed")] = None,
        violent: Annotated[bool, Query(description="violent events only")] = False,
        q: Annotated[str | None, Query(
            description="free text in the evidence, actors, place or article title",
            max_length=500)] = None,
    ) -> None:
        from flashpoint.store.filters import EventFilter, FilterError

        for name, values in (("country", country), ("admin1", admin1), ("type", type)):
            if values and any(len(v) > 200 for v in values):
                raise _invalid(name, values, f"{name}: at most 200 characters a value")
        try:
            self.filter = EventFilter.build(
                since=since or start, until=until or end, date_mode=date_mode,
                country=country, admin1=admin1, type=type, actor=actor, modality=modality,
                min_sources=min_sources, bbox=bbox, min_fatalities=min_fatalities,
                violent=violent, q=q)
        except FilterError as exc:
            field = str(exc).split(":")[0] if ":" in str(exc) else "filter"
            raise _invalid(field, None, str(exc)) from None

    def where(self) -> tuple[str, list[Any]]:
        return self.filter.where()


def _invalid(name: str, value: Any, msg: str) -> RequestValidationError:
    return RequestValidationError([{"type": "value_error", "loc": ("query", name),
                                    "input": value, "msg": msg}])


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def _rows(cur: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [{k: _plain(v) for k, v in zip(names, row, strict=True)} for row in cur.fetchall()]


def create_app(db: str | pathlib.Path, *, max_extract_bytes: int = MAX_EXTRACT_BYTES) -> FastAPI:
    """The app over the store at `db` (it must exist), read from a snapshot refreshed every
    few seconds (`flashpoint.store.snapshot`), so an `ingest` into `db` is never blocked."""
    from flashpoint.store.snapshot import SnapshotStore

    snapshot = SnapshotStore(db)
    extract_lock = threading.Lock()  # one extraction at a time; the next one gets a 503

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        snapshot.close()

    app = FastAPI(title="flashpoint", version="1", lifespan=lifespan, docs_url=None,
                  redoc_url=None, description="Read-only API over a flashpoint event store.")
    app.state.snapshot = snapshot

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def query(sql: str, params: list[Any]) -> list[dict[str, Any]]:
        cur = snapshot.store.con.cursor()  # one connection per request thread
        try:
            return _rows(cur.execute(sql, params))
        finally:
            cur.close()

    @app.get("/api/events", summary="filtered, sorted, paged events (newest first)")
    def list_events(
        filters: Annotated[Filters, Depends()],
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
        sort: Annotated[str, Query(description="newest (default), oldest, fatalities, "
                                   "sources, type, country, actor, place",
                                   pattern="^[a-z]{1,20}$")] = "newest",
    ) -> dict[str, Any]:
        where, params = filters.where()
        try:
            order = order_by(sort)
        except FilterError as exc:
            raise _invalid("sort", sort, str(exc)) from None
        total = query(f"SELECT count(*) AS n FROM {FROM} WHERE {where}", params)[0]["n"]
        cols = ", ".join(f"e.{c}" for c in LIST_COLUMNS)
        rows = query(
            f"SELECT {cols}, coalesce(c.n_sources, 1) AS n_sources, a.title AS article_title, "
            f"a.source AS article_source, a.published AS article_published, "
            f"{PLOT_DATE} AS plot_date, {DATE_KIND} AS date_kind FROM {FROM} "
            f"WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
            params + [limit, offset])
        return {"total": total, "limit": limit, "offset": offset, "sort": sort,
                "events": rows}

    @app.get("/api/points", summary="map points of every filtered, located event")
    def points(filters: Annotated[Filters, Depends()]) -> dict[str, Any]:
        where, params = filters.where()
        total = query(f"SELECT count(*) AS n FROM {FROM} WHERE {where}", params)[0]["n"]
        cur = snapshot.store.con.cursor()
        try:
            rows = cur.execute(
                f"SELECT e.event_id, round(e.location_lat, 4), round(e.location_lon, 4), "
                f"e.plover_type, coalesce(e.fatalities_best, 0), e.location_name FROM {FROM} "
                f"WHERE {where} AND e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL "
                f"ORDER BY {PLOT_DATE} DESC NULLS LAST, e.event_id LIMIT ?",
                params + [MAX_POINTS]).fetchall()
        finally:
            cur.close()
        located = query(f"SELECT count(*) AS n FROM {FROM} WHERE {where} AND "
                        "e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL",
                        params)[0]["n"]
        return {"total": total, "located": located, "unplaced": total - located,
                "points": [list(r) for r in rows]}

    @app.get("/api/facets", summary="values in the store, for suggestions")
    def facets() -> dict[str, Any]:
        countries = query("SELECT upper(location_country) AS iso3, count(*) AS n FROM events "
                          "WHERE location_country IS NOT NULL GROUP BY 1 ORDER BY 2 DESC", [])
        for c in countries:
            c["name"] = country_name(c["iso3"]) or c["iso3"]
        actors = query("SELECT name, count(*) AS n FROM (SELECT actor1_name AS name FROM events "
                       "UNION ALL SELECT actor2_name FROM events) WHERE name IS NOT NULL "
                       "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 300", [])
        admin1 = query("SELECT location_admin1 AS name, count(*) AS n FROM events WHERE "
                       "location_admin1 IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 500", [])
        types = query("SELECT t AS name, count(*) AS n FROM (SELECT plover_type AS t FROM events "
                      "UNION ALL SELECT acled_event_type FROM events UNION ALL SELECT "
                      "acled_sub_event_type FROM events) WHERE t IS NOT NULL GROUP BY 1 "
                      "ORDER BY 2 DESC, 1", [])
        return {"countries": countries, "actors": actors, "admin1": admin1, "types": types}

    @app.get("/api/events/{event_id}", summary="one event with every source's evidence")
    def get_event(event_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
        found = query(f"SELECT e.record, e.cluster_id, a.id AS article_id, a.title, a.source, "
                      f"a.url, a.published FROM {FROM} WHERE e.event_id = ?", [event_id])
        if not found:
            raise HTTPException(404, "no such event")
        row = found[0]
        record = json.loads(row["record"])
        cluster = None
        members = [{"record": row["record"], "title": row["title"], "source": row["source"],
                    "url": row["url"], "published": row["published"]}]
        if row["cluster_id"]:
            got = query("SELECT * FROM clusters WHERE cluster_id = ?", [row["cluster_id"]])
            cluster = got[0] if got else None
            members = query(
                "SELECT e.record, a.title, a.source, a.url, a.published FROM events e "
                "LEFT JOIN articles a ON a.id = e.article_id WHERE e.cluster_id = ? "
                "ORDER BY (e.event_id = ?) DESC, a.published NULLS LAST, e.event_id",
                [row["cluster_id"], event_id])
        sources = []
        for m in members:
            rec = json.loads(m["record"])
            evidence = rec.get("evidence") or {}
            sources.append({
                "event_id": rec.get("event_id"), "article_id": rec.get("article_id"),
                "title": m["title"], "source": m["source"], "url": m["url"],
                "published": m["published"], "modality": rec.get("modality"),
                "modality_words": views.modality_words(rec),
                "denials": views.denials(rec),
                "fatalities": (rec.get("fatalities") or {}).get("best"),
                "date": views.date_info(rec, m["published"]),
                "evidence": evidence, "highlights": views.highlights(rec, evidence),
            })
        article = {"id": row["article_id"], "title": row["title"], "source": row["source"],
                   "url": row["url"], "published": row["published"]}
        return {"event": record, "article": article, "cluster": cluster,
                "n_sources": cluster["n_sources"] if cluster else 1,
                "modality_words": views.modality_words(record),
                "denials": views.denials(record),
                "date": views.date_info(record, row["published"]),
                "disagreements": views.disagreements(sources), "sources": sources}

    @app.get("/api/stats", summary="counts per day (plot date), type and date precision")
    def stats(filters: Annotated[Filters, Depends()]) -> dict[str, Any]:
        where, params = filters.where()
        head = query(
            f"SELECT count(*) AS n, count(e.location_lat) AS located, "
            f"count(DISTINCT coalesce(e.cluster_id, e.event_id)) AS clusters, "
            f"coalesce(sum(e.fatalities_best), 0) AS fatalities FROM {FROM} WHERE {where}",
            params)[0]
        by_day = query(
            f"SELECT {PLOT_DATE} AS day, count(*) AS count, "
            f"coalesce(sum(e.fatalities_best), 0) AS fatalities, "
            f"count(*) FILTER (WHERE e.date_precision = 'article') AS reported {FROM_W} "
            f"{where} AND e.date_start IS NOT NULL GROUP BY 1 ORDER BY 1", params)
        by_type = query(f"SELECT e.plover_type AS type, count(*) AS count FROM {FROM} "
                        f"WHERE {where} GROUP BY 1 ORDER BY 2 DESC, 1", params)
        by_day_type = query(
            f"SELECT {PLOT_DATE} AS day, e.plover_type AS type, count(*) AS count {FROM_W} "
            f"{where} AND e.date_start IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2", params)
        by_kind = query(f"SELECT {DATE_KIND} AS kind, count(*) AS count {FROM_W} {where} "
                        "GROUP BY 1 ORDER BY 2 DESC", params)
        return {"total": head["n"], "located": head["located"],
                "unplaced": head["n"] - head["located"], "clusters": head["clusters"],
                "fatalities": head["fatalities"], "by_day": by_day, "by_type": by_type,
                "by_day_type": by_day_type, "by_date_kind": by_kind}

    @app.get("/api/export", summary="the filtered events as ACLED CSV, GeoJSON or PLOVER JSON")
    def export_events(
        filters: Annotated[Filters, Depends()],
        format: Annotated[str, Query(pattern="^(acled|geojson|plover|csv)$")] = "acled",
    ) -> Response:
        from flashpoint.export import export

        buf = io.StringIO()
        cur = snapshot.store.con.cursor()
        try:
            n = export(_CursorStore(cur), format, buf, filter=filters.filter)
        finally:
            cur.close()
        kind, ext = EXPORT_TYPES[format]
        stamp = dt.date.today().isoformat()
        return Response(buf.getvalue(), media_type=kind, headers={
            "Content-Disposition": f'attachment; filename="flashpoint-{stamp}.{ext}"',
            "X-Flashpoint-Count": str(n)})

    @app.post(
        "/api/extract", summary="code one article (nothing is stored)",
        openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
            "schema": ExtractIn.model_json_schema()}}}},
        responses={413: {"description": "body too large"},
                   422: {"description": "body is not an article"}},
    )
    async def extract(request: Request) -> Any:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            return JSONResponse({"detail": "send the article as application/json"}, 415)
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_extract_bytes:
            return JSONResponse({"detail": f"body larger than {max_extract_bytes} bytes"}, 413)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_extract_bytes:
                return JSONResponse({"detail": f"body larger than {max_extract_bytes} bytes"},
                                    413)
        try:
            raw = bytes(body).decode("utf-8")
        except UnicodeDecodeError:
            return JSONResponse({"detail": "body is not UTF-8"}, 422)
        try:
            article = ExtractIn.model_validate_json(raw)
        except ValidationError as exc:
            raise RequestValidationError(exc.errors(include_url=False)) from None
        from starlette.concurrency import run_in_threadpool

        import flashpoint

        if not extract_lock.acquire(blocking=False):
            return JSONResponse({"detail": "busy coding another article; retry shortly"},
                                503, headers={"Retry-After": "2"})

        def run() -> list[dict[str, Any]]:
            try:
                events = flashpoint.extract(article.text, article.published,
                                            title=article.title)
            finally:
                extract_lock.release()
            return [e.to_dict() for e in events]

        events = await run_in_threadpool(run)
        return {"count": len(events), "events": events}

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
