"""The read-only HTTP API of `flashpoint serve` (FastAPI TestClient over a small store built
without spaCy; one /api/extract call runs the real pipeline)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from flashpoint.cli import build_parser, main  # noqa: E402
from flashpoint.cluster import recluster  # noqa: E402
from flashpoint.record import (  # noqa: E402
    AcledCode,
    Actor,
    Article,
    DateRange,
    Event,
    Evidence,
    Fatalities,
    Location,
    PloverCode,
)
from flashpoint.store import open_store  # noqa: E402
from flashpoint.web import create_app  # noqa: E402

XSS_TITLE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
BASE = 100  # the evidence sentence starts here in every article text


def make(article_id: str, sentence: str, *, plover: str, acled: tuple[str, str] | None,
         actor: str | None, place: str, lat: float, lon: float, country: str, day: dt.date,
         modality: str = "asserted", killed: int | None = None) -> Event:
    def span(words: str) -> tuple[int, int]:
        i = sentence.index(words)
        return BASE + i, BASE + i + len(words)

    a_s, a_e = span(actor) if actor else (None, None)
    p_s, p_e = span(place)
    d_s, d_e = span("on Monday")
    fat = None
    if killed is not None:
        f_s, f_e = span(f"killing {killed}")
        fat = Fatalities(f"killing {killed}", killed, killed, killed, f_s, f_e)
    return Event(
        article_id=article_id, plover=PloverCode(plover),
        acled=AcledCode(*acled) if acled else None,
        actor1=Actor(actor, actor, country, "military", a_s, a_e) if actor else None,
        actor2=None,
        location=Location(place, place, None, lat, lon, country, None, 1, p_s, p_e),
        date=DateRange("on Monday", day, day, "day", d_s, d_e), fatalities=fat,
        modality=modality,  # type: ignore[arg-type]
        attribution=None, denials=[],
        evidence=Evidence(sentence, BASE, BASE + len(sentence)), confidence=0.8,
        trigger_start=BASE,
    )


def article(aid: str, sentence: str, *, title: str, source: str, day: dt.date,
            url: str | None = None) -> Article:
    return Article(id=aid, text="x" * (BASE - 1) + " " + sentence, title=title,
                   published=day, url=url, source=source)


D1, D2, D3 = dt.date(2024, 3, 11), dt.date(2024, 3, 20), dt.date(2024, 4, 2)
S1 = "Government forces attacked rebels in Hama on Monday, killing 5 people."
S2 = "Government forces denied attacking Hama on Monday, killing 5 fighters, officials said."
S3 = "Protesters marched in Cairo on Monday against prices."
S4 = ("Militants <script>window.__xss=1</script> bombed a market in Baghdad on Monday, "
      "killing 30 people.")


def build_store(path: Path) -> dict[str, str]:
    """Four events in four articles; the two Hama reports form one 2-source cluster."""
    e1 = make("a1", S1, plover="ASSAULT", acled=("Battles", "Armed clash"),
              actor="Government forces", place="Hama", lat=35.13, lon=36.75, country="SYR",
              day=D1, killed=5)
    e2 = make("a2", S2, plover="ASSAULT", acled=("Battles", "Armed clash"),
              actor="Government forces", place="Hama", lat=35.13, lon=36.75, country="SYR", day=D1,
              modality="denied", killed=5)
    e3 = make("a3", S3, plover="PROTEST", acled=("Protests", "Peaceful protest"),
              actor="Protesters", place="Cairo", lat=30.04, lon=31.24, country="EGY", day=D2,
              modality="claimed")
    e4 = make("a4", S4, plover="ASSAULT", acled=("Explosions/Remote violence",
                                                  "Remote explosive/landmine/IED"),
              actor="Militants", place="Baghdad", lat=33.34, lon=44.40, country="IRQ", day=D3,
              killed=30)
    with open_store(path) as store:
        store.add_batch([
            (article("a1", S1, title="Clashes in Hama", source="Reuters", day=D1,
                     url="https://example.org/a1"), [e1.to_dict()]),
            (article("a2", S2, title="Army denies Hama clash", source="AFP", day=D1),
             [e2.to_dict()]),
            (article("a3", S3, title="Cairo march", source="Ahram", day=D2), [e3.to_dict()]),
            (article("a4", S4, title=XSS_TITLE, source="Evil", day=D3,
                     url="javascript:window.__xss=3"), [e4.to_dict()]),
        ])
        recluster(store)
    return {"e1": e1.event_id, "e2": e2.event_id, "e3": e3.event_id, "e4": e4.event_id}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("web") / "events.duckdb"
    ids = build_store(db)
    app = create_app(db, max_extract_bytes=10_000)
    with TestClient(app) as client:
        yield client, ids, app


def ids_of(client: TestClient, **params) -> set[str]:
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    return {e["event_id"] for e in r.json()["events"]}


def test_list_all_and_fields(api) -> None:
    client, ids, _ = api
    body = client.get("/api/events").json()
    assert body["total"] == 4 and body["limit"] == 100 and body["offset"] == 0
    order = [e["event_id"] for e in body["events"]]
    assert order[0] == ids["e4"] and order[-1] in (ids["e1"], ids["e2"])  # newest first
    oldest = client.get("/api/events", params={"sort": "oldest"}).json()["events"]
    assert oldest[-1]["event_id"] == ids["e4"]
    by_killed = client.get("/api/events", params={"sort": "fatalities"}).json()["events"]
    assert by_killed[0]["event_id"] == ids["e4"]  # 30 killed
    assert client.get("/api/events", params={"sort": "nope"}).status_code == 422
    e1 = next(e for e in body["events"] if e["event_id"] == ids["e1"])
    assert e1["plover_type"] == "ASSAULT" and e1["location_country"] == "SYR"
    assert e1["date_start"] == "2024-03-11" and e1["fatalities_best"] == 5
    assert e1["n_sources"] == 2 and e1["article_title"] == "Clashes in Hama"
    assert e1["date_kind"] == "day" and e1["plot_date"] == "2024-03-11"


@pytest.mark.parametrize(("params", "expected"), [
    ({"start": "2024-03-15"}, {"e3", "e4"}),
    ({"end": "2024-03-15"}, {"e1", "e2"}),
    ({"start": "2024-03-15", "end": "2024-03-31"}, {"e3"}),
    ({"bbox": "35,32,43,38"}, {"e1", "e2"}),
    ({"bbox": "-180,-90,180,90"}, {"e1", "e2", "e3", "e4"}),
    ({"country": "egy"}, {"e3"}),
    ({"country": "Egypt"}, {"e3"}),
    ({"country": "SYRIA"}, {"e1", "e2"}),
    ({"country": ["Egypt", "IRQ"]}, {"e3", "e4"}),
    ({"type": ["PROTEST", "Remote explosive/landmine/IED"]}, {"e3", "e4"}),
    ({"since": "2024-03-15", "until": "2024-03-31"}, {"e3"}),
    ({"since": "2024-03-15", "date_mode": "overlaps"}, {"e3", "e4"}),
    ({"min_fatalities": 6}, {"e4"}),
    ({"min_fatalities": 5}, {"e1", "e2", "e4"}),
    ({"violent": "true"}, {"e1", "e2", "e4"}),  # not the protest
    ({"type": "ASSAULT"}, {"e1", "e2", "e4"}),
    ({"type": "battles"}, {"e1", "e2"}),
    ({"type": "Peaceful protest"}, {"e3"}),
    ({"actor": "GOVERNMENT"}, {"e1", "e2"}),
    ({"actor": "militants"}, {"e4"}),
    ({"modality": "denied"}, {"e2"}),
    ({"modality": ["asserted", "claimed"]}, {"e1", "e3", "e4"}),
    ({"modality": "denied,claimed"}, {"e2", "e3"}),
    ({"min_sources": 2}, {"e1", "e2"}),
    ({"min_sources": 1}, {"e1", "e2", "e3", "e4"}),
    ({"q": "cairo"}, {"e3"}),
    ({"q": "ARMY DENIES"}, {"e2"}),  # article title
    ({"q": "<script>"}, {"e4"}),
    ({"country": "SYR", "modality": "asserted", "type": "Armed clash"}, {"e1"}),
    # hostile filter text is data, never SQL
    ({"actor": "x' OR '1'='1"}, set()),
    ({"q": "%"}, set()),
    ({"q": "') OR TRUE --"}, set()),
    ({"type": "ASSAULT' OR 1=1 --"}, set()),
])
def test_filters(api, params, expected) -> None:
    client, ids, _ = api
    assert ids_of(client, **params) == {ids[k] for k in expected}


def test_paging(api) -> None:
    client, ids, _ = api
    full = [e["event_id"] for e in client.get("/api/events").json()["events"]]
    page = client.get("/api/events", params={"limit": 2, "offset": 1}).json()
    assert page["total"] == 4 and page["limit"] == 2 and page["offset"] == 1
    assert [e["event_id"] for e in page["events"]] == full[1:3]
    assert client.get("/api/events", params={"offset": 10}).json()["events"] == []


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": 100_000}, {"offset": -1}, {"limit": "ten"},
    {"start": "2024-13-01"}, {"end": "yesterday"},
    {"bbox": "1,2,3"}, {"bbox": "a,b,c,d"}, {"bbox": "40,30,35,38"}, {"bbox": "0,0,200,10"},
    {"min_sources": 0}, {"country": "Atlantis"}, {"date_mode": "sometimes"},
    {"since": "2024-04-01", "until": "2024-03-01"}, {"modality": "rumoured"},
    {"min_fatalities": -1}, {"violent": "perhaps"},
])
def test_bad_filters_422(api, params) -> None:
    client, _, _ = api
    paging = {"limit", "offset"} & set(params)
    for url in ("/api/events",) if paging else ("/api/events", "/api/stats"):
        r = client.get(url, params=params)
        assert r.status_code == 422, (url, params, r.text)


def test_event_detail_with_every_source(api) -> None:
    client, ids, _ = api
    d = client.get(f"/api/events/{ids['e1']}").json()
    assert d["event"]["event_id"] == ids["e1"] and d["article"]["title"] == "Clashes in Hama"
    assert d["n_sources"] == 2 and d["cluster"]["modality_conflict"] is True
    assert sorted(d["cluster"]["modalities"]) == ["asserted", "denied"]
    assert [s["event_id"] for s in d["sources"]] == [ids["e1"], ids["e2"]]  # selected first
    first, second = d["sources"]
    assert first["evidence"]["sentence"] == S1 and second["evidence"]["sentence"] == S2
    assert second["source"] == "AFP" and second["modality"] == "denied"
    for src in d["sources"]:
        text = src["evidence"]["sentence"]
        kinds = {h["kind"] for h in src["highlights"]}
        assert {"actor", "place", "date", "fatalities"} <= kinds
        for h in src["highlights"]:
            assert text[h["start"]:h["end"]] == h["text"]
    hl = {h["kind"]: h["text"] for h in first["highlights"]}
    assert hl == {"actor": "Government forces", "place": "Hama", "date": "on Monday",
                  "fatalities": "killing 5"}


def test_event_detail_singleton_and_404(api) -> None:
    client, ids, _ = api
    d = client.get(f"/api/events/{ids['e3']}").json()
    assert d["n_sources"] == 1 and len(d["sources"]) == 1
    assert {h["kind"] for h in d["sources"][0]["highlights"]} == {"actor", "place", "date"}
    assert client.get("/api/events/nope").status_code == 404
    assert client.get("/api/events/x' OR '1'='1").status_code == 404


def test_hostile_strings_are_returned_verbatim(api) -> None:
    client, ids, _ = api
    d = client.get(f"/api/events/{ids['e4']}").json()
    assert d["article"]["title"] == XSS_TITLE
    assert d["sources"][0]["url"] == "javascript:window.__xss=3"
    assert "<script>" in d["sources"][0]["evidence"]["sentence"]


def test_stats(api) -> None:
    client, _, _ = api
    s = client.get("/api/stats").json()
    assert s["total"] == 4 and s["located"] == 4 and s["unplaced"] == 0
    assert s["clusters"] == 3 and s["fatalities"] == 40
    assert [(d["day"], d["count"], d["fatalities"]) for d in s["by_day"]] == [
        ("2024-03-11", 2, 10), ("2024-03-20", 1, 0), ("2024-04-02", 1, 30)]
    assert s["by_date_kind"] == [{"kind": "day", "count": 4}]
    assert s["by_type"] == [{"type": "ASSAULT", "count": 3}, {"type": "PROTEST", "count": 1}]
    assert {"day": "2024-03-20", "type": "PROTEST", "count": 1} in s["by_day_type"]
    f = client.get("/api/stats", params={"country": "SYR"}).json()
    assert f["total"] == 2 and [(d["day"], d["count"]) for d in f["by_day"]] == [
        ("2024-03-11", 2)]


def test_extract_errors(api) -> None:
    client, _, _ = api
    assert client.post("/api/extract", content=b"not json",
                       headers={"content-type": "application/json"}).status_code == 422
    assert client.post("/api/extract", json={}).status_code == 422
    assert client.post("/api/extract", json={"text": ""}).status_code == 422
    assert client.post("/api/extract", json={"text": 5}).status_code == 422
    assert client.post("/api/extract", json=["text"]).status_code == 422
    assert client.post("/api/extract",
                       json={"text": "a", "published": "2024-02-30"}).status_code == 422
    big = client.post("/api/extract", json={"text": "x" * 20_000})
    assert big.status_code == 413 and "larger" in big.json()["detail"]
    assert client.get("/api/extract").status_code == 405


def test_extract_codes_without_storing(api) -> None:
    client, _, app = api
    r = client.post("/api/extract", json={
        "text": "Government forces attacked rebels in Aleppo on Monday, killing 12 people.",
        "published": "2016-06-14", "title": "Aleppo"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["count"] == len(body["events"]) >= 1
    ev = body["events"][0]
    assert ev["plover"]["type"] == "ASSAULT" and ev["location"]["name"] == "Aleppo"
    assert ev["fatalities"]["best"] == 12
    assert client.get("/api/events").json()["total"] == 4  # nothing stored


def test_read_only_store(api) -> None:
    _, _, app = api
    import duckdb

    with pytest.raises(duckdb.Error):
        app.state.snapshot.store.con.execute("DELETE FROM events")


def test_openapi_page_and_static(api) -> None:
    client, _, _ = api
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/stats", "/api/extract"} <= set(
        spec["paths"])
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"start", "end", "bbox", "country", "type", "actor", "modality", "min_sources", "q",
            "limit", "offset"} <= params
    assert "requestBody" in spec["paths"]["/api/extract"]["post"]
    page = client.get("/")
    assert page.status_code == 200 and 'id="map"' in page.text
    script = client.get("/static/app.js").text
    assert not re.search(r"\.(inner|outer)HTML\s*=|insertAdjacentHTML|document\.write", script)
    assert client.post("/api/events").status_code == 405


def test_cli_serve_parser_and_missing_db(tmp_path: Path, capsys) -> None:
    args = build_parser().parse_args(["serve", "--db", "x.duckdb", "--port", "8123"])
    assert (args.command, args.db, args.host, args.port) == ("serve", "x.duckdb", "127.0.0.1",
                                                             8123)
    assert main(["serve", "--port", "99999"]) == 2
    assert main(["serve", "--db", str(tmp_path / "missing.duckdb")]) == 1
    assert "no such database" in capsys.readouterr().err


def test_security_headers_on_every_response_and_no_cdn_docs(api) -> None:
    client, _, _ = api
    for path in ("/", "/api/events", "/api/stats", "/static/app.js", "/api/events/none"):
        r = client.get(path)
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"], path
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "no-referrer"
    assert client.get("/docs").status_code == 404
    assert client.get("/openapi.json").status_code == 200


@pytest.mark.parametrize("path", [
    "/api/events?offset=9223372036854775808", "/api/events?limit=0",
    "/api/events?start=0001-01-01", "/api/stats?end=9999-12-31",
    "/api/events?min_sources=99999999999999999999", "/api/events/" + "x" * 500,
])
def test_out_of_range_parameters_are_422_not_500(api, path) -> None:
    client, _, _ = api
    assert client.get(path).status_code == 422


def test_extract_refuses_what_a_foreign_page_could_send(api) -> None:
    client, _, _ = api
    body = b'{"text": "Troops shelled a village near Homs on Monday."}'
    for kind in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        r = client.post("/api/extract", content=body, headers={"content-type": kind})
        assert r.status_code == 415, kind
    assert client.post("/api/extract", content=b'{"text": "caf\xe9 bombed"}',
                       headers={"content-type": "application/json"}).status_code == 422
    old = client.post("/api/extract", json={"text": "Troops shelled Homs.",
                                            "published": "0001-01-01"})
    assert old.status_code == 422
    preflight = client.options("/api/extract", headers={
        "origin": "http://evil.invalid", "access-control-request-method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers


def test_a_second_extract_while_one_runs_gets_503(api, monkeypatch) -> None:
    import threading

    import flashpoint

    client, _, _ = api
    started, release = threading.Event(), threading.Event()

    def slow(text, published=None, *, title=None):
        started.set()
        release.wait(10)
        return []

    monkeypatch.setattr(flashpoint, "extract", slow)
    first: dict = {}
    t = threading.Thread(target=lambda: first.update(
        r=client.post("/api/extract", json={"text": "one"})))
    t.start()
    assert started.wait(10)
    busy = client.post("/api/extract", json={"text": "two"})
    release.set()
    t.join(10)
    assert busy.status_code == 503 and busy.headers["retry-after"] == "2"
    assert first["r"].status_code == 200
    assert client.post("/api/extract", json={"text": "three"}).status_code == 200
