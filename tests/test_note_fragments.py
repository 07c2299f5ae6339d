"""Short report notes that tell an event without a verb of their own: a named kind of
political violence as the note's topic ("Renewed ethnic violence.") is ACLED's Riots, while
the same words inside a prepositional phrase or as an object (a report on, fears of) tell
nothing new; and a note that the details are not known does not negate the event.
Sentences written for these tests (invented places and parties)."""

from __future__ import annotations

import pytest

import flashpoint


def events(text: str, published: str = "2024-05-10"):
    return [e for e in flashpoint.extract(text, published=published) if e.acled]


@pytest.mark.parametrize("text", [
    "Renewed ethnic violence. LOCATION: Zeli near Morsk",
    "Continuing post-election violence in Tarvela - details not given",
    "Communal violence has displaced 300 families in Zeli.",
])
def test_a_named_kind_of_violence_as_the_topic_is_a_riot(text):
    found = events(text)
    assert found, text
    e = found[0]
    assert e.acled.event_type == "Riots", (text, e.acled)
    assert e.modality == "asserted"


@pytest.mark.parametrize("text", [
    "Residents of Zeli fear renewed ethnic violence ahead of the vote.",
    "The commission published a report on electoral violence in Morsk.",
])
def test_the_same_words_as_an_object_or_topic_of_a_report_are_no_event(text):
    assert not events(text), text


def test_a_toll_in_that_violence_stays_one_event():
    found = events("On 6 May 2024, two herders were killed in ethnic violence in Zeli.")
    assert len(found) == 1
    assert found[0].fatalities is not None and found[0].fatalities.best == 2


def test_details_not_specified_is_no_negation():
    found = events("Riots involving arson in Tarvela - details not specified.")
    assert found
    assert found[0].acled.event_type == "Riots"
    assert found[0].modality == "asserted"
    assert events("Gunmen did not attack the village of Tarvela.") == []


def test_armed_men_descending_on_a_village_is_an_attack():
    found = events("On 7 May 2024, a gang of armed men descended on a village near Zeli.")
    assert found
    assert found[0].acled.sub_event_type == "Attack"
    assert found[0].modality == "asserted"


def test_people_of_no_armed_kind_descending_on_a_town_is_no_event():
    assert not events("Thousands of fans descended on Zeli for the cup final.")
    assert not events("A group of young men descended on the Zeli market on Monday.")


def test_a_group_of_armed_men_is_an_armed_subject():
    found = events("On 7 May 2024, a group of armed men gathered outside Morsk.")
    assert found and found[0].acled.sub_event_type == "Change to group/activity"
