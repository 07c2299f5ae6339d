"""CSV corpora: one article per row, and every row its own failure domain.

Python's `csv` reader, given an unclosed quote, swallows every later row into one field, and
a bad byte decoded in a buffered text stream loses the rows before it. So records are split
here first, on raw lines, by quote parity (RFC 4180: a quote inside a quoted field is
doubled, so a record is complete when its quotes are even); each record is then decoded
and parsed alone. A record still open at the end of the file, or larger than the size
limit, is one failure ("unclosed quote") and reading resumes on the line after its start,
so the rows that followed it are not lost.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections import deque
from collections.abc import Iterator
from typing import BinaryIO

from flashpoint.record import Article

COLUMNS = ("id", "text", "title", "published", "url", "source")
BINARY_SNIFF_BYTES = 8192
BOM = b"\xef\xbb\xbf"


class RowError(Exception):
    """A row that gave no article; the message is its reason."""


def _records(fh: BinaryIO, max_bytes: int) -> Iterator[tuple[int, list[list[str]] | str]]:
    """(first physical line number, parsed rows or the reason it gave none) per record. A
    record that spans lines and does not parse (an unclosed quote that ran on into later
    rows) is reported, and the lines after its first are read again as rows of their own."""
    replay: deque[tuple[int, bytes]] = deque()
    lineno = 0

    def next_line() -> tuple[int, bytes] | None:
        nonlocal lineno
        if replay:
            return replay.popleft()
        line = fh.readline(max_bytes + 1)
        if not line:
            return None
        lineno += 1
        return lineno, line

    while True:
        first = next_line()
        if first is None:
            return
        start, line = first
        parts = [(start, line)]
        size, quotes = len(line), line.count(b'"')
        while quotes % 2 and size <= max_bytes:
            more = next_line()
            if more is None:
                break
            parts.append(more)
            size += len(more[1])
            quotes += more[1].count(b'"')
        record = b"".join(p[1] for p in parts)
        if quotes % 2 or size > max_bytes:
            reason = "unclosed quote"
        else:
            try:
                yield start, _fields(record)
                continue
            except (UnicodeDecodeError, csv.Error) as exc:
                if len(parts) == 1:
                    yield start, _reason(exc, record)
                    continue
                reason = "unclosed quote"
        yield start, f"{reason}; read again from the next line"
        replay.extendleft(reversed(parts[1:]))


def read_csv_rows(
    fh: BinaryIO, name: str, stem: str, published: dt.date | None, max_bytes: int
) -> Iterator[Article | tuple[str, str]]:
    """Articles, or (input, reason) pairs for the file or a row that gave none."""
    head = fh.peek(BINARY_SNIFF_BYTES)[:BINARY_SNIFF_BYTES]  # type: ignore[attr-defined]
    if b"\x00" in head:
        yield name, "binary file (NUL bytes)"
        return
    if head.startswith(BOM):
        fh.read(len(BOM))
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(max_bytes, old_limit))
    try:
        yield from _rows(_records(fh, max_bytes), name, stem, published, max_bytes)
    finally:
        csv.field_size_limit(old_limit)


def _rows(records: Iterator[tuple[int, list[list[str]] | str]], name: str, stem: str,
          published: dt.date | None, max_bytes: int) -> Iterator[Article | tuple[str, str]]:
    header: list[str] | None = None
    n = 0
    for line, rows in records:
        if header is None:
            if isinstance(rows, str):
                yield name, f"malformed CSV header ({rows})"
                return
            if not rows or not any(v.strip() for v in rows[0]):
                continue
            header = [f.strip().lower() for f in rows[0]]
            if "text" not in header:
                yield name, f"no 'text' column in the header ({', '.join(header)[:200]})"
                return
            rows = rows[1:]
            if not rows:
                continue
        if isinstance(rows, str):
            n += 1
            yield f"{name}:{n}", f"row {n} (line {line}): {rows}"
            continue
        for values in rows:
            if not any(v.strip() for v in values):
                continue
            n += 1
            where = f"{name}:{n}"
            try:
                yield _article(header, values, where, f"{stem}-{n}", published, max_bytes)
            except RowError as bad:
                yield where, f"row {n} (line {line}): {bad}"
    if header is None:
        yield name, "empty file (no header)"
    elif n == 0:
        yield name, "no rows after the header"


def _fields(record: bytes) -> list[list[str]]:
    text = record.decode("utf-8")  # UnicodeDecodeError: the caller names the row
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def _reason(exc: Exception, record: bytes) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 (invalid byte 0x{record[exc.start]:02x})"
    return f"malformed CSV ({exc})"


def parse_date(value: str) -> dt.date:
    """An ISO date, or the date of an ISO timestamp ("Z" allowed)."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()


def _article(header: list[str], values: list[str], where: str, fallback: str,
             published: dt.date | None, max_bytes: int) -> Article:
    if len(values) > len(header):
        raise RowError("more fields than the header has")
    row = dict(zip(header, values, strict=False))
    text = row.get("text")
    if not text or not text.strip():
        raise RowError("empty 'text'")
    if len(text) > max_bytes:
        raise RowError(f"text too large (> {max_bytes / 1e6:g} MB)")
    date = published
    raw_date = (row.get("published") or "").strip()
    if raw_date:
        try:
            date = parse_date(raw_date)
        except ValueError:
            raise RowError(f"bad 'published' date ({raw_date[:40]!r})") from None

    def opt(key: str) -> str | None:
        value = row.get(key)
        return value.strip() or None if isinstance(value, str) else None

    rid = opt("id") or f"{fallback}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"
    return Article(id=rid[:200], text=text, title=opt("title"), published=date,
                   url=opt("url"), source=opt("source"), origin=where)
