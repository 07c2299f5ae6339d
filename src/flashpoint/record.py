"""The records passed along the pipeline: Article -> Document -> mentions -> Event.

This module is the bottom layer: it imports nothing from the rest of flashpoint. The `Event`
record is the public contract (schema `EVENT_SCHEMA_VERSION`, JSON Schema in
`schema/event.v1.json`): every field carries the character offsets of the words it came from
(offsets into `Article.text`, the text exactly as given) and a precision or confidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

EVENT_SCHEMA_VERSION = "1.0"

ActorKind = Literal[
    "military", "police", "government", "rebel", "militant", "militia",
    "civilians", "protesters", "other",
]
Modality = Literal[
    "asserted", "claimed", "alleged", "denied", "planned", "negated", "hypothetical",
]
DatePrecision = Literal["day", "week", "month", "year", "range", "article"]
MODALITIES: tuple[str, ...] = Modality.__args__  # type: ignore[attr-defined]
ACTOR_KINDS: tuple[str, ...] = ActorKind.__args__  # type: ignore[attr-defined]


@dataclass
class Article:
    """One input article. `text` is kept verbatim: every offset points into it."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    origin: str | None = None  # file path (and line) the article was read from

    @property
    def content_hash(self) -> str:
        """The same story gives the same hash: see `text_hash`."""
        return text_hash(self.text)


def text_hash(text: str) -> str:
    """SHA-256 of `text` normalised: Unicode NFC, every run of whitespace (line endings,
    trailing spaces, blank lines) one space, ends stripped. A re-scrape that differs only in
    those is the same article; lone surrogates are hashed as they are."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Segment:
    """A run of `Article.text` with a role; offsets are into the text as given."""

    start: int
    end: int
    role: Literal["title", "body", "boilerplate", "duplicate_title", "dateline"]


@dataclass
class Document:
    """An article after cleaning.

    `analysis_text` has exactly the length of `article.text`: boilerplate and a repeated
    title are blanked with spaces (newlines kept), so analysing it yields offsets that are
    valid in the original text.
    """

    article: Article
    analysis_text: str
    segments: list[Segment] = field(default_factory=list)

    @property
    def body_start(self) -> int:
        bodies = [s.start for s in self.segments if s.role == "body"]
        return min(bodies) if bodies else 0


@dataclass
class Actor:
    text: str
    name: str
    country: str | None
    kind: ActorKind
    start: int | None = None
    end: int | None = None
    confidence: float = 1.0


@dataclass
class Location:
    text: str
    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    precision: int | None = None  # ACLED geo_precision: 1 town, 2 near/part of region, 3 province+
    start: int | None = None
    end: int | None = None
    confidence: float = 1.0
    admin2: str | None = None  # second-level division (district, county), where known


@dataclass
class DateRange:
    text: str | None
    start: dt.date
    end: dt.date
    precision: DatePrecision
    start_char: int | None = None
    end_char: int | None = None


@dataclass
class Fatalities:
    text: str
    best: int
    low: int
    high: int
    start: int | None = None
    end: int | None = None


@dataclass
class Evidence:
    sentence: str
    start: int
    end: int


@dataclass
class Attribution:
    text: str
    name: str
    start: int | None = None
    end: int | None = None


@dataclass
class Denial:
    text: str
    name: str
    evidence: Evidence


@dataclass
class PloverCode:
    type: str
    mode: str | None = None
    context: list[str] = field(default_factory=list)


@dataclass
class AcledCode:
    event_type: str
    sub_event_type: str


@dataclass
class Event:
    """One coded event. `to_dict()` gives exactly the keys of the JSONL output contract."""

    article_id: str
    plover: PloverCode
    acled: AcledCode | None
    actor1: Actor | None
    actor2: Actor | None
    location: Location | None
    date: DateRange | None
    fatalities: Fatalities | None
    modality: Modality
    attribution: Attribution | None
    denials: list[Denial]
    evidence: Evidence
    confidence: float
    trigger: str = ""  # the words that name the event (kept out of the JSON contract)
    trigger_start: int | None = None
    # Hints one stage leaves for a later one (date phrase, tense, co-actors); not exported.
    cues: dict[str, Any] = field(default_factory=dict)

    @property
    def event_id(self) -> str:
        """Stable across runs: a hash of the article, the trigger offset and the coding."""
        key = "|".join(
            str(x)
            for x in (
                self.article_id, self.trigger_start, self.evidence.start, self.plover.type,
                self.acled.sub_event_type if self.acled else "",
                self.location.start if self.location else "",
                self.actor1.name if self.actor1 else "",
            )
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        def plain(obj: Any) -> Any:
            if obj is None:
                return None
            data = asdict(obj)
            return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}

        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "plover": plain(self.plover),
            "acled": plain(self.acled),
            "actor1": plain(self.actor1),
            "actor2": plain(self.actor2),
            "location": plain(self.location),
            "date": plain(self.date),
            "fatalities": plain(self.fatalities),
            "modality": self.modality,
            "attribution": plain(self.attribution),
            "denials": [asdict(d) for d in self.denials],
            "evidence": asdict(self.evidence),
            "confidence": round(self.confidence, 3),
        }


EVENT_KEYS: tuple[str, ...] = (
    "event_id", "article_id", "plover", "acled", "actor1", "actor2", "location", "date",
    "fatalities", "modality", "attribution", "denials", "evidence", "confidence",
)


@dataclass(frozen=True)
class EntityPattern:
    """A dictionary entry for the entity ruler: a phrase, its spaCy label and a knowledge id.

    Stages that own knowledge (actors, geo) publish these; the nlp stage turns them into
    token patterns. `case_sensitive` keeps acronyms such as "IS" from matching "is".
    """

    label: str  # spaCy label: GPE, LOC, FAC, NORP, ORG, PERSON
    text: str
    id: str
    case_sensitive: bool = False
