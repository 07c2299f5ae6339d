"""Exact, faster stand-ins for the model's rule components (attribute ruler, lemmatizer).

spaCy's `AttributeRuler` runs a token `Matcher` with ~180 patterns over every token and
builds a `Span` per match; its `Lemmatizer` builds a `Token` per word. Almost all ruler
patterns look at one token, and what such a pattern matches depends only on the token's
(ORTH, TAG, DEP), so the rules that hit each (ORTH, TAG, DEP) are worked out once and
cached; the few fixed-length multi-token patterns are checked at the positions where their
first token hit. Anything these classes cannot evaluate exactly (operators, other
attributes, other predicates) goes to a real `Matcher`, so the output stays spaCy's:
later rules overwrite earlier ones on the same token, as in `AttributeRuler.match`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Token

# What a rule may set: token-only fields, one per column of `_COLUMNS` (set_token_attrs
# writes nothing to the lexeme for these).
_COLUMNS = (TAG, DEP, POS, MORPH, LEMMA)
_COLUMN = {attr: i for i, attr in enumerate(_COLUMNS)}
# Token fields a cached predicate may read: all follow from (ORTH, TAG, DEP).
_STRING_ATTRS = {"ORTH": "text", "TEXT": "text", "LOWER": "lower_", "TAG": "tag_",
                 "DEP": "dep_"}
_FLAG_ATTRS = {"IS_SPACE": "is_space"}
# Cache entries before a long-running process starts its caches afresh (bounded memory).
MAX_CACHED = 500_000

Fields = dict[str, Any]  # token field -> value, as `_fields` reads them
Predicate = Callable[[Fields], bool]
Effect = tuple[tuple[int, int], ...]  # (column, value) pairs
# per (ORTH, TAG, DEP): effect of its single-token rules, those rules, multi-token spec hits
Entry = tuple[Effect | None, tuple[int, ...], tuple[int, ...]]


def _value_test(attr: str, value: Any) -> Callable[[Any], bool] | None:
    """The Matcher's test of one attribute value, or None where it is not plainly
    equality / IN / NOT_IN / REGEX on a string attribute or equality on a flag."""
    if attr in _FLAG_ATTRS:
        if isinstance(value, bool):
            return lambda v: v == value
        return None
    if isinstance(value, str):
        return lambda v: v == value
    if not isinstance(value, dict) or not value:
        return None
    tests: list[Callable[[Any], bool]] = []
    for op, arg in value.items():
        if op in ("IN", "NOT_IN"):
            if not isinstance(arg, list) or not all(isinstance(a, str) for a in arg):
                return None
            allowed = frozenset(arg)
            tests.append((lambda v, s=allowed: v in s) if op == "IN"
                         else (lambda v, s=allowed: v not in s))
        elif op == "REGEX" and isinstance(arg, str):
            tests.append(lambda v, r=re.compile(arg): bool(r.search(v)))
        else:
            return None
    return lambda v: all(t(v) for t in tests)


def _predicate(spec: Any) -> Predicate | None:
    """One token spec as a test on a Token, or None where it is not cacheable."""
    if not isinstance(spec, dict):
        return None
    checks: list[tuple[str, Callable[[Any], bool]]] = []
    for key, value in spec.items():
        attr = key.upper() if isinstance(key, str) else key
        field = _STRING_ATTRS.get(attr) or _FLAG_ATTRS.get(attr)
        test = _value_test(attr, value) if field else None
        if field is None or test is None:
            return None  # "OP", "_", other attributes or predicates: the real Matcher
        checks.append((field, test))
    return lambda fields: all(test(fields[field]) for field, test in checks)


def _bucket(spec: dict[str, Any]) -> tuple[str, list[str]] | None:
    """A field and the values it must take for `spec` to match (TAG first, then the
    word), so a cache miss tests only the specs that can match; None: test always."""
    upper = {k.upper(): v for k, v in spec.items()}
    for attr in ("TAG", "LOWER", "ORTH", "TEXT"):
        value = upper.get(attr)
        if isinstance(value, str):
            return _STRING_ATTRS[attr], [value]
        if isinstance(value, dict) and isinstance(value.get("IN"), list):
            return _STRING_ATTRS[attr], list(value["IN"])
    return None


def _fields(token: Token) -> Fields:
    return {"text": token.text, "lower_": token.lower_, "tag_": token.tag_,
            "dep_": token.dep_, "is_space": token.is_space}


class FastAttributeRuler:
    """spaCy's AttributeRuler with per-(ORTH, TAG, DEP) cached single-token matches.

    Built from a loaded `AttributeRuler` (`from_ruler`); `patterns` stays the source's,
    so code reading the model's rules (the trigger prefilter) sees the same list.
    """

    def __init__(self, nlp: Language, name: str = "attribute_ruler") -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.source: AttributeRuler | None = None
        self.effects: list[Effect] = []  # rule id -> (column, value) pairs
        # (is a multi-token spec, rule or spec id, test): all tests, by field and value
        self.index: dict[str, dict[str, list[tuple[bool, int, Predicate]]]] = {}
        self.generic: list[tuple[bool, int, Predicate]] = []
        self.n_specs = 0  # token specs of multi-token patterns
        self.multi: list[tuple[int, tuple[int, ...], int]] = []  # rule, spec ids, offset
        self.fallback: Matcher | None = None
        self.fallback_index: dict[int, int] = {}  # Matcher key -> rule id
        self.cache: dict[tuple[int, int, int], Entry] = {}
        self.merged: dict[tuple[int, ...], Effect] = {}

    @property
    def patterns(self) -> list[dict[str, Any]]:
        return self.source.patterns if self.source is not None else []

    def from_ruler(self, ruler: AttributeRuler) -> bool:
        """Take over `ruler`'s rules; False (and unusable) where a rule sets something
        other than TAG/DEP/POS/MORPH/LEMMA or an index can never be valid."""
        self.source = ruler
        self.effects = []
        for attrs in ruler.attrs:
            if not all(k in _COLUMN for k in attrs):
                return False
            self.effects.append(tuple((_COLUMN[k], int(v)) for k, v in attrs.items()))
        fallback: dict[int, list[list[dict[str, Any]]]] = {}
        for rule, row in enumerate(ruler.patterns):
            index = int(row["index"])
            for pattern in row["patterns"]:
                tests = [_predicate(spec) for spec in pattern]
                n = len(pattern)
                exact = n > 0 and all(t is not None for t in tests) and -n <= index < n
                if not exact:
                    fallback.setdefault(rule, []).append(pattern)
                elif n == 1:
                    self._add_test(pattern[0], (False, rule, tests[0]))  # type: ignore[arg-type]
                else:
                    ids = tuple(range(self.n_specs, self.n_specs + n))
                    self.n_specs += n
                    for spec, spec_id, test in zip(pattern, ids, tests, strict=True):
                        self._add_test(spec, (True, spec_id, test))  # type: ignore[arg-type]
                    self.multi.append((rule, ids, index if index >= 0 else n + index))
        if fallback:
            self.fallback = Matcher(self.vocab)
            for rule, patterns in fallback.items():
                key = self.vocab.strings.add(f"fast_attribute_ruler_{rule}")
                self.fallback.add(key, patterns)
                self.fallback_index[key] = rule
        return True

    def _add_test(self, spec: dict[str, Any], item: tuple[bool, int, Predicate]) -> None:
        bucket = _bucket(spec)
        if bucket is None:
            self.generic.append(item)
            return
        field, values = bucket
        by_value = self.index.setdefault(field, {})
        for value in dict.fromkeys(values):
            by_value.setdefault(value, []).append(item)

    def _entry(self, token: Token) -> Entry:
        fields = _fields(token)
        found = [item for item in self.generic if item[2](fields)]
        for field, by_value in self.index.items():
            found.extend(item for item in by_value.get(fields[field], ()) if item[2](fields))
        rules = tuple(sorted({i for is_spec, i, _ in found if not is_spec}))
        hits = tuple(sorted({i for is_spec, i, _ in found if is_spec}))
        return (self._merge(rules) if rules else None), rules, hits

    def _merge(self, rules: tuple[int, ...]) -> Effect:
        """What the rules do in AttributeRuler's order: a later rule's value wins."""
        effect = self.merged.get(rules)
        if effect is None:
            values: dict[int, int] = {}
            for rule in sorted(set(rules)):
                values.update(self.effects[rule])
            effect = self.merged[rules] = tuple(values.items())
        return effect

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        keys = doc.to_array([ORTH, TAG, DEP]).tolist()
        cache = self.cache
        entries: list[Entry] = []
        spec_at: dict[int, set[int]] = {}
        for i, key in enumerate(keys):
            entry = cache.get(tuple(key))  # type: ignore[arg-type]
            if entry is None:
                if len(cache) >= MAX_CACHED:
                    cache.clear()
                entry = cache[tuple(key)] = self._entry(doc[i])  # type: ignore[index]
            entries.append(entry)
            for spec in entry[2]:
                spec_at.setdefault(spec, set()).add(i)
        extra: dict[int, list[int]] = {}  # token -> rules from multi-token matches
        for rule, ids, offset in self.multi:
            for start in spec_at.get(ids[0], ()):
                if start + len(ids) <= n and all(
                        start + j in spec_at.get(s, ()) for j, s in enumerate(ids)):
                    extra.setdefault(start + offset, []).append(rule)
        if self.fallback is not None:
            for key, start, end in self.fallback(doc, allow_missing=True):
                rule = self.fallback_index[key]
                index = int(self.source.indices[rule])  # type: ignore[union-attr]
                target = start + index if index >= 0 else end + index
                if not start <= target < end:
                    raise ValueError(f"attribute ruler index {index} outside {start}:{end}")
                extra.setdefault(target, []).append(rule)
        columns = doc.to_array(list(_COLUMNS)).T.tolist()
        changed = False
        for i, (effect, rules, _) in enumerate(entries):
            if i in extra:
                effect = self._merge(tuple(sorted({*rules, *extra[i]})))
            if effect:
                changed = True
                for column, value in effect:
                    columns[column][i] = value
        if changed:
            doc.from_array(list(_COLUMNS), _as_array(columns))
        return doc


def _as_array(columns: list[list[int]]) -> numpy.ndarray:
    return numpy.array(columns, dtype=numpy.uint64).T


@Language.factory("fast_attribute_ruler")
def make_fast_attribute_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    return FastAttributeRuler(nlp, name)


class FastLemmatizer:
    """The model's rule lemmatizer, one lookup per (ORTH, POS, MORPH).

    `rule_lemmatize` reads only the token's text, POS and morphology (its own cache is
    keyed by them too), so the lemma hash is cached per key and written as a column; a
    miss asks the source lemmatizer itself.
    """

    def __init__(self, nlp: Language, name: str = "lemmatizer") -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.source: Lemmatizer | None = None
        self.cache: dict[tuple[int, int, int], int] = {}

    def from_lemmatizer(self, lemmatizer: Lemmatizer) -> bool:
        """Take over `lemmatizer`; False where its mode may read more than the key."""
        if type(lemmatizer) not in (Lemmatizer, EnglishLemmatizer):
            return False  # a subclass may read more of the token
        if lemmatizer.mode not in ("rule", "lookup"):
            return False
        if not getattr(lemmatizer, "_validated", True):
            lemmatizer._validate_tables()
        self.source = lemmatizer
        return True

    @property
    def lookups(self) -> Any:
        return self.source.lookups if self.source is not None else None

    @property
    def mode(self) -> str:
        return self.source.mode if self.source is not None else ""

    def __call__(self, doc: Doc) -> Doc:
        source = self.source
        if source is None or len(doc) == 0:
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = [row[3] for row in rows]
        cache = self.cache
        strings = self.vocab.strings
        overwrite = source.overwrite
        changed = False
        for i, row in enumerate(rows):
            if row[3] and not overwrite:
                continue
            key = (row[0], row[1], row[2])
            lemma = cache.get(key)  # type: ignore[arg-type]
            if lemma is None:
                if len(cache) >= MAX_CACHED:
                    cache.clear()
                lemma = cache[key] = strings.add(source.lemmatize(doc[i])[0])  # type: ignore
            lemmas[i] = lemma
            changed = True
        if changed:
            doc.from_array([LEMMA], _as_array([lemmas]))
        return doc


@Language.factory("fast_lemmatizer")
def make_fast_lemmatizer(nlp: Language, name: str) -> FastLemmatizer:
    return FastLemmatizer(nlp, name)


def speed_up_rule_components(nlp: Language) -> None:
    """Swap the model's attribute ruler and lemmatizer for the cached stand-ins, in place
    and under the same names; a component they cannot reproduce exactly is left as is."""
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        fast = FastAttributeRuler(nlp)
        if isinstance(ruler, AttributeRuler) and fast.from_ruler(ruler):
            nlp.replace_pipe("attribute_ruler", "fast_attribute_ruler")
            nlp.get_pipe("attribute_ruler").from_ruler(ruler)  # type: ignore[attr-defined]
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        fast_lemma = FastLemmatizer(nlp)
        if isinstance(lemmatizer, Lemmatizer) and fast_lemma.from_lemmatizer(lemmatizer):
            nlp.replace_pipe("lemmatizer", "fast_lemmatizer")
            nlp.get_pipe("lemmatizer").from_lemmatizer(lemmatizer)  # type: ignore[attr-defined]
