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

Focus mode asks the same question per sentence, more strictly and still exactly (a phrase
needs all its words, an object-conditioned trigger its object), and blanks the sentences
that fail it, so the model reads only what can hold an event (`Prefilter.focus`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from flashpoint.events.knowledge import Lexicon, load_lexicon

WORD = re.compile(r"[^\W\d_]+")  # runs of letters: every token a trigger can match is one
# a possible sentence end: final punctuation, closing quotes or brackets, then a space
SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*[ \t]+")
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
LINE = re.compile(r"[^\n]+")
NOT_NEWLINE = re.compile(r"[^\n]")
NAMED = re.compile(r"\S\s+[\"'\u201c\u2018(]?[A-Z]")  # a capital after the first word
OPENERS = "\"'“‘([-—"

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
# across sentences only a denial changes an event coded elsewhere; reporting verbs and
# obligation auxiliaries act within their own sentence
CROSS_SENTENCE_CUES = ("deny_verbs",)
# an obligation auxiliary is an event only in what someone says: with one of these
OBLIGATION_COMPANIONS = ("reporting_verbs", "speech_nouns")
# Per-sentence rules: word -> alternatives; the word counts when, for some alternative,
# every set in it shares a word with the sentence (the empty alternative: always).
Requirement = tuple[frozenset[str], ...]
SentenceRules = Mapping[str, tuple[Requirement, ...]]


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

    @cached_property
    def inverse_exceptions(self) -> dict[str, frozenset[str]]:
        """Lower-case lemma -> the forms the exceptions map to it (built once: the prefilter
        asks for the forms of a thousand lemmas)."""
        inverse: dict[str, set[str]] = {}
        for form, lemmas_of_form in (self.exceptions or {}).items():
            for lemma in lemmas_of_form:
                inverse.setdefault(lemma.lower(), set()).add(form)
        return {lemma: frozenset(forms) for lemma, forms in inverse.items()}


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
    inverse = tables.inverse_exceptions
    for lemma in wanted:
        forms.update(inverse.get(lemma, ()))
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
    # words ending in a period that do not end a sentence ("Gen.", "Jan."), exact case
    abbreviations: frozenset[str] = field(default_factory=frozenset)
    # the sentence-level test of focus mode (see `sentence_rules`)
    sentence_rules: SentenceRules = field(default_factory=dict)
    cross_sentence_forms: frozenset[str] = field(default_factory=frozenset)

    def sentence_may_matter(self, sentence: str) -> bool:
        """False only when the sentence can neither hold an event nor deny one elsewhere.

        Stricter than `may_matter` and still exact: a phrase trigger needs all its words,
        an object-conditioned trigger one of its objects, an obligation auxiliary a
        reporting verb or speech noun; reporting verbs alone change nothing outside their
        own sentence.
        """
        words = set(WORD.findall(sentence.lower()))
        if not self.cross_sentence_forms.isdisjoint(words):
            return True
        rules = self.sentence_rules
        for word in words:
            for requirement in rules.get(word, ()):
                if all(not needed.isdisjoint(words) for needed in requirement):
                    return True
        return False

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

    # ------------------------------------------------------------------ focus mode
    def sentences(self, text: str) -> list[list[tuple[int, int]]]:
        """(start, end) of the sentences of `text`, grouped by paragraph.

        A cheap splitter, for choosing what to analyse, not for analysing it: a line break
        always ends a sentence (as in the nlp stage); within a line, final punctuation
        followed by a capital, a digit or an opening quote does, unless the word before is
        an abbreviation of the model's tokenizer ("Gen.", "Jan."), an initial ("J.") or
        holds a period of its own ("U.S."). Missing a sentence end only keeps more text.
        """
        paragraphs: list[list[tuple[int, int]]] = []
        start = 0
        for brk in [*PARAGRAPH_BREAK.finditer(text), None]:
            end = brk.start() if brk is not None else len(text)
            spans = [span for line in LINE.finditer(text, start, end)
                     for span in self._line_sentences(text, line.start(), line.end())]
            if spans:
                paragraphs.append(spans)
            start = brk.end() if brk is not None else len(text)
        return paragraphs

    def _line_sentences(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        pos = start
        for m in SENTENCE_END.finditer(text, start, end):
            nxt = m.end()
            if nxt >= end or not (text[nxt].isupper() or text[nxt].isdigit() or
                                  text[nxt] in OPENERS):
                continue
            word_start = max(text.rfind(" ", pos, m.start()), text.rfind("\t", pos, m.start()))
            word = text[max(word_start + 1, pos): m.start() + 1].lstrip(OPENERS)
            if text[m.start()] == "." and (word in self.abbreviations or "." in word[:-1] or
                                           (len(word) == 2 and word[0].isupper())):
                continue
            if text[pos:nxt].strip():
                out.append((pos, nxt))
            pos = nxt
        if text[pos:end].strip():
            out.append((pos, end))
        return out

    def focus(self, text: str, *, context: int = 0) -> str:
        """`text` with every sentence that can neither hold an event nor change one (see
        `sentence_may_matter`) blanked with spaces, newlines kept: the same length, so
        offsets into the analysed text stay offsets into the article.

        The coder takes the place of an event that names none from an earlier sentence of
        its paragraph, so up to `context` earlier sentences of the paragraph that may name
        one (a capital after the first word) are kept too. A blanked run inside a line ends
        in a line break, so the model starts a sentence after it as it would have there.
        """
        keep: list[tuple[int, int]] = []
        for spans in self.sentences(text):
            wanted: set[int] = set()
            for k, (s, e) in enumerate(spans):
                if not self.sentence_may_matter(text[s:e]):
                    continue
                wanted.add(k)
                found = 0
                for j in range(k - 1, -1, -1):
                    if found >= context:
                        break
                    if NAMED.search(text, spans[j][0], spans[j][1]):
                        wanted.add(j)
                        found += 1
            keep.extend(spans[k] for k in sorted(wanted))
        pieces: list[str] = []
        pos = 0
        for s, e in [*keep, (len(text), len(text))]:
            if s > pos:
                pieces.append(_blank(text, pos, s))
            pieces.append(text[s:e])
            pos = e
        return "".join(pieces)


def _blank(text: str, start: int, end: int) -> str:
    """Spaces for text[start:end], newlines kept; one more at the end of a run that holds
    none and runs into a kept sentence on the same line."""
    run = NOT_NEWLINE.sub(" ", text[start:end])
    if "\n" not in run and end < len(text) and text[end] != "\n" and (
            start == 0 or text[start - 1] != "\n"):
        run = run[:-1] + "\n"
    return run


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


def _needed_objects(entry: Any) -> frozenset[str] | None:
    """The objects without which the entry is no trigger: its `objects`, or, for a
    passive-only sense, the `objects_if_any` its passive subject must be ("the bodies were
    found"); None when the word alone may be one."""
    if entry.objects is not None:
        return frozenset(entry.objects)
    if entry.passive and entry.objects_if_any is not None:
        return frozenset(entry.objects_if_any)
    return None


def sentence_rules(lexicon: Lexicon, tables: LemmaTables) -> dict[str, tuple[Requirement, ...]]:
    """Surface word -> what else a sentence needs for the coder to start an event there."""
    rules: dict[str, set[Requirement]] = {}

    def add(lemmas: Iterable[str], requirement: Requirement) -> None:
        for form in surface_forms(lemmas, tables):
            rules.setdefault(form, set()).add(requirement)

    for lemma, entries in lexicon.lemma_index.items():
        needs = [_needed_objects(entry) for entry, _ in entries]
        if any(n is None for n in needs):
            add([lemma], ())
        else:  # "reduced aid": the word is a trigger only with one of these objects
            for n in needs:
                add([lemma], (surface_forms(n or (), tables),))
    for phrases in lexicon.phrase_index.values():
        for words, _ in phrases:  # every word of the phrase must be there
            anchor = max(reversed(words), key=len)
            # a word without letters ("9/11") is invisible to the word test: not required
            others = (surface_forms([w], tables) for w in words if w != anchor)
            add([anchor], tuple(forms for forms in others if forms))
    companions: set[str] = set()
    for cue in OBLIGATION_COMPANIONS:
        companions |= set(lexicon.cues.get(cue, ()))
    add(lexicon.cues.get("obligation_auxiliaries", ()), (surface_forms(companions, tables),))
    return {form: tuple(sorted(reqs, key=len)) for form, reqs in rules.items()}


def build_prefilter(lexicon: Lexicon | None = None, tables: LemmaTables | None = None,
                    abbreviations: Iterable[str] = ()) -> Prefilter:
    lexicon = lexicon or load_lexicon()
    tables = tables or LemmaTables()
    context: set[str] = set()
    for cue in CONTEXT_CUES:
        context |= set(lexicon.cues.get(cue, ()))
    cross: set[str] = set()
    for cue in CROSS_SENTENCE_CUES:
        cross |= set(lexicon.cues.get(cue, ()))
    return Prefilter(event_forms=surface_forms(event_lemmas(lexicon), tables),
                     context_forms=surface_forms(context, tables),
                     abbreviations=frozenset(abbreviations),
                     sentence_rules=sentence_rules(lexicon, tables),
                     cross_sentence_forms=surface_forms(cross, tables))


def tokenizer_abbreviations(nlp: Any) -> frozenset[str]:
    """The tokenizer's special cases that end in a period ("Gen.", "Jan.", "Mass.")."""
    rules = getattr(getattr(nlp, "tokenizer", None), "rules", None) or {}
    return frozenset(k for k in rules if len(k) > 1 and k.endswith("."))


def prefilter_for(nlp: Any) -> Prefilter:
    """The prefilter matching a loaded spaCy pipeline's lemmatizer (exact superset) and its
    tokenizer's abbreviations."""
    return build_prefilter(tables=LemmaTables.from_language(nlp),
                           abbreviations=tokenizer_abbreviations(nlp))
