"""Code events from a parsed document: triggers -> roles -> modality -> PLOVER/ACLED codes.

Orchestration only; each step is a function of an explicit `Context` in its own module
(`triggers`, `vetoes`, `roles`, `places`, `modality`, `dates`, `merge`, `coding`, `denials`).
The coder knows nothing of gazetteers or calendars: it marks the words that say where and
when (a `Location` holding the place text, a date phrase in `Event.cues`) and later stages
resolve them. Actors are resolved through an injected `ActorResolver`, so this stage never
imports the actors stage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Span

from flashpoint.events.coding import to_events
from flashpoint.events.context import ActorResolver, Context
from flashpoint.events.dates import find_date, historical
from flashpoint.events.denials import attach_denial
from flashpoint.events.draft import Draft, PlaceMention
from flashpoint.events.fatalities import animal_nouns
from flashpoint.events.knowledge import Lexicon, doc_text, load_lexicon, span_text
from flashpoint.events.merge import (
    attach_fatalities,
    derived_support_events,
    drop_argument_triggers,
    merge_linked,
)
from flashpoint.events.modality import assign_modality
from flashpoint.events.places import anaphoric_place, fallback_place, find_places
from flashpoint.events.roles import assign_roles
from flashpoint.events.triggers import sentence_triggers
from flashpoint.events.vetoes import is_event
from flashpoint.record import Document, Event


class EventCoder:
    """Turns a spaCy `Doc` of a cleaned `Document` into coded events."""

    def __init__(
        self,
        actors: ActorResolver,
        *,
        find_date_phrases: Callable[[str], list[tuple[int, int]]] | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        self.actors = actors
        self.lex = lexicon or load_lexicon()
        self.find_date_phrases = find_date_phrases
        self.context = Context(self.lex, actors, find_date_phrases)
        # the fatality grammar (regexes of some 10^5 characters, about a second to compile)
        # loads with the coder's other knowledge, not on the first article that tells a toll
        animal_nouns()

    def code(self, document: Document, doc: Doc) -> list[Event]:
        ctx = self.context
        article = document.article
        body_start = document.body_start
        containers: dict[int, PlaceMention] = {}  # a place's start -> the place containing it
        events: list[Event] = []
        paragraph_places: list[PlaceMention] = []
        last_paragraph = -1
        seen_types: set[str] = set()
        paragraph_count, counted_to = 0, 0
        for sent in doc.sents:
            if sent.end_char <= body_start or not span_text(sent).strip():
                continue
            # paragraphs counted as the sentences go by (a count from the start per
            # sentence made long articles quadratic)
            paragraph_count += doc_text(doc).count("\n\n", counted_to, sent.start_char)
            counted_to = sent.start_char
            paragraph = paragraph_count
            if paragraph != last_paragraph:
                paragraph_places = []
                last_paragraph = paragraph
            places = find_places(ctx, sent)
            drafts = code_sentence(ctx, sent, places, paragraph_places, seen_types, containers)
            denial = attach_denial(ctx, sent, events)
            if denial is not None:  # the denied event is already known: not a new one
                drafts = [d for d in drafts if d.modality != "denied" and
                          d.trigger.head.lemma_ not in ctx.lex.cues.deny_verbs]
            for draft in drafts:
                events.extend(to_events(ctx, article.id, draft, containers))
            for e in events:
                if e.evidence.start == sent.start_char:
                    seen_types.add(e.plover.type)
            paragraph_places.extend(p for p in places if not p.is_country)
        return events


def code_sentence(
    ctx: Context,
    sent: Span,
    places: list[PlaceMention],
    paragraph_places: list[PlaceMention],
    seen_types: set[str],
    containers: dict[int, PlaceMention],
) -> list[Draft]:
    triggers = sentence_triggers(ctx, sent)
    trigger_heads = {t.head.i: t for t in triggers}
    drafts: list[Draft] = []
    for trig in triggers:
        if not is_event(ctx, trig, trigger_heads, seen_types):
            continue
        draft = Draft(trig, sent)
        assign_roles(ctx, draft, places, containers)
        if trig.entry.needs_place and not draft.places and not anaphoric_place(ctx, draft):
            continue
        assign_modality(ctx, draft, trigger_heads)
        if draft.modality == "skip":
            continue
        if not draft.places and trig.entry.plover in ctx.lex.cues.material_types:
            fallback_place(ctx, draft, places, paragraph_places)
        find_date(ctx, draft)
        if historical(ctx, draft):
            continue
        drafts.append(draft)
    drafts = drop_argument_triggers(ctx, drafts)
    drafts = merge_linked(ctx, drafts)
    attach_fatalities(sent, drafts)
    drafts.extend(derived_support_events(ctx, drafts))
    return drafts


def code_document(
    document: Document,
    doc: Doc,
    actors: ActorResolver,
    find_date_phrases: Callable[[str], list[tuple[int, int]]] | None = None,
) -> list[Event]:
    return EventCoder(actors, find_date_phrases=find_date_phrases).code(document, doc)


__all__: Sequence[str] = ["EventCoder", "code_document", "ActorResolver", "PlaceMention"]
