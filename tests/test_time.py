"""Tests for the time stage: phrase finding and resolution against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from flashpoint.time import article_window, find_date_phrases, future_window, resolve_date

D = dt.date
PUB = D(2016, 6, 7)  # a Tuesday
TUE = D(2024, 3, 12)  # a Tuesday
SUN = D(2024, 3, 10)  # a Sunday
MONTH_START = D(2024, 3, 1)  # a Friday, first of the month
NEW_YEAR = D(2024, 1, 15)  # a Monday in January


def _span(phrase: str, published: dt.date, tense: str = "past") -> tuple[dt.date, dt.date, str]:
    result = resolve_date(phrase, published, tense=tense)  # type: ignore[arg-type]
    assert result is not None, phrase
    assert result.text == phrase
    assert result.start_char is None and result.end_char is None
    return result.start, result.end, result.precision


@pytest.mark.parametrize(
    "phrase",
    [
        "Monday morning", "on Tuesday", "last week", "last month", "this week",
        "earlier this month", "yesterday", "today", "tonight", "two days ago", "on 12 March",
        "March 12, 2024", "in 2015", "late on Friday", "over the weekend", "soon",
        "in the coming days", "next week",
    ],
)
def test_find_required_phrases(phrase: str) -> None:
    text = f"Officials said the attack happened {phrase} near the border."
    spans = find_date_phrases(text)
    start = text.index(phrase)
    assert (start, start + len(phrase)) in spans


def test_find_returns_sorted_non_overlapping_longest() -> None:
    text = "Fighting broke out late on Friday and resumed on Monday morning, police said."
    spans = find_date_phrases(text)
    assert [text[s:e] for s, e in spans] == ["late on Friday", "on Monday morning"]


def test_find_ignores_lowercase_month_words_and_plain_numbers() -> None:
    assert find_date_phrases("Protesters may march 12 km to the capital.") == []
    assert find_date_phrases("The group has 2015 members.") == []


@pytest.mark.parametrize(
    ("phrase", "start", "end", "precision"),
    [
        ("Monday morning", D(2016, 6, 6), D(2016, 6, 6), "day"),
        ("on Monday", D(2016, 6, 6), D(2016, 6, 6), "day"),
        ("Monday", D(2016, 6, 6), D(2016, 6, 6), "day"),
        ("late on Friday", D(2016, 6, 3), D(2016, 6, 3), "day"),
        ("Tuesday", D(2016, 6, 7), D(2016, 6, 7), "day"),  # on-or-before: the same day
        ("last Tuesday", D(2016, 5, 31), D(2016, 5, 31), "day"),
        ("Monday last week", D(2016, 5, 30), D(2016, 5, 30), "day"),
        ("last week", D(2016, 5, 30), D(2016, 6, 5), "week"),
        ("this week", D(2016, 6, 6), D(2016, 6, 7), "week"),
        ("last month", D(2016, 5, 1), D(2016, 5, 31), "month"),
        ("earlier this month", D(2016, 6, 1), D(2016, 6, 7), "month"),
        ("yesterday", D(2016, 6, 6), D(2016, 6, 6), "day"),
        ("today", PUB, PUB, "day"),
        ("tonight", PUB, PUB, "day"),
        ("two days ago", D(2016, 6, 5), D(2016, 6, 5), "day"),
        ("3 days ago", D(2016, 6, 4), D(2016, 6, 4), "day"),
        ("over the weekend", D(2016, 6, 4), D(2016, 6, 5), "week"),
        ("in 2015", D(2015, 1, 1), D(2015, 12, 31), "year"),
        ("2015", D(2015, 1, 1), D(2015, 12, 31), "year"),
        ("March 2016", D(2016, 3, 1), D(2016, 3, 31), "month"),
        ("in March", D(2016, 3, 1), D(2016, 3, 31), "month"),
        ("in September", D(2015, 9, 1), D(2015, 9, 30), "month"),  # would be after published
        ("12 March", D(2016, 3, 12), D(2016, 3, 12), "day"),
        ("on 12 March", D(2016, 3, 12), D(2016, 3, 12), "day"),
        ("March 12, 2024", D(2024, 3, 12), D(2024, 3, 12), "day"),
        ("2016-06-01", D(2016, 6, 1), D(2016, 6, 1), "day"),
        ("June 20", D(2015, 6, 20), D(2015, 6, 20), "day"),  # past tense: previous year
        ("the 3rd of June", D(2016, 6, 3), D(2016, 6, 3), "day"),
        ("the past two weeks", D(2016, 5, 24), PUB, "range"),
        ("since 2015", D(2015, 1, 1), PUB, "range"),
    ],
)
def test_resolve_past(phrase: str, start: dt.date, end: dt.date, precision: str) -> None:
    assert _span(phrase, PUB) == (start, end, precision)


@pytest.mark.parametrize(
    ("phrase", "start", "end", "precision"),
    [
        ("soon", PUB, D(2016, 7, 7), "range"),
        ("will soon follow", PUB, D(2016, 7, 7), "range"),
        ("in the coming weeks", PUB, D(2016, 7, 7), "range"),
        ("in the coming days", PUB, D(2016, 6, 14), "range"),
        ("next week", D(2016, 6, 13), D(2016, 6, 19), "week"),
        ("next month", D(2016, 7, 1), D(2016, 7, 31), "month"),
        ("Monday", D(2016, 6, 13), D(2016, 6, 13), "day"),  # on-or-after
        ("Tuesday", PUB, PUB, "day"),
        ("next Tuesday", D(2016, 6, 14), D(2016, 6, 14), "day"),
        ("over the weekend", D(2016, 6, 11), D(2016, 6, 12), "week"),
        ("this week", PUB, D(2016, 6, 12), "week"),
        ("June 1", D(2017, 6, 1), D(2017, 6, 1), "day"),  # future tense: next year
        ("tomorrow", D(2016, 6, 8), D(2016, 6, 8), "day"),
    ],
)
def test_resolve_future(phrase: str, start: dt.date, end: dt.date, precision: str) -> None:
    assert _span(phrase, PUB, "future") == (start, end, precision)


def test_present_tense_behaves_like_past() -> None:
    assert _span("Monday", PUB, "present") == (D(2016, 6, 6), D(2016, 6, 6), "day")


def test_other_publication_dates() -> None:
    # A Tuesday in 2024.
    assert _span("Monday morning", TUE) == (D(2024, 3, 11), D(2024, 3, 11), "day")
    assert _span("last week", TUE) == (D(2024, 3, 4), D(2024, 3, 10), "week")
    assert _span("yesterday", TUE) == (D(2024, 3, 11), D(2024, 3, 11), "day")
    # Published on a Sunday: the weekend is yesterday and today; "Sunday" is today.
    assert _span("over the weekend", SUN) == (D(2024, 3, 9), D(2024, 3, 10), "week")
    assert _span("Sunday", SUN) == (SUN, SUN, "day")
    assert _span("Saturday", SUN) == (D(2024, 3, 9), D(2024, 3, 9), "day")
    assert _span("this week", SUN) == (D(2024, 3, 4), SUN, "week")
    assert _span("last week", SUN) == (D(2024, 2, 26), D(2024, 3, 3), "week")
    # Month boundary (2024 is a leap year).
    assert _span("yesterday", MONTH_START) == (D(2024, 2, 29), D(2024, 2, 29), "day")
    assert _span("last week", MONTH_START) == (D(2024, 2, 19), D(2024, 2, 25), "week")
    assert _span("last month", MONTH_START) == (D(2024, 2, 1), D(2024, 2, 29), "month")
    assert _span("earlier this month", MONTH_START) == (MONTH_START, MONTH_START, "month")
    # Year boundary.
    assert _span("last month", NEW_YEAR) == (D(2023, 12, 1), D(2023, 12, 31), "month")
    assert _span("last year", NEW_YEAR) == (D(2023, 1, 1), D(2023, 12, 31), "year")
    assert _span("yesterday", D(2024, 1, 1)) == (D(2023, 12, 31), D(2023, 12, 31), "day")
    assert _span("in December", NEW_YEAR) == (D(2023, 12, 1), D(2023, 12, 31), "month")
    assert _span("next week", D(2023, 12, 28)) == (D(2024, 1, 1), D(2024, 1, 7), "week")


def test_leap_day_without_year() -> None:
    assert _span("29 February", D(2023, 6, 1)) == (D(2020, 2, 29), D(2020, 2, 29), "day")


def test_unknown_phrase_is_none() -> None:
    assert resolve_date("the glorious revolution", PUB) is None
    assert resolve_date("", PUB) is None


def test_impossible_day_falls_back_to_the_month() -> None:
    assert _span("31 February 2016", PUB) == (D(2016, 2, 1), D(2016, 2, 29), "month")


def test_windows() -> None:
    window = article_window(PUB)
    assert (window.start, window.end, window.precision, window.text) == (
        D(2016, 5, 24), PUB, "article", None,
    )
    future = future_window(PUB)
    assert (future.start, future.end, future.precision, future.text) == (
        PUB, D(2016, 7, 7), "range", None,
    )


def test_part_of_a_named_month_is_that_month() -> None:
    assert _span("the last week of May", PUB) == (D(2016, 5, 1), D(2016, 5, 31), "month")
    assert _span("the past week", PUB) == (D(2016, 5, 31), PUB, "range")
