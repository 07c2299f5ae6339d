"""Containment chains with local division words ("X tehsil, Y province", "X village of Y
governorate") and the honest fallback to the innermost container. Sentences written for
these tests; the villages are invented."""

from __future__ import annotations

import json
from importlib import resources

import flashpoint
from flashpoint.geo import resolve_spans
from flashpoint.geo.chains import links, type_words
from geo_fixtures import spans_of as _spans

PUBLISHED = "2024-03-12"




def _event(text: str):
    events = [e for e in flashpoint.extract(text, published=PUBLISHED) if e.location]
    assert events, text
    return events[0]


def test_chain_type_words_are_data() -> None:
    data = json.loads(resources.files("flashpoint.geo").joinpath(
        "data", "event_places.v1.json").read_text("utf-8"))
    assert set(data["chain_type_words"]) == type_words()
    assert {"tehsil", "upazila", "village"} <= type_words()


def test_a_type_word_then_of_states_containment() -> None:
    text = "Zorblik village of Raqqa governorate"
    spans = _spans(text, ["Zorblik village", "Raqqa governorate"])
    assert links(text, spans) == {0: (1, "typed")}
    text = "Qalimpur tehsil of Punjab"
    assert links(text, _spans(text, ["Qalimpur", "Punjab"])) == {0: (1, "typed")}


def test_of_without_a_type_word_is_no_chain() -> None:
    text = "the University of Aleppo"
    assert links(text, _spans(text, ["University", "Aleppo"])) == {}


def test_an_unknown_tehsil_falls_back_to_its_province_at_precision_2() -> None:
    text = "Farmers were shot in Dhokri village, Qalimpur tehsil, Punjab province, on Sunday."
    locs = resolve_spans(text, _spans(text, ["Dhokri", "Qalimpur", "Punjab province"]))
    dhokri, qalimpur, punjab = locs
    assert punjab is not None and punjab.country == "PAK" and punjab.precision == 3
    for loc in (dhokri, qalimpur):
        assert loc is not None and loc.country == "PAK" and loc.admin1 == punjab.admin1
        assert loc.precision == 2 and loc.geonameid is None  # never the province's capital
        assert (loc.lat, loc.lon) == (punjab.lat, punjab.lon)


def test_the_event_keeps_the_village_name_inside_the_governorate() -> None:
    e = _event("Militants attacked a checkpoint in Zorblik village of Raqqa governorate.")
    assert e.location.country == "SYR" and e.location.precision == 2
    assert e.location.text.startswith("Zorblik")


def test_a_stated_container_is_never_taken_for_a_finer_place() -> None:
    # "(Azaz, Aleppo)": Aleppo holds Azaz, which holds the village; the city of Aleppo is
    # not a finer place than "part of Azaz"
    e = _event("On Monday, unknown gunmen assaulted a local official and burned his car at "
               "Zorblik village (Azaz, Aleppo), witnesses said.")
    assert e.location.text.startswith("Zorblik") and e.location.precision == 2
    assert e.location.country == "SYR" and e.location.geonameid is None
