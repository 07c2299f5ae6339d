"""Armed clash vs Attack vs Mob violence by who the sides are (issue 14), on sentences
written for each rule (invented places, peoples and groups): fighting told "between"
communities, clans or ethnic groups is an Armed clash of identity militias whoever died;
a victim named as an armed raider or bandit makes the act two-sided. Each checks the
sub-event type and a role or the toll, and the sentences that must stay as they were."""

from __future__ import annotations

import pytest

from flashpoint.pipeline import default_pipeline
from flashpoint.record import Article


def coded(text: str):
    found = [e for e in default_pipeline().extract(Article(id="clash", text=text))
             if e.acled is not None]
    assert found, f"no ACLED-coded event in {text!r}"
    return sorted(found, key=lambda e: (-e.confidence, e.trigger_start))[0]


@pytest.mark.parametrize("text,sub,fatalities", [
    # the sides after "between" are communities, clans, ethnic groups or villages
    ("Two shepherds were shot dead at Orvak in renewed fighting between the Tavari and "
     "the Melosi.",
     "Armed clash", 2),
    ("Four people died in Kelvar in fresh clashes between the Arobi and Tesso clans.",
     "Armed clash", 4),
    ("Fighting between two ethnic groups left three dead near Lokarin.", "Armed clash", 3),
    ("An old woman died when an attack between two neighbouring villages spread to Denmora.",
     "Armed clash", 1),
])
def test_fighting_between_communities_is_an_armed_clash(text, sub, fatalities):
    e = coded(text)
    assert e.acled.sub_event_type == sub
    assert e.fatalities is not None and e.fatalities.best == fatalities


@pytest.mark.parametrize("text,sub", [
    # unnamed groups and rival supporters stay a crowd's brawl
    ("One trader died after a clash between two groups at the Pelsa cattle market.",
     "Mob violence"),
    ("Two were hurt in clashes between rival supporters at a polling centre in Pelsa.",
     "Mob violence"),
    # "between" two places tells where, not who fought
    ("A trader was beheaded by militants between Tarso and Kembe.", "Attack"),
])
def test_other_sides_between_stay(text, sub):
    assert coded(text).acled.sub_event_type == sub


@pytest.mark.parametrize("text", [
    "Police killed five raiders who had stolen cattle near Amboli.",
    "Three suspected bandits were shot dead by soldiers in Kivara forest.",
    "Police said they shot dead a dozen warriors who had raided a ranch near Lemosi.",
])
def test_armed_victims_make_a_clash(text):
    e = coded(text)
    assert e.acled.sub_event_type == "Armed clash"
    assert e.actor1 is not None and e.actor1.kind in ("police", "military")


@pytest.mark.parametrize("text,fatalities", [
    # a crowd named by its people or its place that kills: an identity militia's Attack
    ("Two Orvani youths stabbed a shopkeeper to death outside his store in Pemba Hill.", 1),
    ("Three Kembe villagers killed a Delosi trader on the road to Pinto.", 1),
    ("Men from Garvo shot and killed three fishermen on the shore of Lake Tundi.", 3),
])
def test_named_community_that_kills_is_a_militia(text, fatalities):
    e = coded(text)
    assert e.acled.sub_event_type == "Attack"
    assert e.actor2 is not None and e.actor2.kind == "civilians"
    assert e.fatalities is not None and e.fatalities.best == fatalities


@pytest.mark.parametrize("text", [
    # mob justice on a suspect, a crowd with no name, violence short of killing
    "Residents of Garvo beat a suspected thief to death in Kembe.",
    "Angry residents killed a cyclist in Kelmoor.",
    "Tavari youths beat up a trader outside the market in Kelmoor.",
    # an organisation's members named by it are no community
    "Members of the Pelsa League stabbed a rival to death in Kembe.",
])
def test_crowds_stay_mobs(text):
    assert coded(text).acled.sub_event_type == "Mob violence"


def test_named_crowd_that_kills_an_armed_man_stays_a_mob():
    e = coded("Tavari villagers beat and killed an insurgent who had stolen a goat in Kelmoor.")
    assert e.acled.sub_event_type == "Mob violence"


@pytest.mark.parametrize("text", [
    # mob justice: a suspected criminal or witch set upon, no armed doer told
    "Two suspected cattle thieves were beaten to death in Tarso on Sunday.",
    "In Kembe a crowd of youths burned a suspected robber to death.",
    "An old man accused of witchcraft was hacked to death near Pinto market.",
])
def test_mob_justice_is_mob_violence(text):
    e = coded(text)
    assert e.acled.sub_event_type == "Mob violence"
    assert e.actor1 is not None and e.actor1.name.startswith(("Rioters", "Protesters"))


@pytest.mark.parametrize("text,kind", [
    # a force or an armed group that kills a suspect attacks a civilian; so may an unnamed
    # shooter (a force's firearms)
    ("Police shot two suspected robbers dead in Kembe.", "police"),
    ("Gunmen killed a suspected thief in Kembe.", "militant"),
    ("Two suspected robbers were shot dead in Kembe.", None),
])
def test_armed_doers_of_a_suspect_killing_attack(text, kind):
    e = coded(text)
    assert e.acled.sub_event_type == "Attack"
    assert (e.actor1.kind if e.actor1 is not None else None) == kind


def test_suspects_of_an_armed_group_are_no_mob_justice():
    e = coded("Police battled Tarso Front members during a raid, and an officer and three "
              "Tarso Front suspects were killed.")
    assert e.acled.sub_event_type == "Armed clash"
    assert e.fatalities is not None and e.fatalities.best == 4


@pytest.mark.parametrize("text", [
    # a person who works for an aid agency or institution is a civilian victim
    "Gunmen shot a World Health Organization volunteer dead at a clinic in Tarso.",
    "Gunmen killed two Medecins Sans Frontieres employees on the road to Kembe.",
])
def test_staff_of_an_institution_are_civilians(text):
    e = coded(text)
    assert e.acled.sub_event_type == "Attack"
    assert e.actor2 is not None and e.actor2.kind == "civilians"


def test_armed_volunteers_stay_armed():
    e = coded("Militants attacked Tarso and clashed with local self-defence volunteers; "
              "two volunteers were killed.")
    assert e.acled.sub_event_type == "Armed clash"


@pytest.mark.parametrize("text,sub", [
    # people named only as those who attacked, no arms, no killing: a crowd's violence
    ("Assailants beat and injured a Tarso shopkeeper on Monday.", "Mob violence"),
    ("About twenty assailants under a land dealer beat three women in Kembe.",
     "Mob violence"),
    ("A shopkeeper was beaten by assailants in Tarso.", "Mob violence"),
    ("Assailants looted a shop, smashed its windows and assaulted two clerks in Tarso.",
     "Mob violence"),
    # a doer named by a group is no crowd
    ("Tarso Front assailants beat a shopkeeper in Kembe.", "Attack"),
    # unknown, armed with firearms or killing: an (unidentified) armed group
    ("Unidentified assailants beat a trader in Tarso.", "Attack"),
    ("Assailants shot and injured a trader in Tarso.", "Attack"),
    ("Assailants beat and killed a farmhand at Tarso.", "Attack"),
])
def test_assailants_with_no_sign_of_arms_are_a_crowd(text, sub):
    assert coded(text).acled.sub_event_type == sub


@pytest.mark.parametrize("text", [
    "Several shopkeepers were beaten by uniformed assailants in Tarso after the curfew.",
])
def test_uniformed_assailants_are_an_armed_group(text):
    e = coded(text)
    assert e.acled.sub_event_type == "Attack"
    assert e.actor1 is not None and e.actor1.kind == "militant"


@pytest.mark.parametrize("text,kind", [
    # the side attacked answered the attack itself: two armed sides, an Armed clash
    ("Gunmen attacked Tarso village. Police responded to the attack, killing two "
     "gunmen.", "police"),
    ("Insurgents made an incursion into Tarso on Monday. Soldiers responded to the "
     "incursion and killed three insurgents.", "military"),
])
def test_responding_to_the_attack_makes_a_clash(text, kind):
    e = coded(text)
    assert e.acled.sub_event_type == "Armed clash"
    assert e.actor2 is not None and e.actor2.kind == kind


def test_responding_to_a_call_is_no_fight():
    e = coded("Gunmen raided the hamlet of Kembe, killing a farmer. Police responded to the "
              "distress call and arrested two suspects.")
    assert e.acled.sub_event_type == "Attack"


@pytest.mark.parametrize("text", [
    # people not known who killed: an unidentified armed group, not a crowd
    "An unidentified group killed a village elder in Tarso.",
    "Unknown men murdered a shopkeeper in Kembe on Friday.",
])
def test_unknown_killers_are_an_armed_group(text):
    e = coded(text)
    assert e.acled.sub_event_type == "Attack"
    assert e.actor1 is not None and e.actor1.kind == "militant"


def test_the_attackers_told_before_are_no_crowd():
    events = [e for e in default_pipeline().extract(Article(
        id="clash", text="Rebels killed twelve villagers in a raid on Tarso on Sunday. "
                         "The attackers also burned a church."))
        if e.acled is not None]
    assert events and all(e.acled.sub_event_type != "Mob violence" for e in events)


@pytest.mark.parametrize("text", [
    # a named community's crowd that attacks another community's settlement: a militia
    "Villagers in Garvo attacked a herders' camp and wounded a boy.",
    "Youths from Garvo attacked a hamlet near Tarso and burned it down.",
])
def test_named_community_raiding_a_settlement_is_a_militia(text):
    e = coded(text)
    assert e.acled.sub_event_type == "Attack"
    assert e.actor1 is not None and e.actor1.kind == "militia"


def test_killing_men_believed_to_be_robbers_is_mob_justice():
    e = coded("At Garvo market, residents of Garvo killed two boys believed to have "
              "stolen their goats.")
    assert e.acled.sub_event_type == "Mob violence"
    assert e.fatalities is not None and e.fatalities.best == 2
