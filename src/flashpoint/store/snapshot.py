"""A reader that never blocks the writer: `serve` reads a snapshot of the store.

DuckDB lets one process write a file, or several read it, never both: a `serve` holding the
file open would make every `ingest` fail. So the server copies the store (the database file
and its write-ahead log) while it briefly holds a read-only connection, the only moment the
copy is sure to be consistent, then serves the copy. It looks again every `refresh_s`
seconds; when the file changed and no writer holds it, a new copy replaces the old one (the
old connection is closed one refresh later, when no request can still be using it). While
an ingest runs, the server keeps answering from the last copy, which `as_of` dates.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
import threading
from pathlib import Path

import duckdb

from flashpoint.store.db import Store, StoreError, open_store


class SnapshotStore:
    """`.store` is a read-only `Store` over the latest copy of `path`."""

    def __init__(self, path: str | Path, *, refresh_s: float = 5.0) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise StoreError(f"{self.path}: no such database")
        self.refresh_s = refresh_s
        self._dir = Path(tempfile.mkdtemp(prefix="flashpoint-snapshot-"))
        self._lock = threading.Lock()
        self._seen: tuple[float, int, float, int] | None = None
        self._serial = 0
        self._retired: list[Store] = []
        self.store: Store
        self.as_of: dt.datetime
        if not self.refresh():
            raise StoreError(f"{self.path}: in use by another process and never copied yet; "
                             "start serve when the ingest has finished, or again later")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="flashpoint-snapshot",
                                        daemon=True)
        self._thread.start()

    def _stamp(self) -> tuple[float, int, float, int]:
        wal = self.path.with_name(self.path.name + ".wal")
        st = self.path.stat()
        w = wal.stat() if wal.exists() else None
        return (st.st_mtime, st.st_size, w.st_mtime if w else 0.0, w.st_size if w else 0)

    def refresh(self) -> bool:
        """Copy the store if it changed and no writer holds it; True when a copy is current."""
        with self._lock:
            try:
                stamp = self._stamp()
            except OSError:
                return self._seen is not None
            if stamp == self._seen:
                return True
            try:
                con = duckdb.connect(str(self.path), read_only=True)  # no writer while held
            except duckdb.Error:
                return self._seen is not None
            try:
                self._serial += 1
                target = self._dir / f"snapshot-{self._serial}.duckdb"
                shutil.copyfile(self.path, target)
                wal = self.path.with_name(self.path.name + ".wal")
                if wal.exists():
                    shutil.copyfile(wal, target.with_name(target.name + ".wal"))
                stamp = self._stamp()
            finally:
                con.close()
            new = open_store(target, read_only=True)
            for old in self._retired:  # retired a refresh ago: no request still uses it
                self._drop(old)
            self._retired = [self.store] if self._seen is not None else []
            self.store, self.as_of, self._seen = new, dt.datetime.now(dt.UTC), stamp
            return True

    def _drop(self, store: Store) -> None:
        with contextlib.suppress(Exception):
            store.close()
        with contextlib.suppress(OSError):
            Path(store.path).unlink()
            Path(store.path + ".wal").unlink(missing_ok=True)

    def _loop(self) -> None:
        while not self._stop.wait(self.refresh_s):
            with contextlib.suppress(Exception):  # a failed look is retried next time
                self.refresh()

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            for store in [*self._retired, self.store]:
                self._drop(store)
            self._retired = []
        shutil.rmtree(self._dir, ignore_errors=True)
