"""Demonstrators set upon by others, short of killing (events.crowds `crowd_set_upon`):
for ACLED a Protest with intervention, not the crowd's own violence. Sentences written for
these tests (invented places, parties and people)."""

from __future__ import annotations

import pytest

import flashpoint


def events(text: str, published: str = "2024-05-10"):
    return [e for e in flashpoint.extract(text, published=published) if e.acled]


def coded(text: str):
    found = events(text)
    assert found, text
    return sorted(found, key=lambda e: (-e.confidence, e.trigger_start))[0]


@pytest.mark.parametrize("text", [
    # a counter-group beats demonstrators: the demonstrators did no violence
    "Supporters of the mayor attacked a group of protesters outside the town hall in Korvat.",
    # the object shared by two coordinated verbs, the demonstrators named by a modifier
    "On 3 May 2024, members of the Unity League assaulted and injured demonstrating members "
    "of the Teachers Council with sticks in Korvat town.",
])
def test_demonstrators_set_upon_are_a_protest_with_intervention(text):
    e = coded(text)
    assert e.acled.event_type == "Protests", text
    assert e.acled.sub_event_type == "Protest with intervention", text
    assert e.actor1 is not None and e.actor1.name.startswith("Protesters"), e.actor1
    assert e.modality == "asserted"


def test_an_assault_told_after_the_protest_makes_it_an_intervention():
    found = events("On 3 May 2024, students staged a protest in Korvat town demanding lower "
                   "fees. Members of the Youth Front assaulted the protesters, injuring at "
                   "least 10 students.")
    assert len(found) == 1, found  # one incident: the protest and what was done to it
    e = found[0]
    assert e.acled.sub_event_type == "Protest with intervention"
    assert e.actor1 is not None and e.actor1.kind == "protesters"
    assert e.modality == "asserted"


def test_police_who_intercept_a_rally_intervene_and_seize_no_weapons():
    found = events("On 3 May 2024, members of the Farmers Union staged a protest rally in "
                   "Korvat town, demanding higher crop prices. Police intercepted the rally "
                   "and obstructed the protesters from reaching the governor's office.")
    subs = [e.acled.sub_event_type for e in found]
    assert "Disrupted weapons use" not in subs, subs
    e = found[0]
    assert e.acled.sub_event_type == "Protest with intervention", subs
    assert e.actor1 is not None and e.actor1.kind == "protesters"
    assert e.actor2 is not None and e.actor2.kind == "police", e.actor2


@pytest.mark.parametrize("text,sub", [
    # the demonstrators' own violence stays a Violent demonstration
    ("Protesters attacked rival marchers with stones in Korvat town on Monday.",
     "Violent demonstration"),
    # a mob that sets upon demonstrators is still a mob
    ("A mob attacked protesters in Korvat on Monday.", "Mob violence"),
    # police who wound demonstrators use excessive force
    ("Police attacked the protesters in Korvat, wounding twenty.",
     "Excessive force against protesters"),
    # weapons intercepted stay a disrupted weapons use
    ("Soldiers intercepted a truck carrying rifles near Korvat on Monday.",
     "Disrupted weapons use"),
])
def test_what_is_no_intervention_stays_as_it_was(text, sub):
    assert coded(text).acled.sub_event_type == sub, text


@pytest.mark.parametrize("text", [
    "A trader and two of his workers were injured by rioters at a polling station in Korvat.",
    "Rioting youths attacked traders from the Tamba community in Korvat after a bomb blast.",
])
def test_rioters_who_set_upon_people_are_a_mob(text):
    e = [x for x in events(text, published="2021-10-03") if x.acled.event_type == "Riots"][0]
    assert e.acled.sub_event_type == "Mob violence", text
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters"), e.actor1
    assert e.modality == "asserted"


@pytest.mark.parametrize("text", [
    "Rioters burned tyres and injured two policemen in Korvat.",  # a riot against police
    "Rioters attacked the police station in Korvat.",  # no person set upon
    "Rioting students beat a teacher during a protest in Korvat.",  # demonstrators
])
def test_other_riots_stay_violent_demonstrations(text):
    e = [x for x in events(text, published="2021-10-03") if x.acled.event_type == "Riots"][0]
    assert e.acled.sub_event_type == "Violent demonstration", text
