"""Tests for reported death counts: shapes, numbers, ranges, and injuries that never count."""

from __future__ import annotations

import pytest

from flashpoint.events.fatalities import find_fatalities, parse_quantity


def _counts(text: str) -> list[tuple[int, int, int]]:
    return [(f.best, f.low, f.high) for f in find_fatalities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The attack claimed 26 lives.", (26, 26, 26)),
        ("The fire claimed the lives of 26 people.", (26, 26, 26)),
        ("Gunmen stormed the village, killing at least twelve people.", (12, 12, 12)),
        ("Dozens were killed in the clashes.", (12, 12, 12)),
        ("A dozen people were shot dead.", (12, 12, 12)),
        ("Tens of people died.", (10, 10, 10)),
        ("Hundreds of people were killed.", (100, 100, 100)),
        ("Scores of people were killed.", (20, 20, 20)),
        ("Several civilians were killed.", (3, 3, 3)),
        ("A number of soldiers were killed.", (3, 3, 3)),
        ("At least 5 dead after the blast.", (5, 5, 5)),
        ("5 people were killed on Monday.", (5, 5, 5)),
        ("Militants killed 14 soldiers in an ambush.", (14, 14, 14)),
        ("The bombing left 3 dead.", (3, 3, 3)),
        ("The explosion left at least 10 people dead.", (10, 10, 10)),
        ("The death toll rose to 40.", (40, 40, 40)),
        ("The death toll from the attack has risen to at least 40.", (40, 40, 40)),
        ("Between 10 and 15 killed in the raid.", (10, 10, 15)),
        ("10-15 people were killed.", (10, 10, 15)),
        ("Two or three soldiers were killed.", (2, 2, 3)),
        ("Up to 30 killed, witnesses said.", (30, 1, 30)),
        ("As many as 30 people were killed.", (30, 1, 30)),
        ("Fewer than 10 people were killed.", (9, 1, 9)),
        ("More than 100 people died in the fighting.", (100, 100, 100)),
        ("One person was killed.", (1, 1, 1)),
        ("A policeman was killed in the attack.", (1, 1, 1)),
        ("A soldier died of his wounds.", (1, 1, 1)),
        ("Two gunmen killed a policeman.", (1, 1, 1)),
        ("The strike hit a market, killing two civilians and wounding five.", (2, 2, 2)),
        ("26 dead and 40 injured.", (26, 26, 26)),
        ("The explosion killed 1,200 people.", (1200, 1200, 1200)),
        ("Twenty-six people were killed.", (26, 26, 26)),
        ("One hundred and twenty people died.", (120, 120, 120)),
        ("Two hundred people were killed.", (200, 200, 200)),
        ("A suicide bomber killed himself and 12 others at a checkpoint.", (12, 12, 12)),
        ("26 people, mostly civilians, were killed.", (26, 26, 26)),
        ("26 people, including 3 women and 2 children, were killed.", (26, 26, 26)),
        ("The attacks caused 5 civilian deaths.", (5, 5, 5)),
        ("A bomb killed 5 people.", (5, 5, 5)),
        ("In 2015 militants killed 5 villagers.", (5, 5, 5)),
    ],
)
def test_single_count(text: str, expected: tuple[int, int, int]) -> None:
    assert _counts(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "5 injured in the attack.",
        "The blast wounded 12.",
        "12 people were hurt.",
        "Dozens were wounded and 3 people were arrested.",
        "The suicide bomber killed himself.",
        "5 people were killed or injured.",
        "Rebels threatened to kill 5 hostages.",
        "The convoy was attacked 5 km from the border and no one was killed.",
        "Two days ago people died.",
        "A bomb killed the hopes of a settlement.",
        "The raid killed a day after the truce.",
        "Nobody was hurt.",
        "Not a single soldier was killed.",
    ],
)
def test_no_count(text: str) -> None:
    assert find_fatalities(text) == []


def test_offsets_and_text() -> None:
    text = "Police said the blast killed 14 soldiers and wounded 30."
    [fat] = find_fatalities(text, offset=1000)
    assert fat.text == "killed 14 soldiers"
    assert (fat.start, fat.end) == (1000 + text.index("killed"), 1000 + text.index(" and"))


def test_two_counts_in_reading_order() -> None:
    text = "Five soldiers were killed on Monday and a policeman died on Tuesday."
    assert _counts(text) == [(5, 5, 5), (1, 1, 1)]


def test_longest_reading_wins() -> None:
    [fat] = find_fatalities("The bombing left 3 dead.")
    assert fat.text == "left 3 dead"


def test_parse_quantity() -> None:
    assert parse_quantity("at least 12") == (12, 12, 12)
    assert parse_quantity("between ten and fifteen") == (10, 10, 15)
    assert parse_quantity("1,200") == (1200, 1200, 1200)
    assert parse_quantity("two dozen") == (24, 24, 24)
    assert parse_quantity("dozens of") == (12, 12, 12)
    assert parse_quantity("nonsense") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ACLED counts every death of the incident: victim groups are summed
        ("The bomber and three bystanders died, police said.", (4, 4, 4)),
        ("Three soldiers and two militiamen were killed in the fighting.", (5, 5, 5)),
        ("Six policemen and their driver were killed in the blast.", (7, 7, 7)),
        ("Gunmen killed a farmer and his three sons on Friday.", (4, 4, 4)),
        ("The attackers shot dead a couple and their daughter.", (3, 3, 3)),
        ("Four rebels and an unspecified number of troops lost their lives.", (7, 7, 7)),
        # nested counts are not added
        ("12 killed, including 3 children.", (12, 12, 12)),
        ("A nurse was among the dead.", None),
        # one implied victim; passives with a count; bodies found
        ("Gunmen shot dead a district judge in the town.", (1, 1, 1)),
        ("The body of a shepherd was found outside the village.", (1, 1, 1)),
        ("The bodies of seven miners were recovered on Sunday.", (7, 7, 7)),
        ("Five guards were shot dead.", (5, 5, 5)),
        ("Two officers died.", (2, 2, 2)),
        ("A mob lynched a suspected thief.", (1, 1, 1)),
        # quotation marks around a quantity, 'both', 'several dozen'
        ("The army said it killed 'scores' of fighters.", (20, 20, 20)),
        ("The army said it killed 'several dozen terrorists'.", (36, 36, 36)),
        ("Both bombers died.", (2, 2, 2)),
    ],
)
def test_incident_counts(text: str, expected: tuple[int, int, int] | None) -> None:
    assert _counts(text) == ([expected] if expected else [])


def test_injured_in_a_victim_list_never_count() -> None:
    assert _counts("Three soldiers and two civilians were wounded.") == []
    assert _counts("Two soldiers and a civilian were killed or injured.") == []


def test_plural_without_number_makes_the_list_unknown() -> None:
    # "the soldiers" has no size: the sum is not read, only the counted member
    assert _counts("The soldiers and two civilians were killed.") == [(2, 2, 2)]


def test_rules_are_validated_at_load(monkeypatch: pytest.MonkeyPatch) -> None:
    from flashpoint.events import fatalities

    with pytest.raises(ValueError, match="missing keys"):
        fatalities._validate({"number_words": {}})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # headline style: present-tense kill verbs, singular victims without a number
        ("Bandits kill 4 traders on the highway.", (4, 4, 4)),
        ("Mob kills man accused of theft.", (1, 1, 1)),
        ("Gunmen kill aid worker in the north.", (1, 1, 1)),
        ("A local chief is assassinated at his home.", (1, 1, 1)),
        ("Police raid a hideout; the suspect was killed.", (1, 1, 1)),
    ],
)
def test_headline_style_counts(text: str, expected: tuple[int, int, int]) -> None:
    assert _counts(text) == [expected]


@pytest.mark.parametrize("text", [
    "Rebels vowed to kill 5 hostages.",
    "They will kill the prisoners.",
    "Not one soldier was killed.",
    "A driver was wounded.",
])
def test_modal_negated_and_injured_forms_give_nothing(text: str) -> None:
    assert find_fatalities(text) == []
