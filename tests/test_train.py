"""`flashpoint train` fits an ACLED sub-event classifier; `extract --model` applies it."""

from __future__ import annotations

import csv
import json

import pytest

pytest.importorskip("sklearn")

from flashpoint.cli import main  # noqa: E402

PLACES = ["Bunia", "Beni", "Butembo", "Goma", "Kisangani", "Bukavu", "Uvira", "Kalemie",
          "Kindu", "Kananga", "Mbandaka", "Kikwit", "Tshikapa", "Kolwezi", "Likasi", "Matadi",
          "Boma", "Gemena", "Isiro", "Lisala", "Bumba"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

MOB = ["Miners attacked a health centre in {p} on {d}, accusing staff of witchcraft.",
       "Angry miners attacked a man suspected of theft in {p} on {d}.",
       "Miners attacked a police post in {p} on {d} after a boy died."]
CLASH = ["Soldiers clashed with rebels near {p} on {d}.",
         "The army fought militiamen outside {p} on {d}, killing three fighters.",
         "Rebels attacked an army position near {p} on {d}."]
ARREST = ["Police arrested five suspects in {p} on {d}.",
          "Security forces detained a local official in {p} on {d}.",
          "Police arrested two journalists in {p} on {d}."]


def _rows() -> list[dict[str, str]]:
    rows = []
    for i, p in enumerate(PLACES):
        d = DAYS[i % len(DAYS)]
        rows.append({"event_type": "Riots", "sub_event_type": "Mob violence",
                     "notes": MOB[i % 3].format(p=p, d=d)})
        rows.append({"event_type": "Battles", "sub_event_type": "Armed clash",
                     "notes": CLASH[i % 3].format(p=p, d=d)})
        rows.append({"event_type": "Strategic developments", "sub_event_type": "Arrests",
                     "notes": ARREST[i % 3].format(p=p, d=d)})
    return rows


def _events(capsys, args: list[str]) -> list[dict]:
    assert main(args) == 0
    return json.loads(capsys.readouterr().out)


def test_train_writes_a_model_that_changes_a_rule_code(tmp_path, capsys):
    export = tmp_path / "acled.csv"
    rows = _rows()
    assert len(rows) >= 60
    with export.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["event_type", "sub_event_type", "notes"])
        writer.writeheader()
        writer.writerows(rows)
    model = tmp_path / "model.joblib"
    assert main(["train", "--acled", str(export), "-o", str(model)]) == 0
    assert model.is_file() and model.stat().st_size > 0
    assert "trained on 63 rows" in capsys.readouterr().err

    from flashpoint.learn import load_model

    loaded = load_model(model)
    assert set(loaded.info["classes"]) == {"Mob violence", "Armed clash", "Arrests"}
    assert loaded.event_types["Mob violence"] == "Riots"

    article = tmp_path / "a.txt"
    # the rules code these civilians against the police as a clash (miners are no crowd noun
    # of theirs); the model learnt otherwise
    article.write_text("Mob\n\nMiners attacked a police post in Kasongo on Friday, accusing "
                       "officers of extortion.\n", encoding="utf-8")
    rules = _events(capsys, ["extract", str(article), "--format", "json"])
    with_model = _events(capsys, ["extract", str(article), "--format", "json",
                                  "--model", str(model)])
    assert [e["acled"]["sub_event_type"] for e in rules if e["acled"]] == ["Armed clash"]
    coded = [e["acled"] for e in with_model if e["acled"]]
    assert coded == [{"event_type": "Riots", "sub_event_type": "Mob violence"}]


def test_model_notes_its_source_and_leaves_agreeing_codes(tmp_path):
    from flashpoint.learn import load_model, read_acled_csv, train_acled_model
    from flashpoint.pipeline import Pipeline
    from flashpoint.record import Article

    export = tmp_path / "acled.csv"
    with export.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["notes", "sub_event_type", "event_type"],
                                delimiter=";")
        writer.writeheader()
        writer.writerows(_rows())
    rows = read_acled_csv(export)
    assert len(rows) == 63
    model = train_acled_model(rows)  # words only
    model.save(tmp_path / "m.joblib")
    pipeline = Pipeline(model=load_model(tmp_path / "m.joblib"))
    changed = pipeline.extract(Article(id="a", text="Miners attacked a police station in "
                                       "Walikale on Monday, accusing officers of theft."))
    kept = pipeline.extract(Article(id="b", text="Police arrested three men in Kasongo on "
                                    "Monday."))
    event = next(e for e in changed if e.acled)
    assert event.acled.sub_event_type == "Mob violence"
    assert event.cues["acled_source"] == "model"
    arrest = next(e for e in kept if e.acled)
    assert arrest.acled.sub_event_type == "Arrests"
    assert "acled_source" not in arrest.cues


def test_train_rejects_an_export_without_notes(tmp_path, capsys):
    export = tmp_path / "bad.csv"
    export.write_text("event_type,sub_event_type\nBattles,Armed clash\n", encoding="utf-8")
    assert main(["train", "--acled", str(export), "-o", str(tmp_path / "m.joblib")]) == 1
    assert "notes" in capsys.readouterr().err
