"""The developer-written wire-sentence suite (benchmarks/data/coding_suite.v1.jsonl), scored as
benchmarks/coding_report.py scores it; the floors are what the rules reach, so a rule change
that loses ground fails here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _report_module():
    spec = importlib.util.spec_from_file_location("coding_report",
                                                  ROOT / "benchmarks" / "coding_report.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def result():
    report = _report_module()
    return report.score_suite(report.load_suite(), report.default_extractor())


def test_suite_is_large_and_covers_every_type():
    report = _report_module()
    rows = report.load_suite()
    assert len(rows) >= 300
    subs = [r["acled_sub_event_type"] for r in rows if r.get("acled_sub_event_type")]
    assert len(set(subs)) == 25 and all(subs.count(s) >= 10 for s in set(subs))
    plovers = [r["plover"] for r in rows if r.get("plover")]
    assert len(set(plovers)) == 16 and all(plovers.count(p) >= 8 for p in set(plovers))
    assert sum(bool(r.get("none")) for r in rows) >= 20
    assert len({r["text"] for r in rows}) == len(rows)


def test_acled_sub_event_accuracy_floor(result):
    assert result["acled_accuracy"] >= 0.93, result["errors"]
    low = {k: v["accuracy"] for k, v in result["acled"].items() if v["accuracy"] < 0.9}
    assert not low, low


def test_plover_type_accuracy_floor(result):
    assert result["plover_accuracy"] >= 0.94


def test_no_event_sentences_give_no_events(result):
    assert result["no_event"]["false_positives"] == 0, result["no_event"]["sentences"]
