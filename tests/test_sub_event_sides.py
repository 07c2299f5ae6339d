"""ACLED sub-event decisions that turn on who the sides are (issue 14), on sentences written
for these tests (invented places and people): an agent whose own words say it is armed or
unknown is an armed group, not a crowd (Attack, not Mob violence); a group named by its
community or clan that kills is an identity militia; the doer named in a "by"/"from" phrase
is no second armed side, and neither is a verb that merely looks like a force word."""

from __future__ import annotations

import pytest

import flashpoint


def coded(text: str):
    events = [e for e in flashpoint.extract(text, published="2024-06-01") if e.acled]
    assert events, text
    return sorted(events, key=lambda e: (-e.confidence, e.trigger_start))[0]


@pytest.mark.parametrize("text", [
    "Two unidentified men shot dead a shopkeeper in Karuvo on Monday.",
    "Unknown persons shot and killed a trader near the market of Lembi.",
    "Two men armed with rifles killed a farmer in Tovasso.",
])
def test_an_armed_or_unknown_agent_is_an_armed_group_not_a_crowd(text):
    e = coded(text)
    assert (e.acled.event_type, e.acled.sub_event_type) == (
        "Violence against civilians", "Attack"), text
    assert e.actor1 is not None and e.actor1.name == "Unidentified Armed Group", e.actor1
    assert e.actor2 is not None and e.actor2.kind == "civilians", e.actor2
    assert e.fatalities is not None and e.fatalities.best == 1


def test_unarmed_villagers_beating_a_man_stay_a_crowd():
    e = coded("A number of villagers beat a man they accused of theft in Tenkoro.")
    assert e.acled.sub_event_type == "Mob violence"
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters")


@pytest.mark.parametrize("text", [
    "Members of the Zorvani community killed a farmer near Karuvo on Friday.",
    "Youths of the Melani clan killed two herders at Dabel well.",
])
def test_a_community_named_group_that_kills_is_an_identity_militia(text):
    e = coded(text)
    assert e.acled.sub_event_type == "Attack", text
    assert e.actor1 is not None and e.actor1.kind == "militia", e.actor1
    assert e.actor2 is not None and e.actor2.kind == "civilians"
    assert e.fatalities is not None and e.fatalities.best >= 1


@pytest.mark.parametrize("text", [
    "One person was killed and 200 goats stolen by suspected bandits near Lomaru.",
    "A Tesi man died after an attack by suspected Varo militia at Kelbu.",
    "A Tesi man died after an attack from suspected Varo militia at Kelbu.",
])
def test_the_doer_named_after_by_or_from_is_no_second_side(text):
    e = coded(text)
    assert (e.acled.event_type, e.acled.sub_event_type) == (
        "Violence against civilians", "Attack"), text
    assert e.fatalities is not None and e.fatalities.best == 1


def test_a_verb_that_looks_like_a_force_word_is_no_armed_side():
    # "forcing" is not "force": no armed side is attacked, houses are
    e = coded("A gang of about 800 men attacked houses in Karuvo, forcing dozens to flee.")
    assert e.acled.sub_event_type == "Attack"
    assert e.location is not None and e.location.name == "Karuvo"


@pytest.mark.parametrize("text,sub,kind2", [
    ("Soldiers were ambushed by militants near Kelbu, and four were killed.",
     "Armed clash", "military"),
    ("Militants attacked an army base near Kelbu.", "Armed clash", "military"),
    ("Civilians were killed by soldiers in Kelbu.", "Attack", "civilians"),
])
def test_the_other_side_still_counts_when_it_is_named(text, sub, kind2):
    e = coded(text)
    assert e.acled.sub_event_type == sub, text
    assert e.actor2 is not None and e.actor2.kind == kind2, e.actor2


@pytest.mark.parametrize("text,sub", [
    # the date before the clause is no object of the act: the town hall is, and property
    # hit with no one hurt is Looting/property destruction
    ("On 9 January 2021, suspected militants attacked the town hall in Karuvo and set the "
     "interior ablaze, no casualties reported.", "Looting/property destruction"),
    ("On 3 May 2021, protesters marched through Tamba to the governor's office.",
     "Peaceful protest"),
])
def test_a_leading_date_is_never_the_patient(text, sub):
    events = [e for e in flashpoint.extract(text, published="2021-05-20") if e.acled]
    assert events, text
    e = sorted(events, key=lambda e: (-e.confidence, e.trigger_start))[0]
    assert e.acled.sub_event_type == sub, text
    assert e.actor2 is None or "2021" not in e.actor2.text, e.actor2


@pytest.mark.parametrize("text", [
    "Members of the Dorva clan beat and injured a councillor in Telgaon on Monday.",
    "A number of youths of the Kelu community beat a suspected thief in Marpur.",
])
def test_a_community_named_group_that_only_beats_stays_a_crowd(text):
    e = coded(text)
    assert e.acled.sub_event_type == "Mob violence", text
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters"), e.actor1


def test_unknown_people_who_beat_and_burn_amid_unrest_may_be_a_mob():
    # no weapon word and an act a crowd does: the old reading (a crowd) stands
    e = coded("Unidentified persons attacked and set ablaze twelve houses in Telgaon "
              "amid unrest after the election.")
    assert e.acled.sub_event_type == "Mob violence", e.acled
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters"), e.actor1
    assert e.fatalities is None or e.fatalities.best == 0


def test_a_herder_who_stabs_a_farmer_to_death_is_an_identity_militia():
    # the act took a life ("to death"), whatever toll was read: one community's violence
    # on another's member, no crowd
    e = coded("A herder stabbed a farmer to death in the village of Tesso on Sunday.")
    assert e.acled.sub_event_type == "Attack"
    assert e.actor1 is not None and e.actor1.kind == "militia", e.actor1
    assert e.actor2 is not None and e.actor2.kind == "civilians", e.actor2
    assert e.fatalities is not None and e.fatalities.best == 1


@pytest.mark.parametrize("text", [
    "A number of residents armed with sticks assaulted a tax collector in the market of Bero.",
    "Members of two clans attacked each other with spears near Tamsa, killing two men.",
])
def test_crude_weapons_and_fights_between_clans_stay_a_crowd(text):
    e = coded(text)
    assert e.acled.sub_event_type == "Mob violence", text
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters"), e.actor1
