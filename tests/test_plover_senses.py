"""Non-violent PLOVER senses decided by a verb's object, its particle or its complement
(CAMEO -> PLOVER: 057 sign formal agreement is SUPPORT, 081 ease administrative sanctions
is CONCEDE, 086x receive inspectors / allow aid deliveries is RETREAT, 162 stop aid and 166x
withdraw or expel observers and agencies are SANCTION, 128 defy a law or ban is REJECT)."""

import copy

import pytest

from flashpoint.pipeline import default_pipeline
from flashpoint.record import Article


def events_of(text: str) -> list:
    return default_pipeline().extract(Article(id="t", text=text))


def types_of(text: str) -> list[str]:
    return [e.plover.type for e in events_of(text)]


def test_signed_treaty_of_friendship_is_support():
    assert types_of("Ruvalia and Ostrava signed a treaty of friendship on Monday.") == [
        "SUPPORT"]


def test_signed_peace_treaty_stays_an_agreement_acled_codes():
    events = events_of("The government and the rebels signed a peace treaty in Kolwa.")
    assert [e.plover.type for e in events] == ["AGREE"]
    assert events[0].acled is not None and events[0].acled.sub_event_type == "Agreement"


def test_signed_contract_is_no_event():
    assert types_of("The football club signed a contract with the young striker.") == []


def test_lifted_curfew_is_a_concession_not_a_retreat():
    assert types_of("The army lifted the curfew in Mbolo after a week of calm.") == ["CONCEDE"]


def test_lifted_siege_stays_a_retreat():
    assert types_of("The rebels lifted the siege of Kolwa on Friday.") == ["RETREAT"]


def test_shortened_curfew_owns_the_curfew_noun():
    # the curfew is what was eased, not a second (COERCE) event
    assert types_of("Authorities shortened the curfew in the capital by two hours.") == [
        "CONCEDE"]


def test_received_team_of_observers_is_retreat_access():
    events = events_of("The government received a team of election observers from the bloc.")
    assert [(e.plover.type, e.plover.mode) for e in events] == [("RETREAT", "access")]


def test_received_team_of_dancers_is_no_event():
    assert types_of("The government received a team of dancers from the bloc.") == []


def test_withdrawn_observers_are_a_sanction_and_a_stated_one_a_threat():
    assert types_of("The UN withdrew its observers from the border region on Thursday.") == [
        "SANCTION"]
    assert types_of("The UN said it will withdraw its monitors from the region.") == [
        "THREATEN"]


def test_withdrawn_troops_stay_a_retreat():
    assert types_of("Ruvalia withdrew its troops from the border region on Thursday.") == [
        "RETREAT"]


def test_verb_and_particle_around_the_object_expel_an_agency():
    assert types_of("Military rulers kicked the UN children's agency out of the country.") == [
        "SANCTION"]
    assert types_of("Rescuers pulled three survivors out of the rubble.") == []


def test_handed_over_food_is_aid_handed_over_town_a_transfer():
    aid = events_of("Red Cross volunteers handed over ten tonnes of food to families in Kolwa.")
    assert [e.plover.type for e in aid] == ["AID"]
    town = events_of("The rebels handed over the town of Kolwa to the army.")
    assert [e.plover.type for e in town] == ["RETREAT"]
    assert town[0].acled is not None
    assert town[0].acled.sub_event_type == "Non-violent transfer of territory"


def test_defied_ban_is_a_rejection_that_owns_the_ban():
    assert types_of("The opposition party defied a ban by the military council.") == ["REJECT"]


def test_denied_permission_is_a_rejection_not_a_denied_protest():
    assert types_of("The city authorities denied permission for the opposition march.") == [
        "REJECT"]


def test_sworn_to_is_a_threat_sworn_in_no_event():
    assert "THREATEN" in types_of("Separatist leaders swore to drive the army out of Mbolo.")
    assert types_of("The chief justice swore in the new cabinet on Monday.") == []


def test_armed_forces_preparing_to_attack_mobilize():
    assert types_of("Government troops were preparing to attack the rebel town of Mbolo.") == [
        "MOBILIZE"]
    assert types_of("The ministry is preparing to publish its annual budget.") == []


def test_verb_adverb_inside_a_phrase():
    events = events_of("Opposition lawmakers are pushing hard for the government to hold "
                       "early elections.")
    assert [e.plover.type for e in events] == ["REQUEST"]
    # the adverb is passed over only where the plain phrase fails: "stepped down" stays
    assert types_of("The Libyan interior minister stepped down on Sunday.") == ["RETREAT"]


def test_stopped_aid_owns_its_aid_noun():
    assert types_of("The United States halted all military aid to the government.") == [
        "SANCTION"]


def test_inquiry_and_dispatched_investigators_are_investigations():
    inquiry = events_of("The parliament opened an inquiry into the sale of state land.")
    assert [(e.plover.type, e.plover.mode) for e in inquiry] == [("ACCUSE", None)]
    sent = events_of("The UN dispatched investigators to the village of Tinzar.")
    assert [(e.plover.type, e.plover.mode) for e in sent] == [("ACCUSE", "investigate")]


def _shipped():
    from flashpoint.events.knowledge import _read

    return _read("triggers.v1.json"), _read("cues.v1.json"), _read("acled_rules.v1.json")


@pytest.mark.parametrize("change, message", [
    (lambda t: t.__setitem__("object_containers", "team"), "object_containers"),
    (lambda t: t["triggers"][0].__setitem__("objects_unless_modfied", ["peace"]),
     "unknown key"),
])
def test_new_trigger_keys_are_checked_at_load(change, message):
    from flashpoint.events.knowledge import KnowledgeError, build_lexicon

    triggers, cues, acled = _shipped()
    lexicon = build_lexicon(triggers, cues, acled)
    assert "team" in lexicon.object_containers
    broken = copy.deepcopy(triggers)
    change(broken)
    with pytest.raises(KnowledgeError, match=message):
        build_lexicon(broken, cues, acled)


def test_paid_compensation_is_a_return_of_property():
    events = events_of("The government paid compensation to 200 farmers for land taken for "
                       "the new airport.")
    assert [(e.plover.type, e.plover.mode) for e in events] == [("RETREAT", "return")]
    assert types_of("The company paid a fine of two million dollars.") == []
