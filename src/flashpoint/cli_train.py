"""`flashpoint train`: fit the optional ACLED sub-event classifier and report its held-out
figures (flashpoint.learn)."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from flashpoint.cli_common import (
    EXIT_INPUT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    escape_controls,
    positive_int,
)
from flashpoint.learn.acled_model import DEFAULT_THRESHOLD


def _share_arg(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0.0 <= number < 1.0:
        raise argparse.ArgumentTypeError(f"not a share in [0, 1): {value!r}")
    return number


def add_train_command(sub: argparse._SubParsersAction) -> None:
    tr = sub.add_parser("train", help="fit an ACLED sub-event classifier on ACLED exports "
                        "and report its held-out accuracy")
    tr.add_argument("--acled", required=True, nargs="+", metavar="EXPORT.csv",
                    help="ACLED exports with the columns notes and sub_event_type (several: "
                         "each is also left out in turn and scored as an unseen country)")
    tr.add_argument("-o", "--output", required=True, metavar="FILE", help="model file to write")
    tr.add_argument("--threshold", type=float, default=None, metavar="P",
                    help="a fixed policy: the model overrides the rules at probability >= P "
                         "(default: the override, candidate and fill thresholds are chosen "
                         "by cross-validation on the training exports only, each left out "
                         f"in turn; {DEFAULT_THRESHOLD} where they cannot be)")
    tr.add_argument("--fill-threshold", type=float, default=None, metavar="P",
                    help="with --threshold: also give ACLED codes to asserted events the "
                         "rules left uncoded when the model's probability is at least P "
                         "(default: never)")
    tr.add_argument("--no-rule-feature", action="store_true",
                    help="do not run the rules on the notes (faster on large exports)")
    tr.add_argument("--sample", type=positive_int, metavar="N",
                    help="use N rows of each export, drawn with --seed (default: every row)")
    tr.add_argument("--seed", type=int, default=0, metavar="S",
                    help="seed of the row sample and of the held-out split (default 0)")
    tr.add_argument("--holdout", type=_share_arg, default=0.2, metavar="P",
                    help="share of the rows held out to score a model trained on the rest "
                         "(default 0.2; 0: no split)")
    tr.add_argument("--no-heldout", action="store_true",
                    help="fit the final model only: no held-out figures")
    tr.add_argument("--format", choices=("text", "json"), default="text",
                    help="text: the held-out table on stderr; json: the report on stdout")


def _rule_views(texts: list[str], err: TextIO) -> list:
    """The rules' coding of each text (the full pipeline on every note: the slow part)."""
    from flashpoint.learn import rule_view
    from flashpoint.pipeline import default_pipeline
    from flashpoint.record import Article

    pipeline = default_pipeline()
    views = []
    progress = err.isatty()

    def failed(article: Article, reason: str) -> None:  # one bad note never stops training
        print(f"flashpoint: note {article.id.removeprefix('train-')}: "
              f"{escape_controls(reason)}", file=err)

    articles = (Article(id=f"train-{n}", text=text) for n, text in enumerate(texts, 1))
    for n, events in enumerate(pipeline.extract_many(articles, on_error=failed), 1):
        views.append(rule_view(events))
        if progress and (n % 100 == 0 or n == len(texts)):
            print(f"\rflashpoint: rules on {n:,} / {len(texts):,} notes", end="", file=err,
                  flush=True)
    if progress:
        print(file=err)
    return views


def _policy_line(tuned: dict) -> str:
    pol = tuned["policy"]
    cand = pol["candidate_threshold"]
    fill = pol["fill_threshold"]
    return (f"policy chosen on {tuned['rows']} out-of-fold training rows ({tuned['folds']} "
            f"folds, accuracy {tuned['accuracy']:.3f}): override at p >= "
            f"{pol['threshold']:g}, a candidate code at p >= "
            f"{pol['threshold'] if cand is None else cand:g}, uncoded events filled "
            + ("never" if fill is None else f"at p >= {fill:g}"))


def run_train(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from flashpoint.learn import RuleView, TrainingError, read_training_rows, train_acled_model
    from flashpoint.learn.heldout import format_heldout_report, heldout_report

    rows = []
    for path in args.acled:
        try:
            rows.extend(read_training_rows(path, sample=args.sample, seed=args.seed))
        except (OSError, UnicodeDecodeError, TrainingError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            text = str(reason) if str(path) in str(reason) else f"{path}: {reason}"
            print(f"flashpoint: {escape_controls(text)}", file=err)
            return EXIT_INPUT_FAILED
    if len({r.source for r in rows}) < len(args.acled):
        print("flashpoint: each export may be given once (files with the same name cannot "
              "be left out in turn)", file=err)
        return EXIT_USAGE
    uses_rule = not args.no_rule_feature
    views = _rule_views([r.notes for r in rows], err) if uses_rule else [RuleView()] * len(rows)

    tune = args.threshold is None
    threshold = DEFAULT_THRESHOLD if tune else args.threshold

    def fit(train_rows, train_views):  # the policy is tuned on `train_rows` only
        return train_acled_model(train_rows, views=train_views if uses_rule else None,
                                 threshold=threshold, fill_threshold=args.fill_threshold,
                                 tune=tune)

    where = args.acled[0] if len(args.acled) == 1 else f"{len(args.acled)} exports"
    try:
        model = fit(rows, views)
        report = None if args.no_heldout else heldout_report(
            rows, views, fit, holdout=args.holdout, seed=args.seed)
    except TrainingError as exc:
        print(f"flashpoint: {escape_controls(where)}: {exc}", file=err)
        return EXIT_INPUT_FAILED
    if report is not None:
        model.info["heldout"] = report
    try:
        model.save(args.output)
    except OSError as exc:
        print(f"flashpoint: {escape_controls(args.output)}: cannot write ({exc.strerror})",
              file=err)
        return EXIT_INPUT_FAILED
    info = model.info
    agreement = info.get("rule_agreement")
    if args.format == "json":
        json.dump({"model": args.output, "rows": info["rows"], "classes": info["classes"],
                   "rule_agreement": agreement, "threshold": model.threshold,
                   "candidate_threshold": model.candidate_threshold,
                   "fill_threshold": model.fill_threshold, "tuned": info.get("tuned"),
                   "heldout": report}, out, indent=2)
        out.write("\n")
    elif report is not None:
        print(escape_controls(format_heldout_report(report)), file=err)
    if info.get("tuned"):
        print(f"flashpoint: {_policy_line(info['tuned'])}", file=err)
    print(f"flashpoint: trained on {info['rows']} rows, {len(info['classes'])} sub-event types"
          + (f", rules agree on {100 * agreement:.0f}%" if agreement is not None else "")
          + f"; wrote {escape_controls(args.output)}", file=err)
    return EXIT_OK
