"""The event store (DuckDB) and corpus ingest.

    from flashpoint.store import open_store, ingest
    with open_store("events.duckdb") as store:
        report = ingest(["corpus/"], store, workers=2)
        df = store.events(since="2024-01-01", country="NGA", type="ASSAULT")
"""

from flashpoint.store.db import (
    DEFAULT_DB,
    EVENT_COLUMNS,
    SCHEMA_VERSION,
    Store,
    StoreError,
    event_row,
    open_store,
)
from flashpoint.store.ingest import IngestReport, ingest, read_corpus, read_csv

__all__ = [
    "DEFAULT_DB", "EVENT_COLUMNS", "SCHEMA_VERSION", "IngestReport", "Store", "StoreError",
    "event_row", "ingest", "open_store", "read_corpus", "read_csv",
]
