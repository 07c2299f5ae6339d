"""A demonstration graded by what its report's later sentences tell (events.incident_crowds):
the crowd's own violence makes a Violent demonstration, force used on it a Protest with
intervention, live fire on it Excessive force. Sentences written for these tests."""

from __future__ import annotations

import pytest

import flashpoint


def crowd_events(text: str):
    events = [e for e in flashpoint.extract(text) if e.acled is not None and
              e.acled.event_type in ("Protests", "Riots")]
    assert len(events) == 1, [(e.trigger, e.acled) for e in events]
    return events[0]


@pytest.mark.parametrize("text", [
    "Students protested over fees in Varlo. The protesters lit bonfires on the main road.",
    "Traders marched to the council office in Dunmere. The traders pelted passing cars with "
    "stones.",
    "Graduates demonstrated in Osk against the cancelled results. The protesters erected "
    "barricades as officers sought to scatter them with tear gas.",
    "Villagers demonstrated against the new prefect in Holt. The villagers wounded two "
    "policemen in a confrontation.",
    # the crowd's violence outranks the force used on it
    "Pupils demonstrated in Ressa. Pupils erected barricades and threw rocks at police. "
    "Police fired teargas into the crowd.",
])
def test_a_crowd_that_turns_violent_in_a_later_sentence_is_a_violent_demonstration(text):
    e = crowd_events(text)
    assert e.acled.sub_event_type == "Violent demonstration", text
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters"), e.actor1


@pytest.mark.parametrize("text", [
    "Nurses protested over unpaid wages in Belmora. Police intervened.",
    "Miners in Karst protest to demand the release of their colleagues. Police intervene.",
    "Porters demonstrated over pay in Ulvik. Police fired tear gas.",
    "Farmers protested against the land law in Tarrow. The police fired into the air.",
])
def test_force_told_after_a_protest_is_an_intervention(text):
    e = crowd_events(text)
    assert e.acled.sub_event_type == "Protest with intervention", text
    assert e.actor1 is not None and e.actor1.kind in ("protesters", "civilians")
    assert e.actor2 is not None and e.actor2.kind == "police", e.actor2


def test_live_fire_told_after_a_protest_is_excessive_force():
    e = crowd_events("Residents protested in Calder against evictions. The police fired live "
                     "bullets at the crowd.")
    assert e.acled.sub_event_type == "Excessive force against protesters"
    assert e.actor2 is not None and e.actor2.kind == "police"


@pytest.mark.parametrize("text", [
    "Traders protested in Morva over market fees. No arrests were made.",
    "Traders protested in Morva over market fees. Police did not intervene.",
    # a force's word about another matter, and violence the crowd protests, add nothing
    "Teachers protested in Morva. Police said they were investigating an arson at a school.",
    "Drivers protested in Morva. They said police had beaten a colleague last week.",
])
def test_a_later_sentence_that_tells_no_force_or_violence_leaves_the_protest_peaceful(text):
    e = crowd_events(text)
    assert e.acled.sub_event_type == "Peaceful protest", text
    assert e.actor1 is not None and e.actor1.kind == "protesters"


def test_the_place_of_a_protest_is_no_cause_of_it():
    # "protested in X, burning ...": the place phrase is the clause's own, no topic
    e = crowd_events("Residents protested in Laro, burning posters and lighting bonfires.")
    assert e.acled.sub_event_type == "Violent demonstration"


def test_a_charge_the_crowd_makes_is_what_it_protests():
    e = [x for x in flashpoint.extract(
        "Residents protested in the Kell area against foreign troops, accused of killing "
        "civilians in the city.") if x.acled is not None and x.acled.event_type == "Protests"]
    assert e and e[0].acled.sub_event_type == "Peaceful protest"


def test_members_of_a_force_who_fire_on_a_protest_are_no_violent_crowd():
    # live fire on demonstrators who did no violence, by a force the actors do not name
    e = crowd_events("Locals staged a protest near the border post in Farn. Members of the "
                     "border force fired live bullets at the protesters and injured one.")
    assert e.acled.sub_event_type == "Excessive force against protesters"
    assert e.actor1 is not None and e.actor1.kind == "protesters"


@pytest.mark.parametrize("text", [
    # arrests named as what the crowd demands or protests are no force used on it
    "On 3 May 2024, students staged a protest in Orrin town, demanding the release of "
    "classmates detained by police last week.",
    "Residents protested in Orrin, calling for the arrest of a councillor accused of fraud.",
    "Traders marched in Orrin after police arrested two of their leaders.",
    "On 3 May 2024, members of the Women Forum staged a protest in front of the party office "
    "in Orrin and demanded the release of detained party members.",
])
def test_arrests_a_protest_is_about_leave_it_peaceful(text):
    e = crowd_events(text)
    assert e.acled.sub_event_type == "Peaceful protest", text
    assert e.actor2 is None or e.actor2.kind != "police", e.actor2


def test_arrests_made_at_the_protest_are_still_an_intervention():
    e = crowd_events("Hundreds of traders protested in Orrin on Monday and police "
                     "arrested twelve of them.")
    assert e.acled.sub_event_type == "Protest with intervention"
    assert e.actor2 is not None and e.actor2.kind == "police"


@pytest.mark.parametrize("text", [
    "On 3 May 2024, members of the Blue League assaulted and injured Green Party members "
    "with sticks in Varno town, during the demonstration of the Green Party.",
    "Supporters of the mayor beat two traders during their protest against market fees in "
    "Varno.",
])
def test_demonstrators_set_upon_during_their_demonstration_are_an_intervention(text):
    e = crowd_events(text)
    assert e.acled.sub_event_type == "Protest with intervention", text
    assert e.actor1 is not None and e.actor1.name.startswith("Protesters"), e.actor1


def test_demonstrators_who_assault_an_officer_during_their_demonstration_riot():
    e = crowd_events("On 3 May 2024, villagers assaulted a traffic police officer and blocked "
                     "the highway in Varno, during their demonstration against a fatal crash.")
    assert e.acled.sub_event_type == "Violent demonstration"
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters"), e.actor1


@pytest.mark.parametrize("text", [
    "Students rampage to protest the closure of their hostels in Varno.",
    "Protesters abducted a county official from his office in Varno.",
])
def test_demonstrators_who_rampage_or_abduct_riot(text):
    e = crowd_events(text)
    assert e.acled.sub_event_type == "Violent demonstration", text
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters"), e.actor1


@pytest.mark.parametrize("text", [
    # a mob that is not demonstrating, and rioters who set upon people: Mob violence
    "A rioting mob torched a car in Varno and killed a pedestrian.",
    "A party candidate and members of his party were injured by rioters at a polling "
    "station in Varno.",
])
def test_a_mob_and_rioters_who_hurt_people_are_mob_violence(text):
    e = crowd_events(text)
    assert e.acled.sub_event_type == "Mob violence", text
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters"), e.actor1


def test_clashes_told_after_a_march_are_its_crowd_fighting():
    found = [e for e in flashpoint.extract(
        "Protesters marched in Varno to demand the release of detained vigilantes. Clashes "
        "led to one soldier injured and several arrests.") if e.acled is not None]
    crowd = [e for e in found if e.acled.event_type in ("Protests", "Riots")]
    assert crowd and crowd[0].acled.sub_event_type == "Violent demonstration"


@pytest.mark.parametrize("text", [
    # "fight against" a cost is no clash; an arrest of one person is what the crowd protests
    "On 1 May 2022, workers marched in Varno. On Labour Day, they demanded better pay and "
    "fight against the high cost of living.",
    "About 5,000 people demonstrated in Varno for the release of a former minister. He was "
    "arrested in mid-September.",
])
def test_a_figurative_fight_or_a_past_arrest_leaves_the_protest_peaceful(text):
    found = [e for e in flashpoint.extract(text) if e.acled is not None and
             e.acled.event_type in ("Protests", "Riots")]
    assert found and found[0].acled.sub_event_type == "Peaceful protest", text


def test_what_a_crowd_claims_is_its_issue():
    e = crowd_events("On 3 May 2024, farmers staged a human chain protest in Varno against sand "
                     "digging in the river, claiming that it was damaging their fields.")
    assert e.acled.sub_event_type == "Peaceful protest"
    assert e.actor1 is not None and e.actor1.kind == "protesters"


@pytest.mark.parametrize("text,sub", [
    # property destroyed by people no group names, amid unrest: rioters, Mob violence
    ("On 5 May 2024, unidentified persons vandalized a temple in Varno city, amid the unrest "
     "that followed the fall of the government.", "Mob violence"),
    ("Unidentified men vandalized a shop in Varno on Monday.", "Looting/property destruction"),
    ("Rebels looted shops in Varno amid the unrest.", "Looting/property destruction"),
])
def test_property_destroyed_amid_unrest_by_unnamed_people_is_mob_violence(text, sub):
    found = [e for e in flashpoint.extract(text) if e.acled is not None]
    assert found and found[0].acled.sub_event_type == sub, text
