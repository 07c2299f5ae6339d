"""flashpoint.learn: the rules' view of a text, the override policy, its choice on
out-of-fold rows (never on the rows it is scored on) and the tempered SVM's probabilities,
on invented notes."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

pytest.importorskip("sklearn")

from flashpoint.learn import RuleView, read_training_rows, rule_view, train_acled_model  # noqa: E402
from flashpoint.learn.acled_model import inner_folds  # noqa: E402
from flashpoint.learn.calibrate import fit_temperature, softmax  # noqa: E402
from flashpoint.learn.features import NO_RULE, rule_tokens  # noqa: E402
from flashpoint.learn.heldout import heldout_report  # noqa: E402
from flashpoint.learn.policy import (  # noqa: E402
    Policy,
    candidate_policies,
    choose_policy,
    decide_code,
)
from learn_fixtures import two_countries  # noqa: E402

CLASH, ATTACK, ARRESTS = "Armed clash", "Attack", "Arrests"
KNOWN = {CLASH: "Battles", ATTACK: "Violence against civilians",
         ARRESTS: "Strategic developments", "Peaceful protest": "Protests"}


def _event(sub, etype, plover, confidence, start, *, a2=None, means=None, trigger="x"):
    return SimpleNamespace(
        acled=SimpleNamespace(sub_event_type=sub, event_type=etype) if sub else None,
        plover=SimpleNamespace(type=plover), trigger=trigger, trigger_start=start,
        confidence=confidence, modality="asserted", cues={"means": means},
        actor1=SimpleNamespace(kind="militant"),
        actor2=SimpleNamespace(kind=a2) if a2 else None)


def test_text_view_leads_with_the_surest_code_and_keeps_the_others_as_candidates():
    events = [_event(None, None, "PROTEST", 0.9, 0),
              _event(CLASH, "Battles", "FIGHT", 0.6, 10, trigger="Clashed"),
              _event(ATTACK, "Violence against civilians", "ASSAULT", 0.8, 30,
                     a2="civilians", means="drone")]
    view = rule_view(events)
    assert (view.sub_event_type, view.plover, view.actor2_kind, view.means) == \
        (ATTACK, "ASSAULT", "civilians", "drone")
    assert view.candidates == (ATTACK, CLASH) and view.plovers == ("ASSAULT", "FIGHT",
                                                                    "PROTEST")
    tokens = rule_tokens(view).split()
    assert "sub_a2=Attack|civilians" in tokens and "cand=Armed_clash" in tokens
    assert "conf=8" in tokens and "means=drone" in tokens
    assert rule_view([]) == RuleView() and rule_view([]).candidates == ()


def test_policy_overrides_only_when_confident_or_among_the_candidates():
    view = RuleView(ATTACK, "Violence against civilians", "ASSAULT", candidates=(ATTACK,
                                                                                 CLASH))
    policy = Policy(threshold=0.7, candidate_threshold=0.4)
    assert decide_code(view, (CLASH, 0.45), policy, KNOWN) == CLASH  # a candidate
    assert decide_code(view, (CLASH, 0.35), policy, KNOWN) == ATTACK
    assert decide_code(view, (ARRESTS, 0.65), policy, KNOWN) == ATTACK  # not a candidate
    assert decide_code(view, (ARRESTS, 0.75), policy, KNOWN) == ARRESTS
    assert decide_code(view, ("Unknown type", 0.99), policy, KNOWN) == ATTACK
    uncoded = RuleView(plover="PROTEST")
    assert decide_code(uncoded, ("Peaceful protest", 0.99), policy, KNOWN) is None
    fill = Policy(threshold=0.7, fill_threshold=0.5)
    assert decide_code(uncoded, ("Peaceful protest", 0.51), fill, KNOWN) == "Peaceful protest"
    assert decide_code(RuleView(), ("Peaceful protest", 0.99), fill, KNOWN) is None


def _oof_case():
    views, firsts, labels = [], [], []
    for i in range(40):  # the rules say Attack; the classifier is right when confident
        sure = i % 4 != 0
        views.append(RuleView(ATTACK, "Violence against civilians", "ASSAULT",
                              candidates=(ATTACK, CLASH) if i % 2 else (ATTACK,)))
        firsts.append((CLASH, 0.9 if sure else 0.35))
        labels.append(CLASH if sure else ATTACK)
    for _ in range(10):  # no ACLED code from the rules, an event all the same
        views.append(RuleView(plover="PROTEST"))
        firsts.append(("Peaceful protest", 0.6))
        labels.append("Peaceful protest")
    return views, firsts, labels


def test_chosen_policy_is_counted_as_decide_code_counts_it():
    views, firsts, labels = _oof_case()
    policy, accuracy = choose_policy(views, firsts, labels, KNOWN)
    hits = sum(decide_code(v, f, policy, KNOWN) == y
               for v, f, y in zip(views, firsts, labels, strict=True))
    assert accuracy == hits / len(labels) == 1.0
    assert 0.35 < policy.threshold <= 0.9 and policy.fill_threshold is not None
    assert policy.fill_threshold <= 0.6
    best = max(sum(decide_code(v, f, p, KNOWN) == y
                   for v, f, y in zip(views, firsts, labels, strict=True))
               for p in candidate_policies())
    assert best == hits


def test_temperature_sharpens_separable_margins_and_rows_sum_to_one():
    import numpy as np

    margins = np.array([[2.0, -1.0, -1.0], [-1.0, 2.0, -1.0], [-1.0, -1.0, 2.0]] * 5)
    labels = [0, 1, 2] * 5
    assert fit_temperature(margins, labels) > fit_temperature(margins, [1, 2, 0] * 5)
    p = softmax(margins, 2.0)
    assert np.allclose(p.sum(axis=1), 1.0) and (p.argmax(axis=1) == labels).all()
    binary = softmax(np.array([1.5, -0.5]), 1.0)
    assert binary.shape == (2, 2) and binary[0, 1] > 0.5 > binary[1, 1]


def _rows(tmp_path):
    north, south = two_countries(tmp_path)
    return read_training_rows(north) + read_training_rows(south)


def _views(rows):
    table = {CLASH: RuleView(CLASH, "Battles", "FIGHT", "fought", candidates=(CLASH,)),
             ARRESTS: RuleView(ARRESTS, "Strategic developments", "COERCE", "arrested",
                               candidates=(ARRESTS,))}
    return [table.get(r.sub_event_type, RuleView(plover="PROTEST", trigger="marched"))
            for r in rows]


def test_tuned_training_is_deterministic(tmp_path):
    rows = _rows(tmp_path)
    views = _views(rows)
    first = train_acled_model(rows, views=views, tune=True)
    again = train_acled_model(rows, views=views, tune=True)
    assert first.info["tuned"] == again.info["tuned"]
    assert first.info["tuned"]["sources"] == ["north.csv", "south.csv"]
    assert first.info["tuned"]["folds"] == 2
    texts = [r.notes for r in rows]
    assert first.probabilities(texts, views) == again.probabilities(texts, views)


def test_inner_folds_are_the_exports_or_a_seeded_split(tmp_path):
    rows = _rows(tmp_path)
    folds = inner_folds(rows)
    assert [{rows[i].source for i in f} for f in folds] == [{"north.csv"}, {"south.csv"}]
    north = [r for r in rows if r.source == "north.csv"]
    split = inner_folds(north)
    assert len(split) == 3 and sorted(i for f in split for i in f) == list(range(len(north)))
    assert inner_folds(north) == split


def test_left_out_file_never_chooses_the_policy(tmp_path):
    rows = _rows(tmp_path)
    views = _views(rows)
    fitted = []

    def fit(r, v):
        model = train_acled_model(r, views=v, tune=True)
        fitted.append(({x.source for x in r}, {x.notes for x in r}, model))
        return model

    report = heldout_report(rows, views, fit, holdout=0.25, seed=0)
    split_sources, split_notes, split_model = fitted[0]
    split = report["split"]
    assert len(split_notes) <= split["train_rows"]
    assert split_model.info["tuned"]["rows"] == split["train_rows"]
    for (sources, notes, model), left in zip(fitted[1:], ["north.csv", "south.csv"],
                                             strict=True):
        assert left not in sources and left not in model.info["tuned"]["sources"]
        tested = {r.notes for r in rows if r.source == left}
        assert not tested & notes  # train and test rows never overlap
        entry = report["leave_one_file_out"][left]
        assert entry["test_rows"] == len([r for r in rows if r.source == left])
        assert entry["model"]["sub_event_type"] is not None
    assert NO_RULE == "-"
