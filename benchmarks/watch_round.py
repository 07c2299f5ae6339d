"""One `flashpoint watch` round over generated outlets served from 127.0.0.1.

    .venv/bin/python benchmarks/watch_round.py [--articles 500] [--sources 5] [--delay 0]
                                               [--json]

A local HTTP server (http.server in a thread) serves `--sources` outlets of
`--articles / --sources` article pages each, written by this script from invented sentence
templates (every page a distinct text): an RSS feed, an Atom feed, a news sitemap, a plain
sitemap and a home page whose feed is found through <link rel="alternate">, in turn. The
round runs as `flashpoint watch --once` does (robots.txt, conditional GET, one pipeline in
this process, batches of 20), into a fresh store; then a second round over the unchanged
outlets shows what an idle poll costs. Reported: the round's articles/s (wall time, pipeline
load included and also given apart), events, requests per source in both rounds, failures.
`--delay` is the per-host gap between requests (the command's default is 1 s; 0 here so the
figure is flashpoint's, not the politeness budget: with 1 s, 100 pages from one host take
at least 100 s).
"""

from __future__ import annotations

import argparse
import http.server
import json
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

ACTORS = ["Armed men", "Government troops", "Police officers", "Rebel fighters",
          "Unidentified gunmen", "Militia members", "Protesters", "Soldiers"]
ACTS = ["attacked a checkpoint", "shelled positions", "clashed with residents",
        "raided a village", "fired on a convoy", "marched peacefully", "set fire to a depot",
        "ambushed a patrol"]
PLACES = ["near Kaduna", "in Mogadishu", "outside Goma", "in the town of Gao", "near Homs",
          "in Nairobi", "north of Maiduguri", "in Aden"]
FILLER = ["Residents said the area was calm by evening.",
          "Officials promised an inquiry into what happened.",
          "The road was closed for several hours afterwards.",
          "Local radio reported that schools stayed shut."]


def story(i: int, rng: random.Random) -> tuple[str, str]:
    a, act, place = rng.choice(ACTORS), rng.choice(ACTS), rng.choice(PLACES)
    n = rng.randint(2, 30)
    title = f"{a} {act} {place} (report {i})"
    body = (f"{a} {act} {place} on Monday, killing {n} people, witnesses said. "
            + " ".join(rng.sample(FILLER, 2)) + f" This was dispatch number {i}.")
    return title, body


def page(title: str, body: str) -> bytes:
    return (f"<!doctype html><html><head><title>{title}</title><meta property="
            f'"article:published_time" content="2025-05-06"></head><body><nav>Home | World'
            f"</nav><article><h1>{title}</h1><p>{body}</p></article></body></html>").encode()


def listings(base: str, kind: str, paths: list[str]) -> dict[str, tuple[bytes, str]]:
    if kind == "rss":
        items = "".join(f"<item><title>{p}</title><link>{base}{p}</link></item>" for p in paths)
        xml = f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
        return {"/rss.xml": (xml.encode(), "application/rss+xml")}
    if kind in ("atom", "home"):
        entries = "".join(f'<entry><title>{p}</title><link href="{base}{p}"/></entry>'
                          for p in paths)
        xml = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>{entries}</feed>'
        out = {"/atom.xml": (xml.encode(), "application/atom+xml")}
        if kind == "home":
            out["/"] = (b'<html><head><link rel="alternate" type="application/atom+xml" '
                        b'href="/atom.xml"></head><body>Front page</body></html>', "text/html")
        return out
    news = kind == "news"
    urls = "".join(
        f"<url><loc>{base}{p}</loc>" + ("<news:news><news:publication_date>2025-05-06"
                                        "</news:publication_date></news:news>" if news else "")
        + "</url>" for p in paths)
    xml = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>')
    return {"/sitemap.xml": (xml.encode(), "application/xml")}


def serve(routes: dict[str, tuple[bytes, str]], host: str) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            body, ctype = routes.get(self.path, (b"", "text/plain"))
            etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
            if self.path in routes and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                body = b""
            else:
                self.send_response(200 if self.path in routes else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--sources", type=int, default=5)
    ap.add_argument("--delay", type=float, default=0.0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from flashpoint.pipeline import Pipeline, PipelineOptions
    from flashpoint.store import open_store
    from flashpoint.watch import Fetcher, Round, Source

    rng = random.Random(0)
    kinds = ["rss", "atom", "news", "sitemap", "home"]
    per = args.articles // args.sources
    sources, servers = [], []
    for s in range(args.sources):
        kind = kinds[s % len(kinds)]
        routes: dict[str, tuple[bytes, str]] = {"/robots.txt": (b"User-agent: *\nAllow: /\n",
                                                                "text/plain")}
        server = serve(routes, f"127.0.0.{s + 1}")  # one host per outlet (all loopback)
        servers.append(server)
        base = f"http://127.0.0.{s + 1}:{server.server_address[1]}"
        paths = [f"/news/{s}/{i}" for i in range(per)]
        for i, p in enumerate(paths):
            routes[p] = (page(*story(s * per + i, rng)), "text/html; charset=utf-8")
        lst = listings(base, kind, paths)
        routes.update(lst)
        entry = "/" if kind == "home" else next(iter(lst))
        sources.append(Source(base + entry, f"{kind}-{s}"))

    t0 = time.perf_counter()
    pipeline = Pipeline(PipelineOptions(focus=True))
    pipeline.nlp  # noqa: B018
    pipeline.coder  # noqa: B018
    load = time.perf_counter() - t0
    failures: list[str] = []
    fetcher = Fetcher(delay=args.delay, timeout=10.0)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        rounds = []
        for _ in range(2):
            with open_store(db) as store:
                rounds.append(Round(store, fetcher, lambda: pipeline,
                                    on_failure=failures.append).run(sources))
    fetcher.close()
    for server in servers:
        server.shutdown()
    first, second = rounds
    result = {
        "articles": first.stored, "events": first.events, "failures": first.failures,
        "round_seconds": round(first.seconds, 2), "pipeline_load_seconds": round(load, 2),
        "articles_per_s": round(first.stored / first.seconds, 1),
        "articles_per_s_with_load": round(first.stored / (first.seconds + load), 1),
        "requests_per_source": first.per_source_requests,
        "second_round": {"requests_per_source": second.per_source_requests,
                         "unchanged": second.unchanged, "stored": second.stored,
                         "seconds": round(second.seconds, 2)},
        "delay": args.delay,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"round 1: {first.stored} articles, {first.events} events, {first.failures} "
              f"failures in {first.seconds:.1f} s = {result['articles_per_s']} articles/s "
              f"({result['articles_per_s_with_load']} with the {load:.1f} s pipeline load)")
        for name, n in first.per_source_requests.items():
            print(f"  {name}: {n} requests (second round: "
                  f"{second.per_source_requests.get(name, 0)})")
        print(f"round 2: {second.unchanged} of {second.polled} unchanged (304), "
              f"{second.stored} new, {second.seconds:.2f} s")
    for line in failures[:5]:
        print("failure:", line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
