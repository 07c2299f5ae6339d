"""Polite HTTP for `flashpoint watch` (httpx; robots.txt by protego).

* A User-Agent naming flashpoint; connect/read timeouts and a whole-response deadline (a
  server that trickles bytes is cut off); gzip/deflate/br as httpx decodes them.
* robots.txt per host (fetched once, cached for `robots_ttl`, 24 h, also across runs through
  `preload_robots` / `robots_read`; a 4xx means allowed, a 5xx or an unreachable robots.txt
  means "not now", asked again after 10 minutes), its Crawl-delay honoured.
* Per host: at most `per_host` requests at a time and `delay` seconds between their starts;
  after a 429 or a 5xx the host rests (Retry-After honoured, capped; else an exponential
  back-off) and nothing is asked of it until then.
* Conditional GET (If-None-Match / If-Modified-Since): an unchanged feed is one 304.
* Redirects followed by hand, at most `max_redirects`, each hop checked against robots.txt;
  a loop is named as such.
* Responses larger than `max_bytes` (Content-Length, or counted while reading the decoded
  body, so a gzip bomb stops too) and unexpected content types are refused.

Every problem comes back as a `FetchError` with a one-line reason and `transient` (worth
trying again later) set or not; nothing here raises anything else for a bad server.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from flashpoint import __version__ as _VERSION

USER_AGENT = f"flashpoint/{_VERSION} (+https://github.com/flashpoint; event-data news watcher)"
ROBOTS_AGENT = "flashpoint"
FEED_TYPES = ("xml", "rss", "atom", "html", "text/plain")
PAGE_TYPES = ("html", "xhtml", "text/plain")
MAX_REST = 3600.0  # longest Retry-After honoured (a server asking for a day gets an hour)
ROBOTS_RETRY = 600.0  # a robots.txt that could not be read is asked for again after this


class FetchError(Exception):
    def __init__(self, reason: str, *, transient: bool = False, status: int | None = None):
        super().__init__(reason)
        self.reason, self.transient, self.status = reason, transient, status


@dataclass
class Response:
    url: str                  # final URL, after redirects
    status: int               # 200 or 304
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    requests: int = 1         # HTTP requests this fetch took (redirects, robots.txt)


@dataclass
class FetchRecord:
    """One request as the `fetches` table keeps it."""

    url: str
    purpose: str
    time: float
    status: int | None
    bytes: int
    etag: str | None = None
    last_modified: str | None = None
    seconds: float = 0.0
    error: str | None = None
    source: str | None = None  # the followed URL this request was made for


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    slots: threading.Semaphore | None = None
    next_start: float = 0.0
    rest_until: float = 0.0   # wall-clock (time.time) until which the host is left alone
    failures: int = 0         # consecutive 429/5xx, for the back-off
    robots_lock: threading.Lock = field(default_factory=threading.Lock)
    robots: object | None = None
    robots_at: float = -1e18
    crawl_delay: float = 0.0


class Fetcher:
    def __init__(self, *, timeout: float = 10.0, deadline: float = 30.0, delay: float = 1.0,
                 per_host: int = 2, max_bytes: int = 10_000_000, max_redirects: int = 5,
                 robots_ttl: float = 86400.0, backoff: float = 60.0,
                 on_request: Callable[[FetchRecord], None] | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.deadline, self.delay, self.per_host = deadline, delay, per_host
        self.max_bytes, self.max_redirects = max_bytes, max_redirects
        self.robots_ttl, self.backoff = robots_ttl, backoff
        self.on_request = on_request
        self._hosts: dict[str, _Host] = {}
        # robots.txt read by this fetcher: origin -> (time.time(), text or None), to keep
        self.robots_read: dict[str, tuple[float, str | None]] = {}
        self._lock = threading.Lock()
        self.client = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            follow_redirects=False, transport=transport, trust_env=False,
            limits=httpx.Limits(max_connections=32, max_keepalive_connections=16))

    def close(self) -> None:
        self.client.close()

    # ------------------------------------------------------------------ hosts
    def _host(self, url: str) -> _Host:
        key = _origin(url)
        with self._lock:
            host = self._hosts.get(key)
            if host is None:
                host = self._hosts[key] = _Host(slots=threading.Semaphore(self.per_host))
            return host

    def resting(self, url: str) -> float:
        """Seconds until the host of `url` may be asked again (0: now)."""
        return max(0.0, self._host(url).rest_until - time.time())

    def rests(self) -> dict[str, float]:
        """origin -> time.time() until which it rests, for the hosts resting now."""
        now = time.time()
        with self._lock:
            return {o: h.rest_until for o, h in self._hosts.items() if h.rest_until > now}

    def preload_rests(self, rests: dict[str, float]) -> None:
        for origin, until in rests.items():
            host = self._host(origin + "/")
            host.rest_until = max(host.rest_until, until)

    def _rest(self, host: _Host, retry_after: str | None) -> float:
        host.failures += 1
        wait = _retry_after(retry_after)
        if wait is None:
            wait = min(MAX_REST, self.backoff * 2 ** (host.failures - 1))
        host.rest_until = max(host.rest_until, time.time() + min(wait, MAX_REST))
        return wait

    # ------------------------------------------------------------------ robots
    def allowed(self, url: str, source: str | None = None) -> bool:
        """robots.txt of the host lets flashpoint fetch `url` (FetchError when it cannot be
        known now: robots.txt unreachable or a 5xx; asked again after `ROBOTS_RETRY` s)."""
        host = self._host(url)
        with host.robots_lock:
            if time.monotonic() - host.robots_at > self.robots_ttl:
                host.robots = self._read_robots(url, source)
                host.robots_at = time.monotonic()
                if isinstance(host.robots, FetchError):
                    host.robots_at -= max(0.0, self.robots_ttl - ROBOTS_RETRY)
        robots = host.robots
        if isinstance(robots, FetchError):
            raise robots
        return robots is None or robots.can_fetch(url, ROBOTS_AGENT)

    def preload_robots(self, known: dict[str, tuple[float, str | None]]) -> None:
        """robots.txt read by an earlier run: origin -> (time.time() it was read, its text,
        or None when there was none); entries older than `robots_ttl` are left out."""
        for origin, (when, text) in known.items():
            age = time.time() - when
            if age >= self.robots_ttl:
                continue
            host = self._host(origin + "/")
            with host.robots_lock:
                host.robots = None if text is None else self._parse_robots(text, host)
                host.robots_at = time.monotonic() - age

    def _read_robots(self, url: str, source: str | None) -> object:
        robots_url = urljoin(url, "/robots.txt")
        origin = _origin(url)
        try:
            resp = self._get(robots_url, "robots", {}, FEED_TYPES, robots=False, source=source)
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
                self.robots_read[origin] = (time.time(), None)
                return None  # no robots.txt: everything allowed
            return FetchError(f"robots.txt not readable now ({exc.reason})", transient=True)
        text = resp.body.decode("utf-8", "replace")[:500_000]
        self.robots_read[origin] = (time.time(), text)
        return self._parse_robots(text, self._host(url))

    @staticmethod
    def _parse_robots(text: str, host: _Host) -> object:
        import protego

        try:
            robots = protego.Protego.parse(text)
        except Exception:  # noqa: BLE001 - an unreadable robots.txt allows everything
            return None
        crawl_delay = robots.crawl_delay(ROBOTS_AGENT)
        if crawl_delay:
            host.crawl_delay = min(float(crawl_delay), 60.0)
        return robots

    # ------------------------------------------------------------------ fetching
    def fetch(self, url: str, purpose: str, *, etag: str | None = None,
              last_modified: str | None = None, kinds: tuple[str, ...] = PAGE_TYPES,
              source: str | None = None) -> Response:
        """GET `url` (following redirects), conditional when validators are given."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, purpose, headers, kinds, robots=True, source=source)

    def _get(self, url: str, purpose: str, headers: dict[str, str], kinds: tuple[str, ...],
             *, robots: bool, source: str | None = None) -> Response:
        seen = [url]
        requests = 0
        current = url
        while True:
            if robots and not self.allowed(current, source):
                raise FetchError("disallowed by robots.txt")
            resp = self._one(current, purpose, headers, kinds, source)
            requests += 1
            if isinstance(resp, Response):
                resp.requests = requests
                return resp
            target = urljoin(current, resp)
            if target in seen:
                raise FetchError(f"redirect loop ({len(seen)} hops back to {target})")
            if len(seen) > self.max_redirects:
                raise FetchError(f"too many redirects (over {self.max_redirects})")
            if urlsplit(target).scheme not in ("http", "https"):
                raise FetchError(f"redirect to a non-web URL ({target[:100]})")
            seen.append(target)
            current = target

    def _one(self, url: str, purpose: str, headers: dict[str, str], kinds: tuple[str, ...],
             source: str | None) -> Response | str:
        """One request: a Response, or the Location of a redirect."""
        host = self._host(url)
        wait = host.rest_until - time.time()
        if wait > 0:
            raise FetchError(f"host resting for {wait:.0f} s more (Retry-After / back-off)",
                             transient=True)
        assert host.slots is not None
        with host.slots:
            with host.lock:
                delay = max(self.delay, host.crawl_delay)
                start = max(time.monotonic(), host.next_start)
                host.next_start = start + delay
            pause = start - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            return self._request(url, purpose, headers, kinds, host, source)

    def _request(self, url: str, purpose: str, headers: dict[str, str],
                 kinds: tuple[str, ...], host: _Host, source: str | None) -> Response | str:
        t0 = time.monotonic()
        record = FetchRecord(url=url, purpose=purpose, time=time.time(), status=None, bytes=0,
                             source=source)
        try:
            try:
                with self.client.stream("GET", url, headers=headers) as r:
                    record.status = r.status_code
                    record.etag = r.headers.get("etag")
                    record.last_modified = r.headers.get("last-modified")
                    return self._read(r, kinds, host, record, t0)
            except httpx.TimeoutException as exc:
                raise FetchError(f"timed out ({type(exc).__name__})", transient=True) from None
            except httpx.ConnectError as exc:
                raise FetchError(f"cannot connect ({_short(exc)})", transient=True) from None
            except httpx.TooManyRedirects:
                raise FetchError("too many redirects") from None
            except httpx.DecodingError as exc:
                raise FetchError(f"bad compressed body ({_short(exc)})") from None
            except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
                raise FetchError(f"HTTP error ({type(exc).__name__}: {_short(exc)})",
                                 transient=isinstance(exc, httpx.TransportError)) from None
        except FetchError as exc:
            record.error = exc.reason
            raise
        finally:
            record.seconds = time.monotonic() - t0
            if self.on_request is not None:
                self.on_request(record)

    def _read(self, r: httpx.Response, kinds: tuple[str, ...], host: _Host,
              record: FetchRecord, t0: float) -> Response | str:
        status = r.status_code
        if status in (301, 302, 303, 307, 308):
            location = r.headers.get("location")
            if not location:
                raise FetchError(f"HTTP {status} without a Location", status=status)
            return location
        if status == 304:
            host.failures = 0
            return Response(url=str(r.url), status=304, etag=record.etag,
                            last_modified=record.last_modified)
        if status == 429 or status >= 500:
            wait = self._rest(host, r.headers.get("retry-after"))
            raise FetchError(f"HTTP {status}; host left alone for {wait:.0f} s",
                             transient=True, status=status)
        if status != 200:
            raise FetchError(f"HTTP {status}", status=status)
        host.failures = 0
        ctype = r.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype and not any(k in ctype for k in kinds):
            raise FetchError(f"unexpected content type {ctype[:60]!r}", status=status)
        length = r.headers.get("content-length")
        if length and length.isdigit() and int(length) > self.max_bytes:
            raise FetchError(f"response too large ({int(length) / 1e6:.1f} MB > "
                             f"{self.max_bytes / 1e6:g} MB limit)", status=status)
        chunks, size = [], 0
        for chunk in r.iter_bytes():
            size += len(chunk)
            record.bytes = size
            if size > self.max_bytes:
                raise FetchError(f"response too large (over {self.max_bytes / 1e6:g} MB "
                                 "limit)", status=status)
            if time.monotonic() - t0 > self.deadline:
                raise FetchError(f"too slow (no whole response in {self.deadline:g} s)",
                                 transient=True, status=status)
            chunks.append(chunk)
        return Response(url=str(r.url), status=200, body=b"".join(chunks), content_type=ctype,
                        etag=record.etag, last_modified=record.last_modified)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _retry_after(value: str | None) -> float | None:
    """Seconds in a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]
