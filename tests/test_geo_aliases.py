"""Alternate names: a division called exactly so beats a city abroad reached through one of
its foreign or historical names, and a small town abroad reached only through such a name
is not an article's place. Names and sentences written for these tests."""

from __future__ import annotations

from flashpoint.evaluate.acled_score import admin1_agrees
from flashpoint.geo import resolve_spans, resolve_toponym
from flashpoint.geo.gazetteer import normalise
from flashpoint.geo.resolve import _foreign_alias
from flashpoint.geo.spelling import foreign_alternate
from flashpoint.geo.toponym import _candidates, own_name, read_alone
from geo_fixtures import spans_of as _spans


def test_a_division_named_exactly_beats_a_foreign_alias_of_a_city() -> None:
    oio = resolve_toponym("Oio")
    assert oio is not None and oio.country == "GNB" and oio.precision == 3
    qax = resolve_toponym("Qax")
    assert qax is not None and qax.country == "AZE"  # not a foreign name of a city abroad
    berea = resolve_toponym("Berea")
    assert berea is not None and berea.country != "SYR"  # not an old name of Aleppo


def test_big_cities_keep_their_old_english_names() -> None:
    for old, iso3 in (("Madras", "IND"), ("Calcutta", "IND"),
                      ("Peking", "CHN"), ("Rangoon", "MMR"), ("Leningrad", "RUS")):
        loc = resolve_toponym(old)
        assert loc is not None and loc.country == iso3, old


def test_a_town_abroad_through_an_unlike_alias_is_a_foreign_alias() -> None:
    # (asked in the light of its own country: without one, `_candidates` drops it already)
    town = next(c.place for c in _candidates("Saint James", "", {"VNM"}, [], fuzzy=False)
                if c.place.country == "VNM")
    assert _foreign_alias(town, "Saint James", ["JAM"])
    assert not _foreign_alias(town, "Saint James", ["VNM"])  # the article is about it
    assert not _foreign_alias(town, "Saint James", [])  # no country to set it against
    chennai = read_alone("Madras")
    assert chennai is not None and not _foreign_alias(chennai[0], "Madras", ["LKA"])


def test_an_article_about_one_country_keeps_its_own_region() -> None:
    text = "Protests spread from Oio to Bafata and Gabu on Sunday, Bissau radio said."
    locs = resolve_spans(text, _spans(text, ["Oio", "Bafata", "Gabu", "Bissau"]))
    assert [loc.country if loc else None for loc in locs] == ["GNB"] * 4
    assert locs[0].precision == 3


def test_a_short_form_of_a_towns_own_name_is_not_a_foreign_alias() -> None:
    town = next(c.place for c in _candidates("Stratford", "", set(), [], fuzzy=False)
                if c.place.name == "Stratford-upon-Avon")
    assert own_name(normalise("Stratford"), town.name)
    assert not _foreign_alias(town, "Stratford", ["USA"])


def test_admin1_names_agree_through_the_gazetteers_alternate_names() -> None:
    assert admin1_agrees("Orissa", "Odisha", "IND")  # the division renamed
    assert admin1_agrees("Odisha", "Odisha", "IND")
    assert not admin1_agrees("Orissa", "Bihar", "IND")
    assert not admin1_agrees("Orissa", "Odisha", "PAK")  # not a division of that country
    assert not admin1_agrees(None, "Odisha", "IND")


def test_an_unlike_alternate_reaches_no_small_town_abroad() -> None:
    """"Grenade" is the French name of Granada; a note naming no country is not about Spain,
    while a big city keeps its English exonym and an article about Spain keeps Granada."""
    def countries(form: str, context: set[str]) -> set[str | None]:
        return {c.place.country for c in _candidates(form, "", context, [], fuzzy=False)
                if normalise(c.place.name) != normalise(form)}

    assert "ESP" not in countries("Grenade", set())
    assert "ESP" in countries("Grenade", {"ESP"})
    assert "DEU" in countries("Cologne", set())  # Köln: a big city's English name
    assert "VNM" not in countries("Saint James", set())


def test_a_short_capital_form_is_no_alternate_of_a_town_abroad() -> None:
    town = next(c.place for c in _candidates("Grenade", "", {"ESP"}, [], fuzzy=False)
                if c.place.country == "ESP")
    assert foreign_alternate("GRN", "grn", town, 0, set())
    assert not foreign_alternate("GRN", "grn", town, 0, {"ESP"})  # the article's country
    assert not foreign_alternate("Granada", "granada", town, 0, set())  # its own name
    assert foreign_alternate("Grenade", "grenade", town, 0, set())  # 233k: not big enough
