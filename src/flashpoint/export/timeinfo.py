"""How well an event's date is known, shared by the page, the API and the exports.

* `date_kind`: day / week / month / year / range / article (only the article's 14-day
  window) / historical (the event ends more than a year before its article).
* `plot_date`: the one day an event is drawn on: its day; the middle of a week, month,
  range or year; for an event known only by its article, the publication date ("reported
  by"), not the start of the window. The SQL twin is `flashpoint.store.filters.PLOT_DATE`.
* `acled_time_precision`: ACLED's time_precision: 1 when the day is known, 2 when the
  event is known to a week or a few days (up to 7), 3 when only a longer period is known
  (a month, the article's window, a year). ACLED then codes the event to the middle of the
  period; `acled_event_date` does the same, and uses the publication date for an event known
  only by its article (its window ends there).
"""

from __future__ import annotations

import datetime as dt

HISTORICAL_DAYS = 365


def date_kind(precision: str | None, start: dt.date | None, end: dt.date | None,
              published: dt.date | None) -> str | None:
    if start is None:
        return None
    last = end or start
    if published is not None and last < published - dt.timedelta(days=HISTORICAL_DAYS):
        return "historical"
    return precision or "range"


def plot_date(precision: str | None, start: dt.date | None, end: dt.date | None,
              published: dt.date | None) -> dt.date | None:
    if start is None:
        return None
    if precision == "article":
        return published or end or start
    if precision == "day" or end is None:
        return start
    return start + dt.timedelta(days=(end - start).days // 2)


def acled_time_precision(precision: str | None, start: dt.date | None,
                         end: dt.date | None) -> int:
    if start is None:
        return 3
    days = ((end or start) - start).days + 1
    if precision == "day" or days == 1:
        return 1
    if precision == "week" or (precision not in ("article", "month", "year") and days <= 7):
        return 2
    return 3


def acled_event_date(precision: str | None, start: dt.date | None, end: dt.date | None,
                     published: dt.date | None) -> dt.date | None:
    return plot_date(precision, start, end, published)
