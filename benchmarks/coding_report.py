"""How well events are coded: the wire-sentence suite (ACLED sub-event and PLOVER types) and
the PLOVER dev set.

    .venv/bin/python benchmarks/coding_report.py [--suite FILE] [--plover FILE | --no-plover]
                                                 [--model FILE] [--json]

The suite (`benchmarks/data/coding_suite.v1.jsonl`) is developer-written: one sentence a line
with its expected PLOVER type (null: not scored), ACLED event / sub-event type (null: ACLED
would not code it) or `"none": true` for sentences that must give no event reported as
having happened (sports "attacks", market "shocks", anniversaries, hypotheticals,
metaphors); an event the coder marks hypothetical, planned, negated or denied is no false
positive there.

One prediction is scored per sentence, chosen without looking at the gold: the most confident
event (ties: the earliest trigger) gives the PLOVER type; the most confident event with an
ACLED code gives the ACLED codes ("-" when no event has one). The PLOVER dev set is scored by
`flashpoint eval-plover FILE --format json`, run in-process.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # run from a checkout without installing

SUITE = ROOT / "benchmarks" / "data" / "coding_suite.v1.jsonl"
PLOVER_DEV = ROOT.parent / "shared" / "dev" / "plover_gsr" / "PLOVER_GSR_CAMEO.txt"
PUBLISHED = "2024-03-12"
NONE = "-"
# an event reported as having happened; hypothetical, planned, negated and denied events are
# coded as such and do not count as false positives on the no-event sentences
HAPPENED = {"asserted", "claimed", "alleged"}

Extractor = Callable[[str], list[Any]]  # sentence -> flashpoint Events


def load_suite(path: str | Path = SUITE) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            if not row.get("text"):
                raise ValueError(f"{path}:{n}: no text")
            rows.append(row)
    return rows


def default_extractor(model: str | None = None) -> Extractor:
    import flashpoint

    if model is None:
        return lambda text: flashpoint.extract(text, published=PUBLISHED)
    from flashpoint.learn import load_model
    from flashpoint.pipeline import Pipeline, PipelineOptions
    from flashpoint.record import Article

    pipeline = Pipeline(PipelineOptions(), model=load_model(model))
    return lambda text: pipeline.extract(Article(id="suite", text=text))


def _rank(events: Iterable[Any]) -> list[Any]:
    return sorted(events, key=lambda e: (-e.confidence, e.trigger_start))


def predict(events: list[Any]) -> tuple[str, str, str]:
    """(PLOVER type, ACLED event type, ACLED sub-event type) of the scored prediction."""
    ranked = _rank(events)
    plover = ranked[0].plover.type if ranked else NONE
    coded = [e for e in ranked if e.acled is not None]
    if not coded:
        return plover, NONE, NONE
    return plover, coded[0].acled.event_type, coded[0].acled.sub_event_type


def score_suite(rows: list[dict[str, Any]], extract: Extractor) -> dict[str, Any]:
    acled: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # sub-type -> [n, correct]
    plover: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    plover_confusion: dict[str, Counter[str]] = defaultdict(Counter)
    no_event = {"n": 0, "false_positives": 0, "sentences": []}
    errors = []
    for row in rows:
        events = extract(row["text"])
        got_plover, got_type, got_sub = predict(events)
        if row.get("none"):
            no_event["n"] += 1
            events = [e for e in events if e.modality in HAPPENED]
            if events:
                no_event["false_positives"] += 1
                no_event["sentences"].append(
                    {"id": row.get("id"), "text": row["text"],
                     "events": [f"{e.plover.type}:{e.trigger}" for e in events]})
            continue
        gold_sub = row.get("acled_sub_event_type") or NONE
        if gold_sub != NONE:
            hit = got_sub == gold_sub and got_type == row.get("acled_event_type")
            acled[gold_sub][0] += 1
            acled[gold_sub][1] += hit
            confusion[gold_sub][got_sub] += 1
            if not hit:
                errors.append({"id": row.get("id"), "text": row["text"], "gold": gold_sub,
                               "got": got_sub})
        if row.get("plover"):
            plover[row["plover"]][0] += 1
            plover[row["plover"]][1] += got_plover == row["plover"]
            plover_confusion[row["plover"]][got_plover] += 1
            if got_plover != row["plover"]:
                errors.append({"id": row.get("id"), "text": row["text"], "gold": row["plover"],
                               "got": got_plover})

    def table(counts: dict[str, list[int]]) -> dict[str, dict[str, Any]]:
        return {k: {"n": n, "correct": c, "accuracy": c / n if n else None}
                for k, (n, c) in sorted(counts.items())}

    def overall(counts: dict[str, list[int]]) -> float | None:
        n = sum(v[0] for v in counts.values())
        return sum(v[1] for v in counts.values()) / n if n else None

    return {
        "n": len(rows),
        "acled_accuracy": overall(acled),
        "acled_min_type_accuracy": min((c / n for n, c in acled.values() if n), default=None),
        "plover_accuracy": overall(plover),
        "acled": table(acled),
        "plover": table(plover),
        "acled_confusion": {g: dict(r) for g, r in sorted(confusion.items())},
        "plover_confusion": {g: dict(r) for g, r in sorted(plover_confusion.items())},
        "no_event": no_event,
        "errors": errors,
    }


def score_plover_dev(path: str | Path) -> dict[str, Any]:
    """Exactly `flashpoint eval-plover PATH --format json` (flashpoint.evaluate)."""
    from flashpoint.cli import main as cli_main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = cli_main(["eval-plover", str(path), "--format", "json"])
    if rc != 0:
        raise RuntimeError(f"eval-plover {path} exited {rc}")
    return json.loads(buf.getvalue())


def _pct(x: float | None) -> str:
    return "   n/a" if x is None else f"{100 * x:5.1f}%"


def format_report(suite: dict[str, Any], plover_dev: dict[str, Any] | None) -> str:
    lines = [f"Coding suite: {suite['n']} sentences", ""]
    for title, key in (("ACLED sub-event type", "acled"), ("PLOVER type", "plover")):
        lines.append(f"  {title:<36} {'n':>4} {'correct':>7} {'accuracy':>8}")
        for name, row in suite[key].items():
            lines.append(f"  {name:<36} {row['n']:>4} {row['correct']:>7} "
                         f"{_pct(row['accuracy']):>8}")
        total = suite[f"{key}_accuracy"]
        lines += [f"  {'overall':<36} {'':>4} {'':>7} {_pct(total):>8}", ""]
    lines.append("  ACLED confusions (gold -> predicted: count)")
    confusions = sorted(((c, g, p) for g, r in suite["acled_confusion"].items()
                         for p, c in r.items() if p != g), reverse=True)
    lines += [f"    {g} -> {p}: {c}" for c, g, p in confusions] or ["    none"]
    lines.append("  PLOVER confusions (gold -> predicted: count)")
    confusions = sorted(((c, g, p) for g, r in suite["plover_confusion"].items()
                         for p, c in r.items() if p != g), reverse=True)
    lines += [f"    {g} -> {p}: {c}" for c, g, p in confusions] or ["    none"]
    ne = suite["no_event"]
    lines += ["", f"  no-event sentences: {ne['n']}, false positives: {ne['false_positives']}"]
    lines += [f"    {s['id']}: {s['events']}" for s in ne["sentences"]]
    if plover_dev is not None:
        lines += ["", f"PLOVER dev set: {plover_dev['n']} sentences, type accuracy "
                  f"{_pct(plover_dev['type_accuracy'])}, coverage {_pct(plover_dev['coverage'])}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", default=str(SUITE))
    ap.add_argument("--plover", default=str(PLOVER_DEV), help="PLOVER_GSR_CAMEO.txt")
    ap.add_argument("--no-plover", action="store_true", help="skip the PLOVER dev set")
    ap.add_argument("--model", help="a classifier from `flashpoint train` used with the rules")
    ap.add_argument("--errors", action="store_true", help="list the suite's misses")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    suite = score_suite(load_suite(args.suite), default_extractor(args.model))
    plover_dev = None
    if not args.no_plover:
        if Path(args.plover).is_file():
            plover_dev = score_plover_dev(args.plover)
        else:
            print(f"coding_report: {args.plover}: no such file; PLOVER dev set skipped",
                  file=sys.stderr)
    if args.json:
        print(json.dumps({"suite": suite, "plover_dev": plover_dev}, default=str))
        return 0
    print(format_report(suite, plover_dev))
    if args.errors:
        print("\nSuite misses:")
        for e in suite["errors"]:
            print(f"  {e['id']}: gold {e['gold']} got {e['got']}: {e['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
