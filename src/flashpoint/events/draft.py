"""The event draft assembled in one sentence, and the place mentions it points at."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from flashpoint.events.triggers import Trigger
from flashpoint.record import Fatalities


@dataclass
class PlaceMention:
    start: int  # token index of first token
    end: int  # token index after last
    text: str
    start_char: int
    end_char: int
    is_country: bool


@dataclass
class Draft:
    """An event being assembled in one sentence."""

    trigger: Trigger
    sent: Span
    agent: Token | None = None
    agent_fallback: bool = False
    co_agents: list[Token] = field(default_factory=list)
    backers: list[Token] = field(default_factory=list)
    patient: Token | None = None
    places: list[PlaceMention] = field(default_factory=list)
    place_fallback: bool = False
    modality: str = "asserted"
    speaker: Token | None = None
    speaker_span: tuple[int, int] | None = None
    blamed: Token | None = None
    date_phrase: tuple[int, int] | None = None
    fatalities: Fatalities | None = None
    derived_means: str | None = None  # set for events implied by air support
    merged_heads: list[Token] = field(default_factory=list)
    host_agent: Token | None = None  # for a derived event: the actor it supported
    obliged: bool = False  # "X said Y must return Z": X demands it (REQUEST)
    conditional: bool = False  # "will boycott ... unless": a threat
