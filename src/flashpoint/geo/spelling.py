"""Is a written form a spelling of a place's own name? Predicates the resolver ranks with.

The gazetteer's alternate names hold every language's and every era's spellings; these
tell a place's own name (or a close transliteration) from an unrelated alternate.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from flashpoint.geo.gazetteer import FLAG_CURATED, KIND_CITY, Place, normalise

OWN_NAME_RATIO = 0.8  # spelt this much alike, an alternate name is the same name
FUZZY_MIN_RATIO = 0.7  # a skeleton match must also be spelt this much alike
# A town abroad reached only through an alternate name unlike its own is believed only when
# it is this big: English news writes the exonyms of big cities ("Cologne"), not of towns.
ALTERNATE_MIN_POP = 500_000


def close_spelling(key: str, name: str) -> bool:
    """Are two spellings alike beyond a shared consonant skeleton (difflib ratio)?"""
    return SequenceMatcher(None, key, normalise(name)).ratio() >= FUZZY_MIN_RATIO


def short_caps(form: str) -> bool:
    """An all-capital abbreviation of at most four letters ("SA", "NSW", "U.S.")."""
    letters = [c for c in form if c.isalpha()]
    return 0 < len(letters) <= 4 and all(c.isupper() for c in letters)


def own_name(key: str, name: str) -> bool:
    """Is the normalised `key` a spelling of the place name `name` itself, not one of its
    unrelated alternates? Spelt much alike, or one holding the other as whole words
    (a short form inside a name "X-upon-Y", "X City" around the city's own "X")."""
    own = normalise(name)
    return (SequenceMatcher(None, key, own).ratio() >= OWN_NAME_RATIO
            or f" {key} " in f" {own} " or f" {own} " in f" {key} ")


def foreign_alternate(form: str, key: str, place: Place, flags: int,
                      context: set[str]) -> bool:
    """Is `place` a town outside the article's countries that `form` reaches only through
    one of its alternate names, unlike its own, where English news would not write it so?

    "Boni" is an Italian name of Bonn, "Grenade" the French one of Granada, and a party's
    acronym an alternate of some town. An all-capital short form never reaches a town
    abroad this way; another form only a big city. Curated names and towns in the article's
    countries are kept."""
    if flags & FLAG_CURATED or place.kind != KIND_CITY or place.country in context \
            or own_name(key, place.name):
        return False
    return short_caps(form) or place.population < ALTERNATE_MIN_POP
