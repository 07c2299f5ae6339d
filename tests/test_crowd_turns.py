"""A demonstration graded by what its report tells of it (events.crowd_turns and
events.incident_crowds): the crowd's own violence makes a Violent demonstration, force used on
it a Protest with intervention, live fire on it Excessive force; what the crowd protests or
demands is no act done at it. Sentences written for these tests."""

from __future__ import annotations

import pytest

import flashpoint

CROWD_TYPES = ("Protests", "Riots")


def crowd_events(text: str):
    events = [e for e in flashpoint.extract(text) if e.acled is not None and
              e.acled.event_type in CROWD_TYPES]
    assert len(events) == 1, [(e.trigger, e.acled) for e in events]
    return events[0]


def first_crowd_event(text: str):
    found = [e for e in flashpoint.extract(text) if e.acled is not None and
             e.acled.event_type in CROWD_TYPES]
    assert found, text
    return found[0]


@pytest.mark.parametrize("text", [
    "Pupils marched over exam fees in Varlo. The marchers lit bonfires along the ring road.",
    "Traders marched to the council office in Dunmere. The traders pelted passing cars with "
    "stones.",
    "Graduates rallied in Osk over cancelled results. The marchers erected barricades as "
    "officers sought to scatter them with tear gas.",
    "Villagers rallied against the new prefect in Holt. The villagers wounded two constables "
    "in a scuffle.",
    # the crowd's violence outranks the force used on it
    "Pupils rallied in Ressa. Pupils erected barricades and threw rocks at constables. "
    "Officers lobbed teargas at them.",
])
def test_a_crowd_that_turns_violent_in_a_later_sentence_is_a_violent_demonstration(text):
    e = crowd_events(text)
    assert e.acled.sub_event_type == "Violent demonstration", text
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters"), e.actor1


@pytest.mark.parametrize("text", [
    "Nurses rallied over unpaid wages in Belmora. Police intervened.",
    "Dockers rallied in Ulvik to seek the freedom of two union leaders. Police intervened.",
    "Porters rallied over pay in Ulvik. Police fired tear gas.",
    "Farmers rallied against the land law in Tarrow. Police fired into the sky.",
])
def test_force_told_after_a_protest_is_an_intervention(text):
    e = crowd_events(text)
    assert e.acled.sub_event_type == "Protest with intervention", text
    assert e.actor1 is not None and e.actor1.kind in ("protesters", "civilians")
    assert e.actor2 is not None and e.actor2.kind == "police", e.actor2


def test_live_fire_told_after_a_protest_is_excessive_force():
    e = crowd_events("Tenants rallied in Calder over evictions. The police shot live rounds "
                     "at the marchers.")
    assert e.acled.sub_event_type == "Excessive force against protesters"
    assert e.actor2 is not None and e.actor2.kind == "police"


@pytest.mark.parametrize("text", [
    "Traders rallied in Morva over market fees. No arrests were made.",
    "Traders rallied in Morva over market fees. Police did not intervene.",
    # a force's word about another matter, and violence the crowd protests, add nothing
    "Teachers rallied in Morva. Police said they were looking into an arson at a school.",
    "Drivers rallied in Morva. They said officers had beaten a colleague last week.",
])
def test_a_later_sentence_that_tells_no_force_or_violence_leaves_the_protest_peaceful(text):
    e = crowd_events(text)
    assert e.acled.sub_event_type == "Peaceful protest", text
    assert e.actor1 is not None and e.actor1.kind == "protesters"


def test_the_place_of_a_protest_is_no_cause_of_it():
    # "protested in X, burning ...": the place phrase is the clause's own, no topic
    e = crowd_events("Residents protested in Laro, burning tyres and lighting bonfires.")
    assert e.acled.sub_event_type == "Violent demonstration"


def test_a_charge_the_crowd_makes_is_what_it_protests():
    e = first_crowd_event("Residents rallied in the Kell quarter against foreign troops, "
                          "accused of killing herders near the city.")
    assert e.acled.sub_event_type == "Peaceful protest"


def test_members_of_a_force_who_fire_on_a_protest_are_no_violent_crowd():
    # live fire on demonstrators who did no violence, by a force the actors do not name
    e = crowd_events("Locals rallied by the border post in Farn. Members of the border force "
                     "shot live rounds at the marchers and hurt one.")
    assert e.acled.sub_event_type == "Excessive force against protesters"
    assert e.actor1 is not None and e.actor1.kind == "protesters"


@pytest.mark.parametrize("text", [
    # arrests named as what the crowd demands or protests are no force used on it
    "On 3 May 2024, pupils rallied in Orrin town, seeking freedom for classmates jailed by "
    "police last week.",
    "Residents rallied in Orrin, urging the arrest of a councillor accused of fraud.",
    "Traders marched in Orrin after police arrested two of their leaders.",
    "On 3 May 2024, the Women Forum rallied by its party office in Orrin and sought freedom "
    "for its jailed members.",
])
def test_arrests_a_protest_is_about_leave_it_peaceful(text):
    e = crowd_events(text)
    assert e.acled.sub_event_type == "Peaceful protest", text
    assert e.actor2 is None or e.actor2.kind != "police", e.actor2


def test_arrests_made_at_the_protest_are_still_an_intervention():
    e = crowd_events("Hundreds of traders protested in Orrin on Monday and police arrested "
                     "twelve of them.")
    assert e.acled.sub_event_type == "Protest with intervention"
    assert e.actor2 is not None and e.actor2.kind == "police"


@pytest.mark.parametrize("text", [
    "Members of the Blue League assaulted and injured Green Party members with sticks in "
    "Varno town, during the demonstration of the Green Party.",
    "Supporters of the mayor beat two traders during their protest against market fees in "
    "Varno.",
])
def test_demonstrators_set_upon_during_their_demonstration_are_an_intervention(text):
    e = crowd_events(text)
    assert e.acled.sub_event_type == "Protest with intervention", text
    assert e.actor1 is not None and e.actor1.name.startswith("Protesters"), e.actor1


def test_demonstrators_who_assault_an_officer_during_their_demonstration_riot():
    e = crowd_events("On 3 May 2024, villagers beat a traffic constable and shut the ring "
                     "road in Varno, during their rally over a fatal crash.")
    assert e.acled.sub_event_type == "Violent demonstration"
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters"), e.actor1


@pytest.mark.parametrize("text", [
    "Students rampage to protest the loss of their hostels in Varno.",
    "Protesters abducted a county clerk from his desk in Varno.",
])
def test_demonstrators_who_rampage_or_abduct_riot(text):
    e = crowd_events(text)
    assert e.acled.sub_event_type == "Violent demonstration", text
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters"), e.actor1


@pytest.mark.parametrize("text", [
    # a mob that is not demonstrating, and rioters who set upon people: Mob violence
    "A rioting mob burned a lorry in Varno and killed a cyclist.",
    "A party candidate and members of his party were injured by rioters at a voting centre in "
    "Varno.",
])
def test_a_mob_and_rioters_who_hurt_people_are_mob_violence(text):
    e = crowd_events(text)
    assert e.acled.sub_event_type == "Mob violence", text
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters"), e.actor1


def test_clashes_told_after_a_march_are_its_crowd_fighting():
    e = first_crowd_event("Protesters marched in Varno to seek the freedom of jailed "
                          "vigilantes. Clashes left a soldier injured and led to several "
                          "arrests.")
    assert e.acled.sub_event_type == "Violent demonstration"


@pytest.mark.parametrize("text", [
    # "fight" a cost is no clash; an arrest of one person is what the crowd protests
    "On 1 May 2022, workers marched in Varno. On Labour Day, they sought better pay and "
    "vowed to fight rising prices.",
    "About 4,000 people rallied in Varno for the freedom of an ex-minister. He was "
    "arrested in October.",
])
def test_a_figurative_fight_or_a_past_arrest_leaves_the_protest_peaceful(text):
    assert first_crowd_event(text).acled.sub_event_type == "Peaceful protest", text


def test_what_a_crowd_claims_is_its_issue():
    e = crowd_events("Farmers stood hand in hand along the river in Varno to protest sand "
                     "digging, claiming that it ruins their fields.")
    assert e.acled.sub_event_type == "Peaceful protest"
    assert e.actor1 is not None and e.actor1.kind == "protesters"


@pytest.mark.parametrize("text,sub", [
    # property destroyed by people no group names, amid unrest: rioters, Mob violence
    ("On 5 May 2024, unknown persons wrecked a shrine in Varno city, amid the unrest that "
     "came when the cabinet fell.", "Mob violence"),
    ("Unidentified men vandalized a shop in Varno on Monday.", "Looting/property destruction"),
    ("Rebels looted shops in Varno amid the unrest.", "Looting/property destruction"),
])
def test_property_destroyed_amid_unrest_by_unnamed_people_is_mob_violence(text, sub):
    found = [e for e in flashpoint.extract(text) if e.acled is not None]
    assert found and found[0].acled.sub_event_type == sub, text


@pytest.mark.parametrize("text,sub", [
    # a crowd that blocks a road is demonstrating; with burning tyres it riots
    ("Traders in Kemsel blocked the ring road for three hours to protest new stall fees.",
     "Peaceful protest"),
    ("Youths blocked the airport road in Kemsel with burning tyres, angry over power cuts.",
     "Violent demonstration"),
])
def test_a_crowd_blocking_a_road_demonstrates(text, sub):
    e = crowd_events(text)
    assert e.acled.sub_event_type == sub, text
    assert e.actor1 is not None and e.actor1.kind == "protesters"


def test_soldiers_who_block_a_road_are_no_crowd():
    found = [e for e in flashpoint.extract("Soldiers blocked the ring road in Varno.")
             if e.acled is not None and e.acled.event_type in CROWD_TYPES]
    assert not found
