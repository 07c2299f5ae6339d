"""Helpers shared by the geo tests."""

from __future__ import annotations


def spans_of(text: str, names: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each name in `text`, searched in order (a repeated name: the next one)."""
    out, pos = [], 0
    for n in names:
        start = text.index(n, pos)
        out.append((start, start + len(n)))
        pos = start + len(n)
    return out
