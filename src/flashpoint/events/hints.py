"""What the coder hands to the later stages beside the event record, as one typed record.

`Event.cues` stays the hand-over dict (dedupe, the pipeline's locate and date steps and the
ACLED model read and add keys to it); `Hints` is the coder's side of that contract: every
key it writes, what it means and who reads it, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Hints:
    tense: str  # "future" for a planned event, else "past": the date stage's window
    co_actors: tuple[str, ...]  # phrases of coordinated agents after actor1 ("X and Y attacked")
    place_fallback: bool  # the place came from the paragraph, not the event's words (dedupe)
    means: str | None  # air / drone / artillery / naval: ACLED coding and dedupe's joins
    derived: bool  # an event implied by air support ("backed by Y's warplanes"): locate
    date_phrase: tuple[int, int] | None = None  # the event's own date words: the date stage
    container: str | None = None  # the place named after the event's place ("X in Y"): locate

    def to_cues(self) -> dict[str, Any]:
        """The `Event.cues` dict: optional keys only when set, as the later stages expect."""
        cues: dict[str, Any] = {
            "tense": self.tense,
            "co_actors": list(self.co_actors),
            "place_fallback": self.place_fallback,
            "means": self.means,
            "derived": self.derived,
        }
        if self.date_phrase is not None:
            cues["date_phrase"] = self.date_phrase
        if self.container is not None:
            cues["container"] = self.container
        return cues
