"""Tolls as ACLED counts them: the injured group after a list of the dead, animals only when
counted, people 'feared dead', one person told by two titles, and the incident a toll told
on its own belongs to. Sentences are our own, with invented names and places."""

from __future__ import annotations

import pytest

import flashpoint
from flashpoint.events.fatalities import find_fatalities


def _best(text: str) -> list[int]:
    return [f.best for f in find_fatalities(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # the last group of a kill list that "were injured" is hurt, not dead
    ("The rebels said they had killed 4 guards, and 6 others were wounded.", [4]),
    ("Bandits killed a herder and three of his sons were injured.", [1]),
    ("Bandits killed a herder and three of his sons.", [4]),
    # an animal after a preposition modifies the place or the act, not the victims
    ("Thirty raiders were killed in a cattle raid near Lomo.", [30]),
    ("Herders ambushed the patrol and kill 12 during a goat raid", [12]),
    ("Raiders killed forty goats and two camels at the well.", []),
    # "feared dead" is the toll the report gives; a feared toll not confirmed is none
    ("Eleven villagers are now feared dead, Lomo officials said.", [11]),
    ("Six fishermen were feared dead after the boat was shelled.", [6]),
    ("1 killed by bandits at the market. (A further 4 feared dead by one account, a "
     "figure not confirmed)", [1]),
    ("Two guards were killed in the riot; more deaths are feared there.", [2]),
    ("A taxi came under fire on the bridge; one succumbed in the clinic.", [1]),
    # two titles with a singular verb are one person; with a plural verb, two
    ("A popular preacher and party official was shot dead outside his home.", [1]),
    ("A preacher and an official were shot dead outside the hall.", [2]),
    # a time phrase or a date between the auxiliary and the death word reads through
    ("Three suspected raiders were on 24/05 lynched by residents in Tamba.", [3]),
    ("Four herders were in the morning hours hacked to death near Lomo.", [4]),
    # a chain of participles, one with a short phrase, before the death word
    ("1 cyclist was thrown from the bridge and killed.", [1]),
    ("1 guard pulled out of the bus and killed near Tamba.", [1]),
    ("Once the suspect left the station he was chased and killed by a crowd.", [1]),
    ("Two guards were arrested and killed.", []),
    ("Two gunmen stormed the school and killed three pupils.", [3]),
    # a kill claimed in the present is the claimed toll; a threat to kill is none
    ("Soldiers claim to kill three militants after an ambush near Lomo.", [3]),
    ("The group threatened to kill two hostages.", []),
    # deaths among the injured are more deaths
    ("Four guards died and 9 were hurt. Later, two of the wounded died in the clinic.",
     [4, 2]),
])
def test_counts(text: str, expected: list[int]) -> None:
    assert _best(text) == expected


def _events(text: str) -> list[tuple[str, int | None]]:
    events = flashpoint.extract(text, published="2025-06-16")
    return [(e.acled.sub_event_type, e.fatalities.best if e.fatalities else None)
            for e in events if e.acled is not None]


def test_one_person_with_two_titles_is_one_implied_victim() -> None:
    found = _events("An outspoken local preacher and council critic was assassinated outside "
                    "his shop in Port Ellery.")
    assert [n for _, n in found] == [1]


def test_a_toll_told_after_the_support_of_a_clash_is_the_clash_toll() -> None:
    found = _events("On 3 May 2025, soldiers clashed with militants in Dervale village near "
                    "Harvo. Jets backed the troops from the air. At least 12 "
                    "militants were killed.")
    assert ("Armed clash", 12) in found
    assert sum(n or 0 for _, n in found) == 12


def test_a_toll_told_after_a_change_of_territory_is_the_territory_toll() -> None:
    found = _events("On 3 May 2025, soldiers clashed with militants in Dervale village near "
                    "Harvo. The soldiers took control of Dervale. 4 militants were "
                    "killed.")
    assert ("Government regains territory", 4) in found
    assert sum(n or 0 for _, n in found) == 4


def test_a_participle_hung_on_the_object_is_the_result_of_the_act() -> None:
    """The parser may hang "killing two" on the act's object ("offices ... killing"): the
    participle is the act's result, not a relative clause on a party (a background)."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from flashpoint.events.incident_fields import IncidentFields

    words = ["Gunmen", "raid", "the", "offices", "in", "Lomo", "killing", "two", "."]
    heads = [1, 1, 3, 1, 3, 4, 3, 6, 1]
    deps = ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "acl", "dobj", "punct"]
    tags = ["NNS", "VBP", "DT", "NNS", "IN", "NNP", "VBG", "CD", "."]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, tags=tags)
    assert IncidentFields.result_participle(doc[6], doc[1])
    # "lynched two men who were killing a trader": a clause with its own subject is no result
    words = ["Mobs", "lynched", "men", "who", "were", "killing", "a", "trader", "."]
    heads = [1, 1, 1, 5, 5, 2, 7, 5, 1]
    deps = ["nsubj", "ROOT", "dobj", "nsubj", "aux", "relcl", "det", "dobj", "punct"]
    tags = ["NNS", "VBD", "NNS", "WP", "VBD", "VBG", "DT", "NN", "."]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, tags=tags)
    assert not IncidentFields.result_participle(doc[5], doc[1])


def test_deaths_among_the_injured_add_to_the_toll() -> None:
    found = _events("On 3 May 2025, gunmen attacked a bus near Lomo. Two passengers were killed "
                    "and 9 were hurt. Three of those hurt later died in the clinic.")
    assert [n for _, n in found] == [5]


def test_a_headline_passive_on_the_sentence_noun_is_one_victim() -> None:
    found = _events("Senior aide of party chief Jorim Talvenko killed by gunmen.")
    assert [n for _, n in found] == [1]


def test_a_lead_toll_before_the_incident_is_its_toll() -> None:
    found = _events("Eleven villagers are now feared dead after a night of fighting. At dawn "
                    "on 3 May 2025, armed herders attacked Tamba village near Lomo.")
    assert [n for _, n in found] == [11]


def test_a_summary_before_the_incident_is_no_lead_toll() -> None:
    found = _events("Since January, raids around Lomo have left 20 dead all told. On 3 May "
                    "2025, armed herders attacked Tamba village near Lomo.")
    assert all(n != 20 for _, n in found)


@pytest.mark.parametrize(("text", "expected"), [
    # an aside that lists victims runs to the comma before the auxiliary
    ("5 workers, including 1 driver, a cook and 1 clerk, were stabbed to death at the depot.",
     [5]),
    # an aside between dashes reads through; a dash between numbers is a range
    ("Three traders - two brothers and their cousin - were shot dead outside Lomo.", [3]),
    ("4 - 11 soldiers and 3 - 5 civilians were killed.", [7]),
    # "incl." as "including"; an "including" aside after a victim list
    ("Three individuals incl. the Lomo village chief assassinated overnight.", [3]),
    ("Two rebels and four herders including a boy were shot dead near the river.", [6]),
    # "reported to have been" as an auxiliary; a slit throat kills
    ("Vigilantes took revenge on the camp at Lomo, five reported to have been killed.",
     [5]),
    ("Bandits slit the throat of a herder at the Tamba well.", [1]),
    # more victims of the same act: "and beheaded another", "and five others in <place>"
    ("Raiders stabbed to death a farmer at the well and beheaded another near Lomo.", [2]),
    ("Gendarmes executed four men in Lomo and five others at a quarry nearby.", [9]),
    ("A ranger died in the ambush and two others are still missing.", [1]),
    ("A union leader and 2 others were shot dead, and several others, including guards, "
     "were hurt by the blast.", [3]),
    # a vague plural killed and wounded is 3; a number killed or wounded is none
    ("Several herders were killed and wounded during the raid.", [3]),
    ("5 people were killed or injured.", []),
    # an auxiliary is no noun of a listed victim group
    ("Then the guards were ambushed and six herders were killed.", [6]),
])
def test_lists(text: str, expected: list[int]) -> None:
    assert _best(text) == expected


def test_the_other_side_dead_told_later_add_to_the_toll() -> None:
    found = _events("On 3 May 2025, militants attacked Tamba village near Lomo. Vigilantes "
                    "repelled the raid and killed one militant, then the vigilantes were "
                    "ambushed and six guards were killed.")
    assert [n for _, n in found] == [7]


def test_a_count_of_the_whole_toll_restates() -> None:
    found = _events("On 3 May 2025, soldiers clashed with militants near Lomo. An unknown "
                    "number of the militants died in the fighting. Officials gave an unspecified "
                    "number of fatalities for the day.")
    assert [n for _, n in found] == [3]
