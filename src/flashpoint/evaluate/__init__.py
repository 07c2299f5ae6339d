"""Measurement: score any predictor against gold events and the PLOVER dev sentences.

Nothing here imports the pipeline or the CLI; scorers take a predictor callable so they can be
tested with canned predictions.
"""

from flashpoint.evaluate.gold import (
    FIELDS,
    GoldArticle,
    format_gold_report,
    load_gold,
    names_match,
    score_gold,
)
from flashpoint.evaluate.plover_dev import (
    PloverRecord,
    format_plover_report,
    load_plover_dev,
    remap_plover,
    score_plover_dev,
)

__all__ = [
    "FIELDS",
    "GoldArticle",
    "PloverRecord",
    "format_gold_report",
    "format_plover_report",
    "load_gold",
    "load_plover_dev",
    "names_match",
    "remap_plover",
    "score_gold",
    "score_plover_dev",
]
