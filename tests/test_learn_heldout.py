"""flashpoint.learn: held-out figures on a seeded split and on each export left out in turn,
on invented notes (no pipeline: the rules' coding is given as `RuleView`s)."""

from __future__ import annotations

import pytest

pytest.importorskip("sklearn")

from flashpoint.learn import (  # noqa: E402
    NO_RULE,
    RuleView,
    TrainingError,
    read_training_rows,
    train_acled_model,
)
from flashpoint.learn.heldout import (  # noqa: E402
    format_heldout_report,
    heldout_report,
    split_indices,
)
from learn_fixtures import two_countries  # noqa: E402

LOOTING = "Looting/property destruction"


def _rows(tmp_path):
    north, south = two_countries(tmp_path)
    return read_training_rows(north) + read_training_rows(south)


def _views(rows):
    # rules that code clashes and arrests right, protests as nothing, looting as an arrest
    table = {"Armed clash": RuleView("Armed clash", "Battles", "FIGHT", "fought"),
             "Arrests": RuleView("Arrests", "Strategic developments", "COERCE", "arrested"),
             LOOTING: RuleView("Arrests", "Strategic developments", "COERCE", "looted")}
    return [table.get(r.sub_event_type, RuleView(plover="PROTEST", trigger="marched"))
            for r in rows]


def test_split_is_seeded_disjoint_and_sized():
    train, test = split_indices(50, 0.2, seed=3)
    assert len(test) == 10 and len(train) == 40
    assert not set(train) & set(test) and sorted(train + test) == list(range(50))
    assert split_indices(50, 0.2, seed=3) == (train, test)
    assert split_indices(50, 0.2, seed=4)[1] != test


def test_report_keys_and_rules_figure(tmp_path):
    rows = _rows(tmp_path)
    views = _views(rows)
    report = heldout_report(rows, views, lambda r, v: train_acled_model(r, views=v),
                            holdout=0.25, seed=0)
    assert report["files"] == {"north.csv": 36, "south.csv": 48}
    split = report["split"]
    assert (split["train_rows"], split["test_rows"]) == (63, 21)
    assert set(split["by_file"]) == {"north.csv", "south.csv"}
    assert set(report["leave_one_file_out"]) == {"north.csv", "south.csv"}
    for m in [split["overall"], *split["by_file"].values(),
              *report["leave_one_file_out"].values()]:
        assert set(m) >= {"n", "rules", "model", "classifier"}
        for who in ("rules", "model", "classifier"):
            assert set(m[who]) == {"sub_event_type", "event_type"}
    # the rules alone: right on clashes and arrests, wrong on protests and looting
    south = report["leave_one_file_out"]["south.csv"]
    assert south["n"] == 48 and south["rules"]["sub_event_type"] == 0.5
    north = report["leave_one_file_out"]["north.csv"]
    assert north["rules"]["sub_event_type"] == pytest.approx(24 / 36, abs=1e-4)
    table = format_heldout_report(report)
    assert "left out: south.csv" in table and "split 0.25 seed 0" in table


def test_left_out_file_is_not_trained_on(tmp_path):
    rows = _rows(tmp_path)
    views = _views(rows)
    fitted = []

    def fit(r, v):
        fitted.append((sorted({x.source for x in r}), len(r)))
        model = train_acled_model(r, views=v, threshold=0.0)
        fitted[-1] += (model,)
        return model

    report = heldout_report(rows, views, fit, holdout=0.0)
    assert "split" not in report
    sources = [f[0] for f in fitted]
    assert sources == [["south.csv"], ["north.csv"]]  # north left out first, then south
    model = fitted[1][2]
    assert LOOTING not in model.info["classes"]
    south = [r for r in rows if r.source == "south.csv"]
    guesses = model.predict([r.notes for r in south], _views(south))
    assert LOOTING not in {g for g, _ in guesses}
    # the 12 looting rows can never be right for a model that has not seen the class
    assert report["leave_one_file_out"]["south.csv"]["classifier"]["sub_event_type"] \
        <= 36 / 48


def test_same_seed_same_figures(tmp_path):
    rows = _rows(tmp_path)
    views = _views(rows)

    def run(seed):
        return heldout_report(rows, views, lambda r, v: train_acled_model(r, views=v),
                              holdout=0.3, seed=seed)

    assert run(1) == run(1)
    assert run(1)["split"]["test_rows"] == run(2)["split"]["test_rows"]


def test_a_model_that_cannot_train_is_reported_skipped(tmp_path):
    rows = _rows(tmp_path)
    north_only_one_class = [r for r in rows if r.source == "south.csv"
                            or r.sub_event_type == "Arrests"]
    report = heldout_report(north_only_one_class, _views(north_only_one_class),
                            lambda r, v: train_acled_model(r, views=v), holdout=0.0)
    assert "skipped" in report["leave_one_file_out"]["south.csv"]  # north: one class
    assert "skipped" not in report["leave_one_file_out"]["north.csv"]
    with pytest.raises(TrainingError):
        train_acled_model(rows[:5])


def test_decide_overrides_only_when_confident_and_fills_only_when_asked(tmp_path):
    rows = _rows(tmp_path)
    model = train_acled_model(rows, views=_views(rows), threshold=0.6)
    ruled = RuleView("Arrests", "Strategic developments", "COERCE", "arrested")
    assert model.decide(ruled, ("Armed clash", 0.59)) == "Arrests"
    assert model.decide(ruled, ("Armed clash", 0.61)) == "Armed clash"
    uncoded = RuleView(plover="PROTEST", trigger="marched")
    assert model.decide(uncoded, ("Peaceful protest", 0.99)) is None
    model.fill_threshold = 0.5
    assert model.decide(uncoded, ("Peaceful protest", 0.51)) == "Peaceful protest"
    assert model.decide(uncoded, ("Peaceful protest", 0.49)) is None
    assert model.decide(RuleView(), ("Peaceful protest", 0.99)) is None  # no event: none made
    assert RuleView().plover == NO_RULE
