"""Parse helpers every coding step shares: phrases, spans, clauses, governors."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

from flashpoint.events.context import Context
from flashpoint.events.knowledge import VERBAL_POS, doc_text, span_text
from flashpoint.record import Evidence

# the parse scheme's labels (spaCy English), not words: entity labels of places, the
# dependencies that open a clause, and those a noun phrase leaves out
PLACE_LABELS = {"GPE", "LOC", "FAC"}
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis"}
PHRASE_DROP_DEPS = {"acl", "relcl", "punct", "cc", "conj", "advcl", "parataxis"}


def _doc_ents(doc: Doc) -> tuple[list[int], list[Span]]:
    """The document's entities and their start tokens, built once per document: spaCy's
    `Doc.ents` and `Span.ents` rebuild the whole list on every call, which made coding an
    article of many sentences quadratic in its length."""
    cached = doc.user_data.get("flashpoint_ents")
    if cached is None:
        ents = sorted(doc.ents, key=lambda e: e.start)
        cached = doc.user_data["flashpoint_ents"] = ([e.start for e in ents], ents)
    return cached


def sentence_ents(sent: Span) -> list[Span]:
    """The entities inside `sent` (what `sent.ents` gives), in text order."""
    starts, ents = _doc_ents(sent.doc)
    lo = bisect.bisect_left(starts, sent.start)
    hi = bisect.bisect_left(starts, sent.end)
    return [e for e in ents[lo:hi] if e.end <= sent.end]


def entity_of(tok: Token) -> Span | None:
    """The entity that holds `tok`, if any."""
    starts, ents = _doc_ents(tok.doc)
    i = bisect.bisect_right(starts, tok.i) - 1
    return ents[i] if i >= 0 and ents[i].end > tok.i else None


def noun_phrase(tok: Token) -> str:
    """The words of a noun phrase without its clauses, conjuncts and side remarks."""
    keep: list[Token] = []

    def walk(t: Token) -> None:
        for c in t.lefts:
            if c.dep_ not in PHRASE_DROP_DEPS:
                walk(c)
        keep.append(t)
        for c in t.rights:
            if c.dep_ in PHRASE_DROP_DEPS:
                continue
            if c.dep_ == "prep" and c.lower_ not in ("of", "for"):
                continue
            walk(c)

    walk(tok)
    keep.sort(key=lambda t: t.i)
    return " ".join(t.text for t in keep if not t.is_space)


def clause_text(h: Token) -> str:
    """The words of the clause that reports the trigger (cue words count only there)."""
    node = h
    while node.pos_ not in VERBAL_POS and node.head.i != node.i:
        node = node.head
    if node.dep_ in ("acl", "relcl") and node.head.i != node.i:
        node = node.head
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head  # "protesters hurled stones and set fire": one subject
    # a date is no cue: "On 3 March" holds no march
    return " ".join(t.text for t in node.subtree if t.ent_type_ not in ("DATE", "TIME"))


def span_of(tok: Token) -> tuple[int, int]:
    ids = [t for t in tok.subtree if t.dep_ not in PHRASE_DROP_DEPS or t.i == tok.i]
    start = min(t.idx for t in ids)
    end = max(t.idx + len(t.text) for t in ids)
    return start, end


def tok_text(tok: Token, start: int, end: int) -> tuple[str, int, int]:
    return doc_text(tok.doc)[start:end], start, end


def is_passive(v: Token) -> bool:
    """A passive verb: its grammatical subject is the patient."""
    return v.pos_ in VERBAL_POS and any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)


def sentence_evidence(sent: Span) -> Evidence:
    """The sentence without surrounding whitespace; offsets still slice the article."""
    text = span_text(sent)
    start = sent.start_char + len(text) - len(text.lstrip())
    return Evidence(text.strip(), start, start + len(text.strip()))


def governor(ctx: Context, h: Token) -> Token:
    """The verb whose clause carries a noun trigger ("launched an offensive")."""
    launch = ctx.lex.cues.launch_verbs
    node = h
    for _ in range(3):
        if node.dep_ in ("dobj", "nsubjpass", "attr", "pobj") and node.head.lemma_ in launch:
            return node.head
        if node.dep_ == "pobj" and node.head.dep_ == "prep":
            if node.head.lower_ == "in" and node.head.head.lemma_ in \
                    ctx.lex.cues.participation_verbs:
                return node.head.head  # "supporters engaged in clashes"
            node = node.head.head
            continue
        break
    return h


def embedding_chain(ctx: Context, h: Token, *, through_clauses: bool = False) -> list[Token]:
    """The heads that embed h as a complement; a coordinated or adverbial clause stops it
    unless `through_clauses` (a reporting verb covers its whole complement)."""
    chain = []
    node = h
    relations = ctx.lex.cues.embedding_relations
    if through_clauses:
        relations = relations | {"advcl", "conj"}
    while node.dep_ in relations and node.head.i != node.i:
        node = node.head
        chain.append(node)
    return chain


def has_target(ctx: Context, h: Token) -> bool:
    return any(
        c.dep_ == "prep" and c.lower_ in ctx.lex.cues.target_prepositions
        for c in h.children
    ) or any(c.dep_ in ("dobj", "nsubjpass") for c in h.children)


def launched(ctx: Context, h: Token) -> bool:
    launch = ctx.lex.cues.launch_verbs
    if h.dep_ == "nsubj" and h.head.lemma_ in ctx.lex.cues.onset_verbs:
        return True  # "fighting erupted", "clashes broke out"
    if h.dep_ in ("dobj", "nsubjpass", "attr") and h.head.lemma_ in launch:
        return True
    return any(c.dep_ in ("acl", "relcl") and c.lemma_ in launch for c in h.children)


def place_compound(h: Token) -> bool:
    return any(c.dep_ in ("compound", "nmod", "amod") and c.ent_type_ in PLACE_LABELS
               for c in h.children)


def arguments(h: Token, gov: Token, settings: frozenset[str]) -> list[tuple[Token, bool]]:
    """The trigger's own arguments, each with whether it is a participant (subject, agent,
    object, possessor, the object of a non-place preposition) or only a setting (the object
    of an in/at/near phrase); for a noun, the launching verb's arguments too."""
    out: list[tuple[Token, bool]] = []
    if h.dep_ in ("acl", "relcl") and h.head.i != h.i:
        out.append((h.head, True))  # "fans fighting outside": the fans
    for node in (h, gov) if gov.i != h.i else (h,):
        for c in node.children:
            if c.dep_ in ("nsubj", "nsubjpass", "csubj", "dobj", "dative", "attr", "oprd",
                          "poss"):
                arg = node.head if c.lower_ in ("who", "that", "which") and \
                    node.dep_ == "relcl" else c
                out.append((arg, True))
            elif c.dep_ in ("agent", "prep"):
                participant = c.dep_ == "agent" or c.lower_ not in settings
                out.extend((p, participant) for p in c.children if p.dep_ in ("pobj", "pcomp"))
    return out + [(c, role) for arg, role in out for c in arg.conjuncts]


def premodifiers(tok: Token) -> list[Token]:
    """The words in front of a noun that classify it ("tennis star", "the team's coach")."""
    out = []
    stack = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ in ("compound", "amod", "nmod", "poss"))
    return out


def clause_of(h: Token) -> list[Token]:
    """The words of the trigger's own clause: the trigger's phrase, and from the verb that
    carries it, the clause without the clauses embedded in it (relative, adverbial,
    complement or coordinated clauses) that do not hold the trigger."""
    node = h
    while node.pos_ not in VERBAL_POS and node.head.i != node.i:
        node = node.head
    path = {h.i, *(a.i for a in h.ancestors)}
    phrase = list(h.subtree) if node.i != h.i else []  # a noun's own modifiers and clauses
    out, stack = [], [node]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in CLAUSE_DEPS or c.i in path)
    return out + phrase
