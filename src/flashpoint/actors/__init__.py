"""Actors stage: who did what to whom, resolved against a versioned actor dictionary.

The knowledge is data (`data/actors.v1.json`); `dictionary` compiles it once and resolves
noun phrases to ACLED-style actor names ("Military Forces of Syria", "Civilians (Kenya)").
"""

from __future__ import annotations

from flashpoint.actors.dictionary import (
    ACTORS_VERSION,
    MEANS,
    ActorDictionary,
    ActorMatch,
    Country,
    load_actor_data,
    load_actor_dictionary,
    validate_actor_data,
)

__all__ = [
    "ACTORS_VERSION",
    "MEANS",
    "ActorDictionary",
    "ActorMatch",
    "Country",
    "load_actor_data",
    "load_actor_dictionary",
    "validate_actor_data",
]
