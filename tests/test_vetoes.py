"""The vetoes that stop a violent word from being coded look only at the trigger's own
arguments (subject, object, prepositional objects) or its own clause, never at the whole
sentence: a fight near a stadium is a fight; a striker's attack on goal is not one.

Every sentence here was written for this file.
"""

from __future__ import annotations

import pytest

import flashpoint

PUBLISHED = "2024-03-12"


def events_of(text: str):
    return flashpoint.extract(text, published=PUBLISHED)


def only_event(text: str):
    events = events_of(text)
    assert len(events) == 1, [(e.plover.type, e.trigger, e.evidence.sentence) for e in events]
    return events[0]


# a sports or market word that is only the setting, or sits in another clause: still an event
# (sentence, ACLED sub-event type, actor1 name, place text, modality)
KEPT = [
    ("Soldiers fought with militants near the stadium in Mogadishu.",
     "Armed clash", "Military Forces of Somalia", "Mogadishu", "asserted"),
    ("Government troops clashed with rebels outside the football stadium in Goma on Sunday.",
     "Armed clash", "Military Forces of the Democratic Republic of Congo", "Goma", "asserted"),
    ("Police said militants had attacked a checkpoint near the stadium in Buulobarde.",
     "Armed clash", "Unidentified Armed Group (Somalia)", "Buulobarde", "claimed"),
    ("The army launched a campaign against the rebels in Darfur, and the opposition said "
     "the election would be delayed.",
     "Armed clash", "Military Forces of Sudan", "Darfur", "asserted"),
]


@pytest.mark.parametrize("text,sub,actor1,place,modality", KEPT)
def test_setting_or_other_clause_does_not_veto(text, sub, actor1, place, modality):
    e = only_event(text)
    assert e.plover.type == "ASSAULT"
    assert e.acled is not None and e.acled.sub_event_type == sub
    assert e.actor1 is not None and e.actor1.name == actor1
    assert e.location is not None and e.location.text == place
    assert e.modality == modality


def test_attack_on_a_bus_of_fans_keeps_its_roles_and_toll():
    e = only_event("Gunmen attacked a bus carrying fans to the cup final in Kaduna, "
                   "killing three people.")
    assert (e.plover.type, e.acled.sub_event_type) == ("ASSAULT", "Attack")
    assert e.actor1.kind != "civilians" and e.actor2.kind == "civilians"
    assert e.location.text == "Kaduna"
    assert e.fatalities is not None and e.fatalities.best == 3
    assert e.modality == "asserted"


def test_quoted_attribution_is_kept_beside_a_venue():
    e = only_event("Police said militants had attacked a checkpoint near the stadium in "
                   "Buulobarde.")
    assert e.attribution is not None and e.attribution.text.lower() == "police"


# the game or the market is the trigger's own participant, or the result is in its clause
NOT_EVENTS = [
    "The visiting striker attacked the near post twice in the first half.",  # subject
    "Tennis veteran Okafor battled past his younger rival in a long final.",  # subject's noun
    "The champions beat their rivals 3-1 in the league decider.",  # scoreline in the clause
    "Inflation hit household savings hard last quarter.",  # market subject
    "The governor launched her campaign for re-election in the capital on Monday.",
    "The challenger defeated the mayor by 400 votes.",
]


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_game_or_market_participants_veto(text):
    assert [e for e in events_of(text) if e.modality in ("asserted", "claimed")] == []


def test_election_word_in_another_clause_does_not_veto_but_in_the_same_clause_does():
    kept = only_event("The army launched a campaign against the rebels in Darfur, and the "
                      "opposition said the election would be delayed.")
    assert kept.actor1.kind == "military"
    assert events_of("The senator launched a campaign against her rival ahead of the "
                     "election in Ohio.") == []


# the modality words the vetoes and the modality step read come from checked data
def test_announcing_a_deed_reports_it_while_a_plan_stays_planned():
    done = only_event("Rebels announced they had seized the town of Kidal on Monday.")
    assert (done.plover.type, done.modality) == ("ASSAULT", "claimed")
    assert done.location.text == "Kidal"
    plan = only_event("The rebels plan to seize the town of Kidal.")
    assert plan.modality == "planned" and plan.actor1.name == "Rebels (Mali)"


def _raw():
    import json
    from importlib import resources

    def read(name):
        return json.loads(resources.files("flashpoint.events").joinpath("data", name)
                          .read_text(encoding="utf-8"))

    return read("triggers.v1.json"), read("cues.v1.json"), read("acled_rules.v1.json")


def test_knowledge_loads_into_typed_cues():
    from flashpoint.events.knowledge import load_lexicon

    lex = load_lexicon()
    assert "say" in lex.cues.reporting_verbs
    assert "announce" not in lex.cues.planned_verbs  # a report, not a plan
    assert "stadium" not in lex.cues.sports_context  # a venue says where, not what
    with pytest.raises(ValueError, match="no cue list 'sport_words'"):
        lex.cue("sport_words")


@pytest.mark.parametrize("spoil,message", [
    (lambda t, c, a: c.update(sport_words=["goal"]), "unknown key"),
    (lambda t, c, a: c.pop("deny_verbs"), "missing list"),
    (lambda t, c, a: t["triggers"][0].update(plover="BOMBARD"), "unknown PLOVER type"),
    (lambda t, c, a: t["triggers"][0].update(acled_class="skirmish"), "unknown ACLED class"),
    (lambda t, c, a: t["triggers"][0].update(subjects="strikers"), "no cue list 'strikers'"),
    (lambda t, c, a: t["triggers"][0].update(weakly=True), "unknown key"),
    (lambda t, c, a: c["type_by_modality"].update(rumoured={"AID": "AGREE"}),
     "unknown modality"),
    (lambda t, c, a: a["classes"]["air"][0].update(then=["Battles", "Air/drone strike"]),
     "not an ACLED pair"),
    (lambda t, c, a: a["classes"]["air"][0]["when"].update(cue="no_such_cue"),
     "no cue list 'no_such_cue'"),
    (lambda t, c, a: c.update(state_kinds=["military", "army"]), "unknown actor kind"),
    (lambda t, c, a: c.update(material_types=["ASSAULT", "RAID"]), "unknown PLOVER type"),
    (lambda t, c, a: a.update(specificity=["killing", "ambush"]), "unknown ACLED class"),
])
def test_knowledge_fails_at_load_on_unknown_names(spoil, message):
    from flashpoint.events.knowledge import KnowledgeError, build_lexicon

    triggers, cues, acled = _raw()
    build_lexicon(triggers, cues, acled)  # the shipped files load
    spoil(triggers, cues, acled)
    with pytest.raises(KnowledgeError, match=message):
        build_lexicon(triggers, cues, acled)


def _vetoes(text: str) -> dict[str, str | None]:
    """Each trigger word of a one-sentence text with the veto that stops it (None: an event)."""
    from flashpoint.events.triggers import sentence_triggers
    from flashpoint.events.vetoes import veto_of
    from flashpoint.pipeline import default_pipeline

    pipeline = default_pipeline()
    ctx = pipeline.coder.context
    sent = next(iter(pipeline.nlp(text).sents))
    triggers = sentence_triggers(ctx, sent)
    heads = {t.head.i: t for t in triggers}
    return {t.text: veto_of(ctx, t, heads, set()) for t in triggers}


def test_veto_names_say_which_rule_stopped_a_trigger():
    assert _vetoes("The visiting striker attacked the near post twice.") == {
        "visiting": "adjective", "attacked": "sport_or_market"}
    assert _vetoes("Soldiers fought with militants near the stadium in Mogadishu.") == {
        "fought": None}
    assert _vetoes("The governor launched her campaign for re-election on Monday.")[
        "campaign"] == "election_campaign"
    assert _vetoes("Militia fighters attacked this checkpoint again.") == {"attacked": None}
    assert _vetoes("Officials recalled that attack in a speech.").get("attack") == "anaphoric"
