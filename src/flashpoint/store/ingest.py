"""Ingest: read a corpus into the store, idempotently and crash-safely.

* Inputs are whatever `flashpoint.ingest.read_inputs` reads (.txt, .html, .jsonl, folders,
  stdin) plus `.csv` files (columns id, text, title, published, url, source; read here).
* An article whose content hash (over normalised text: whitespace, line endings, NFC) is
  already stored is skipped *before* extraction, so a re-run over the same corpus only reads
  and hashes. A known text that comes with another `published` date or title is extracted
  again and replaces the stored article and its events (counted as `updated`).
* Articles are committed in batches: one transaction holds a batch's articles, their events
  and its failures, so a run killed at any moment loses at most the uncommitted batch and a
  re-run completes it without duplicates.
* `workers > 1` extracts in that many processes (each loads its own Pipeline); this process
  stays the only DuckDB writer.
* `runner` swaps the extraction engine (`flashpoint.engines.dask_engine` passes one): it gets
  the batches this function reads and dedupes, and hands each batch's results to the same
  `store_batch`, so every engine stores exactly what the local one stores.
* Every bad input and every article that cannot be analysed is recorded in `failures` and
  reported through `on_failure` (the CLI prints one line each on stderr).
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from flashpoint.ingest import InputFailure, read_inputs
from flashpoint.ingest.readers import read_csv  # noqa: F401 - part of this module's API
from flashpoint.record import Article
from flashpoint.store.db import Store

CSV_COLUMNS = ("id", "text", "title", "published", "url", "source")


@dataclass
class IngestReport:
    read: int = 0          # articles read from the inputs
    skipped: int = 0       # already stored (same content hash), or repeated in this run
    updated: int = 0       # a stored text given again with another date or title: replaced
    interrupted: bool = False  # stopped early on request; what was read is committed
    stored: int = 0        # new articles committed
    events: int = 0        # events of the new articles
    failures: int = 0      # bad inputs + articles that could not be analysed
    clusters: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Articles read per second."""
        return self.read / self.seconds if self.seconds else 0.0


# ---------------------------------------------------------------------- reading
def read_corpus(
    paths: Sequence[str], *, published: dt.date | None = None, stdin: TextIO | None = None,
    max_bytes: int = 20_000_000,
) -> Iterator[Article | InputFailure]:
    """The corpus behind `paths`: what the ingest stage reads (.txt/.html/.jsonl/.csv)."""
    return read_inputs(paths, published=published, stdin=stdin, max_bytes=max_bytes)


# ---------------------------------------------------------------------- extraction
ExtractResult = list[tuple[list[dict[str, Any]], str | None]]  # per article: records, failure
FailureRow = tuple[str, str, str]  # (input, reason, stage)
Batch = tuple[list[Article], list[FailureRow]]  # new articles + read failures, in input order
StoreBatch = Callable[[list[Article], list[FailureRow], ExtractResult], None]
# An extraction engine: consumes the batches, calls store_batch once per batch, in order.
Runner = Callable[[Iterator[Batch], StoreBatch], None]

_WORKER_PIPELINE: Any = None


def extract_batch(pipeline: Any, articles: Sequence[Article]) -> ExtractResult:
    """Event records of each article, or the reason its analysis failed."""
    reasons: dict[int, str] = {}

    def on_error(article: Article, reason: str) -> None:
        reasons[id(article)] = reason

    out: ExtractResult = []
    for article, events in zip(articles, pipeline.extract_many(articles, on_error=on_error),
                               strict=True):
        out.append(([e.to_dict() for e in events], reasons.get(id(article))))
    return out


class _OrphanQuiet:
    """A worker's stderr that goes silent once its parent is gone: between the parent's
    death and the signal that ends the worker, the worker's write to the closed result pipe
    fails and multiprocessing would print that BrokenPipe traceback (it prints while the
    error is being handled, which is how it is recognised here)."""

    def __init__(self, stream: TextIO, parent: int) -> None:
        self._stream, self._parent = stream, parent

    def write(self, text: str) -> int:
        lost = isinstance(sys.exc_info()[1], BrokenPipeError | EOFError | ConnectionError)
        if lost or os.getppid() != self._parent:
            return len(text)
        return self._stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _exit_with_parent(parent: int | None = None) -> None:
    """A worker never outlives the ingest process: the kernel sends it SIGTERM when the
    parent dies (Linux `PR_SET_PDEATHSIG`), and a watcher thread exits when the parent
    changes (any POSIX). Ctrl-C is the parent's to handle: workers ignore SIGINT, so an
    interrupt prints no traceback per worker. `parent`: the pid of the ingest process, as it
    told the worker; a worker started just before the ingest process was killed already has
    another parent and exits at once (without it, it would take its new parent for its own)."""
    import signal
    import threading

    if parent is None:
        parent = os.getppid()
    elif os.getppid() != parent:
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stderr = _OrphanQuiet(sys.stderr, parent)
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None).prctl(1, int(signal.SIGTERM))  # 1 = PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before the call
            os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="flashpoint-parent-watch", daemon=True).start()


def _init_worker(focus: bool = False, parent: int | None = None) -> None:
    global _WORKER_PIPELINE
    _exit_with_parent(parent)
    from flashpoint.pipeline import Pipeline, PipelineOptions

    _WORKER_PIPELINE = Pipeline(PipelineOptions(focus=focus))
    _WORKER_PIPELINE.nlp  # noqa: B018 - load everything before the first batch arrives
    _WORKER_PIPELINE.coder  # noqa: B018


ARTICLE_BUDGET_S = 120.0  # wall-clock seconds a worker may spend on one article


class _Overrun(BaseException):
    """The time budget ran out (a BaseException, so no per-article handler swallows it)."""


def _within(seconds: float, fn: Callable[[], ExtractResult]) -> ExtractResult:
    import signal

    def alarm(signum: int, frame: object) -> None:
        raise _Overrun

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _worker_extract(articles: list[Article]) -> ExtractResult:
    """A batch within `ARTICLE_BUDGET_S` per article (`$FLASHPOINT_ARTICLE_BUDGET` sets
    it); when the batch overruns, its articles are retried one at a time, and one that
    overruns alone is that article's failure, so a pathological text cannot hold a worker."""
    budget = float(os.environ.get("FLASHPOINT_ARTICLE_BUDGET") or ARTICLE_BUDGET_S)
    try:
        return _within(budget * len(articles), lambda: extract_batch(_WORKER_PIPELINE, articles))
    except _Overrun:
        pass
    out: ExtractResult = []
    for article in articles:
        try:
            out.extend(_within(budget, lambda a=article: extract_batch(_WORKER_PIPELINE, [a])))
        except _Overrun:
            out.append(([], f"analysis stopped after {budget:g} s (the time budget per "
                            "article in a worker)"))
    return out


# ---------------------------------------------------------------------- ingest
def ingest(
    paths: Sequence[str],
    store: Store,
    *,
    published: dt.date | None = None,
    workers: int = 1,
    batch_size: int = 100,
    progress: bool = False,
    on_failure: Callable[[str], None] | None = None,
    stdin: TextIO | None = None,
    progress_file: TextIO | None = None,
    cluster: bool = True,
    runner: Runner | None = None,
    focus: bool = False,
    stop: Callable[[], bool] | None = None,
) -> IngestReport:
    """Read, extract and store `paths`; returns counts. `on_failure` gets one line per
    failure ("INPUT: REASON"). `runner` replaces the local extraction (see module doc).
    `focus`: analyse only the sentences that may hold an event (`PipelineOptions.focus`).
    `stop`: polled before each input; once it returns True, reading stops, the batch in hand
    is extracted and committed, and the report says `interrupted` (the CLI's SIGINT/SIGTERM)."""
    from tqdm import tqdm

    report = IngestReport()
    t0 = time.perf_counter()
    known = store.known_articles()
    known_hashes = set(known)
    known_ids = store.known_ids()
    replacing: set[str] = set()
    total = None
    if progress:  # a cheap count first, so the bar has a total and an ETA from the start
        from flashpoint.store.progress import count_inputs

        total = count_inputs(paths)
    bar = tqdm(total=total, unit=" articles", file=progress_file or sys.stderr,
               disable=not progress, dynamic_ncols=True, mininterval=0.5, smoothing=0.1)

    def fail(line: str) -> None:
        report.failures += 1
        if on_failure is not None:
            if progress:
                bar.clear()
            on_failure(line)

    def batches() -> Iterator[Batch]:
        articles: list[Article] = []
        failures: list[FailureRow] = []
        for item in read_corpus(paths, published=published, stdin=stdin):
            if stop is not None and stop():
                report.interrupted = True
                break
            if isinstance(item, InputFailure):
                failures.append((item.input, item.reason, "read"))
                fail(str(item))
                bar.update(1)
                continue
            report.read += 1
            h = item.content_hash
            if h in known_hashes:
                old = known.pop(h, None)  # a second copy in this run is a plain repeat
                if old is None or not _corrects(item, old):
                    report.skipped += 1
                    bar.update(1)
                    continue
                item.id = old[0]
                replacing.add(item.id)
                articles.append(item)
                if len(articles) >= batch_size:
                    yield articles, failures
                    articles, failures = [], []
                continue
            known_hashes.add(h)
            if item.id in known_ids:  # another text under a used id: keep both, apart
                item.id = f"{item.id}~{h[:8]}"
            known_ids.add(item.id)
            articles.append(item)
            if len(articles) >= batch_size:
                yield articles, failures
                articles, failures = [], []
        if articles or failures:
            yield articles, failures

    def store_batch(articles: list[Article], failures: list[FailureRow],
                    results: ExtractResult) -> None:
        keep = []
        for article, (records, reason) in zip(articles, results, strict=True):
            if reason is not None:
                where = article.origin or article.id
                failures.append((where, reason, "analysis"))
                fail(f"{where}: {reason}")
                known_hashes.discard(article.content_hash)
                continue
            keep.append((article, records))
        replace = [a.id for a, _ in keep if a.id in replacing]
        result = store.add_batch(keep, failures, replace=replace)
        report.updated += len(replace)
        result.articles -= len(replace)
        report.stored += result.articles
        report.events += result.events
        bar.set_postfix(events=report.events, failures=report.failures,
                        skipped=report.skipped, refresh=False)
        bar.update(len(articles))
        bar.refresh()  # the rate and ETA show from the first batch on

    try:
        if runner is not None:
            runner(batches(), store_batch)
        elif workers <= 1:
            from flashpoint.pipeline import Pipeline, PipelineOptions

            pipeline = Pipeline(PipelineOptions(focus=focus))
            for articles, failures in batches():
                results = extract_batch(pipeline, articles) if articles else []
                store_batch(articles, failures, results)
        else:
            _ingest_parallel(batches(), store_batch, workers, focus=focus)
        if cluster and not report.interrupted:
            from flashpoint.cluster import recluster

            report.clusters = recluster(store)
    finally:
        bar.close()
        report.seconds = time.perf_counter() - t0
    return report


def _corrects(article: Article, stored: tuple[str, dt.date | None, str | None]) -> bool:
    """A known text given with a date or title that differs from the stored one."""
    _, published, title = stored
    return (article.published is not None and article.published != published) or \
        (article.title is not None and article.title != title)


def _ingest_parallel(batches: Iterator[Batch], store_batch: StoreBatch, workers: int,
                     *, focus: bool = False) -> None:
    """Extraction in `workers` processes; results are stored in input order by this one."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")  # no fork of a process holding DuckDB
    # the pool's semaphores are the resource tracker's to clean up when this process is
    # killed; its "leaked semaphore" warning then is noise (the tracker takes -W options)
    quiet = "ignore:resource_tracker:UserWarning"
    if quiet not in sys.warnoptions:
        sys.warnoptions.append(quiet)
    window: collections.deque[Any] = collections.deque()
    with ctx.Pool(workers, initializer=_init_worker,
                  initargs=(focus, os.getpid())) as pool:
        for articles, failures in batches:
            # split a batch so every worker has work; the parent commits it whole
            step = max(1, -(-len(articles) // workers))
            parts = [pool.apply_async(_worker_extract, (articles[i:i + step],))
                     for i in range(0, len(articles), step)]
            window.append((articles, failures, parts))
            while len(window) > 2:
                _drain(window.popleft(), store_batch)
        while window:
            _drain(window.popleft(), store_batch)


def _drain(entry: tuple[list[Article], list[FailureRow], list[Any]],
           store_batch: StoreBatch) -> None:
    articles, failures, parts = entry
    results: ExtractResult = []
    for part in parts:
        results.extend(part.get())
    store_batch(articles, failures, results)
