"""Crowd events graded by the ACLED codebook (events.crowds): who acted, what they did, what
was done to them, and the crowd as actor1. Sentences written for these tests."""

from __future__ import annotations

import copy

import pytest

import flashpoint
from flashpoint.events.knowledge import KnowledgeError, _read, build_lexicon


def coded(text: str):
    events = [e for e in flashpoint.extract(text, published="2024-06-01") if e.acled]
    assert events, text
    return sorted(events, key=lambda e: (-e.confidence, e.trigger_start))[0]


@pytest.mark.parametrize("text", [
    # vigilante justice and crowd violence with no demonstration: Mob violence
    "A number of villagers beat a man they accused of stealing a goat in Tenkiri on Sunday.",
    "A band of farmers attacked a young herder with clubs near Kalobo after his cows strayed.",
    "Hundreds of youths attacked a police post in Sendaru after a driver died in custody.",
    "Supporters of a ruling-party councillor beat up two men campaigning for his opponent.",
    "A local party leader along with his supporters beat a journalist outside the council.",
])
def test_a_crowd_that_is_not_demonstrating_riots(text):
    e = coded(text)
    assert e.acled.sub_event_type == "Mob violence", text
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters"), e.actor1


def test_fighting_between_two_crowds_is_mob_violence():
    e = coded("Fighting broke out between a group of herders and a group of farmers in Tiko.")
    assert e.acled.sub_event_type == "Mob violence"
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters")


@pytest.mark.parametrize("text,sub", [
    ("Fighting broke out between soldiers and a group of militants in Tiko.", "Armed clash"),
    ("Clashes between rival clan groups over grazing land left three dead in Haldar.",
     "Armed clash"),
    ("Unknown individuals killed a trader in Sebra.", "Attack"),  # unknown: no crowd
])
def test_armed_organised_or_unknown_sides_are_no_crowd(text, sub):
    assert coded(text).acled.sub_event_type == sub, text


@pytest.mark.parametrize("text", [
    "Herdsmen killed twenty villagers in an attack on Dogo village.",  # a toll: a militia
    "A group of farmers attacked a herders camp near Tawari, wounding two women.",  # a camp
])
def test_a_community_that_raids_or_kills_is_a_militia(text):
    e = coded(text)
    assert e.acled.sub_event_type == "Attack", text
    assert e.actor1 is not None and e.actor1.kind == "militia"


@pytest.mark.parametrize("text", [
    "Students smashed windows and overturned cars while protesting at the university in Bolo.",
    "Villagers protested against the new land tax in Kado, burning tyres on the main road.",
    "A number of people demonstrating against the results burned tyres and clashed with police.",
    "Traders set fire to a municipal office during a demonstration against evictions in Gamu.",
    "Students were violently protesting against the closure of their hostels in Rumo.",
])
def test_demonstrators_who_destroy_make_a_violent_demonstration(text):
    e = coded(text)
    assert e.acled.sub_event_type == "Violent demonstration", text
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters")


@pytest.mark.parametrize("text", [
    # the killing is what the protest is about, not force used on it
    "Relatives of a man killed in a road accident staged a protest in Lira, demanding justice.",
    "Residents protested in Nkam after a pedestrian was killed by a speeding truck.",
    "Residents protested in Kalima over the killing of a trader by unknown gunmen.",
])
def test_a_protest_about_a_killing_is_peaceful(text):
    e = coded(text)
    assert e.acled.sub_event_type == "Peaceful protest", text
    assert e.plover.type == "PROTEST"


def test_force_on_a_protest_makes_the_crowd_actor1_and_the_police_actor2():
    e = coded("Police fired tear gas to disperse residents who were protesting against "
              "evictions in Warrimba.")
    assert e.acled.sub_event_type == "Protest with intervention"
    assert e.actor1 is not None and e.actor1.kind == "protesters"
    assert e.actor2 is not None and e.actor2.kind == "police"


def test_lethal_force_on_peaceful_marchers_is_excessive_force():
    e = coded("Soldiers opened fire on unarmed demonstrators in Kassalo, killing three of them.")
    assert e.acled.sub_event_type == "Excessive force against protesters"
    assert e.actor1 is not None and e.actor1.kind == "protesters"
    assert e.actor2 is not None and e.actor2.kind == "military"
    assert e.fatalities is not None and e.fatalities.best == 3


@pytest.mark.parametrize("text,sub", [
    # beaten without a toll or an injury: force short of lethal
    ("Police beat the protesting nurses and dispersed them outside the ministry in Kobo.",
     "Protest with intervention"),
    ("Police beat protesters in Kobo, leaving ten injured.", "Excessive force against protesters"),
    # protesters and police fighting each other: the demonstrators used violence too
    ("Police clashed with protesters in Sarn on Monday.", "Violent demonstration"),
    # tear gas and rubber bullets are fired, but are no lethal fire
    ("Police fired rubber bullets at demonstrators in Sarn.", "Protest with intervention"),
    ("Police fired on demonstrators in Sarn, killing two.", "Excessive force against protesters"),
])
def test_force_on_protesters_is_graded_by_its_harm(text, sub):
    e = coded(text)
    assert e.acled.sub_event_type == sub, text
    assert e.actor2 is not None and e.actor2.kind == "police"


def test_tear_gas_fired_at_a_protest_is_an_intervention():
    e = coded("Police fired tear gas at protesters in Machakos on Tuesday.")
    assert e.acled.sub_event_type == "Protest with intervention"
    assert e.actor1 is not None and e.actor1.kind == "protesters"


def test_arrests_told_after_the_protest_leave_the_crowd_actor1():
    e = coded("Hundreds of traders protested outside the town hall in Moru. Police made arrests "
              "and dispersed the crowd.")
    assert e.acled.sub_event_type == "Protest with intervention"
    assert e.actor1 is not None and e.actor1.kind == "protesters"
    assert e.actor2 is not None and e.actor2.kind == "police"


def test_a_rule_naming_an_unknown_fact_is_refused():
    acled = copy.deepcopy(_read("acled_rules.v1.json"))
    acled["classes"]["protest"][0]["when"]["fact"] = "crowd_sang"
    with pytest.raises(KnowledgeError, match="crowd_sang"):
        build_lexicon(_read("triggers.v1.json"), _read("cues.v1.json"), acled)


@pytest.mark.parametrize("text", [
    # "rival" on a group says the sides compete: no political figure, no war of words
    "On 3 May 2024, rival groups clashed at Tenkiri village over a land dispute.",
    "Rival factions clashed in Kalobo on Monday over control of the market.",
])
def test_rival_groups_clashing_are_a_crowd_not_a_war_of_words(text):
    e = coded(text)
    assert e.acled.sub_event_type == "Mob violence", text
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters"), e.actor1


def test_a_rival_as_a_noun_is_still_a_war_of_words():
    events = [e for e in flashpoint.extract(
        "The opposition leader clashed with his rival over the budget in parliament.",
        published="2024-06-01") if e.acled]
    assert not events


@pytest.mark.parametrize("text", [
    # the subject of "engaged in" / "participated in" is the doer of the noun trigger
    "Supporters of the two mayoral hopefuls engaged in a clash near the Kalobo ferry on Friday.",
    "Hundreds of youths participated in the attack on the police station in Kalobo.",
])
def test_the_subject_of_engaged_in_is_the_crowd_that_acted(text):
    e = coded(text)
    assert e.acled.sub_event_type == "Mob violence", text
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters"), e.actor1
