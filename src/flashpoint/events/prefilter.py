"""A cheap word-level test: may this text contain an event at all?

The coder finds an event only at a trigger of the lexicon (a lemma entry, or a phrase entry
whose every word matches a token's lemma or lower-case form) or, for a demand with
no trigger of its own, at an obligation auxiliary ("must"). Lemmas are what the model's
lemmatizer makes of a word, so the test inverts the lemmatizer: every lower-case form that
some lemmatizer rule or exception maps to a trigger lemma is a candidate. A text without any
candidate word can yield no event, and the whole spaCy pipeline can be skipped for it.

Everything is derived at run time from the events stage's data (`load_lexicon()`), so new
triggers or cue words are followed without a copied list. `context_forms` adds the words
that change events coded elsewhere in the article (deny verbs attach to earlier events;
reporting verbs carry obligations): a paragraph of an article is inert only if it has
neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flashpoint.events.lexicon import Lexicon, load_lexicon

WORD = re.compile(r"[^\W\d_]+")  # runs of letters: every token a trigger can match is one

# Used without a model's lemmatizer: the suffix rules of spaCy's English rule lemmatizer
# (surface suffix, lemma suffix) plus consonant doubling ("banned"). Irregular forms
# ("fled", "fought") are only covered by a model's exception table (`from_language`), so
# the pipeline always builds its prefilter from its own model.
DEFAULT_RULES: tuple[tuple[str, str], ...] = (
    ("s", ""), ("ies", "y"), ("ied", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
    ("ing", "e"), ("ing", ""), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"),
    ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("er", ""), ("est", ""), ("er", "e"),
    ("est", "e"),
    *((c + c + suffix, c) for c in "bdfglmnprtz" for suffix in ("ed", "ing")),
)
CONTEXT_CUES = ("deny_verbs", "reporting_verbs", "obligation_auxiliaries")
EVENT_CUES = ("obligation_auxiliaries",)


@dataclass(frozen=True)
class LemmaTables:
    """What a lemmatizer can do to a word: suffix rules and form -> lemmas exceptions."""

    rules: Sequence[tuple[str, str]] = DEFAULT_RULES
    exceptions: Mapping[str, Sequence[str]] | None = None

    @classmethod
    def from_language(cls, nlp: Any) -> LemmaTables:
        """The tables of a spaCy pipeline's rule lemmatizer and attribute ruler.

        Falls back to the default English rules when the pipeline has no rule lemmatizer.
        """
        rules: list[tuple[str, str]] = []
        exceptions: dict[str, list[str]] = {}
        if "lemmatizer" in nlp.pipe_names:
            lookups = nlp.get_pipe("lemmatizer").lookups
            if lookups.has_table("lemma_rules"):
                for pos_rules in lookups.get_table("lemma_rules").values():
                    rules.extend((old, new) for old, new in pos_rules)
            if lookups.has_table("lemma_exc"):
                for table in lookups.get_table("lemma_exc").values():
                    for form, lemmas in table.items():
                        exceptions.setdefault(form.lower(), []).extend(lemmas)
        if "attribute_ruler" in nlp.pipe_names:  # single-token patterns that set a lemma
            for row in nlp.get_pipe("attribute_ruler").patterns:
                lemma = row.get("attrs", {}).get("LEMMA")
                if not lemma:
                    continue
                for pattern in row.get("patterns", []):
                    for tok in pattern:
                        form = tok.get("LOWER") or tok.get("ORTH") or tok.get("TEXT")
                        if isinstance(form, str):
                            exceptions.setdefault(form.lower(), []).append(lemma)
        return cls(tuple(dict.fromkeys(rules)) or DEFAULT_RULES, exceptions)


def surface_forms(lemmas: Iterable[str], tables: LemmaTables) -> frozenset[str]:
    """Every lower-case word whose lemma (or lower-case form) can be one of `lemmas`."""
    wanted = {lemma.lower() for lemma in lemmas if lemma}
    forms = set(wanted)
    for lemma in wanted:
        for old, new in tables.rules:
            if lemma.endswith(new):
                stem = lemma[: len(lemma) - len(new)]
                if stem:
                    forms.add(stem + old)
    for form, lemmas_of_form in (tables.exceptions or {}).items():
        if any(lemma.lower() in wanted for lemma in lemmas_of_form):
            forms.add(form)
    # the word test splits at non-letters: a text holding the token "sit-in" holds the word
    # "sit", so a hyphenated form is represented by its first part
    for form in list(forms):
        parts = WORD.findall(form)
        if len(parts) != 1 or parts[0] != form:
            forms.discard(form)
            if parts:
                forms.add(parts[0])
    return frozenset(forms)


@dataclass(frozen=True)
class Prefilter:
    """Answers "may this text hold an event?" from its words alone."""

    event_forms: frozenset[str]
    context_forms: frozenset[str]

    def words(self, text: str) -> set[str]:
        return set(WORD.findall(text.lower()))

    def may_have_event(self, text: str) -> bool:
        """False only when no word of `text` can start an event."""
        return not self.event_forms.isdisjoint(WORD.findall(text.lower()))

    def may_matter(self, text: str) -> bool:
        """False only when `text` can neither start an event nor change an earlier one."""
        words = WORD.findall(text.lower())
        return not (self.event_forms.isdisjoint(words) and
                    self.context_forms.isdisjoint(words))


def event_lemmas(lexicon: Lexicon) -> set[str]:
    """The lemmas (and words) at which the coder can start an event.

    A phrase matches only with all its words, so one of them stands for it: the longest,
    never a function word ("on" of "on high alert" would pass every text).
    """
    keys = set(lexicon.lemma_index)
    for entries in lexicon.phrase_index.values():
        for words, _ in entries:
            keys.add(max(reversed(words), key=len))
    for cue in EVENT_CUES:
        keys |= set(lexicon.cues.get(cue, ()))
    return keys


def build_prefilter(lexicon: Lexicon | None = None,
                    tables: LemmaTables | None = None) -> Prefilter:
    lexicon = lexicon or load_lexicon()
    tables = tables or LemmaTables()
    context: set[str] = set()
    for cue in CONTEXT_CUES:
        context |= set(lexicon.cues.get(cue, ()))
    return Prefilter(event_forms=surface_forms(event_lemmas(lexicon), tables),
                     context_forms=surface_forms(context, tables))


def prefilter_for(nlp: Any) -> Prefilter:
    """The prefilter matching a loaded spaCy pipeline's lemmatizer (exact superset)."""
    return build_prefilter(tables=LemmaTables.from_language(nlp))
