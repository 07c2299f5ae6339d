"""A place noun with "the" refers back to a place already told ("north of the town"),
unless it names its own place ("the capital Abuja") or is "the capital" itself, which is
the country's capital and not the last town mentioned. Sentences are our own."""

from __future__ import annotations

import flashpoint

PUBLISHED = "2024-05-20"


def placed(text: str) -> list[tuple[str, str | None]]:
    return [(e.plover.type, e.location.name if e.location else None)
            for e in flashpoint.extract(text, published=PUBLISHED)]


def test_named_capital_keeps_its_own_place() -> None:
    text = ("Gunmen attacked a market in Kano on Friday, killing three traders.\n\n"
            "In the capital Abuja, police fired tear gas to disperse dozens of students "
            "who were marching on parliament.")
    events = placed(text)
    coerce = [name for kind, name in events if kind == "COERCE"]
    assert coerce == ["Abuja"], events
    assert ("ASSAULT", "Kano") in events


def test_place_noun_without_a_name_takes_the_place_told_before() -> None:
    text = ("Gunmen attacked a market in Kano on Friday, killing three traders.\n\n"
            "Later, soldiers clashed with the gunmen north of the city.")
    events = placed(text)
    assert events and all(name == "Kano" for _, name in events), events


def test_the_capital_is_the_countrys_capital_not_the_last_town() -> None:
    text = ("Gunmen attacked a market in Kano on Friday, killing three traders.\n\n"
            "On Saturday, hundreds of residents protested in the capital against the "
            "killings.")
    events = placed(text)
    assert ("PROTEST", "Abuja") in events, events


def test_the_same_area_takes_the_place_told_before() -> None:
    text = ("Gunmen attacked a market in Kano on Friday, killing three traders.\n\n"
            "Police later killed two of the gunmen in a shootout in the same area.")
    events = placed(text)
    assert events and all(name == "Kano" for _, name in events), events
