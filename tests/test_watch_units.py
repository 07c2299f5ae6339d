"""`flashpoint.watch` pieces without a server: SOURCES files, durations, canonical URLs,
listings (feeds, sitemaps, indexes, discovery, garbage), Retry-After, schema v3."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from flashpoint.store import SCHEMA_VERSION, open_store
from flashpoint.watch.fetch import _retry_after
from flashpoint.watch.parse import read_listing
from flashpoint.watch.sources import (
    article_id,
    canonical_url,
    parse_duration,
    read_sources,
)


def test_plain_sources_file(tmp_path):
    f = tmp_path / "s.txt"
    f.write_text("# outlets\nhttps://a.example/rss.xml  Outlet A\n\nnot-a-url\n"
                 "https://b.example/sitemap.xml\nhttps://a.example/rss.xml\n")
    sources, problems = read_sources(f)
    assert [(s.url, s.name) for s in sources] == [("https://a.example/rss.xml", "Outlet A"),
                                                  ("https://b.example/sitemap.xml",
                                                   "b.example")]
    assert len(problems) == 2 and ":4: not an http(s) URL" in problems[0]
    assert "listed twice" in problems[1]


def test_toml_sources_file(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text('[[source]]\nurl = "https://a.example/feed"\nname = "A"\ninterval = "30m"\n'
                 'language = "en"\n[[source]]\nurl = "https://b.example/"\nenabled = false\n'
                 '[[source]]\nurl = "https://c.example/"\ninterval = "soon"\n'
                 '[[source]]\nname = "no url"\n')
    sources, problems = read_sources(f)
    assert [(s.name, s.interval, s.enabled, s.language) for s in sources] == [
        ("A", 1800.0, True, "en"), ("b.example", None, False, None)]
    assert len(problems) == 2 and "not a duration" in problems[0] and "'url'" in problems[1]
    bad = tmp_path / "bad.toml"
    bad.write_text("[[source]\nurl=")
    with pytest.raises(ValueError, match="not valid TOML"):
        read_sources(bad)
    latin = tmp_path / "l.txt"
    latin.write_bytes(b"https://a.example/caf\xe9\n")
    with pytest.raises(ValueError, match="not UTF-8"):
        read_sources(latin)


@pytest.mark.parametrize("text,seconds", [("90", 90), ("90s", 90), ("15m", 900),
                                           ("1h", 3600), ("2h30m", 9000), ("1d", 86400)])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "5 minutes", "-3m", "m"])
def test_bad_durations(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_canonical_urls_drop_tracking_but_keep_the_story():
    a = canonical_url("HTTPS://News.Example:443/world/story?utm_source=rss&fbclid=x#top")
    assert a == "https://news.example/world/story"
    assert canonical_url("https://news.example/world/story?gclid=1&utm_medium=email") == a
    assert canonical_url("https://n.example/item?id=5&utm_campaign=x") == \
        "https://n.example/item?id=5"
    assert canonical_url("https://n.example/item?id=5") != canonical_url("https://n.example/"
                                                                         "item?id=6")
    assert article_id(a) == article_id(a) and article_id(a).startswith("news.example-")


def test_listings():
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item>'
           b"<title>One</title><link>/a/1</link><pubDate>Tue, 04 Mar 2025 08:00:00 GMT"
           b"</pubDate></item><item><title>No link</title></item></channel></rss>")
    feed = read_listing(rss, "https://x.example/feed", "application/rss+xml")
    assert feed.kind == "feed" and feed.problem is None
    assert [(i.url, i.title, i.published) for i in feed.items] == [
        ("https://x.example/a/1", "One", dt.date(2025, 3, 4))]
    empty = read_listing(b'<rss version="2.0"><channel><title>t</title></channel></rss>',
                         "https://x.example/feed")
    assert empty.items == [] and empty.problem is None

    sitemap = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               b"<url><loc>https://x.example/old</loc><lastmod>2024-01-01</lastmod></url>"
               b"<url><loc>https://x.example/new</loc><lastmod>2025-02-01</lastmod></url>"
               b"<url><loc>javascript:alert(1)</loc></url></urlset>")
    sm = read_listing(sitemap, "https://x.example/sitemap.xml", "application/xml")
    assert sm.kind == "sitemap" and [i.url for i in sm.items] == ["https://x.example/new",
                                                                  "https://x.example/old"]
    index = (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             b"<sitemap><loc>/s1.xml</loc><lastmod>2024-01-01</lastmod></sitemap>"
             b"<sitemap><loc>/s2.xml</loc><lastmod>2025-01-01</lastmod></sitemap>"
             b"</sitemapindex>")
    ix = read_listing(index, "https://x.example/index.xml", "text/xml")
    assert ix.kind == "index" and ix.children == ["https://x.example/s2.xml",
                                                  "https://x.example/s1.xml"]

    home = (b'<html><head><base href="https://cdn.example/"><link rel="alternate" '
            b'type="application/rss+xml" href="feeds/all.rss"></head><body></body></html>')
    assert read_listing(home, "https://x.example/", "text/html").feed_url == \
        "https://cdn.example/feeds/all.rss"


@pytest.mark.parametrize("body,why", [
    (b"", "empty"),
    (b"\x00\x01\x02binary", "binary"),
    (b'<?xml version="1.0"?><rss><channel><item><title>x</ti', "malformed"),
    (b"<html><body>no feed here</body></html>", "without a feed link"),
    (b"just some words", "not a feed"),
])
def test_garbage_listings_name_the_problem(body, why):
    listing = read_listing(body, "https://x.example/feed", "")
    assert listing.problem and why in listing.problem and not listing.items


def test_external_entities_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("https://leak.example/")
    body = (f'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY e SYSTEM "file://{secret}">]>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&e;</loc>'
            "</url></urlset>").encode()
    listing = read_listing(body, "https://x.example/s.xml", "application/xml")
    assert all("leak" not in i.url for i in listing.items)
    laughs = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
              + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + n]), (b"&%s;" % bytes([97 + n])) * 10)
                         for n in range(8))
              + b']><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&i;'
              b"</loc></url></urlset>")
    t0 = time.monotonic()
    assert read_listing(laughs, "https://x.example/s.xml", "application/xml").items == []
    assert time.monotonic() - t0 < 5


def test_retry_after_forms():
    assert _retry_after("120") == 120
    soon = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 60))
    assert 55 <= _retry_after(soon) <= 61
    assert _retry_after("tomorrow") is None and _retry_after(None) is None


def test_schema_v3_tables(tmp_path):
    with open_store(tmp_path / "v.duckdb") as store:
        assert SCHEMA_VERSION == 3 == store.version()
        tables = {r[0] for r in store.con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        assert {"sources", "fetches", "seen_urls"} <= tables
