"""Dask engine for `flashpoint ingest --engine dask`: extraction on a Dask distributed cluster.

Why: the local engine is bound by one machine's cores; extraction is embarrassingly parallel
per article, while the DuckDB store allows one writer. So:

* The client reads the inputs with the local engine's readers, skips texts already stored
  and renames clashing ids -- it runs `flashpoint.store.ingest.ingest` itself, with this
  module's runner, so reading, dedupe, storing and clustering are the local engine's code.
* Each batch is one Dask task. A worker process loads the `Pipeline` once (the
  `PipelinePreload` worker plugin, registered when the first batch is sent, loads it on every
  worker and on workers that join later; `worker_pipeline()` caches it per process) and
  returns the batch as a Parquet file: article rows, their event records as JSON, analysis
  and read failures.
* The client writes that file as a shard (`<run>-<n>.parquet` under the shard folder), reads
  the shard back and stores it in one transaction, in input order; the shard is then deleted
  unless `keep_shards`. Workers need flashpoint and its model installed, but no shared
  filesystem and no access to the database.

Without a scheduler address a `LocalCluster` is started on 127.0.0.1 with no dashboards, so
nothing listens or connects beyond loopback. A task that fails (a worker died) records its
articles as analysis failures; a re-run retries them.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dask
import pyarrow as pa
import pyarrow.parquet as pq
from distributed import Client, Future, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from flashpoint.record import Article
from flashpoint.store.db import Store
from flashpoint.store.ingest import (
    Batch,
    ExtractResult,
    FailureRow,
    IngestReport,
    StoreBatch,
    extract_batch,
    ingest,
)

SHARD_SCHEMA = pa.schema([
    ("kind", pa.string()),          # 'article' or 'failure'
    ("id", pa.string()),
    ("content_hash", pa.string()),
    ("url", pa.string()),
    ("source", pa.string()),
    ("title", pa.string()),
    ("published", pa.date32()),
    ("text", pa.string()),
    ("origin", pa.string()),
    ("events", pa.string()),        # JSON list of Event.to_dict() records (article rows)
    ("reason", pa.string()),        # why analysis (article) or reading (failure) failed
    ("input", pa.string()),         # failure rows: the input that failed
    ("stage", pa.string()),         # failure rows: 'read' or 'analysis'
])


class DaskEngineError(RuntimeError):
    """The Dask cluster cannot be used (unreachable scheduler, no workers, broken workers)."""


@dataclass
class DaskIngestReport(IngestReport):
    shards: int = 0                 # shards written (one per batch)
    shards_dir: str | None = None   # where they are, when kept


# ---------------------------------------------------------------------- shards
def shard_table(articles: Sequence[Article], failures: Sequence[FailureRow],
                results: ExtractResult) -> pa.Table:
    """One batch as a table: an 'article' row per article, a 'failure' row per read failure."""
    rows: list[dict[str, Any]] = []
    for article, (records, reason) in zip(articles, results, strict=True):
        rows.append({
            "kind": "article", "id": article.id, "content_hash": article.content_hash,
            "url": article.url, "source": article.source, "title": article.title,
            "published": article.published, "text": article.text, "origin": article.origin,
            "events": None if reason is not None else json.dumps(records, ensure_ascii=False),
            "reason": reason,
        })
    for where, reason, stage in failures:
        rows.append({"kind": "failure", "input": where, "reason": reason, "stage": stage})
    return pa.Table.from_pylist(rows, schema=SHARD_SCHEMA)


def shard_bytes(articles: Sequence[Article], failures: Sequence[FailureRow],
                results: ExtractResult) -> bytes:
    buf = io.BytesIO()
    pq.write_table(shard_table(articles, failures, results), buf, compression="zstd")
    return buf.getvalue()


def read_shard(path: str | Path) -> tuple[list[Article], list[FailureRow], ExtractResult]:
    """A shard back as (articles, read failures, per-article results) for `store_batch`."""
    articles: list[Article] = []
    failures: list[FailureRow] = []
    results: ExtractResult = []
    for row in pq.read_table(path, schema=SHARD_SCHEMA).to_pylist():
        if row["kind"] == "failure":
            failures.append((row["input"], row["reason"], row["stage"]))
            continue
        articles.append(Article(id=row["id"], text=row["text"], title=row["title"],
                                published=row["published"], url=row["url"],
                                source=row["source"], origin=row["origin"]))
        records = json.loads(row["events"]) if row["events"] is not None else []
        results.append((records, row["reason"]))
    return articles, failures, results


# ---------------------------------------------------------------------- worker side
_PIPELINES: dict[bool, Any] = {}  # by focus mode
_LOAD_LOCK = threading.Lock()
_EXTRACT_LOCK = threading.Lock()  # one extraction at a time per process (multi-thread workers)


def worker_pipeline(focus: bool = False) -> Any:
    """This process's Pipeline, loaded on first use: a worker loads the model once."""
    with _LOAD_LOCK:
        if focus not in _PIPELINES:
            from flashpoint.pipeline import Pipeline, PipelineOptions

            pipeline = Pipeline(PipelineOptions(focus=focus))
            pipeline.nlp  # noqa: B018 - load everything before the first batch
            pipeline.coder  # noqa: B018
            _PIPELINES[focus] = pipeline
    return _PIPELINES[focus]


def extract_shard(articles: list[Article], failures: list[FailureRow],
                  focus: bool = False) -> bytes:
    """The Dask task: extract one batch, return it as Parquet bytes."""
    results: ExtractResult = []
    if articles:
        pipeline = worker_pipeline(focus)
        with _EXTRACT_LOCK:
            results = extract_batch(pipeline, articles)
    return shard_bytes(articles, failures, results)


class PipelinePreload(WorkerPlugin):
    """Loads the Pipeline as a worker joins, so the first batch does not wait for the model."""

    name = "flashpoint-pipeline"

    def __init__(self, focus: bool = False) -> None:
        self.focus = focus

    async def setup(self, worker: Any) -> None:
        await asyncio.to_thread(worker_pipeline, self.focus)


# ---------------------------------------------------------------------- client side
@contextlib.contextmanager
def dask_client(scheduler: str | None, workers: int,
                connect_timeout: float | None = None) -> Iterator[Client]:
    """A client of `scheduler`, or of a loopback-only LocalCluster of `workers` processes.
    `connect_timeout` defaults to Dask's `distributed.comm.timeouts.connect` (30 s)."""
    from dask.utils import parse_timedelta

    if connect_timeout is None:
        connect_timeout = parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"))
    with dask.config.set({"distributed.diagnostics.nvml": False}):
        if scheduler:
            try:
                client = Client(scheduler, timeout=connect_timeout, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as exc:
                raise DaskEngineError(f"{scheduler}: cannot reach the Dask scheduler "
                                      f"({_first_line(exc)})") from None
            try:
                try:
                    client.wait_for_workers(1, timeout=connect_timeout)
                except (OSError, TimeoutError):
                    raise DaskEngineError(f"{scheduler}: the Dask cluster has no workers "
                                          f"after {connect_timeout:g} s") from None
                yield client
            finally:
                client.close()
        else:
            try:
                cluster = LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True,
                    host="127.0.0.1", dashboard_address=None, worker_dashboard_address=None,
                    silence_logs=logging.CRITICAL,  # failures are reported here, in one line
                    # the scheduler's HTTP routes (health, metrics) listen even without a
                    # dashboard: on a free loopback port, not 8787
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
            except Exception as exc:  # any start-up failure of the local cluster
                raise DaskEngineError(f"cannot start a local Dask cluster of {workers} "
                                      f"workers ({_first_line(exc)})") from None
            with cluster, Client(cluster, set_as_default=False) as client:
                yield client


def _first_line(exc: BaseException) -> str:
    """`Type: first line of the message`: remote errors can span pages."""
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _prepare_workers(client: Client, focus: bool) -> None:
    """Load the pipeline on every worker now (and on workers that join later)."""
    try:
        client.register_plugin(PipelinePreload(focus))
    except Exception as exc:  # a remote failure of any kind
        from flashpoint.nlp.pipeline import ModelNotInstalled

        if isinstance(exc, ModelNotInstalled):
            raise
        raise DaskEngineError(f"Dask workers cannot load the flashpoint pipeline "
                              f"({_first_line(exc)}); install flashpoint and its model on "
                              "every worker") from None


class _ShardRunner:
    """The `runner` for `ingest`: a window of batches in flight, shards stored in order."""

    def __init__(self, client: Client, shards_dir: Path, keep: bool, window: int,
                 focus: bool = False) -> None:
        self.client = client
        self.focus = focus
        self.shards_dir = shards_dir
        self.keep = keep
        self.window = window
        self.run_id = uuid.uuid4().hex[:12]
        self.shards = 0
        self.prepared = False

    def __call__(self, batches: Iterator[Batch], store_batch: StoreBatch) -> None:
        pending: deque[tuple[list[Article], list[FailureRow], Future | None]] = deque()
        for articles, failures in batches:
            future = None
            if articles:
                if not self.prepared:  # only once there is work: a no-op re-run loads nothing
                    _prepare_workers(self.client, self.focus)
                    self.prepared = True
                future = self.client.submit(extract_shard, articles, failures, self.focus,
                                            pure=False)
            pending.append((articles, failures, future))
            while len(pending) > self.window:
                self._load(*pending.popleft(), store_batch)
        while pending:
            self._load(*pending.popleft(), store_batch)

    def _load(self, articles: list[Article], failures: list[FailureRow],
              future: Future | None, store_batch: StoreBatch) -> None:
        if future is None:
            data = shard_bytes(articles, failures, [])
        else:
            try:
                data = future.result()
            except Exception as exc:  # the task or its worker failed
                reason = f"Dask task failed ({_first_line(exc)})"
                data = shard_bytes(articles, failures, [([], reason)] * len(articles))
        self.shards += 1
        path = self.shards_dir / f"{self.run_id}-{self.shards:06d}.parquet"
        part = path.with_suffix(".parquet.part")
        part.write_bytes(data)
        os.replace(part, path)
        store_batch(*read_shard(path))
        if not self.keep:
            path.unlink()


def ingest_dask(
    paths: Sequence[str],
    store: Store,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    shards_dir: str | Path | None = None,
    keep_shards: bool = False,
    connect_timeout: float | None = None,
    focus: bool = False,
    **kwargs: Any,
) -> DaskIngestReport:
    """`flashpoint.store.ingest.ingest` with extraction on Dask (see module doc). `workers`
    sizes the LocalCluster started when `scheduler` is None; other keyword arguments
    (published, batch_size, progress, on_failure, stdin, progress_file, cluster) are
    `ingest`'s."""
    t0 = time.perf_counter()
    made_dir = shards_dir is None
    parent = Path(store.path).resolve().parent if store.path != ":memory:" else None
    shards = Path(shards_dir) if shards_dir is not None else parent or Path(tempfile.gettempdir())
    try:
        if shards_dir is None:
            shards = Path(tempfile.mkdtemp(prefix=".flashpoint-shards-", dir=parent))
        else:
            shards.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DaskEngineError(f"{shards}: cannot create the shard folder "
                              f"({exc.strerror or exc})") from None
    try:
        with dask_client(scheduler, workers, connect_timeout) as client:
            threads = sum(client.nthreads().values())
            runner = _ShardRunner(client, shards, keep_shards, window=max(2, 2 * threads),
                                  focus=focus)
            base = ingest(paths, store, runner=runner, **kwargs)
    finally:
        if made_dir and not keep_shards:
            shutil.rmtree(shards, ignore_errors=True)
    report = DaskIngestReport(**vars(base))
    report.seconds = time.perf_counter() - t0  # with cluster start and model loading
    report.shards = runner.shards
    report.shards_dir = str(shards) if keep_shards else None
    return report

