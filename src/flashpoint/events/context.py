"""What every coding step may consult: the knowledge, the actor resolver and the date finder.

Steps are functions of an explicit, frozen `Context` instead of methods reaching through an
object; the actors stage is injected as an `ActorResolver`, so this stage never imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from flashpoint.events.knowledge import Lexicon
from flashpoint.record import Actor


class ActorMatchLike(Protocol):
    actor: Actor
    means: str | None
    is_bare_country: bool


class ActorResolver(Protocol):
    def resolve(
        self, phrase: str, *, context_country: str | None = None, prefer_military: bool = False
    ) -> ActorMatchLike | None: ...


@dataclass(frozen=True)
class Context:
    lex: Lexicon
    actors: ActorResolver
    find_date_phrases: Callable[[str], list[tuple[int, int]]] | None = None
