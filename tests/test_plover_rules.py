"""General PLOVER rules: obligation under a reporting verb, conditional and planned threats."""

from flashpoint.pipeline import default_pipeline
from flashpoint.record import Article


def types_of(text: str) -> list[str]:
    events = default_pipeline().extract(Article(id="t", text=text))
    return [e.plover.type for e in events]


def test_must_under_reporting_verb_is_a_request():
    assert "REQUEST" in types_of("The minister said the rebels must agree to a ceasefire.")


def test_conditional_withdrawal_is_a_threat():
    text = "Kenya said it will withdraw its troops from the mission unless salaries are paid."
    assert "THREATEN" in types_of(text)


def test_planned_boycott_is_a_threat():
    assert "THREATEN" in types_of("Opposition parties said they would boycott the vote.")


def test_planned_noun_trigger_takes_the_verb_tense():
    assert "THREATEN" in types_of("The governor said he will extend the curfew in the city.")


def test_demand_without_trigger_is_a_request():
    assert "REQUEST" in types_of("The ministry said Chad must pay its debts to the company.")


def test_lifting_a_blockade_is_a_retreat():
    assert "RETREAT" in types_of("The navy lifted its three-week blockade of the port on Monday.")


def test_demand_keeps_its_request_beside_a_relative_clause_event():
    # the looting inside "that were looted" is a second event, not the demanded act
    text = ("The ministry said Chad must pay for the trucks that were looted by militiamen "
            "in Abeche.")
    assert "REQUEST" in types_of(text)


def test_reiterated_demand_is_a_request():
    text = "The envoy reiterated that Eritrea must withdraw its troops from the border town."
    assert types_of(text) == ["REQUEST"]


def test_must_clause_of_a_speech_noun_is_a_request():
    text = "The bloc issued a statement that Niger must free the detained president."
    assert types_of(text) == ["REQUEST"]


def test_prepared_to_concede_is_an_agreement():
    text = "The government said it was prepared to release the detained opposition leaders."
    assert types_of(text) == ["AGREE"]


def test_prepared_to_coerce_is_a_threat():
    text = "The interior minister said police were prepared to impose a curfew on the capital."
    assert types_of(text) == ["THREATEN"]


def test_adverbial_clause_is_not_planned_with_its_host():
    events = default_pipeline().extract(Article(
        id="t", text="The rebels plan to sign the deal as clashes continue in the town of Gao."))
    clash = [e for e in events if e.plover.type == "ASSAULT"]
    assert clash and clash[0].modality != "planned" and clash[0].acled is not None


def test_failed_agreement_is_a_rejection():
    text = ("Government and rebel negotiators failed to reach an agreement in Addis Ababa "
            "on Thursday.")
    assert types_of(text) == ["REJECT"]


def test_pledged_policy_support_is_an_agreement():
    assert types_of("Ghana will support Nigeria's bid for a permanent seat on the council.") == [
        "AGREE"]


def test_backing_troops_in_battle_is_not_policy_support():
    assert "SUPPORT" not in types_of("Turkish drones supported the government troops near Tripoli.")


def test_restored_relations_with_a_determiner_is_support():
    assert types_of("Egypt and Qatar restored their diplomatic relations on Tuesday.") == [
        "SUPPORT"]


def test_strengthened_forces_is_a_mobilization():
    assert types_of("Mali has bolstered its forces along the northern border.") == ["MOBILIZE"]


def test_reduced_assistance_is_a_sanction_not_aid():
    assert types_of("Washington reduced military assistance to Cairo.") == ["SANCTION"]


def test_promised_return_of_property_is_an_agreement():
    text = "The rebels said they will return the seized weapons to the peacekeepers."
    assert types_of(text) == ["AGREE"]


def test_evacuating_people_is_aid_and_evacuating_a_base_a_retreat():
    assert types_of("Red Cross teams evacuated the injured from the shelled town.") == ["AID"]
    assert types_of("Government troops evacuated the base near Kidal.") == ["RETREAT"]


def test_expelling_people_is_coercion_and_expelling_diplomats_a_sanction():
    events = default_pipeline().extract(Article(
        id="t", text="Authorities expelled 40 migrants to Niger on Monday."))
    assert [(e.plover.type, e.plover.mode) for e in events] == [("COERCE", "deport")]
    assert types_of("Poland expelled two Russian diplomats on Friday.") == ["SANCTION"]


def test_preventing_a_protest_is_coercion():
    events = default_pipeline().extract(Article(
        id="t", text="Riot police prevented a rally by opposition supporters in Lome on Saturday."))
    assert [(e.plover.type, e.plover.mode) for e in events] == [("COERCE", "restrict")]
