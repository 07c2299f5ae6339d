"""`flashpoint serve`: a read-only FastAPI app over the DuckDB event store, and its map page.

    from flashpoint.web import create_app
    app = create_app("events.duckdb")          # uvicorn.run(app, host="127.0.0.1", port=8000)

API (OpenAPI at /openapi.json):

* `GET /api/events` — filtered, paged events (flat fields + cluster corroboration).
* `GET /api/events/{event_id}` — one event: its record, article, cluster, and the evidence
  sentence of every source article in its cluster with actor / place / date / fatality spans
  (offsets relative to the sentence, taken from the records).
* `GET /api/stats` — counts per day, per type and per (day, type), same filters.
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
import json
import pathlib
import threading
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, ValidationError

STATIC = pathlib.Path(__file__).resolve().parent / "static"
MAX_EXTRACT_BYTES = 200_000  # a long news article is ~50 KB; more is a batch for `ingest`
MAX_LIMIT = 5000
MAX_OFFSET = 1_000_000_000
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
    "fatalities_high", "modality", "confidence", "evidence", "cluster_id",
)


class ExtractIn(BaseModel):
    """One article to code."""

    text: str = Field(min_length=1, description="the article text (offsets point into it)")
    title: str | None = None
    published: dt.date | None = Field(None, description="publication date, YYYY-MM-DD",
                                      ge=EARLIEST, le=LATEST)


class Filters:
    """The event filters shared by /api/events and /api/stats, as a WHERE clause over
    `events e LEFT JOIN clusters c LEFT JOIN articles a` with bound parameters."""

    def __init__(
        self,
        start: Annotated[dt.date | None, Query(description="events ending on/after",
                                               ge=EARLIEST, le=LATEST)] = None,
        end: Annotated[dt.date | None, Query(description="events starting on/before",
                                             ge=EARLIEST, le=LATEST)] = None,
        bbox: Annotated[str | None, Query(
            description="min_lon,min_lat,max_lon,max_lat", pattern=r"^[-+0-9., eE]+$",
            max_length=200)] = None,
        country: Annotated[str | None, Query(description="location country, ISO3",
                                             max_length=3)] = None,
        type: Annotated[str | None, Query(
            description="PLOVER type, ACLED event type or sub-event type",
            max_length=100)] = None,
        actor: Annotated[str | None, Query(description="text in actor1/actor2 name",
                                           max_length=200)] = None,
        modality: Annotated[list[str] | None, Query(
            description="one or more modalities (asserted, claimed, denied, ...)",
            max_length=20)] = None,
        min_sources: Annotated[int | None, Query(
            ge=1, le=1_000_000,
            description="at least this many sources in the event's cluster")] = None,
        q: Annotated[str | None, Query(
            description="free text in the evidence, actors, place or article title",
            max_length=500)] = None,
    ) -> None:
        self.start, self.end, self.country, self.type = start, end, country, type
        self.actor, self.modality, self.min_sources, self.q = actor, modality, min_sources, q
        self.bbox: tuple[float, float, float, float] | None = None
        if bbox is not None:
            try:
                parts = [float(p) for p in bbox.split(",")]
            except ValueError:
                parts = []
            if len(parts) != 4 or not (-180 <= parts[0] <= parts[2] <= 180
                                       and -90 <= parts[1] <= parts[3] <= 90):
                raise RequestValidationError([{
                    "type": "value_error", "loc": ("query", "bbox"), "input": bbox,
                    "msg": "bbox must be min_lon,min_lat,max_lon,max_lat within the world"}])
            self.bbox = (parts[0], parts[1], parts[2], parts[3])

    def where(self) -> tuple[str, list[Any]]:
        where, params = ["TRUE"], []
        if self.start is not None:
            where.append("coalesce(e.date_end, e.date_start) >= ?")
            params.append(self.start)
        if self.end is not None:
            where.append("e.date_start <= ?")
            params.append(self.end)
        if self.bbox is not None:
            where.append("e.location_lon BETWEEN ? AND ? AND e.location_lat BETWEEN ? AND ?")
            params += [self.bbox[0], self.bbox[2], self.bbox[1], self.bbox[3]]
        if self.country:
            where.append("upper(e.location_country) = upper(?)")
            params.append(self.country)
        if self.type:
            where.append("(upper(e.plover_type) = upper(?) OR lower(e.acled_event_type) = "
                         "lower(?) OR lower(e.acled_sub_event_type) = lower(?))")
            params += [self.type] * 3
        if self.actor:
            where.append("(contains(lower(coalesce(e.actor1_name, '')), lower(?)) OR "
                         "contains(lower(coalesce(e.actor2_name, '')), lower(?)))")
            params += [self.actor] * 2
        if self.modality:
            mods = [m for raw in self.modality for m in raw.split(",") if m.strip()]
            if mods:
                where.append("e.modality IN (" + ", ".join("?" for _ in mods) + ")")
                params += [m.strip() for m in mods]
        if self.min_sources is not None:
            where.append("coalesce(c.n_sources, 1) >= ?")
            params.append(self.min_sources)
        if self.q:
            where.append(
                "contains(lower(concat_ws(' ', e.evidence, e.actor1_name, e.actor2_name, "
                "e.location_name, a.title)), lower(?))")
            params.append(self.q)
        return " AND ".join(where), params


FROM = ("FROM events e LEFT JOIN clusters c ON c.cluster_id = e.cluster_id "
        "LEFT JOIN articles a ON a.id = e.article_id")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def _rows(cur: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [{k: _plain(v) for k, v in zip(names, row, strict=True)} for row in cur.fetchall()]


def highlights(record: dict[str, Any], sentence: dict[str, Any]) -> list[dict[str, Any]]:
    """Spans of the event's actors, place, date, fatalities and attribution inside its
    evidence sentence, as offsets relative to the sentence (from the record's offsets)."""
    base, text = sentence.get("start") or 0, sentence.get("sentence") or ""
    out = []
    spans = [("actor", "actor1", "start", "end"), ("actor", "actor2", "start", "end"),
             ("place", "location", "start", "end"), ("date", "date", "start_char", "end_char"),
             ("fatalities", "fatalities", "start", "end"),
             ("source", "attribution", "start", "end")]
    for kind, key, s_key, e_key in spans:
        part = record.get(key) or {}
        start, end = part.get(s_key), part.get(e_key)
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        rel_s, rel_e = start - base, end - base
        if 0 <= rel_s < rel_e <= len(text):
            out.append({"kind": kind, "field": key, "start": rel_s, "end": rel_e,
                        "text": text[rel_s:rel_e]})
    out.sort(key=lambda h: (h["start"], -h["end"]))
    kept: list[dict[str, Any]] = []
    for h in out:  # no overlaps: the earlier (longer) span wins
        if not kept or h["start"] >= kept[-1]["end"]:
            kept.append(h)
    return kept


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

    @app.get("/api/events", summary="filtered, paged events")
    def list_events(
        filters: Annotated[Filters, Depends()],
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> dict[str, Any]:
        where, params = filters.where()
        total = query(f"SELECT count(*) AS n {FROM} WHERE {where}", params)[0]["n"]
        cols = ", ".join(f"e.{c}" for c in LIST_COLUMNS)
        rows = query(
            f"SELECT {cols}, coalesce(c.n_sources, 1) AS n_sources, a.title AS article_title, "
            f"a.source AS article_source, a.published AS article_published {FROM} "
            f"WHERE {where} ORDER BY e.date_start NULLS LAST, e.event_id LIMIT ? OFFSET ?",
            params + [limit, offset])
        return {"total": total, "limit": limit, "offset": offset, "events": rows}

    @app.get("/api/events/{event_id}", summary="one event with every source's evidence")
    def get_event(event_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
        found = query(f"SELECT e.record, e.cluster_id, a.id AS article_id, a.title, a.source, "
                      f"a.url, a.published {FROM} WHERE e.event_id = ?", [event_id])
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
                "evidence": evidence, "highlights": highlights(rec, evidence),
            })
        article = {"id": row["article_id"], "title": row["title"], "source": row["source"],
                   "url": row["url"], "published": row["published"]}
        return {"event": record, "article": article, "cluster": cluster,
                "n_sources": cluster["n_sources"] if cluster else 1, "sources": sources}

    @app.get("/api/stats", summary="event counts per day and per type")
    def stats(filters: Annotated[Filters, Depends()]) -> dict[str, Any]:
        where, params = filters.where()
        total = query(f"SELECT count(*) AS n {FROM} WHERE {where}", params)[0]["n"]
        by_day = query(f"SELECT e.date_start AS day, count(*) AS count {FROM} WHERE {where} "
                       "AND e.date_start IS NOT NULL GROUP BY 1 ORDER BY 1", params)
        by_type = query(f"SELECT e.plover_type AS type, count(*) AS count {FROM} "
                        f"WHERE {where} GROUP BY 1 ORDER BY 2 DESC, 1", params)
        by_day_type = query(
            f"SELECT e.date_start AS day, e.plover_type AS type, count(*) AS count {FROM} "
            f"WHERE {where} AND e.date_start IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2", params)
        return {"total": total, "by_day": by_day, "by_type": by_type,
                "by_day_type": by_day_type}

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
