"""Geoparsing figures on GeoWebNews, printed as a Markdown table.

    .venv/bin/python benchmarks/geo_benchmark.py [--xml ../shared/dev/geo/GWN.xml] [--limit N]

Runs exactly what `flashpoint geo-eval FILE --format json` runs (in-process, through
`flashpoint.cli.main`), plus gazetteer load time, entity-ruler build time and peak RSS.
Reference: Mordecai 3 on GeoWebNews with gold toponyms, 94.1% within 161 km, 90.1% exact.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # run from a checkout without installing

from flashpoint.cli import main as cli_main  # noqa: E402
from flashpoint.geo import load_gazetteer, place_patterns  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--xml", default=str(ROOT.parent / "shared" / "dev" / "geo" / "GWN.xml"))
    ap.add_argument("--limit", type=int)
    args = ap.parse_args()
    if not Path(args.xml).is_file():
        print(f"no such file: {args.xml}", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    load_gazetteer()
    gaz_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_patterns = len(place_patterns())
    pat_s = time.perf_counter() - t0
    argv = ["geo-eval", args.xml, "--format", "json"]
    if args.limit:
        argv += ["--limit", str(args.limit)]
    buf = io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(buf):
        rc = cli_main(argv)
    total_s = time.perf_counter() - t0
    if rc != 0:
        return rc
    r = json.loads(buf.getvalue())
    rec, res, e2e = r["recognition"], r["resolution"], r["end_to_end"]
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        ("articles", r["articles"], ""),
        ("recognition precision (exact spans)", f"{rec['precision']:.3f}",
         f"tp {rec['tp']}, fp {rec['fp']}"),
        ("recognition recall", f"{rec['recall']:.3f}", f"fn {rec['fn']}"),
        ("recognition F1", f"{rec['f1']:.3f}", "target >= 0.80"),
        ("resolution acc@161km (gold toponyms)", f"{res['acc_161km']:.3f}",
         f"n {res['n']}; Mordecai 3: 0.941"),
        ("resolution exact GeoNames id", f"{res['exact_id']:.3f}",
         f"n {res['n_with_id']}; Mordecai 3: 0.901"),
        ("end-to-end acc@161km", f"{e2e['acc_161km']:.3f}", f"n {e2e['n']}"),
        ("resolution speed (toponyms/s)", f"{r['toponyms_per_second']:,.0f}", "one core"),
        ("gazetteer load (s)", f"{gaz_s:.2f}", "from the disk cache"),
        ("place patterns (s)", f"{pat_s:.2f}", f"{n_patterns:,} patterns"),
        ("geo-eval wall time (s)", f"{total_s:.1f}", "incl. spaCy pipeline load"),
        ("peak RSS (MB)", f"{rss_mb:.0f}", ""),
    ]
    print("| figure | value | note |\n| --- | --- | --- |")
    for name, value, note in rows:
        print(f"| {name} | {value} | {note} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
