"""Throughput: flashpoint extraction and ingest against the bare spaCy model (the ceiling).

    .venv/bin/python benchmarks/throughput.py [--articles 1000] [--shared ../shared]
                                              [--quick] [--json]

Two real corpora, cycled to `--articles` articles (each copy made unique with a trailing
reference line, so ingest's content-hash skip never applies):

* ordinary news: the GeoWebNews articles (`SHARED/dev/geo/GWN.xml`);
* conflict-dense: the seed article plus the PLOVER dev sentences, eight consecutive
  sentences to an article (`SHARED/dev/plover_gsr/PLOVER_GSR_CAMEO.txt`).

Per corpus, each measurement runs in its own subprocess (clean peak RSS, nothing shared):

* `spacy`: `spacy.load(model_name())` then `nlp.pipe` at flashpoint's batch size: the ceiling;
* `extract`: `Pipeline().extract_many` in one process;
* `ingest-1`, `ingest-2`: `flashpoint.store.ingest` into a fresh DuckDB file in one process
  and with 2 workers, as `flashpoint ingest` runs it;
* `extract-focus`, `ingest-2-focus`: the same in focus mode (`PipelineOptions(focus=True)`,
  `$FLASHPOINT_FOCUS=1` for the measurement's subprocess): only sentences that may hold an
  event are analysed.

Load time (model, dictionaries, gazetteer, first article) is excluded from the rates and
reported. `ingest-1` is timed on a small corpus (the load) and on the full one. Worker
processes load their own pipeline inside `ingest`, so `ingest-2` is timed from the first
batch's commit to the last (batches of 100, or a fifth of a smaller corpus). Peak RSS is the
measuring process's own; for ingest with workers the largest worker's peak is added once
per worker.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SENTENCES_PER_ARTICLE = 8
MODES = ("spacy", "extract", "extract-focus", "ingest-1", "ingest-2", "ingest-2-focus")
SMALL_INGEST = 20  # articles in the fixed-cost run of the 1-process ingest measurement
# ingest batch size with workers (the rate is timed from the first committed batch): the
# default 100, less on a small corpus so that it has five batches
WORKER_BATCH = 100


# ---------------------------------------------------------------------- corpora
def ordinary_news(shared: Path) -> list[str]:
    from flashpoint.evaluate.geo import load_geo_xml

    return [a.text for a in load_geo_xml(shared / "dev" / "geo" / "GWN.xml") if a.text.strip()]


def conflict_dense(shared: Path) -> list[str]:
    from flashpoint.evaluate.plover_dev import load_plover_dev

    seed = (shared / "seeds" / "000_5d585aea45ed2e84.txt").read_text(encoding="utf-8")
    sentences = [r.text.strip() for r in
                 load_plover_dev(shared / "dev" / "plover_gsr" / "PLOVER_GSR_CAMEO.txt")]
    groups = [" ".join(sentences[i:i + SENTENCES_PER_ARTICLE])
              for i in range(0, len(sentences), SENTENCES_PER_ARTICLE)]
    return [seed, *groups]


def cycled(texts: list[str], n: int) -> Iterator[tuple[str, str]]:
    """`n` (id, text) pairs; every copy gets a unique last line."""
    for k in range(n):
        yield f"a{k}", f"{texts[k % len(texts)].rstrip()}\n\nRef. {k}."


def write_jsonl(path: Path, rows: list[tuple[str, str]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for rid, text in rows:
            fh.write(json.dumps({"id": rid, "text": text, "published": "2024-01-01"}) + "\n")


def read_jsonl(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [(r["id"], r["text"]) for r in map(json.loads, fh)]


# ---------------------------------------------------------------------- measurements
def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def measure(mode: str, corpus: Path) -> dict[str, Any]:
    """One measurement in this (fresh) process."""
    import datetime as dt

    rows = read_jsonl(corpus)
    out: dict[str, Any] = {"mode": mode, "articles": len(rows)}
    if mode == "spacy":
        import spacy

        from flashpoint.nlp.pipeline import model_name
        from flashpoint.pipeline import PipelineOptions

        t0 = time.perf_counter()
        nlp = spacy.load(model_name())
        nlp(rows[0][1])
        out["load_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        for _ in nlp.pipe((t for _, t in rows), batch_size=PipelineOptions().batch_size):
            pass
        out["seconds"] = time.perf_counter() - t0
    elif mode.startswith("extract"):
        from flashpoint.pipeline import Pipeline, PipelineOptions
        from flashpoint.record import Article

        day = dt.date(2024, 1, 1)
        articles = [Article(id=i, text=t, published=day) for i, t in rows]
        t0 = time.perf_counter()
        focus = mode.endswith("-focus")
        pipeline = Pipeline(PipelineOptions(focus=True) if focus else PipelineOptions())
        pipeline.extract(Article(id="warm", text=rows[0][1], published=day))
        out["load_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        out["events"] = sum(len(e) for e in pipeline.extract_many(articles))
        out["seconds"] = time.perf_counter() - t0
    else:
        workers = int(mode.split("-")[1])
        out.update(_measure_ingest(corpus, rows, workers))
    out["rss_mb"] = _rss_mb(resource.RUSAGE_SELF)
    out["child_rss_mb"] = _rss_mb(resource.RUSAGE_CHILDREN)
    return out


def _focus() -> bool:
    return os.environ.get("FLASHPOINT_FOCUS") == "1"


def _measure_ingest(corpus: Path, rows: list[tuple[str, str]], workers: int) -> dict[str, Any]:
    """Focus mode comes from `$FLASHPOINT_FOCUS`, set by `run_measurement` for this
    measurement's subprocess; it is passed to `ingest` (and so to its workers) explicitly."""
    from flashpoint.store import ingest, open_store

    with tempfile.TemporaryDirectory(prefix="fp-throughput-") as tmp:
        if workers == 1:  # the in-process pipeline stays loaded: the small run is the load
            small = Path(tmp) / "small.jsonl"
            write_jsonl(small, rows[:min(SMALL_INGEST, max(1, len(rows) // 2))])
            with open_store(Path(tmp) / "small.duckdb") as store:
                t0 = time.perf_counter()
                ingest([str(small)], store, workers=1, focus=_focus())
                t_small = time.perf_counter() - t0
            with open_store(Path(tmp) / "full.duckdb") as store:
                t0 = time.perf_counter()
                report = ingest([str(corpus)], store, workers=1, focus=_focus())
                t_full = time.perf_counter() - t0
            return {"load_s": t_small, "seconds": t_full, "events": report.events,
                    "failures": report.failures}
        return _measure_parallel_ingest(corpus, Path(tmp) / "full.duckdb", workers)


def _measure_parallel_ingest(corpus: Path, db: Path, workers: int) -> dict[str, Any]:
    """`ingest` with workers, timed from the first stored batch to the last.

    Workers load their pipelines inside `ingest`, so the start is fixed cost; the steady
    rate is the articles of every batch after the first over the time from the first
    batch's commit to the last's, measured by wrapping the local engine's commit step
    (the run itself is `flashpoint ingest`'s, small batches so that the first comes early).
    """
    from flashpoint.store import ingest, open_store
    from flashpoint.store.ingest import _ingest_parallel

    stored: list[tuple[float, int]] = []

    def runner(batches: Any, store_batch: Any) -> None:
        def timed(articles: Any, failures: Any, results: Any) -> None:
            store_batch(articles, failures, results)
            stored.append((time.perf_counter(), len(articles)))

        _ingest_parallel(batches, timed, workers,
                         focus=_focus())

    with open_store(db) as store:
        t0 = time.perf_counter()
        batch = min(WORKER_BATCH, max(10, len(read_jsonl(corpus)) // 5))
        report = ingest([str(corpus)], store, workers=workers, batch_size=batch, runner=runner)
        wall = time.perf_counter() - t0
    first, last = stored[0][0], stored[-1][0]
    later = sum(n for _, n in stored[1:])
    steady = (last - first) * report.read / later if later else wall
    return {"load_s": max(wall - steady, 0.0), "seconds": steady, "wall_s": wall,
            "events": report.events, "failures": report.failures}


def run_measurement(mode: str, corpus: Path) -> dict[str, Any]:
    """`measure` in a child process, so every figure starts from a cold, separate process."""
    env = {**os.environ, "FLASHPOINT_FOCUS": "1" if mode.endswith("-focus") else "0"}
    proc = subprocess.run(
        [sys.executable, __file__, "--measure", mode, "--input", str(corpus)],
        capture_output=True, text=True, check=False, cwd=REPO, env=env,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{mode} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------- report
def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"load average {load:.2f} at start")


def table(results: dict[str, Any]) -> str:
    lines = [
        "| corpus | run | articles/s | words/s | × ceiling | load s | peak RSS MB | events |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for corpus, info in results["corpora"].items():
        runs = info["runs"]
        ceiling = runs.get("spacy", {}).get("articles_s")
        for mode, r in runs.items():
            ratio = f"{r['articles_s'] / ceiling:.2f}" if ceiling else "–"
            lines.append(
                f"| {corpus} | {mode} | {r['articles_s']:.1f} | {r['words_s']:,.0f} | {ratio} "
                f"| {r['load_s']:.1f} | {r['peak_rss_mb']:.0f} | {r.get('events', '–')} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000, help="articles per corpus")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--quick", action="store_true",
                    help="100 articles per corpus, no 1-process ingest")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--only", choices=MODES, action="append", help="run only these modes")
    ap.add_argument("--corpus", choices=("ordinary", "conflict"), action="append")
    ap.add_argument("--measure", choices=MODES, help=argparse.SUPPRESS)
    ap.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.input)))
        return 0

    n = 100 if args.quick and args.articles == 1000 else args.articles
    modes = args.only or [m for m in MODES if not (args.quick and m == "ingest-1")]
    sources = {"ordinary": ordinary_news, "conflict": conflict_dense}
    results: dict[str, Any] = {"machine": machine(), "articles": n, "corpora": {}}
    with tempfile.TemporaryDirectory(prefix="fp-corpus-") as tmp:
        for name in args.corpus or list(sources):
            rows = list(cycled(sources[name](args.shared), n))
            words = sum(len(t.split()) for _, t in rows)
            path = Path(tmp) / f"{name}.jsonl"
            write_jsonl(path, rows)
            runs: dict[str, Any] = {}
            for mode in modes:
                r = run_measurement(mode, path)
                workers = int(mode.split("-")[1]) if mode.startswith("ingest") else 0
                workers = workers if workers > 1 else 0
                r["articles_s"] = len(rows) / r["seconds"]
                r["words_s"] = words / r["seconds"]
                r["peak_rss_mb"] = r["rss_mb"] + workers * r["child_rss_mb"]
                runs[mode] = r
                print(f"{name} {mode}: {r['articles_s']:.1f} articles/s", file=sys.stderr)
            results["corpora"][name] = {"articles": len(rows), "words": words, "runs": runs}
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        print(f"Machine: {results['machine']}; {n} articles per corpus\n")
        print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
