"""Find date phrases in a sentence and resolve them against the publication date.

News reports date events relative to the day they were written ("on Monday", "last week"),
so a phrase only means something together with the article's publication date. The phrase
vocabulary lives in `data/date_rules.v1.json`; this module is a generic interpreter of it, so
adding a phrase is a data change. Absolute dates ("12 March", "2016-06-01") are read by the
same rules (day, month name or number, optional year); relative phrases are resolved here
because general date parsers (dateparser) do not follow the wire conventions (calendar weeks,
tense), and calling one for a date the rule has already taken apart cost ~55 ms a date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import re._constants as _constants
import re._parser as _parser
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from flashpoint.record import DatePrecision, DateRange

Tense = Literal["past", "present", "future"]

RULES_FILE = "date_rules.v1.json"
ARTICLE_WINDOW_DAYS = 14
FUTURE_WINDOW_DAYS = 30


@dataclass(frozen=True)
class _Rule:
    id: str
    type: str
    regex: re.Pattern[str]
    params: dict[str, Any]
    resolve_only: bool
    # lowercase words one of which every match holds (None: no such words), see `_needs`
    needs: tuple[str, ...] | None = None


@dataclass(frozen=True)
class _Rules:
    rules: tuple[_Rule, ...]
    weekdays: dict[str, int]
    months: dict[str, int]
    numbers: dict[str, int]
    weekday_modifiers: dict[str, str]
    week_modifiers: dict[str, int]


def _alternation(words: list[str]) -> str:
    """Longest first, so "a few" wins over "a" and "Sept" over "Sep"."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@lru_cache(maxsize=1)
def _load_rules() -> _Rules:
    """Read and compile the rule file once; the rules are immutable data."""
    raw = resources.files("flashpoint.time").joinpath("data", RULES_FILE).read_text("utf-8")
    data = json.loads(raw)
    vocab = data["vocab"]
    weekdays = {k.lower(): int(v) for k, v in vocab["weekdays"].items()}
    months = {k: int(v) for k, v in vocab["months"].items()}
    numbers = {k.lower(): int(v) for k, v in vocab["numbers"].items()}
    # Months keep their capital (scoped case-sensitive group), so "may"/"march" as words fail.
    month_alt = _alternation(list(months)) + "|" + _alternation([m.upper() for m in months])
    placeholders = {
        "<WEEKDAY>": f"(?P<weekday>{_alternation(list(weekdays))})",
        "<MONTH>": f"(?P<month>(?-i:{month_alt})\\.?)",
        "<PART>": f"(?:{_alternation(list(vocab['parts_of_day']))})",
        "<NUM>": f"(?P<num>\\d{{1,3}}|{_alternation(list(numbers))})",
        "<YEAR>": "(?P<year>(?:19|20)\\d{2})",
    }
    rules = []
    for spec in data["rules"]:
        pattern = spec["pattern"]
        for key, value in placeholders.items():
            pattern = pattern.replace(key, value)
        params = {
            k: v for k, v in spec.items() if k not in {"id", "type", "pattern", "resolve_only"}
        }
        rules.append(
            _Rule(
                id=spec["id"],
                type=spec["type"],
                regex=re.compile(pattern, re.IGNORECASE),
                params=params,
                resolve_only=bool(spec.get("resolve_only", False)),
                needs=_needs(pattern),
            )
        )
    return _Rules(
        rules=tuple(rules),
        weekdays=weekdays,
        months=months,
        numbers=numbers,
        weekday_modifiers={
            re.sub(r"\s+", " ", k.lower()): v for k, v in vocab["weekday_modifiers"].items()
        },
        week_modifiers={k.lower(): int(v) for k, v in vocab["week_modifiers"].items()},
    )


# Characters that `re.IGNORECASE` equates with an ASCII letter although their lowercase is
# not that letter (İ ı ſ K); a text holding one is searched without the `needs` screen.
_CASE_ODD = frozenset("\u0130\u0131\u017f\u212a")


def _needs(pattern: str) -> tuple[str, ...] | None:
    """Lowercase literal words one of which every match of `pattern` contains, or None.

    Read from the compiled pattern's parse tree: the longest literal run (or alternation
    of them) that no match can skip. A text holding none of them cannot match, so the
    regex need not run; it only saves time, the matches are the same."""
    return _seq_needs(_parser.parse(pattern, re.IGNORECASE))


def _seq_needs(seq: Any) -> tuple[str, ...] | None:
    best: tuple[str, ...] | None = None
    run: list[str] = []

    def better(a: tuple[str, ...] | None, b: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if a is None or b is None:
            return a or b
        return a if min(map(len, a)) >= min(map(len, b)) else b

    for op, av in list(seq) + [(None, None)]:
        if op is _constants.LITERAL:
            run.append(chr(av).lower())
            continue
        if run:
            best = better(best, ("".join(run),))
            run = []
        if op is _constants.SUBPATTERN:
            best = better(best, _seq_needs(av[-1]))
        elif op is _constants.BRANCH:
            alts = [_seq_needs(alt) for alt in av[1]]
            if alts and all(a is not None for a in alts):
                best = better(best, tuple(sorted({w for a in alts for w in a or ()})))
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and av[0] >= 1:
            best = better(best, _seq_needs(av[2]))
    return best


@lru_cache(maxsize=1)
def _need_words() -> tuple[str, ...]:
    """Every word some rule needs (see `_needs`), once."""
    return tuple(sorted({w for rule in _load_rules().rules for w in rule.needs or ()}))


def _matches(text: str, *, resolving: bool) -> list[tuple[int, int, int, re.Match[str], _Rule]]:
    """All rule matches as (start, end, rule index, match, rule)."""
    found = []
    low = None if not text.isascii() and _CASE_ODD.intersection(text) else text.lower()
    # the rules' needed words the text holds, each looked for once (rules share words)
    held = None if low is None else frozenset([w for w in _need_words() if w in low])
    for index, rule in enumerate(_load_rules().rules):
        if rule.resolve_only and not resolving:
            continue
        if held is not None and rule.needs is not None and held.isdisjoint(rule.needs):
            continue
        for m in rule.regex.finditer(text):
            if m.end() > m.start():
                found.append((m.start(), m.end(), index, m, rule))
    return found


def find_date_phrases(text: str) -> list[tuple[int, int]]:
    """Character spans of date/time expressions in `text`, sorted, non-overlapping.

    Complements spaCy DATE/TIME entities, which miss short relative phrases ("on Monday",
    "soon"). Overlaps are settled by taking the longest match first, so "late on Friday"
    beats "Friday" and "March 12, 2024" beats "March 12".
    """
    candidates = sorted(_matches(text, resolving=False), key=lambda c: (-(c[1] - c[0]), c[0]))
    chosen: list[tuple[int, int]] = []
    for start, end, *_ in candidates:
        if all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
    return sorted(chosen)


# --- calendar helpers ---------------------------------------------------------------------


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    ny, nm = _add_months(year, month, 1)
    return first, dt.date(ny, nm, 1) - dt.timedelta(days=1)


def _period(unit: str, day: dt.date, offset: int) -> tuple[dt.date, dt.date]:
    """The calendar week/month/year `offset` periods away from the one holding `day`."""
    if unit == "week":
        start = _week_start(day) + dt.timedelta(weeks=offset)
        return start, start + dt.timedelta(days=6)
    if unit == "month":
        return _month_range(*_add_months(day.year, day.month, offset))
    year = day.year + offset
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _unit(raw: str) -> str:
    return raw.lower().rstrip("s")


def _number(raw: str) -> int | None:
    raw = re.sub(r"\s+", " ", raw.strip().lower())
    if raw.isdigit():
        return int(raw)
    return _load_rules().numbers.get(raw)


def _is_future(tense: Tense) -> bool:
    return tense == "future"


# --- interpreters: one per rule type --------------------------------------------------------

_Span = tuple[dt.date, dt.date, DatePrecision]


def _window(m: re.Match[str], p: dict[str, Any], pub: dt.date, tense: Tense) -> _Span | None:
    return (
        pub + dt.timedelta(days=int(p["start"])),
        pub + dt.timedelta(days=int(p["end"])),
        p["precision"],
    )


def _ago(m: re.Match[str], p: dict[str, Any], pub: dt.date, tense: Tense) -> _Span | None:
    n = _number(m.group("num"))
    if n is None:
        return None
    unit = _unit(m.group("unit"))
    if unit == "day":
        day = pub - dt.timedelta(days=n)
        return day, day, "day"
    if unit == "week":
        start, end = _period("week", pub - dt.timedelta(weeks=n), 0)
        return start, end, "week"
    if unit == "month":
        start, end = _period("month", pub, -n)
        return start, end, "month"
    start, end = _period("year", pub, -n)
    return start, end, "year"


def _shift(pub: dt.date, unit: str, n: int) -> dt.date:
    if unit == "day":
        return pub + dt.timedelta(days=n)
    if unit == "week":
        return pub + dt.timedelta(weeks=n)
    months = n if unit == "month" else 12 * n
    year, month = _add_months(pub.year, pub.month, months)
    last = _month_range(year, month)[1].day
    return dt.date(year, month, min(pub.day, last))


def _past_n(m: re.Match[str], p: dict[str, Any], pub: dt.date, tense: Tense) -> _Span | None:
    n = int(p["n"]) if "n" in p else _number(m.group("num"))
    if n is None:
        return None
    return _shift(pub, _unit(m.group("unit")), -n), pub, "range"


def _next_n(m: re.Match[str], p: dict[str, Any], pub: dt.date, tense: Tense) -> _Span | None:
    n = _number(m.group("num"))
    if n is None:
        return None
    return pub, _shift(pub, _unit(m.group("unit")), n), "range"


def _calendar(m: re.Match[str], p: dict[str, Any], pub: dt.date, tense: Tense) -> _Span | None:
    unit = _unit(m.group("unit"))
    start, end = _period(unit, pub, int(p["offset"]))
    part = p.get("part", "whole")
    if part == "auto":
        part = "rest" if _is_future(tense) else "to_date"
    if part == "to_date":
        end = pub
    elif part == "rest":
        start = pub
    return start, end, unit  # type: ignore[return-value]


def _weekend(m: re.Match[str], p: dict[str, Any], pub: dt.date, tense: Tense) -> _Span | None:
    offset = p.get("offset", "auto")
    if offset == "auto":
        offset = 1 if _is_future(tense) else -1
    if int(offset) < 0:
        # The last Saturday strictly before publication: a Sunday paper's weekend is
        # yesterday and today; a Saturday paper's "weekend" is the previous one.
        saturday = pub - dt.timedelta(days=(pub.weekday() - 5) % 7 or 7)
        return saturday, min(saturday + dt.timedelta(days=1), pub), "week"
    # Upcoming: the weekend in progress or the next one.
    if pub.weekday() == 6:
        return pub, pub, "week"
    saturday = pub + dt.timedelta(days=(5 - pub.weekday()) % 7)
    return saturday, saturday + dt.timedelta(days=1), "week"


def _weekday(m: re.Match[str], p: dict[str, Any], pub: dt.date, tense: Tense) -> _Span | None:
    rules = _load_rules()
    target = rules.weekdays[m.group("weekday").lower()]
    mod = m.groupdict().get("mod")
    direction = "auto"
    if mod:
        direction = rules.weekday_modifiers.get(re.sub(r"\s+", " ", mod.lower()), "auto")
    if direction == "auto":
        direction = "on_or_after" if _is_future(tense) else "on_or_before"
    if direction in ("before", "on_or_before"):
        back = (pub.weekday() - target) % 7
        if back == 0 and direction == "before":
            back = 7
        day = pub - dt.timedelta(days=back)
    else:
        ahead = (target - pub.weekday()) % 7
        if ahead == 0 and direction == "after":
            ahead = 7
        day = pub + dt.timedelta(days=ahead)
    return day, day, "day"


def _weekday_week(
    m: re.Match[str], p: dict[str, Any], pub: dt.date, tense: Tense
) -> _Span | None:
    rules = _load_rules()
    target = rules.weekdays[m.group("weekday").lower()]
    offset = rules.week_modifiers[m.group("wmod").lower()]
    day = _period("week", pub, offset)[0] + dt.timedelta(days=target)
    return day, day, "day"


def _month_number(raw: str) -> int:
    name = raw.rstrip(".")
    months = _load_rules().months
    return months.get(name) or months[name.capitalize()]


def _infer_year(month: int, day: int, pub: dt.date, tense: Tense) -> int:
    """A date without a year: the publication year, moved so that the date falls on the
    side of the publication date that the tense points to."""
    year = pub.year
    candidate = _safe_date(year, month, day)
    if candidate is None:  # 29 February outside a leap year: look for the nearest one
        step = 1 if _is_future(tense) else -1
        while candidate is None:
            year += step
            candidate = _safe_date(year, month, day)
        return year
    if not _is_future(tense) and candidate > pub:
        return year - 1
    if _is_future(tense) and candidate < pub:
        return year + 1
    return year


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _absolute(m: re.Match[str], p: dict[str, Any], pub: dt.date, tense: Tense) -> _Span | None:
    groups = m.groupdict()
    day = int(groups["day"])
    month = int(groups["mon"]) if groups.get("mon") else _month_number(groups["month"])
    if groups.get("year"):
        year = int(groups["year"])
    else:
        year = _infer_year(month, day, pub, tense)
    date = _safe_date(year, month, day)
    if date is None or (date.year, date.month, date.day) != (year, month, day):
        return None
    return date, date, "day"


def _month(m: re.Match[str], p: dict[str, Any], pub: dt.date, tense: Tense) -> _Span | None:
    month = _month_number(m.group("month"))
    year_raw = m.groupdict().get("year")
    if year_raw:
        year = int(year_raw)
    else:
        year = pub.year
        if not _is_future(tense) and month > pub.month:
            year -= 1
        elif _is_future(tense) and month < pub.month:
            year += 1
    start, end = _month_range(year, month)
    return start, end, "month"


def _year(m: re.Match[str], p: dict[str, Any], pub: dt.date, tense: Tense) -> _Span | None:
    year = int(m.group("year"))
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _since(m: re.Match[str], p: dict[str, Any], pub: dt.date, tense: Tense) -> _Span | None:
    groups = m.groupdict()
    if groups.get("month"):
        start = _month(m, p, pub, "past")
    else:
        start = _year(m, p, pub, "past")
    if start is None or start[0] > pub:
        return None
    return start[0], pub, "range"


_INTERPRETERS = {
    "window": _window,
    "ago": _ago,
    "past_n": _past_n,
    "next_n": _next_n,
    "calendar": _calendar,
    "weekend": _weekend,
    "weekday": _weekday,
    "weekday_week": _weekday_week,
    "absolute": _absolute,
    "month": _month,
    "year": _year,
    "since": _since,
}


def resolve_date(
    phrase: str, published: dt.date, *, tense: Tense = "past"
) -> DateRange | None:
    """Resolve a date phrase against the publication date; None when no rule understands it.

    The longest rule match inside the phrase is interpreted, so surrounding words
    ("will soon follow", "on Monday morning") do not stop resolution. Tense decides which
    way an ambiguous reference points: a bare "Monday" in a past-tense sentence is the most
    recent Monday on or before publication, in a future-tense one the next on or after it.
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    text = re.sub(r"\s+", " ", phrase.strip()).strip(" .,;:")
    if not text:
        return None
    candidates = sorted(_matches(text, resolving=True), key=lambda c: (-(c[1] - c[0]), c[2]))
    for _start, _end, _index, match, rule in candidates:
        span = _INTERPRETERS[rule.type](match, rule.params, published, tense)
        if span is not None:
            start, end, precision = span
            return DateRange(text=phrase, start=start, end=end, precision=precision)
    return None


def article_window(published: dt.date) -> DateRange:
    """Where an undated event in the article may fall: the fortnight up to publication."""
    return DateRange(
        text=None,
        start=published - dt.timedelta(days=ARTICLE_WINDOW_DAYS),
        end=published,
        precision="article",
    )


def future_window(published: dt.date) -> DateRange:
    """Where a planned event with no date phrase may fall: the month after publication."""
    return DateRange(
        text=None,
        start=published,
        end=published + dt.timedelta(days=FUTURE_WINDOW_DAYS),
        precision="range",
    )
