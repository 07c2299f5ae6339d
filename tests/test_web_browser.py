"""End to end: `flashpoint serve`'s page in headless Chromium (Playwright) over a store built
by ingesting the seed article and a few generated ones, one of them hostile (XSS), at
1440x900 and 390x844: a shared URL restores filters and the selected event, the download
holds exactly the filtered rows, the seed's disputed strike shows its denial sentence, the
timeline zooms. Screenshots go to /tmp/page-shots/.

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
SHOTS = Path("/tmp/page-shots")
WAIT_MS = 60_000  # the test machine is shared and loaded: generous waits
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
    SHOTS.mkdir(parents=True, exist_ok=True)
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
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.set_default_timeout(WAIT_MS)
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
            # the country outlines are drawn (the first may be off screen: attached, not visible)
            page.locator("#map path:not(.fp-marker)").first.wait_for(state="attached")
            # click a marker -> side panel with the evidence sentence, highlighted spans
            clicked = markers.first.get_attribute("data-event-id")
            markers.first.click(force=True)
            evidence = page.locator("#panel .evidence").first
            evidence.wait_for()
            # marker -> row: the event's row is selected
            assert page.locator(f"#events-table tbody tr.selected[data-event-id='{clicked}']"
                                ).count() == 1
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
            shot = SHOTS / "flashpoint-web.png"
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
            deadline = time.monotonic() + 60  # (the page's CSP forbids wait_for_function)
            while (after := rows.count()) >= total and time.monotonic() < deadline:
                page.wait_for_timeout(50)
            assert 1 <= after < total
            assert "Baghdad" in (page.locator("#events-table tbody").text_content() or "")
            assert (page.locator("#range-label").text_content() or "").startswith("2016-")
            assert page.evaluate("() => window.__xss") is None
            shot_brushed = SHOTS / "flashpoint-web-brushed.png"
            page.screenshot(path=str(shot_brushed), full_page=True)
        finally:
            browser.close()
    assert dialogs == [] and errors == [], (dialogs, errors)
    with capsys.disabled():
        print(f"\nscreenshots: {shot} {shot_brushed}")


# ---------------------------------------------------------------------- shared helpers
def _browser(p):
    return p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)


def _page(browser, url: str, size: tuple[int, int] = (1440, 900), **kw):
    page = browser.new_page(viewport={"width": size[0], "height": size[1]}, **kw)
    page.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route("**/*", lambda route: route.continue_()
               if route.request.url.startswith(url) else route.abort())
    return page, errors


def _loaded(page, before: str | None = None) -> None:
    """Wait until the page has (re)loaded its data after the action that follows `before`."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:
        now = page.get_attribute("body", "data-loaded")
        if now and now != "error" and now != before:
            return
        assert now != "error", page.locator("#count").text_content()
        assert time.monotonic() < deadline, "page did not load"
        page.wait_for_timeout(100)


def _api(url: str, path: str) -> dict:
    import urllib.request

    with urllib.request.urlopen(url + path, timeout=60) as r:  # noqa: S310 - 127.0.0.1
        return json.loads(r.read().decode("utf-8"))


def _choose(page, name: str, value: str) -> None:
    box = page.locator(f"details:has(.options[data-name='{name}'])")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    box.locator(f"input[value='{value}']").check()
    box.locator("summary").click()


def test_a_shared_url_restores_filters_and_the_selected_event(server) -> None:
    from playwright.sync_api import sync_playwright

    url, _ = server
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page, errors = _page(browser, url)
            page.goto(url + "/")
            _loaded(page)
            page.locator(".options[data-name='type'] input").first.wait_for(state="attached")
            before = page.get_attribute("body", "data-loaded")
            _choose(page, "type", "ASSAULT")
            page.fill("input[name=country]", "Syria")  # a name, not an ISO3 code
            page.click("#filters button[type=submit]")
            _loaded(page, before)
            rows = page.locator("#events-table tbody tr")
            n = rows.count()
            assert n >= 3
            assert set(page.locator("#events-table tbody td:nth-child(3)").all_text_contents()
                       ) == {"ASSAULT"}
            row = rows.filter(has_text="Homs").first
            chosen = row.get_attribute("data-event-id")
            row.click()
            page.locator("#panel .source-title").first.wait_for()
            # row -> marker: the event's marker is ringed
            assert page.locator(f"path.fp-marker.fp-selected[data-event-id='{chosen}']"
                                ).count() == 1
            shared = page.url
            assert "type=ASSAULT" in shared and "country=Syria" in shared
            assert f"event={chosen}" in shared and "map=" in shared

            other, errors2 = _page(browser, url)
            other.goto(shared)
            _loaded(other)
            other.locator("body[data-selected]").wait_for(state="attached")
            assert other.get_attribute("body", "data-selected") == chosen
            assert other.input_value("input[name=country]") == "Syria"
            assert other.locator(".options[data-name='type'] input[value='ASSAULT']"
                                 ).is_checked()
            assert other.locator("#events-table tbody tr").count() == n
            assert other.locator(f"#events-table tbody tr.selected[data-event-id='{chosen}']"
                                 ).count() == 1
            assert "Homs" in (other.locator("#panel").text_content() or "")
            other.screenshot(path=str(SHOTS / "shared-url-1440.png"))
            # back: the history API walks the views
            page.go_back()
            deadline = time.monotonic() + 30
            while page.locator("#events-table tbody tr.selected").count() and \
                    time.monotonic() < deadline:
                page.wait_for_timeout(100)
            assert "event=" not in page.url and "country=Syria" in page.url
            assert page.locator("#events-table tbody tr.selected").count() == 0
            assert page.locator("#panel .source-title").count() == 0
            page.go_forward()
            page.locator("#panel .source-title").first.wait_for()
            assert f"event={chosen}" in page.url
        finally:
            browser.close()
    assert errors == [] and errors2 == []


def test_download_holds_exactly_the_filtered_rows(server, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    url, _ = server
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page, errors = _page(browser, url, accept_downloads=True)
            page.goto(url + "/?type=ASSAULT&type=PROTEST&min_fatalities=1")
            _loaded(page)
            expected = {e["event_id"] for e in _api(
                url, "/api/events?type=ASSAULT&type=PROTEST&min_fatalities=1&limit=5000"
            )["events"]}
            assert 1 <= len(expected) < _api(url, "/api/stats")["total"]
            page.select_option("#download-format", "plover")
            with page.expect_download() as info:
                page.click("#download")
            path = tmp_path / "dl.json"
            info.value.save_as(path)
            got = json.loads(path.read_text(encoding="utf-8"))
            assert {e["id"] for e in got} == expected and len(got) == len(expected)
            page.select_option("#download-format", "geojson")
            with page.expect_download() as info:
                page.click("#download")
            info.value.save_as(tmp_path / "dl.geojson")
            features = json.loads((tmp_path / "dl.geojson").read_text())["features"]
            located = {pt[0] for pt in _api(
                url, "/api/points?type=ASSAULT&type=PROTEST&min_fatalities=1")["points"]}
            assert {f["id"] for f in features} == located and located <= expected
        finally:
            browser.close()
    assert errors == []


@pytest.mark.parametrize("size", [(1440, 900), (390, 844)])
def test_the_seed_strike_shows_its_denial(server, size) -> None:
    from playwright.sync_api import sync_playwright

    url, _ = server
    seed_text = SEED.read_text(encoding="utf-8")
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page, errors = _page(browser, url, size)
            page.goto(url + "/?modality=alleged")
            _loaded(page)
            row = page.locator("#events-table tbody tr").first
            row.scroll_into_view_if_needed()
            row.click()
            denial = page.locator("#panel .denial-sentence").first
            denial.wait_for()
            assert denial.is_visible()
            sentence = (denial.text_content() or "").strip()
            assert sentence in seed_text and "denied" in sentence  # the seed's own denial
            assert page.locator("#panel .denial-sentence mark.hl-denial").count() == 1
            who = page.locator("#panel .denial-who").first.text_content() or ""
            assert who.startswith("denied by") and "Russia" in who
            modality = page.locator("#panel .modality").text_content() or ""
            assert modality.startswith("alleged")
            # one source only: no "sources disagree" banner
            assert page.locator("#panel .conflict").count() == 0
            assert "reported by" in (page.locator("#panel .date").text_content() or "")
            box = page.locator("#panel").bounding_box()
            assert box is not None
            if size[0] < 500:  # the panel is a bottom sheet over the lower part of the screen
                assert box["width"] >= size[0] - 2 and box["y"] > size[1] * 0.3
            page.screenshot(path=str(SHOTS / f"seed-denial-{size[0]}.png"))
        finally:
            browser.close()
    assert errors == []


def test_zooming_the_timeline_changes_the_visible_range(server) -> None:
    from playwright.sync_api import sync_playwright

    url, _ = server
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page, errors = _page(browser, url)
            page.goto(url + "/")
            _loaded(page)
            svg = page.locator("#timeline")
            start0, end0 = svg.get_attribute("data-view-start"), svg.get_attribute("data-view-end")
            box = svg.bounding_box()
            assert box is not None and start0 and end0
            page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] / 2)
            for _ in range(3):
                page.mouse.wheel(0, -200)
                page.wait_for_timeout(100)
            start1, end1 = svg.get_attribute("data-view-start"), svg.get_attribute("data-view-end")
            span0 = dt.date.fromisoformat(end0) - dt.date.fromisoformat(start0)
            span1 = dt.date.fromisoformat(end1) - dt.date.fromisoformat(start1)
            assert span1 < span0 and (start1, end1) != (start0, end0)
            assert "tl=" in page.url  # the window is part of the view
            page.click("#tl-out")
            page.click("#tl-out")
            page.click("#tl-out")
            start2, end2 = svg.get_attribute("data-view-start"), svg.get_attribute("data-view-end")
            assert dt.date.fromisoformat(end2) - dt.date.fromisoformat(start2) > span1
            assert page.locator("#timeline g.tl-bucket").count() >= 1
            page.screenshot(path=str(SHOTS / "timeline-zoomed-1440.png"))
        finally:
            browser.close()
    assert errors == []


def test_phone_layout_keeps_map_timeline_and_table_usable(server) -> None:
    from playwright.sync_api import sync_playwright

    url, _ = server
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page, errors = _page(browser, url, (390, 844))
            page.goto(url + "/")
            _loaded(page)
            for sel in ("#map", "#timeline", "#events-table"):
                box = page.locator(sel).bounding_box()
                assert box is not None and box["width"] >= 360, (sel, box)
            panel = page.locator("#panel").bounding_box()
            assert panel is not None and panel["y"] >= 844 - 2  # the sheet starts closed
            page.click("#toggle-filters")
            assert page.locator("input[name=q]").is_visible()
            page.click("#toggle-filters")
            row = page.locator("#events-table tbody tr").nth(2)
            row.scroll_into_view_if_needed()
            row.click()
            page.locator("#panel .evidence").first.wait_for()
            page.wait_for_timeout(400)  # the sheet slides up
            panel = page.locator("#panel").bounding_box()
            assert panel is not None and 844 * 0.3 < panel["y"] < 844 * 0.7
            page.screenshot(path=str(SHOTS / "phone-sheet-390.png"))
            page.click("#close-panel")
            page.wait_for_timeout(400)
            assert page.locator("#panel").bounding_box()["y"] >= 844 - 2
            assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
        finally:
            browser.close()
    assert errors == []


def test_no_antimeridian_band_on_the_world_map(server) -> None:
    from playwright.sync_api import sync_playwright

    url, _ = server
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page, errors = _page(browser, url)
            page.goto(url + "/?map=2/0/0")  # zoom 2: the world is 1024 px wide
            _loaded(page)
            outlines = page.locator("#map path:not(.fp-marker)")
            outlines.first.wait_for(state="attached")
            widths = outlines.evaluate_all("ps => ps.map(p => p.getBBox().width)")
            assert len(widths) > 100  # the country outlines are drawn
            # a ring crossing the antimeridian drawn unwrapped spans the whole world
            assert max(widths) < 0.75 * 1024, sorted(widths)[-3:]
            page.screenshot(path=str(SHOTS / "world-1440.png"))
        finally:
            browser.close()
    assert errors == []
