"""The ACLED CSV export carries the event place's second-level division where the gazetteer
knows it. Sentence written for this test."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from flashpoint.export import export
from flashpoint.store import ingest, open_store

TEXT = "Gunmen attacked a police station in Sargodha on Monday, killing two officers."


def test_acled_export_fills_admin2_from_the_events_place(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "s1", "source": "Wire", "published": "2024-03-12",
                                "text": TEXT}) + "\n", encoding="utf-8")
    db, out = tmp_path / "events.duckdb", tmp_path / "acled.csv"
    with open_store(db) as store:
        report = ingest([str(feed)], store, published=dt.date(2024, 3, 12))
        assert report.stored == 1
    with open_store(db, read_only=True) as store, out.open("w", encoding="utf-8") as fh:
        export(store, "acled", fh)
    df = pd.read_csv(out, keep_default_na=False)
    row = df[df["location"] == "Sargodha"].iloc[0]
    assert row["admin1"] == "Punjab" and row["country"] == "Pakistan"
    assert row["admin2"] == "Sargodha District"
