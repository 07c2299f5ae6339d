"""The coding knowledge (triggers, ACLED rules, cue words), loaded once from data files."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

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


@dataclass
class Trigger:
    """A trigger found in a sentence: its head token, all its tokens and its entry."""

    head: Token
    tokens: list[Token]
    entry: TriggerEntry

    @property
    def start_char(self) -> int:
        return self.tokens[0].idx

    @property
    def end_char(self) -> int:
        last = self.tokens[-1]
        return last.idx + len(last.text)

    @property
    def text(self) -> str:
        return doc_text(self.head.doc)[self.start_char : self.end_char]


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


def _object_sense_ok(token: Token, entry: TriggerEntry) -> bool:
    """Whether the word's object fits the entry's sense: an intransitive sense takes no
    object, and `objects_if_any` names the only objects the sense takes."""
    objs = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    if token.dep_ == "acl" and token.tag_ == "VBN":
        objs.append(token.head)  # "the sensor deployed off the coast"
    if entry.intransitive:
        if any(c.dep_ in ("dobj", "nsubjpass") for c in objs) or any(
                c.dep_ == "ccomp" or (c.dep_ == "prep" and c.lower_ == "of")
                for c in token.children):
            return False
    if entry.transitive and token.pos_ == "VERB" and not objs and not token.conjuncts:
        return False  # a coordinated verb may share its object ("beat and tortured them")
    if entry.objects_if_any is not None:
        allowed = entry.objects_if_any
        def fits(c: Token) -> bool:  # "an air defence system": a modifier may say it
            return any(w.lemma_.lower() in allowed or w.lower_ in allowed for w in (c, *(
                m for m in c.children if m.dep_ in ("compound", "amod"))))

        if not all(fits(c) for c in objs):
            return False
    return True


def _subject_in(token: Token, allowed: frozenset[str]) -> bool:
    """Whether the word's subject, or the noun its participle or relative clause modifies
    ("teachers striking", "teachers who struck"), is one of `allowed`."""
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    if token.dep_ in ("acl", "relcl", "amod") and (
            not subjects or subjects[0].lower_ in ("who", "that", "which")):
        subjects = [token.head]
    for s in subjects:
        words = {s.lemma_.lower(), s.lower_}
        words |= {f"{c.lower_} {s.lower_}" for c in s.children if c.dep_ in ("compound", "amod")}
        if words & allowed:
            return True
    return False


def _pos_ok(token: Token, allowed: frozenset[str]) -> bool:
    pos = token.pos_
    if pos == "PROPN":
        pos = "NOUN"
    if pos == "AUX":
        pos = "VERB"
    return pos in allowed


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

    def find_triggers(self, sent: Span) -> list[Trigger]:
        found: list[Trigger] = []
        used: set[int] = set()
        tokens = list(sent)
        for i, tok in enumerate(tokens):
            if tok.i in used or tok.is_space or tok.is_punct:
                continue
            match = self._match_phrase(tokens, i)
            if match is not None:
                span_tokens, entry = match
                head = self._phrase_head(span_tokens, entry)
                # "broke up the protest", not "broke up trafficking rings"
                if _pos_ok(head, entry.pos) and (entry.objects_if_any is None or
                                                 _object_sense_ok(head, entry)):
                    found.append(Trigger(head, span_tokens, entry))
                    used.update(t.i for t in span_tokens)
                    continue
            for key in (tok.lemma_.lower(), tok.lower_):
                hit = False
                for entry, only_pos in self.lemma_index.get(key, ()):
                    allowed = only_pos or entry.pos
                    if entry.objects is not None and not any(
                            c.dep_ == "dobj" and (c.lemma_.lower() in entry.objects or
                                                  c.lower_ in entry.objects)
                            for c in tok.children):
                        continue  # the next entry for this word may still apply
                    if not _object_sense_ok(tok, entry):
                        continue
                    if entry.subjects is not None and not _subject_in(
                            tok, self.cues.get(entry.subjects, frozenset())):
                        continue
                    if _pos_ok(tok, allowed):
                        found.append(Trigger(tok, [tok], entry))
                        used.add(tok.i)
                        hit = True
                        break
                if hit:
                    break
        return found

    def _match_phrase(
        self, tokens: list[Token], i: int
    ) -> tuple[list[Token], TriggerEntry] | None:
        first = tokens[i]
        candidates = self.phrase_index.get(first.lemma_.lower(), []) + self.phrase_index.get(
            first.lower_, []
        )
        for words, entry in sorted(candidates, key=lambda c: -len(c[0])):
            if len(words) == 1 or i + len(words) > len(tokens):
                if len(words) == 1:
                    return [first], entry
                continue
            window = tokens[i : i + len(words)]
            if all(w in (t.lemma_.lower(), t.lower_) for w, t in zip(words, window, strict=True)):
                if "VERB" not in entry.pos and any(t.pos_ in VERBAL_POS for t in window):
                    continue  # "missiles struck" is a clause, not the noun "missile strike"
                return window, entry
        return None

    @staticmethod
    def _phrase_head(tokens: list[Token], entry: TriggerEntry) -> Token:
        if "VERB" in entry.pos and tokens[0].pos_ in VERBAL_POS:
            return tokens[0]
        nouns = [t for t in tokens if t.pos_ in NOMINAL_POS]
        if nouns:
            # the syntactic head among the nouns: the one whose head is outside the phrase
            ids = {t.i for t in tokens}
            for t in nouns:
                if t.head.i not in ids or t.head.i == t.i:
                    return t
            return nouns[-1]
        return tokens[-1]


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


def acled_codes(
    lexicon: Lexicon,
    acled_class: str | None,
    *,
    means: str | None,
    target_kind: str | None,
    actor1_state: bool | None,
    sentence_lower: str,
    actor1_kind: str | None = None,
) -> tuple[str, str] | None:
    """Walk the class's ordered rules; the first whose conditions hold gives the codes."""
    if acled_class is None:
        return None
    rules = lexicon.acled["classes"].get(acled_class)
    if not rules:
        return None
    cues = lexicon.acled["cues"]
    for rule in rules:
        cond = rule["when"]
        if "means" in cond and cond["means"] != means:
            continue
        if "target_kind" in cond and cond["target_kind"] != target_kind:
            continue
        state = cond.get("actor1_state")
        if state is not None and (actor1_state is None or state != actor1_state):
            continue
        if "cue" in cond and not any(c in sentence_lower for c in cues[cond["cue"]]):
            continue
        if "not_cue" in cond and any(c in sentence_lower for c in cues[cond["not_cue"]]):
            continue
        armed = cues.get("armed_kinds", ())
        if "actor1_armed" in cond and cond["actor1_armed"] != (actor1_kind in armed):
            continue
        if "target_armed" in cond and cond["target_armed"] != (target_kind in armed):
            continue
        return rule["then"][0], rule["then"][1]
    return None
