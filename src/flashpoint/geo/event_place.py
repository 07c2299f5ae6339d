"""Which of an article's resolved places is an event's place.

In order: the place the coder found among the trigger's own arguments and adjuncts ("struck
the market in X"); then a place in the subject phrase of the trigger's clause ("residents of
X protested", "protesters in X marched"); then the coder's paragraph fallback (the nearest
earlier place); then any other place of the sentence. A nationality ("Somali troops"), an
origin ("visiting from X") or a place inside an organisation's name is never the event's
place. The event keeps the words as written; its coordinates, country, admin1 and precision
are those of the article-level reading of the span (`article.geoparse_doc`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from flashpoint.geo.article import ResolvedPlace, place_at
from flashpoint.geo.gazetteer import load_gazetteer, normalise
from flashpoint.record import Event, Location

RULES_FILE = "event_places.v1.json"
_SUBJECT_CONFIDENCE = 0.7
_SENTENCE_CONFIDENCE = 0.4
_LOOK_BACK = 40
_SUBJECT_LEVELS = 3


@dataclass(frozen=True)
class _Rules:
    origin_before: tuple[str, ...]
    near_before: tuple[str, ...]
    area_after: frozenset[str]
    organisation_labels: frozenset[str]
    subject_deps: frozenset[str]
    actor_heads: frozenset[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    text = resources.files("flashpoint.geo").joinpath("data", RULES_FILE).read_text("utf-8")
    data = json.loads(text)
    return _Rules(
        origin_before=tuple(sorted(data["origin_before"], key=len, reverse=True)),
        near_before=tuple(sorted(data["near_before"], key=len, reverse=True)),
        area_after=frozenset(data["area_after"]),
        organisation_labels=frozenset(data["organisation_labels"]),
        subject_deps=frozenset(data["subject_deps"]),
        actor_heads=frozenset(data["actor_heads"]),
    )


def locate_event(event: Event, places: list[ResolvedPlace], doc: Doc,
                 text: str | None = None) -> Location | None:
    """The event's place read off the article's resolved places, or the coder's unresolved
    hint where no span reads it, or None. `text`: `doc.text`, where the caller has it
    (spaCy rebuilds it on every access)."""
    text = doc.text if text is None else text
    hint = event.location
    fallback = bool(event.cues.get("place_fallback"))
    chosen: ResolvedPlace | None = None
    confidence = 0.9
    hint_place = None
    if hint is not None and hint.start is not None and hint.end is not None:
        hint_place = place_at(places, hint.start, hint.end)
        if hint_place is not None and not _allowed(hint_place, doc, text):
            hint = hint_place = None  # "Somali", "visiting from X": not where it happened
    if hint_place is not None and not fallback:
        chosen = hint_place
    else:
        subject = _subject_place(event, places, doc, text)
        if subject is not None and hint_place is not None and hint_place.location \
                is not None and (subject.location.precision or 3) >= 3 \
                and (hint_place.location.precision or 3) < 3:  # type: ignore[union-attr]
            subject = None  # "members of the X Party of Country": the paragraph's town
        if subject is not None:
            chosen, confidence = subject, _SUBJECT_CONFIDENCE
        elif hint_place is not None:
            chosen = hint_place
        elif hint is None:
            other = _sentence_place(event, places, doc, text)
            if other is not None:
                chosen, confidence = other, _SENTENCE_CONFIDENCE
    if chosen is None or chosen.location is None:
        return hint
    seen = {id(chosen)}
    while chosen.inner is not None and id(places[chosen.inner]) not in seen:
        # "Zorblik village, Raqqa governorate": the most specific place of the chain
        chosen = places[chosen.inner]
        seen.add(id(chosen))
        hint_place = None
    loc = replace(chosen.location)
    written = hint is not None and chosen is hint_place
    loc.text = hint.text if written and hint is not None else chosen.text
    loc.start = hint.start if written and hint is not None else chosen.start
    loc.end = hint.end if written and hint is not None else chosen.end
    base = hint.confidence if written and hint is not None else confidence
    loc.confidence = round(min(base, loc.confidence), 2)
    # the coder's own precision (2 after any region word) is not used: "X governorate" is
    # the province (3), "the X area" or "near X" is around the town (2)
    if _near(chosen, text) and (loc.precision or 1) < 2:
        loc.precision = 2
    return loc


def _allowed(place: ResolvedPlace, doc: Doc, text: str) -> bool:
    """Not a nationality, an origin or part of an organisation's name."""
    rules = _rules()
    if load_gazetteer().demonym(normalise(place.text)) is not None:
        return False
    before = text[max(0, place.start - _LOOK_BACK):place.start].lower().rstrip()
    before = before.removesuffix(" the").rstrip()
    if before.endswith(rules.origin_before):
        return False
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None or not len(span):
        return True
    for start, end in _organisations(span.doc):
        # "Harwood County Government": a longer organisation name. A town the model
        # merely mislabelled ("in Dunmore" as an organisation) is still a place.
        if start < span.end and span.start < end and (start < span.start or end > span.end):
            return False
    return not _in_actor_name(span, rules)


def _organisations(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) tokens of the document's organisation entities, read once per doc."""
    key = "flashpoint.geo.organisations"
    found = doc.user_data.get(key)
    if found is None:
        labels = _rules().organisation_labels
        found = doc.user_data[key] = [(e.start, e.end) for e in doc.ents if e.label_ in labels]
    return found


def _in_actor_name(span: Span, rules: _Rules) -> bool:
    """"Westland Dervish Force", "Eastshire security forces", "Islamic State Somalia
    Province": a place inside a longer proper name or before an actor noun."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.pos_ == "PROPN" and before.is_title:
        return True  # "Kelsey Marlow", "Islamic State Somalia Province"
    if before is not None and before.lower_ == "of" and span.start > 1 and \
            doc[span.start - 2].is_title and doc[span.start - 2].pos_ == "PROPN" \
            and not doc[span.start - 2].is_sent_start:
        return True  # "the Workers Party of X", "University of X": a name
    for k in (span.end, span.end + 1):
        if k >= len(doc):
            return False
        tok = doc[k]
        if tok.lower_ in rules.actor_heads:
            return True
        if not (tok.is_title and tok.pos_ == "PROPN") and tok.lower_ != "security":
            return False
    return False


def _near(place: ResolvedPlace, text: str) -> bool:
    """"the outskirts of X", "near X", "the X area": around the place, not in it."""
    rules = _rules()
    before = text[max(0, place.start - _LOOK_BACK):place.start].lower().rstrip()
    before = before.removesuffix(" the").rstrip()
    if before.endswith(rules.near_before):
        return True
    after = text[place.end:place.end + 20].lower().split()
    return bool(after) and after[0].strip(",.;:") in rules.area_after


def _trigger_token(event: Event, doc: Doc) -> Token | None:
    if event.trigger_start is None:
        return None
    span = doc.char_span(event.trigger_start, event.trigger_start + 1,
                         alignment_mode="expand")
    return None if span is None or not len(span) else span[0]


def _subject_place(event: Event, places: list[ResolvedPlace], doc: Doc, text: str
                   ) -> ResolvedPlace | None:
    """A place named in the subject phrase of the trigger's clause ("residents of X")."""
    tok = _trigger_token(event, doc)
    if tok is None:
        return None
    deps = _rules().subject_deps
    node = tok
    for _ in range(_SUBJECT_LEVELS):
        # the trigger's clause, then the clauses above it ("villagers in X said ...")
        for subject in (c for c in node.children if c.dep_ in deps):
            start = subject.left_edge.idx
            end = subject.right_edge.idx + len(subject.right_edge)
            inside = [p for p in places if start <= p.start and p.end <= end
                      and p.location is not None and _allowed(p, doc, text)]
            specific = [p for p in inside if (p.location.precision or 3) < 3]  # type: ignore[union-attr]
            if specific or inside:
                return (specific or inside)[0]
        if node.head is node:
            break
        node = node.head
    return None


def _sentence_place(event: Event, places: list[ResolvedPlace], doc: Doc, text: str
                    ) -> ResolvedPlace | None:
    """Any other allowed place in the event's sentence, a town before a country."""
    start, end = event.evidence.start, event.evidence.end
    inside = [p for p in places if start <= p.start and p.end <= end
              and p.location is not None and _allowed(p, doc, text)]
    specific = [p for p in inside if (p.location.precision or 3) < 3]  # type: ignore[union-attr]
    return (specific or inside or [None])[0]
