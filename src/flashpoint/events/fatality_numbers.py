"""Numbers of the fatality rules: "twenty-three", "a dozen", "at least 12", "between 10
and 15", read with the vocabulary of `data/fatality_rules.v1.json` (loaded by
`fatalities.py`) into (best, low, high) by ACLED's lowest-estimate rule."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Vocab:
    """The number words, vague quantities and qualifiers of the rules file."""

    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    dozen: int
    vague: dict[str, int]
    exact: tuple[str, ...]
    up_to: tuple[str, ...]
    fewer_than: tuple[str, ...]
    active: frozenset[str]
    intransitive: frozenset[str]
    non_victim_units: frozenset[str]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def _word_value(text: str, vocab: Vocab) -> int | None:
    total, current = 0, 0
    for tok in re.split(r"[\s-]+", text):
        if tok in ("and", ""):
            continue
        if tok in ("a", "an"):
            current += 1
        elif tok in vocab.units:
            current += vocab.units[tok]
        elif tok in vocab.tens:
            current += vocab.tens[tok]
        elif tok == "dozen":
            current = (current or 1) * vocab.dozen
        elif tok in vocab.scales and vocab.scales[tok] >= 1000:
            total += (current or 1) * vocab.scales[tok]
            current = 0
        elif tok in vocab.scales:
            current = (current or 1) * vocab.scales[tok]
        else:
            return None
    return total + current


def _value(text: str, vocab: Vocab) -> int | None:
    text = _norm(text)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", text):
        return int(text.replace(",", ""))
    if text in vocab.vague:
        return vocab.vague[text]
    if text.endswith(" of") and text[:-3] in vocab.vague:
        return vocab.vague[text[:-3]]
    return _word_value(text, vocab)


def _strip_prefix(text: str, prefixes: tuple[str, ...]) -> str | None:
    for prefix in sorted(prefixes, key=len, reverse=True):
        if text.startswith(prefix + " "):
            return text[len(prefix) + 1 :]
    return None


def quantity(text: str, vocab: Vocab) -> tuple[int, int, int] | None:
    """(best, low, high) for a quantity phrase such as "at least 12" or "between 10 and 15"."""
    norm = _norm(text)
    kind = "exact"
    for name, prefixes in (
        ("up_to", vocab.up_to), ("fewer_than", vocab.fewer_than), ("exact", vocab.exact),
    ):
        rest = _strip_prefix(norm, prefixes)
        if rest is not None:
            kind, norm = name, rest
            break
    pair = (
        re.fullmatch(r"between (.+) and (.+)", norm)
        or re.fullmatch(r"(\d[\d,]*)\s*[-–]\s*(\d[\d,]*)", norm)
        or re.fullmatch(r"(.+?) (?:to|or) (.+)", norm)
    )
    if pair and _value(pair.group(1), vocab) is not None:
        a, b = _value(pair.group(1), vocab), _value(pair.group(2), vocab)
        if a is None or b is None:
            return None
        low, high = min(a, b), max(a, b)
        return low, low, high
    n = _value(norm, vocab)
    if n is None:
        return None
    if kind == "up_to":
        return n, min(1, n), n
    if kind == "fewer_than":
        return max(n - 1, 1), 1, max(n - 1, 1)
    return n, n, n
