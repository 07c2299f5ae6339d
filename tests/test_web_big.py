"""A store of 20,000 generated events in the browser (real uvicorn + Chromium): the table
shows the newest first and pages through all of them (no cap), sorting works, the map
counts the events without a place. The first render time is logged, not asserted."""

from __future__ import annotations

import datetime as dt
import json
import random
import time

import pytest

from test_web_browser import CHROMIUM, SHOTS, WAIT_MS, _browser, _loaded, _page

N = 20_000
PLACES = [("Town A", 12.1, 14.2, "NGA", "Borno"), ("Town B", 13.5, 2.1, "NER", "Tillaberi"),
          ("Town C", 33.3, 44.4, "IRQ", "Baghdad"), ("Town D", 36.2, 37.1, "SYR", "Aleppo"),
          (None, None, None, "SDN", None)]
TYPES = [("ASSAULT", "Battles", "Armed clash"), ("PROTEST", "Protests", "Peaceful protest"),
         ("ASSAULT", "Explosions/Remote violence", "Air/drone strike"), ("ACCUSE", None, None)]
NEWEST = dt.date(2024, 12, 30)


def _record(i: int, rng: random.Random) -> tuple[dict, dt.date]:
    day = NEWEST - dt.timedelta(days=(i * 7919) % 1800)
    name, lat, lon, iso3, admin1 = PLACES[i % len(PLACES)]
    plover, acled_type, sub = TYPES[i % len(TYPES)]
    sentence = f"Generated report number {i} of an event."
    precision = "article" if i % 3 == 0 else "day"
    start = day - dt.timedelta(days=14) if precision == "article" else day
    killed = rng.randint(0, 40) if plover == "ASSAULT" else None
    return {
        "event_id": f"gen{i:06d}", "article_id": f"art{i:06d}",
        "plover": {"type": plover, "mode": None, "context": []},
        "acled": {"event_type": acled_type, "sub_event_type": sub} if acled_type else None,
        "actor1": {"text": "Group", "name": f"Group {i % 17}", "country": iso3,
                   "kind": "militia", "start": 0, "end": 5, "confidence": 0.8},
        "actor2": None,
        "location": {"text": name, "name": name, "geonameid": None, "lat": lat, "lon": lon,
                     "country": iso3, "admin1": admin1, "precision": 1, "start": 0, "end": 1,
                     "confidence": 0.8} if name else None,
        "date": {"text": None, "start": start.isoformat(), "end": day.isoformat(),
                 "precision": precision, "start_char": None, "end_char": None},
        "fatalities": {"text": "x", "best": killed, "low": killed, "high": killed,
                       "start": 0, "end": 1} if killed is not None else None,
        "modality": "asserted", "attribution": None, "denials": [],
        "evidence": {"sentence": sentence, "start": 0, "end": len(sentence)},
        "confidence": 0.7,
    }, day


@pytest.fixture(scope="module")
def big_server(tmp_path_factory: pytest.TempPathFactory):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent")
    pytest.importorskip("playwright.sync_api", reason="playwright python package missing")
    uvicorn = pytest.importorskip("uvicorn")
    import socket
    import threading

    from flashpoint.record import Article
    from flashpoint.store import open_store
    from flashpoint.web import create_app

    SHOTS.mkdir(parents=True, exist_ok=True)
    db = tmp_path_factory.mktemp("big") / "events.duckdb"
    rng = random.Random(7)
    batch = []
    for i in range(N):
        record, day = _record(i, rng)
        art = Article(id=record["article_id"], text=f"Generated article {i}.",
                      title=f"Report {i}", published=day, source=f"Outlet {i % 9}")
        batch.append((art, [record]))
    with open_store(db) as store:
        store.add_batch(batch)
        assert store.count("events") == N
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                        log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


def test_20000_events_newest_first_with_paging(big_server, capsys) -> None:
    from playwright.sync_api import sync_playwright

    url = big_server
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page, errors = _page(browser, url)
            t0 = time.perf_counter()
            page.goto(url + "/")
            _loaded(page)
            wall = time.perf_counter() - t0
            first_ms = page.get_attribute("body", "data-first-render-ms")
            with capsys.disabled():
                print(f"\n20,000 events: first render {wall:.2f} s from navigation "
                      f"(data load + draw {first_ms} ms in the page)")
            rows = page.locator("#events-table tbody tr")
            assert rows.count() == 100
            dates = rows.locator("td.date").all_text_contents()
            assert dates[0] in (NEWEST.isoformat(), f"reported by {NEWEST.isoformat()}")
            assert "of 20000" in (page.locator("#page-label").text_content() or "")
            # the map's points arrive by their own request, after the table
            page.wait_for_selector("#unplaced:has-text('have no place')", state="attached",
                                   timeout=120_000)
            unplaced = page.locator("#unplaced").text_content() or ""
            assert unplaced.startswith(f"{N // 5} of {N} have no place")
            first_ids = rows.evaluate_all("rs => rs.map(r => r.dataset.eventId)")
            before = page.locator("#page-label").text_content()
            page.click("#next")
            deadline = time.monotonic() + WAIT_MS / 1000
            while page.locator("#page-label").text_content() == before:
                assert time.monotonic() < deadline
                page.wait_for_timeout(100)
            assert "101–200 of 20000" in (page.locator("#page-label").text_content() or "")
            assert not set(first_ids) & set(rows.evaluate_all(
                "rs => rs.map(r => r.dataset.eventId)"))
            assert "page=1" in page.url
            # sort by killed: the first row has the most
            page.click("#events-table th[data-sort=fatalities]")
            deadline = time.monotonic() + WAIT_MS / 1000
            while "sort=fatalities" not in page.url or \
                    "1–100" not in (page.locator("#page-label").text_content() or ""):
                assert time.monotonic() < deadline
                page.wait_for_timeout(100)
            page.wait_for_timeout(300)
            killed = [int(k or 0) for k in rows.locator("td:nth-child(8)").all_text_contents()]
            assert killed[0] == 40 and killed == sorted(killed, reverse=True)
            page.screenshot(path=str(SHOTS / "big-20000-1440.png"))
            stats = json.loads(page.evaluate(
                "fetch('/api/stats').then(r => r.text())"))
            assert stats["total"] == N
        finally:
            browser.close()
    assert errors == []


def test_big_store_api_limits_stay_bounded(big_server) -> None:
    import urllib.request

    with urllib.request.urlopen(big_server + "/api/points?country=Nigeria",  # noqa: S310
                                timeout=60) as r:
        body = json.loads(r.read())
    assert body["total"] == N // 5 and body["located"] == N // 5 and body["unplaced"] == 0
    assert len(body["points"]) == N // 5


