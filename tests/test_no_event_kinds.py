"""Reports that used to give no event at all (issue 14), each kind on a sentence written for
the rule (invented places and people): a labour strike whose noun carries its own modifiers,
stones thrown at people or vehicles, a protest "against" whose parse took the target for an
object, and armed groups seen moving when the subject is "members of" a known group. Each
checks the codes, the actor or place and the modality, and a near sentence that must stay
without the event."""

from __future__ import annotations

import pytest

from flashpoint.pipeline import default_pipeline
from flashpoint.record import Article


def events(text: str):
    return default_pipeline().extract(Article(id="ne", text=text))


def coded(text: str):
    found = [e for e in events(text) if e.acled is not None]
    assert found, f"no ACLED-coded event in {text!r}"
    return sorted(found, key=lambda e: (-e.confidence, e.trigger_start))[0]


@pytest.mark.parametrize("text, trigger", [
    ("Hospital cleaners went on a 72-hour strike in Morsk on Monday, demanding back pay.",
     "went on a 72-hour strike"),
    ("Bus drivers began observing an indefinite strike in Tarvela on Tuesday.",
     "observing an indefinite strike"),
    # a phrase of its own inside ("general strike") is that phrase's trigger
    ("Dock workers went on a two-day general strike in Morsk over unpaid wages.",
     "general strike"),
])
def test_strike_noun_with_its_own_modifiers_is_a_protest(text: str, trigger: str) -> None:
    e = coded(text)
    assert (e.plover.type, e.acled.event_type, e.acled.sub_event_type) == (
        "PROTEST", "Protests", "Peaceful protest")
    assert e.trigger == trigger
    assert e.modality == "asserted"
    assert e.actor1 is not None and e.actor1.kind == "protesters"
    assert e.location is not None and e.location.name in ("Morsk", "Tarvela")


def test_a_strike_phrase_of_its_own_inside_keeps_its_sense() -> None:
    """"staged an air strike": the modifier makes the phrase "air strike", not a stoppage."""
    found = events("Rebels staged an air strike on the town of Morsk on Sunday.")
    assert [e.plover.type for e in found] == ["ASSAULT"]
    assert found[0].acled.sub_event_type == "Air/drone strike"


@pytest.mark.parametrize("text, trigger", [
    ("A crowd of residents threw stones at police vehicles in Tarvela on Friday.", "threw"),
    ("Youths hurled rocks at a bus carrying two councillors in Morsk. Two people were hurt.",
     "hurled"),
])
def test_stones_thrown_at_people_or_vehicles_are_a_riot(text: str, trigger: str) -> None:
    e = coded(text)
    assert (e.plover.type, e.acled.event_type, e.acled.sub_event_type) == (
        "ASSAULT", "Riots", "Mob violence")
    assert e.trigger == trigger
    assert e.actor1 is not None and e.actor1.kind == "protesters"
    assert e.modality == "asserted"
    assert e.location is not None and e.location.name in ("Morsk", "Tarvela")


@pytest.mark.parametrize("text", [
    "The pitcher threw the ball to first base in the ninth inning.",
    "She threw a party for her colleagues in Morsk on Friday.",
])
def test_throwing_other_things_is_no_event(text: str) -> None:
    assert [e for e in events(text) if e.plover.type == "ASSAULT"] == []


def test_demonstrate_against_with_a_misparsed_target_is_a_protest() -> None:
    e = coded("Residents demonstrate against Ministry of Housing officers in Morsk")
    assert (e.plover.type, e.acled.sub_event_type) == ("PROTEST", "Peaceful protest")
    assert e.actor1 is not None and e.actor1.kind == "protesters"
    assert e.modality == "asserted"


@pytest.mark.parametrize("text", [
    "About 150 members of the FARC were spotted moving through the forest near Morsk.",
    "Several Hezbollah members were observed in a village near Tarvela on Monday.",
])
def test_members_of_a_known_armed_group_seen_moving(text: str) -> None:
    e = coded(text)
    assert (e.plover.type, e.acled.event_type, e.acled.sub_event_type) == (
        "MOBILIZE", "Strategic developments", "Change to group/activity")
    assert e.modality == "asserted"
    assert e.location is not None and e.location.name in ("Morsk", "Tarvela")


@pytest.mark.parametrize("text", [
    "Relief agencies are helping the growing number of Bolivians arriving in Tarvela.",
    "Members of the choir were seen in Morsk on Sunday.",
])
def test_members_of_a_people_or_a_club_are_no_armed_group(text: str) -> None:
    assert [e for e in events(text) if e.plover.type == "MOBILIZE"] == []
