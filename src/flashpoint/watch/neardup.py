"""Syndicated copies: near-identical texts from different sources are one article.

Texts are compared as sets of word 5-grams (lower-cased letters and digits); two texts whose
Jaccard similarity is at least `threshold` (0.85) are copies. Candidates are found through
each set's 8 smallest shingle hashes (a bottom-k sketch: two sets with similarity J share
each minimum with probability J), then compared exactly. Only a copy from *another* source
is folded into the stored article: a near-identical text from the same source is an update
(a corrected toll, a new paragraph) and stays an article of its own. Texts under
`MIN_WORDS` words are never matched (too little to tell a copy from a template).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

SHINGLE = 5
KEYS = 8
MIN_WORDS = 40
_WORD = re.compile(r"[^\W_]+")


def shingles(text: str) -> frozenset[int]:
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return frozenset()
    return frozenset(
        int.from_bytes(hashlib.blake2b(" ".join(words[i:i + SHINGLE]).encode(),
                                       digest_size=8).digest(), "big")
        for i in range(len(words) - SHINGLE + 1))


class NearDuplicates:
    def __init__(self, threshold: float = 0.85) -> None:
        self.threshold = threshold
        self._sets: dict[str, tuple[frozenset[int], str]] = {}
        self._index: dict[int, set[str]] = defaultdict(set)

    def __len__(self) -> int:
        return len(self._sets)

    def add(self, article_id: str, sig: frozenset[int], source: str) -> None:
        if not sig:
            return
        self._sets[article_id] = (sig, source)
        for key in sorted(sig)[:KEYS]:
            self._index[key].add(article_id)

    def discard(self, article_id: str) -> None:
        entry = self._sets.pop(article_id, None)
        if entry is not None:
            for key in sorted(entry[0])[:KEYS]:
                self._index[key].discard(article_id)

    def find(self, sig: frozenset[int], source: str) -> str | None:
        """The stored article from another source that `sig` copies, if any."""
        if not sig:
            return None
        candidates: set[str] = set()
        for key in sorted(sig)[:KEYS]:
            candidates |= self._index.get(key, set())
        best, best_j = None, self.threshold
        for cid in sorted(candidates):
            other, other_source = self._sets[cid]
            if other_source == source:
                continue
            j = len(sig & other) / len(sig | other)
            if j >= best_j:
                best, best_j = cid, j
        return best
