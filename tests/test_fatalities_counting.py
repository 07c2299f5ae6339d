"""Deaths as ACLED counts them: people only, the head count of a nested list, the killers of
an active sentence never counted, one implied victim. Sentences are our own."""

from __future__ import annotations

import pytest

import flashpoint
from flashpoint.events.fatalities import find_fatalities


def _best(text: str) -> list[int]:
    return [f.best for f in find_fatalities(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Eleven people including four soldiers were killed in the raid.", [11]),
    ("3 villagers including a child reportedly died in the fire.", [3]),
    ("Raiders killed forty goats and two camels at the well.", []),
    ("Seven cows were killed by the soldiers.", []),
    ("A crowd of residents beat and killed a suspected thief.", [1]),
    ("A number of youths lynched and burned to death a young herder.", [1]),
    ("Four people were killed and the police arrived later.", [4]),
    ("Gunmen killed 9 soldiers and 30 cattle.", [9]),
])
def test_counts(text: str, expected: list[int]) -> None:
    assert _best(text) == expected


def _deaths(text: str) -> list[int | None]:
    events = flashpoint.extract(text, published="2025-06-16")
    return [e.fatalities.best if e.fatalities else None for e in events if e.acled is not None]


@pytest.mark.parametrize(("text", "expected"), [
    ("Villagers captured a suspected cattle thief in Ngaoundere and killed him.", 1),
    ("A pastor was kidnapped, murdered and dumped in a ditch near Kumba by unknown men.", 1),
    ("Unknown gunmen shot dead a shopkeeper in Pemba town on Friday.", 1),
])
def test_one_implied_victim_per_person(text: str, expected: int) -> None:
    assert _deaths(text) == [expected]


def test_threat_to_kill_implies_no_death() -> None:
    assert _deaths("Militants threatened to kill a village chief in Diffa.") in ([], [None])
