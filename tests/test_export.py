"""`flashpoint export` / `stats` and the `flashpoint.open()` API over a small ingested store."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import flashpoint
from flashpoint.cli import main
from flashpoint.export import ACLED_COLUMNS, export
from flashpoint.store import ingest, open_store

ROOT = Path(__file__).resolve().parents[1]
REPORTS = [
    ("a1", "Wire One", "2024-03-12",
     "Syrian government forces shelled Latakia on Monday, killing 5 civilians, activists said."),
    ("a2", "Daily Two", "2024-03-12",
     "On Monday, Syrian government forces shelled Latakia, killing at least 9 people, "
     "a monitoring group reported."),
    ("a3", "Wire One", "2024-04-02",
     "Police fired tear gas at protesters in Nairobi on Tuesday."),
    ("a4", "Radio Three", "2024-05-20",
     "Al-Shabaab militants attacked a military base in Buulobarde on Sunday, killing 7 "
     "soldiers, officials said."),
    ("a5", "Radio Three", "2024-05-21",
     "The government of Kenya urged both sides to negotiate."),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export")
    feed = root / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": i, "source": s, "published": p, "text": t}) + "\n"
                            for i, s, p, t in REPORTS), encoding="utf-8")
    path = root / "events.duckdb"
    with open_store(path) as store:
        report = ingest([str(feed), str(ROOT / "examples" / "article.txt")], store,
                        published=dt.date(2024, 3, 12))
        assert report.failures == 0 and report.stored == len(REPORTS) + 1
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_acled_csv_has_acleds_31_columns(db: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "acled.csv"
    code, _, err = _run(capsys, "export", "--db", str(db), "--format", "acled", "-o", str(out))
    assert code == 0, err
    df = pd.read_csv(out, keep_default_na=False)
    assert list(df.columns) == list(ACLED_COLUMNS) and len(ACLED_COLUMNS) == 31
    assert len(df) > 0 and (df["event_type"] != "").all()
    latakia = df[df["location"] == "Latakia"]
    assert len(latakia) == 1  # the two outlets' reports are one ACLED event
    row = latakia.iloc[0]
    assert row["source"] == "Daily Two; Wire One"
    assert row["fatalities"] == 5  # lowest estimate
    assert row["iso"] == 760 and row["country"] == "Syria" and row["year"] == 2024
    assert row["event_date"] == "2024-03-11" and row["time_precision"] == 1
    assert row["disorder_type"] == "Political violence"
    assert "shelled Latakia" in row["notes"]
    assert row["actor1"] == "Military Forces of Syria" and row["inter1"] == "State forces"
    with open_store(db, read_only=True) as store:
        acled_clusters = store.con.execute(
            "SELECT count(DISTINCT cluster_id) FROM events WHERE acled_event_type IS NOT NULL"
        ).fetchone()
    assert acled_clusters == (len(df),)


def test_geojson_points(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "export", "--db", str(db), "--format", "geojson")
    assert code == 0
    collection = json.loads(out)
    assert collection["type"] == "FeatureCollection"
    assert collection["features"]
    for feature in collection["features"]:
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["location_lat"] == lat
    with open_store(db, read_only=True) as store:
        located = store.con.execute(
            "SELECT count(*) FROM events WHERE location_lat IS NOT NULL").fetchone()
    assert located == (len(collection["features"]),)


def test_parquet_reads_back(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                            ) -> None:
    out = tmp_path / "events.parquet"
    code, _, _ = _run(capsys, "export", "--db", str(db), "--format", "parquet", "-o", str(out))
    assert code == 0
    with open_store(db, read_only=True) as store:
        n = store.count("events")
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}')").fetchone() == (n,)
    code, _, err = _run(capsys, "export", "--db", str(db), "--format", "parquet")
    assert code == 2 and "-o FILE" in err


def test_csv_plover_and_filters(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "export", "--db", str(db), "--format", "csv")
    assert code == 0
    flat = pd.read_csv(io.StringIO(out))
    with open_store(db, read_only=True) as store:
        assert len(flat) == store.count("events")
    code, out, _ = _run(capsys, "export", "--db", str(db), "--format", "plover",
                        "--country", "SYR")
    events = json.loads(out)
    assert len(events) == 2 and {e["event_type"] for e in events} == {"ASSAULT"}
    first = events[0]
    assert first["actor"] == "Military Forces of Syria" and first["actor_country"] == "SYR"
    assert first["location"]["name"] == "Latakia" and "shelled Latakia" in first["source_sentence"]
    assert first["cluster_id"] == events[1]["cluster_id"]
    _, out, _ = _run(capsys, "export", "--db", str(db), "--format", "plover", "--type",
                     "Protests", "--since", "2024-03-15")
    assert [e["source"] for e in json.loads(out)] == ["Wire One"]
    _, out, _ = _run(capsys, "export", "--db", str(db), "--format", "plover",
                     "--since", "2030-01-01")
    assert json.loads(out) == []


def test_stats_and_python_api(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "stats", "--db", str(db))
    assert code == 0
    assert "articles: 6" in out and "ASSAULT" in out and "2024-03" in out and "SYR" in out
    code, _, err = _run(capsys, "stats", "--db", str(db.parent / "missing.duckdb"))
    assert code == 1 and "no such database" in err
    with flashpoint.open(str(db), read_only=True) as store:
        df = store.events(country="SYR")
        assert isinstance(df, pd.DataFrame) and len(df) == 2
        assert df["cluster_id"].nunique() == 1
        assert len(store.events(type="ASSAULT")) >= 3
        assert len(store.clusters()) == store.con.execute(
            "SELECT count(DISTINCT cluster_id) FROM events").fetchone()[0]
    buf = io.StringIO()
    with open_store(db, read_only=True) as store:
        n = export(store, "acled", buf, country="NGA")
    assert n == len(buf.getvalue().splitlines()) - 1 > 0


def test_export_takes_the_shared_filters(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def ids(*argv: str) -> set[str]:
        code, out, err = _run(capsys, "export", "--db", str(db), "--format", "plover", *argv)
        assert code == 0, err
        return {e["id"] for e in json.loads(out)}

    with open_store(db, read_only=True) as store:
        every = set(store.events()["event_id"])
        df = store.events()
        syria = set(df[df["location_country"] == "SYR"]["event_id"])
        kenya_police = set(store.events(country="Kenya", type="Protest with intervention")[
            "event_id"])
        assaults = set(df[df["plover_type"] == "ASSAULT"]["event_id"])
        protests = set(df[df["plover_type"] == "PROTEST"]["event_id"])
        multi = set(store.events(min_sources=2)["event_id"])
    assert ids() == every
    assert ids("--country", "Syria") == syria == ids("--country", "SYR") and syria
    assert ids("--type", "ASSAULT", "--type", "PROTEST") == assaults | protests
    assert kenya_police and ids("--country", "KEN", "--type", "Protest with intervention") \
        == kenya_police
    assert ids("--until", "2024-03-31") < every
    assert ids("--since", "2024-05-01", "--until", "2024-05-31") == ids(
        "--since", "2024-05-01") - ids("--since", "2024-06-01")
    assert ids("--actor", "al-shabaab") and ids("--actor", "al-shabaab") <= assaults
    assert ids("--min-sources", "2") == multi and multi  # the two Latakia reports
    assert ids("--bbox", "35,34,38,37") == syria
    assert ids("--modality", "asserted", "--modality", "claimed") <= every
    assert ids("--min-fatalities", "7") <= assaults
    assert ids("--violent") >= syria
    code, _, err = _run(capsys, "export", "--db", str(db), "--country", "Atlantis")
    assert code == 2 and "unknown country" in err
    code, _, err = _run(capsys, "export", "--db", str(db), "--since", "2024-05-01",
                        "--until", "2024-04-01")
    assert code == 2 and "after" in err


def test_acled_time_precision_follows_acled(db: Path, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    code, out, _ = _run(capsys, "export", "--db", str(db), "--format", "acled")
    rows = list(pd.read_csv(io.StringIO(out), keep_default_na=False).itertuples())
    with open_store(db, read_only=True) as store:
        df = store.events()
    for row in rows:
        eid = row.event_id_cnty[3:]
        ev = df[df["event_id"] == eid]
        if ev.empty:
            continue
        precision = ev.iloc[0]["date_precision"]
        expected = {"day": 1, "week": 2}.get(precision, 3)
        assert row.time_precision == expected, (precision, row)
        if precision == "article":  # dated by its article: the publication date, not the
            assert row.event_date == str(ev.iloc[0]["date_end"])[:10]  # window's start


def test_stats_takes_the_same_filters(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "stats", "--db", str(db), "--country", "Syria")
    assert code == 0
    assert "filtered: 2 events in 1 clusters" in out
    assert "date known to" in out and "KEN" not in out
    code, _, err = _run(capsys, "stats", "--db", str(db), "--type", "x", "--since", "nope")
    assert code == 2 and "not a date" in err
