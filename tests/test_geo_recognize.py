"""Tests for toponym recognition (`flashpoint.geo.recognize.toponym_spans`).

Two layers: hand-built documents pin each post-processing rule without the statistical
model, and a few sentences go through the real pipeline the way `geo-eval` runs it.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from flashpoint.geo.recognize import place_patterns, recognition_rules, toponym_spans

BLANK = spacy.blank("en")

# (start token, end token, label, ruler id)
Ent = tuple[int, int, str, str]


def make_doc(words: list[str], tags: list[str], ents: list[Ent]) -> Doc:
    doc = Doc(BLANK.vocab, words=words, tags=tags)
    doc.ents = [Span(doc, s, e, label=lab, span_id=eid) for s, e, lab, eid in ents]
    return doc


def texts(doc: Doc) -> list[str]:
    return [doc.text[s:e] for s, e in toponym_spans(doc)]


# --- rules on hand-built documents ------------------------------------------------------

def test_place_adjective_counts_but_a_plural_people_does_not() -> None:
    doc = make_doc(["Russian", "troops", "met", "Russians", "."],
                   ["JJ", "NNS", "VBD", "NNPS", "."],
                   [(0, 1, "NORP", "country:RUS"), (3, 4, "NORP", "country:RUS")])
    assert texts(doc) == ["Russian"]


def test_regional_adjective_from_the_data_file_counts() -> None:
    doc = make_doc(["Scottish", "voters", "decided", "."], ["JJ", "NNS", "VBD", "."],
                   [(0, 1, "NORP", "")])
    assert texts(doc) == ["Scottish"]


def test_religion_is_not_a_place_adjective() -> None:
    doc = make_doc(["Catholic", "bishops", "met", "."], ["JJ", "NNS", "VBD", "."],
                   [(0, 1, "NORP", "")])
    assert texts(doc) == []


def test_article_and_possessive_are_trimmed() -> None:
    doc = make_doc(["In", "the", "Middle", "East", "'s", "cities"],
                   ["IN", "DT", "NNP", "NNP", "POS", "NNS"],
                   [(1, 5, "LOC", "")])
    assert texts(doc) == ["Middle East"]


def test_trailing_lowercase_word_is_not_part_of_the_name() -> None:
    doc = make_doc(["Troops", "entered", "Latakia", "province", "."],
                   ["NNS", "VBD", "NNP", "NN", "."], [(2, 4, "GPE", "")])
    assert texts(doc) == ["Latakia"]


def test_compass_word_and_place_type_word_join_the_name() -> None:
    doc = make_doc(["Storms", "hit", "North", "Africa", "and", "Lorain", "County", "."],
                   ["NNS", "VBD", "NNP", "NNP", "CC", "NNP", "NNP", "."],
                   [(3, 4, "LOC", ""), (5, 6, "GPE", "")])
    assert texts(doc) == ["North Africa", "Lorain County"]


def test_place_adjective_joins_a_geographic_feature() -> None:
    doc = make_doc(["Ships", "crossed", "the", "Indian", "Ocean", "."],
                   ["NNS", "VBD", "DT", "JJ", "NNP", "."], [(3, 4, "NORP", "country:IND")])
    assert texts(doc) == ["Indian Ocean"]


def test_town_named_like_a_person_is_dropped() -> None:
    doc = make_doc(["Bryan", "said", "Mr", "Graham", "left", "."],
                   ["NNP", "VBD", "NNP", "NNP", "VBD", "."],
                   [(0, 1, "GPE", "geonames:1"), (3, 4, "GPE", "geonames:2")])
    assert texts(doc) == []


def test_country_named_like_a_person_is_kept() -> None:
    doc = make_doc(["Jordan", "closed", "its", "border", "."],
                   ["NNP", "VBD", "PRP$", "NN", "."], [(0, 1, "GPE", "country:JOR")])
    assert texts(doc) == ["Jordan"]


def test_unknown_one_word_model_guess_is_dropped() -> None:
    doc = make_doc(["Zorblaxian", "Qwimbo", "grew", "."], ["JJ", "NNP", "VBD", "."],
                   [(1, 2, "GPE", "")])
    assert texts(doc) == []


def test_known_place_after_a_locative_is_kept_whatever_its_label() -> None:
    doc = make_doc(["They", "moved", "to", "Keighley", "in", "May", "."],
                   ["PRP", "VBD", "IN", "NNP", "IN", "NNP", "."], [(3, 4, "ORG", "")])
    assert texts(doc) == ["Keighley"]


def test_capitalised_dateline_is_a_place_but_an_acronym_is_not() -> None:
    doc = make_doc(["BOSTON", "(", "AP", ")", "—", "NAFTA", "talks", "resumed", "."],
                   ["NNP", "-LRB-", "NNP", "-RRB-", ":", "NNP", "NNS", "VBD", "."], [])
    assert texts(doc) == ["BOSTON"]


def test_no_entities_no_places() -> None:
    doc = make_doc(["The", "meeting", "ended", "late", "."], ["DT", "NN", "VBD", "RB", "."], [])
    assert toponym_spans(doc) == []


# --- data and patterns ------------------------------------------------------------------

def test_rules_file_lists_are_clean() -> None:
    data = recognition_rules()
    for key, value in data.items():
        if isinstance(value, list):
            assert value and all(isinstance(v, str) and v.strip() == v for v in value), key
            assert len(set(value)) == len(value), key


def test_person_named_towns_are_not_ruler_patterns() -> None:
    texts_ = {p.text for p in place_patterns()}
    assert "Bryan" not in texts_ and "Shirley" not in texts_
    assert {"Damascus", "Kharkiv", "Austin"} <= texts_  # large cities keep their names


# --- through the real pipeline ----------------------------------------------------------

@pytest.fixture(scope="module")
def nlp():
    from flashpoint.pipeline import Pipeline

    return Pipeline().nlp


def spans_of(nlp, text: str) -> list[str]:
    return [text[s:e] for s, e in toponym_spans(nlp(text))]


def test_pipeline_demonyms_and_abbreviations(nlp) -> None:
    found = spans_of(nlp, "U.S. and UK envoys praised the Turkish mediators in Geneva.")
    assert found == ["U.S.", "UK", "Turkish", "Geneva"]


def test_pipeline_person_named_like_a_town(nlp) -> None:
    found = spans_of(nlp, "Bryan Brennan, a carpenter, flew from Kharkiv to Warsaw.")
    assert "Bryan" not in found and {"Kharkiv", "Warsaw"} <= set(found)


def test_pipeline_text_without_places(nlp) -> None:
    assert spans_of(nlp, "The committee approved the budget after a long debate.") == []
