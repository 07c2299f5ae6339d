"""Quality and speed figures for flashpoint, printed as a Markdown table.

    .venv/bin/python benchmarks/run_benchmarks.py [--shared ../shared] [--repeat 20]

(a) the seed gold file, scored exactly as `flashpoint eval GOLD --format json --details`;
(b) PLOVER dev-set type accuracy, exactly as `flashpoint eval-plover FILE --format json`;
(c) speed: pipeline load time, then articles/s and words/s of `extract` over the seed
    article and the example article, each repeated N times in one process; peak RSS.

Quality figures go through `flashpoint.cli.main`, so they are the numbers the CLI prints.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # run from a checkout without installing

from flashpoint.cli import main as cli_main  # noqa: E402
from flashpoint.ingest import InputFailure, read_inputs  # noqa: E402
from flashpoint.pipeline import default_pipeline  # noqa: E402
from flashpoint.record import Article  # noqa: E402

EXAMPLE = ROOT / "examples" / "article.txt"
SEED_NAME = "seeds/000_5d585aea45ed2e84.txt"
SEED_PUBLISHED = dt.date(2016, 6, 7)
EXAMPLE_PUBLISHED = dt.date(2024, 3, 12)
WARMUP = "Gunmen attacked a police post in Kano on Tuesday, killing three officers, police said."


def machine_line() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or model
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    return (f"{model}, {os.cpu_count()} cores ({usable} usable), "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def run_cli(argv: list[str]) -> tuple[int, dict[str, Any] | None, str, float]:
    """Run `flashpoint ARGV` in-process; its exit code, JSON output, stderr and seconds."""
    out, err = io.StringIO(), io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(argv)
    seconds = time.perf_counter() - t0
    try:
        data = json.loads(out.getvalue()) if code == 0 else None
    except json.JSONDecodeError:
        data = None
    return code, data, err.getvalue().strip(), seconds


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def read_article(path: Path, published: dt.date) -> Article:
    items = list(read_inputs([str(path)], published=published))
    if len(items) != 1 or isinstance(items[0], InputFailure):
        raise SystemExit(f"run_benchmarks: cannot read {path}: {items}")
    return items[0]


def speed(article: Article, repeat: int) -> dict[str, float]:
    """Extract the article `repeat` times (distinct ids, one batch stream) and time it."""
    pipeline = default_pipeline()
    copies = [
        Article(id=f"{article.id}-{i}", text=article.text, title=article.title,
                published=article.published)
        for i in range(repeat)
    ]
    t0 = time.perf_counter()
    n_events = sum(len(events) for events in pipeline.extract_many(copies))
    seconds = time.perf_counter() - t0
    words = len(article.text.split()) * repeat
    return {
        "articles_s": repeat / seconds,
        "words_s": words / seconds,
        "ms_article": 1000 * seconds / repeat,
        "words": len(article.text.split()),
        "events": n_events / repeat,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the shared data folder (gold/, seeds/, dev/); default ../shared")
    parser.add_argument("--repeat", type=int, default=20,
                        help="copies of each article in the speed runs (default 20)")
    args = parser.parse_args(argv)
    shared: Path = args.shared.resolve()
    gold = shared / "gold" / "seed.jsonl"
    plover = shared / "dev" / "plover_gsr" / "PLOVER_GSR_CAMEO.txt"
    seed = shared / SEED_NAME

    rows: list[tuple[str, str, str]] = []

    # (c, first) load: spaCy model + entity ruler + dictionaries, then one warm-up sentence
    # (gazetteer, date parser and other lazily loaded data).
    t0 = time.perf_counter()
    pipeline = default_pipeline()
    pipeline.nlp  # noqa: B018 - the cached property loads the model
    pipeline.coder  # noqa: B018
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    pipeline.extract(Article(id="warmup", text=WARMUP, published=EXAMPLE_PUBLISHED))
    warm_s = time.perf_counter() - t0

    # (a) seed gold
    if gold.is_file():
        code, result, err, secs = run_cli(["eval", str(gold), "--format", "json", "--details"])
        if result is None:
            rows.append(("gold", "eval failed", f"exit {code}: {err}"))
        else:
            ev = result["events"]
            rows.append(("gold", f"events P / R / F1 ({gold.name})",
                         f"{pct(ev['precision'])} / {pct(ev['recall'])} / {pct(ev['f1'])}"))
            rows.append(("gold", "tp / fp / fn", f"{ev['tp']} / {ev['fp']} / {ev['fn']}"))
            n_pairs = len(result.get("pairs", []))
            for name, acc in result["fields"].items():
                rows.append(("gold", f"field accuracy: {name} (n={n_pairs})", pct(acc)))
            rows.append(("gold", "eval time", f"{secs:.1f} s"))
    else:
        rows.append(("gold", "seed gold eval", f"skipped: {gold} not found"))

    # (b) PLOVER dev
    if plover.is_file():
        code, result, err, secs = run_cli(["eval-plover", str(plover), "--format", "json"])
        if result is None:
            rows.append(("plover", "eval-plover failed", f"exit {code}: {err}"))
        else:
            rows.append(("plover", f"type accuracy (n={result['n']})",
                         pct(result["type_accuracy"])))
            rows.append(("plover", "coverage (any event predicted)", pct(result["coverage"])))
            rows.append(("plover", "actor1 / actor2 country accuracy",
                         f"{pct(result['actor1_accuracy'])} / "
                         f"{pct(result['actor2_accuracy'])}"))
            rows.append(("plover", "eval time", f"{secs:.1f} s "
                         f"({result['n'] / secs:.1f} sentences/s)"))
    else:
        rows.append(("plover", "PLOVER dev eval", f"skipped: {plover} not found"))

    # (c) throughput
    rows.append(("speed", "pipeline load (model, ruler, dictionaries)", f"{load_s:.2f} s"))
    rows.append(("speed", "first article (lazy data: gazetteer, dates)", f"{warm_s:.2f} s"))
    corpora = [("example article", EXAMPLE, EXAMPLE_PUBLISHED)]
    if seed.is_file():
        corpora.insert(0, ("seed article", seed, SEED_PUBLISHED))
    else:
        rows.append(("speed", "seed article", f"skipped: {seed} not found"))
    for label, path, published in corpora:
        s = speed(read_article(path, published), args.repeat)
        rows.append(("speed", f"{label} ({s['words']} words) x{args.repeat}",
                     f"{s['articles_s']:.1f} articles/s, {s['words_s']:,.0f} words/s, "
                     f"{s['ms_article']:.0f} ms/article, {s['events']:.0f} events/article"))

    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    rows.append(("speed", "peak RSS (whole run)", f"{peak_kb / 1024:.0f} MiB"))

    print(f"Machine: {machine_line()}  ")
    print(f"Run: {dt.datetime.now().isoformat(timespec='seconds')}, single process, "
          f"shared data: {shared}")
    print()
    print("| benchmark | metric | value |")
    print("| --- | --- | --- |")
    for group, metric, value in rows:
        print(f"| {group} | {metric} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
