"""`flashpoint train`: the policy is tuned on the training exports unless --threshold fixes it,
and the report says which (invented notes, no rules run)."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("sklearn")

from flashpoint.cli import main  # noqa: E402
from learn_fixtures import two_countries  # noqa: E402


def _train(capsys, args):
    assert main(["train", *args, "--format", "json"]) == 0
    captured = capsys.readouterr()
    return json.loads(captured.out), captured.err


def test_default_tunes_the_policy_on_the_training_exports(tmp_path, capsys):
    north, south = two_countries(tmp_path)
    out, _ = _train(capsys, ["--acled", str(north), str(south), "-o",
                             str(tmp_path / "m.joblib"), "--no-rule-feature", "--no-heldout"])
    tuned = out["tuned"]
    assert tuned["folds"] == 2 and tuned["sources"] == ["north.csv", "south.csv"]
    assert tuned["rows"] == 84 and 0.0 <= tuned["accuracy"] <= 1.0
    assert tuned["policy"]["threshold"] == out["threshold"]
    assert tuned["policy"]["fill_threshold"] == out["fill_threshold"]
    assert main(["train", "--acled", str(north), str(south), "-o", str(tmp_path / "n.joblib"),
                 "--no-rule-feature", "--no-heldout"]) == 0
    assert "policy chosen on 84 out-of-fold training rows (2 folds" in capsys.readouterr().err


def test_threshold_fixes_the_policy(tmp_path, capsys):
    north, south = two_countries(tmp_path)
    out, err = _train(capsys, ["--acled", str(north), str(south), "-o",
                               str(tmp_path / "m.joblib"), "--no-rule-feature",
                               "--no-heldout", "--threshold", "0.65"])
    assert out["tuned"] is None and out["threshold"] == 0.65
    assert out["candidate_threshold"] is None and out["fill_threshold"] is None
    assert "policy chosen" not in err
