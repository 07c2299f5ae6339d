"""The SOURCES file of `flashpoint watch`, durations, and canonical URLs.

Two forms are read:

* plain text: one URL a line (`#` starts a comment; an optional name after the URL);
* TOML (a `.toml` file, or any file with a `[[source]]` table)::

      [[source]]
      url = "https://example.org/world/rss.xml"
      name = "Example World"      # default: the host
      interval = "30m"            # polling mode only; default: --every
      language = "en"             # kept, informative
      enabled = true

A URL may be an RSS/Atom feed, a news sitemap, a plain sitemap (or sitemap index), or a
home page whose feed is found through `<link rel="alternate">`. A bad line is one problem
(reported, the other sources are still followed).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)", re.IGNORECASE)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass
class Source:
    url: str
    name: str
    interval: float | None = None  # seconds; None: the --every of the command
    language: str | None = None
    enabled: bool = True


def parse_duration(value: str | int | float) -> float:
    """Seconds in "90", "90s", "15m", "1h", "2h30m", "1d"; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"not a duration: {value!r}")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError(f"not a duration: {value!r}")
        return float(value)
    text = value.strip()
    parts = _DURATION.findall(text)
    if not text or _DURATION.sub("", text).strip() or not parts:
        raise ValueError(f"not a duration (e.g. 90s, 15m, 1h): {value!r}")
    return sum(float(n) * _UNITS[u.lower()] for n, u in parts)


def web_url(url: str) -> bool:
    """An absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def canonical_url(url: str) -> str:
    """The URL a story is known by: scheme and host lower-cased, default port, tracking
    parameters (utm_*, fbclid, gclid, ref, ...) and the fragment removed (courlan's
    normalisation, not its strict mode, which would also drop parameters that name the
    story)."""
    url = url.strip()
    try:
        import courlan

        url = courlan.normalize_url(url, strict=False)
    except Exception:  # noqa: BLE001 - a URL courlan cannot read is kept as given
        pass
    try:
        parts = urlsplit(url)
        return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                           parts.query, ""))
    except ValueError:
        return url


def article_id(canonical: str) -> str:
    """A stable article id for the story at `canonical` (host plus a digest of the URL)."""
    host = (urlsplit(canonical).hostname or "web").removeprefix("www.")
    return f"{host}-{hashlib.sha256(canonical.encode('utf-8')).hexdigest()[:16]}"


def read_sources(path: str | Path) -> tuple[list[Source], list[str]]:
    """The sources listed in `path` and one problem line per bad entry. Raises OSError or
    ValueError when the file itself cannot be read (not UTF-8, bad TOML)."""
    path = Path(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                         f"{exc.start})") from None
    if path.suffix.lower() == ".toml" or re.search(r"^\s*\[\[source\]\]", text, re.M):
        sources, problems = _read_toml(text, str(path))
    else:
        sources, problems = _read_lines(text, str(path))
    seen: set[str] = set()
    unique = []
    for source in sources:
        if source.url in seen:
            problems.append(f"{path}: {source.url}: listed twice (kept once)")
            continue
        seen.add(source.url)
        unique.append(source)
    return unique, problems


def _read_lines(text: str, where: str) -> tuple[list[Source], list[str]]:
    sources, problems = [], []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if not line:
            continue
        url, _, name = line.partition(" ")
        if not web_url(url):
            problems.append(f"{where}:{n}: not an http(s) URL: {url[:200]!r}")
            continue
        sources.append(Source(url=url, name=name.strip() or _host(url)))
    return sources, problems


def _read_toml(text: str, where: str) -> tuple[list[Source], list[str]]:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{where}: not valid TOML ({exc})") from None
    entries = doc.get("source", [])
    if not isinstance(entries, list):
        raise ValueError(f"{where}: 'source' must be a list of tables ([[source]])")
    sources, problems = [], []
    for n, entry in enumerate(entries, 1):
        label = f"{where}: source {n}"
        if not isinstance(entry, dict):
            problems.append(f"{label}: not a table")
            continue
        url = entry.get("url")
        if not isinstance(url, str) or not web_url(url.strip()):
            problems.append(f"{label}: 'url' is not an http(s) URL")
            continue
        url = url.strip()
        name = entry.get("name", _host(url))
        enabled = entry.get("enabled", True)
        language = entry.get("language")
        try:
            interval = parse_duration(entry["interval"]) if "interval" in entry else None
        except ValueError as exc:
            problems.append(f"{label}: {exc}")
            continue
        if not isinstance(name, str) or not isinstance(enabled, bool) or \
                (language is not None and not isinstance(language, str)):
            problems.append(f"{label}: 'name'/'language' must be strings, 'enabled' true/false")
            continue
        sources.append(Source(url=url, name=name.strip() or _host(url), interval=interval,
                              language=language, enabled=enabled))
    return sources, problems


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")
