"""flashpoint: conflict and political news -> coded event data, with evidence.

    >>> import flashpoint
    >>> events = flashpoint.extract(text, published="2024-03-12")
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from flashpoint.record import Event
    from flashpoint.store import Store


def extract(
    text: str,
    published: dt.date | str | None = None,
    *,
    title: str | None = None,
    article_id: str | None = None,
) -> list[Event]:
    """Events in one article's text. Offsets in the events point into `text` as given."""
    from flashpoint.pipeline import default_pipeline
    from flashpoint.record import Article

    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    if article_id is None:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        article_id = "text-" + digest[:12]
    article = Article(id=article_id, text=text, title=title, published=published)
    return default_pipeline().extract(article)


def open(db: str = "events.duckdb", *, write: bool = False, read_only: bool | None = None,
         wait: float = 0.0) -> Store:
    """The DuckDB event store at `db`, read-only unless asked to write.

    Read-only (the default) opens an existing store without taking the writer's lock, so
    several readers and `serve` can share it; `write=True` (or the older `read_only=False`)
    creates and migrates the file when needed and is the one writer. `wait`: seconds to
    retry while another process holds the file. `.events(since=..., until=..., country=...,
    type=[...], ...)` gives a pandas DataFrame (the filters of `flashpoint.store.filters`)."""
    from flashpoint.store import open_store

    writing = write or read_only is False
    return open_store(db, read_only=not writing, wait=wait)


__all__ = ["extract", "open", "__version__"]
