"""ACLED sub-types decided as the ACLED codebook decides them: who did what to whom, with
which means (acled_rules.v1.json). Each sentence is written for the rule it tests; each test
checks the event type, the sub-event type, both actors' kinds and the modality."""

from __future__ import annotations

import pytest

from flashpoint.pipeline import default_pipeline
from flashpoint.record import Article


def coded(text: str):
    events = [e for e in default_pipeline().extract(Article(id="cb", text=text))
              if e.acled is not None]
    assert events, f"no ACLED-coded event in {text!r}"
    return sorted(events, key=lambda e: (-e.confidence, e.trigger_start))[0]


def kind(actor) -> str | None:
    return actor.kind if actor is not None else None


CASES = [
    # the victim's kind: an unarmed person is a civilian, so the act is an Attack
    ("Rebel fighters stormed a hamlet in Ituri, killing a herder.",
     "Violence against civilians", "Attack", "rebel", "civilians"),
    ("Gunmen shot dead a magistrate outside the court in Bunia.",
     "Violence against civilians", "Attack", "militant", "civilians"),
    # armed and organised on both sides: a battle
    ("Insurgents ambushed a police patrol near Gao, killing two officers.",
     "Battles", "Armed clash", "militant", "police"),
    # detention: by the state an arrest, by an armed group an abduction
    ("Soldiers arrested six suspected smugglers near Agadez on Monday.",
     "Strategic developments", "Arrests", "military", None),
    ("Gunmen detained four aid workers at a roadblock outside Kidal.",
     "Violence against civilians", "Abduction/forced disappearance", "militant", "civilians"),
    # a weapon that is seized or defused is not the means of an attack
    ("Police seized a cache of grenades from a warehouse in Mombasa.",
     "Strategic developments", "Disrupted weapons use", "police", None),
    ("Army engineers defused a roadside bomb on the road to Merca.",
     "Strategic developments", "Disrupted weapons use", "military", None),
    # a crowd that attacks a person: mob violence, the crowd as Rioters
    ("Villagers beat a suspected cattle thief to death in Machakos county.",
     "Riots", "Mob violence", "protesters", "civilians"),
    ("Supporters of two rival candidates clashed in Feni, leaving ten people injured.",
     "Riots", "Mob violence", "protesters", None),
    # a community fighting as one (herders, farmers) is an identity militia, not a crowd
    ("A group of herders attacked farmers in a village near Kaduna, killing three.",
     "Violence against civilians", "Attack", "militia", "civilians"),
    # demonstrators who burn and throw stones: a violent demonstration
    ("Demonstrators hurled stones at police and burned tyres in Lome.",
     "Riots", "Violent demonstration", "protesters", None),
    # the protesters are actor1 of their protest, whatever word names them
    ("Hundreds of teachers marched through Machakos to demand higher pay.",
     "Protests", "Peaceful protest", "protesters", None),
    # strategic developments
    ("Al-Shabaab set up a new checkpoint on the outskirts of Buulobarde.",
     "Strategic developments", "Headquarters or base established", "militant", None),
    ("Dozens of militia fighters defected to the government side in Gedo region.",
     "Strategic developments", "Change to group/activity", "militia", None),
    ("Army reinforcements arrived in Buulobarde ahead of an expected offensive.",
     "Strategic developments", "Change to group/activity", "military", None),
]


@pytest.mark.parametrize("text,etype,sub,kind1,kind2", CASES)
def test_codebook_rule(text, etype, sub, kind1, kind2):
    e = coded(text)
    assert (e.acled.event_type, e.acled.sub_event_type) == (etype, sub), text
    assert kind(e.actor1) == kind1, (text, e.actor1)
    assert kind(e.actor2) == kind2, (text, e.actor2)
    assert e.modality == "asserted"


def test_crowd_actor_is_named_rioters_in_a_riot():
    e = coded("Residents beat two suspected burglars with sticks in Machakos.")
    assert e.acled.sub_event_type == "Mob violence"
    assert e.actor1 is not None and e.actor1.name.startswith("Rioters")


def test_a_weapon_fired_is_still_the_means():
    # not under a disrupting verb: the grenade is what the attacker used
    e = coded("Militants threw a grenade at a bus station in Lamu, wounding three people.")
    assert e.acled.sub_event_type == "Grenade"


def test_planned_detention_gets_no_acled_code():
    events = default_pipeline().extract(Article(
        id="cb", text="The army said it will arrest the smugglers who operate near Goma."))
    assert all(e.acled is None for e in events)


def _rules_with(change):
    import copy

    from flashpoint.events.knowledge import _read
    raw = copy.deepcopy(_read("acled_rules.v1.json"))
    change(raw)
    return raw


@pytest.mark.parametrize("change,needle", [
    (lambda r: r["classes"]["killing"].insert(
        0, {"when": {"actor1_kind_in": ["rioter"]}, "then": ["Riots", "Mob violence"]}),
     "unknown actor kind"),
    (lambda r: r["classes"]["grenade"].insert(
        0, {"when": {"head_verb": "no_such_list"}, "then": ["Riots", "Mob violence"]}),
     "no cue list"),
    (lambda r: r["crowd_actor1"].update({"Uprisings": "rioters"}), "crowd_actor1"),
])
def test_new_rule_keys_are_checked_at_load(change, needle):
    from flashpoint.events.knowledge import KnowledgeError, _read, build_lexicon
    with pytest.raises(KnowledgeError, match=needle):
        build_lexicon(_read("triggers.v1.json"), _read("cues.v1.json"), _rules_with(change))
