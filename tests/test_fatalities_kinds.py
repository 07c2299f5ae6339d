"""Kinds of toll errors, each with a rule from ACLED's coding or English grammar: a field label
that states the toll, a misspelt death word, a preposition that is no victim, a companion of
one implied victim, an attempt that kills no one, a protested death that is the crowd's
grievance. Sentences and names are our own."""

from __future__ import annotations

import pytest

import flashpoint
from flashpoint.events.fatalities import find_fatalities


def _best(text: str) -> list[int]:
    return [f.best for f in find_fatalities(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Herders clashed with farmers near Tarvik. FATALITIES: 6", [6]),
    ("Youths rioted in Orlen town. FATALITIES:14 (hospital figure)", [14]),
    ("Deaths: 3 (police figure)", [3]),
    ("FATALITIES: not specified, several injured", []),
    ("The meeting is set for 10:30.", []),
])
def test_count_label_states_the_toll(text: str, expected: list[int]) -> None:
    assert _best(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Eight people were kiled in the raid on Sorrel.", [8]),
    ("12 killied including 3 children near Dunmore", [12]),
])
def test_misspelt_death_word(text: str, expected: list[int]) -> None:
    assert _best(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Two killed in local fighting in Dunmore district.", [2]),
    ("Gunmen kill local chief in Dunmore district.", [1]),
])
def test_preposition_is_no_victim(text: str, expected: list[int]) -> None:
    assert _best(text) == expected


def _deaths(text: str) -> list[int | None]:
    events = flashpoint.extract(text, published="2025-06-16")
    return [e.fatalities.best if e.fatalities else None for e in events if e.acled is not None]


def test_companion_of_one_implied_victim() -> None:
    # no count in words: the parse reads one victim, and his driver dies with him
    assert _deaths("Chief Oduya Marwe was shot dead along with his driver in Tarvik "
                   "on Friday.") == [2]


def test_nearly_killed_is_no_death() -> None:
    assert _deaths("Villagers in Karvel chased a man accused of theft and nearly killed "
                   "him.") in ([None], [])


def _protest_deaths(text: str) -> list[int | None]:
    events = flashpoint.extract(text, published="2025-06-16")
    return [e.fatalities.best if e.fatalities else None for e in events
            if e.acled is not None and e.acled.event_type == "Protests"]


@pytest.mark.parametrize("text", [
    "Traders in Velmora marched on Monday to condemn the death of a boy who died in a "
    "police cell.",
    "Residents of Velmora marched on Monday to protest the killing of two traders who "
    "were shot dead by a guard.",
])
def test_protested_death_is_the_grievance(text: str) -> None:
    assert _protest_deaths(text) == [None]


def test_death_at_the_protest_still_counts() -> None:
    assert _protest_deaths("Traders in Velmora staged a demonstration on Monday. Police fired "
                           "on the crowd and two protesters died.") == [2]


@pytest.mark.parametrize(("text", "expected"), [
    ("A police officer and a prison guard were killed near Orlen.", [2]),
    ("Three soldiers and two police officers were killed near Orlen.", [5]),
])
def test_compound_victim_is_one_member(text: str, expected: list[int]) -> None:
    assert _best(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Neighbours carried him to the clinic in Orlen, where he died the same night.", [1]),
    ("She was shot dead outside her shop in Orlen.", [1]),
    ("He killed two guards at the gate.", [2]),  # he is the killer: the guards count
    ("He nearly died in the crash.", []),
    ("He was injured in the blast.", []),
])
def test_singular_pronoun_that_dies(text: str, expected: list[int]) -> None:
    assert _best(text) == expected


def test_conflicting_report_does_not_raise_the_toll() -> None:
    assert _deaths("Four travellers were killed when gunmen attacked a bus near Sorrel on "
                   "Monday. Conflicting reports put the toll at nine.") == [4]


def test_one_subject_that_dies_down_a_chain_of_verbs() -> None:
    # the count is told by no number: the parse reads one watchman, the subject of "died"
    assert _deaths("A night watchman was hit by stray bullets in Korvin and died in hospital "
                   "two days later.") == [1]


def test_plural_subject_that_dies_tells_no_count() -> None:
    assert _deaths("Bandits attacked the village of Korvin; the raiders later died in a "
                   "shootout with police.") in ([None], [None, None])


def test_each_killing_is_a_death() -> None:
    assert _best("Police are investigating three murders in Orlen.") == [3]
    # two groups told in one sentence of one incident add up
    assert _deaths("Herders from two clans fought near Orlen: one clan lost 2 killed in March, "
                   "then 2 killings followed in a reprisal raid.") == [4]


@pytest.mark.parametrize(("text", "expected"), [
    ("Two guards were killed in an ambush on a fuel convoy near Orlen. Two more died later in "
     "hospital.", [4]),
    # "more than" is a qualifier: the later, larger count restates the toll
    ("Gunmen attacked a bus near Orlen, killing three. More than 5 people were killed in the "
     "attack, police said.", [5]),
])
def test_more_after_a_later_count_adds(text: str, expected: list[int]) -> None:
    assert _deaths(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("A herder was on Friday killed in Orlen by bandits.", [1]),
    ("Two traders were yesterday shot dead in Orlen.", [2]),
])
def test_time_phrase_between_auxiliary_and_death_word(text: str, expected: list[int]) -> None:
    assert _best(text) == expected


def test_death_told_in_a_claim_is_not_the_acts() -> None:
    # the death is the crowd's grievance, said in a "claiming that" clause: the beating kills
    # no one
    assert _deaths("In Orlen, relatives of a patient beat two nurses at the district clinic, "
                   "claiming that the patient died because of neglect.") in ([None], [])
