"""The date phrase of an event (resolved later by the time stage) and history recalled."""

from __future__ import annotations

from spacy.tokens import Span, Token

from flashpoint.events.context import Context
from flashpoint.events.draft import Draft
from flashpoint.events.grammar import governor, sentence_ents
from flashpoint.events.knowledge import NOMINAL_POS, VERBAL_POS, doc_text, span_text


def find_date(ctx: Context, draft: Draft) -> None:
    sent = draft.sent
    h = draft.trigger.head
    gov = governor(ctx, h)
    owners = {h.i, gov.i}
    launch = ctx.lex.cues.launch_verbs
    owners.update(c.i for c in h.children if c.dep_ in ("acl", "relcl") and
                  c.lemma_ in launch)
    for anc in h.ancestors:
        if anc.lemma_ in launch and anc.pos_ in VERBAL_POS:
            owners.add(anc.i)
        else:
            break
    best: tuple[int, int] | None = None
    trailing: tuple[int, int] | None = None
    for start, end in date_spans(ctx, sent):
        if best is not None and start < best[1]:
            continue
        span = sent.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        node = span.root
        if any(c.dep_ in ("nsubj", "aux") for c in node.children):
            continue  # "like they did last week": the date has its own clause
        if node.dep_ == "poss" and node.head.i not in owners and node.head.dep_ == "pobj":
            continue  # "arrested ... over last month's bombing": the bombing's own date
        owner = None
        for anc in node.ancestors:
            if anc.pos_ in VERBAL_POS or anc.i in owners:
                owner = anc
                break
        if owner is not None and owner.i not in owners and _trailing(sent, node, h, end):
            trailing = (start, end)
        if owner is not None and owner.i in owners:
            text = doc_text(sent.doc)
            if best is None:
                best = (start, end)
            elif len(text[best[1]:start].strip(" ,").split()) <= 1:
                best = (best[0], max(best[1], end))  # adjacent pieces ("Monday" + "morning")
            elif not _named(text[best[0]:best[1]]) and _named(text[start:end]):
                best = (start, end)  # "an overnight raid on X ... on Sunday": the day
    best = best or trailing
    if best is not None:
        draft.date_phrase = best


def _named(phrase: str) -> bool:
    """A date phrase that names its day, month or year ("Sunday", "12 May"), not only a
    part of the day ("overnight", "at dawn")."""
    return any(ch.isdigit() for ch in phrase) or any(w[:1].isupper() for w in phrase.split())


def _trailing(sent: Span, node: Token, head: Token, end: int) -> bool:
    """"shot dead a herder they accused of spying ... on Saturday": a day phrase that ends
    the sentence inside a clause describing the act's participant dates the act (the parse
    hangs it on the nearest verb). A year there stays the clause's ("where ... in 2015")."""
    rest = doc_text(sent.doc)[end:sent.end_char].strip()
    if rest.strip(".!?\"'’”)") or any(ch.isdigit() for ch in node.text) or \
            any(t.like_num and len(t.text) == 4 for t in node.subtree):
        return False
    t = node
    while t.head.i != t.i and t.i != head.i:
        if t.dep_ in ("relcl", "acl") and t.head.i in {x.i for x in head.subtree}:
            return True
        t = t.head
    return False


def date_spans(ctx: Context, sent: Span) -> list[tuple[int, int]]:
    """The sentence's date phrases (NER and the time stage's rules), in text order; kept
    per sentence because every event drafted in it asks (the rules cost most)."""
    cache = sent.doc.user_data.setdefault("flashpoint_date_spans", {})
    spans = cache.get(sent.start)
    if spans is None:
        found = {(e.start_char, e.end_char) for e in sentence_ents(sent)
                 if e.label_ in ("DATE", "TIME")}
        if ctx.find_date_phrases is not None:
            found.update((sent.start_char + s, sent.start_char + e)
                         for s, e in ctx.find_date_phrases(span_text(sent)))
        spans = cache[sent.start] = sorted(found, key=lambda s: (s[0], -s[1]))
    return spans


def historical(ctx: Context, draft: Draft) -> bool:
    """An event noun dated by a bare year ("the 1914 assassination", "the attacks of
    2015") is history recalled, not news: a report dates what just happened by day,
    week or month. The coder has no publication date, so a year alone is the cue."""
    h = draft.trigger.head
    if draft.date_phrase is None or h.pos_ not in NOMINAL_POS:
        return False  # a verb's year is left to the dating stage, which knows the date
    start, end = draft.date_phrase
    span = draft.sent.doc.char_span(start, end, alignment_mode="expand")
    if span is None or not (span.root.head.i == h.i or (
            span.root.head.dep_ == "prep" and span.root.head.head.i == h.i)):
        return False  # the year must be the event noun's own: "the 2015 attacks"
    words = doc_text(draft.sent.doc)[start:end].lower().split()
    words = [w for w in words if w not in ctx.lex.cues.year_phrase_words]
    return len(words) == 1 and len(words[0]) in (4, 5) and words[0][:4].isdigit() and \
        words[0][:2] in ("18", "19", "20") and words[0][4:] in ("", "s")
