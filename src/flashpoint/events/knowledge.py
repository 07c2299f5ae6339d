"""The coding knowledge (triggers, ACLED rules, cue words), loaded once from data files."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc

VERBAL_POS = {"VERB", "AUX"}
NOMINAL_POS = {"NOUN", "PROPN"}


@dataclass(frozen=True)
class TriggerEntry:
    plover: str
    mode: str | None
    acled_class: str | None
    pos: frozenset[str]
    weak: bool = False
    needs_place: bool = False
    speech_act: bool = False
    main_clause_only: bool = False
    means: str | None = None
    objects: frozenset[str] | None = None  # a trigger only with one of these direct objects
    # a trigger only when its object, if it has one, is one of these ("deployed troops", not
    # "deployed a new product")
    objects_if_any: frozenset[str] | None = None
    intransitive: bool = False  # another sense takes an object ("demonstrated its strength")
    transitive: bool = False  # this sense needs an object ("beat prisoners", not "heart beat")
    subjects: str | None = None  # a cue list the subject must be in ("teachers struck")


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per document: spaCy rebuilds it from every token on each read,
    which cost a third of the coding time when read per sentence and per trigger."""
    text = doc.user_data.get("flashpoint_text")
    if text is None:
        text = doc.user_data["flashpoint_text"] = doc.text
    return text


def _read(name: str) -> dict[str, Any]:
    with resources.files("flashpoint.events").joinpath("data", name).open(encoding="utf-8") as f:
        return json.load(f)


@dataclass
class Lexicon:
    """Indexes trigger entries by lemma and by phrase; longest phrase wins."""

    lemma_index: dict[str, list[tuple[TriggerEntry, frozenset[str] | None]]] = field(
        default_factory=dict
    )
    phrase_index: dict[str, list[tuple[tuple[str, ...], TriggerEntry]]] = field(
        default_factory=dict
    )
    acled: dict[str, Any] = field(default_factory=dict)
    cues: dict[str, Any] = field(default_factory=dict)
    type_by_modality: dict[str, dict[str, str]] = field(default_factory=dict)

    def cue(self, name: str) -> frozenset[str]:
        return self.cues[name]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    triggers = _read("triggers.v1.json")
    lexicon = Lexicon(acled=_read("acled_rules.v1.json"))
    raw_cues = _read("cues.v1.json")
    lexicon.cues = {k: frozenset(v) for k, v in raw_cues.items() if isinstance(v, list)}
    lexicon.type_by_modality = {
        k: v for k, v in raw_cues.get("type_by_modality", {}).items() if not k.startswith("_")
    }
    for row in triggers["triggers"]:
        entry = TriggerEntry(
            plover=row["plover"],
            mode=row.get("mode"),
            acled_class=row.get("acled_class"),
            pos=frozenset(row.get("pos", ["VERB", "NOUN"])),
            weak=bool(row.get("weak", False)),
            needs_place=bool(row.get("needs_place", False)),
            speech_act=bool(row.get("speech_act", False)),
            main_clause_only=bool(row.get("main_clause_only", False)),
            means=row.get("means"),
            objects=frozenset(row["objects"]) if "objects" in row else None,
            objects_if_any=(frozenset(row["objects_if_any"]) if "objects_if_any" in row
                            else None),
            intransitive=bool(row.get("intransitive", False)),
            transitive=bool(row.get("transitive", False)),
            subjects=row.get("subjects"),
        )
        for lemma in row.get("lemmas", []):
            word, _, pos = lemma.partition(":")
            only = frozenset([pos]) if pos else None
            lexicon.lemma_index.setdefault(word.lower(), []).append((entry, only))
        for phrase in row.get("phrases", []):
            words = tuple(phrase.lower().split())
            lexicon.phrase_index.setdefault(words[0], []).append((words, entry))
    return lexicon


