"""The `flashpoint` command line.

Exit codes (scripts may rely on them):
    0  every input was read and processed
    1  some inputs failed (each named on stderr, one line each); the others were processed
    2  usage error (bad flag, bad date)
    3  the installation is broken (e.g. no English model)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from flashpoint.cli_common import (  # noqa: F401 - re-exported: callers import them here
    EXIT_BROKEN,
    EXIT_INPUT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_USAGE,
    date_arg,
    escape_controls,
    load_model_or_exit,
    positive_int,
    stop_on_signal,
)


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
    inp.add_argument("--published", type=date_arg, metavar="DATE",
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

    from flashpoint.cli_eval import add_eval_acled_command

    add_eval_acled_command(sub)

    ge = sub.add_parser("geo-eval", help="score toponym recognition and resolution on "
                        "GeoWebNews / TR-News / LGL XML")
    ge.add_argument("path", metavar="FILE.xml")
    ge.add_argument("--format", choices=("text", "json"), default="text")
    ge.add_argument("--limit", type=int, metavar="N", help="only the first N articles")

    _add_store_commands(sub)
    from flashpoint.cli_train import add_train_command

    add_train_command(sub)
    _add_serve_command(sub)
    from flashpoint.cli_watch import add_watch_command

    add_watch_command(sub)
    return parser


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
    ing.add_argument("--published", type=date_arg, metavar="DATE",
                     help="publication date (YYYY-MM-DD) for inputs that carry none")
    ing.add_argument("--workers", type=positive_int, default=None, metavar="N",
                     help="extraction processes (default 1); with --engine dask and no "
                          "--scheduler, the local Dask cluster's worker processes (default 2)")
    ing.add_argument("--batch-size", type=positive_int, default=100, metavar="N",
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

    from flashpoint.cli_store import add_export_command, add_stats_command

    add_export_command(sub, db_help)
    add_stats_command(sub, db_help)


_EVAL_COMMANDS = {"eval": "run_eval", "eval-plover": "run_eval_plover",
                  "eval-acled": "run_eval_acled", "geo-eval": "run_geo_eval"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        if args.command == "extract":
            return _extract(args, sys.stdout, sys.stderr)
        if args.command in _EVAL_COMMANDS:
            from flashpoint import cli_eval

            return getattr(cli_eval, _EVAL_COMMANDS[args.command])(args, sys.stdout, sys.stderr)
        if args.command == "ingest":
            return _ingest(args, sys.stdout, sys.stderr)
        if args.command == "export":
            return _export(args, sys.stdout, sys.stderr)
        if args.command == "stats":
            return _stats(args, sys.stdout, sys.stderr)
        if args.command == "train":
            from flashpoint.cli_train import run_train

            return run_train(args, sys.stdout, sys.stderr)
        if args.command == "serve":
            return _serve(args, sys.stdout, sys.stderr)
        if args.command == "watch":
            from flashpoint.cli_watch import run_watch

            return run_watch(args, sys.stdout, sys.stderr)
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
        model = load_model_or_exit(args.model, err)
        if isinstance(model, int):
            return EXIT_USAGE
        pipeline = Pipeline(PipelineOptions(focus=focus), model=model)
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
            with stop_on_signal() as stop:
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
    from flashpoint.cli_store import run_export

    return run_export(args, out, err, _open_existing)


def _stats(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from flashpoint.cli_store import run_stats

    return run_stats(args, out, err, _open_existing, escape_controls)


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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
