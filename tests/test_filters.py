"""The shared event filter (flashpoint.store.filters): one definition for the API, the CLI
and Store.events; bound parameters only; contained vs overlapping dates; country names."""

from __future__ import annotations

import datetime as dt

import pytest

from flashpoint.store import open_store
from flashpoint.store.filters import FROM, EventFilter, FilterError, resolve_country

D = dt.date


def _record(eid: str, *, start: D, end: D, precision: str, plover: str = "ASSAULT",
            acled: tuple[str, str] | None = ("Battles", "Armed clash"), country: str = "SYR",
            admin1: str | None = "Hama", modality: str = "asserted", killed: int | None = None,
            actor: str = "Military Forces of Syria", lat: float | None = 35.9) -> dict:
    return {
        "event_id": eid, "article_id": "art-" + eid,
        "plover": {"type": plover, "mode": None, "context": []},
        "acled": {"event_type": acled[0], "sub_event_type": acled[1]} if acled else None,
        "actor1": {"text": actor, "name": actor, "country": country, "kind": "military",
                   "start": 0, "end": 1, "confidence": 1.0},
        "actor2": None,
        "location": {"text": "x", "name": "Place " + eid, "geonameid": None, "lat": lat,
                     "lon": 36.6 if lat is not None else None, "country": country,
                     "admin1": admin1, "precision": 1, "start": 0, "end": 1,
                     "confidence": 1.0},
        "date": {"text": None, "start": start.isoformat(), "end": end.isoformat(),
                 "precision": precision, "start_char": None, "end_char": None},
        "fatalities": {"text": "k", "best": killed, "low": killed, "high": killed,
                       "start": 0, "end": 1} if killed is not None else None,
        "modality": modality, "attribution": None, "denials": [],
        "evidence": {"sentence": "s", "start": 0, "end": 1}, "confidence": 0.9,
    }


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    from flashpoint.record import Article

    records = [
        _record("day", start=D(2024, 3, 22), end=D(2024, 3, 22), precision="day", killed=4),
        # known only by its article (published 24 March): the 14-day window
        _record("window", start=D(2024, 3, 10), end=D(2024, 3, 24), precision="article",
                acled=("Explosions/Remote violence", "Air/drone strike"), country="IRQ",
                admin1="Baghdad", actor="Islamic State", killed=20),
        _record("week", start=D(2024, 3, 18), end=D(2024, 3, 24), precision="week",
                plover="PROTEST", acled=("Protests", "Peaceful protest"), country="EGY",
                admin1=None, actor="Protesters (Egypt)", lat=None),
        _record("denied", start=D(2024, 4, 2), end=D(2024, 4, 2), precision="day",
                modality="denied", killed=0),
        _record("planned", start=D(2024, 4, 2), end=D(2024, 5, 2), precision="range",
                acled=None, modality="planned"),
    ]
    path = tmp_path_factory.mktemp("filters") / "events.duckdb"
    published = {"day": D(2024, 3, 23), "window": D(2024, 3, 24), "week": D(2024, 3, 25),
                 "denied": D(2024, 4, 3), "planned": D(2024, 4, 2)}
    with open_store(path) as s:
        s.add_batch([(Article(id="art-" + r["event_id"], text="text " + r["event_id"],
                              published=published[r["event_id"]]), [r]) for r in records])
    with open_store(path, read_only=True) as s:
        yield s


def ids(store, **kw) -> set[str]:
    return set(store.events(**kw)["event_id"])


def test_contained_is_the_default_and_overlaps_is_asked_for(store) -> None:
    # 20-25 March: only what is known to lie inside the range (the window starts on the 10th)
    assert ids(store, since="2024-03-20", until="2024-03-25") == {"day"}
    assert ids(store, since="2024-03-20", until="2024-03-25", date_mode="overlaps") == {
        "day", "window", "week"}
    assert ids(store, since="2024-03-01", until="2024-03-31") == {"day", "window", "week"}
    assert ids(store, until="2024-03-21", date_mode="overlaps") == {"window", "week"}


def test_every_field(store) -> None:
    assert ids(store, country="Iraq") == {"window"}
    assert ids(store, country=["syria", "EGY"]) == {"day", "week", "denied", "planned"}
    assert ids(store, admin1="hama") == {"day", "denied", "planned"}
    assert ids(store, type=["PROTEST", "Armed clash"]) == {"week", "day", "denied"}
    assert ids(store, type="assault") == {"day", "window", "denied", "planned"}
    assert ids(store, actor="islamic") == {"window"}
    assert ids(store, modality=["denied", "planned"]) == {"denied", "planned"}
    assert ids(store, min_fatalities=5) == {"window"}
    assert ids(store, bbox="36,35,37,36") == {"day", "window", "denied", "planned"}
    assert ids(store, violent=True) == {"day", "window", "denied"}  # not the plan, the protest
    assert ids(store, min_sources=2) == set()


def test_sorts_newest_first_by_plot_date(store) -> None:
    # the window event is plotted on its publication date (24 March), not on the 10th
    order = list(store.events(sort="newest")["event_id"])
    assert order.index("window") < order.index("day")
    assert order[0] in ("planned", "denied")


def test_values_are_bound_never_spliced() -> None:
    hostile = "x') OR TRUE --"
    where, params = EventFilter.build(actor=hostile, q=hostile, type=[hostile],
                                      admin1=hostile).where()
    assert "OR TRUE" not in where and "x'" not in where
    assert params.count(hostile) >= 3
    assert where.count("?") == len(params)


@pytest.mark.parametrize("kw", [
    {"since": "yesterday"}, {"since": "2024-04-01", "until": "2024-03-01"},
    {"country": "Atlantis"}, {"modality": "rumoured"}, {"bbox": "1,2,3"},
    {"bbox": "40,0,30,10"}, {"min_sources": 0}, {"date_mode": "sometimes"},
    {"violent": "perhaps"}, {"since": "1066-10-14"},
])
def test_bad_values_are_filter_errors(kw) -> None:
    with pytest.raises(FilterError):
        EventFilter.build(**kw)


def test_country_names_and_codes() -> None:
    assert resolve_country("SYR") == "SYR" and resolve_country("syria") == "SYR"
    assert resolve_country("  United   States ") == "USA"
    assert resolve_country("DRC") == "COD"
    assert EventFilter.build(country="Syria,IRQ").country == ("SYR", "IRQ")


def test_as_query_round_trips() -> None:
    f = EventFilter.build(since="2024-01-01", type=["ASSAULT", "Riots"], country="Syria",
                          violent=True, bbox="1,2,3,4", date_mode="overlaps")
    assert EventFilter.build(**f.as_query()) == f


def test_from_joins_clusters_and_articles(store) -> None:
    where, params = EventFilter.build(q="place day").where()
    n = store.con.execute(f"SELECT count(*) FROM {FROM} WHERE {where}", params).fetchone()
    assert n == (1,)
    where, params = EventFilter.build(q="text day").where()
    n = store.con.execute(f"SELECT count(*) FROM {FROM} WHERE {where}", params).fetchone()
    assert n == (0,)  # q reads the evidence, actors, place and title, not the article text
