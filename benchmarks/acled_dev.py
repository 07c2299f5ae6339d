"""Figures on the ACLED dev set, one Markdown table row per file.

    .venv/bin/python benchmarks/acled_dev.py [--shared ../shared] [--sample 2000] [--seed 0]
                                             [--workers N] [--json]

Runs exactly what `flashpoint eval-acled SHARED/dev/acled/*.csv --sample N --seed S --format
json` runs (in-process, through `flashpoint.cli.main`): a fixed, seeded sample of N rows of
every file, each distinct note extracted as one article published on its event_date, the
best-matching predicted event scored (docs/evaluation.md defines each figure). When the dev
set is absent it says so and exits 0. ACLED's terms forbid redistribution: this script prints
figures only, never a row.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # run from a checkout without installing

from flashpoint.cli import main as cli_main  # noqa: E402

COLUMNS = (
    ("file", None),
    ("rows", None),
    ("event_type", "event_type"),
    ("sub_event_type", "sub_event_type"),
    ("blind sub-type", "blind_sub_event_type"),
    ("macro F1", "sub_event_type_macro_f1"),
    ("≤ 25 km (p1)", ("location", "within_25km_p1")),
    ("≤ 50 km (p2)", ("location", "within_50km_p2")),
    ("admin1", ("location", "admin1")),
    ("fatalities exact", ("fatalities", "exact")),
    ("fatalities exact (ACLED > 0)", ("fatalities", "exact_nonzero")),
    ("fatalities MAE", ("fatalities", "mae")),
    ("actor1 kind", ("actor1", "kind")),
    ("actor1 name", ("actor1", "name")),
    ("no event", "no_event"),
    ("events / note", "events_per_note"),
)


def _get(metrics: dict, key) -> str:
    value = metrics
    for part in (key if isinstance(key, tuple) else (key,)):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return "–"
    return f"{value:.2f}" if key in ("events_per_note", ("fatalities", "mae")) else f"{value:.3f}"


def markdown(result: dict) -> str:
    lines = ["| " + " | ".join(h for h, _ in COLUMNS) + " |",
             "| --- |" + " ---: |" * (len(COLUMNS) - 1)]
    groups = {**result["by_file"], "all files": result["overall"]}
    for name, metrics in groups.items():
        cells = [name.removesuffix(".csv").removeprefix("acled_"), f"{metrics['rows']:,}"]
        cells += [_get(metrics, key) for _, key in COLUMNS[2:]]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--sample", type=int, default=2000, help="rows per file (default 2000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="print the whole eval-acled result")
    args = ap.parse_args()
    folder = Path(args.shared) / "dev" / "acled"
    files = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    if not files:
        print(f"acled_dev: skipped: no ACLED dev set at {folder} (see docs/evaluation.md)")
        return 0
    argv = ["eval-acled", *map(str, files), "--sample", str(args.sample), "--seed",
            str(args.seed), "--workers", str(args.workers), "--format", "json"]
    buf = io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(buf):
        rc = cli_main(argv)
    total = time.perf_counter() - t0
    if rc != 0:
        return rc
    result = json.loads(buf.getvalue())
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    speed = result["throughput"]
    print(f"ACLED dev set: {args.sample} rows per file, seed {args.seed}; "
          f"{cpu_model()} ({os.cpu_count()} cores), Python {platform.python_version()}; "
          f"{speed['notes']:,} notes, {speed['notes_per_s']:.1f} notes/s with "
          f"{speed['workers']} worker(s), load {speed['load_seconds']:.1f} s, "
          f"{total:.0f} s in all; {result['bad_rows']} bad rows left out\n")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
