"""One event per act for crowds: what a crowd does besides gathering is told by its one event
(ACLED: one event per act), and the incident classes are data checked at load. Sentences
and places are our own."""

from __future__ import annotations

import copy
import dataclasses
import json

import pytest

import flashpoint
from flashpoint.events import knowledge_incidents

PUBLISHED = "2023-08-10"


def _coded(text: str, published: str = PUBLISHED):
    return [e for e in flashpoint.extract(text, published=published) if e.acled is not None]


def test_rioters_who_throw_bombs_and_torch_lorries_are_one_violent_demonstration() -> None:
    [event] = _coded("On 9 August 2023, rioters threw petrol bombs and torched two lorries "
                     "in Kelo town.")
    assert event.acled is not None
    assert (event.acled.event_type, event.acled.sub_event_type) == (
        "Riots", "Violent demonstration")
    assert event.actor1 is not None and event.actor1.kind == "protesters"
    assert event.modality == "asserted"


def test_a_demonstration_whose_crowd_throws_stones_is_one_violent_demonstration() -> None:
    [event] = _coded("On 9 August 2023, hundreds of students staged a demonstration in Kelo "
                     "town and threw stones at the police.")
    assert event.acled is not None and event.acled.event_type == "Riots"
    assert event.acled.sub_event_type == "Violent demonstration"


def test_a_second_crowd_reading_of_another_kind_stays_a_reading_of_its_own() -> None:
    events = _coded("On 9 August 2023, members of the Farmers Front burned an effigy of the "
                    "governor and staged a protest in Kelo town.")
    assert "Peaceful protest" in {e.acled.sub_event_type for e in events if e.acled}


def test_the_object_of_a_protest_is_its_issue_not_a_co_act() -> None:
    import spacy

    from flashpoint.events.incident_acts import _linked
    from flashpoint.nlp.pipeline import model_name

    doc = spacy.load(model_name())("Thousands protest army raids on newspapers.")
    protest, raids = doc[1], doc[3]
    assert not _linked(raids, protest)


def test_a_separate_attack_in_the_same_article_stays_separate() -> None:
    text = ("On 9 August 2023, students staged a protest in Kelo town against fuel prices.\n\n"
            "In a separate incident, gunmen shot dead a trader in Orsa village on Tuesday.")
    events = _coded(text)
    assert [e.acled.event_type for e in events if e.acled] == ["Protests",
                                                              "Violence against civilians"]
    assert events[1].fatalities is not None and events[1].fatalities.best == 1


def test_an_attack_on_a_village_where_both_sides_fought_stays_a_clash() -> None:
    text = ("On 3 May 2021, armed herders attacked the village of Tamba, near Kelo, and "
            "clashed with farmers. Two herders and four farmers were killed.")
    [event] = _coded(text, published="2021-05-04")
    assert event.acled is not None and event.acled.sub_event_type == "Armed clash"
    assert event.fatalities is not None and event.fatalities.best == 6


def _raw() -> dict:
    path = knowledge_incidents.resources.files("flashpoint.events").joinpath(
        "data", knowledge_incidents.INCIDENTS_FILE)
    return json.loads(path.read_text("utf-8"))


@pytest.mark.parametrize(("key", "bad"), [
    ("state_actor_kinds", "soldiers"),
    ("generic_subtypes", "Ambush"),
    ("crowd_event_types", "Demonstrations"),
    ("material_plover_types", "FIGHT"),
])
def test_an_unknown_class_name_fails_at_load_naming_the_key(key: str, bad: str) -> None:
    data = copy.deepcopy(_raw())
    data[key] = [*data[key], bad]
    with pytest.raises(ValueError, match=key):
        knowledge_incidents.validate(data)


def test_the_shipped_classes_load() -> None:
    k = knowledge_incidents.load_incident_knowledge()
    assert "police" in k.state_kinds and "Protests" in k.crowd_types
    assert "clas" in k.mutual_prefixes and "will" in k.modal_aux


@pytest.mark.parametrize(("text", "expected"), [
    # the death that set off the protest is its background, not its toll
    ("On 8 August 2023, residents of Orsa village protested after a cyclist was killed by a "
     "lorry driver.", None),
    # what the lynched men were accused of is not the lynching's toll
    ("On 8 August 2023, villagers in Orsa lynched two suspected thieves, who were accused of "
     "killing a shopkeeper.", 2),
    # the incident's own trigger inside the clause keeps its count
    ("On 8 August 2023, residents fled Orsa after gunmen stormed the town and killed 12 "
     "people.", 12),
    ("On 8 August 2023, the attack that killed 9 people in Orsa was claimed by rebels.", 9),
    # a clause of the incident's place tells its toll
    ("On 8 August 2023, rioters looted shops in Orsa, where medics said 3 people died.", 3),
])
def test_a_count_told_as_background_is_not_the_toll(text: str, expected: int | None) -> None:
    tolls = [e.fatalities.best if e.fatalities else None for e in _coded(text)]
    assert tolls[0] == expected


def test_a_partys_claimed_count_does_not_replace_the_reported_toll() -> None:
    text = ("On 29 August 2023, four soldiers were killed and six wounded when their truck hit "
            "a landmine near Orsa. A rebel radio station later claimed that the rebels had "
            "killed at least 30 soldiers in the area.")
    [event] = _coded(text, published="2023-08-30")
    assert event.acled is not None and event.acled.sub_event_type == \
        "Remote explosive/landmine/IED"
    assert event.fatalities is not None and event.fatalities.best == 4


def test_crowd_acts_at_places_of_their_own_stay_apart() -> None:
    from flashpoint.events.incident_acts import _elsewhere
    from flashpoint.record import Location
    [protest] = _coded("On 9 August 2023, students staged a protest in Kelo town.")
    orsa = Location(text="Orsa", name="Orsa", lat=1.0, lon=2.0)
    there = dataclasses.replace(protest, location=orsa)
    assert _elsewhere(protest, there) and not _elsewhere(protest, protest)


@pytest.mark.parametrize(("text", "toll", "n_events"), [
    # the sentence's count goes to its one lethal act; the arrests made in it are part of it
    ("On 6 January 2020, police launched a sweep near Koro, and killed nine suspected "
     "bandits and detained their leader.", 9, 1),
    ("On 6 January 2020, troops clashed with rebels in Dorra and reportedly killed five rebel "
     "fighters, arrested ten others and seized weapons.", 5, 1),
    # "executed them": the count of the people the coordinated verb names
    ("On 10 January 2020, soldiers reportedly arrested fifteen traders and summarily executed "
     "them near Koro.", 15, None),
    # a chain of participles with adverbs; an adjective the gap used to stop at
    ("On 11 January 2020, at least ten men were reportedly beaten and then summarily executed "
     "near Koro.", 10, 1),
    ("On 10 January 2020, rebels entered Koro. Three displaced persons were killed and one "
     "motorbike was seized.", 3, None),
])
def test_the_toll_of_the_lethal_act(text: str, toll: int, n_events: int | None) -> None:
    events = _coded(text, published="2020-01-12")
    lethal = [e for e in events if e.acled is not None and e.plover.type == "ASSAULT"]
    assert lethal and lethal[0].fatalities is not None and lethal[0].fatalities.best == toll
    if n_events is not None:
        assert len(events) == n_events

