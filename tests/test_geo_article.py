"""The article-level resolver as extraction uses it: datelines, containment chains, honest
fallbacks and which place is the event's. Sentences written for these tests."""

from __future__ import annotations

import pytest

import flashpoint
from flashpoint.geo import resolve_spans, resolve_toponym
from flashpoint.geo.article import bracketed_places, dateline_spans
from flashpoint.geo.chains import links
from geo_fixtures import spans_of as _spans

PUBLISHED = "2024-03-12"


def _event(text: str):
    events = [e for e in flashpoint.extract(text, published=PUBLISHED) if e.location]
    assert events, text
    return events[0]




def test_the_blanked_dateline_still_places_the_event() -> None:
    e = _event("TRIPOLI, Lebanon (Reuters) - Gunmen attacked an army checkpoint in Tripoli "
               "on Sunday, killing two soldiers.")
    assert e.location.country == "LBN" and e.location.text == "Tripoli"
    assert e.location.precision == 1


def test_a_town_in_the_subject_phrase_is_the_event_place() -> None:
    e = _event("Villagers in Tal Abyad, Raqqa governorate, said warplanes struck the market "
               "on Monday.")
    assert e.location.country == "SYR" and e.location.admin1 == "Raqqa"
    assert e.location.precision == 1 and e.location.text == "Tal Abyad"
    assert e.location.geonameid == 163750  # the town, not the province


def test_residents_of_a_town_protesting_are_placed_there() -> None:
    e = _event("Residents of Peshawar city protested against power cuts on Tuesday.")
    assert e.location.country == "PAK" and e.location.name == "Peshawar"


def test_an_unknown_village_falls_back_to_its_stated_province_not_its_capital() -> None:
    e = _event("Gunmen raided Qwertzu village, Raqqa governorate, on Monday and killed three "
               "people.")
    loc = e.location
    assert loc.text.startswith("Qwertzu") and loc.precision == 2 and loc.admin1 == "Raqqa"
    assert loc.geonameid is None and "Raqqa" in loc.name
    # the province's own point, not Ar Raqqah city
    assert abs(loc.lat - 36.0) > 0.05 or abs(loc.lon - 39.0) > 0.05


def test_an_unknown_village_in_brackets_falls_back_to_the_innermost_container() -> None:
    e = _event("Militants clashed with soldiers in Qwertzu village (Konduga, Borno) on Friday.")
    loc = e.location
    assert loc.text.startswith("Qwertzu") and loc.precision == 2 and loc.country == "NGA"
    assert loc.admin1 == "Borno" and "Konduga" in loc.name


def test_outskirts_and_near_give_precision_two() -> None:
    e = _event("Police shot dead a man on the outskirts of Jalalabad on Friday.")
    assert e.location.country == "AFG" and e.location.precision == 2


def test_an_origin_is_never_the_event_place() -> None:
    e = _event("A tourist visiting from Paris was stabbed by gunmen in Lahore on Friday.")
    assert e.location.country == "PAK"


def test_a_place_inside_an_actor_name_is_not_the_event_place() -> None:
    events = flashpoint.extract("Kurdistan security forces arrested five men on Monday.",
                                published=PUBLISHED)
    assert events and all(e.location is None or e.location.text != "Kurdistan"
                          for e in events)


@pytest.mark.parametrize(("text", "names", "country", "admin1"), [
    # a bigger namesake abroad loses to the stated country or province
    ("Fighting was reported in Tripoli, Lebanon.", ["Tripoli", "Lebanon"], "LBN", None),
    ("Shops closed in Hyderabad, Sindh after the attack.", ["Hyderabad", "Sindh"], "PAK",
     None),
    ("The convoy was ambushed near Tal Abyad in Raqqa province.",
     ["Tal Abyad", "Raqqa province"], "SYR", "Raqqa"),
])
def test_stated_containers_restrict_the_candidates(text: str, names: list[str],
                                                   country: str, admin1: str | None) -> None:
    loc = resolve_spans(text, _spans(text, names))[0]
    assert loc is not None and loc.country == country
    assert admin1 is None or loc.admin1 == admin1


def test_a_name_with_no_reading_inside_its_country_is_not_a_namesake_abroad() -> None:
    # Paris exists in France and in Texas, but not in Kenya
    text = "Gunmen attacked Paris village, Nigeria, on Monday."
    loc = resolve_spans(text, _spans(text, ["Paris", "Nigeria"]))[0]
    assert loc is not None and loc.country == "NGA" and loc.precision == 2


def test_lists_are_not_chains() -> None:
    text = "Clashes spread to Kandahar, Kunduz and Mosul."
    locs = resolve_spans(text, _spans(text, ["Kandahar", "Kunduz", "Mosul"]))
    assert [loc.country for loc in locs if loc] == ["AFG", "AFG", "IRQ"]
    text = "Flights to Lagos, Accra and Dakar resumed."
    assert links(text, _spans(text, ["Lagos", "Accra", "Dakar"])) == {}


def test_dateline_and_bracket_names_are_found() -> None:
    written = "KUNDUZ, Afghanistan (AP) - "
    assert [written[s:e] for s, e in dateline_spans(written)] == ["KUNDUZ", "Afghanistan"]
    text = "Shots were fired in Qwertzu village (Bama, Borno State) at dawn."
    assert [text[s:e] for s, e in bracketed_places(text)] == [
        "Qwertzu", "Bama", "Borno State"]
    assert bracketed_places("The army (SNA) and police (NISA) met.") == []


@pytest.mark.parametrize(("written", "other"), [
    ("Tell Abyad", "Tal Abyad"), ("Tall Afar", "Tal Afar"), ("Al-Hasakeh", "Hasakah"),
    ("Deir al-Zour", "Deir ez-Zor"), ("As-Suwayda", "Suwayda"), ("Boujoumboura", "Bujumbura"),
    ("Dahran", "Dhahran"), ("Kuneitra", "Quneitra"),
])
def test_transliteration_variants_name_the_same_place(written: str, other: str) -> None:
    a, b = resolve_toponym(written), resolve_toponym(other)
    assert a is not None and b is not None and a.geonameid == b.geonameid


def test_the_arabic_article_is_never_a_toponym_of_its_own() -> None:
    from flashpoint.geo.recognize import toponym_spans
    from flashpoint.pipeline import default_pipeline

    text = "Fighters of AL-Nusra entered al-Bab and Al Tanf, and shelled ar-Raqqa."
    doc = default_pipeline().nlp(text)
    found = [text[s:e] for s, e in toponym_spans(doc)]
    assert not any(f.lower() in ("al", "ar") for f in found), found
    assert "Raqqa" in " ".join(found)


@pytest.mark.parametrize(("written", "point"), [
    ("Gulf of Aden", (12.5, 47.5)), ("Lake Victoria", (-1.0, 33.0)),
    ("Strait of Hormuz", (26.6, 56.3)), ("Euphrates River", (35.0, 40.0)),
    ("Port of Karachi", (24.8, 67.0)),
])
def test_seas_lakes_rivers_and_ports_resolve(written: str, point: tuple[float, float]) -> None:
    from flashpoint.geometry import distance_km

    loc = resolve_toponym(written)
    assert loc is not None and loc.lat is not None and loc.lon is not None
    assert distance_km(loc.lat, loc.lon, *point) < 600


def test_the_natural_earth_file_says_where_it_comes_from() -> None:
    from flashpoint.geo.naturalearth import load_naturalearth

    table = load_naturalearth()
    assert "Natural Earth" in table["credit"]
    classes = {row[2] for row in table["features"]}
    assert {"sea", "river", "lake", "airport", "port", "desert"} <= classes
    for name, _alts, _cls, lat, lon, (south, west, north, east), _prec in table["features"]:
        assert -180 <= west <= 180 and -180 <= east <= 180, name
        assert -90 <= lat <= 90 and -180 <= lon <= 180 and south <= north, name


def test_output_keeps_admin1_admin2_iso3_precision_and_the_place_as_written() -> None:
    loc = resolve_toponym("Geauga County")
    assert loc is not None and loc.admin2 == "Geauga County" and loc.admin1 == "Ohio"
    town = resolve_toponym("Akron")
    assert town is not None and town.country == "USA" and town.admin2 == "Summit County"
    e = _event("Gunmen killed two traders on the outskirts of Kunduz on Sunday.")
    out = e.to_dict()["location"]
    assert out["text"] == "Kunduz" and out["country"] == "AFG"
    assert out["admin1"] == "Kunduz" and out["admin2"] == "Kunduz" and out["precision"] == 2


def test_a_village_in_brackets_is_never_a_namesake_abroad() -> None:
    # Paris is a big city in France, but the brackets say where this one is
    text = "Soldiers were ambushed in Paris village (Bama, Borno State) at dawn."
    spans = _spans(text, ["Paris", "Bama", "Borno State"])
    loc = resolve_spans(text, spans)[0]
    assert loc is not None and loc.country == "NGA" and loc.admin1 == "Borno"
    assert loc.precision == 2 and "Bama" in loc.name


def test_a_town_in_brackets_stands_for_its_district() -> None:
    # Gwoza lies ~130 km from Maiduguri town, in the same state: still inside
    text = "Police raided a house in Gwoza (Maiduguri, Borno) at night."
    loc = resolve_spans(text, _spans(text, ["Gwoza", "Maiduguri", "Borno"]))[0]
    assert loc is not None and loc.geonameid == 2339665 and loc.precision == 1


def test_a_country_in_a_party_name_is_not_the_event_place() -> None:
    e = _event("Members of the Workers Party of Nigeria protested outside the high court "
               "in Kano city, demanding that their leader be freed.")
    assert e.location.country == "NGA" and e.location.precision == 1


def test_a_town_the_model_calls_an_organisation_is_still_the_event_place() -> None:
    e = _event("On 3 March 2024, gunmen attacked the police station in Dikwa, and killed one "
               "officer.")
    assert e.location.country == "NGA" and e.location.admin1 == "Borno"


def test_a_province_is_never_read_inside_another() -> None:
    text = "The new office for Ontario in Nelson opened on Monday."
    loc = resolve_spans(text, _spans(text, ["Ontario", "Nelson"]))[0]
    assert loc is not None and loc.name == "Ontario" and loc.precision == 3
