"""The watch's tables in the store (schema v3: `sources`, `fetches`, `seen_urls`) and the
per-source health that `flashpoint stats` prints.

The queue of work lives in `seen_urls`: when a listing is read, its new item URLs are written
as `pending` in the same transaction as the validators (ETag / Last-Modified) of that
listing, so a kill right after a 200 cannot lose the items to a later 304. An item leaves
`pending` only after its article (or its failure) is committed; a kill in between fetches it
once more, and its text, already stored, is then recognised by its hash.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    from flashpoint.store.db import Store
    from flashpoint.watch.fetch import FetchRecord
    from flashpoint.watch.parse import Item
    from flashpoint.watch.sources import Source

PENDING, STORED, DUPLICATE, FAILED = "pending", "stored", "duplicate", "failed"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _utc(stamp: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(stamp, dt.UTC).replace(tzinfo=None)


@contextlib.contextmanager
def _transaction(con: duckdb.DuckDBPyConnection):
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise


def register_sources(store: Store, sources: Sequence[Source]) -> None:
    with _transaction(store.con) as con:
        for s in sources:
            con.execute("INSERT INTO sources (url, name, added_at) VALUES (?, ?, ?) "
                        "ON CONFLICT (url) DO UPDATE SET name = excluded.name",
                        [s.url, s.name, _now()])


def source_state(store: Store, url: str) -> dict[str, Any]:
    cur = store.con.execute("SELECT * FROM sources WHERE url = ?", [url])
    cols = [d[0] for d in cur.description]
    row = cur.fetchone()
    return dict(zip(cols, row, strict=True)) if row else {}


def record_fetches(store: Store, records: Iterable[FetchRecord]) -> None:
    rows = [[r.url, r.source, r.purpose, _utc(r.time), r.status, r.bytes, r.etag,
             r.last_modified, round(r.seconds, 4), r.error] for r in records]
    if rows:
        with _transaction(store.con) as con:
            con.executemany("INSERT INTO fetches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def queue_items(store: Store, source: str, items: Sequence[tuple[str, Item]], *,
                kind: str, feed_url: str | None, etag: str | None,
                last_modified: str | None, status: int) -> int:
    """Write the listing's item URLs (canonical, item) not yet seen as pending, and the
    listing's validators, in one transaction; returns how many were new."""
    import pandas as pd

    now = _now()
    con = store.con
    with _transaction(con):
        new = 0
        if items:
            df = pd.DataFrame({
                "url": [c for c, _ in items], "source": source, "state": PENDING,
                "article_id": None, "attempts": 0, "title": [i.title for _, i in items],
                "published": [i.published for _, i in items], "first_seen": now,
                "last_tried": None}, dtype=object)
            df = df.drop_duplicates("url")
            con.register("_fp_items", df)
            row = con.execute("SELECT count(*) FROM _fp_items WHERE url NOT IN "
                              "(SELECT url FROM seen_urls)").fetchone()
            new = int(row[0]) if row else 0
            con.execute("INSERT INTO seen_urls BY NAME SELECT * FROM _fp_items "
                        "WHERE url NOT IN (SELECT url FROM seen_urls)")
            con.unregister("_fp_items")
        con.execute("UPDATE sources SET kind = ?, feed_url = ?, etag = ?, last_modified = ?, "
                    "last_poll = ?, last_success = ?, last_status = ?, last_error = NULL, "
                    "not_before = NULL WHERE url = ?",
                    [kind, feed_url, etag, last_modified, now, now, status, source])
    return new


def source_polled(store: Store, source: str, *, status: int | None, error: str | None,
                  not_before: float | None = None) -> None:
    """A poll that gave no listing: 304 (success, nothing new) or a failure."""
    now = _now()
    if error is None:
        store.con.execute("UPDATE sources SET last_poll = ?, last_success = ?, last_status = ?,"
                          " last_error = NULL, not_before = NULL WHERE url = ?",
                          [now, now, status, source])
    else:
        store.con.execute("UPDATE sources SET last_poll = ?, last_status = ?, last_error = ?, "
                          "not_before = ? WHERE url = ?",
                          [now, status, error[:300],
                           _utc(not_before) if not_before else None, source])


def pending_items(store: Store, source: str, limit: int | None) -> list[tuple]:
    """(url, title, published, attempts) of the source's pending items, oldest first."""
    sql = ("SELECT url, title, published, attempts FROM seen_urls WHERE source = ? AND "
           "state = ? ORDER BY first_seen, published DESC NULLS LAST, url")
    params: list[Any] = [source, PENDING]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return store.con.execute(sql, params).fetchall()


def mark_items(store: Store, rows: Sequence[tuple[str, str, str | None, int]]) -> None:
    """(url, state, article_id, attempts) for items whose outcome is committed."""
    if not rows:
        return
    now = _now()
    with _transaction(store.con) as con:
        con.executemany("UPDATE seen_urls SET state = ?, article_id = ?, attempts = ?, "
                        "last_tried = ? WHERE url = ?",
                        [[s, a, n, now, u] for u, s, a, n in rows])


def hash_owners(store: Store) -> dict[str, str]:
    """content hash -> article id of every stored article."""
    return dict(store.con.execute("SELECT content_hash, id FROM articles").fetchall())


def recent_texts(store: Store, days: float) -> list[tuple[str, str, str]]:
    """(article id, text, source URL) of the articles the watch stored in the last `days`."""
    since = _now() - dt.timedelta(days=days)
    return store.con.execute(
        "SELECT a.id, a.text, u.source FROM articles a JOIN seen_urls u ON u.article_id = a.id "
        "WHERE u.state = 'stored' AND a.ingested_at >= ?", [since]).fetchall()


def load_hosts(store: Store) -> tuple[dict[str, tuple[float, str | None]], dict[str, float]]:
    """What earlier runs learnt of each host: robots.txt (origin -> (time read, text or
    None)) and back-off (origin -> time.time() until which it rests)."""
    robots, rests = {}, {}
    rows = store.con.execute("SELECT origin, robots_at, robots, rest_until FROM hosts")
    for origin, robots_at, text, rest_until in rows.fetchall():
        if robots_at is not None:
            robots[origin] = (robots_at.replace(tzinfo=dt.UTC).timestamp(), text)
        if rest_until is not None:
            rests[origin] = rest_until.replace(tzinfo=dt.UTC).timestamp()
    return robots, rests


def save_hosts(store: Store, robots: dict[str, tuple[float, str | None]],
               rests: dict[str, float]) -> None:
    if not robots and not rests:
        return
    with _transaction(store.con) as con:
        for origin, (when, text) in robots.items():
            con.execute("INSERT INTO hosts (origin, robots_at, robots) VALUES (?, ?, ?) "
                        "ON CONFLICT (origin) DO UPDATE SET robots_at = excluded.robots_at, "
                        "robots = excluded.robots", [origin, _utc(when), text])
        for origin, until in rests.items():
            con.execute("INSERT INTO hosts (origin, rest_until) VALUES (?, ?) "
                        "ON CONFLICT (origin) DO UPDATE SET rest_until = excluded.rest_until",
                        [origin, _utc(until)])


# ---------------------------------------------------------------------- health
def source_health(store: Store) -> list[dict[str, Any]]:
    """One row per followed source: last poll and success, last status or error, requests,
    failed polls of its listing, failed items (pages that gave no article), articles stored,
    duplicates (its URLs whose text another URL gave first), pending links, and the events of
    its articles."""
    tables = {r[0] for r in store.con.execute(
        "SELECT table_name FROM information_schema.tables").fetchall()}
    if "sources" not in tables:
        return []
    sql = """
    SELECT s.name, s.url, s.kind, s.last_poll, s.last_success, s.last_status, s.last_error,
           (SELECT count(*) FROM fetches f WHERE f.source = s.url) AS requests,
           (SELECT count(*) FROM fetches f WHERE f.source = s.url AND f.purpose = 'listing'
                AND (f.error IS NOT NULL OR f.status >= 400)) AS failed_polls,
           (SELECT count(*) FROM seen_urls u WHERE u.source = s.url
                AND u.state = 'stored') AS articles,
           (SELECT count(*) FROM seen_urls u WHERE u.source = s.url
                AND u.state = 'duplicate') AS duplicates,
           (SELECT count(*) FROM seen_urls u WHERE u.source = s.url
                AND u.state = 'failed') AS failed_items,
           (SELECT count(*) FROM seen_urls u WHERE u.source = s.url
                AND u.state = 'pending') AS pending,
           (SELECT count(*) FROM events e JOIN seen_urls u ON e.article_id = u.article_id
                WHERE u.source = s.url AND u.state = 'stored') AS events
    FROM sources s ORDER BY s.name, s.url"""
    cur = store.con.execute(sql)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def format_source_health(rows: Sequence[dict[str, Any]]) -> str:
    """The `flashpoint stats` block (empty when nothing is watched)."""
    if not rows:
        return ""

    def when(value: dt.datetime | None) -> str:
        return value.strftime("%Y-%m-%d %H:%M") if value else "never"

    lines = [f"\n{'source':<24}{'last success':>18}{'status':>8}{'requests':>10}"
             f"{'failed':>8}{'articles':>10}{'dupes':>7}{'pending':>9}{'events':>8}"]
    for r in rows:
        status = str(r["last_status"]) if r["last_status"] is not None else "-"
        lines.append(f"{r['name'][:23]:<24}{when(r['last_success']):>18}{status:>8}"
                     f"{r['requests']:>10}{r['failed_polls'] + r['failed_items']:>8}"
                     f"{r['articles']:>10}{r['duplicates']:>7}{r['pending']:>9}"
                     f"{r['events']:>8}")
        if r["last_error"]:
            lines.append(f"  last error: {r['last_error']}")
    return "\n".join(lines) + "\n"
