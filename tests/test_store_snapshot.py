"""`serve` reads a snapshot: an ingest into the same file is never blocked, and the server
sees the new articles once the writer is done."""

from __future__ import annotations

import json
import time
from pathlib import Path

import duckdb
import pytest

from flashpoint.store import ingest, open_store
from flashpoint.store.snapshot import SnapshotStore


def _feed(path: Path, i: int) -> str:
    path.write_text(json.dumps({"id": f"a{i}", "published": "2024-05-06", "text":
                                f"Report {i}\n\nTroops shelled a village near Homs on Monday, "
                                f"killing {i + 2} people."}) + "\n", encoding="utf-8")
    return str(path)


def _articles(snap: SnapshotStore) -> int:
    return snap.store.con.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_a_writer_is_never_blocked_and_the_snapshot_catches_up(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with open_store(db) as store:
        ingest([_feed(tmp_path / "1.jsonl", 1)], store, cluster=False)
    snap = SnapshotStore(db, refresh_s=0.2)
    try:
        assert _articles(snap) == 1
        with open_store(db) as writer:  # would raise if the server held the file
            ingest([_feed(tmp_path / "2.jsonl", 2)], writer, cluster=False)
            time.sleep(0.6)  # refreshes while the writer holds the file keep the old copy
            assert _articles(snap) == 1
        deadline = time.monotonic() + 10
        while _articles(snap) != 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _articles(snap) == 2
        first_as_of = snap.as_of
        assert snap.refresh() and snap.as_of == first_as_of  # unchanged file: no new copy
    finally:
        snap.close()
    assert not snap._dir.exists()


def test_the_snapshot_is_read_only(tmp_path: Path) -> None:
    db = tmp_path / "r.duckdb"
    open_store(db).close()
    snap = SnapshotStore(db)
    try:
        with pytest.raises(duckdb.Error):
            snap.store.con.execute("DELETE FROM articles")
    finally:
        snap.close()
