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


# ---------------------------------------------------------------------- focus mode
FOCUS_ARTICLES = [
    # event sentences are self-contained: they name their actors, places and dates
    "The weather was mild in Lisbon this week. Cafes stayed open late and the beaches were "
    "full.\n\nTaliban fighters attacked a police checkpoint in Ghazni province on Monday, "
    "killing four officers. The local football team won its match.",
    "Gen. Jenkins toured a factory in Ohio. The plant makes tractor parts for farms.\n\n"
    "Police arrested 12 protesters in Nairobi on Tuesday. Markets reopened later.",
    "Shares rose three percent in early trading. Analysts expected a quiet quarter.",
]


def _focus_pair() -> tuple[Pipeline, Pipeline]:
    full = Pipeline(PipelineOptions(focus=False))
    focus = Pipeline(PipelineOptions(focus=True))
    focus.nlp = full.nlp  # one model for both: only the analysed text differs
    return full, focus


def test_focus_blanks_quiet_sentences_and_keeps_offsets() -> None:
    pf = build_prefilter(abbreviations={"Gen."})
    text = ("The weather was nice in Lisbon. Gen. Jenkins said rebels shelled the town on "
            "Monday.\nCafes were busy.\n\nMarkets closed early.")
    out = pf.focus(text, context=0)
    assert len(out) == len(text)
    assert out.count("\n\n") == text.count("\n\n")  # paragraphs stay paragraphs
    kept = text.index("Gen. Jenkins")
    sentence = "Gen. Jenkins said rebels shelled the town on Monday."
    assert out[kept:kept + len(sentence)] == sentence  # "Gen." does not end a sentence
    assert "weather" not in out and "Cafes" not in out and "Markets" not in out
    assert out[:kept].strip() == ""  # the blanked sentence before
    assert out[kept - 1] == "\n"  # its run ends in a break: the model starts a sentence there
    assert pf.focus("Cafes were busy.", context=0).strip() == ""


def test_focus_context_keeps_an_earlier_sentence_that_may_name_a_place() -> None:
    pf = build_prefilter()
    text = "Life has long been hard in the town of Gwoza. Gunmen attacked it again."
    assert not pf.sentence_may_matter(text[:45])
    assert pf.focus(text, context=0).startswith(" " * 20)
    assert pf.focus(text, context=1) == text
    quiet = "it was quiet for days. Gunmen attacked it again."  # no name: not kept
    assert pf.focus(quiet, context=1).startswith(" " * 10)


def test_sentence_test_is_stricter_than_the_article_test() -> None:
    pf = build_prefilter()
    said = "The spokesman added that the weather was nice."
    assert pf.may_matter(said) and not pf.sentence_may_matter(said)  # reporting verb alone
    assert pf.sentence_may_matter("The minister said Sudan must return the helicopter.")
    assert not pf.sentence_may_matter("You must try the soup.")  # nobody says it
    assert pf.sentence_may_matter("The ministry refuted it.")  # a denial of an earlier event
    assert pf.sentence_may_matter("Rebels shelled the town.")


def test_sentence_rules_need_every_phrase_word_and_a_listed_object() -> None:
    from flashpoint.events.lexicon import Lexicon, TriggerEntry

    entry = TriggerEntry(plover="ASSAULT", mode=None, acled_class=None,
                         pos=frozenset({"NOUN", "VERB"}))
    aid = TriggerEntry(plover="REDUCE", mode=None, acled_class=None, pos=frozenset({"VERB"}),
                       objects=frozenset({"aid"}))
    lexicon = Lexicon(lemma_index={"reduce": [(aid, None)]},
                      phrase_index={"human": [(("human", "shield"), entry)]},
                      cues={"obligation_auxiliaries": frozenset({"must"}),
                            "reporting_verbs": frozenset({"say"})})
    pf = build_prefilter(lexicon)
    assert pf.sentence_may_matter("They hid behind human shields.")
    assert not pf.sentence_may_matter("The shield was old.")  # half a phrase
    assert pf.sentence_may_matter("Donors reduced aid to the region.")
    assert not pf.sentence_may_matter("Shops reduced prices.")  # not the listed object
    assert pf.may_have_event("The shield was old.")  # the article test stays coarse


def test_focus_gives_the_same_events_on_self_contained_sentences() -> None:
    day = dt.date(2024, 3, 4)
    articles = [Article(id=f"f{i}", text=t, published=day) for i, t in enumerate(
        [*FOCUS_ARTICLES, *OWN_ARTICLES])]
    full, focus = _focus_pair()
    expected = [[e.to_dict() for e in events] for events in full.extract_many(articles)]
    got = [[e.to_dict() for e in events] for events in focus.extract_many(articles)]
    assert expected[0] and expected[1] and not expected[2]
    assert got == expected
    # the focused text really is shorter: the quiet sentences were not analysed
    focused = focus.prefilter.focus(FOCUS_ARTICLES[0], context=1)
    assert "weather" not in focused and "football" not in focused


def test_focus_evidence_points_at_the_article_words() -> None:
    article = Article(id="o", text=FOCUS_ARTICLES[0], published=dt.date(2024, 3, 4))
    _, focus = _focus_pair()
    events = focus.extract(article)
    assert events
    for event in events:
        ev = event.evidence
        assert article.text[ev.start:ev.end] == ev.sentence
        for part in (event.actor1, event.actor2, event.location):
            if part is not None and part.start is not None:
                assert article.text[part.start:part.end] == part.text


# ---------------------------------------------------------------------- knowledge-keyed rulers
def test_rulers_are_found_by_knowledge_key_without_computing_patterns(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import flashpoint.pipeline as fp_pipeline

    data = tmp_path / "places.json"
    data.write_text('{"v": 1}', encoding="utf-8")
    monkeypatch.setenv("FLASHPOINT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(fp_pipeline, "knowledge_files", lambda: [data])
    calls: list[int] = []

    def places(min_population: int = 15000) -> list[EntityPattern]:
        calls.append(min_population)
        return [p for p in PATTERNS if p.label in ("GPE", "LOC")]

    monkeypatch.setattr(fp_pipeline, "place_patterns", places)
    first = _ents(Pipeline().nlp)
    assert calls == [15000]
    assert ("GPE", "place:ghazni") in {(e[2], e[3]) for e in first}
    assert _ents(Pipeline().nlp) == first
    assert calls == [15000]  # second load: the place patterns were not computed
    data.write_text('{"v": 2}', encoding="utf-8")  # the geo data changed
    assert _ents(Pipeline().nlp) == first
    assert len(calls) == 2
    Pipeline(PipelineOptions(place_min_population=5000)).nlp  # noqa: B018
    assert calls[-1] == 5000  # another option, another key
    Pipeline(PipelineOptions(ruler_cache=False)).nlp  # noqa: B018
    assert len(calls) == 4  # no cache: always computed
    assert not list((tmp_path / "cache").glob(".rulers-*"))  # no temporary file left


def test_knowledge_key_covers_the_geo_and_actor_data() -> None:
    import flashpoint.pipeline as fp_pipeline

    names = {(p.parent.parent.name, p.name) for p in fp_pipeline.knowledge_files()}
    assert ("geo", "recognition.v1.json") in names and ("geo", "places.v1.json") in names
    assert ("actors", "actors.v1.json") in names
    assert {p.name for p in fp_pipeline.knowledge_files()} >= {"recognize.py", "gazetteer.py"}


def test_ingest_workers_and_dask_tasks_get_the_focus_option() -> None:
    """`ingest --focus` reaches the worker processes' pipelines, not only the parent's."""
    import importlib

    store_ingest = importlib.import_module("flashpoint.store.ingest")  # the module, not ingest()
    store_ingest._init_worker(True)
    assert store_ingest._WORKER_PIPELINE.options.focus is True
    store_ingest._init_worker(False)
    assert store_ingest._WORKER_PIPELINE.options.focus is False
    try:
        from flashpoint.engines.dask_engine import worker_pipeline
    except ImportError:  # the dask extra is optional
        return
    assert worker_pipeline(True).options.focus is True
    assert worker_pipeline(False).options.focus is False


RULE_TEXTS = [
    "There is no way they're gonna win, y'all. Let's go! I ain't got nothin' to say.",
    "C'mon, it is what it is: you gotta see that I have done it because it was there.",
    "Whether or not the rebels attacked, he'd have been told.  \n\n  Do you? It did.",
    "That which remains, those that stayed and these were all that mattered to her.",
]


def _token_rows(doc: spacy.tokens.Doc) -> list[tuple[object, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_,
             t.ent_iob_) for t in doc]


def test_fast_rule_components_give_the_model_s_tokens() -> None:
    from flashpoint.nlp.attributes import FastAttributeRuler, FastLemmatizer

    texts = [*RULE_TEXTS, *OWN_ARTICLES, (REPO / "examples" / "article.txt").read_text()]
    if SEED.exists():
        texts.append(SEED.read_text(encoding="utf-8"))
    stock = spacy.load(model_name())
    stock.add_pipe("paragraph_sentences", before="parser")
    fast = load_language()
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), FastLemmatizer)
    assert fast.pipe_names == stock.pipe_names
    assert fast.get_pipe("attribute_ruler").patterns == stock.get_pipe("attribute_ruler").patterns
    expected = [_token_rows(d) for d in stock.pipe(texts)]
    for _ in range(2):  # cold caches, then warm ones
        assert [_token_rows(d) for d in fast.pipe(texts)] == expected


def test_fast_attribute_ruler_keeps_rule_order_and_falls_back_to_the_matcher() -> None:
    from flashpoint.nlp.attributes import speed_up_rule_components

    extra = [  # a later rule wins; operators and other attributes need the real Matcher
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"LEMMA": "first", "MORPH": "Number=Plur"}},
        {"patterns": [[{"LOWER": "town", "TAG": "NN"}]], "attrs": {"LEMMA": "second"}},
        {"patterns": [[{"LOWER": "the"}, {"OP": "?"}, {"TAG": "NN"}]],
         "attrs": {"POS": "PROPN"}, "index": -1},
        {"patterns": [[{"LENGTH": {">=": 9}}]], "attrs": {"MORPH": "Foreign=Yes"}},
        {"patterns": [[{"LOWER": "rebels"}, {"TAG": "VBD"}]], "attrs": {"LEMMA": "hit"},
         "index": 1},
    ]
    stock = spacy.load(model_name())
    fast = spacy.load(model_name())
    for nlp in (stock, fast):
        nlp.get_pipe("attribute_ruler").add_patterns(extra)
    speed_up_rule_components(fast)
    ruler = fast.get_pipe("attribute_ruler")
    assert ruler.fallback is not None and ruler.multi  # type: ignore[attr-defined]
    texts = ["The rebels shelled the old town and the town hall near a checkpoint.",
             "Rebels attacked the convoy; the ministry's spokesperson said nothing."]
    got = [_token_rows(d) for d in fast.pipe(texts)]
    assert got == [_token_rows(d) for d in stock.pipe(texts)]
    assert {row[4] for row in got[0]} >= {"second", "hit"}
