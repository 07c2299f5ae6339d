"""Incident assembly on invented reports: changes of hands of territory, the party that
reports its own act ("the army said it retook"), and what a later sentence adds."""

from __future__ import annotations

import flashpoint

PUBLISHED = "2025-03-12"  # a Wednesday


def coded(text: str):
    return [e for e in flashpoint.extract(text, published=PUBLISHED) if e.acled is not None]


def test_a_retaking_the_army_reports_is_its_own_event_after_an_overrun() -> None:
    text = ("Insurgents overran an army base in Velmora on Sunday, killing four soldiers. "
            "The military said it had recaptured the base by nightfall.")
    events = coded(text)
    subs = [e.acled.sub_event_type for e in events]
    assert subs == ["Non-state actor overtakes territory", "Government regains territory"]
    overrun, retaking = events
    assert overrun.fatalities is not None and overrun.fatalities.best == 4
    assert retaking.actor1 is not None and retaking.actor1.kind == "military"
    assert retaking.modality == "claimed"
    assert retaking.fatalities is None


def test_a_recapture_after_a_clash_stays_beside_the_clash() -> None:
    text = ("Soldiers and rebels clashed near Velmora on Monday. Four fighters were killed in "
            "the fighting. The army later said it had recaptured a village north of the town.")
    events = coded(text)
    subs = sorted(e.acled.sub_event_type for e in events)
    assert subs == ["Armed clash", "Government regains territory"]
    clash = next(e for e in events if e.acled.sub_event_type == "Armed clash")
    assert clash.fatalities is not None and clash.fatalities.best == 4
    regain = next(e for e in events if e.acled.sub_event_type != "Armed clash")
    assert regain.actor1 is not None and regain.actor1.kind == "military"


def test_the_pronoun_of_a_reported_clause_is_the_party_that_reports_it() -> None:
    [event] = coded("The army said it had retaken the town of Velmora on Sunday.")
    assert event.acled.sub_event_type == "Government regains territory"
    assert event.actor1 is not None and event.actor1.kind == "military"
    assert event.modality == "claimed"
    assert event.date is not None and event.date.start.isoformat() == "2025-03-09"


def test_a_guard_abducted_after_an_attack_on_a_post_leaves_it_a_clash() -> None:
    text = ("Militants attacked a police station in Velmora district on Monday, killing two "
            "constables. A third constable was abducted by the attackers.")
    [event] = coded(text)
    assert event.acled.sub_event_type == "Armed clash"
    assert event.actor2 is not None and event.actor2.kind == "police"
    assert event.fatalities is not None and event.fatalities.best == 2


def test_the_charge_of_an_arrest_is_no_event_and_does_not_date_it() -> None:
    text = "Police said they had detained two men in Velmora over last week's ambush of a bus."
    [event] = coded(text)
    assert event.acled.sub_event_type == "Arrests"
    assert event.actor1 is not None and event.actor1.kind == "police"
    assert event.modality == "claimed"
    assert event.date is not None and event.date.end.isoformat() == PUBLISHED  # not last week


def test_a_crowd_told_by_its_size_takes_the_country_of_its_place() -> None:
    [event] = coded("Some three hundred people marched through Kumasi on Saturday against a "
                    "new road toll.")
    assert event.acled.event_type == "Protests"
    assert event.location is not None and event.location.country == "GHA"
    assert event.actor1 is not None and event.actor1.kind == "protesters"
    assert event.actor1.country == "GHA"


def test_the_by_phrase_of_an_event_noun_names_its_agent() -> None:
    [event] = coded("A rocket attack by the navy on a rebel depot near Velmora killed six "
                    "fighters on Monday, the defence ministry said.")
    assert event.acled.event_type == "Explosions/Remote violence"
    assert event.actor1 is not None and event.actor1.kind == "military"
    assert event.fatalities is not None and event.fatalities.best == 6
    assert event.modality == "claimed"


def test_a_weapon_that_hits_is_the_means_of_the_strike() -> None:
    [event] = coded("A rocket hit a crowded bus station in Velmora on Sunday, killing "
                    "two travellers.")
    assert event.acled.sub_event_type == "Shelling/artillery/missile attack"
    assert event.fatalities is not None and event.fatalities.best == 2
    assert event.modality == "asserted"


def test_a_generic_headline_announces_the_riot_its_body_tells() -> None:
    text = ("Ghana: clashes after derby.\n\nRival supporters rioted outside a stadium in Kumasi "
            "on Saturday, leaving one man dead, police said.")
    events = coded(text)
    assert [e.acled.event_type for e in events] == ["Riots"]
    [riot] = events
    assert riot.fatalities is not None and riot.fatalities.best == 1
    assert riot.location is not None and riot.location.name.lower().startswith("kumasi")


def test_a_crowd_protesting_over_the_killings_is_its_own_event() -> None:
    text = ("Soldiers clashed with suspected smugglers near Tamale on Monday; two smugglers "
            "were killed.\n\nHundreds of residents marched in Kumasi on Monday over the "
            "killings.")
    events = coded(text)
    assert [e.acled.event_type for e in events] == ["Battles", "Protests"]
    clash, protest = events
    assert clash.location is not None and clash.location.name == "Tamale"
    assert clash.fatalities is not None and clash.fatalities.best == 2
    assert protest.location is not None and protest.location.name == "Kumasi"
    assert protest.actor1 is not None and protest.actor1.kind == "protesters"
    assert protest.fatalities is None


def test_the_named_day_dates_an_overnight_raid_told_pieces_apart() -> None:
    [event] = coded("Gunmen killed five herders in an overnight raid on a camp near Velmora, "
                    "close to the river, on Sunday.")
    assert event.acled.sub_event_type == "Attack"
    assert event.date is not None
    assert (event.date.start.isoformat(), event.date.end.isoformat()) == ("2025-03-09",
                                                                          "2025-03-09")
    assert event.fatalities is not None and event.fatalities.best == 5


def test_the_definite_noun_of_a_group_named_before_is_that_group() -> None:
    text = ("Boko Haram insurgents killed nine farmers near Gwoza on Sunday.\n\n"
            "In a separate attack on Monday, the insurgents ambushed an army convoy near "
            "Bama. Three soldiers were killed in the ambush.")
    events = coded(text)
    assert len(events) == 2
    farmers, ambush = events
    assert farmers.actor1 is not None and ambush.actor1 is not None
    assert ambush.actor1.name == farmers.actor1.name
    assert ambush.actor1.kind not in ("military", "police")
    assert ambush.fatalities is not None and ambush.fatalities.best == 3


def test_a_rocket_nobody_is_named_for_was_fired_by_an_unidentified_armed_group() -> None:
    [event] = coded("A rocket hit a crowded bus station in Kumasi on Sunday, wounding four "
                    "travellers. Nobody claimed the attack.")
    assert event.acled.sub_event_type == "Shelling/artillery/missile attack"
    assert event.actor1 is not None and event.actor1.name.startswith("Unidentified Armed")
    assert event.actor1.country == "GHA"
    assert event.fatalities is None


def test_a_later_act_of_its_own_is_not_a_report_of_the_incident_before() -> None:
    text = ("Rebels ambushed a police patrol near Tamale on Monday, killing two officers. "
            "Soldiers later killed four rebels in a firefight in the same area.")
    events = coded(text)
    assert len(events) == 2
    ambush, firefight = events
    assert ambush.fatalities is not None and ambush.fatalities.best == 2
    assert firefight.fatalities is not None and firefight.fatalities.best == 4
    assert firefight.actor1 is not None and firefight.actor1.kind == "military"
    assert firefight.location is not None and firefight.location.name == "Tamale"


def test_a_former_commander_of_an_armed_group_is_a_civilian_victim() -> None:
    [event] = coded("Gunmen killed a former militia commander in the town of Tamale on Friday, "
                    "a monitoring group said.")
    assert event.acled.event_type == "Violence against civilians"
    assert event.acled.sub_event_type == "Attack"
    assert event.actor1 is not None and event.actor1.name.startswith("Unidentified Armed")
    assert event.fatalities is not None and event.fatalities.best == 1


def test_the_city_of_a_report_after_an_echo_of_history_is_the_city_named_before() -> None:
    text = ("Crowds gathered in Kumasi on Saturday to mark the 1966 assassination of a chief. "
            "Historians say the shooting changed the kingdom for ever.\n\nSeparately, police "
            "in the city detained three men on Sunday.")
    events = coded(text)
    assert [e.acled.sub_event_type for e in events] == ["Arrests"]
    [arrest] = events
    assert arrest.location is not None and arrest.location.name == "Kumasi"
    assert arrest.actor1 is not None and arrest.actor1.kind == "police"
    assert arrest.date is not None and arrest.date.start.isoformat() == "2025-03-09"


def test_a_battle_that_takes_the_named_town_is_one_territory_event() -> None:
    # ACLED codes a battle that ends in a change of control as that change, not as a clash
    text = ("Last week government troops pushed into the town of Velmora after heavy fighting "
            "with the rebels. Although pockets of resistance remain, the army has taken "
            "control of Velmora, officials said.")
    events = [e for e in coded(text) if e.location is not None and e.location.name == "Velmora"]
    subs = [e.acled.sub_event_type for e in events]
    assert subs == ["Government regains territory"], subs
    assert events[0].actor1 is not None and events[0].actor1.kind == "military"
