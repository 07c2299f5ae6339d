"""Political violence by the ACLED codebook (issue 14), on sentences written for each rule
(invented places and people): the victim's kind and the trigger's own sides decide Attack
vs Armed clash, property hit without casualties is looting, weapons seized, found or
destroyed are disrupted weapons use, and passives and throat-cutting are events. Each checks
the codes and the roles a user reads, and the sentences that must stay quiet."""

from __future__ import annotations

import pytest

from flashpoint.events.knowledge import load_lexicon
from flashpoint.events.lexicon import Lexicon, TriggerEntry
from flashpoint.events.prefilter import build_prefilter
from flashpoint.pipeline import default_pipeline
from flashpoint.record import Article


def events(text: str):
    return default_pipeline().extract(Article(id="vio", text=text))


def coded(text: str):
    found = [e for e in events(text) if e.acled is not None]
    assert found, f"no ACLED-coded event in {text!r}"
    return sorted(found, key=lambda e: (-e.confidence, e.trigger_start))[0]


def kind(actor) -> str | None:
    return actor.kind if actor is not None else None


CASES = [
    # one-sided words with no armed side named: Attack, the victims civilians
    ("Gunmen raided the hamlet of Pelosa overnight, killing a farmer.",
     "Attack", "militant", "civilians"),
    ("Attacks by unidentified gunmen left four civilians dead in Marvola.",
     "Attack", None, "civilians"),
    ("Herdsmen wounded two villagers with machetes in Dinkoro.",
     "Attack", "militia", "civilians"),
    # a two-sided word, or a place one side holds: Armed clash, whatever the toll names
    ("Two clan militias clashed over a well near Sorrani, killing a passer-by.",
     "Armed clash", "militia", None),
    ("Government troops attacked the rebel-held town of Kessaro at dawn.",
     "Armed clash", "military", None),
    ("Police officers exchanged heavy gunfire with gang members in Tullamo.",
     "Armed clash", None, None),
    # property hit, no one hurt: looting/property destruction; animals killed likewise
    ("Insurgents attacked and burned the tax office at Wendoro on Friday night.",
     "Looting/property destruction", "militant", None),
    ("Soldiers killed forty cattle belonging to herders near Aboki.",
     "Looting/property destruction", "military", None),
    # weapons taken out of use, by whoever did it
    ("Police recovered six rifles and a box of ammunition from a farmhouse in Jelavi.",
     "Disrupted weapons use", "police", None),
    ("An army bomb disposal team destroyed a roadside bomb on the road to Karvisso.",
     "Disrupted weapons use", "military", None),
    ("Rebel fighters disarmed members of a rival faction near Taveno.",
     "Disrupted weapons use", "rebel", None),
    # passives and phrases that name a killing without a killing verb
    ("The mutilated body of a shepherd was found in a forest near Dolvi.",
     "Attack", None, "civilians"),
    ("Unidentified attackers slit the throat of a trader near Bawosso market.",
     "Attack", "militant", None),
    ("Pirates hijacked a cargo ship with 16 crew members off Cape Merrin.",
     "Abduction/forced disappearance", None, None),
]


@pytest.mark.parametrize("text,sub,kind1,kind2", CASES)
def test_violence_decision(text, sub, kind1, kind2):
    e = coded(text)
    assert e.acled.sub_event_type == sub, (text, e.acled)
    assert e.modality == "asserted"
    if kind1 is not None:
        assert kind(e.actor1) == kind1, (text, e.actor1)
    if kind2 is not None:
        assert kind(e.actor2) == kind2, (text, e.actor2)


@pytest.mark.parametrize("text", [
    "The body of a missing climber was found on the ridge after a two-day search.",
    "The bomb disposal unit held a training day for new recruits.",
    "Analysts say the group has lost its capacity to launch large attacks.",
    "The potters fired the kiln before dawn.",
    "A populist campaign hijacked the debate over pensions.",
    "The pundit blasted the league's investigation into recruiting.",
])
def test_everyday_and_hypothetical_senses_give_no_violent_event(text):
    assert not [e for e in events(text) if e.plover.type == "ASSAULT"], text


def test_weapons_taken_after_a_fight_are_part_of_it():
    found = events("Militants attacked an army post in Gerrato on Monday. "
                   "The soldiers repulsed them and later recovered weapons.")
    subs = [e.acled.sub_event_type for e in found if e.acled is not None]
    assert "Disrupted weapons use" not in subs and "Armed clash" in subs


def test_rule_conditions_are_read_from_data():
    acled = load_lexicon().acled
    cues = acled["cues"]
    assert {"clash", "fight", "repel"} <= set(cues["two_sided_triggers"])
    assert "attack" in cues["one_sided_triggers"] and "city" in cues["held_places"]
    whens = [r["when"] for r in acled["classes"]["armed_violence"]]
    assert {"trigger_in": "two_sided_triggers"} in whens
    assert any(w.get("patient_in") == "property_targets" for w in whens)


def test_passive_only_trigger_needs_its_subject_word_in_the_sentence():
    entry = TriggerEntry(plover="ASSAULT", mode=None, acled_class="killing",
                         pos=frozenset({"VERB"}), passive=True,
                         objects_if_any=frozenset({"mutilated"}))
    lexicon = Lexicon(lemma_index={"discover": [(entry, None)]}, phrase_index={},
                      cues={"obligation_auxiliaries": frozenset({"must"}),
                            "reporting_verbs": frozenset({"say"})})
    pf = build_prefilter(lexicon)
    assert pf.sentence_may_matter("A mutilated body was discovered near the river.")
    assert not pf.sentence_may_matter("The keys were discovered in the car.")
