"""`flashpoint watch` against a real HTTP server on 127.0.0.1 serving feeds, sitemaps and
article pages written for these tests (invented stories). The server logs every request;
name resolution is limited to loopback for the whole module, so nothing leaves the host."""

from __future__ import annotations

import contextlib
import gzip
import http.server
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from flashpoint.store import open_store
from flashpoint.watch import Fetcher, Round, Source

STORIES = {
    "market": ("Militia raid on a cattle market",
               "Armed militia members raided a cattle market near Kaduna on Tuesday, killing "
               "six traders and wounding several others, local officials said. Residents "
               "said the attackers arrived on motorcycles before dawn."),
    "bridge": ("Army shells positions across the river",
               "Government troops shelled rebel positions near Homs on Sunday, and two "
               "fighters were killed, a monitoring group said. The shelling went on for "
               "several hours after the rebels crossed the bridge."),
    "rally": ("Students march against fee rises",
              "Thousands of students marched in Nairobi on Wednesday against a rise in "
              "university fees, and police fired tear gas to disperse them, witnesses said. "
              "The march ended outside the education ministry."),
    "ferry": ("Coast guard seizes a smuggling boat",
              "The coast guard seized a boat carrying weapons off the coast of Mombasa on "
              "Friday and arrested four crew members, officials said. The weapons were "
              "handed to the police for inspection."),
}


def page(key: str, date: str = "2025-03-04") -> bytes:
    title, body = STORIES[key]
    return (f"<!doctype html><html><head><title>{title}</title>"
            f'<meta property="article:published_time" content="{date}"></head>'
            f"<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>"
            f"<p>{body}</p><p>Reporting by our correspondent.</p></article>"
            "<footer>Copyright the outlet</footer></body></html>").encode()


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link>"
                    "<pubDate>Tue, 04 Mar 2025 08:00:00 GMT</pubDate></item>" for p in paths)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title>'
            f"<link>{base}/</link>{items}</channel></rss>").encode()


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    ctype: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    delay: float = 0.0
    times: list[int] | None = None  # statuses to answer first, in order (then `status`)
    trickle: float = 0.0            # seconds between 100-byte pieces of the body


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict[str, str], int]] = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                route = site.routes.get(self.path)
                status = 404 if route is None else route.status
                if route is not None and route.times:
                    status = route.times.pop(0)
                if route is not None and route.etag and status == 200 and \
                        self.headers.get("If-None-Match") == route.etag:
                    status = 304
                site.log.append((self.path, dict(self.headers), status))
                if route is not None and route.delay:
                    time.sleep(route.delay)
                body = route.body if route is not None and status == 200 else b""
                try:
                    self.send_response(status)
                    if route is not None:
                        self.send_header("Content-Type", route.ctype)
                        if route.etag:
                            self.send_header("ETag", route.etag)
                        for k, v in route.headers.items():
                            self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if route is not None and route.trickle:
                        for i in range(0, len(body), 100):
                            self.wfile.write(body[i:i + 100])
                            self.wfile.flush()
                            time.sleep(route.trickle)
                    else:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def paths(self) -> list[str]:
        return [p for p, _, _ in self.log]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Any name but loopback fails to resolve, as a DNS failure does."""
    real = socket.getaddrinfo

    def guarded(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost", b"127.0.0.1"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


@pytest.fixture
def site():
    s = Site()
    s.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", ctype="text/plain")
    yield s
    s.close()


@pytest.fixture(scope="module")
def pipeline():
    from flashpoint.pipeline import Pipeline, PipelineOptions

    p = Pipeline(PipelineOptions(focus=True))
    return lambda: p


def run_round(db: Path, sources, pipeline, **kw):
    failures: list[str] = []
    fetcher = kw.pop("fetcher", None) or Fetcher(timeout=1.0, deadline=3.0, delay=0.0)
    with open_store(db) as store:
        report = Round(store, fetcher, pipeline, on_failure=failures.append, **kw).run(sources)
    return report, failures


def query(db: Path, sql: str):
    with open_store(db) as store:
        return store.con.execute(sql).fetchall()


def test_rounds_are_incremental_conditional_and_obey_robots(site, pipeline, tmp_path):
    db = tmp_path / "w.duckdb"
    b = site.base
    site.routes["/feed.xml"] = Route(rss(b, ["/news/market?utm_source=rss", "/news/bridge",
                                             "/private/rally"]),
                                     ctype="application/rss+xml", etag='"v1"')
    for key in ("market", "bridge", "rally", "ferry"):
        site.routes[f"/news/{key}"] = Route(page(key))
    site.routes["/private/rally"] = Route(page("rally"))
    src = [Source(f"{b}/feed.xml", "test")]

    first, fails = run_round(db, src, pipeline)
    assert (first.stored, first.found) == (2, 3)
    assert first.events >= 2
    assert any("/private/rally: disallowed by robots.txt" in f for f in fails)
    assert "/private/rally" not in site.paths()  # never requested
    assert site.paths().count("/robots.txt") == 1
    ua = site.log[0][1].get("User-Agent", "")
    assert ua.startswith("flashpoint/")

    site.log.clear()
    second, _ = run_round(db, src, pipeline)
    assert site.log and [(p, s) for p, _, s in site.log if p == "/feed.xml"] == \
        [("/feed.xml", 304)]
    assert [p for p in site.paths() if p.startswith("/news/")] == []
    assert (second.unchanged, second.stored) == (1, 0)

    # the feed changes: one new story, one old story under a new tracking parameter
    site.routes["/feed.xml"] = Route(rss(b, ["/news/ferry", "/news/market?utm_medium=x",
                                             "/news/bridge"]),
                                     ctype="application/rss+xml", etag='"v2"')
    site.log.clear()
    third, _ = run_round(db, src, pipeline)
    assert [p for p in site.paths() if p.startswith("/news/")] == ["/news/ferry"]
    assert "/robots.txt" not in site.paths()  # kept in the store across runs (fresh fetchers)
    assert (third.found, third.stored) == (1, 1)
    assert query(db, "SELECT count(*) FROM articles")[0][0] == 3
    assert query(db, "SELECT count(*), count(DISTINCT url) FROM seen_urls")[0] == (4, 4)
    statuses = dict(query(db, "SELECT url, state FROM seen_urls"))
    assert statuses[f"{b}/private/rally"] == "failed"
    assert statuses[f"{b}/news/market"] == "stored"
    fetch = query(db, "SELECT status, etag FROM fetches WHERE url LIKE '%feed.xml' "
                      "ORDER BY time")
    assert [s for s, _ in fetch] == [200, 304, 200] and fetch[-1][1] == '"v2"'


def test_same_story_under_two_urls_is_coded_once(site, pipeline, tmp_path):
    db = tmp_path / "d.duckdb"
    b = site.base
    site.routes["/feed.xml"] = Route(rss(b, ["/world/market-raid"]), ctype="text/xml")
    site.routes["/news-sitemap.xml"] = Route(
        ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
         'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>'
         f"<loc>{b}/amp/market-raid.html</loc><news:news><news:title>Raid</news:title>"
         "<news:publication_date>2025-03-04</news:publication_date></news:news></url>"
         "</urlset>").encode(), ctype="application/xml")
    site.routes["/world/market-raid"] = Route(page("market"))
    # the syndicated copy differs only in white space and line breaks
    site.routes["/amp/market-raid.html"] = Route(page("market").replace(b". ", b".\n  "))
    srcs = [Source(f"{b}/feed.xml", "wire"), Source(f"{b}/news-sitemap.xml", "partner")]
    report, fails = run_round(db, srcs, pipeline)
    assert (report.stored, report.duplicates) == (1, 1), fails
    rows = query(db, "SELECT source, state, article_id FROM seen_urls ORDER BY source")
    assert sorted(r[1] for r in rows) == ["duplicate", "stored"]
    assert rows[0][2] == rows[1][2]  # both URLs point at the one article
    assert query(db, "SELECT count(DISTINCT article_id) FROM events")[0][0] == 1
    assert query(db, "SELECT kind FROM sources WHERE name = 'partner'")[0][0] == "news-sitemap"


LONG = ("Rebel fighters attacked an army base outside Goma on Thursday night, and at least "
        "nine soldiers were killed in the fighting, a military spokesman said on Friday. The "
        "attackers came from the hills to the north and withdrew before dawn, residents said. "
        "Aid groups said hundreds of families had fled toward the town centre, where schools "
        "were turned into shelters. The provincial governor called for calm and promised "
        "reinforcements for the garrison within days. Traders in the central market kept "
        "their shops closed on Friday morning, and the main road to the airport was blocked "
        "by army trucks for several hours. A local radio station said its reporters had "
        "counted burned vehicles near the base gate. The army said it had regained control "
        "of the area by noon and that an investigation into the attack had begun. {tail}")


def test_syndicated_copies_from_two_outlets_are_one_article(site, pipeline, tmp_path):
    db = tmp_path / "s.duckdb"
    b = site.base

    def html(tail: str) -> bytes:
        return (f"<html><head><title>Base attacked</title></head><body><article><h1>Base "
                f"attacked</h1><p>{LONG.format(tail=tail)}</p></article></body></html>"
                ).encode()

    site.routes["/a.xml"] = Route(rss(b, ["/a/base", "/a/base-update"]), ctype="text/xml")
    site.routes["/b.xml"] = Route(rss(b, ["/b/base-copy"]), ctype="text/xml")
    site.routes["/a/base"] = Route(html("Reporting by the agency desk."))
    site.routes["/b/base-copy"] = Route(html("This story was supplied by a news agency."))
    # the same outlet's update (a new last sentence) is an article of its own
    site.routes["/a/base-update"] = Route(html("Later the toll was said to have risen."))
    srcs = [Source(f"{b}/a.xml", "first"), Source(f"{b}/b.xml", "second")]
    report, fails = run_round(db, srcs, pipeline, threads=1)
    assert (report.stored, report.syndicated) == (2, 1), fails
    copy = query(db, "SELECT article_id FROM seen_urls WHERE source LIKE '%b.xml'")[0][0]
    stored = {r[0] for r in query(db, "SELECT id FROM articles")}
    assert copy in stored


def test_bad_inputs_are_one_line_each_and_the_rest_goes_on(site, pipeline, tmp_path):
    db = tmp_path / "b.duckdb"
    b = site.base
    r = site.routes
    r["/broken.xml"] = Route(b'<?xml version="1.0"?><rss><channel><item><title>x</ti',
                             ctype="application/rss+xml")
    r["/html-feed"] = Route(b"<html><body><p>Welcome to our site</p></body></html>")
    r["/huge.xml"] = Route(b"<rss>" + b" " * 20_000_000 + b"</rss>", ctype="application/xml")
    r["/latin1.xml"] = Route('<?xml version="1.0" encoding="utf-8"?><rss version="2.0">'
                             '<channel><title>Caf\xe9</title><item><title>\xe9t\xe9</title>'
                             f"<link>{b}/news/bridge</link></item></channel></rss>"
                             .encode("latin-1"), ctype="application/rss+xml")
    r["/hang.xml"] = Route(rss(b, ["/news/rally"]), ctype="application/rss+xml", delay=4.0)
    r["/loop-a"] = Route(status=302, headers={"Location": "/loop-b"})
    r["/loop-b"] = Route(status=302, headers={"Location": "/loop-a"})
    r["/bomb.xml"] = Route(gzip.compress(b"<rss>" + b"<a/>" * 3_000_000 + b"</rss>"),
                           ctype="application/rss+xml", headers={"Content-Encoding": "gzip"})
    r["/good.xml"] = Route(rss(b, ["/news/market", "/news/empty", "/news/hostile",
                                   "/news/image"]), ctype="application/rss+xml")
    r["/news/market"] = Route(page("market"))
    r["/news/bridge"] = Route(page("bridge"))
    r["/news/empty"] = Route(b"<html><body><nav>Home</nav></body></html>")
    r["/news/hostile"] = Route(b"<html><body>" + b"<div>" * 50_000 + b"<script>alert(1)"
                               b"</script><p>\x00\xff\xfe</p></body></html>")
    r["/news/image"] = Route(b"\x89PNG\r\n", ctype="image/png")
    r["/trickle.xml"] = Route(rss(b, ["/news/rally"]) * 3, ctype="application/rss+xml",
                              trickle=0.5)  # every piece within the read timeout
    names = ["/broken.xml", "/html-feed", "/huge.xml", "/latin1.xml", "/hang.xml", "/loop-a",
             "/bomb.xml", "/good.xml", "/trickle.xml"]
    srcs = [Source(b + n, n) for n in names] + [
        Source("http://feeds.flashpoint-test.invalid/rss", "nowhere")]
    fetcher = Fetcher(timeout=1.0, deadline=2.0, delay=0.0, max_bytes=5_000_000)
    t0 = time.monotonic()
    report, fails = run_round(db, srcs, pipeline, fetcher=fetcher)
    assert time.monotonic() - t0 < 30
    text = "\n".join(fails)
    assert report.stored == 2  # market (good feed) and bridge (latin-1 feed)
    for where, why in [("/broken.xml", "not a feed"), ("/html-feed", "without a feed link"),
                       ("/huge.xml", "too large"), ("/hang.xml", "timed out"),
                       ("/loop-a", "redirect loop"), ("/bomb.xml", "too large"),
                       ("/trickle.xml", "too slow"),
                       ("invalid/rss", "cannot connect"), ("/news/empty", "no article text"),
                       ("/news/image", "content type")]:
        assert any(where in f and why in f for f in fails), (where, why, text)
    assert all("\n" not in f for f in fails)
    stored = query(db, "SELECT input, stage FROM failures")
    assert len(stored) >= 9 and {s for _, s in stored} <= {"fetch", "read", "analysis"}
    health = {r[0]: r[1] for r in query(db, "SELECT name, last_error FROM sources")}
    assert health["/good.xml"] is None and "timed out" in health["/hang.xml"]


def test_max_per_source_leaves_the_rest_pending(site, pipeline, tmp_path):
    db = tmp_path / "m.duckdb"
    b = site.base
    site.routes["/feed.xml"] = Route(rss(b, ["/news/market", "/news/bridge", "/news/ferry"]),
                                     ctype="application/rss+xml", etag='"m"')
    for key in ("market", "bridge", "ferry"):
        site.routes[f"/news/{key}"] = Route(page(key))
    src = [Source(f"{b}/feed.xml", "m")]
    first, _ = run_round(db, src, pipeline, max_per_source=2)
    assert (first.found, first.stored) == (3, 2)
    assert query(db, "SELECT count(*) FROM seen_urls WHERE state = 'pending'")[0][0] == 1
    second, _ = run_round(db, src, pipeline, max_per_source=2)
    assert (second.unchanged, second.stored) == (1, 1)  # the feed is a 304; the queue goes on
    assert query(db, "SELECT count(*) FROM articles")[0][0] == 3


def test_retry_after_is_honoured_then_the_page_is_fetched(site, pipeline, tmp_path):
    db = tmp_path / "r.duckdb"
    b = site.base
    site.routes["/feed.xml"] = Route(rss(b, ["/news/rally"]), ctype="application/rss+xml")
    site.routes["/news/rally"] = Route(page("rally"), times=[429],
                                       headers={"Retry-After": "2"})
    fetcher = Fetcher(timeout=1.0, deadline=3.0, delay=0.0)
    src = [Source(f"{b}/feed.xml", "t")]
    first, fails = run_round(db, src, pipeline, fetcher=fetcher)
    assert first.stored == 0 and any("HTTP 429" in f and "try again" in f for f in fails)
    n = len(site.log)
    again, _ = run_round(db, src, pipeline, fetcher=fetcher)  # within Retry-After
    assert len(site.log) == n and again.deferred == 1  # the host is left alone
    later, _ = run_round(db, src, pipeline)  # a new run (fresh fetcher) knows it too
    assert len(site.log) == n and later.deferred == 1
    time.sleep(2.1)
    last, _ = run_round(db, src, pipeline, fetcher=fetcher)
    assert last.stored == 1
    assert query(db, "SELECT state, attempts FROM seen_urls")[0] == ("stored", 2)


def test_home_page_feed_discovery_and_stats(site, pipeline, tmp_path, capsys):
    db = tmp_path / "h.duckdb"
    b = site.base
    site.routes["/"] = Route(b'<html><head><link rel="alternate" type="application/atom+xml" '
                             b'href="/atom.xml"></head><body>Front page</body></html>')
    site.routes["/atom.xml"] = Route(
        ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
         f'<entry><title>Ferry</title><link href="{b}/news/ferry"/>'
         "<updated>2025-03-07T10:00:00Z</updated></entry></feed>").encode(),
        ctype="application/atom+xml", headers={"Last-Modified": "Fri, 07 Mar 2025 10:00:00 GMT"})
    site.routes["/news/ferry"] = Route(page("ferry"))
    src = [Source(f"{b}/", "front")]
    fetcher = Fetcher(timeout=1.0, deadline=3.0, delay=0.0)
    report, fails = run_round(db, src, pipeline, fetcher=fetcher)
    assert report.stored == 1, fails
    site.log.clear()
    # the discovered feed is asked for directly, conditionally; robots.txt stays cached
    run_round(db, src, pipeline, fetcher=fetcher)
    assert site.paths() == ["/atom.xml"]
    assert site.log[0][1].get("If-Modified-Since") == "Fri, 07 Mar 2025 10:00:00 GMT"

    from flashpoint.cli import main

    assert main(["stats", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if ln.startswith("front"))
    # requests 5 (robots, page, feed, article; then the feed again), 0 failed, 1 article,
    # 0 duplicates, 0 pending, events
    assert line.split()[-6:-1] == ["5", "0", "1", "0", "0"]


def test_cli_once_exit_codes(site, tmp_path, capsys):
    from flashpoint.cli import main

    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{site.base}/missing.xml"\nname = "gone"\n'
                       '[[source]]\nurl = "ftp://nope"\n')
    code = main(["watch", str(sources), "--once", "--db", str(tmp_path / "c.duckdb"),
                 "--delay", "0"])
    err = capsys.readouterr().err
    assert code == 1
    assert "missing.xml: HTTP 404" in err and "not an http(s) URL" in err
    assert "1 sources polled" in err
    with contextlib.suppress(Exception):
        assert main(["watch", str(tmp_path / "none.txt"), "--once"]) == 2


def _stored_rows(db: Path):
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return (con.execute("SELECT count(*), count(DISTINCT content_hash) FROM articles")
                .fetchone(),
                con.execute("SELECT state, count(*) FROM seen_urls GROUP BY state").fetchall())
    finally:
        con.close()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux signals and /proc")
def test_sigkill_mid_round_then_restart_leaves_no_duplicate_and_no_gap(site, tmp_path):
    import os
    import signal
    import subprocess
    import sys

    b = site.base
    keys = list(STORIES)
    paths = [f"/n/{i}" for i in range(12)]
    for i, p in enumerate(paths):
        extra = f" The council met for the {i + 2}th time that week to discuss it.".encode()
        site.routes[p] = Route(page(keys[i % 4]).replace(b"</p>", extra + b"</p>", 1),
                               delay=1.5)
    site.routes["/feed.xml"] = Route(rss(b, paths), ctype="application/rss+xml", etag='"k"')
    sources = tmp_path / "sources.txt"
    sources.write_text(f"# test outlet\n{b}/feed.xml kill-test\n")
    db = tmp_path / "k.duckdb"
    cmd = [sys.executable, "-m", "flashpoint.cli", "watch", str(sources), "--db", str(db),
           "--delay", "0", "--batch-size", "2"]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([*cmd, "--once"], stderr=subprocess.PIPE, env=env)
    # kill once the first batch is committed (the WAL changes after the page fetches began)
    wal, base = Path(f"{db}.wal"), None
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        size = wal.stat().st_size if wal.exists() else -1
        if base is None and any(p.startswith("/n/") for p in site.paths()):
            time.sleep(0.3)
            base = wal.stat().st_size if wal.exists() else -1
        elif base is not None and size != base:
            break
        time.sleep(0.02)
    assert proc.poll() is None, proc.stderr.read().decode()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()
    before, _ = _stored_rows(db)
    assert 0 < before[0] < 12  # the kill came after a commit, before the round's end

    # the restart polls (no --once) until SIGTERM, which stops it cleanly (exit 0)
    proc = subprocess.Popen([*cmd, "--every", "1h"], stderr=subprocess.PIPE, env=env,
                            text=True)
    lines = []
    for line in proc.stderr:
        lines.append(line)
        if "round 1:" in line:
            break
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0, "".join(lines)
    proc.stderr.close()
    (total, distinct), states = _stored_rows(db)
    assert (total, distinct) == (12, 12)  # every story once: no duplicate, no gap
    assert dict(states) == {"stored": 12}
    feed_requests = [s for p, _, s in site.log if p == "/feed.xml"]
    assert feed_requests[-1] in (200, 304)
