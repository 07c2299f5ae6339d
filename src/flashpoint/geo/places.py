"""The gazetteer's vocabulary: place kinds and flags, name folding (`normalise`: accents,
definite articles, transliteration variants), the `Place` record and the shipped data files.

The lowest layer of the gazetteer: the builder (`gazetteer_build`, `divisions`), the index
(`gazetteer`) and the resolver all read names the same way through these functions.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Any

from flashpoint.geometry import distance_km

DATA_FILE = "places.v1.json"
WORLD_FILE = "world.v1.json"
REGIONS_FILE = "regions.v1.json"
# Cities at or above this population keep their Latin-script alternate names for building
# entity-ruler patterns; below it only resolution keys are kept (see `Gazetteer.patterns`).
PATTERN_POP_FLOOR = 5000

FLAG_DERIVED, FLAG_CURATED = 1, 2  # key matched only without the article / a curated name
KIND_CITY, KIND_COUNTRY, KIND_REGION, KIND_WATER, KIND_ADMIN1, KIND_ADMIN2 = 0, 1, 2, 3, 4, 5
KIND_NAMES = {KIND_CITY: "city", KIND_COUNTRY: "country", KIND_REGION: "region",
              KIND_WATER: "water", KIND_ADMIN1: "admin1", KIND_ADMIN2: "admin2"}

# Arabic (and Arabic-derived) definite-article spellings; they all become "al" so that
# "Deir ez-Zor", "Dayr az Zawr" and "Deir al-Zour" share a prefix structure.
ARTICLES = frozenset(
    "al ar ash ath ad as az an at el ez es ed er en et ul ud".split()
)
_DROP = str.maketrans("", "", "'’‘ʿʾ`´ʼʻ\"“”′")
_FOLD = str.maketrans({"ı": "i", "ø": "o", "đ": "d", "ł": "l", "ß": "ss", "æ": "ae",
                       "œ": "oe", "þ": "th", "ð": "d", "ə": "a", "ǝ": "a", "ħ": "h"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouyw]+")


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Strip diacritics and fold special Latin letters, keeping case (for display forms)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.translate(_FOLD)


def _tokens(text: str) -> list[str]:
    folded = fold(text).lower().translate(_FOLD).translate(_DROP)
    return _NON_ALNUM.sub(" ", folded).split()


# Transliteration variants of Arabic, Somali, Pashto and French-African names spelt one way:
# ou/u ("Toumbou"), dh/d ("Dhalmar"), q/k ("Qorima"), -iyah/-iya/-iyya/-ieh ->
# "ia", "Tal/Tel/Tell/Tall" -> "tal" (with doubled letters collapsed first and again after).
_LETTER_VARIANTS = (("ou", "u"), ("dh", "d"), ("q", "k"))
_TOKEN_VARIANTS = {"tel": "tal"}


def _norm_token(tok: str) -> str:
    tok = _DOUBLE.sub(r"\1", tok)
    if len(tok) >= 4 and tok.endswith(("ah", "eh")):
        tok = tok[:-2] + "a"
    for old, new in _LETTER_VARIANTS:
        tok = tok.replace(old, new)
    if len(tok) >= 5 and tok.endswith("iya"):
        tok = tok[:-3] + "ia"
    tok = _DOUBLE.sub(r"\1", tok)
    return _TOKEN_VARIANTS.get(tok, tok)


@functools.lru_cache(maxsize=131072)
def normalise(text: str) -> str:
    """Lookup key: lowercase, no diacritics/quotes/hyphens, articles unified, doubles collapsed.

    "Deir ez-Zor" -> "deir al zor"; "Ar-Raqqah" -> "al raqa"; "Raqqa" -> "raqa".
    """
    toks = _tokens(text)
    out = []
    for i, tok in enumerate(toks):
        if tok in ARTICLES and i < len(toks) - 1:
            out.append("al")
        else:
            out.append(_norm_token(tok))
    return " ".join(out)


def strip_article(key: str) -> str | None:
    """The key without a leading "al " ("al raqa" -> "raqa"), or None if it has none."""
    if key.startswith("al ") and len(key) > 5:
        return key[3:]
    return None


def skeleton(key: str) -> str | None:
    """Consonant skeleton of a normalised key, a fuzzy fallback for transliteration variants.

    "deir al zor", "dayr al zawr" and "der al zour" all give "dr l zr". Too-short skeletons
    are useless (too many collisions), so they return None.
    """
    # g and k (and so q) share a consonant: "Garima" / "Qarima"
    sk = " ".join(filter(None, (_DOUBLE.sub(r"\1", _VOWELS.sub("", t.replace("g", "k")))
                                for t in key.split())))
    if len(sk.replace(" ", "")) < 4:
        return None
    return sk


def key_hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


def is_latin(name: str) -> bool:
    """True for names written in Latin script (what English news uses)."""
    return all(ord(c) < 0x250 or c in "‘’ʿʾʼʻ–ḩḑḨḑŢţṢṣḤḥẒẓ" or unicodedata.combining(c)
               for c in name)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return distance_km(a[0], a[1], b[0], b[1])


@dataclass(frozen=True)
class Place:
    """One gazetteer entry as seen by the resolver."""

    index: int
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None  # ISO3
    admin1: str | None
    population: int
    kind: int
    precision: int
    key: str  # stable id: "geonames:<id>" or "curated:<slug>"
    capital: bool = False  # a national capital: what a bare name most often means
    admin2: str | None = None  # second-level division (district, county), where known


def load_curated() -> dict[str, Any]:
    """The curated data file shipped in the package (regions, aliases, stop words)."""
    text = resources.files("flashpoint.geo").joinpath("data", DATA_FILE).read_text("utf-8")
    return json.loads(text)


def load_world() -> dict[str, Any]:
    """World-level tables: country centres, demonyms, continents, first-level divisions."""
    text = resources.files("flashpoint.geo").joinpath("data", WORLD_FILE).read_text("utf-8")
    return json.loads(text)


def load_regions() -> dict[str, Any]:
    """World regions, seas, counties, extra demonyms/abbreviations, admin1 centre points."""
    text = resources.files("flashpoint.geo").joinpath("data", REGIONS_FILE).read_text("utf-8")
    return json.loads(text)


