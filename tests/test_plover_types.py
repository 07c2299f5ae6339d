"""Each PLOVER 2.0 event type is recognised in ordinary wire-style sentences.

The sentences are invented for these tests; each must yield at least one event of the type named.
"""

from __future__ import annotations

import pytest

import flashpoint

CASES = [
    # AGREE
    ("AGREE", "Colombia and the ELN guerrillas signed a ceasefire agreement in Havana on Friday."),
    (
        "AGREE",
        "Ghana said on Tuesday it is willing to mediate between the two neighbouring governments.",
    ),
    (
        "AGREE",
        "Delegates from Armenia and Azerbaijan reached a consensus on the demarcation of "
        "their border, officials said.",
    ),
    # CONSULT
    (
        "CONSULT",
        "Indonesian Foreign Minister Retno Marsudi met her Malaysian counterpart in "
        "Jakarta on Monday.",
    ),
    (
        "CONSULT",
        "Qatar launched a mediation effort between Sudan's army and the Rapid Support "
        "Forces on Saturday.",
    ),
    # SUPPORT
    (
        "SUPPORT",
        "Kenya praised Ethiopia for its role in the regional peace process, the foreign "
        "ministry said.",
    ),
    (
        "SUPPORT",
        "Honduras has established diplomatic relations with China, the government "
        "announced on Sunday.",
    ),
    ("SUPPORT", "Japan apologized to South Korea for the incident involving its patrol aircraft."),
    # CONCEDE
    ("CONCEDE", "The Sri Lankan government freed 40 Tamil detainees on Thursday, a lawyer said."),
    (
        "CONCEDE",
        "The transport workers' union called off a week-long strike after talks with the "
        "Nigerian government.",
    ),
    (
        "CONCEDE",
        "The junta in Niger accepted the demands of the opposition to hold a national dialogue.",
    ),
    # COOPERATE
    ("COOPERATE", "Turkey extradited two suspected Islamic State members to Germany on Wednesday."),
    (
        "COOPERATE",
        "Jordanian intelligence has been sharing information with Iraqi security "
        "services about militant cells, officials said.",
    ),
    # AID
    (
        "AID",
        "The World Food Programme delivered 2,000 tonnes of food aid to displaced families in "
        "northern Mozambique.",
    ),
    ("AID", "Germany continued to send arms to Ukraine last year, a government spokesman said."),
    # RETREAT
    (
        "RETREAT",
        "Russian troops withdrew from the town of Kherson on Friday, the Ukrainian army said.",
    ),
    ("RETREAT", "About 300 M23 rebels surrendered to Congolese forces near Goma on Sunday."),
    ("RETREAT", "Hezbollah declared a unilateral ceasefire on Tuesday after a week of clashes."),
    # REQUEST
    ("REQUEST", "The African Union urged both sides in South Sudan to return to negotiations."),
    (
        "REQUEST",
        "Thousands of Rohingya refugees sought asylum in Malaysia last month, the UN "
        "refugee agency said.",
    ),
    # ACCUSE
    ("ACCUSE", "Pakistan accused India of sponsoring militant attacks in Balochistan on Monday."),
    (
        "ACCUSE",
        "Egypt lodged a formal complaint with Ethiopia over the filling of the dam, the "
        "foreign ministry said.",
    ),
    (
        "ACCUSE",
        "A Peruvian prosecutor indicted the former interior minister for corruption on Thursday.",
    ),
    # REJECT
    ("REJECT", "Iran rejected the European proposal to limit uranium enrichment on Wednesday."),
    (
        "REJECT",
        "The Malian junta refused to hand over power to a civilian government, its spokesman said.",
    ),
    # THREATEN
    (
        "THREATEN",
        "North Korea threatened to retaliate against any new sanctions, state media reported.",
    ),
    (
        "THREATEN",
        "The Houthis warned shipping companies against sailing through the Red Sea on Monday.",
    ),
    # PROTEST
    (
        "PROTEST",
        "Thousands of farmers demonstrated in Warsaw on Tuesday against cheap grain imports.",
    ),
    (
        "PROTEST",
        "Angry residents blocked roads in Nairobi on Monday to protest rising fuel prices.",
    ),
    ("PROTEST", "Dock workers stopped work at the port of Durban on Thursday over unpaid wages."),
    # MOBILIZE
    (
        "MOBILIZE",
        "Azerbaijan deployed additional troops along its border with Armenia on Saturday.",
    ),
    (
        "MOBILIZE",
        "Taiwanese forces were put on high alert after Chinese warships approached the island.",
    ),
    # SANCTION
    (
        "SANCTION",
        "Mali expelled the French ambassador on Monday, the transitional government said.",
    ),
    ("SANCTION", "The European Union imposed sanctions on six Iranian officials on Friday."),
    ("SANCTION", "Niger announced the suspension of military cooperation with the United States."),
    # COERCE
    (
        "COERCE",
        "Police in Dhaka arrested 25 opposition activists on Sunday, a party spokesman said.",
    ),
    ("COERCE", "The government of Ecuador declared a state of emergency in Guayaquil on Tuesday."),
    # ASSAULT
    (
        "ASSAULT",
        "Gunmen attacked a police station in Zamfara state on Sunday, killing five officers.",
    ),
    ("ASSAULT", "Militants said they attempted to assassinate the governor of Kunar province."),
    ("ASSAULT", "A roadside bomb exploded near a military convoy in Kidal on Wednesday."),
]


@pytest.mark.parametrize(
    ("plover", "text"), CASES, ids=[f"{p}-{i}" for i, (p, _) in enumerate(CASES)]
)
def test_sentence_yields_type(plover: str, text: str) -> None:
    events = flashpoint.extract(text, published="2024-03-12")
    types = [e.plover.type for e in events]
    assert plover in types, f"{text!r} -> {types}"


def test_every_plover_type_is_covered() -> None:
    types = {p for p, _ in CASES}
    assert types == {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "SANCTION",
        "THREATEN",
        "PROTEST",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }
    for t in types:
        assert sum(p == t for p, _ in CASES) >= 2, t


def test_according_to_is_not_an_agreement() -> None:
    events = flashpoint.extract(
        "Five soldiers were killed in an ambush near Gao, according to local officials.",
        published="2024-03-12",
    )
    assert "AGREE" not in [e.plover.type for e in events]


def test_labour_strike_is_not_an_assault() -> None:
    events = flashpoint.extract(
        "Teachers in Nairobi began a nationwide strike on Monday over pay.", published="2024-03-12"
    )
    types = [e.plover.type for e in events]
    assert "ASSAULT" not in types
