"""Housekeeping for the on-disk caches (gazetteer, compiled rulers): bottom layer, no
flashpoint imports, so every stage that writes a cache can prune it the same way."""

from __future__ import annotations

import time
from pathlib import Path

# Other versions kept beside the current one, and the age past which any other one goes.
KEEP_OTHER_VERSIONS = 2
MAX_AGE_S = 24 * 3600.0


def prune_stale(current: Path, pattern: str, *, keep: int = KEEP_OTHER_VERSIONS,
                max_age_s: float = MAX_AGE_S, now: float | None = None) -> list[Path]:
    """Delete the files matching `pattern` beside `current` that are stale; returns them.

    Why not "every other version": two checkouts (or processes with different data files)
    sharing one cache folder would delete each other's cache on every run and rebuild it
    each time. So only files untouched for `max_age_s` go, and beyond that at most the
    `keep` most recently written other versions stay.
    """
    now = time.time() if now is None else now
    others: list[tuple[float, Path]] = []
    for old in current.parent.glob(pattern):
        if old == current:
            continue
        try:
            others.append((old.stat().st_mtime, old))
        except OSError:
            continue
    others.sort(reverse=True)
    gone: list[Path] = []
    for rank, (mtime, old) in enumerate(others):
        if rank >= keep or now - mtime > max_age_s:
            try:
                old.unlink(missing_ok=True)
            except OSError:
                continue  # a read-only or vanished file only costs disk space
            gone.append(old)
    return gone
