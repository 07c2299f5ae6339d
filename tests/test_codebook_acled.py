"""ACLED codebook decisions added for issue 14, each on a sentence written for the rule
(invented places and groups): movement of forces by an armed subject, Attack vs Armed clash
by whether a second armed side is named, crowds outside a demonstration, protests stopped or
violent, and state violence on a demonstration. Each checks the codes, actor kinds and
modality of the most confident ACLED-coded event."""

from __future__ import annotations

import pytest

from flashpoint.pipeline import default_pipeline
from flashpoint.record import Article


def events(text: str):
    return default_pipeline().extract(Article(id="cb2", text=text))


def coded(text: str):
    found = [e for e in events(text) if e.acled is not None]
    assert found, f"no ACLED-coded event in {text!r}"
    return sorted(found, key=lambda e: (-e.confidence, e.trigger_start))[0]


def kind(actor) -> str | None:
    return actor.kind if actor is not None else None


CASES = [
    # movement of forces and recruitment: everyday verbs, events for an armed subject only
    ("Militants regrouped near the village of Karsalo on Tuesday.",
     "Strategic developments", "Change to group/activity", "militant", None),
    ("About sixty jihadists were seen gathering in the forest near Tawari.",
     "Strategic developments", "Change to group/activity", "militant", None),
    ("The rebels were deployed in Kolwa town on Monday.",
     "Strategic developments", "Change to group/activity", "rebel", None),
    ("An armed group of 20 fighters crossed the river into Dunvari.",
     "Strategic developments", "Change to group/activity", "militant", None),
    ("Rebels recruited dozens of young men in Sareni.",
     "Strategic developments", "Change to group/activity", "rebel", None),
    # one armed side only: an Attack; a second armed side named: an Armed clash
    ("Militants of the Sareni People's Army raided Tawari village and beat several elders.",
     "Violence against civilians", "Attack", "militant", "civilians"),
    ("Insurgents fired on a minibus on the Kolwa road, wounding its driver.",
     "Violence against civilians", "Attack", "militant", "civilians"),
    ("Militants attacked Tawari town and clashed with soldiers for two hours.",
     "Battles", "Armed clash", "militant", None),
    ("Three gendarmes were killed after their vehicle was ambushed outside Tawari.",
     "Battles", "Armed clash", None, "police"),
    ("Troops gunned down six members of an armed gang hiding in a farmhouse near Kolwa.",
     "Battles", "Armed clash", "military", None),
    ("Insurgents raided a border post near Mbolo before dawn.",
     "Battles", "Armed clash", "militant", None),
    ("A militia shot at a minibus on the Tawari road, injuring one person.",
     "Violence against civilians", "Attack", "militia", None),
    # an off-duty officer is attacked as a civilian
    ("Gunmen shot dead an off-duty police officer at his farm near Kolwa.",
     "Violence against civilians", "Attack", "militant", "police"),
    # a crowd that is not demonstrating: Mob violence, whoever it attacks
    ("Supporters of a local chief assaulted a tax collector and smashed his motorbike in "
     "Tawari.", "Riots", "Mob violence", "protesters", None),
    ("Several villagers beat a customs officer with clubs in Dunvari, leaving him badly hurt.",
     "Riots", "Mob violence", "protesters", None),
    ("Several shopkeepers assaulted a student in the market of Tawari after an argument.",
     "Riots", "Mob violence", "protesters", "civilians"),
    # two groups of people, neither armed: both sides are rioters
    ("Fighting broke out between two families over a plot of land in Kolwa, injuring four.",
     "Riots", "Mob violence", "protesters", None),
    # a weak violent noun that "erupted" happened
    ("Heavy fighting erupted in Tawari on Monday.", "Battles", "Armed clash", None, None),
    # injuring or wounding people is violence when an armed actor does it
    ("Armed men wounded three villagers in Kolwa.",
     "Violence against civilians", "Attack", "militant", "civilians"),
    # a date is no cue word: "On 30 March" tells of no march
    ("On 30 March 2024, villagers beat a suspected thief to death in Karsalo.",
     "Riots", "Mob violence", "protesters", "civilians"),
    # a community that attacks as one is an identity militia, its victims civilians
    ("A group of farmers attacked a herders camp near Karsalo, wounding two women.",
     "Violence against civilians", "Attack", "militia", "civilians"),
    # unidentified people who vandalise are no crowd: property destruction
    ("Unidentified youths vandalised a mosque in Kolwa overnight.",
     "Strategic developments", "Looting/property destruction", "civilians", None),
    ("Several traders fought with clubs over stall space in Mbolo.",
     "Riots", "Mob violence", "protesters", None),
    # property destroyed and goods or livestock taken
    ("Militants sabotaged a mobile phone mast outside Tawari.",  # "a mobile" is no mob
     "Strategic developments", "Looting/property destruction", "militant", None),
    ("Armed men stole forty goats from herders near Kolwa.",
     "Strategic developments", "Looting/property destruction", "militant", None),
    ("Soldiers destroyed an IED on the road to Sareni.",
     "Strategic developments", "Disrupted weapons use", "military", None),
    ("Rebels seized the town of Dunvari.",
     "Battles", "Non-state actor overtakes territory", "rebel", None),
    # demonstrators' destruction: a Violent demonstration
    ("Protesters torched a police post in Zanteri.",
     "Riots", "Violent demonstration", "protesters", "police"),
    ("Cattle traders barricaded the main road into Tawari with logs to protest against a new "
     "livestock levy.", "Riots", "Violent demonstration", "protesters", None),
    # the nouns of protest
    ("Workers staged a sit-in outside the ministry in Tawari.",
     "Protests", "Peaceful protest", "protesters", None),
    ("Kolwa residents organised a march to back their mayor.",
     "Protests", "Peaceful protest", "protesters", None),
    # a protest stopped by the police: for ACLED the crowd is actor1, the police actor2
    ("Police stopped the marchers at a bridge outside Kolwa before they reached the "
     "governor's office.",
     "Protests", "Protest with intervention", "protesters", "police"),
    # state forces' violence on a demonstration that was not violent
    ("Police shot dead three people taking part in a peaceful march in Sareni.",
     "Protests", "Excessive force against protesters", "protesters", "police"),
]


@pytest.mark.parametrize("text,etype,sub,kind1,kind2", CASES)
def test_codebook_decision(text, etype, sub, kind1, kind2):
    e = coded(text)
    assert (e.acled.event_type, e.acled.sub_event_type) == (etype, sub), text
    assert kind(e.actor1) == kind1, (text, e.actor1)
    assert kind(e.actor2) == kind2, (text, e.actor2)
    assert e.modality == "asserted"


@pytest.mark.parametrize("text", [
    "Families gathered in the square of Karsalo for the festival.",  # not an armed subject
    "Thousands of pilgrims arrived in Tawari for the feast.",
    "The march of history cannot be stopped.",  # the noun without a launch verb or target
    "Three people were injured in a road accident near Mbolo.",  # no armed subject
    "The scandal wounded the minister politically.",
])
def test_everyday_senses_give_no_event(text):
    assert [e for e in events(text) if e.modality == "asserted"] == []


def test_observed_is_movement_only_in_the_passive():
    # "observed a ceasefire" is no sighting of forces
    subs = {e.acled.sub_event_type for e in events("The army observed a ceasefire in Tawari.")
            if e.acled is not None}
    assert "Change to group/activity" not in subs


def test_stopping_a_meeting_is_not_a_protest_intervention():
    subs = [e.acled for e in events("The government stopped the conference in Tawari.")]
    assert all(a is None for a in subs)


def test_armed_subject_and_passive_keys_are_read():
    from flashpoint.events.knowledge import load_lexicon
    entries = [e for e, _ in load_lexicon().lemma_index["regroup"]]
    assert entries and entries[0].armed_subject and not entries[0].passive
    sighted = [e for e, _ in load_lexicon().lemma_index["sight"]]
    assert sighted and sighted[0].armed_subject and sighted[0].passive
