"""What a followed URL lists: items of an RSS/Atom feed (feedparser), of a news or plain
sitemap (lxml, entities never resolved, nothing fetched by the parser), the child sitemaps
of a sitemap index, or the feed a home page names in `<link rel="alternate">`.

`read_listing` never raises for bad input: a document that is none of these gives a
`Listing` with `problem` set (one line)."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

from flashpoint.watch.sources import web_url

FEED_LINK_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json",
                   "application/rdf+xml", "application/xml", "text/xml")
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
MAX_ITEMS = 5000  # a listing is cut here (a sitemap may hold 50,000 URLs)


@dataclass
class Item:
    url: str
    title: str | None = None
    published: dt.date | None = None


@dataclass
class Listing:
    kind: str                                        # feed, news-sitemap, sitemap, index, page
    items: list[Item] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # sitemap index: child sitemaps
    feed_url: str | None = None                      # page: the feed it names
    problem: str | None = None


def read_listing(body: bytes, url: str, content_type: str = "") -> Listing:
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head:
        return Listing("unknown", problem="empty response")
    if b"\x00" in body[:8192] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Listing("unknown", problem="binary response (NUL bytes), not a feed")
    looks_html = "html" in content_type or head.startswith((b"<!doctype html", b"<html"))
    if not looks_html:
        sitemap = _sitemap(body, url)
        if sitemap is not None:
            return sitemap
        feed = _feed(body, url, content_type)
        if feed.items or feed.problem is None:
            return feed
        if b"<html" not in body[:4096].lower():
            return feed
    return _discover(body, url)


# ---------------------------------------------------------------------- sitemaps
def _sitemap(body: bytes, url: str) -> Listing | None:
    """A <urlset> or <sitemapindex>, else None (let the feed parser try)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, recover=False)
    try:
        root = etree.fromstring(body, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if not isinstance(root.tag, str):
        return None
    local = etree.QName(root).localname
    if local not in ("urlset", "sitemapindex"):
        return None
    if local == "sitemapindex":
        children = []
        for loc_parent in root:
            loc, lastmod = _child_text(loc_parent, "loc"), _child_text(loc_parent, "lastmod")
            if loc and web_url(urljoin(url, loc)):
                children.append((lastmod or "", urljoin(url, loc)))
        children.sort(key=lambda c: c[0], reverse=True)  # newest first
        return Listing("index", children=[c for _, c in children[:MAX_ITEMS]])
    items, news = [], False
    for entry in root:
        if not isinstance(entry.tag, str):
            continue
        loc = _child_text(entry, "loc")
        if not loc or not web_url(urljoin(url, loc)):
            continue
        title, date_text = None, _child_text(entry, "lastmod")
        for child in entry:
            if isinstance(child.tag, str) and etree.QName(child).localname == "news":
                news = True
                title = _child_text(child, "title")
                date_text = _child_text(child, "publication_date") or date_text
        items.append((date_text or "", Item(urljoin(url, loc), title, _date(date_text))))
        if len(items) >= MAX_ITEMS:
            break
    items.sort(key=lambda it: it[0], reverse=True)
    return Listing("news-sitemap" if news else "sitemap", items=[it for _, it in items])


def _child_text(node, name: str) -> str | None:
    from lxml import etree

    for child in node:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            text = (child.text or "").strip()
            return text or None
    return None


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    text = text.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


# ---------------------------------------------------------------------- feeds
def _feed(body: bytes, url: str, content_type: str) -> Listing:
    import feedparser

    headers = {"content-type": content_type} if content_type else {}
    try:
        parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False,
                                  resolve_relative_uris=False)
    except Exception as exc:  # noqa: BLE001 - a third-party parser on arbitrary bytes
        return Listing("feed", problem=f"feed could not be parsed ({type(exc).__name__})")
    items = []
    for entry in parsed.entries[:MAX_ITEMS]:
        link = entry.get("link") or ""
        if not link:
            for alt in entry.get("links", []):
                if alt.get("rel", "alternate") == "alternate" and alt.get("href"):
                    link = alt["href"]
                    break
        link = urljoin(url, link.strip()) if link else ""
        if not web_url(link):
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = None
        if stamp:
            try:
                published = dt.date.fromtimestamp(time.mktime(stamp))
            except (OverflowError, ValueError, TypeError):
                published = None
        title = entry.get("title")
        items.append(Item(link, " ".join(title.split()) if title else None, published))
    bozo = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if items or (parsed.get("version") and bozo is None):
        return Listing("feed", items=items)  # a feed, possibly empty
    reason = "not a feed or sitemap"
    if bozo is not None:
        reason += f" (malformed XML: {' '.join(str(bozo).split())[:120]})"
    return Listing("feed", problem=reason)


# ---------------------------------------------------------------------- home pages
def _discover(body: bytes, url: str) -> Listing:
    """A home page: the first feed it names in <link rel="alternate" type=...>."""
    import lxml.html
    from lxml import etree

    try:
        doc = lxml.html.fromstring(body[:2_000_000])
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return Listing("page", problem="HTML page that could not be parsed (no feed found)")
    base = url
    for b in doc.iter("base"):
        if b.get("href"):
            base = urljoin(url, b.get("href"))
            break
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_LINK_TYPES and href:
            target = urljoin(base, href)
            if web_url(target):
                return Listing("page", feed_url=target)
    return Listing("page", problem="HTML page without a feed link (<link rel=\"alternate\">)")
