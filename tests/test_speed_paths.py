"""The fast paths (trigger prefilter, cached dictionary rulers) change speed, never output."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import spacy

from flashpoint.events.prefilter import build_prefilter, prefilter_for
from flashpoint.nlp import pipeline as nlp_pipeline
from flashpoint.nlp.pipeline import load_language, model_name
from flashpoint.pipeline import Pipeline, PipelineOptions
from flashpoint.record import Article, EntityPattern

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared/seeds/000_5d585aea45ed2e84.txt"
OWN_ARTICLES = [
    "KABUL, Afghanistan - Taliban fighters shelled a police checkpoint in Ghazni province on "
    "Monday, killing four officers, officials said. The government denied the claim.",
    "The weather was nice in Lisbon on Sunday. Cafes were busy until late in the evening.",
    "Protesters marched through Nairobi on Tuesday.\n\nPolice fired tear gas to disperse "
    "them, witnesses told reporters.",
    "The minister said Sudan must return the helicopter within a week.",
    "Quarterly results beat expectations; the shares rose three percent in early trading.",
]


def _articles() -> list[Article]:
    texts = [(REPO / "examples" / "article.txt").read_text(encoding="utf-8"), *OWN_ARTICLES]
    if SEED.exists():
        texts.insert(0, SEED.read_text(encoding="utf-8"))
    day = dt.date(2024, 3, 4)
    return [Article(id=f"a{i}", text=t, published=day) for i, t in enumerate(texts)]


def test_prefilter_passes_event_words_only() -> None:
    pf = build_prefilter()
    assert pf.may_have_event("Rebels shelled the town overnight.")
    assert pf.may_have_event("Troops were ATTACKING the base.")
    assert pf.may_have_event("The army banned the rally.")  # consonant doubling
    assert not pf.may_have_event("The weather was nice")
    assert pf.may_matter("The ministry refuted it.")  # a denial changes an earlier event
    assert not pf.may_have_event("The ministry refuted it.")


def test_prefilter_from_model_covers_irregular_forms() -> None:
    pf = prefilter_for(spacy.load(model_name()))
    assert pf.may_have_event("Thousands fled the fighting.") and pf.may_have_event("They fled.")
    assert pf.may_have_event("The two armies fought for days.")
    assert not pf.may_have_event("The weather was nice")


def test_fast_paths_give_identical_events() -> None:
    articles = _articles()
    slow = Pipeline(PipelineOptions(prefilter=False, ruler_cache=False))
    expected = [[e.to_dict() for e in events] for events in slow.extract_many(articles)]
    assert any(expected) and not all(expected)  # both kinds of article are in the set
    Pipeline().nlp  # noqa: B018 - builds and writes the ruler cache
    fast = Pipeline()
    got = [[e.to_dict() for e in events] for events in fast.extract_many(articles)]
    assert got == expected
    assert not fast.prefilter.may_have_event(OWN_ARTICLES[1])


PATTERNS = [
    EntityPattern(label="GPE", text="Ghazni", id="place:ghazni", case_sensitive=True),
    EntityPattern(label="GPE", text="Ghazni province", id="place:ghazni-p",
                  case_sensitive=False),
    EntityPattern(label="ORG", text="Taliban", id="actor:taliban", case_sensitive=False),
    EntityPattern(label="LOC", text="Nile Valley", id="place:nile", case_sensitive=False),
    EntityPattern(label="ORG", text="UN", id="actor:un", case_sensitive=True),
]
TEXT = ("The taliban attacked Ghazni Province and Ghazni on Monday; the UN and un-named "
        "groups in the nile valley condemned it.")


def _ents(nlp: spacy.language.Language) -> list[tuple[int, int, str, str]]:
    return [(e.start, e.end, e.label_, e.ent_id_) for e in nlp(TEXT).ents]


def test_dictionary_ruler_matches_spacy_entity_ruler(tmp_path: Path) -> None:
    reference = spacy.load(model_name())
    reference.add_pipe("paragraph_sentences", before="parser")
    for name, attr, case in (("exact", "ORTH", True), ("folded", "LOWER", False)):
        ruler = reference.add_pipe("entity_ruler", name=name, before="ner", config={
            "phrase_matcher_attr": attr, "validate": False, "overwrite_ents": True})
        with reference.select_pipes(enable=[]):
            ruler.add_patterns([{"label": p.label, "pattern": p.text, "id": p.id}  # type: ignore[attr-defined]
                                for p in PATTERNS if p.case_sensitive is case])
    ours = load_language(PATTERNS, cache_dir=tmp_path)
    assert _ents(ours) == _ents(reference)
    assert ("ORG", "actor:taliban") in {(e[2], e[3]) for e in _ents(ours)}


def test_ruler_cache_is_used_and_rebuilt_when_patterns_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _ents(load_language(PATTERNS, cache_dir=tmp_path))
    assert len(list(tmp_path.glob("rulers-*.pickle"))) == 1
    assert not list(tmp_path.glob(".rulers-*"))  # no temporary file left behind
    compile_calls = []
    real_compile = nlp_pipeline._compile
    monkeypatch.setattr(nlp_pipeline, "_compile",
                        lambda *a: compile_calls.append(a) or real_compile(*a))
    assert _ents(load_language(PATTERNS, cache_dir=tmp_path)) == first
    assert compile_calls == []  # second load: from the cache
    changed = [*PATTERNS, EntityPattern(label="GPE", text="Monday", id="x", case_sensitive=True)]
    ents = _ents(load_language(changed, cache_dir=tmp_path))
    assert compile_calls  # a changed pattern list is compiled again
    assert ("GPE", "x") in {(e[2], e[3]) for e in ents}
    assert len(list(tmp_path.glob("rulers-*.pickle"))) == 2
