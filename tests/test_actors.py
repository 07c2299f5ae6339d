"""Tests for the actors stage: the dictionary data and the phrase resolver."""

from __future__ import annotations

import re

import pytest

from flashpoint.actors import (
    ActorDictionary,
    ActorMatch,
    load_actor_data,
    load_actor_dictionary,
    validate_actor_data,
)
from flashpoint.record import ACTOR_KINDS, EntityPattern


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return load_actor_dictionary()


def _resolve(actors: ActorDictionary, phrase: str, **kw: object) -> ActorMatch:
    match = actors.resolve(phrase, **kw)  # type: ignore[arg-type]
    assert match is not None, phrase
    return match


# -- data integrity ----------------------------------------------------------------------------


def test_data_is_versioned() -> None:
    assert load_actor_data()["version"] == "actors.v1"
    assert load_actor_dictionary().version == "actors.v1"


def test_data_validates_clean() -> None:
    assert validate_actor_data(load_actor_data()) == []


def test_every_country_has_iso3() -> None:
    for country in load_actor_data()["countries"]:
        assert re.fullmatch(r"[A-Z]{3}", country["iso3"]), country


def test_at_least_190_countries() -> None:
    isos = {c["iso3"] for c in load_actor_data()["countries"]}
    assert len(isos) >= 190
    assert {"XKX", "PSE", "TWN", "ESH", "USA", "SYR", "SSD"} <= isos


def test_at_least_60_armed_groups() -> None:
    assert len(load_actor_data()["groups"]) >= 60


def test_every_kind_is_an_actor_kind() -> None:
    data = load_actor_data()
    kinds = [e["kind"] for s in ("groups", "institutions", "officials", "agents") for e in data[s]]
    kinds += [c["kind"] for c in data["generic_categories"].values()]
    assert set(kinds) <= set(ACTOR_KINDS)


def test_unmarked_shared_alias_is_reported() -> None:
    data = load_actor_data()
    data["groups"][1]["aliases"].append(data["groups"][0]["aliases"][0])
    assert any("unmarked" in p for p in validate_actor_data(data))


def test_dictionary_is_loaded_once() -> None:
    assert load_actor_dictionary() is load_actor_dictionary()


# -- entity patterns ---------------------------------------------------------------------------


def test_entity_patterns_labels(actors: ActorDictionary) -> None:
    patterns = actors.entity_patterns()
    assert all(isinstance(p, EntityPattern) for p in patterns)
    by_text = {(p.label, p.text): p for p in patterns}
    assert by_text[("GPE", "Syria")].id == "country:SYR"
    assert by_text[("NORP", "Syrian")].id == "country:SYR"
    assert by_text[("ORG", "ISIS")].id == "actor:ISIS"
    assert by_text[("PERSON", "Sergey Lavrov")].id.startswith("official:")


def test_entity_patterns_acronyms_case_sensitive(actors: ActorDictionary) -> None:
    by_text = {(p.label, p.text): p for p in actors.entity_patterns()}
    assert by_text[("ORG", "IS")].case_sensitive
    assert by_text[("GPE", "US")].case_sensitive
    assert by_text[("ORG", "PKK")].case_sensitive
    assert not by_text[("GPE", "Syria")].case_sensitive
    assert not by_text[("ORG", "Islamic State")].case_sensitive


# -- resolver: state actors --------------------------------------------------------------------


def test_syrian_army_units(actors: ActorDictionary) -> None:
    a = _resolve(actors, "the Syrian army units").actor
    assert (a.name, a.country, a.kind) == ("Military Forces of Syria", "SYR", "military")


def test_russian_fighter_jets_means_air(actors: ActorDictionary) -> None:
    m = _resolve(actors, "Russian fighter jets")
    assert m.actor.name == "Military Forces of Russia"
    assert m.means == "air"


def test_israeli_warplanes(actors: ActorDictionary) -> None:
    m = _resolve(actors, "Israeli warplanes")
    assert (m.actor.name, m.actor.kind, m.means) == ("Military Forces of Israel", "military", "air")


def test_syrian_authorities_government(actors: ActorDictionary) -> None:
    a = _resolve(actors, "Syrian authorities").actor
    assert (a.name, a.country, a.kind) == ("Government of Syria", "SYR", "government")


def test_kenyan_police(actors: ActorDictionary) -> None:
    a = _resolve(actors, "Kenyan police").actor
    assert (a.name, a.kind) == ("Police Forces of Kenya", "police")


def test_official_with_title(actors: ActorDictionary) -> None:
    a = _resolve(actors, "Russia's Minister for Foreign Affairs, Sergey Lavrov").actor
    assert (a.name, a.country, a.kind) == ("Government of Russia", "RUS", "government")


def test_official_surname(actors: ActorDictionary) -> None:
    assert _resolve(actors, "Lavrov").actor.name == "Government of Russia"


def test_official_with_accents(actors: ActorDictionary) -> None:
    assert _resolve(actors, "Erdoğan").actor.name == "Government of Turkey"


def test_the_us_government(actors: ActorDictionary) -> None:
    m = _resolve(actors, "the US")
    assert m.actor.name == "Government of the United States"
    assert m.is_bare_country


def test_the_us_prefer_military(actors: ActorDictionary) -> None:
    m = _resolve(actors, "the US", prefer_military=True)
    assert m.actor.name == "Military Forces of the United States"


def test_bare_country(actors: ActorDictionary) -> None:
    m = _resolve(actors, "Syria")
    assert (m.actor.name, m.is_bare_country) == ("Government of Syria", True)


def test_bare_country_prefer_military(actors: ActorDictionary) -> None:
    assert _resolve(actors, "Syria", prefer_military=True).actor.name == "Military Forces of Syria"


def test_agent_takes_context_country(actors: ActorDictionary) -> None:
    a = _resolve(actors, "the army", context_country="SYR").actor
    assert (a.name, a.country) == ("Military Forces of Syria", "SYR")


def test_institution(actors: ActorDictionary) -> None:
    m = _resolve(actors, "IDF drones")
    assert (m.actor.name, m.means) == ("Military Forces of Israel", "drone")


def test_saudi_led_coalition(actors: ActorDictionary) -> None:
    assert _resolve(actors, "the Saudi-led coalition").actor.name == (
        "Military Forces of Saudi Arabia"
    )


# -- resolver: armed groups --------------------------------------------------------------------


def test_terrorists_of_nusra(actors: ActorDictionary) -> None:
    m = _resolve(actors, "the terrorists of the Jabhat al-Nusra")
    assert (m.actor.name, m.actor.country, m.actor.kind) == ("Jabhat al-Nusra", None, "militant")
    assert m.is_group


def test_nusra_front(actors: ActorDictionary) -> None:
    assert _resolve(actors, "the Nusra Front").actor.name == "Jabhat al-Nusra"


@pytest.mark.parametrize("phrase", ["IS", "the IS", "the Islamic State group", "ISIL", "Daesh"])
def test_islamic_state_aliases(actors: ActorDictionary, phrase: str) -> None:
    assert _resolve(actors, phrase).actor.name == "Islamic State"


def test_x_controlled_resolves_x(actors: ActorDictionary) -> None:
    assert _resolve(actors, "IS-controlled").actor.name == "Islamic State"


def test_curly_quotes_ignored(actors: ActorDictionary) -> None:
    assert _resolve(actors, "\u2018IS\u2019").actor.name == "Islamic State"


def test_lowercase_is_is_not_islamic_state(actors: ActorDictionary) -> None:
    assert actors.resolve("the city is") is None


def test_houthi_rebels(actors: ActorDictionary) -> None:
    a = _resolve(actors, "Houthi rebels").actor
    assert a.name == "Houthis (Ansar Allah)"
    assert a.kind in ("rebel", "militia")


def test_al_shabaab_militants(actors: ActorDictionary) -> None:
    assert _resolve(actors, "al-Shabaab militants").actor.name == "Al-Shabaab"


def test_group_leader_resolves_to_group(actors: ActorDictionary) -> None:
    assert _resolve(actors, "Nasrallah").actor.name == "Hezbollah"


def test_group_means(actors: ActorDictionary) -> None:
    assert _resolve(actors, "Houthi drones").means == "drone"


def test_ambiguous_acronym_uses_context(actors: ActorDictionary) -> None:
    assert _resolve(actors, "SNA").actor.name == "Syrian National Army"
    assert _resolve(actors, "SNA", context_country="SOM").actor.name == "Military Forces of Somalia"


# -- resolver: generic actors ------------------------------------------------------------------


def test_pro_us_rebels_are_not_us(actors: ActorDictionary) -> None:
    a = _resolve(actors, "pro-US rebel groups").actor
    assert (a.name, a.kind, a.country) == ("Rebels", "rebel", None)


def test_backed_sponsor_is_not_actor(actors: ActorDictionary) -> None:
    a = _resolve(actors, "Iran-backed militias", context_country="IRQ").actor
    assert (a.kind, a.country) == ("militia", "IRQ")


def test_protesters_with_context(actors: ActorDictionary) -> None:
    a = _resolve(actors, "protesters", context_country="KEN").actor
    assert (a.name, a.kind, a.country) == ("Protesters (Kenya)", "protesters", "KEN")


def test_villagers_are_civilians(actors: ActorDictionary) -> None:
    a = _resolve(actors, "villagers", context_country="NGA").actor
    assert (a.name, a.kind) == ("Civilians (Nigeria)", "civilians")


def test_civilians_country_from_phrase(actors: ActorDictionary) -> None:
    assert _resolve(actors, "Syrian civilians").actor.name == "Civilians (Syria)"


def test_unidentified_gunmen(actors: ActorDictionary) -> None:
    a = _resolve(actors, "unidentified gunmen").actor
    assert (a.name, a.kind) == ("Unidentified Armed Group", "militant")


def test_rioters_keep_their_name(actors: ActorDictionary) -> None:
    a = _resolve(actors, "rioters", context_country="KEN").actor
    assert (a.name, a.kind) == ("Rioters (Kenya)", "protesters")


def test_blocker_phrase_is_not_a_country(actors: ActorDictionary) -> None:
    assert _resolve(actors, "Latin American protesters").actor.country is None


# -- resolver: no actor ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase", ["the city", "major setbacks", "principle spots", "the Syrian city", "", "turkey"]
)
def test_no_actor(actors: ActorDictionary, phrase: str) -> None:
    assert actors.resolve(phrase) is None


def test_offsets_left_to_caller(actors: ActorDictionary) -> None:
    a = _resolve(actors, "Kenyan police").actor
    assert (a.text, a.start, a.end) == ("Kenyan police", None, None)


def test_each_call_returns_fresh_actor(actors: ActorDictionary) -> None:
    first = _resolve(actors, "Kenyan police").actor
    first.start = 5
    assert _resolve(actors, "Kenyan police").actor.start is None


def test_country_for(actors: ActorDictionary) -> None:
    assert actors.country_for("Syrian") == "SYR"
    assert actors.country_for("the United States") == "USA"
    assert actors.country_for("Damascus") is None
