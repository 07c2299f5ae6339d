"""Readers: turn files, directories and stdin into `Article`s, and every bad input into a failure.

A batch run over thousands of scraped files must not stop at the first broken one, so readers
never raise for bad input: each problem becomes an `InputFailure` with one short human reason,
yielded in order among the articles. Text is kept exactly as given (offsets point into it).

Dates: a record's own date (a JSONL "published", HTML metadata) wins; the `published`
argument (the CLI's --published) fills in only for records that have none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from flashpoint.ingest.clean import title_span
from flashpoint.ingest.csv_reader import parse_date, read_csv_rows
from flashpoint.record import Article

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
CSV_SUFFIXES = (".csv",)
WALK_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES
BINARY_SNIFF_BYTES = 8192
BOM = b"\xef\xbb\xbf"
HTML_MIN_WORDS = 5  # fewer words than this extracted from a page is not an article
MAX_ID_CHARS = 200  # an id is a key, not a payload
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class InputFailure:
    """One input (a file, or "path:LINE" for a JSONL line) that gave no article, and why."""

    input: str
    reason: str

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}"


class _Bad(Exception):
    """Internal: carries a failure reason out of nested helpers."""


def read_inputs(
    paths: Sequence[str],
    *,
    published: dt.date | None = None,
    stdin: TextIO | None = None,
    max_bytes: int = 20_000_000,
) -> Iterator[Article | InputFailure]:
    """Yield an Article or an InputFailure for each input, in order; never raise for bad input.

    `paths` are files (.txt or any unknown suffix = plain text, .html/.htm, .jsonl),
    directories (walked recursively in sorted order for .txt/.html/.htm/.jsonl) or "-" for
    `stdin` (default `sys.stdin`). Files above `max_bytes` are refused before reading; for
    JSONL the limit applies to each line, so large JSONL corpora stream.
    """
    for raw in paths:
        if raw == "-":
            yield _read_stdin(stdin if stdin is not None else sys.stdin, published, max_bytes)
            continue
        path = Path(raw)
        if path.is_dir():
            unreadable: list[OSError] = []
            files = list(_walk(path, unreadable.append))
            for err in unreadable:
                where = one_line(str(err.filename or raw))
                yield InputFailure(where, f"cannot read folder ({err.strerror or err})")
            if not files and not unreadable:
                yield InputFailure(raw, "directory has no .txt/.html/.htm/.jsonl/.csv files")
            for f in files:
                yield from _read_file(f, published, max_bytes)
        else:
            yield from _read_file(path, published, max_bytes)


def one_line(name: str) -> str:
    """A file name fit for a one-line message: a line break in it shown as a \\uXXXX
    escape (other control characters are escaped where messages are printed)."""
    return name.replace("\n", "\\u000a").replace("\r", "\\u000d")


def _walk(root: Path, on_error: Callable[[OSError], None]) -> Iterator[Path]:
    """Files under `root` with a known suffix, sorted by relative path; dot-entries skipped;
    a folder that cannot be listed goes to `on_error`."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found.extend(
            Path(dirpath) / name
            for name in filenames
            if not name.startswith(".") and name.lower().endswith(WALK_SUFFIXES)
        )
    yield from sorted(found, key=lambda p: p.relative_to(root).parts)


def _read_file(
    path: Path, published: dt.date | None, max_bytes: int
) -> Iterator[Article | InputFailure]:
    name = one_line(str(path))
    suffix = path.suffix.lower()
    try:
        st = path.stat()
    except FileNotFoundError:
        yield InputFailure(name, "no such file")
        return
    except OSError as exc:
        yield InputFailure(name, f"cannot read ({exc.strerror or exc})")
        return
    if not path.is_file():
        yield InputFailure(name, "not a regular file")
        return
    if st.st_size == 0:
        yield InputFailure(name, "empty file")
        return
    try:
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as fh:
                yield from _read_jsonl(fh, name, path.stem, published, max_bytes)
            return
        if suffix in CSV_SUFFIXES:
            with path.open("rb") as fh:
                yield from _read_csv(fh, name, path.stem, published, max_bytes)
            return
        if st.st_size > max_bytes:
            yield InputFailure(name, _too_large(st.st_size, max_bytes))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputFailure(name, f"cannot read ({exc.strerror or exc})")
        return
    try:
        if suffix in HTML_SUFFIXES:
            yield _html_article(data, name, path.stem, published)
        else:
            yield _text_article(_decode(data), name, path.stem, published)
    except _Bad as bad:
        yield InputFailure(name, str(bad))


def _too_large(size: int, limit: int) -> str:
    return f"file too large ({size / 1e6:.1f} MB > {limit / 1e6:g} MB limit)"


def _decode(data: bytes, *, offset: int = 0) -> str:
    """Strict UTF-8 (BOM stripped), or UTF-16 when it starts with its byte-order mark;
    binary or undecodable input raises _Bad with the reason."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _Bad(f"not UTF-16 despite its byte-order mark (bad bytes at offset "
                       f"{offset + exc.start})") from None
        if not text.strip():
            raise _Bad("empty file (whitespace only)")
        return text
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise _Bad("binary file (NUL bytes)")
    skip = len(BOM) if data.startswith(BOM) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[skip + exc.start]
        raise _Bad(
            f"not UTF-8 (invalid byte 0x{bad:02x} at offset {offset + skip + exc.start})"
        ) from None
    if not text.strip():
        raise _Bad("empty file" if not text else "empty file (whitespace only)")
    return text


def valid_unicode(text: str) -> str:
    """`text` with lone surrogates (from JSON "\\ud800" escapes) replaced by U+FFFD, so it
    can be encoded, hashed and stored; one character each, so offsets stay as they are."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _text_article(text: str, origin: str, stem: str, published: dt.date | None) -> Article:
    """Plain text: the first line is the title and stays in the text (offsets are the file's)."""
    span = title_span(text, first_line_is_title=True)
    return Article(
        id=f"{stem}-{_short_hash(text)}",
        text=text,
        title=text[span[0] : span[1]] if span else None,
        published=published,
        origin=origin,
    )


def _read_stdin(
    stream: TextIO, published: dt.date | None, max_bytes: int
) -> Article | InputFailure:
    buffer: BinaryIO | None = getattr(stream, "buffer", None)
    try:
        if buffer is not None:
            data = buffer.read(max_bytes + 1)
            if len(data) > max_bytes:
                return InputFailure("-", f"input too large (> {max_bytes / 1e6:g} MB limit)")
            text = _decode(data)
        else:
            text = stream.read(max_bytes + 1)
            if len(text) > max_bytes:
                return InputFailure("-", f"input too large (> {max_bytes / 1e6:g} MB limit)")
            if "\x00" in text[:BINARY_SNIFF_BYTES]:
                raise _Bad("binary input (NUL bytes)")
            text = text.removeprefix("\ufeff")
            if not text.strip():
                raise _Bad("empty input")
    except _Bad as bad:
        return InputFailure("-", str(bad).replace("empty file", "empty input"))
    except (OSError, UnicodeDecodeError) as exc:
        return InputFailure("-", f"cannot read stdin ({exc})")
    return _text_article(text, "-", "stdin", published)


_META_DATE = re.compile(
    r"<meta\b[^>]*\b(?:name|property|itemprop)\s*=\s*[\"'][^\"']*(?:date|time)[^\"']*[\"']"
    r"[^>]*>", re.IGNORECASE)
_CONTENT = re.compile(r"\bcontent\s*=\s*[\"']([^\"']{0,64})[\"']", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})")


def _impossible_meta_date(html: str) -> bool:
    """A page whose date metadata names a day that does not exist ("31/02/2020"): the HTML
    date parser would move it to another day, so the page's date is not used (the
    `published` fallback is) rather than silently changed."""
    for tag in _META_DATE.finditer(html[:200_000]):
        content = _CONTENT.search(tag.group())
        m = _NUMERIC_DATE.match(content.group(1)) if content else None
        if m is None:
            continue
        a, b, c = (int(g) for g in m.groups())
        # Y-M-D when it starts with the year, else D/M/Y or M/D/Y
        readings = [(a, b, c)] if a > 31 else [(c, b, a), (c, a, b)]
        ok = any(_is_date(*r) for r in readings)
        if not ok:
            return True
    return False


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def html_article(data: bytes, origin: str, stem: str,
                 published: dt.date | None) -> Article:
    """The article of one HTML page (what `read_inputs` makes of an .html file); raises
    ValueError with the one-line reason when the page holds no article."""
    try:
        return _html_article(data, origin, stem, published)
    except _Bad as bad:
        raise ValueError(str(bad)) from None


def _html_article(data: bytes, origin: str, stem: str, published: dt.date | None) -> Article:
    """Body text, title and date by trafilatura; the title is put first when it is missing."""
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise _Bad("binary file (NUL bytes)")
    if not data.strip():
        raise _Bad("empty file (whitespace only)")
    import trafilatura  # slow to import; only HTML needs it

    try:
        html: str | bytes = data.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError:
        html = data  # let trafilatura sniff the declared charset
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # third-party parser on arbitrary bytes: any error is bad input
        raise _Bad(f"HTML: could not parse ({type(exc).__name__})") from None
    body = ((doc.text if doc is not None else None) or "").strip()
    if sum(any(c.isalpha() for c in w) for w in body.split()) < HTML_MIN_WORDS:
        raise _Bad("HTML: no article text found")  # a nav bar or a truncated stub, not a story
    title = (doc.title or "").strip() or None
    title = " ".join(title.split()) if title else None
    text = body if title is None or body.startswith(title) else f"{title}\n\n{body}"
    date = None
    if doc.date and not _impossible_meta_date(html if isinstance(html, str) else
                                              data.decode("latin-1")):
        try:
            date = parse_date(doc.date)
        except ValueError:
            date = None
    return Article(
        id=f"{stem}-{_short_hash(text)}",
        text=text,
        title=title,
        published=date or published,
        url=doc.url or None,
        source=doc.sitename or doc.hostname or None,
        origin=origin,
    )


def _read_jsonl(
    fh: BinaryIO, name: str, stem: str, published: dt.date | None, max_bytes: int
) -> Iterator[Article | InputFailure]:
    """One article per line; a bad line is one failure and reading goes on."""
    head = fh.peek(BINARY_SNIFF_BYTES) if hasattr(fh, "peek") else b""
    if b"\x00" in head[:BINARY_SNIFF_BYTES]:
        yield InputFailure(name, "binary file (NUL bytes)")
        return
    offset = 0
    lineno = 0
    any_content = False
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            break
        lineno += 1
        where = f"{name}:{lineno}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            limit = f"{max_bytes / 1e6:g} MB"
            yield InputFailure(where, f"line {lineno}: line too large (> {limit} limit)")
            offset += len(line)
            while line and not line.endswith(b"\n"):  # skip the rest of the oversized line
                line = fh.readline(max_bytes + 1)
                offset += len(line)
            continue
        start = offset
        offset += len(line)
        if lineno == 1:
            start += len(BOM) if line.startswith(BOM) else 0
            line = line.removeprefix(BOM)
        if not line.strip():
            continue
        any_content = True
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield InputFailure(
                where,
                f"line {lineno}: not UTF-8 (invalid byte 0x{line[exc.start]:02x} "
                f"at offset {start + exc.start})",
            )
            continue
        try:
            yield _jsonl_article(text, where, f"{stem}-{lineno}", published)
        except _Bad as bad:
            yield InputFailure(where, f"line {lineno}: {bad}")
        except Exception as exc:  # noqa: BLE001 - one record is its own failure domain
            yield InputFailure(where, f"line {lineno}: unreadable record ({type(exc).__name__})")
    if not any_content:
        yield InputFailure(name, "empty file (whitespace only)")


def _jsonl_article(line: str, where: str, fallback_id: str, published: dt.date | None) -> Article:
    try:
        rec: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _Bad(f"not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise _Bad("not an article record (JSON nested too deeply)") from None
    except ValueError:  # Python refuses integers of thousands of digits
        raise _Bad("not valid JSON (a number too long to read)") from None
    if not isinstance(rec, dict):
        raise _Bad("not a JSON object")
    text = rec.get("text")
    if text is None:
        raise _Bad("missing 'text'")
    if not isinstance(text, str):
        raise _Bad("'text' is not a string")
    if not text.strip():
        raise _Bad("empty 'text'")
    text = valid_unicode(text)
    fields: dict[str, str | None] = {}
    for key in ("title", "url", "source"):
        value = rec.get(key)
        if value is not None and not isinstance(value, str):
            raise _Bad(f"'{key}' is not a string")
        fields[key] = (valid_unicode(value).strip() or None) if isinstance(value, str) else None
    rid = rec.get("id")
    if rid is None:
        rid = f"{fallback_id}-{_short_hash(text)}"
    elif isinstance(rid, bool) or not isinstance(rid, str | int):
        raise _Bad("'id' is not a string or an integer")
    else:
        rid = valid_unicode(str(rid)).strip()
        if not rid:
            raise _Bad("'id' is empty")
        if len(rid) > MAX_ID_CHARS or "\n" in rid:
            raise _Bad(f"'id' is not a usable key (over {MAX_ID_CHARS} characters or multi-line)")
    date = None
    raw_date = rec.get("published")
    if raw_date is not None:
        if not isinstance(raw_date, str):
            raise _Bad("'published' is not an ISO date string")
        try:
            date = parse_date(raw_date.strip())
        except ValueError:
            raise _Bad(f"bad 'published' date ({raw_date!r})") from None
    return Article(
        id=str(rid),
        text=text,
        title=fields["title"],
        published=date or published,
        url=fields["url"],
        source=fields["source"],
        origin=where,
    )


def read_csv(
    path: Path, *, published: dt.date | None = None, max_bytes: int = 20_000_000
) -> Iterator[Article | InputFailure]:
    """One article per row (header: id, text, title, published, url, source; only `text`
    is required). A bad row (an unclosed quote, a bad byte, a bad date) is one failure
    ("file.csv:ROW") and reading goes on with the next row."""
    yield from _read_file(Path(path), published, max_bytes)


def _read_csv(fh: BinaryIO, name: str, stem: str, published: dt.date | None,
              max_bytes: int) -> Iterator[Article | InputFailure]:
    for item in read_csv_rows(fh, name, stem, published, max_bytes):
        yield item if isinstance(item, Article) else InputFailure(*item)
