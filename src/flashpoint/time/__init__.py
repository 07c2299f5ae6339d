"""The time stage: find date phrases and resolve them against the publication date."""

from flashpoint.time.resolve import (
    article_window,
    find_date_phrases,
    future_window,
    resolve_date,
)

__all__ = ["article_window", "find_date_phrases", "future_window", "resolve_date"]
