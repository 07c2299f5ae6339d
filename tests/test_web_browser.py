"""End to end: `flashpoint serve`'s page in headless Chromium (Playwright) over a store built
by ingesting the seed article and a few generated ones, one of them hostile (XSS).

Skipped when /usr/bin/chromium (Debian package; setup.sh installs it when it can), the
playwright package, uvicorn or the seed article is missing. Traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SEED = Path(__file__).resolve().parents[2] / "shared/seeds/000_5d585aea45ed2e84.txt"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
XSS_TITLE = ('Hostile <script>window.__xss=1</script><img src=x onerror="window.__xss=2"> '
             '<a href="javascript:window.__xss=3">click</a>')
XSS_TEXT = ('Rebels <script>window.__xss=1</script> attacked troops in Homs on Tuesday, killing '
            '3 soldiers <img src=x onerror="window.__xss=2"> javascript:window.__xss=3')
GENERATED = [
    {"id": "gen-aleppo", "published": "2016-06-14", "source": "Wire A",
     "url": "https://example.org/aleppo", "title": "Fighting in Aleppo",
     "text": "Government forces attacked rebels in Aleppo on Monday, killing 12 people."},
    {"id": "gen-cairo", "published": "2016-06-25", "source": "Wire B", "title": "Cairo protest",
     "text": "Protesters demonstrated in Cairo on Friday against the government."},
    {"id": "gen-baghdad", "published": "2016-07-04", "source": "Wire C", "title": "Baghdad blast",
     "text": "Militants bombed a market in Baghdad on Sunday, killing 30 civilians."},
    {"id": "gen-xss", "published": "2016-06-21", "source": "<img src=x onerror=alert(1)>",
     "url": "javascript:window.__xss=4", "title": XSS_TITLE, "text": XSS_TEXT},
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent (Debian package 'chromium'; setup.sh "
                    "installs it when apt-get is usable)")
    pytest.importorskip("playwright.sync_api", reason="playwright python package missing")
    uvicorn = pytest.importorskip("uvicorn")
    if not SEED.is_file():
        pytest.skip(f"seed article missing: {SEED}")
    from flashpoint.store import ingest, open_store
    from flashpoint.web import create_app

    root = tmp_path_factory.mktemp("webui")
    corpus = root / "generated.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in GENERATED), encoding="utf-8")
    db = root / "events.duckdb"
    with open_store(db) as store:
        report = ingest([str(SEED), str(corpus)], store, published=dt.date(2016, 6, 7))
    assert report.stored == 5 and report.failures == 0, report

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                        log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", root
    srv.should_exit = True
    thread.join(10)


def test_map_panel_timeline_and_xss(server, capsys) -> None:
    from playwright.sync_api import sync_playwright

    url, root = server
    dialogs: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.route("**/*", lambda route: route.continue_()
                       if route.request.url.startswith(url) else route.abort())
            page.goto(url + "/")
            page.wait_for_selector("body[data-loaded]")
            rows = page.locator("#events-table tbody tr")
            total = rows.count()
            assert total >= 5
            # markers: one SVG circle per located event, coloured by type
            markers = page.locator("path.fp-marker")
            markers.first.wait_for()
            assert markers.count() >= 4
            page.wait_for_selector("#map path.leaflet-interactive, #map svg path")
            # click a marker -> side panel with the evidence sentence, highlighted spans
            markers.first.click(force=True)
            evidence = page.locator("#panel .evidence").first
            evidence.wait_for()
            sentence = evidence.text_content() or ""
            assert len(sentence) > 20
            assert page.locator("#panel .evidence mark").count() >= 1
            assert "source" in (page.locator("#panel .corroboration").text_content() or "")

            # the hostile article: shown as text, nothing runs
            page.locator("#events-table tbody tr", has_text="Homs").first.click()
            page.locator("#panel .source-title", has_text="Hostile").wait_for()
            panel_text = page.locator("#panel").text_content() or ""
            assert "<script>window.__xss=1</script>" in panel_text and "null" not in panel_text
            assert 'onerror="window.__xss=2"' in panel_text
            assert "javascript:window.__xss=4" in panel_text  # shown, not linked
            assert page.locator("#panel script, #panel img, #panel a[href^='javascript']"
                                ).count() == 0
            assert page.locator("a[href^='javascript'], img[onerror]").count() == 0
            shot = root / "flashpoint-web.png"
            page.screenshot(path=str(shot), full_page=True)

            # brush the last quarter of the timeline -> the table shrinks
            box = page.locator("#timeline").bounding_box()
            assert box is not None
            y = box["y"] + box["height"] / 2
            page.mouse.move(box["x"] + box["width"] * 0.75, y)
            page.mouse.down()
            page.mouse.move(box["x"] + box["width"] * 0.9, y, steps=5)
            page.mouse.move(box["x"] + box["width"] - 1, y, steps=5)
            page.mouse.up()
            deadline = time.monotonic() + 10  # (the page's CSP forbids wait_for_function)
            while (after := rows.count()) >= total and time.monotonic() < deadline:
                page.wait_for_timeout(50)
            assert 1 <= after < total
            assert "Baghdad" in (page.locator("#events-table tbody").text_content() or "")
            assert (page.locator("#range-label").text_content() or "").startswith("2016-")
            assert page.evaluate("() => window.__xss") is None
            shot_brushed = root / "flashpoint-web-brushed.png"
            page.screenshot(path=str(shot_brushed), full_page=True)
        finally:
            browser.close()
    assert dialogs == [] and errors == [], (dialogs, errors)
    with capsys.disabled():
        print(f"\nscreenshots: {shot} {shot_brushed}")
