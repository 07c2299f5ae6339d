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
