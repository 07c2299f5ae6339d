"""`flashpoint train --acled FILE [FILE ...]`: the held-out report, and one-line errors."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("sklearn")

from flashpoint.cli import main  # noqa: E402
from learn_fixtures import country_rows, two_countries, write_export  # noqa: E402


def _train_json(capsys, args):
    assert main(["train", *args, "--format", "json"]) == 0
    captured = capsys.readouterr()
    return json.loads(captured.out), captured.err


def test_several_exports_report_split_and_each_left_out(tmp_path, capsys):
    north, south = two_countries(tmp_path)
    model = tmp_path / "m.joblib"
    report, err = _train_json(capsys, ["--acled", str(north), str(south), "-o", str(model),
                                       "--no-rule-feature", "--holdout", "0.25"])
    assert "trained on 84 rows, 4 sub-event types" in err
    held = report["heldout"]
    assert held["schema"] == "flashpoint-train-heldout/1"
    assert held["files"] == {"north.csv": 36, "south.csv": 48}
    assert held["split"]["test_rows"] == 21 and held["split"]["seed"] == 0
    assert set(held["split"]["by_file"]) == {"north.csv", "south.csv"}
    left = held["leave_one_file_out"]
    assert (left["south.csv"]["train_rows"], left["south.csv"]["test_rows"]) == (36, 48)
    # trained on north only, the model never codes looting: at most 36 of 48 right
    assert left["south.csv"]["classifier"]["sub_event_type"] <= 0.75
    # no rule feature: the rules alone are never right (they were not run)
    assert left["north.csv"]["rules"]["sub_event_type"] == 0.0

    from flashpoint.learn import load_model

    final = load_model(model)  # the saved model is trained on every row
    assert final.info["rows"] == 84 and "Looting/property destruction" in final.info["classes"]
    assert final.info["heldout"] == held


def test_same_seed_same_report_and_text_table(tmp_path, capsys):
    north, south = two_countries(tmp_path)
    args = ["--acled", str(north), str(south), "-o", str(tmp_path / "m.joblib"),
            "--no-rule-feature", "--seed", "5"]
    first, _ = _train_json(capsys, args)
    second, _ = _train_json(capsys, args)
    assert first == second
    assert main(["train", *args]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "left out: south.csv" in captured.err and "split 0.2 seed 5" in captured.err


def test_sample_and_no_heldout(tmp_path, capsys):
    north, south = two_countries(tmp_path)
    report, err = _train_json(capsys, ["--acled", str(north), str(south), "-o",
                                       str(tmp_path / "m.joblib"), "--no-rule-feature",
                                       "--sample", "20", "--no-heldout"])
    assert report["heldout"] is None and report["rows"] == 40
    assert "held-out" not in err


def test_rule_feature_gives_the_rules_figure(tmp_path, capsys):
    north = write_export(tmp_path / "north.csv", country_rows("north"))
    report, _ = _train_json(capsys, ["--acled", str(north), "-o", str(tmp_path / "m.joblib"),
                                     "--holdout", "0.5"])
    split = report["heldout"]["split"]
    assert split["test_rows"] == 18 and "leave_one_file_out" not in report["heldout"]
    assert split["overall"]["rules"]["sub_event_type"] > 0  # the rules code some clashes


@pytest.mark.parametrize("content, word", [
    ("event_type,sub_event_type\nBattles,Armed clash\n", "notes"),
    ("notes,event_type\nSoldiers fought rebels.,Battles\n", "sub_event_type"),
])
def test_missing_columns_one_line_exit_1(tmp_path, capsys, content, word):
    good = write_export(tmp_path / "good.csv", country_rows("north"))
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    code = main(["train", "--acled", str(good), str(bad), "-o", str(tmp_path / "m.joblib"),
                 "--no-rule-feature"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "bad.csv" in err and word in err
    assert not (tmp_path / "m.joblib").exists()


def test_unreadable_and_undecodable_exports_exit_1(tmp_path, capsys):
    missing = tmp_path / "missing.csv"
    assert main(["train", "--acled", str(missing), "-o", str(tmp_path / "m")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.csv" in err
    binary = tmp_path / "latin.csv"
    binary.write_bytes(b"notes,sub_event_type\n\xff\xfe caf\xe9,Armed clash\n")
    assert main(["train", "--acled", str(binary), "-o", str(tmp_path / "m")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "latin.csv" in err


def test_too_few_rows_and_bad_flags(tmp_path, capsys):
    tiny = write_export(tmp_path / "tiny.csv", country_rows("north")[:4])
    assert main(["train", "--acled", str(tiny), "-o", str(tmp_path / "m"),
                 "--no-rule-feature"]) == 1
    assert "need at least 10 rows" in capsys.readouterr().err
    assert main(["train", "--acled", str(tiny), "-o", str(tmp_path / "m"),
                 "--holdout", "1.5"]) == 2
    assert main(["train", "--acled", str(tiny), "-o", str(tmp_path / "m"),
                 "--sample", "0"]) == 2
    assert main(["train", "-o", str(tmp_path / "m")]) == 2


def test_a_file_that_is_not_a_model_is_one_line_and_exit_2(tmp_path) -> None:
    import io

    from flashpoint.cli import main

    bogus = tmp_path / "notes.joblib"
    bogus.write_text("On a Monday, nothing happened in a town we made up.\n")
    article = tmp_path / "a.txt"
    article.write_text("Title\nSoldiers clashed with rebels near a town on Monday.\n")
    err = io.StringIO()
    import contextlib
    with contextlib.redirect_stderr(err):
        rc = main(["extract", str(article), "--model", str(bogus)])
    assert rc == 2
    lines = [x for x in err.getvalue().splitlines() if x.strip()]
    assert len(lines) == 1 and str(bogus) in lines[0] and "not a flashpoint ACLED model" in lines[0]
    missing = tmp_path / "missing.joblib"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        rc = main(["extract", str(article), "--model", str(missing)])
    assert rc == 2 and "cannot read the model file" in err.getvalue()
