"""/api/export (exactly the filtered set), /api/points, /api/facets and what the panel is
told about one event: modality in words, denials, and disagreements inside one cluster."""

from __future__ import annotations

import csv
import io
import json

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from flashpoint.export import ACLED_COLUMNS  # noqa: E402
from flashpoint.web import create_app, views  # noqa: E402
from test_web_api import build_store  # noqa: E402


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("webexp") / "events.duckdb"
    ids = build_store(db)
    with TestClient(create_app(db)) as client:
        yield client, ids


@pytest.mark.parametrize("params", [
    {}, {"type": "ASSAULT"}, {"country": "Syria"}, {"type": ["PROTEST", "Battles"]},
    {"since": "2024-03-15"}, {"min_fatalities": 6}, {"modality": "denied"},
])
def test_export_is_exactly_the_filtered_set(api, params) -> None:
    client, _ = api
    listed = {e["event_id"] for e in client.get(
        "/api/events", params={**params, "limit": 5000}).json()["events"]}
    r = client.get("/api/export", params={**params, "format": "plover"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert "attachment" in r.headers["content-disposition"]
    assert {e["id"] for e in r.json()} == listed
    assert r.headers["x-flashpoint-count"] == str(len(listed))
    geo = client.get("/api/export", params={**params, "format": "geojson"}).json()
    assert {f["id"] for f in geo["features"]} == listed  # every test event has a point
    acled = client.get("/api/export", params={**params, "format": "acled"})
    rows = list(csv.DictReader(io.StringIO(acled.text)))
    assert acled.text.splitlines()[0].split(",") == list(ACLED_COLUMNS)
    # one row per cluster among the listed events (the two Hama reports are one)
    clusters = {e["cluster_id"] or e["event_id"] for e in client.get(
        "/api/events", params={**params, "limit": 5000}).json()["events"]
        if e["acled_event_type"]}
    assert len(rows) == len(clusters)


def test_export_csv_cells_are_spreadsheet_safe_and_bad_format_422(api) -> None:
    client, _ = api
    text = client.get("/api/export", params={"format": "acled", "country": "IRQ"}).text
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["time_precision"] == "1" and row["event_date"] == "2024-04-02"
    assert not any(v.startswith(("=", "+", "@")) for v in row.values())
    assert client.get("/api/export", params={"format": "xlsx"}).status_code == 422
    assert client.get("/api/export", params={"country": "Atlantis"}).status_code == 422


def test_points_and_facets(api) -> None:
    client, ids = api
    body = client.get("/api/points", params={"type": "ASSAULT"}).json()
    assert body["total"] == 3 and body["located"] == 3 and body["unplaced"] == 0
    assert {p[0] for p in body["points"]} == {ids["e1"], ids["e2"], ids["e4"]}
    facets = client.get("/api/facets").json()
    assert {"iso3": "SYR", "n": 2, "name": "Syria"} in facets["countries"]
    assert {t["name"] for t in facets["types"]} >= {"ASSAULT", "Battles", "Armed clash"}


def test_the_cluster_disagreement_names_both_sources(api) -> None:
    client, ids = api
    d = client.get(f"/api/events/{ids['e1']}").json()
    kinds = {x["kind"]: x for x in d["disagreements"]}
    assert set(kinds) == {"modality"}  # both say 5 killed: no count disagreement
    assert kinds["modality"]["sources"] == ["AFP", "Reuters"]
    assert "Reuters reports it (asserted)" in kinds["modality"]["text"]
    assert "AFP reports a denial" in kinds["modality"]["text"]
    lone = client.get(f"/api/events/{ids['e3']}").json()
    assert lone["disagreements"] == []
    assert lone["modality_words"] == "claimed (claimant not named)"
    assert lone["date"]["label"] == "2024-03-20" and lone["date"]["kind"] == "day"


def test_disagreement_rules() -> None:
    a = {"article_id": "a", "source": "One", "modality": "asserted", "fatalities": 5,
         "denials": []}
    b = {"article_id": "b", "source": "Two", "modality": "asserted", "fatalities": 9,
         "denials": []}
    neg = {"article_id": "c", "source": "Three", "modality": "negated", "fatalities": None,
           "denials": []}
    assert [x["kind"] for x in views.disagreements([a, b])] == ["fatalities"]
    assert views.disagreements([a, b])[0]["text"] == "fatalities differ: One 5; Two 9"
    assert views.disagreements([a, neg]) == []  # asserted vs negated is not a denial
    assert views.disagreements([a]) == []  # one source cannot disagree with itself
    denier = dict(b, fatalities=5, denials=[{"name": "Government of X"}])
    assert [x["kind"] for x in views.disagreements([a, denier])] == ["modality"]


def test_modality_words_and_denials() -> None:
    record = {"modality": "alleged", "attribution": None, "denials": [{
        "text": "the ministry", "name": "Government of Ruritania",
        "evidence": {"sentence": "Later the ministry rejected the charge.", "start": 10,
                     "end": 49}}]}
    assert views.modality_words(record) == "alleged (accuser not named)"
    (d,) = views.denials(record)
    assert d["words"] == "denied by Government of Ruritania"
    h = d["highlights"][0]
    assert d["sentence"][h["start"]:h["end"]] == "the ministry"
    claimed = {"modality": "claimed", "attribution": {"name": "Islamic State", "text": "IS"}}
    assert views.modality_words(claimed) == "claimed by Islamic State"
    assert json.dumps(views.date_info({"date": {"start": "2016-05-24", "end": "2016-06-07",
                                                "precision": "article"}}, "2016-06-07"))
    info = views.date_info({"date": {"start": "2016-05-24", "end": "2016-06-07",
                                     "precision": "article"}}, "2016-06-07")
    assert info["label"] == "reported by 2016-06-07" and info["plot_date"] == "2016-06-07"
    old = views.date_info({"date": {"start": "1914-01-01", "end": "1914-12-31",
                                    "precision": "year"}}, "2016-06-07")
    assert old["kind"] == "historical"
