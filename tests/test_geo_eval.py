"""Tests for the geoparsing scorer (GeoWebNews XML format) and article-level resolution."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from flashpoint.evaluate.geo import format_geo_report, load_geo_xml, score_geo
from flashpoint.geo import resolve_spans, resolve_toponym

TEXT_A = "Heavy rain hit Lyon on Monday. French officials in Paris said Lyon would recover."
TEXT_B = "Nothing here names a place at all."


def _toponym(name: str, start: int, *, type_: str = "Literal", gid: int | None = 1,
             lat: float | None = 45.76, lon: float | None = 4.84, nonloc: str = "No",
             end: int | None = None) -> str:
    end = start + len(name) if end is None else end
    return (
        "<toponym>"
        f"<extractedName>{name}</extractedName><type>{type_}</type>"
        f"<nonLocational>{nonloc}</nonLocational><start>{start}</start><end>{end}</end>"
        + (f"<geonamesID>{gid}</geonamesID>" if gid is not None else "<geonamesID/>")
        + (f"<latitude>{lat}</latitude><longitude>{lon}</longitude>" if lat is not None
           else "")
        + "</toponym>"
    )


@pytest.fixture()
def xml_file(tmp_path: Path) -> Path:
    lyon1 = TEXT_A.index("Lyon")
    lyon2 = TEXT_A.rindex("Lyon")
    paris = TEXT_A.index("Paris")
    french = TEXT_A.index("French")
    tops = "".join([
        _toponym("Lyon", lyon1, gid=2996944),
        _toponym("Lyon", lyon2, gid=2996944, type_="Metonymic"),
        _toponym("Paris", paris, gid=2988507, lat=48.85, lon=2.35),
        _toponym("French", french, gid=3017382, lat=46.0, lon=2.0,
                 type_="Non_Literal_Modifier"),
        _toponym("officials", TEXT_A.index("officials"), type_="Non_Lit_Expression",
                 gid=None, lat=None, nonloc="Yes"),
        _toponym("Lyon", 0, gid=2996944),  # span disagrees with the name: dropped
    ])
    xml = (f'<?xml version="1.0" ?>\n<articles><article file="a1"><title>t</title>'
           f"<text>{TEXT_A}</text><toponyms>{tops}</toponyms></article>"
           f'<article file="a2"><text>{TEXT_B}</text><toponyms/></article></articles>')
    path = tmp_path / "tiny.xml"
    path.write_text(xml, encoding="utf-8")
    return path


def test_reader_parses_articles_and_drops_bad_spans(xml_file: Path) -> None:
    arts = load_geo_xml(xml_file)
    assert [a.id for a in arts] == ["a1", "a2"]
    a = arts[0]
    assert len(a.toponyms) == 5
    assert all(a.text[t.start:t.end] == t.name for t in a.toponyms)
    officials = next(t for t in a.toponyms if t.name == "officials")
    assert officials.non_locational and not officials.scored and not officials.is_toponym
    paris = next(t for t in a.toponyms if t.name == "Paris")
    assert paris.geonameid == 2988507 and paris.lat == 48.85 and paris.scored
    assert load_geo_xml(xml_file, limit=1)[0].id == "a1"


def test_reader_rejects_other_xml(tmp_path: Path) -> None:
    bad = tmp_path / "x.xml"
    bad.write_text("<root/>", encoding="utf-8")
    with pytest.raises(ValueError):
        load_geo_xml(bad)
    bad.write_text("<articles><article>", encoding="utf-8")
    with pytest.raises(ValueError):
        load_geo_xml(bad)


def test_scorer_with_canned_predictions(xml_file: Path) -> None:
    arts = load_geo_xml(xml_file)
    lyon = SimpleNamespace(lat=45.7, lon=4.9, geonameid=2996944)  # right
    far = SimpleNamespace(lat=43.3, lon=5.4, geonameid=2995469)  # Marseille: > 161 km

    def resolve(text: str, spans):
        return [lyon if text[s:e] == "Lyon" else far if text[s:e] == "Paris" else None
                for s, e in spans]

    lyon1, paris = TEXT_A.index("Lyon"), TEXT_A.index("Paris")

    def recognize(text: str):
        if text != TEXT_A:
            return [(0, 7)]  # a false positive in the place-less article
        return [(lyon1, lyon1 + 4), (paris, paris + 5), (paris, paris + 2)]

    r = score_geo(arts, resolve=resolve, recognize=recognize)
    # gold: Lyon, Lyon, Paris, French (4 named toponyms); predicted 4 spans, 2 right
    assert r["recognition"]["tp"] == 2 and r["recognition"]["fp"] == 2
    assert r["recognition"]["fn"] == 2
    assert r["recognition"]["precision"] == 0.5 and r["recognition"]["recall"] == 0.5
    assert r["resolution"] == {"acc_161km": 0.5, "exact_id": 0.5, "n": 4, "n_with_id": 4}
    # predicted spans overlapping gold: Lyon (right), Paris (wrong), "Pa" (wrong)
    assert r["end_to_end"] == {"acc_161km": round(1 / 3, 4), "n": 3}
    assert r["toponyms_per_second"] > 0
    assert "acc@161km" in format_geo_report(r)


def test_scorer_without_recognizer(xml_file: Path) -> None:
    r = score_geo(load_geo_xml(xml_file), resolve=resolve_spans)
    assert r["recognition"] is None and r["end_to_end"] is None
    assert r["resolution"]["acc_161km"] == 1.0  # Lyon x2, Paris, French -> France


def test_cli_geo_eval_json_keys(xml_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from flashpoint.cli import main

    assert main(["geo-eval", str(xml_file), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"recognition", "resolution", "end_to_end", "toponyms_per_second"} <= set(out)
    assert set(out["recognition"]) >= {"precision", "recall", "f1"}
    assert set(out["resolution"]) >= {"acc_161km", "exact_id", "n"}
    assert set(out["end_to_end"]) >= {"acc_161km", "n"}


def test_cli_geo_eval_missing_file(tmp_path: Path) -> None:
    from flashpoint.cli import main

    assert main(["geo-eval", str(tmp_path / "none.xml")]) == 1


# --- article-level resolution ---------------------------------------------------------

def _resolve(text: str, *names: str):
    spans = []
    for n in names:
        i = text.index(n)
        spans.append((i, i + len(n)))
    return resolve_spans(text, spans)


def test_tripoli_follows_the_article_country() -> None:
    leb = "Clashes in Beirut spread north. In Tripoli, Lebanon's army deployed."
    lby = "Militias from Zliten moved on Benghazi; in Tripoli the Libyan government met."
    a = _resolve(leb, "Beirut", "Tripoli", "Lebanon")[1]
    b = _resolve(lby, "Zliten", "Benghazi", "Tripoli", "Libyan")[2]
    assert a is not None and a.country == "LBN"
    assert b is not None and b.country == "LBY"


def test_paris_france_and_paris_texas() -> None:
    fr = _resolve("Protesters marched in Paris, the French capital.", "Paris", "French")[0]
    tx = _resolve("A storm hit Paris, Texas, on Sunday.", "Paris", "Texas")[0]
    assert fr is not None and fr.country == "FRA"
    assert tx is not None and tx.country == "USA"


@pytest.mark.parametrize(
    ("text", "name", "iso3"),
    [("Shelling hit Hama and Homs in Syria.", "Hama", "SYR"),
     ("Shelling hit Hama and Homs in Syria.", "Homs", "SYR"),
     ("Iraqi forces retook Mosul.", "Mosul", "IRQ")],
)
def test_conflict_cities_in_context(text: str, name: str, iso3: str) -> None:
    loc = _resolve(text, name)[0]
    assert loc is not None and loc.country == iso3 and loc.precision == 1


def test_kobani_is_ayn_al_arab_in_context() -> None:
    text = "Kurdish fighters held Kobani, also called Ayn al-Arab, near Turkey."
    a, b, _ = _resolve(text, "Kobani", "Ayn al-Arab", "Turkey")
    assert a is not None and b is not None and a.geonameid == b.geonameid
    assert a.country == "SYR"


def test_demonyms_and_abbreviations_resolve_to_countries() -> None:
    text = "Russian and British diplomats met U.S. and UK envoys in Europe."
    ru, gb, us, uk, eu = _resolve(text, "Russian", "British", "U.S.", "UK", "Europe")
    assert ru is not None and ru.country == "RUS" and ru.precision == 3
    assert gb is not None and gb.country == "GBR"
    assert us is not None and us.country == "USA"
    assert uk is not None and uk.geonameid == gb.geonameid
    assert eu is not None and eu.name == "Europe"
    assert resolve_toponym("Russian") is None  # demonyms only when asked for


def test_us_state_and_province_names() -> None:
    text = "Wildfires spread across California and Ontario."
    ca, on = _resolve(text, "California", "Ontario")
    assert ca is not None and ca.country == "USA" and ca.precision == 3
    assert on is not None and on.country == "CAN" and on.precision == 3


def test_spans_without_places_and_empty_input() -> None:
    text = "He said the police went to the market on Monday."
    assert _resolve(text, "police", "market") == [None, None]
    assert resolve_spans(text, []) == []


def test_offsets_are_set_and_answers_are_independent() -> None:
    text = "Aleppo was shelled. Later Aleppo was calm."
    a, b = resolve_spans(text, [(0, 6), (26, 32)])
    assert a is not None and b is not None and a is not b
    assert (a.start, a.end, b.start, b.end) == (0, 6, 26, 32)
