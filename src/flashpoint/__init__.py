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


def open(db: str = "events.duckdb", *, read_only: bool = False) -> Store:
    """The DuckDB event store at `db` (created when missing); `.events(since=None,
    country=None, type=None)` gives a pandas DataFrame."""
    from flashpoint.store import open_store

    return open_store(db, read_only=read_only)


__all__ = ["extract", "open", "__version__"]
