"""An attack whose target fought back is an Armed clash (ACLED: two armed, organised sides
exchanging fire); a toll of violence between two named sides, on one day and in one place,
is one incident, not a summary. Sentences are our own."""

from __future__ import annotations

import pytest

import flashpoint

PUBLISHED = "2025-03-10"  # a Monday


def violent(text: str):
    return [e for e in flashpoint.extract(text, published=PUBLISHED) if e.acled is not None]


@pytest.mark.parametrize("response, responder, toll", [
    ("Local vigilantes repelled the attack, killing three of the bandits.", "militia", 3),
    ("Soldiers returned fire, killing four of the bandits.", "military", 4),
])
def test_attack_repelled_by_its_target_is_an_armed_clash(response, responder, toll) -> None:
    text = ("Bandits attacked a farming village in Katsina state, Nigeria, on Friday. "
            f"{response}")
    [event] = violent(text)
    assert event.acled is not None
    assert (event.acled.event_type, event.acled.sub_event_type) == ("Battles", "Armed clash")
    assert event.actor1 is not None and event.actor1.kind != "military"  # the bandits
    assert event.actor2 is not None and event.actor2.kind == responder
    assert event.fatalities is not None and event.fatalities.best == toll


def test_attack_with_civilians_killed_then_repulsed_keeps_toll_and_sides() -> None:
    text = ("Armed men attacked a village near Ganye, Nigeria, on Monday, killing five "
            "civilians. Soldiers repulsed the attackers.")
    [event] = violent(text)
    assert event.acled is not None and event.acled.sub_event_type == "Armed clash"
    assert event.actor1 is not None and event.actor1.kind != "military"
    assert event.actor2 is not None and event.actor2.kind == "military"
    assert event.fatalities is not None and event.fatalities.best == 5


def test_attack_whose_victims_fled_stays_an_attack() -> None:
    text = ("Gunmen attacked a market in Gusau, Nigeria, on Friday, killing two traders. "
            "Residents fled.")
    [event] = violent(text)
    assert event.acled is not None
    assert (event.acled.event_type, event.acled.sub_event_type) == \
        ("Violence against civilians", "Attack")
    assert event.actor2 is not None and event.actor2.kind == "civilians"
    assert event.fatalities is not None and event.fatalities.best == 2


@pytest.mark.parametrize("text, toll", [
    ("At least 12 people were killed in communal violence between Mumuye herders and Bachama "
     "farmers in Demsa, Adamawa state, Nigeria, on Sunday.", 12),
    ("Seven people were killed in clan violence between the Ganye and Mumuye clans near "
     "Numan, Nigeria, on Wednesday.", 7),
])
def test_violence_between_two_named_sides_is_one_incident(text: str, toll: int) -> None:
    [event] = violent(text)
    assert event.fatalities is not None and event.fatalities.best == toll
    assert event.location is not None


@pytest.mark.parametrize("text", [
    "A wave of ethnic violence between herders and farmers has killed hundreds in Adamawa "
    "state, Nigeria, this year.",
    "Dozens of people were killed in weekend violence in Demsa, Nigeria.",
    "Forty people have been killed this year in clan violence between the Ganye and Mumuye "
    "clans in Nigeria.",
])
def test_summaries_of_violence_stay_dropped(text: str) -> None:
    assert violent(text) == []
