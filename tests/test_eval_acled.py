"""`eval-acled`: the ACLED readers (both layouts, dates, bad rows) and the scorer.

Every row here is invented for the test (made-up places, actors and notes); no dev-set row.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from flashpoint.evaluate.acled_read import (
    AcledReadError,
    AcledRow,
    inter_category,
    parse_acled_date,
    read_acled,
    sample_rows,
)
from flashpoint.evaluate.acled_report import format_acled_report
from flashpoint.evaluate.acled_score import (
    actor_category,
    actor_names_agree,
    choose_event,
    fatality_cue,
    score_acled,
    sub_type_table,
)

CURRENT = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,"
    "source,source_scale,notes,fatalities,tags,timestamp"
).split(",")
OLDER = (
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,"
    "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,"
    "region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,timestamp,iso3"
).split(",")
NO_ACTOR2 = [c for c in CURRENT if c not in ("actor2", "assoc_actor_2", "inter2")]

BATTLE_NOTE = "On 2 May, soldiers fought rebels of the Red Heron Front near Varnok; 3 died."
PROTEST_NOTE = "On 3 May, traders marched in Ostrel town against a new market levy."


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]],
              delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])
    return path


def battle(**over: str) -> dict[str, str]:
    row = {"event_id_cnty": "ZZZ1", "data_id": "1", "event_date": "2021-05-02", "year": "2021",
           "event_type": "Battles", "sub_event_type": "Armed clash",
           "actor1": "Military Forces of Peru (2016-2021)", "inter1": "State forces",
           "actor2": "Red Heron Front", "inter2": "Rebel group", "country": "Peru",
           "admin1": "Varnok Province", "location": "Varnok", "latitude": "-9.5",
           "longitude": "-75.0", "geo_precision": "1", "notes": BATTLE_NOTE,
           "fatalities": "3", "iso3": "PER"}
    row.update(over)
    return row


def protest(**over: str) -> dict[str, str]:
    row = {"event_id_cnty": "ZZZ2", "data_id": "2", "event_date": "2021-05-03", "year": "2021",
           "event_type": "Protests", "sub_event_type": "Peaceful protest",
           "actor1": "Protesters (Peru)", "inter1": "Protesters", "country": "Peru",
           "admin1": "Ostrel", "location": "Ostrel", "latitude": "-10.0", "longitude": "-76.0",
           "geo_precision": "2", "notes": PROTEST_NOTE, "fatalities": "0", "iso3": "PER"}
    row.update(over)
    return row


# ------------------------------------------------------------------ readers

def test_current_layout_is_read_with_labels_and_coordinates(tmp_path):
    f = read_acled(write_csv(tmp_path / "a.csv", CURRENT, [battle(), protest()]))
    assert f.layout == "current" and not f.bad
    first, second = f.rows
    assert first.event_date == dt.date(2021, 5, 2)
    assert (first.event_type, first.sub_event_type) == ("Battles", "Armed clash")
    assert first.inter1 == "state forces" and second.inter1 == "protesters"
    assert (first.lat, first.lon, first.geo_precision) == (-9.5, -75.0, 1)
    assert first.fatalities == 3 and first.notes == BATTLE_NOTE
    assert first.actor2 == "Red Heron Front" and first.iso3 is None  # current: numeric iso


def test_older_layout_has_numeric_inter_codes_iso3_and_two_digit_years(tmp_path):
    rows = [battle(inter1="1", event_date="02-05-21"), protest(inter1="6", year="1998",
                                                               event_date="03-05-98")]
    f = read_acled(write_csv(tmp_path / "old.csv", OLDER, rows))
    assert f.layout == "older" and not f.bad
    assert [r.inter1 for r in f.rows] == ["state forces", "protesters"]
    assert [r.event_date for r in f.rows] == [dt.date(2021, 5, 2), dt.date(1998, 5, 3)]
    assert f.rows[0].iso3 == "PER"


def test_export_without_actor2_columns(tmp_path):
    f = read_acled(write_csv(tmp_path / "p.csv", NO_ACTOR2, [protest(inter1="Rioters")]))
    assert f.layout == "current" and not f.bad
    assert f.rows[0].actor2 == "" and f.rows[0].inter1 == "rioters"


@pytest.mark.parametrize("text,expected", [
    ("2021-07-04", dt.date(2021, 7, 4)),
    ("2021-07-04T00:00:00", dt.date(2021, 7, 4)),
    ("2021/07/04", dt.date(2021, 7, 4)),
    ("04 July 2021", dt.date(2021, 7, 4)),
    ("4 Sept 2021", dt.date(2021, 9, 4)),
    ("4-Jul-21", dt.date(2021, 7, 4)),
    ("04-07-21", dt.date(2021, 7, 4)),  # day first
    ("04/07/2021", dt.date(2021, 7, 4)),
    ("7/24/2021", dt.date(2021, 7, 24)),  # month first: 24 cannot be a month
    ("July 4, 2021", dt.date(2021, 7, 4)),
])
def test_every_acled_date_form(text, expected):
    assert parse_acled_date(text, 2021) == expected


def test_two_digit_year_takes_its_century_from_the_year_column():
    assert parse_acled_date("05-03-98", 1998) == dt.date(1998, 3, 5)
    assert parse_acled_date("05-03-04", 2004) == dt.date(2004, 3, 5)
    assert parse_acled_date("05-03-04") == dt.date(2004, 3, 5)


@pytest.mark.parametrize("text", ["", "yesterday", "31-02-21", "2021-13-01", "4-Foo-21"])
def test_unreadable_dates_raise(text):
    with pytest.raises(ValueError):
        parse_acled_date(text, 2021)


def test_inter_codes_and_labels():
    assert inter_category("2") == "rebel group" and inter_category("4.0") == "identity militia"
    assert inter_category("External/Other forces") == "external/other forces"
    assert inter_category("") is None and inter_category("9") is None


def test_bad_rows_are_counted_and_named_and_the_rest_is_read(tmp_path):
    path = write_csv(tmp_path / "bad.csv", CURRENT, [
        battle(), battle(notes=""), battle(event_date="sometime"), battle(sub_event_type=""),
        protest()])
    with path.open("a", encoding="utf-8") as f:
        f.write(",".join(["x"] * (len(CURRENT) + 2)) + "\n")
    result = read_acled(path)
    assert len(result.rows) == 2
    reasons = [str(b) for b in result.bad]
    assert reasons == ["bad.csv:3: no notes", "bad.csv:4: unreadable event_date 'sometime'",
                       "bad.csv:5: no event_type / sub_event_type",
                       f"bad.csv:7: {len(CURRENT) + 2} fields where the header has "
                       f"{len(CURRENT)}"]


def test_doubled_quotes_inside_notes_stay_in_one_field(tmp_path):
    note = 'Residents said "the gate was shut" and a crowd gathered, then left.'
    f = read_acled(write_csv(tmp_path / "q.csv", CURRENT, [protest(notes=note)] * 3))
    assert not f.bad and [r.notes for r in f.rows] == [note] * 3


def test_semicolons_and_cp1252_are_read(tmp_path):
    path = write_csv(tmp_path / "s.csv", CURRENT, [protest(location="Ostrél")],
                     delimiter=";", encoding="cp1252")
    f = read_acled(path)
    assert not f.bad and f.rows[0].location == "Ostrél"


def test_unreadable_files_raise_naming_the_file(tmp_path):
    with pytest.raises(AcledReadError, match="nope.csv"):
        read_acled(tmp_path / "nope.csv")
    (tmp_path / "plain.csv").write_text("id,text\n1,hello\n", encoding="utf-8")
    with pytest.raises(AcledReadError, match="no column event_date"):
        read_acled(tmp_path / "plain.csv")
    (tmp_path / "bin.csv").write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(AcledReadError, match="not a text file"):
        read_acled(tmp_path / "bin.csv")
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(AcledReadError, match="empty"):
        read_acled(tmp_path / "empty.csv")


def test_sample_is_seeded_and_in_file_order(tmp_path):
    rows = [battle(event_id_cnty=f"ZZZ{i}", notes=f"note {i} about a clash") for i in range(50)]
    f = read_acled(write_csv(tmp_path / "many.csv", CURRENT, rows))
    a, b = sample_rows(f.rows, 10, seed=3), sample_rows(f.rows, 10, seed=3)
    assert [r.line for r in a] == [r.line for r in b] == sorted(r.line for r in a)
    assert [r.line for r in sample_rows(f.rows, 10, seed=4)] != [r.line for r in a]
    assert len(sample_rows(f.rows, 500)) == 50 and len(sample_rows(f.rows, None)) == 50


# ------------------------------------------------------------------ scorer

def event(etype: str | None, sub: str | None, *, lat: float | None = None,
          lon: float | None = None, admin1: str | None = None, kind: str | None = None,
          actor: str | None = None, country: str | None = None, killed: int | None = None,
          confidence: float = 0.5) -> dict[str, Any]:
    """A prediction in the Event.to_dict() shape (only the keys the scorer reads)."""
    return {
        "acled": {"event_type": etype, "sub_event_type": sub} if etype else None,
        "plover": {"type": "ASSAULT"},
        "actor1": {"name": actor or kind, "kind": kind, "country": country} if kind else None,
        "actor2": None,
        "location": {"name": "x", "lat": lat, "lon": lon, "admin1": admin1, "precision": 1}
        if lat is not None or admin1 else None,
        "fatalities": {"best": killed} if killed is not None else None,
        "modality": "asserted", "confidence": confidence,
    }


def row(**over: Any) -> AcledRow:
    base = dict(file="t.csv", line=2, event_id="ZZZ1", event_date=dt.date(2021, 5, 2),
                notes=BATTLE_NOTE, event_type="Battles", sub_event_type="Armed clash",
                country="Peru", iso3="PER", admin1="Varnok Province", lat=-9.5, lon=-75.0,
                geo_precision=1, actor1="Military Forces of Peru (2016-2021)",
                inter1="state forces", fatalities=3)
    base.update(over)
    return AcledRow(**base)


def test_choice_prefers_same_sub_type_then_same_type_then_nearest_place():
    gold = row()
    same_sub = event("Battles", "Armed clash", lat=-12.0, lon=-77.0, confidence=0.1)
    same_type = event("Battles", "Government regains territory", lat=-9.5, lon=-75.0)
    other = event("Violence against civilians", "Attack", lat=-9.5, lon=-75.0, confidence=0.9)
    assert choose_event(gold, [other, same_type, same_sub]) is same_sub
    assert choose_event(gold, [other, same_type]) is same_type
    near = event("Riots", "Mob violence", lat=-9.51, lon=-75.0, confidence=0.1)
    far = event("Riots", "Mob violence", lat=-12.0, lon=-75.0, confidence=0.9)
    assert choose_event(gold, [far, near]) is near
    assert choose_event(gold, []) is None


def test_fatality_cues_come_from_the_codebook_wording():
    assert fatality_cue("Fatalities were coded as 0 as the toll is unclear.") == "coded as 0"
    assert fatality_cue("Twelve deaths are split across three events.") == "split"
    assert fatality_cue("The toll was spread between two days.") == "spread between"
    assert fatality_cue("Two people were killed in a clash.") is None


def test_actor_kinds_map_onto_acled_categories():
    assert actor_category("police", "PER", "PER", "Battles") == "state forces"
    assert actor_category("military", "CHL", "PER", "Battles") == "external/other forces"
    assert actor_category("militant", None, "PER", "Battles") == "rebel group"
    assert actor_category("protesters", None, "PER", "Riots") == "rioters"
    assert actor_category("protesters", None, "PER", "Protests") == "protesters"
    assert actor_category(None, None, "PER", "Battles") is None


def test_actor_names_compare_without_acled_periods():
    assert actor_names_agree("Military Forces of Peru (2016-2021)", "Military Forces of Peru")
    assert actor_names_agree("Police Forces of Peru (2016-)", "Police Forces of Peru")
    assert actor_names_agree("Protesters (Peru)", "Protesters")
    assert not actor_names_agree("Protesters (Peru)", "Civilians (Peru)")
    assert not actor_names_agree("Red Heron Front", None)


def canned(predictions: dict[str, list[dict[str, Any]]], calls: list[str]):
    def predict(notes):
        for _, text, published in notes:
            assert isinstance(published, dt.date)
            calls.append(text)
            yield predictions.get(text, [])
    return predict


def scored(tmp_path: Path, rows: list[dict[str, str]], predictions, **kw) -> dict[str, Any]:
    f = read_acled(write_csv(tmp_path / "t.csv", CURRENT, rows))
    calls: list[str] = []
    result = score_acled([f], canned(predictions, calls), **kw)
    result["_calls"] = calls
    return result


def test_scores_a_perfect_and_a_missed_row(tmp_path):
    preds = {BATTLE_NOTE: [event("Battles", "Armed clash", lat=-9.6, lon=-75.0,
                                 admin1="Varnok", kind="military", country="PER",
                                 actor="Military Forces of Peru", killed=3)]}
    result = scored(tmp_path, [battle(), protest()], preds)
    overall = result["overall"]
    assert overall["rows"] == 2 and overall["no_event"] == 0.5
    assert overall["event_type"] == overall["sub_event_type"] == 0.5
    assert overall["location"]["within_25km_p1"] == 1.0  # 11 km away
    assert overall["location"]["within_50km_p2"] == 0.0  # the protest has no event
    assert overall["location"]["admin1"] == 0.5  # "Varnok Province" = "Varnok"
    assert overall["fatalities"]["exact"] == 1.0 and overall["fatalities"]["n"] == 2
    assert overall["actor1"]["kind"] == 0.5 and overall["actor1"]["name"] == 0.5
    assert overall["per_class"]["Peaceful protest"]["recall"] == 0.0
    assert overall["confusions"] == [{"gold": "Peaceful protest", "predicted": "(none)",
                                      "n": 1}]
    assert result["by_file"]["t.csv"]["rows"] == 2 and result["throughput"]["notes"] == 2


def test_distant_place_and_wrong_count_are_misses(tmp_path):
    preds = {BATTLE_NOTE: [event("Battles", "Armed clash", lat=-10.0, lon=-75.0, killed=5)]}
    overall = scored(tmp_path, [battle()], preds)["overall"]
    assert overall["location"]["within_25km_p1"] == 0.0  # ~56 km
    assert overall["fatalities"]["exact"] == 0.0 and overall["fatalities"]["mae"] == 2


def test_rows_whose_notes_say_the_count_was_coded_otherwise_are_left_out(tmp_path):
    note = "Soldiers and rebels clashed near Varnok; fatalities coded as 0 as none reported."
    result = scored(tmp_path, [battle(notes=note, fatalities="0")],
                    {note: [event("Battles", "Armed clash", killed=4)]})
    fat = result["overall"]["fatalities"]
    assert fat == {"exact": None, "exact_nonzero": None, "n": 0, "excluded": 1, "mae": None}


def test_each_distinct_note_is_extracted_once(tmp_path):
    rows = [battle(), battle(event_id_cnty="ZZZ9", location="Varnok East"), protest()]
    result = scored(tmp_path, rows, {})
    assert sorted(result["_calls"]) == sorted([BATTLE_NOTE, PROTEST_NOTE])
    assert result["overall"]["notes"] == 2 and result["overall"]["rows"] == 3


def test_events_per_note_and_blind_choice(tmp_path):
    preds = {BATTLE_NOTE: [event("Violence against civilians", "Attack", confidence=0.9),
                           event("Battles", "Armed clash", confidence=0.2)]}
    overall = scored(tmp_path, [battle()], preds)["overall"]
    assert overall["events_per_note"] == 2
    assert overall["sub_event_type"] == 1.0  # best match
    assert overall["blind_sub_event_type"] == 0.0  # the confident event is the wrong one


def test_militia_kind_agrees_with_both_acled_militia_categories(tmp_path):
    rows = [battle(inter1="Political militia", notes="Armed youths of the Kelp party fought."),
            battle(inter1="Identity militia", notes="Herders of two clans fought.")]
    preds = {r["notes"]: [event("Battles", "Armed clash", kind="militia")] for r in rows}
    assert scored(tmp_path, rows, preds)["overall"]["actor1"]["kind"] == 1.0


def test_macro_and_weighted_f1():
    def outcome(gold: str, pred: str | None) -> dict[str, Any]:
        return {"gold": {"sub_event_type": gold},
                "predicted": {"sub_event_type": pred} if pred else None}

    table = sub_type_table([outcome("A", "A"), outcome("A", "A"), outcome("A", "B"),
                            outcome("B", None)])
    # A: P 1, R 2/3 -> F1 0.8; B: P 0 -> F1 0
    assert table["per_class"]["A"]["f1"] == pytest.approx(0.8)
    assert table["per_class"]["B"]["f1"] == 0.0
    assert table["macro_f1"] == pytest.approx(0.4)
    assert table["weighted_f1"] == pytest.approx(0.8 * 3 / 4)


def test_by_groups_and_the_report(tmp_path):
    result = scored(tmp_path, [battle(), protest()],
                    {PROTEST_NOTE: [event("Protests", "Peaceful protest")]},
                    by="sub_event_type")
    groups = result["by"]["groups"]
    assert groups["Peaceful protest"]["sub_event_type"] == 1.0
    assert groups["Armed clash"]["no_event"] == 1.0
    text = format_acled_report(result)
    assert "t.csv" in text and "Peaceful protest" in text and "overall" in text
    with pytest.raises(ValueError, match="--by"):
        score_acled([], canned({}, []), by="region")


def test_outcomes_reach_the_details_callback(tmp_path):
    lines: list[dict[str, Any]] = []
    f = read_acled(write_csv(tmp_path / "t.csv", CURRENT, [battle(), protest()]))
    score_acled([f], canned({}, []), on_outcome=lines.append)
    assert [o["gold"]["sub_event_type"] for o in lines] == ["Armed clash", "Peaceful protest"]
    assert lines[0]["predicted"] is None and lines[0]["score"]["event_type"] is False
    json.dumps(lines)  # plain JSON


# ------------------------------------------------------------------ command line

def test_cli_eval_acled_json_details_and_bad_rows(tmp_path, capsys):
    from flashpoint.cli import main

    path = write_csv(tmp_path / "x.csv", OLDER, [
        battle(event_date="02-05-21"), protest(event_date="03-05-21"),
        protest(notes="", event_id_cnty="ZZZ3"),
        protest(notes="The weather was mild and the market was busy.", event_id_cnty="ZZZ4")])
    details = tmp_path / "details.jsonl"
    code = main(["eval-acled", str(path), str(tmp_path / "missing.csv"), "--format", "json",
                 "--details", str(details), "--by", "country"])
    captured = capsys.readouterr()
    assert code == 1  # one file could not be read
    assert "missing.csv" in captured.err and "x.csv: 1 bad row(s)" in captured.err
    result = json.loads(captured.out)
    assert result["schema"] == "flashpoint-eval-acled/1" and result["bad_rows"] == 1
    assert result["files"][0]["layout"] == "older" and result["overall"]["rows"] == 3
    assert result["overall"]["no_event"] >= 1 / 3  # the weather note has no event
    assert set(result["by"]["groups"]) == {"Peru"}
    assert result["throughput"]["notes_per_s"] > 0
    lines = [json.loads(line) for line in details.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 3 and {"gold", "predicted", "score"} <= set(lines[0])


def test_cli_workers_give_the_same_figures(tmp_path, capsys):
    from flashpoint.cli import main

    path = write_csv(tmp_path / "w.csv", CURRENT, [battle(), protest()])
    results = []
    for workers in ("1", "2"):
        assert main(["eval-acled", str(path), "--format", "json", "--workers", workers]) == 0
        result = json.loads(capsys.readouterr().out)
        results.append(result["overall"])
    assert results[0] == results[1]


def test_benchmark_skips_without_the_dev_set(tmp_path):
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "benchmarks" / "acled_dev.py"
    done = subprocess.run([sys.executable, str(script), "--shared", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "skipped: no ACLED dev set" in done.stdout


def test_actor_names_compare_acronym_forms():
    assert actor_names_agree("RHF: Red Heron Front", "Red Heron Front")
    assert actor_names_agree("RHF: Red Heron Front", "Red Heron Front (RHF)")
    assert actor_names_agree("Red Heron Front (RHF)", "RHF")
    assert not actor_names_agree("RHF: Red Heron Front", "Blue Heron Union (BHU)")
    assert not actor_names_agree("Military Forces of Peru (2016-)", "Police Forces of Peru")


def test_exact_fatalities_over_rows_with_deaths(tmp_path):
    rows = [battle(), protest()]  # 3 and 0 deaths; no event for either
    fat = scored(tmp_path, rows, {})["overall"]["fatalities"]
    assert fat["exact"] == 0.5 and fat["exact_nonzero"] == 0.0


def test_error_categories_count_each_failing_field(tmp_path):
    preds = {BATTLE_NOTE: [event("Violence against civilians", "Attack", lat=-12.0,
                                 lon=-75.0, kind="civilians", killed=9)]}
    errors = scored(tmp_path, [battle(), protest()], preds)["overall"]["errors"]
    assert errors == {"no event": 1, "wrong event_type": 1,
                      "location: more than 100 km off": 1, "fatalities: too many": 1,
                      "actor1: wrong kind": 1}
