"""One round of `flashpoint watch`: poll the listings, fetch the new items, store articles.

Fetching runs in a thread pool (the `Fetcher` keeps every host's limits); this thread alone
writes the store. Articles go through the same pieces as `flashpoint ingest`: the HTML
reader of `flashpoint.ingest.readers` (trafilatura), the content hash over normalised text
(a text already stored is never extracted again: the URL is recorded as a duplicate of that
article), `extract_batch` and `Store.add_batch` (one transaction per batch: articles, events
and failures), `recluster` at the end of a round that stored something. `stop` is polled
before each article: once it is true, the batch in hand is extracted and committed and the
round ends (the items not reached stay pending for the next run).
"""

from __future__ import annotations

import concurrent.futures as cf
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flashpoint.record import Article
from flashpoint.store.db import Store
from flashpoint.watch import state
from flashpoint.watch.fetch import FEED_TYPES, PAGE_TYPES, Fetcher, FetchError, FetchRecord
from flashpoint.watch.neardup import NearDuplicates, shingles
from flashpoint.watch.parse import Item, Listing, read_listing
from flashpoint.watch.sources import Source, article_id, canonical_url

MAX_ATTEMPTS = 3     # a page that fails for a passing reason is tried in this many rounds
MAX_CHILDREN = 3     # sitemaps read from a sitemap index per round (newest first)
SYNDICATION_DAYS = 7  # stored articles a copy from another source is compared with


@dataclass
class RoundReport:
    polled: int = 0        # listings asked for
    unchanged: int = 0     # answered 304
    deferred: int = 0      # host resting (Retry-After / back-off) or not due
    found: int = 0         # new item URLs queued
    fetched: int = 0       # article pages fetched
    stored: int = 0        # new articles
    duplicates: int = 0    # pages whose text was already stored (another URL, syndication)
    syndicated: int = 0    # of those, near-identical copies from another source
    events: int = 0
    failures: int = 0
    requests: int = 0
    clusters: int = 0
    interrupted: bool = False
    seconds: float = 0.0
    per_source_requests: dict[str, int] = field(default_factory=dict)

    def line(self, number: int | None = None) -> str:
        head = f"round {number}: " if number is not None else ""
        return (f"{head}{self.polled} sources polled ({self.unchanged} unchanged, "
                f"{self.deferred} deferred), {self.found} new links, {self.stored} new "
                f"articles, {self.duplicates} already stored, {self.events} events, "
                f"{self.failures} failures, {self.requests} requests in {self.seconds:.1f} s")


@dataclass
class _Poll:
    source: Source
    status: int | None = None
    listing: Listing | None = None
    items: list[Item] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    feed_url: str | None = None
    error: str | None = None
    where: str | None = None
    rest: float | None = None


def poll_listing(fetcher: Fetcher, source: Source, known: dict[str, Any]) -> _Poll:
    """Fetch and read the source's listing (conditional when its last poll was complete)."""
    feed_url = known.get("feed_url")
    poll = _Poll(source, feed_url=feed_url)
    target = feed_url or source.url
    try:
        resp = fetcher.fetch(target, "listing", etag=known.get("etag"),
                             last_modified=known.get("last_modified"), kinds=FEED_TYPES,
                             source=source.url)
        poll.status = resp.status
        if resp.status == 304:
            poll.etag, poll.last_modified, poll.feed_url = (
                known.get("etag"), known.get("last_modified"), feed_url)
            return poll
        listing = read_listing(resp.body, resp.url, resp.content_type)
        if listing.feed_url and not feed_url:  # a home page: read the feed it names
            poll.feed_url = target = listing.feed_url
            resp = fetcher.fetch(target, "listing", kinds=FEED_TYPES, source=source.url)
            listing = read_listing(resp.body, resp.url, resp.content_type)
            if listing.feed_url:
                listing.problem = "the feed link leads to another HTML page"
        poll.etag, poll.last_modified = resp.etag, resp.last_modified
        poll.listing = listing
        if listing.problem:
            poll.error, poll.where = listing.problem, target
            return poll
        poll.items = list(listing.items)
        for child in listing.children[:MAX_CHILDREN]:
            try:
                sub = fetcher.fetch(child, "listing", kinds=FEED_TYPES, source=source.url)
            except FetchError as exc:
                poll.error, poll.where = exc.reason, child
                continue
            part = read_listing(sub.body, sub.url, sub.content_type)
            if part.problem:
                poll.error, poll.where = part.problem, child
            poll.items.extend(part.items)
    except FetchError as exc:
        poll.error, poll.where = exc.reason, target
        poll.status = exc.status
        if exc.transient:
            poll.rest = fetcher.resting(target) or None
        if feed_url and not exc.transient:
            poll.feed_url = None  # a discovered feed that is gone: find it again next time
    return poll


def fetch_page(fetcher: Fetcher, url: str, source: Source) -> tuple[bytes, str]:
    resp = fetcher.fetch(url, "page", kinds=PAGE_TYPES, source=source.url)
    return resp.body, resp.url


def read_article(body: bytes, url: str, item_title: str | None,
                 item_date: Any, source: Source) -> Article:
    """The article of a fetched page, by the HTML reader `ingest` uses (trafilatura);
    raises ValueError with the reason when the page has no article."""
    from flashpoint.ingest.readers import html_article

    article = html_article(body, url, "web", item_date)
    article.id = article_id(url)
    article.url = url
    article.source = source.name
    if article.title is None and item_title:
        article.title = item_title
    return article


class Round:
    """One round over `sources`, storing into `store`."""

    def __init__(self, store: Store, fetcher: Fetcher, pipeline: Callable[[], Any], *,
                 max_per_source: int | None = None, batch_size: int = 20, threads: int = 8,
                 stop: Callable[[], bool] | None = None,
                 on_failure: Callable[[str], None] | None = None,
                 due: Callable[[Source, dict[str, Any]], bool] | None = None) -> None:
        self.store, self.fetcher, self.pipeline = store, fetcher, pipeline
        self.max_per_source, self.batch_size, self.threads = max_per_source, batch_size, threads
        self.stop = stop or (lambda: False)
        self.on_failure = on_failure
        self.due = due
        self.report = RoundReport()
        self._records: list[FetchRecord] = []
        self._records_lock = threading.Lock()
        self._batch: list[tuple[Article, tuple]] = []
        self._marks: list[tuple[str, str, str | None, int]] = []
        self._failures: list[tuple[str, str, str]] = []
        self._owners: dict[str, str] = {}
        self._near = NearDuplicates()

    # ------------------------------------------------------------------ helpers
    def _on_request(self, record: FetchRecord) -> None:
        with self._records_lock:
            self._records.append(record)

    def _flush_records(self) -> None:
        with self._records_lock:
            records, self._records = self._records, []
        for r in records:
            self.report.requests += 1
            key = r.source or "-"
            self.report.per_source_requests[key] = self.report.per_source_requests.get(key,
                                                                                       0) + 1
        state.record_fetches(self.store, records)

    def _fail(self, where: str, reason: str, stage: str) -> None:
        self.report.failures += 1
        self._failures.append((where, reason, stage))
        if self.on_failure is not None:
            self.on_failure(f"{where}: {reason}")

    # ------------------------------------------------------------------ the round
    def run(self, sources: Sequence[Source]) -> RoundReport:
        t0 = time.perf_counter()
        previous = self.fetcher.on_request
        self.fetcher.on_request = self._on_request
        sources = [s for s in sources if s.enabled]
        state.register_sources(self.store, sources)
        robots, rests = state.load_hosts(self.store)
        self.fetcher.preload_robots(robots)
        self.fetcher.preload_rests(rests)
        self._owners = state.hash_owners(self.store)
        for aid, text, src in state.recent_texts(self.store, SYNDICATION_DAYS):
            self._near.add(aid, shingles(text), src)
        try:
            pool = cf.ThreadPoolExecutor(self.threads, thread_name_prefix="fp-watch")
            try:
                self._round(sources, pool)
            finally:  # on a stop, requests in flight are not waited for here
                pool.shutdown(wait=False, cancel_futures=True)
            self._flush()
            if self.report.stored:
                from flashpoint.cluster import recluster

                self.report.clusters = recluster(self.store)
        finally:
            self.fetcher.on_request = previous
            self._flush_records()
            state.save_hosts(self.store, self.fetcher.robots_read, self.fetcher.rests())
            self.fetcher.robots_read = {}
            self.report.seconds = time.perf_counter() - t0
        return self.report

    def _round(self, sources: Sequence[Source], pool: cf.ThreadPoolExecutor) -> None:
        polls: dict[cf.Future, Source] = {}
        for source in sources:
            known = state.source_state(self.store, source.url)
            not_before = known.get("not_before")
            resting = self.fetcher.resting(known.get("feed_url") or source.url)
            if resting or (not_before is not None and not_before > state._now()) or \
                    (self.due is not None and not self.due(source, known)):
                self.report.deferred += 1
                continue
            polls[pool.submit(poll_listing, self.fetcher, source, known)] = source
        pages: dict[cf.Future, tuple] = {}
        for future in cf.as_completed(polls):
            self._take_poll(future.result())
        self._flush_records()
        if self.stop():
            self.report.interrupted = True
            return
        for source in sources:  # pending items of every source, the new and the left over
            for url, title, published, attempts in state.pending_items(
                    self.store, source.url, self.max_per_source):
                if self.fetcher.resting(url):
                    continue  # its host asked for a pause: next round
                job = pool.submit(fetch_page, self.fetcher, url, source)
                pages[job] = (url, title, published, attempts, source)
        for future in cf.as_completed(pages):
            if self.stop():
                self.report.interrupted = True
                return
            url, title, published, attempts, source = pages[future]
            self._take_page(future, url, title, published, attempts, source)
            if len(self._batch) >= self.batch_size:
                self._flush()

    def _take_poll(self, poll: _Poll) -> None:
        self.report.polled += 1
        source = poll.source
        if poll.error is not None:
            self._fail(poll.where or source.url, poll.error, "fetch")
            self.store.con.execute("UPDATE sources SET feed_url = ? WHERE url = ?",
                                   [poll.feed_url, source.url])
            rest_until = time.time() + poll.rest if poll.rest else None
            state.source_polled(self.store, source.url, status=poll.status,
                                error=poll.error, not_before=rest_until)
            if not poll.items:
                self._commit_failures()
                return
        if poll.status == 304:
            self.report.unchanged += 1
            state.source_polled(self.store, source.url, status=304, error=None)
            return
        items = [(canonical_url(i.url), i) for i in poll.items]
        kind = poll.listing.kind if poll.listing else "feed"
        self.report.found += state.queue_items(
            self.store, source.url, items, kind=kind, feed_url=poll.feed_url,
            etag=poll.etag, last_modified=poll.last_modified, status=poll.status or 200)
        self._commit_failures()

    def _commit_failures(self) -> None:
        if self._failures and not self._batch:
            self.store.add_batch([], self._failures)
            self._failures = []

    def _take_page(self, future: cf.Future, url: str, title: str | None, published: Any,
                   attempts: int, source: Source) -> None:
        try:
            body, _final = future.result()
        except FetchError as exc:
            tries = attempts + 1
            keep = exc.transient and tries < MAX_ATTEMPTS
            self._marks.append((url, state.PENDING if keep else state.FAILED, None, tries))
            self._fail(url, exc.reason + (" (will try again)" if keep else ""), "fetch")
            return
        self.report.fetched += 1
        try:
            article = read_article(body, url, title, published, source)
        except ValueError as exc:
            self._marks.append((url, state.FAILED, None, attempts + 1))
            self._fail(url, str(exc), "read")
            return
        h = article.content_hash
        owner = self._owners.get(h)
        if owner == article.id:  # stored before a kill left its URL pending
            self._marks.append((url, state.STORED, owner, attempts + 1))
            return
        if owner is not None:  # the same text under another URL: coded once
            self.report.duplicates += 1
            self._marks.append((url, state.DUPLICATE, owner, attempts + 1))
            return
        sig = shingles(article.text)
        copy = self._near.find(sig, source.url)
        if copy is not None:  # a syndicated copy: one article, one more URL and source
            self.report.duplicates += 1
            self.report.syndicated += 1
            self._marks.append((url, state.DUPLICATE, copy, attempts + 1))
            return
        self._near.add(article.id, sig, source.url)
        self._owners[h] = article.id
        self._batch.append((article, (url, attempts + 1)))

    def _flush(self) -> None:
        """Extract the batch in hand and commit it with its failures, then mark its items."""
        from flashpoint.store.ingest import extract_batch

        batch, self._batch = self._batch, []
        keep = []
        if batch:
            results = extract_batch(self.pipeline(), [a for a, _ in batch])
            for (article, (url, tries)), (records, reason) in zip(batch, results, strict=True):
                if reason is not None:
                    self._owners.pop(article.content_hash, None)
                    self._near.discard(article.id)
                    self._marks.append((url, state.FAILED, None, tries))
                    self._fail(url, reason, "analysis")
                    continue
                keep.append((article, records))
                self._marks.append((url, state.STORED, article.id, tries))
        if keep or self._failures:
            result = self.store.add_batch(keep, self._failures)
            self.report.stored += result.articles
            self.report.events += result.events
            self._failures = []
        state.mark_items(self.store, self._marks)
        self._marks = []
        self._flush_records()
