"""Incident assembly: one event per real-world incident, linked across an article's sentences
(tolls, claims, blame, anaphors), with separate incidents kept apart. Sentences are our own."""

from __future__ import annotations

import copy
import json

import pytest

import flashpoint
from flashpoint.events import knowledge_incidents
from flashpoint.pipeline import default_pipeline
from flashpoint.record import Article

PUBLISHED = "2025-03-10"  # a Monday

LEAD = ("A roadside bomb struck a police vehicle outside Buulobarde, in central Somalia, "
        "on Sunday.")


def events_of(text: str, published: str = PUBLISHED):
    return flashpoint.extract(text, published=published)


def violent(events):
    return [e for e in events if e.acled is not None]


@pytest.mark.parametrize("toll", [
    "Two officers were killed and four wounded in the blast.",
    "Two officers died.",
])
def test_toll_and_claim_in_follow_up_sentences_make_one_incident(toll: str) -> None:
    text = f"{LEAD} {toll} Al-Shabaab claimed responsibility for the attack."
    [event] = events_of(text)
    assert event.acled is not None
    assert event.acled.sub_event_type == "Remote explosive/landmine/IED"
    assert event.fatalities is not None and event.fatalities.best == 2
    assert event.actor1 is not None and event.actor1.name == "Al-Shabaab"
    assert event.modality == "claimed"
    assert event.attribution is not None and event.attribution.name == "Al-Shabaab"
    assert event.actor2 is not None and event.actor2.kind == "police"
    assert event.date is not None and event.date.start.isoformat() == "2025-03-09"


def test_each_field_keeps_its_evidence_span_in_its_own_sentence() -> None:
    text = f"{LEAD} Two officers were killed and four wounded in the blast."
    [event] = events_of(text)
    fat = event.fatalities
    assert fat is not None and fat.start is not None
    assert text[fat.start:fat.end] == fat.text
    assert fat.start > len(LEAD)  # the toll's evidence is the second sentence
    assert event.evidence.sentence == LEAD  # the incident's evidence stays the trigger's


def test_a_separate_attack_stays_a_separate_incident() -> None:
    text = (f"{LEAD} Two officers were killed in the blast.\n\n"
            "In a separate attack, gunmen shot dead a district judge in Merca late on Saturday.")
    first, second = violent(events_of(text))
    assert first.fatalities is not None and first.fatalities.best == 2
    assert second.acled is not None and second.acled.event_type == "Violence against civilians"
    assert second.fatalities is not None and second.fatalities.best == 1
    assert second.location is not None and second.location.name != first.location.name


def test_blame_sets_the_perpetrator_as_alleged_and_is_no_event_of_its_own() -> None:
    text = ("Gunmen stormed a hotel in Buulobarde on Sunday night, killing 12 people, including "
            "three children. Four of the attackers were also killed. Officials blamed "
            "Al-Shabaab for the assault.")
    events = events_of(text)
    assert [e.plover.type for e in events] == ["ASSAULT"]
    [event] = events
    assert event.actor1 is not None and event.actor1.name == "Al-Shabaab"
    assert event.modality == "alleged"
    assert event.fatalities is not None and event.fatalities.best == 16  # victims + attackers


def test_suspicion_after_a_denied_claim_is_an_allegation() -> None:
    text = ("Two suicide bombers struck a crowded market in Konduga on Saturday evening. The "
            "explosions killed 9 people, a rescue official said. No group claimed the attack, "
            "but officials suspected Boko Haram.")
    [event] = events_of(text, "2025-06-03")
    assert event.actor1 is not None and event.actor1.name == "Boko Haram"
    assert event.modality == "alleged"
    assert event.fatalities is not None and event.fatalities.best == 11  # both bombers died


def test_a_later_toll_replaces_the_first_one() -> None:
    text = ("Russian missiles struck an apartment block in Kharkiv early on Monday, killing "
            "five people. Rescuers pulled the body of a woman from the rubble later in the "
            "day, raising the death toll to six.")
    [event] = events_of(text, "2025-03-04")
    assert event.fatalities is not None and event.fatalities.best == 6


def test_summaries_and_habits_are_not_incidents() -> None:
    text = ("A bomb hidden in a motorcycle exploded near a bus in Quetta on Sunday, killing "
            "five people. The province has been hit by a wave of attacks this year. "
            "Militants often attack buses on the highway.")
    events = events_of(text, "2025-10-14")
    assert len(violent(events)) == 1
    assert events[0].fatalities is not None and events[0].fatalities.best == 5


def test_a_headline_is_the_incident_its_lead_tells() -> None:
    text = ("Niger: soldiers killed in ambush.\n\nTwelve Nigerien soldiers were killed when "
            "gunmen ambushed their convoy near Tillaberi on Sunday, the defence ministry said.")
    events = violent(events_of(text, "2025-10-07"))
    assert len(events) == 1
    assert events[0].fatalities is not None and events[0].fatalities.best == 12


def test_events_come_in_the_order_of_their_first_report() -> None:
    text = ("Gunmen killed 14 farmers in an attack near Gombe on Saturday.\n\n"
            "On Sunday, a landmine killed three soldiers near Maiduguri.")
    first, second = violent(events_of(text, "2025-02-04"))
    assert first.fatalities is not None and first.fatalities.best == 14
    assert second.fatalities is not None and second.fatalities.best == 3


def test_events_already_emitted_are_not_changed() -> None:
    from flashpoint.events.incidents import assemble_incidents
    from flashpoint.ingest import clean

    pipeline = default_pipeline()
    text = f"{LEAD} Two officers died. Al-Shabaab claimed responsibility for the attack."
    document = clean(Article(id="t", text=text))
    doc = pipeline.nlp(document.analysis_text)
    drafts = pipeline.coder.code(document, doc)
    before = copy.deepcopy(drafts)
    linked = assemble_incidents(drafts, doc, pipeline.actors)
    assert [e.to_dict() for e in drafts] == [e.to_dict() for e in before]
    assert linked[0].actor1 is not None and linked[0].actor1.name == "Al-Shabaab"
    assert drafts[0].actor1 is None or drafts[0].actor1.name != "Al-Shabaab"


def _load_with(monkeypatch: pytest.MonkeyPatch, data: dict) -> None:
    knowledge_incidents.load_incident_knowledge.cache_clear()
    monkeypatch.setattr(knowledge_incidents.resources, "files", lambda _pkg: _Fake(data))


class _Fake:
    def __init__(self, data: dict) -> None:
        self.data = data

    def joinpath(self, *_parts: str) -> _Fake:
        return self

    def read_text(self, _encoding: str) -> str:
        return json.dumps(self.data)


def _data() -> dict:
    from importlib import resources

    path = resources.files("flashpoint.events").joinpath("data", "incidents.v1.json")
    return json.loads(path.read_text("utf-8"))


def test_knowledge_is_validated_at_load(monkeypatch: pytest.MonkeyPatch) -> None:
    clean = _data()
    bad = copy.deepcopy(clean)
    del bad["claim_verbs"]
    _load_with(monkeypatch, bad)
    with pytest.raises(ValueError, match="claim_verbs"):
        knowledge_incidents.load_incident_knowledge()
    bad = copy.deepcopy(clean)
    bad["anaphor_nouns"]["blast"] = "Explosions"
    _load_with(monkeypatch, bad)
    with pytest.raises(ValueError, match="unknown ACLED event type"):
        knowledge_incidents.load_incident_knowledge()
    bad = copy.deepcopy(clean)
    bad["planned_types"]["visit"] = "VISIT"
    _load_with(monkeypatch, bad)
    with pytest.raises(ValueError, match="unknown PLOVER type"):
        knowledge_incidents.load_incident_knowledge()
    monkeypatch.undo()
    knowledge_incidents.load_incident_knowledge.cache_clear()
    assert knowledge_incidents.load_incident_knowledge().claim_verbs
