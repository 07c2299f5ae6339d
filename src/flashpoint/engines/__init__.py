"""Extraction engines for `flashpoint ingest` beyond the local one in `flashpoint.store.ingest`.

An engine is a consumer of the pipeline and the store: it plugs a `runner` into
`flashpoint.store.ingest.ingest`, which keeps reading, deduplication, storing and clustering
identical for every engine. Engines are imported only when chosen (`--engine dask`), so their
optional dependencies are needed only then.
"""
