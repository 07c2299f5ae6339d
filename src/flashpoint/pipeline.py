"""The pipeline: wires the stages in order and owns the loaded knowledge.

    Article --clean--> Document --annotate--> spaCy Doc (entities from the dictionaries)
            --code--> Event(s) --locate--> --date--> --dedupe--> events

Each stage only reads the record and adds its fields; this module is the one place that
knows the order. Everything heavy (the spaCy model, the dictionaries, the gazetteer) loads
once per process, on first use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from spacy.language import Language

from flashpoint.actors import ActorDictionary, load_actor_dictionary
from flashpoint.dedupe import merge_article_events
from flashpoint.events.coder import EventCoder
from flashpoint.geo import place_patterns, resolve_toponym
from flashpoint.ingest import clean
from flashpoint.nlp import load_language
from flashpoint.record import Article, Event
from flashpoint.time import article_window, find_date_phrases, future_window, resolve_date


@dataclass
class PipelineOptions:
    batch_size: int = 16
    dedupe: bool = True
    place_min_population: int = 15000


class Pipeline:
    """Extracts events from articles; one instance per process is enough."""

    def __init__(self, options: PipelineOptions | None = None) -> None:
        self.options = options or PipelineOptions()

    @cached_property
    def actors(self) -> ActorDictionary:
        return load_actor_dictionary()

    @cached_property
    def nlp(self) -> Language:
        patterns = list(self.actors.entity_patterns())
        patterns += place_patterns(min_population=self.options.place_min_population)
        return load_language(patterns)

    @cached_property
    def coder(self) -> EventCoder:
        return EventCoder(self.actors, find_date_phrases=find_date_phrases)

    def extract(self, article: Article) -> list[Event]:
        return next(iter(self.extract_many([article])))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[list[Event]]:
        """Events per article, in input order; the parser runs in batches."""
        documents = (clean(a) for a in articles)
        for doc, document in self.nlp.pipe(
            ((d.analysis_text, d) for d in documents), as_tuples=True,
            batch_size=self.options.batch_size,
        ):
            events = self.coder.code(document, doc)
            published = document.article.published
            for event in events:
                self._locate(event, events)
                self._place_generic_actors(event)
                self._date(event, published, document.article.text)
            if self.options.dedupe:
                events = merge_article_events(events)
            yield events

    # -------------------------------------------------------------- locate / date stages
    def _locate(self, event: Event, siblings: list[Event]) -> None:
        if event.location is None:
            return
        loc = event.location
        context = [a.country for a in (event.actor1, event.actor2) if a and a.country]
        context += [e.location.country for e in siblings
                    if e.location is not None and e.location.country]
        countries = _ordered_unique(context)
        resolved = resolve_toponym(loc.text, context_countries=countries)
        container = event.cues.get("container")
        if resolved is None and container:
            # an unknown village "in Borno state": code the container, ACLED precision 2
            resolved = resolve_toponym(container, context_countries=countries)
            if resolved is not None:
                resolved.name = f"{loc.text} ({resolved.name})"
                resolved.precision = 2
        if resolved is None:
            return
        resolved.text = loc.text
        resolved.start, resolved.end = loc.start, loc.end
        resolved.confidence = min(loc.confidence, resolved.confidence)
        if loc.precision == 2 and (resolved.precision or 0) < 2:
            resolved.precision = 2
        event.location = resolved

    def _place_generic_actors(self, event: Event) -> None:
        """Civilians, protesters and unnamed gunmen take the country where the event was."""
        country = event.location.country if event.location else None
        if country is None:
            return
        for role in ("actor1", "actor2"):
            actor = getattr(event, role)
            if actor is None or actor.country is not None:
                continue
            match = self.actors.resolve(actor.text, context_country=country)
            if match is None or match.actor.country != country:
                continue
            match.actor.text = actor.text
            match.actor.start, match.actor.end = actor.start, actor.end
            match.actor.confidence = min(actor.confidence, match.actor.confidence)
            setattr(event, role, match.actor)

    @staticmethod
    def _date(event: Event, published: dt.date | None, text: str) -> None:
        base = published or dt.date.today()
        tense = event.cues.get("tense", "past")
        phrase = event.cues.get("date_phrase")
        if phrase is not None:
            start, end = phrase
            resolved = resolve_date(text[start:end], base, tense=tense)
            if resolved is not None:
                resolved.start_char, resolved.end_char = start, end
                event.date = resolved
                return
        event.date = future_window(base) if tense == "future" else article_window(base)


def _ordered_unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT
