"""One event per act (ACLED: one act, one event, its toll and parties together). The
sentences are our own, written in the style of the issue's table."""

from __future__ import annotations

import flashpoint

PUBLISHED = "2025-06-16"


def events_of(text: str):
    return flashpoint.extract(text, published=PUBLISHED)


def test_suicide_bombing_with_its_toll_is_one_event() -> None:
    [event] = events_of("A suicide bomber blew himself up at a busy tea shop in Montepuez, "
                        "killing five people.")
    assert event.acled is not None and event.acled.sub_event_type == "Suicide bomb"
    # ACLED counts every reported death of the incident, the bomber's too
    assert event.fatalities is not None and event.fatalities.best == 6


def test_fire_on_protesters_is_one_excessive_force_event_with_both_parties() -> None:
    events = events_of("Police opened fire on peaceful demonstrators in Bafoussam, killing three "
                       "of them.")
    coded = [e for e in events if e.acled is not None]
    assert len(coded) == 1
    [event] = coded
    assert event.acled.sub_event_type == "Excessive force against protesters"
    assert event.fatalities is not None and event.fatalities.best == 3
    # ACLED codes the crowd as actor1 of a Protests event and the force that met it actor2
    assert event.actor1 is not None and event.actor1.name.startswith("Protesters")
    assert event.actor2 is not None and event.actor2.kind == "police"


def test_withdrawal_without_a_fight_is_no_clash() -> None:
    events = events_of("Insurgents pulled out of the town of Mueda, handing it over to "
                       "government troops without a fight.")
    subtypes = [e.acled.sub_event_type for e in events if e.acled is not None]
    assert "Armed clash" not in subtypes
    assert subtypes == ["Non-violent transfer of territory"]


def test_accusation_about_the_victim_is_not_an_event() -> None:
    events = events_of("Soldiers shot dead a herder they accused of spying for jihadists "
                       "near Tahoua.")
    assert [e.plover.type for e in events] == ["ASSAULT"]
    [event] = events
    assert event.acled is not None and event.acled.sub_event_type == "Attack"
    assert event.actor1 is not None and event.actor1.kind == "military"
    assert event.fatalities is not None and event.fatalities.best == 1


def test_a_fight_that_happened_is_still_coded() -> None:
    events = events_of("Rebels withdrew from the town of Mueda after a fierce fight with "
                       "government troops.")
    assert any(e.acled is not None and e.acled.event_type == "Battles" for e in events)


def test_a_demonstration_that_turns_violent_is_one_violent_demonstration() -> None:
    events = events_of("About two hundred people demonstrated in the town of Tahoua on "
                       "Monday against a new fuel tax. The demonstrators blocked roads and "
                       "burned tyres.")
    coded = [e for e in events if e.acled is not None]
    assert [e.acled.sub_event_type for e in coded] == ["Violent demonstration"]


def test_arrests_at_a_peaceful_protest_make_one_protest_with_intervention() -> None:
    events = events_of("Traders protested in the town of Tahoua on Monday against new market "
                       "fees. Police arrested several of them and dispersed the crowd.")
    coded = [e for e in events if e.acled is not None]
    assert [e.acled.sub_event_type for e in coded] == ["Protest with intervention"]


def test_a_day_that_ends_the_victims_clause_dates_the_act() -> None:
    # published Monday 16 June: "on Saturday" is the 14th, though the parse hangs it on
    # the clause that describes the victim
    text = ("Insurgents withdrew from the town of Macomia on Friday, handing it over to "
            "government troops without a fight, a local official said.\n\n"
            "Soldiers shot dead a herder they accused of spying for the insurgents near "
            "Montepuez on Saturday.")
    events = events_of(text)
    assert [e.acled.sub_event_type for e in events if e.acled is not None] == [
        "Non-violent transfer of territory", "Attack"]
    retreat, attack = events
    assert retreat.fatalities is None  # a territorial transfer takes no toll
    assert attack.date is not None and attack.date.start.isoformat() == "2025-06-14"
    assert attack.actor1 is not None and attack.actor1.kind == "military"


def test_what_a_crowd_protests_against_is_not_an_event() -> None:
    events = events_of("Hundreds of students staged a rally in Maradi on Sunday against the "
                       "mass arrests of their classmates.")
    assert [e.acled.sub_event_type for e in events if e.acled is not None] == [
        "Peaceful protest"]


def test_a_party_described_by_a_support_verb_is_no_support_event() -> None:
    events = events_of("Supporters of a party-backed candidate clashed with rival supporters "
                       "in Tahoua on Sunday.")
    assert "SUPPORT" not in [e.plover.type for e in events]
    assert any(e.acled is not None for e in events)


def test_an_arrest_that_describes_the_target_is_not_an_event() -> None:
    events = events_of("A crowd attacked a police team taking a suspect into custody in "
                       "Maradi on Sunday.")
    assert "Arrests" not in [e.acled.sub_event_type for e in events if e.acled is not None]
    assert any(e.acled is not None and e.acled.event_type in ("Riots", "Battles",
                                                              "Violence against civilians")
               for e in events)
