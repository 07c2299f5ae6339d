"""Scaling: time and peak memory of one article as it grows, so a per-line or per-sentence
rescan (quadratic time) shows as a rising seconds-per-1k-lines column.

    .venv/bin/python benchmarks/scaling.py [--lines 5000 10000 20000] [--json]

Each size runs in its own subprocess: `clean()` alone, then the whole `Pipeline.extract`
(cleaning, screening, parsing, coding) on a generated article of N short report lines with
a clash sentence every 50 lines (our own text; 20,000 lines are ~430 KB, under the 1 M
character limit). Prints one Markdown table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

CHILD = r"""
import json, resource, sys, time
from flashpoint.ingest.clean import clean
from flashpoint.pipeline import Pipeline
from flashpoint.record import Article
n = int(sys.argv[1])
lines = [f"Road {i} stays open." if i % 50 else
         f"Soldiers clashed with rebels near Kidal on day {i}." for i in range(n)]
article = Article(id="s", text="A long daily report\n\n" + "\n".join(lines))
pipeline = Pipeline()
pipeline.extract(Article(id="warm", text="Troops shelled a village near Homs."))
t0 = time.perf_counter(); clean(article); t_clean = time.perf_counter() - t0
t0 = time.perf_counter(); events = pipeline.extract(article); t_all = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"lines": n, "chars": len(article.text), "clean_s": t_clean,
                  "extract_s": t_all, "events": len(events), "peak_rss_mb": rss}))
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, nargs="+", default=[5000, 10000, 20000])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    rows = []
    for n in args.lines:
        out = subprocess.run([sys.executable, "-c", CHILD, str(n)], capture_output=True,
                             text=True, check=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print("| lines | characters | clean s | extract s | extract s per 1k lines | events "
          "| peak RSS MB |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['lines']:,} | {r['chars']:,} | {r['clean_s']:.3f} | {r['extract_s']:.1f} | "
              f"{1000 * r['extract_s'] / r['lines']:.2f} | {r['events']} | "
              f"{r['peak_rss_mb']:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
