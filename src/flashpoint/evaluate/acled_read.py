"""Read ACLED exports for `flashpoint eval-acled`: both column layouts, every date format.

ACLED has published two layouts:

* **current** (31 columns): `event_id_cnty, event_date, year, time_precision, disorder_type,
  event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2, ..., interaction,
  civilian_targeting, iso, region, country, admin1..3, location, latitude, longitude,
  geo_precision, source, source_scale, notes, fatalities, tags, timestamp`; `inter1` is a
  label ("State forces") and `iso` the numeric country code. Exports of protests and riots
  only may lack the actor2 columns.
* **older**: `data_id, iso, event_id_cnty, event_id_no_cnty, ...` with `iso3`; `inter1` is a
  number 1-8 and `interaction` two of them.

Dates come as `2024-03-05` (or `2024/03/05`), `05 March 2024`, `5-Mar-24`, `05-03-24` (day first) or
`05/03/2024` (day first unless the middle number is over 12); a two-digit year takes its
century from the row's `year` column when there is one.

A bad row (no notes, no event type, an unreadable date, too few or too many fields) is kept
as a `BadRow` naming the file, the line and the reason; it never stops the run. A file that
cannot be read at all (missing, not a CSV, without the needed columns) raises
`AcledReadError`, which names the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

REQUIRED = ("event_date", "event_type", "sub_event_type", "notes")

# ACLED's actor categories (inter codes): the older numeric codes and the current labels
INTER_CODES: dict[str, str] = {
    "1": "state forces", "2": "rebel group", "3": "political militia",
    "4": "identity militia", "5": "rioters", "6": "protesters", "7": "civilians",
    "8": "external/other forces",
}
INTER_LABELS = frozenset(INTER_CODES.values())

_MONTHS = {
    name: number
    for number, names in enumerate((
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
        ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
        ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
        ("december", "dec"),
    ), 1)
    for name in names
}
_ISO = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ].*)?")
_DAY_MONTH_NAME = re.compile(r"(\d{1,2})[\s\-/.]+([A-Za-z]+)\.?[\s\-/.,]+(\d{2}|\d{4})")
_MONTH_NAME_DAY = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
_NUMERIC = re.compile(r"(\d{1,2})([\-/.])(\d{1,2})\2(\d{2}|\d{4})")


class AcledReadError(ValueError):
    """The file cannot be read as an ACLED export; the message names it."""


@dataclass
class AcledRow:
    """One ACLED event, reduced to what the scorer compares."""

    file: str
    line: int
    event_id: str
    event_date: dt.date
    notes: str
    event_type: str
    sub_event_type: str
    country: str = ""
    iso3: str | None = None
    admin1: str = ""
    location: str = ""
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    actor1: str = ""
    inter1: str | None = None  # one of INTER_LABELS, lower case
    actor2: str = ""
    fatalities: int | None = None


@dataclass
class BadRow:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass
class AcledFile:
    path: str
    layout: str  # "current", "older" or "unknown"
    rows: list[AcledRow] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)

    @property
    def name(self) -> str:
        return Path(self.path).name


def _full_year(year: str, hint: int | None) -> int:
    if len(year) == 4:
        return int(year)
    short = int(year)
    if hint is not None and hint % 100 == short:
        return hint
    return 2000 + short if short < 50 else 1900 + short


def parse_acled_date(text: str, year_hint: int | None = None) -> dt.date:
    """Any of the date forms ACLED exports use; ValueError when it is none of them."""
    value = (text or "").strip()
    if not value:
        raise ValueError("no event_date")
    if m := _ISO.fullmatch(value):
        return dt.date(int(m[1]), int(m[3]), int(m[4]))
    if (m := _DAY_MONTH_NAME.fullmatch(value)) and m[2].lower() in _MONTHS:
        return dt.date(_full_year(m[3], year_hint), _MONTHS[m[2].lower()], int(m[1]))
    if (m := _MONTH_NAME_DAY.fullmatch(value)) and m[1].lower() in _MONTHS:
        return dt.date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    if m := _NUMERIC.fullmatch(value):
        first, second = int(m[1]), int(m[3])
        day, month = (second, first) if second > 12 >= first else (first, second)
        return dt.date(_full_year(m[4], year_hint), month, day)
    raise ValueError(f"unreadable event_date {value!r}")


def inter_category(value: str | None) -> str | None:
    """ACLED's actor category from an inter code ("1") or label ("State forces")."""
    text = (value or "").strip().lower()
    if not text:
        return None
    text = text.split(".")[0] if re.fullmatch(r"\d+(\.0+)?", text) else text
    if text in INTER_CODES:
        return INTER_CODES[text]
    return text if text in INTER_LABELS else None


def _float(text: str | None) -> float | None:
    try:
        value = float((text or "").strip().replace(",", "."))
    except ValueError:
        return None
    return value if value == value else None  # NaN


def _int(text: str | None) -> int | None:
    value = _float(text)
    return int(value) if value is not None and value >= 0 and value == int(value) else None


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AcledReadError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if b"\x00" in data[:4096]:
        raise AcledReadError(f"{path}: not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # older exports saved from Excel


def _layout(columns: set[str]) -> str:
    if "data_id" in columns or "iso3" in columns or "event_id_no_cnty" in columns:
        return "older"
    if "event_id_cnty" in columns:
        return "current"
    return "unknown"


def read_acled(path: str | Path) -> AcledFile:
    """Every row of an ACLED export, good ones as `AcledRow`, the others as `BadRow`."""
    path = Path(path)
    text = _decode(path)
    csv.field_size_limit(1 << 27)
    # only the delimiter is guessed (from the header line): csv.Sniffer also guesses the
    # quoting and gets doubled quotes inside notes wrong
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise AcledReadError(f"{path}: empty file")
    columns = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise AcledReadError(f"{path}: not an ACLED export: no column {', '.join(missing)}")
    out = AcledFile(path=str(path), layout=_layout(set(columns)))
    index = {name: i for i, name in reversed(list(enumerate(columns)))}
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            out.bad.append(BadRow(out.name, reader.line_num, f"not CSV ({exc})"))
            continue
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(columns):
            out.bad.append(BadRow(out.name, line, f"{len(values)} fields where the header "
                                  f"has {len(columns)}"))
            continue
        row = _row(out.name, line, values, index)
        (out.bad if isinstance(row, BadRow) else out.rows).append(row)
    return out


def _row(name: str, line: int, values: list[str], index: dict[str, int]) -> AcledRow | BadRow:
    def get(column: str) -> str:
        i = index.get(column)
        return values[i].strip() if i is not None else ""

    notes = get("notes")
    if not notes:
        return BadRow(name, line, "no notes")
    if not get("event_type") or not get("sub_event_type"):
        return BadRow(name, line, "no event_type / sub_event_type")
    year = _int(get("year"))
    try:
        date = parse_acled_date(get("event_date"), year)
    except ValueError as exc:
        return BadRow(name, line, str(exc))
    iso3 = get("iso3").upper()
    return AcledRow(
        file=name, line=line,
        event_id=get("event_id_cnty") or get("data_id") or f"{name}:{line}",
        event_date=date, notes=notes,
        event_type=get("event_type"), sub_event_type=get("sub_event_type"),
        country=get("country"), iso3=iso3 if re.fullmatch(r"[A-Z]{3}", iso3) else None,
        admin1=get("admin1"), location=get("location"),
        lat=_float(get("latitude")), lon=_float(get("longitude")),
        geo_precision=_int(get("geo_precision")),
        actor1=get("actor1"), inter1=inter_category(get("inter1")),
        actor2=get("actor2"), fatalities=_int(get("fatalities")),
    )


def sample_rows(rows: list[AcledRow], n: int | None, seed: int = 0) -> list[AcledRow]:
    """`n` rows drawn with `random.Random(seed)` (all rows when n is None or larger), in
    file order, so a sample is the same on every run."""
    if n is None or n >= len(rows):
        return list(rows)
    picked = sorted(random.Random(seed).sample(range(len(rows)), n))
    return [rows[i] for i in picked]
