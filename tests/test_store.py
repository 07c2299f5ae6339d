"""The DuckDB store, the CSV reader and cross-article clustering (no spaCy: fast)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

import flashpoint
from flashpoint.cluster import cluster_events, cluster_row, same_incident
from flashpoint.ingest import InputFailure
from flashpoint.record import (
    AcledCode,
    Actor,
    Article,
    DateRange,
    Event,
    Evidence,
    Fatalities,
    Location,
    PloverCode,
)
from flashpoint.store import SCHEMA_VERSION, StoreError, open_store, read_corpus, read_csv
from flashpoint.store.db import MIGRATIONS

DAY = dt.date(2024, 3, 11)


def make_event(article_id: str, *, place: str = "Tel Amara", lat: float | None = 35.93,
               lon: float | None = 36.63, precision: int = 1, actor: str | None = "Military "
               "Forces of Syria", plover: str = "ASSAULT", acled: str | None = "Battles",
               day: dt.date = DAY, modality: str = "asserted", killed: int | None = None,
               country: str = "SYR", start: int = 0) -> Event:
    return Event(
        article_id=article_id,
        plover=PloverCode(plover),
        acled=AcledCode(acled, "Armed clash") if acled else None,
        actor1=Actor(actor, actor, "SYR", "military") if actor else None,
        actor2=None,
        location=Location(place, place, None, lat, lon, country, None, precision)
        if place else None,
        date=DateRange("on Monday", day, day, "day"),
        fatalities=Fatalities(str(killed), killed, killed, killed + 2) if killed else None,
        modality=modality,  # type: ignore[arg-type]
        attribution=None,
        denials=[],
        evidence=Evidence(f"Something happened in {place}.", start, start + 30),
        confidence=0.8,
        trigger_start=start,
    )


def test_schema_created_and_migration_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "e.duckdb"
    with open_store(db) as store:
        assert store.version() == SCHEMA_VERSION == 3
        assert store.migrate() == SCHEMA_VERSION  # nothing left to do
        tables = {r[0] for r in store.con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        assert {"articles", "events", "clusters", "failures", "schema_version"} <= tables
    with open_store(db) as store:  # reopening does not re-run a step
        assert store.con.execute("SELECT count(*) FROM schema_version").fetchone() == \
            (SCHEMA_VERSION,)
    with open_store(db, read_only=True) as store:
        assert store.count("articles") == 0
    assert set(MIGRATIONS) == set(range(1, SCHEMA_VERSION + 1))


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "e.duckdb"
    open_store(db).close()
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_version VALUES (99, now())")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(db)
    with pytest.raises(StoreError, match="no such database"):
        open_store(tmp_path / "missing.duckdb", read_only=True)


def test_add_batch_skips_stored_hashes_and_upserts_failures(tmp_path: Path) -> None:
    article = Article(id="a1", text="Text one.", source="Wire", published=DAY)
    record = make_event("a1", killed=3).to_dict()
    with flashpoint.open(str(tmp_path / "e.duckdb"), write=True) as store:
        result = store.add_batch([(article, [record])], [("bad.txt", "empty file", "read")])
        assert (result.articles, result.events, result.failures) == (1, 1, 1)
        store.add_batch([(article, [record])], [("bad.txt", "empty file", "read")])
        assert store.count("articles") == 1
        assert store.count("events") == 1
        assert store.count("failures") == 1
        assert article.content_hash in store.known_hashes()
        df = store.events()
        assert list(df["fatalities_best"]) == [3]
        assert df.loc[0, "location_country"] == "SYR"
        assert len(store.events(country="syr", type="assault", since="2024-03-01")) == 1
        assert len(store.events(type="Armed clash")) == 1
        assert len(store.events(since=dt.date(2024, 4, 1))) == 0
        assert len(store.events(country="NGA")) == 0
        assert "record" in store.events(with_record=True).columns
    with flashpoint.open(str(tmp_path / "e.duckdb")) as reader:  # read-only by default
        assert reader.count("events") == 1
        with pytest.raises(duckdb.Error):
            reader.con.execute("DELETE FROM events")
    with pytest.raises(StoreError, match="no such database"):
        flashpoint.open(str(tmp_path / "never.duckdb"))


def test_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    article = Article(id="a1", text="Text one.")
    broken = make_event("a1").to_dict()
    broken["plover"] = None  # plover_type NOT NULL: the insert fails
    with open_store(tmp_path / "e.duckdb") as store:
        with pytest.raises(duckdb.Error):
            store.add_batch([(article, [broken])])
        assert store.count("articles") == 0


# ---------------------------------------------------------------------- clustering
def test_same_incident_rules() -> None:
    a = make_event("a")
    assert same_incident(a, make_event("b", lat=36.05, lon=36.63))  # ~13 km
    assert not same_incident(a, make_event("a", start=50))  # one article: dedupe's job
    assert not same_incident(a, make_event("b", place="Hama", lat=35.13, lon=36.75))  # 90 km
    assert same_incident(a, make_event("b", place="Hama", lat=35.13, lon=36.75, precision=2))
    assert not same_incident(a, make_event("b", place="Homs", lat=34.73, lon=36.71,
                                           precision=3))  # 130 km
    assert same_incident(a, make_event("b", lat=None, lon=None))  # same name
    assert same_incident(a, make_event("b", actor=None))
    assert not same_incident(a, make_event("b", actor="Islamic State"))
    assert not same_incident(a, make_event("b", acled="Violence against civilians"))
    assert not same_incident(a, make_event("b", plover="PROTEST"))
    assert not same_incident(a, make_event("b", day=DAY + dt.timedelta(days=2)))
    assert not same_incident(a, make_event("b", place=None))
    assert same_incident(make_event("a", place=None), make_event("b", place=None))
    assert not same_incident(make_event("a", place=None, actor=None),
                             make_event("b", place=None, actor=None))


def test_cluster_counts_sources_fatalities_and_modalities() -> None:
    items = [
        ("e1", make_event("a1", killed=5)),
        ("e2", make_event("a2", killed=8, lat=36.0)),
        ("e3", make_event("a3", modality="denied")),
        ("e4", make_event("a4", place="Aleppo", lat=36.2, lon=37.16)),  # 55 km, precision 1
        ("e5", make_event("a1", start=99)),  # a second event of article a1: its own cluster
    ]
    clusters = cluster_events(items)
    by_member = {eid: c for c in clusters for eid, _ in c.members}
    assert by_member["e1"] is by_member["e2"] is by_member["e3"]
    assert by_member["e4"] is not by_member["e1"]
    assert by_member["e5"] is not by_member["e1"]
    row = cluster_row(by_member["e1"], {"a1": "Wire A", "a2": "Daily B", "a3": None})
    assert row["n_sources"] == 3 and row["n_events"] == 3
    assert row["sources"] == ["Daily B", "Wire A"]
    assert (row["fatalities_low"], row["fatalities_best"], row["fatalities_high"]) == (5, 5, 10)
    assert row["modalities"] == ["asserted", "denied"] and row["modality_conflict"]
    assert row["cluster_id"] == "ce1"


# ---------------------------------------------------------------------- CSV reader
def test_csv_reader_rows_and_failures(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "id,text,title,published,url,source,extra\n"
        "n1,\"Police fired tear gas at protesters in Nairobi, Kenya.\",T,2024-03-12,u,Wire,x\n"
        ",Gunmen attacked a village.,,,,,\n"
        "n3,,,2024-03-12,,,\n"
        "n4,Troops shelled Latakia.,,yesterday,,,\n",
        encoding="utf-8")
    items = list(read_csv(path, published=DAY))
    assert isinstance(items[0], Article) and items[0].id == "n1"
    assert items[0].published == dt.date(2024, 3, 12) and items[0].source == "Wire"
    assert isinstance(items[1], Article) and items[1].published == DAY
    assert items[1].id.startswith("news-2-")
    assert isinstance(items[2], InputFailure) and items[2].input.endswith("news.csv:3")
    assert "empty 'text'" in items[2].reason
    assert isinstance(items[3], InputFailure) and "bad 'published'" in items[3].reason


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file"),
    (b"id,text\n\x00\x01\x02", "binary"),
    (b"id,body\n1,hello\n", "no 'text' column"),
    (b"id,text\n1,caf\xe9 attack\n", "not UTF-8"),
    (b"id,text\n", "no rows"),
])
def test_csv_reader_bad_files(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    items = list(read_csv(path))
    assert items and all(isinstance(i, InputFailure) for i in items)
    assert reason in items[-1].reason


def test_read_corpus_walks_csv_in_folders(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.csv").write_text("text\nTroops shelled Latakia.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Title\n\nPolice arrested ten men.\n", encoding="utf-8")
    (tmp_path / "c.bin").write_bytes(b"ignored")
    items = list(read_corpus([str(tmp_path)]))
    assert [type(i).__name__ for i in items] == ["Article", "Article"]
    assert items[0].origin.endswith("b.txt") and items[1].origin.endswith("a.csv:1")
    empty = tmp_path / "empty"
    empty.mkdir()
    (failure,) = read_corpus([str(empty)])
    assert isinstance(failure, InputFailure)
