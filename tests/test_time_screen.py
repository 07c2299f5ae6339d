"""The date rules' word screen (`_needs`) only skips regexes that cannot match."""

from __future__ import annotations

import re

from flashpoint.time.resolve import _CASE_ODD, _load_rules, _matches, _needs, find_date_phrases


def _unscreened(text: str, resolving: bool) -> list[tuple[int, int, int]]:
    out = []
    for index, rule in enumerate(_load_rules().rules):
        if rule.resolve_only and not resolving:
            continue
        out += [(m.start(), m.end(), index) for m in rule.regex.finditer(text)
                if m.end() > m.start()]
    return out


SENTENCES = [
    "Gunmen attacked a checkpoint on Monday night, two days ago, police said.",
    "The talks resumed in the coming weeks after a truce signed on 12 March 2023.",
    "Troops had withdrawn over the past weekend; earlier this month they shelled the town.",
    "Residents said the militia would return soon, perhaps within the next 3 days.",
    "Protesters marched since mid-2019 and again late last year, on 2024-06-01.",
    "THE ARMY SHELLED THE VILLAGE YESTERDAY MORNING AND ON FRIDAY.",
    "Nothing here names a time at all.",
    "March",
    "2016",
    "in recent months",
]


def test_screen_keeps_every_match() -> None:
    for text in SENTENCES:
        for resolving in (False, True):
            got = [(s, e, i) for s, e, i, *_ in _matches(text, resolving=resolving)]
            assert got == _unscreened(text, resolving), text


def test_screen_words() -> None:
    assert _needs(r"\bthe\s+day\s+before\s+yesterday\b") == ("yesterday",)
    assert _needs(r"\b(?:next|coming)\s+weekend\b") == ("weekend",)
    assert _needs(r"\b(?:soon|\d+)\b") is None  # a digit run is no word to look for
    assert _needs(r"(?:in\s+)?the") == ("the",)  # an optional word is not needed


def test_case_odd_letters_are_searched_unscreened() -> None:
    # "ſ" (long s) and the Kelvin sign match "s" and "k" under IGNORECASE although
    # their lowercase is not ASCII: such a text is searched by every rule
    odd = "the ſame weeK, yeſterday"
    assert _CASE_ODD.intersection(odd)
    assert [(s, e, i) for s, e, i, *_ in _matches(odd, resolving=False)] == \
        _unscreened(odd, False)
    assert find_date_phrases(odd)  # "yeſterday" is still read


def test_case_odd_set_is_complete() -> None:
    letters = re.compile("[a-z]", re.IGNORECASE)
    # every non-ASCII letter IGNORECASE equates with an ASCII one, from the Latin blocks
    # through the letterlike symbols (where the Kelvin sign lies)
    found = {chr(c) for c in range(128, 0x2200) if letters.fullmatch(chr(c))}
    assert found == set(_CASE_ODD)
