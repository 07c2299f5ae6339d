"""Scheduled, intended and wanted actions are `planned` events with no ACLED code, and a
state body named by a common noun ("the election commission") is a party one can meet;
"party leaders" are the generic actor "Political parties".
Sentences, names and places are our own."""

from __future__ import annotations

import datetime as dt

import flashpoint

PUBLISHED = "2025-06-30"  # a Monday


def consults(text: str):
    return [e for e in flashpoint.extract(text, published=PUBLISHED)
            if e.plover.type == "CONSULT"]


def test_a_meeting_due_with_a_commission_is_a_planned_consult() -> None:
    [meeting] = consults("Velmaran party leaders are due to meet the boundary commission on "
                         "Thursday.")
    assert meeting.modality == "planned"
    assert meeting.acled is None
    assert meeting.date is not None and meeting.date.start > dt.date(2025, 6, 30)
    assert meeting.cues.get("tense") == "future"
    # the subject of "are due to" is who meets
    assert meeting.actor1 is not None and meeting.actor1.name.startswith("Political parties")


def test_a_meeting_held_with_a_commission_is_asserted() -> None:
    [meeting] = consults("Velmaran party leaders met the boundary commission on Friday.")
    assert meeting.modality == "asserted"
    assert meeting.acled is None
    assert meeting.date is not None and meeting.date.start < dt.date(2025, 6, 30)
    assert meeting.actor1 is not None and meeting.actor1.kind == "other"
    assert meeting.actor1.name.startswith("Political parties")


def test_a_meeting_with_no_party_is_still_no_consult() -> None:
    assert consults("The Dorvan family are due to meet the new puppy on Thursday.") == []


def test_a_visit_due_to_a_region_is_a_planned_consult() -> None:
    [visit] = consults("Dorvania's army chief is due to visit the region on Wednesday.")
    assert visit.modality == "planned"
    assert visit.acled is None
    assert visit.date is not None and visit.date.start > dt.date(2025, 6, 30)
    assert visit.actor1 is not None and visit.actor1.kind == "military"


def test_a_visit_to_a_shop_is_no_consult() -> None:
    assert consults("Dorvania's army chief is due to visit the bakery on Wednesday.") == []
