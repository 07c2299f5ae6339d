"""`flashpoint eval`, `eval-plover`, `eval-acled` and `geo-eval`: scoring commands.

Each `run_*` takes the parsed arguments and the output and error streams and returns the exit
code (see `flashpoint.cli`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import TextIO

from flashpoint.cli_common import (
    EXIT_INPUT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    escape_controls,
    load_model_or_exit,
    positive_int,
)


def add_eval_acled_command(sub: argparse._SubParsersAction) -> None:
    """`eval-acled`: score extraction against ACLED's coding of its own notes."""
    ea = sub.add_parser("eval-acled", help="score extraction on ACLED exports: each row's "
                        "notes extracted and compared with the row's coding")
    ea.add_argument("paths", nargs="+", metavar="FILE.csv",
                    help="ACLED exports (current 31-column or older layout)")
    ea.add_argument("--sample", type=positive_int, metavar="N",
                    help="score N rows of each file, drawn with --seed (default: every row)")
    ea.add_argument("--seed", type=int, default=0, metavar="S",
                    help="seed of the row sample (default 0)")
    ea.add_argument("--by", choices=("country", "admin1", "sub_event_type"),
                    help="also report the figures per group of rows")
    ea.add_argument("--format", choices=("text", "json"), default="text")
    ea.add_argument("--details", metavar="FILE",
                    help="write one JSON line per row (gold and prediction side by side)")
    ea.add_argument("--workers", type=positive_int, default=1, metavar="N",
                    help="extraction processes (default 1)")
    ea.add_argument("--model", metavar="FILE",
                    help="ACLED sub-event classifier from `flashpoint train`, used with the "
                         "rules (score it only on a file it was not trained on)")


def run_eval(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
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


def run_eval_plover(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
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


def _acled_worker_init(model_path: str | None = None) -> None:
    global _ACLED_WORKER
    from flashpoint.learn import load_model
    from flashpoint.pipeline import Pipeline

    _ACLED_WORKER = Pipeline(model=load_model(model_path) if model_path else None)
    _ACLED_WORKER.nlp  # noqa: B018 - load before the first batch
    _ACLED_WORKER.coder  # noqa: B018


def _acled_worker_extract(articles: list) -> list[tuple[list[dict], str | None]]:
    from flashpoint.store.ingest import extract_batch

    return extract_batch(_ACLED_WORKER, articles)  # (records, failure reason) per article


def run_eval_acled(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
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
    model = None
    if getattr(args, "model", None):
        model = load_model_or_exit(args.model, err)
        if isinstance(model, int):
            return EXIT_USAGE
    t0 = time.perf_counter()
    pool = None
    if args.workers > 1:
        import multiprocessing

        pool = multiprocessing.get_context("spawn").Pool(
            args.workers, initializer=_acled_worker_init,
            initargs=(args.model if model is not None else None,))
        pool.map(abs, range(args.workers))  # wait for the workers to start
    else:
        from flashpoint.pipeline import Pipeline, default_pipeline

        pipeline = default_pipeline() if model is None else Pipeline(model=model)
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


def run_geo_eval(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
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
