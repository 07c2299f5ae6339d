"""`flashpoint watch SOURCES`: follow feeds and sitemaps and keep the event store current.

    flashpoint watch sources.toml --once            # one round (cron), exit 0 / 1 / 4
    flashpoint watch sources.txt --every 15m        # poll until Ctrl-C or SIGTERM

Exit codes as for `ingest`: 0 every source and page read; 1 some failed (one line each on
stderr, kept in `failures`); 2 usage error; 4 the store is held by another writer (with
--once; while polling, a held store only skips that round); 130 a --once round interrupted
(what was read is committed; the rest is still pending). A polling watch stopped by
SIGINT/SIGTERM finishes the article in hand, commits and exits 0.
"""

from __future__ import annotations

import argparse
import time
from typing import Any, TextIO


def _duration_arg(value: str) -> float:
    from flashpoint.watch.sources import parse_duration

    try:
        return parse_duration(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _count_arg(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"not a positive integer: {value!r}")
    return int(value)


def _seconds_arg(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number <= 86400:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}")
    return number


def add_watch_command(sub: argparse._SubParsersAction) -> None:
    w = sub.add_parser("watch", help="follow RSS/Atom feeds and sitemaps into the event store")
    w.add_argument("sources", metavar="SOURCES",
                   help="file of sources: one URL a line, or TOML [[source]] tables "
                        "(url, name, interval, language, enabled)")
    w.add_argument("--db", default="events.duckdb", metavar="FILE",
                   help="DuckDB event store (default: events.duckdb in the working folder)")
    w.add_argument("--every", type=_duration_arg, default=900.0, metavar="DURATION",
                   help="time between rounds, e.g. 90s, 15m, 1h (default 15m)")
    w.add_argument("--once", action="store_true", help="one round over every source, then exit")
    w.add_argument("--max-per-source", type=_count_arg, metavar="N",
                   help="at most N new articles per source and round (the rest waits)")
    w.add_argument("--batch-size", type=_count_arg, default=20, metavar="N",
                   help="articles per committed transaction (default 20)")
    w.add_argument("--delay", type=_seconds_arg, default=1.0, metavar="SECONDS",
                   help="least time between two requests to one host (default 1; a longer "
                        "robots.txt Crawl-delay wins)")
    w.add_argument("--timeout", type=_seconds_arg, default=10.0, metavar="SECONDS",
                   help="connect/read timeout of a request (default 10; a whole response "
                        "must come within 3x this)")
    w.add_argument("--wait", type=_seconds_arg, default=5.0, metavar="SECONDS",
                   help="when another process holds the store, wait this long (default 5)")


def run_watch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from flashpoint.cli_common import (
        EXIT_INPUT_FAILED,
        EXIT_INTERRUPTED,
        EXIT_LOCKED,
        EXIT_OK,
        EXIT_USAGE,
        escape_controls,
        stop_on_signal,
    )
    from flashpoint.store import StoreError, open_store
    from flashpoint.store.db import StoreLocked
    from flashpoint.watch.fetch import Fetcher
    from flashpoint.watch.run import Round
    from flashpoint.watch.sources import read_sources

    def say(line: str) -> None:
        print(f"flashpoint: {escape_controls(line)}", file=err, flush=True)

    pipeline_box: list[Any] = []

    def pipeline() -> Any:  # loaded once, when the first new article needs it
        if not pipeline_box:
            from flashpoint.pipeline import Pipeline, PipelineOptions

            pipeline_box.append(Pipeline(PipelineOptions(focus=True)))
        return pipeline_box[0]

    def due(source: Any, known: dict[str, Any]) -> bool:
        last = known.get("last_poll")
        if last is None:
            return True
        interval = source.interval if source.interval is not None else args.every
        from flashpoint.watch.state import _now

        return (_now() - last).total_seconds() >= interval * 0.95

    fetcher = Fetcher(timeout=args.timeout, deadline=3 * args.timeout, delay=args.delay)
    failed_any = False
    number = 0
    reported: set[str] = set()
    try:
        with stop_on_signal() as stop:
            while True:
                number += 1
                try:
                    sources, problems = read_sources(args.sources)
                except OSError as exc:
                    say(f"{args.sources}: cannot read ({exc.strerror or exc})")
                    return EXIT_USAGE if number == 1 else EXIT_INPUT_FAILED
                except ValueError as exc:
                    say(str(exc))
                    return EXIT_USAGE if number == 1 else EXIT_INPUT_FAILED
                for problem in problems:
                    if problem not in reported:
                        reported.add(problem)
                        failed_any = True
                        say(problem)
                if not sources and number == 1:
                    say(f"{args.sources}: no sources")
                    return EXIT_INPUT_FAILED
                try:
                    store = open_store(args.db, wait=args.wait)
                except StoreError as exc:
                    say(str(exc))
                    if args.once:
                        return EXIT_LOCKED if isinstance(exc, StoreLocked) \
                            else EXIT_INPUT_FAILED
                    report = None
                else:
                    with store:
                        report = Round(store, fetcher, pipeline,
                                       max_per_source=args.max_per_source,
                                       batch_size=args.batch_size, stop=stop, on_failure=say,
                                       due=None if args.once else due).run(sources)
                    say(report.line(None if args.once else number) + f" -> {args.db}")
                    failed_any = failed_any or bool(report.failures)
                if args.once:
                    if report is not None and report.interrupted:
                        say("interrupted; what was read is committed, the rest is still "
                            "pending: run the same command again to go on")
                        return EXIT_INTERRUPTED
                    return EXIT_INPUT_FAILED if failed_any else EXIT_OK
                if stop():
                    return EXIT_OK
                pause = min([args.every] + [s.interval for s in sources
                                            if s.interval is not None])
                deadline = time.monotonic() + max(1.0, pause)
                while time.monotonic() < deadline and not stop():
                    time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
                if stop():
                    return EXIT_OK
    except KeyboardInterrupt:  # a second Ctrl-C: the open transaction has rolled back
        say("interrupted at once; the batch in hand was rolled back, the rest is pending: "
            "run the same command again to go on")
        return EXIT_INTERRUPTED
    finally:
        fetcher.close()
