"""Factuality: historical incidents, habits, summaries and standing relations are not events
of the article; scheduled and intended actions are planned. Sentences are our own."""

from __future__ import annotations

import datetime as dt

import flashpoint
from flashpoint.pipeline import Pipeline, PipelineOptions
from flashpoint.record import Article

PUBLISHED = "2025-06-30"  # a Monday


def events_of(text: str, published: str = PUBLISHED):
    return flashpoint.extract(text, published=published)


def test_a_historical_incident_is_left_out_and_kept_flagged_on_request() -> None:
    text = ("The archduke was shot dead in Sarajevo in June 1914, an assassination that set "
            "off the First World War.")
    assert [e for e in events_of(text) if e.plover.type == "ASSAULT"] == []
    keep = Pipeline(PipelineOptions(keep_historical=True))
    kept = [e for e in keep.extract(Article(id="h", text=text,
                                            published=dt.date(2025, 6, 30)))
            if e.plover.type == "ASSAULT"]
    assert kept and all(e.cues.get("historical") for e in kept)


def test_an_echo_of_a_historical_incident_is_no_new_event() -> None:
    text = ("Hundreds gathered on Saturday to remember the 1914 assassination of the archduke. "
            "Historians say the shooting changed Europe for ever.")
    assert [e for e in events_of(text) if e.plover.type == "ASSAULT"] == []


def test_habits_and_standing_relations_are_not_events() -> None:
    for text in ("Militants often attack convoys on the road to the capital.",
                 "The army and the rebels have fought since 2019."):
        assert [e for e in events_of(text) if e.acled is not None] == [], text


def test_a_count_of_many_incidents_is_not_one() -> None:
    text = ("A car bomb exploded outside a police station in Kirkuk on Sunday, killing four "
            "officers. It was the third such bombing this month.")
    events = [e for e in events_of(text) if e.acled is not None]
    assert len(events) == 1
    assert events[0].fatalities is not None and events[0].fatalities.best == 4


def test_scheduled_and_intended_actions_are_planned() -> None:
    published = dt.date(2025, 6, 30)
    [visit] = events_of("The president is due to visit Merca next week.")
    assert visit.modality == "planned"
    assert visit.plover.type == "CONSULT"
    assert visit.acled is None
    assert visit.date is not None and visit.date.start > published
    [talks] = events_of("The government plans to resume talks with the rebels next month.")
    assert talks.modality == "planned"
    assert talks.plover.type == "CONSULT"


def test_a_planned_march_is_a_planned_protest() -> None:
    [march] = events_of("Student unions plan to march on the state assembly on Thursday.")
    assert march.modality == "planned"
    assert march.plover.type == "PROTEST"
    assert march.acled is None


def test_reported_incidents_stay_asserted() -> None:
    [event] = events_of("Gunmen killed five villagers in an attack on Saturday near Kaya.")
    assert event.modality == "asserted"
    assert event.fatalities is not None and event.fatalities.best == 5
