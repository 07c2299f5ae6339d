"""More of ACLED's counting rules, each on a construction of its own: bodies found, a chain
of participles, a manner verb around its victims, companions, asides, lists of any nouns,
tolls of unknown size. Sentences are our own."""

from __future__ import annotations

import pytest

from flashpoint.events.fatalities import find_fatalities


def _counts(text: str) -> list[tuple[int, int, int]]:
    return [(f.best, f.low, f.high) for f in find_fatalities(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # bodies found: the number of bodies, the victims of "the bodies of", one body
    ("Two bullet-riddled bodies were found on a farm road near Karindi.", [(2, 2, 2)]),
    ("Rangers recovered the bodies of five villagers near the pass.", [(5, 5, 5)]),
    ("Her body was found on Sunday near the river.", [(1, 1, 1)]),
    ("The three brothers were found dead in a ditch.", [(3, 3, 3)]),
    # a body found beside a told count is that count's victim, not one more
    ("Gunmen killed a herder whose body was found in a well.", [(1, 1, 1)]),
    # a chain of participles after the auxiliary
    ("Four guards were shot, hacked and decapitated by the raiders.", [(4, 4, 4)]),
    ("3 policemen were beaten and killed by a mob in Orra.", [(3, 3, 3)]),
    # a manner verb with its victims before the result
    ("Villagers stabbed 3 traders to death at the market.", [(3, 3, 3)]),
    ("Bandits shot two drivers dead on the highway.", [(2, 2, 2)]),
    # companions die with the victim
    ("A trader was shot dead along with another man near the bridge.", [(2, 2, 2)]),
    ("Three guards died as well as two attackers.", [(5, 5, 5)]),
    # a parenthetical aside is read through; one with a count of deaths is kept
    ("Two porters (of the nine in the caravan) were killed when raiders opened fire.", [(2, 2, 2)]),
    ("One guard later died of his wounds (total of 6 fatalities).", [(1, 1, 1), (6, 6, 6)]),
    # victim groups of any noun, with a determiner or a number, before a passive death
    ("A night watchman and a suspected burglar were killed in the exchange of fire.",
     [(2, 2, 2)]),
    ("Ambushers hit a convoy near Tamba, three soldiers and one rebel were reportedly "
     "killed, one soldier wounded.", [(4, 4, 4)]),
    # a toll of unknown size is 3 (ACLED), alone, in a list, and through "and wounded"
    ("An unknown number of fighters were killed and wounded in the strike.", [(3, 3, 3)]),
    ("A teacher and an undisclosed number of pupils died in the blaze.", [(4, 4, 4)]),
    # animal nouns that modify people are no animals
    ("12 cattle rustlers shot dead by police during an operation.", [(12, 12, 12)]),
    ("Raiders killed forty goats and two camels at the well.", []),
    # headline present tense
    ("Militants line up and execute 11 bus passengers near Olmasi.", [(11, 11, 11)]),
    ("Gunmen lines up and executes 11 bus passengers near Olmasi.", [(11, 11, 11)]),
    ("Police shoot dead suspected robber in Terekwe.", [(1, 1, 1)]),
    # injured never dead; the killers of an active sentence are not counted
    ("Five gunmen and a soldier were wounded.", []),
    ("A gunman and his accomplice killed three villagers.", [(3, 3, 3)]),
    ("The governing body was founded in 2001.", []),
    # a number before a month is a date; feared deaths are not reported; an attempt is none
    ("On 3 March, a farmer was shot dead by raiders near Kelo.", [(1, 1, 1)]),
    ("Two guards were killed in the riot. 7 other deaths are feared but unconfirmed.",
     [(2, 2, 2)]),
    ("Villagers nearly lynched a pastor before police intervened.", []),
    # a claimed kill is still a count when it is all the report gives
    ("The rebels claimed to have killed 2 soldiers at the checkpoint.", [(2, 2, 2)]),
])
def test_construction(text: str, expected: list[tuple[int, int, int]]) -> None:
    assert _counts(text) == expected


def test_the_evidence_span_covers_the_companion() -> None:
    text = "A trader was shot dead along with another man near the bridge."
    [fat] = find_fatalities(text, offset=100)
    assert fat.text == "A trader was shot dead along with another man"
    assert fat.start == 100 and fat.end == 100 + len(fat.text)
