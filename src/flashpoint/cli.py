"""The `flashpoint` command line.

Exit codes (scripts may rely on them):
    0  every input was read and processed
    1  some inputs failed (each named on stderr, one line each); the others were processed
    2  usage error (bad flag, bad date)
    3  the installation is broken (e.g. no English model)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE, EXIT_BROKEN, EXIT_LOCKED = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130  # SIGINT/SIGTERM: the batch in hand rolled back, a re-run goes on


def _date_arg(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flashpoint",
        description="Extract coded conflict and political events (PLOVER, ACLED) from news.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="print the events in articles")
    inp = ex.add_argument_group("input")
    inp.add_argument("paths", nargs="+", metavar="PATH",
                     help=".txt (first line = title), .html, .jsonl, a folder, or - for stdin")
    inp.add_argument("--published", type=_date_arg, metavar="DATE",
                     help="publication date (YYYY-MM-DD) for inputs that carry none")
    out = ex.add_argument_group("output")
    out.add_argument("--format", choices=("table", "json", "jsonl"), default="table")
    ex.add_argument("--model", metavar="FILE",
                    help="ACLED sub-event classifier from `flashpoint train`, used with the rules")
    ex.add_argument("--focus", action="store_true",
                    help="analyse only the sentences that may hold an event (faster; a place "
                         "named only in a skipped sentence is not used as a fallback)")

    ev = sub.add_parser("eval", help="score extraction against a gold file")
    ev.add_argument("gold", metavar="GOLD.jsonl")
    ev.add_argument("--format", choices=("text", "json"), default="text")
    ev.add_argument("--details", action="store_true", help="list matched and unmatched events")

    pd = sub.add_parser("eval-plover", help="score PLOVER event types on the PLOVER dev set")
    pd.add_argument("path", metavar="PLOVER_GSR_CAMEO.txt")
    pd.add_argument("--format", choices=("text", "json"), default="text")

    _add_eval_acled_command(sub)

    ge = sub.add_parser("geo-eval", help="score toponym recognition and resolution on "
                        "GeoWebNews / TR-News / LGL XML")
    ge.add_argument("path", metavar="FILE.xml")
    ge.add_argument("--format", choices=("text", "json"), default="text")
    ge.add_argument("--limit", type=int, metavar="N", help="only the first N articles")

    _add_store_commands(sub)
    _add_train_command(sub)
    _add_serve_command(sub)
    return parser


def _add_eval_acled_command(sub: argparse._SubParsersAction) -> None:
    """`eval-acled`: score extraction against ACLED's coding of its own notes."""
    ea = sub.add_parser("eval-acled", help="score extraction on ACLED exports: each row's "
                        "notes extracted and compared with the row's coding")
    ea.add_argument("paths", nargs="+", metavar="FILE.csv",
                    help="ACLED exports (current 31-column or older layout)")
    ea.add_argument("--sample", type=_positive_int, metavar="N",
                    help="score N rows of each file, drawn with --seed (default: every row)")
    ea.add_argument("--seed", type=int, default=0, metavar="S",
                    help="seed of the row sample (default 0)")
    ea.add_argument("--by", choices=("country", "admin1", "sub_event_type"),
                    help="also report the figures per group of rows")
    ea.add_argument("--format", choices=("text", "json"), default="text")
    ea.add_argument("--details", metavar="FILE",
                    help="write one JSON line per row (gold and prediction side by side)")
    ea.add_argument("--workers", type=_positive_int, default=1, metavar="N",
                    help="extraction processes (default 1)")


def _port_arg(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}")
    return number


def _add_serve_command(sub: argparse._SubParsersAction) -> None:
    """`serve`: the read-only web map and HTTP API (flashpoint.web)."""
    sv = sub.add_parser("serve", help="web map and JSON API over the event store (read-only)")
    sv.add_argument("--db", default="events.duckdb", metavar="FILE",
                    help="DuckDB event store (default: events.duckdb in the working folder)")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default "
                    "127.0.0.1)")
    sv.add_argument("--port", type=_port_arg, default=8000, help="port (default 8000)")


def _add_train_command(sub: argparse._SubParsersAction) -> None:
    """`train`: fit the optional ACLED sub-event classifier (flashpoint.learn)."""
    tr = sub.add_parser("train", help="fit an ACLED sub-event classifier on an ACLED export")
    tr.add_argument("--acled", required=True, metavar="EXPORT.csv",
                    help="ACLED export with the columns notes and sub_event_type")
    tr.add_argument("-o", "--output", required=True, metavar="FILE", help="model file to write")
    tr.add_argument("--threshold", type=float, default=0.6, metavar="P",
                    help="probability above which the model overrides the rules (default 0.6)")
    tr.add_argument("--no-rule-feature", action="store_true",
                    help="do not run the rules on the notes (faster on large exports)")


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"not a positive integer: {value!r}")
    return number


def _add_store_commands(sub: argparse._SubParsersAction) -> None:
    """`ingest`, `export`, `stats`: the DuckDB event store (flashpoint.store)."""
    db_help = "DuckDB event store (default: events.duckdb in the working folder)"
    ing = sub.add_parser("ingest", help="extract articles into the event store (idempotent)")
    ing.add_argument("paths", nargs="+", metavar="PATH",
                     help=".txt, .html, .jsonl, .csv (id,text,title,published,url,source), "
                          "a folder, or - for stdin")
    ing.add_argument("--db", default="events.duckdb", metavar="FILE", help=db_help)
    ing.add_argument("--wait", type=float, default=5.0, metavar="SECONDS",
                     help="when another process holds the store, wait this long for it, "
                          "then give up with exit code 4 (default 5)")
    ing.add_argument("--published", type=_date_arg, metavar="DATE",
                     help="publication date (YYYY-MM-DD) for inputs that carry none")
    ing.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                     help="extraction processes (default 1); with --engine dask and no "
                          "--scheduler, the local Dask cluster's worker processes (default 2)")
    ing.add_argument("--batch-size", type=_positive_int, default=100, metavar="N",
                     help="articles per committed transaction (default 100); with --engine "
                          "dask also per task and per shard")
    ing.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    ing.add_argument("--engine", choices=("local", "dask"), default="local",
                     help="where extraction runs: this machine's processes (default) or a Dask "
                          "cluster (needs the flashpoint[dask] extra)")
    ing.add_argument("--scheduler", metavar="ADDRESS",
                     help="Dask scheduler to use (e.g. tcp://host:8786); default: start a "
                          "local cluster on 127.0.0.1")
    ing.add_argument("--shards", metavar="DIR",
                     help="folder for the Dask engine's Parquet shards (default: a temporary "
                          "folder next to the database)")
    ing.add_argument("--keep-shards", action="store_true",
                     help="keep the Parquet shards after loading them into the store")
    ing.add_argument("--focus", action=argparse.BooleanOptionalAction, default=True,
                     help="analyse only the sentences that may hold an event (default on for "
                          "ingest: ~1.4-1.9x faster on ordinary news; all gold figures equal, "
                          "~2.5%% of ordinary-news events differ, mostly in a fallback place)")

    exp = sub.add_parser("export", help="write stored events as ACLED/PLOVER/GeoJSON/...")
    exp.add_argument("--format", choices=("acled", "plover", "geojson", "parquet", "csv"),
                     default="acled")
    exp.add_argument("--since", type=_date_arg, metavar="DATE",
                     help="events starting on or after DATE")
    exp.add_argument("--country", metavar="ISO3", help="events located in this country")
    exp.add_argument("--type", metavar="TYPE",
                     help="PLOVER type, ACLED event type or ACLED sub-event type")
    exp.add_argument("-o", "--output", metavar="FILE", help="output file (default stdout)")
    exp.add_argument("--db", default="events.duckdb", metavar="FILE", help=db_help)

    st = sub.add_parser("stats", help="counts by type, country and month")
    st.add_argument("--db", default="events.duckdb", metavar="FILE", help=db_help)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        if args.command == "extract":
            return _extract(args, sys.stdout, sys.stderr)
        if args.command == "eval":
            return _eval(args, sys.stdout, sys.stderr)
        if args.command == "eval-plover":
            return _eval_plover(args, sys.stdout, sys.stderr)
        if args.command == "eval-acled":
            return _eval_acled(args, sys.stdout, sys.stderr)
        if args.command == "geo-eval":
            return _geo_eval(args, sys.stdout, sys.stderr)
        if args.command == "ingest":
            return _ingest(args, sys.stdout, sys.stderr)
        if args.command == "export":
            return _export(args, sys.stdout, sys.stderr)
        if args.command == "stats":
            return _stats(args, sys.stdout, sys.stderr)
        if args.command == "train":
            return _train(args, sys.stdout, sys.stderr)
        if args.command == "serve":
            return _serve(args, sys.stdout, sys.stderr)
    except BrokenPipeError:
        return EXIT_OK
    except RuntimeError as exc:
        from flashpoint.nlp.pipeline import ModelNotInstalled

        if isinstance(exc, ModelNotInstalled):
            print(f"flashpoint: {exc}", file=sys.stderr)
            return EXIT_BROKEN
        raise
    return EXIT_USAGE


def _extract(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from flashpoint.ingest import InputFailure, read_inputs
    from flashpoint.pipeline import Pipeline, PipelineOptions, default_pipeline
    from flashpoint.record import Article

    focus = getattr(args, "focus", False)
    pipeline = Pipeline(PipelineOptions(focus=True)) if focus else default_pipeline()
    if getattr(args, "model", None):
        from flashpoint.learn import TrainingError, load_model

        try:
            pipeline = Pipeline(PipelineOptions(focus=focus), model=load_model(args.model))
        except (OSError, TrainingError) as exc:
            print(f"flashpoint: {escape_controls(str(exc))}", file=err)
            return EXIT_USAGE
    failures = 0
    all_events = []

    def articles():
        nonlocal failures
        for item in read_inputs(args.paths, published=args.published, stdin=sys.stdin):
            if isinstance(item, InputFailure):
                failures += 1
                print(f"flashpoint: {escape_controls(str(item))}", file=err)
                continue
            yield item

    pending: list[Article] = []

    def tracked():
        for article in articles():
            pending.append(article)
            yield article

    def analysis_failed(article: Article, reason: str) -> None:
        nonlocal failures
        failures += 1
        print(f"flashpoint: {escape_controls(article.origin or article.id)}: {reason}", file=err)

    for events in pipeline.extract_many(tracked(), on_error=analysis_failed):
        article = pending.pop(0)
        if args.format == "jsonl":
            for e in events:
                out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
        elif args.format == "json":
            all_events.extend(e.to_dict() for e in events)
        else:
            out.write(format_table(article, events))
    if args.format == "json":
        json.dump(all_events, out, ensure_ascii=False, indent=2)
        out.write("\n")
    return EXIT_INPUT_FAILED if failures else EXIT_OK


# C0/C1 control characters except newline, DEL, and bidi overrides/isolates ("Trojan source")
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    """Untrusted text made safe for a terminal: control characters become \\uXXXX escapes."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def format_table(article, events) -> str:
    """A readable terminal table: one block per event, evidence last."""
    lines = [f"== {article.id}" + (f" ({article.published})" if article.published else "")
             + f": {len(events)} event(s)"]
    for n, e in enumerate(events, 1):
        acled = f"{e.acled.event_type} / {e.acled.sub_event_type}" if e.acled else "-"
        mode = f"/{e.plover.mode}" if e.plover.mode else ""
        a1 = e.actor1.name if e.actor1 else "-"
        a2 = e.actor2.name if e.actor2 else "-"
        loc = "-"
        if e.location is not None:
            loc = e.location.name
            if e.location.lat is not None:
                loc += f" ({e.location.lat:.3f}, {e.location.lon:.3f}) p{e.location.precision}"
        date = f"{e.date.start}..{e.date.end} [{e.date.precision}]" if e.date else "-"
        fat = str(e.fatalities.best) if e.fatalities else "-"
        extra = ""
        if e.attribution:
            extra += f"  according to: {e.attribution.name}"
        if e.denials:
            extra += "  denied by: " + ", ".join(d.name for d in e.denials)
        lines += [
            f"[{n}] {e.plover.type}{mode}  ACLED: {acled}  modality: {e.modality}{extra}",
            f"    actor1: {a1}   actor2: {a2}",
            f"    where: {loc}   when: {date}   killed: {fat}   confidence: {e.confidence:.2f}",
            f"    evidence [{e.evidence.start}:{e.evidence.end}]: {e.evidence.sentence}",
        ]
    return escape_controls("\n".join(lines)) + "\n\n"


def _eval(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from flashpoint.evaluate import format_gold_report, score_gold
    from flashpoint.pipeline import default_pipeline
    from flashpoint.record import Article

    path = Path(args.gold)
    if not path.is_file():
        print(f"flashpoint: {path}: no such gold file", file=err)
        return EXIT_INPUT_FAILED
    pipeline = default_pipeline()

    def predict(article_id: str, text: str, published: dt.date | None) -> list[dict]:
        article = Article(id=article_id, text=text, published=published)
        return [e.to_dict() for e in pipeline.extract(article)]

    try:
        result = score_gold(path, predict)
    except (ValueError, OSError) as exc:
        print(f"flashpoint: {path}: {exc}", file=err)
        return EXIT_INPUT_FAILED
    if args.format == "json":
        keys = ("events", "fields") if not args.details else tuple(result)
        json.dump({k: result[k] for k in keys}, out, indent=2, default=str)
        out.write("\n")
    else:
        out.write(format_gold_report(result) + "\n")
    return EXIT_OK


def _eval_plover(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from flashpoint.evaluate import format_plover_report, score_plover_dev
    from flashpoint.pipeline import default_pipeline
    from flashpoint.record import Article

    path = Path(args.path)
    if not path.is_file():
        print(f"flashpoint: {path}: no such file", file=err)
        return EXIT_INPUT_FAILED
    pipeline = default_pipeline()

    def predict(text: str) -> list[dict]:
        events = pipeline.extract(Article(id="plover-dev", text=text))
        rows = []
        for e in events:
            row = e.to_dict()
            row["_trigger_start"] = e.trigger_start
            rows.append(row)
        return rows

    result = score_plover_dev(path, predict)
    if args.format == "json":
        json.dump(result, out, indent=2, default=str)
        out.write("\n")
    else:
        out.write(format_plover_report(result) + "\n")
    return EXIT_OK


_ACLED_WORKER = None


def _acled_worker_init() -> None:
    global _ACLED_WORKER
    from flashpoint.pipeline import Pipeline

    _ACLED_WORKER = Pipeline()
    _ACLED_WORKER.nlp  # noqa: B018 - load before the first batch
    _ACLED_WORKER.coder  # noqa: B018


def _acled_worker_extract(articles: list) -> list[tuple[list[dict], str | None]]:
    from flashpoint.store.ingest import extract_batch

    return extract_batch(_ACLED_WORKER, articles)  # (records, failure reason) per article


def _eval_acled(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import time

    from flashpoint.evaluate.acled_read import AcledReadError, read_acled, sample_rows
    from flashpoint.evaluate.acled_report import format_acled_report
    from flashpoint.evaluate.acled_score import score_acled
    from flashpoint.record import Article

    files, failed = [], 0
    for path in args.paths:
        try:
            acled = read_acled(path)
        except AcledReadError as exc:
            failed += 1
            print(f"flashpoint: {escape_controls(str(exc))}", file=err)
            continue
        acled.rows = sample_rows(acled.rows, args.sample, args.seed)
        if acled.bad:
            print(f"flashpoint: {acled.name}: {len(acled.bad)} bad row(s) left out "
                  f"(first: {escape_controls(str(acled.bad[0]))})", file=err)
        files.append(acled)
    if not files:
        return EXIT_INPUT_FAILED
    t0 = time.perf_counter()
    pool = None
    if args.workers > 1:
        import multiprocessing

        pool = multiprocessing.get_context("spawn").Pool(args.workers,
                                                         initializer=_acled_worker_init)
        pool.map(abs, range(args.workers))  # wait for the workers to start
    else:
        from flashpoint.pipeline import default_pipeline

        pipeline = default_pipeline()
        pipeline.nlp  # noqa: B018 - load time is reported apart from the notes/s
        pipeline.coder  # noqa: B018
    load_seconds = time.perf_counter() - t0

    def on_error(article: Article, reason: str) -> None:
        print(f"flashpoint: note {article.id}: {reason}", file=err)

    def extracted(articles):
        if pool is not None:
            chunks = [articles[i:i + 32] for i in range(0, len(articles), 32)]
            for chunk, results in zip(chunks, pool.imap(_acled_worker_extract, chunks),
                                      strict=True):
                for article, (records, reason) in zip(chunk, results, strict=True):
                    if reason:
                        on_error(article, reason)
                    yield records
            return
        for events in pipeline.extract_many(articles, on_error=on_error):
            yield [e.to_dict() for e in events]

    def predict(notes):
        articles = [Article(id=i, text=text, published=date) for i, text, date in notes]
        progress = err.isatty()
        for done, records in enumerate(extracted(articles), 1):
            if progress and (done % 200 == 0 or done == len(articles)):
                print(f"\rflashpoint: {done:,} / {len(articles):,} notes", end="", file=err,
                      flush=True)
            yield records
        if progress:
            print(file=err)

    details = None
    try:
        if args.details:
            try:
                details = open(args.details, "w", encoding="utf-8")
            except OSError as exc:
                print(f"flashpoint: {args.details}: cannot write ({exc.strerror})", file=err)
                return EXIT_USAGE

        def write_detail(outcome: dict) -> None:
            details.write(json.dumps(outcome, ensure_ascii=False) + "\n")

        result = score_acled(files, predict, by=args.by,
                             on_outcome=write_detail if details else None)
    finally:
        if details is not None:
            details.close()
        if pool is not None:
            pool.terminate()
    result["throughput"]["load_seconds"] = round(load_seconds, 2)
    result["throughput"]["workers"] = args.workers
    if args.format == "json":
        json.dump(result, out, indent=2)
        out.write("\n")
    else:
        out.write(escape_controls(format_acled_report(result)) + "\n")
    return EXIT_INPUT_FAILED if failed else EXIT_OK


def _ingest(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from flashpoint.store import StoreError, ingest, open_store

    def failed(line: str) -> None:
        print(f"flashpoint: {escape_controls(line)}", file=err, flush=True)

    dask_only = [flag for flag, value in (("--scheduler", args.scheduler),
                                          ("--shards", args.shards),
                                          ("--keep-shards", args.keep_shards)) if value]
    if args.engine != "dask" and dask_only:
        print(f"flashpoint: {', '.join(dask_only)} needs --engine dask", file=err)
        return EXIT_USAGE
    if args.engine == "dask":
        try:
            from flashpoint.engines.dask_engine import DaskEngineError, ingest_dask
        except ImportError as exc:
            print(f"flashpoint: --engine dask needs the dask extra ({exc.name or exc} is not "
                  "installed): pip install 'flashpoint[dask]'", file=err)
            return EXIT_BROKEN
    try:
        store = open_store(args.db, wait=args.wait)
    except StoreError as exc:
        print(f"flashpoint: {exc}", file=err)
        return _store_exit(exc)
    common = dict(published=args.published, batch_size=args.batch_size, on_failure=failed,
                  stdin=sys.stdin, progress=not args.no_progress and err.isatty(),
                  progress_file=err)
    shards_note = ""
    with store:
        if args.engine == "dask":
            try:
                report = ingest_dask(args.paths, store, scheduler=args.scheduler,
                                     workers=args.workers or 2, shards_dir=args.shards,
                                     keep_shards=args.keep_shards, focus=args.focus,
                                     **common)
            except DaskEngineError as exc:
                print(f"flashpoint: {exc}", file=err)
                return EXIT_INPUT_FAILED
            if report.shards_dir:
                shards_note = f"; {report.shards} shards kept in {report.shards_dir}"
        else:
            with _stop_on_signal() as stop:
                report = ingest(args.paths, store, workers=args.workers or 1,
                                focus=args.focus, stop=stop, **common)
            if report.interrupted:
                print(f"flashpoint: interrupted after {report.read} articles read "
                      f"({report.stored} new, {report.failures} failures, all committed); "
                      f"{store.count('articles')} articles in {args.db}; run the same "
                      "command again to go on", file=err)
                return EXIT_INTERRUPTED
    print(f"flashpoint: {report.read} articles read, {report.stored} new, {report.skipped} "
          f"already stored, {report.updated} updated, {report.events} events, "
          f"{report.clusters} clusters, "
          f"{report.failures} failures in {report.seconds:.1f} s "
          f"({report.rate:.1f} articles/s) -> {args.db}{shards_note}", file=err)
    return EXIT_INPUT_FAILED if report.failures else EXIT_OK


@contextlib.contextmanager
def _stop_on_signal() -> Iterator[Callable[[], bool]]:
    """The first SIGINT or SIGTERM asks `ingest` to stop at the next input (the batch in
    hand is committed); a second SIGINT interrupts at once (the open transaction rolls
    back). Yields the poll function `ingest` takes as `stop`."""
    import signal

    asked: list[int] = []

    def handler(signum: int, frame: object) -> None:
        if asked and signum == signal.SIGINT:
            raise KeyboardInterrupt
        asked.append(signum)

    try:
        old = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread (the CLI called from a thread): no handlers
        yield lambda: False
        return
    try:
        yield lambda: bool(asked)
    finally:
        for sig, previous in old.items():
            signal.signal(sig, previous)


def _store_exit(exc: Exception) -> int:
    from flashpoint.store.db import StoreLocked

    return EXIT_LOCKED if isinstance(exc, StoreLocked) else EXIT_INPUT_FAILED


def _open_existing(path: str, err: TextIO):
    """The store at `path` read-only, or the exit code when it cannot be opened."""
    from flashpoint.store import StoreError, open_store

    if not Path(path).is_file():
        print(f"flashpoint: {path}: no such database (run flashpoint ingest first)", file=err)
        return EXIT_INPUT_FAILED
    try:
        return open_store(path, read_only=True)
    except StoreError as exc:
        print(f"flashpoint: {exc}", file=err)
        return _store_exit(exc)


def _export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from flashpoint.export import ExportError, export

    store = _open_existing(args.db, err)
    if isinstance(store, int):
        return store
    with store:
        try:
            n = export(store, args.format, args.output or out, since=args.since,
                       country=args.country, type=args.type)
        except ExportError as exc:
            print(f"flashpoint: {exc}", file=err)
            return EXIT_USAGE
    if args.output:
        print(f"flashpoint: {n} records -> {args.output}", file=err)
    return EXIT_OK


def _stats(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    store = _open_existing(args.db, err)
    if isinstance(store, int):
        return store
    with store:
        con = store.con
        totals = {t: store.count(t) for t in ("articles", "events", "clusters", "failures")}
        out.write("  ".join(f"{k}: {v}" for k, v in totals.items()) + "\n")
        for title, expr, order in (
            ("PLOVER type", "plover_type", "n DESC, k"),
            ("ACLED event type", "coalesce(acled_event_type, '(not ACLED)')", "n DESC, k"),
            ("country", "coalesce(location_country, '(unknown)')", "n DESC, k"),
            ("month", "coalesce(strftime(date_start, '%Y-%m'), '(unknown)')", "k"),
        ):
            rows = con.execute(f"SELECT {expr} AS k, count(*) AS n, "
                               "count(DISTINCT cluster_id) AS c FROM events "
                               f"GROUP BY k ORDER BY {order}").fetchall()
            out.write(f"\n{title:<28}{'events':>8}{'clusters':>10}\n")
            for key, n, c in rows:
                out.write(f"{escape_controls(str(key)):<28}{n:>8}{c:>10}\n")
    return EXIT_OK


def _serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if not Path(args.db).is_file():
        print(f"flashpoint: {args.db}: no such database (run flashpoint ingest first)",
              file=err)
        return EXIT_INPUT_FAILED
    try:
        import uvicorn

        from flashpoint.web import create_app
    except ImportError as exc:
        print(f"flashpoint: serve needs fastapi and uvicorn ({exc}); run ./setup.sh",
              file=err)
        return EXIT_BROKEN
    from flashpoint.store import StoreError

    try:
        app = create_app(args.db)
    except StoreError as exc:
        print(f"flashpoint: {exc}", file=err)
        return _store_exit(exc)
    print(f"flashpoint: serving {args.db} on http://{args.host}:{args.port}/", file=err)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK


def _train(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from flashpoint.learn import (
        TrainingError,
        read_acled_csv,
        rule_sub_event_type,
        train_acled_model,
    )

    try:
        rows = read_acled_csv(args.acled)
    except (OSError, UnicodeDecodeError, TrainingError) as exc:
        print(f"flashpoint: {escape_controls(str(exc))}", file=err)
        return EXIT_INPUT_FAILED
    rule_of = None
    if not args.no_rule_feature:
        import flashpoint

        def rule_of(text: str) -> str:
            return rule_sub_event_type(flashpoint.extract(text))

    try:
        model = train_acled_model(rows, rule_of=rule_of, threshold=args.threshold)
    except TrainingError as exc:
        print(f"flashpoint: {args.acled}: {exc}", file=err)
        return EXIT_INPUT_FAILED
    model.save(args.output)
    info = model.info
    agreement = info.get("rule_agreement")
    print(f"flashpoint: trained on {info['rows']} rows, {len(info['classes'])} sub-event types"
          + (f", rules agree on {100 * agreement:.0f}%" if agreement is not None else "")
          + f"; wrote {args.output}", file=err)
    return EXIT_OK


def _geo_eval(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from flashpoint.evaluate.geo import format_geo_report, load_geo_xml, score_geo
    from flashpoint.geo import resolve_spans
    from flashpoint.geo.recognize import toponym_spans
    from flashpoint.pipeline import Pipeline

    path = Path(args.path)
    if not path.is_file():
        print(f"flashpoint: {path}: no such file", file=err)
        return EXIT_INPUT_FAILED
    try:
        articles = load_geo_xml(path, limit=args.limit)
    except (ValueError, OSError) as exc:
        print(f"flashpoint: {path}: {exc}", file=err)
        return EXIT_INPUT_FAILED
    nlp = Pipeline().nlp

    def recognize(text: str) -> list[tuple[int, int]]:
        return toponym_spans(nlp(text))

    result = score_geo(articles, resolve=resolve_spans, recognize=recognize)
    if args.format == "json":
        json.dump(result, out, indent=2)
        out.write("\n")
    else:
        out.write(format_geo_report(result) + "\n")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
