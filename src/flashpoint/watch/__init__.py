"""`flashpoint watch`: follow RSS/Atom feeds, news and plain sitemaps (and home pages whose
feed is discovered) and keep the event store current, politely and without coding a story
twice.

* `sources` - the SOURCES file, durations, canonical URLs;
* `fetch` - polite HTTP (httpx, protego): robots.txt, per-host limits, conditional GET,
  back-off, size and type limits;
* `parse` - feed (feedparser), sitemap and feed-discovery reading;
* `neardup` - syndicated copies (near-identical text from another source);
* `state` - the store's `sources`, `fetches`, `seen_urls`, `hosts` tables and per-source
  health;
* `run` - one round: listings, new items, articles through ingest's pieces.
"""

from flashpoint.watch.fetch import Fetcher, FetchError
from flashpoint.watch.run import Round, RoundReport
from flashpoint.watch.sources import Source, canonical_url, read_sources

__all__ = ["FetchError", "Fetcher", "Round", "RoundReport", "Source", "canonical_url",
           "read_sources"]
