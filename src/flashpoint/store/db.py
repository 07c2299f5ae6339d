"""The event store: one DuckDB file holding articles, events, clusters and failures.

    store = open_store("events.duckdb")      # creates the file and the schema when missing
    store.events(since="2024-01-01", country="SYR", type="ASSAULT")   # a pandas DataFrame

DuckDB allows one writing process per file: the ingest parent is the only writer. Every
`Store.add_batch` call is one transaction (articles, their events and the batch's failures
commit together), so a run killed at any point leaves whole articles or none.

Schema versions live in `schema_version`; `migrate()` applies the steps in `MIGRATIONS` in
order, each in its own transaction, so a file written by an older flashpoint is upgraded when
it is opened. Version 1 is the first; version 2 hashes normalised text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    import pandas as pd

    from flashpoint.record import Article

SCHEMA_VERSION = 2
DEFAULT_DB = "events.duckdb"

# Flat event columns (in table order, before `cluster_id` and `record`).
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "article_id", "plover_type", "plover_mode", "acled_event_type",
    "acled_sub_event_type", "actor1_name", "actor1_country", "actor1_kind", "actor2_name",
    "actor2_country", "actor2_kind", "location_name", "location_lat", "location_lon",
    "location_country", "location_admin1", "location_precision", "date_start", "date_end",
    "date_precision", "fatalities_best", "fatalities_low", "fatalities_high", "modality",
    "confidence", "evidence", "cluster_id", "record",
)
ARTICLE_COLUMNS: tuple[str, ...] = (
    "id", "content_hash", "url", "source", "title", "published", "text", "origin",
    "ingested_at",
)

_V1 = """
CREATE TABLE articles (
    id           VARCHAR PRIMARY KEY,
    content_hash VARCHAR NOT NULL UNIQUE,
    url          VARCHAR,
    source       VARCHAR,
    title        VARCHAR,
    published    DATE,
    text         VARCHAR NOT NULL,
    origin       VARCHAR,
    ingested_at  TIMESTAMP NOT NULL
);
CREATE TABLE events (
    event_id             VARCHAR PRIMARY KEY,
    article_id           VARCHAR NOT NULL,
    plover_type          VARCHAR NOT NULL,
    plover_mode          VARCHAR,
    acled_event_type     VARCHAR,
    acled_sub_event_type VARCHAR,
    actor1_name          VARCHAR,
    actor1_country       VARCHAR,
    actor1_kind          VARCHAR,
    actor2_name          VARCHAR,
    actor2_country       VARCHAR,
    actor2_kind          VARCHAR,
    location_name        VARCHAR,
    location_lat         DOUBLE,
    location_lon         DOUBLE,
    location_country     VARCHAR,
    location_admin1      VARCHAR,
    location_precision   INTEGER,
    date_start           DATE,
    date_end             DATE,
    date_precision       VARCHAR,
    fatalities_best      INTEGER,
    fatalities_low       INTEGER,
    fatalities_high      INTEGER,
    modality             VARCHAR NOT NULL,
    confidence           DOUBLE,
    evidence             VARCHAR,
    cluster_id           VARCHAR,
    record               JSON NOT NULL
);
CREATE TABLE clusters (
    cluster_id      VARCHAR PRIMARY KEY,
    n_events        INTEGER NOT NULL,
    n_sources       INTEGER NOT NULL,
    sources         VARCHAR[],
    article_ids     VARCHAR[],
    fatalities_low  INTEGER,
    fatalities_best INTEGER,
    fatalities_high INTEGER,
    modalities      VARCHAR[],
    modality_conflict BOOLEAN NOT NULL
);
CREATE TABLE failures (
    input      VARCHAR NOT NULL,
    reason     VARCHAR NOT NULL,
    stage      VARCHAR NOT NULL,  -- 'read' (bad input) or 'analysis'
    time       TIMESTAMP NOT NULL,
    PRIMARY KEY (input, reason)
);
"""



def _v2_normalised_hashes(con: duckdb.DuckDBPyConnection) -> None:
    """Version 2: `content_hash` is taken over normalised text (`record.text_hash`). Two
    stored texts that normalise alike keep the older hash on the later one (nothing is
    deleted by a migration)."""
    import pandas as pd

    from flashpoint.record import text_hash

    rows = con.execute("SELECT id, content_hash, text FROM articles "
                       "ORDER BY ingested_at, id").fetchall()
    seen: set[str] = set()
    ids, hashes = [], []
    for rid, old, text in rows:
        new = text_hash(text)
        if new in seen:
            new = old
        seen.add(new)
        if new != old:
            ids.append(rid)
            hashes.append(new)
    if ids:
        con.register("_fp_rehash", pd.DataFrame({"id": ids, "h": hashes}))
        con.execute("UPDATE articles SET content_hash = _fp_rehash.h FROM _fp_rehash "
                    "WHERE articles.id = _fp_rehash.id")
        con.unregister("_fp_rehash")


# version -> SQL (or a callable taking the connection) that brings version-1 to version
MIGRATIONS: dict[int, str | Callable[[duckdb.DuckDBPyConnection], None]] = {
    1: _V1, 2: _v2_normalised_hashes,
}


class StoreError(RuntimeError):
    """The database file cannot be used (locked by another process, newer schema, ...)."""


class StoreLocked(StoreError):
    """Another process holds the database file (DuckDB allows one writer per file)."""


@dataclass
class BatchResult:
    articles: int
    events: int
    failures: int


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def event_row(record: dict[str, Any]) -> dict[str, Any]:
    """The flat `events` row of one `Event.to_dict()` record (cluster_id left empty)."""

    def part(key: str) -> dict[str, Any]:
        return record.get(key) or {}

    plover, acled = part("plover"), part("acled")
    a1, a2, loc, date, fat = (part(k) for k in ("actor1", "actor2", "location", "date",
                                                   "fatalities"))
    return {
        "event_id": record["event_id"], "article_id": record["article_id"],
        "plover_type": plover.get("type"), "plover_mode": plover.get("mode"),
        "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "actor1_name": a1.get("name"), "actor1_country": a1.get("country"),
        "actor1_kind": a1.get("kind"),
        "actor2_name": a2.get("name"), "actor2_country": a2.get("country"),
        "actor2_kind": a2.get("kind"),
        "location_name": loc.get("name"), "location_lat": loc.get("lat"),
        "location_lon": loc.get("lon"), "location_country": loc.get("country"),
        "location_admin1": loc.get("admin1"), "location_precision": loc.get("precision"),
        "date_start": date.get("start"), "date_end": date.get("end"),
        "date_precision": date.get("precision"),
        "fatalities_best": fat.get("best"), "fatalities_low": fat.get("low"),
        "fatalities_high": fat.get("high"),
        "modality": record.get("modality"), "confidence": record.get("confidence"),
        "evidence": part("evidence").get("sentence"), "cluster_id": None,
        "record": json.dumps(record, ensure_ascii=False),
    }


class Store:
    """A DuckDB event store. Use `open_store(path)`; close with `.close()` or `with`."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str) -> None:
        self.con = con
        self.path = path

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self) -> int:
        """Bring the file to `SCHEMA_VERSION`; each step is one transaction. Returns it."""
        current = self.version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {current} is newer than this "
                             f"flashpoint understands ({SCHEMA_VERSION}); upgrade flashpoint")
        for version in range(current + 1, SCHEMA_VERSION + 1):
            step = MIGRATIONS[version]
            self.con.execute("BEGIN TRANSACTION")
            try:
                if version == 1:
                    self.con.execute("CREATE TABLE IF NOT EXISTS schema_version "
                                     "(version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)")
                if callable(step):
                    step(self.con)
                else:
                    self.con.execute(step)
                self.con.execute("INSERT INTO schema_version VALUES (?, ?)", [version, _now()])
                self.con.execute("COMMIT")
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
        return SCHEMA_VERSION

    # ------------------------------------------------------------------ writing
    def known_hashes(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT content_hash FROM articles").fetchall()}

    def known_articles(self) -> dict[str, tuple[str, dt.date | None, str | None]]:
        """content hash -> (id, published, title) of every stored article."""
        rows = self.con.execute("SELECT content_hash, id, published, title FROM articles")
        return {h: (i, p, t) for h, i, p, t in rows.fetchall()}

    def known_ids(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT id FROM articles").fetchall()}

    def add_batch(
        self,
        articles: Sequence[tuple[Article, Sequence[dict[str, Any]]]],
        failures: Iterable[tuple[str, str, str]] = (),
        replace: Iterable[str] = (),
    ) -> BatchResult:
        """Store articles with their event records and failures (input, reason, stage) in one
        transaction. Articles whose content hash is already stored are skipped, except those
        whose ids are in `replace`: their stored row and events are deleted first (a known
        text with a corrected date or title)."""
        import pandas as pd

        now = _now()
        art_rows, ev_rows = [], []
        for article, records in articles:
            art_rows.append({
                "id": article.id, "content_hash": article.content_hash, "url": article.url,
                "source": article.source, "title": article.title,
                "published": article.published, "text": article.text,
                "origin": article.origin, "ingested_at": now,
            })
            ev_rows.extend(event_row(r) for r in records)
        fail_rows = [{"input": i, "reason": r, "stage": s, "time": now} for i, r, s in failures]
        con = self.con
        replace = list(replace)
        con.execute("BEGIN TRANSACTION")
        try:
            for rid in replace:
                con.execute("DELETE FROM events WHERE article_id = ?", [rid])
                con.execute("DELETE FROM articles WHERE id = ?", [rid])
            if art_rows:
                art_df = pd.DataFrame(art_rows, columns=list(ARTICLE_COLUMNS), dtype=object)
                con.register("_fp_articles", art_df)
                con.execute(
                    "INSERT INTO articles BY NAME SELECT * FROM _fp_articles "
                    "WHERE content_hash NOT IN (SELECT content_hash FROM articles)"
                )
                con.unregister("_fp_articles")
            if ev_rows:
                ev_df = pd.DataFrame(ev_rows, columns=list(EVENT_COLUMNS), dtype=object)
                con.register("_fp_events", ev_df)
                con.execute("INSERT OR IGNORE INTO events BY NAME SELECT * FROM _fp_events")
                con.unregister("_fp_events")
            if fail_rows:
                fail_df = pd.DataFrame(fail_rows, columns=["input", "reason", "stage", "time"],
                                       dtype=object)
                con.register("_fp_failures", fail_df)
                con.execute(
                    "INSERT INTO failures BY NAME SELECT * FROM _fp_failures "
                    "ON CONFLICT DO UPDATE SET time = excluded.time"
                )
                con.unregister("_fp_failures")
            con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(duckdb.TransactionException):  # DuckDB may have already
                con.execute("ROLLBACK")  # rolled back an interrupted query
            raise
        return BatchResult(len(art_rows), len(ev_rows), len(fail_rows))

    # ------------------------------------------------------------------ reading
    def count(self, table: str) -> int:
        if table not in ("articles", "events", "clusters", "failures"):
            raise ValueError(f"unknown table {table!r}")
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    def event_filter(
        self, since: dt.date | str | None = None, country: str | None = None,
        type: str | None = None,
    ) -> tuple[str, list[Any]]:
        """SQL WHERE clause (alias-free, over `events`) and its parameters."""
        where, params = ["TRUE"], []
        if since is not None:
            where.append("date_start >= CAST(? AS DATE)")
            params.append(since.isoformat() if isinstance(since, dt.date) else str(since))
        if country is not None:
            where.append("upper(location_country) = upper(?)")
            params.append(country)
        if type is not None:
            where.append("(upper(plover_type) = upper(?) OR lower(acled_event_type) = lower(?)"
                         " OR lower(acled_sub_event_type) = lower(?))")
            params += [type, type, type]
        return " AND ".join(where), params

    def events(
        self, since: dt.date | str | None = None, country: str | None = None,
        type: str | None = None,
        *, with_record: bool = False,
    ) -> pd.DataFrame:
        """Events as a DataFrame, filtered by start date (on or after `since`), location
        country (ISO3) and type (PLOVER type, ACLED event type or sub-event type)."""
        where, params = self.event_filter(since, country, type)
        cols = [c for c in EVENT_COLUMNS if with_record or c != "record"]
        sql = (f"SELECT {', '.join(cols)} FROM events WHERE {where} "
               "ORDER BY date_start NULLS LAST, event_id")
        return self.con.execute(sql, params).df()

    def clusters(self) -> pd.DataFrame:
        return self.con.execute("SELECT * FROM clusters ORDER BY cluster_id").df()

    def failures(self) -> pd.DataFrame:
        return self.con.execute("SELECT * FROM failures ORDER BY time, input").df()

    def articles(self) -> pd.DataFrame:
        return self.con.execute(
            "SELECT id, content_hash, url, source, title, published, origin, ingested_at "
            "FROM articles ORDER BY ingested_at, id").df()


def open_store(path: str | Path = DEFAULT_DB, *, read_only: bool = False,
               wait: float = 0.0) -> Store:
    """Open (creating and migrating when needed) the DuckDB event store at `path`.

    When another process holds the file, try again for up to `wait` seconds, then raise
    `StoreLocked` with a plain message (DuckDB's own text names the other process)."""
    import time

    path = str(path)
    if read_only and not Path(path).exists():
        raise StoreError(f"{path}: no such database")
    deadline = time.monotonic() + max(0.0, wait)
    while True:
        try:
            con = duckdb.connect(path, read_only=read_only)
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise StoreError(f"{path}: cannot open database ({exc})") from None
            if time.monotonic() >= deadline:
                holder = str(exc).split("(PID ")[-1].split(")")[0] if "PID " in str(exc) \
                    else None
                by = f" (process {holder})" if holder and holder.isdigit() else ""
                raise StoreLocked(
                    f"{path}: in use by another flashpoint process{by}; stop it or pass "
                    "--wait SECONDS") from None
            time.sleep(0.5)
    store = Store(con, path)
    if read_only:
        if store.version() != SCHEMA_VERSION:
            con.close()
            raise StoreError(f"{path}: schema version {store.version()}, expected "
                             f"{SCHEMA_VERSION} (open it once without read_only to migrate)")
    else:
        try:
            store.migrate()
        except BaseException:
            con.close()
            raise
    return store
