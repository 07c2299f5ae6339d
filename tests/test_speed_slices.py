"""Speed paths that must read exactly what the slower code read (invented texts)."""

from __future__ import annotations

import functools

from flashpoint.events import fatalities
from flashpoint.events.knowledge import doc_text, span_text
from flashpoint.geo.article import _rules, named_places
from flashpoint.pipeline import Pipeline
from flashpoint.time import resolve

TEXT = ("Gunmen attacked the town of Varnholt Keld on Monday.  Two guards died.\n\n"
        "Police said on March 12, 2024 that the Orlesk district   was calm. \n"
        "Residents of Tamsby village fled ")


@functools.lru_cache(maxsize=1)
def _pipeline() -> Pipeline:
    return Pipeline()


def test_span_text_is_the_span_s_own_text() -> None:
    doc = _pipeline().nlp(TEXT)
    sents = list(doc.sents)
    assert len(sents) >= 3
    for sent in sents:
        assert span_text(sent) == sent.text
    for ent in doc.ents:
        assert span_text(ent) == ent.text
    assert doc_text(doc) == TEXT


def test_named_places_reads_every_place_noun() -> None:
    doc = _pipeline().nlp(TEXT)
    assert {"town", "village"} <= _rules()["place_nouns"]
    found = {TEXT[s:e] for s, e in named_places(doc)}
    assert "Varnholt Keld" in found  # "the town of X": a token screened by its hash
    assert "Tamsby" in found  # "X village"


def test_date_rule_screen_keeps_every_match() -> None:
    texts = [TEXT, "late on Friday", "Sept 3", "the past two weeks", "İstanbul on Monday",
             "nothing of the kind here", "in 2019 and again last year"]
    for text in texts:
        for resolving in (False, True):
            expected = [(m.start(), m.end(), i) for i, rule in
                        enumerate(resolve._load_rules().rules)
                        if resolving or not rule.resolve_only
                        for m in rule.regex.finditer(text) if m.end() > m.start()]
            got = [(s, e, i) for s, e, i, _, _ in resolve._matches(text, resolving=resolving)]
            assert got == expected, text
    assert (9, 23) in [(s, e) for s, e in resolve.find_date_phrases("They met late on Friday.")]


def test_fatality_grammar_compiles_with_the_coder() -> None:
    fatalities._grammar.cache_clear()
    Pipeline().coder  # noqa: B018 - builds the coder
    assert fatalities._grammar.cache_info().currsize == 1
