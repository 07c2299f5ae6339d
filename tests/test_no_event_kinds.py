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


@pytest.mark.parametrize("text, trigger", [
    ("Soldiers mutinied in the garrison town of Morsk on Sunday, firing into the air.",
     "mutinied"),
    ("A mutiny by soldiers in Tarvela spread to the town of Morsk.", "mutiny"),
    ("Firing by mutinying gendarmes was reported in Morsk.", "mutinying"),
])
def test_a_mutiny_is_a_riot_of_the_mutineers(text: str, trigger: str) -> None:
    e = coded(text)
    assert (e.plover.type, e.acled.event_type, e.acled.sub_event_type) == (
        "PROTEST", "Riots", "Violent demonstration")
    assert e.trigger == trigger
    assert e.modality == "asserted"
    assert e.location is not None and e.location.name in ("Morsk", "Tarvela")


@pytest.mark.parametrize("text, sub_event_type", [
    ("Violence broke out between rival party supporters in Tarvela, leaving one dead.",
     "Mob violence"),
    ("Ethnic violence erupted between two clans in Morsk on Friday.", "Armed clash"),
])
def test_violence_that_erupts_is_an_event(text: str, sub_event_type: str) -> None:
    e = coded(text)
    assert e.plover.type == "ASSAULT"
    assert e.acled.sub_event_type == sub_event_type
    assert e.trigger.lower().startswith("violence")
    assert e.modality == "asserted"
    assert e.location is not None and e.location.name in ("Morsk", "Tarvela")


@pytest.mark.parametrize("text", [
    "Campaigners say violence against women is rising in Morsk.",
    "The mayor of Tarvela condemned violence in all its forms.",
])
def test_violence_as_a_topic_is_no_event(text: str) -> None:
    assert [e for e in events(text) if e.plover.type == "ASSAULT"] == []


def test_a_clause_with_its_own_subject_is_not_under_the_attempt_before_it() -> None:
    """"police tried to disperse them, but the mob burnt two cars": the burning is not
    what the police tried; the attempt itself stays no event."""
    found = events("Police tried to disperse the crowd in Morsk, but the mob burnt two cars "
                   "and attacked a bus.")
    assert [(e.plover.type, e.acled.sub_event_type) for e in found] == [
        ("ASSAULT", "Mob violence")]
    assert found[0].trigger in ("mob", "burnt", "attacked")
    assert found[0].location is not None and found[0].location.name == "Morsk"


def test_what_was_only_attempted_stays_no_event() -> None:
    assert events("Soldiers tried to attack the village of Tarvela but were repelled.") == []


def test_killed_in_violence_of_a_named_kind_is_one_episode() -> None:
    """"killed in ethnic violence": the kind of one episode, as ACLED codes the report."""
    found = events("Five killed in ongoing ethnic violence in Morsk.")
    assert [(e.plover.type, e.acled.event_type) for e in found] == [
        ("ASSAULT", "Violence against civilians")]
    assert found[0].fatalities is not None and found[0].fatalities.best == 5
    assert found[0].modality == "asserted"
    assert found[0].location is not None and found[0].location.name == "Morsk"


@pytest.mark.parametrize("text", [
    "Hundreds have been killed in ethnic violence in Morsk this year.",
    "Three killed in weekend violence in Morsk.",
])
def test_violence_over_a_time_span_stays_a_summary(text: str) -> None:
    assert events(text) == []


def test_movements_of_armed_men_are_a_movement_of_forces() -> None:
    e = coded("On 3 May, herders in Tarvela noticed the movements of armed strangers on "
              "the hills.")
    assert (e.plover.type, e.acled.event_type, e.acled.sub_event_type) == (
        "MOBILIZE", "Strategic developments", "Change to group/activity")
    assert e.trigger == "movements"
    assert e.location is not None and e.location.name == "Tarvela"


@pytest.mark.parametrize("text", [
    "The movement of goods across the border near Morsk slowed in May.",
    "The opposition movement in Morsk elected a new leader.",
])
def test_other_movements_are_no_movement_of_forces(text: str) -> None:
    assert [e for e in events(text) if e.plover.type == "MOBILIZE"] == []




def test_a_sports_word_inside_an_organisations_name_is_no_game() -> None:
    """"members of the Zorat Students League assaulted ...": a political organisation's
    name, not a sports league; the common word ("the league leaders") still is a game's."""
    e = coded("On 3 March, members of the Zorat Students League assaulted and injured two "
              "journalists in Morsk.")
    assert (e.plover.type, e.acled.event_type, e.acled.sub_event_type) == (
        "ASSAULT", "Riots", "Mob violence")
    assert e.trigger == "assaulted"
    assert e.location is not None and e.location.name == "Morsk"
    assert events("The league leaders attacked relentlessly in the second half.") == []
