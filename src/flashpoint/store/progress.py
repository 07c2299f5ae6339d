"""A cheap count of the records behind ingest's inputs, so the progress bar has a total (and
so an ETA) from the first batch: a file is one article, a JSONL file one per non-blank line,
a CSV file one per line after the header (a quoted cell spanning lines makes it a slight
over-count); folders are walked like the reader walks them. Standard input, or counting
that takes longer than `budget_s`, gives None: the bar then shows the count and the rate."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

from flashpoint.ingest.readers import CSV_SUFFIXES, JSONL_SUFFIXES, WALK_SUFFIXES

CHUNK = 1 << 20


class _OutOfTime(Exception):
    pass


def _lines(path: Path, deadline: float) -> int:
    """Non-blank lines, read in 1 MiB chunks."""
    n, rest = 0, b""
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            if time.monotonic() > deadline:
                raise _OutOfTime
            parts = (rest + chunk).split(b"\n")
            rest = parts.pop()
            n += sum(1 for line in parts if line.strip())
    return n + (1 if rest.strip() else 0)


def _file(path: Path, deadline: float) -> int:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return _lines(path, deadline)
    if suffix in CSV_SUFFIXES:
        return max(0, _lines(path, deadline) - 1)
    return 1


def count_inputs(paths: Sequence[str], budget_s: float = 3.0) -> int | None:
    deadline = time.monotonic() + budget_s
    total = 0
    try:
        for raw in paths:
            if raw == "-":
                return None
            path = Path(raw)
            if path.is_dir():
                for dirpath, dirnames, filenames in os.walk(path):
                    dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                    for name in filenames:
                        if not name.startswith(".") and name.lower().endswith(WALK_SUFFIXES):
                            total += _file(Path(dirpath) / name, deadline)
                    if time.monotonic() > deadline:
                        return None
            elif path.is_file():
                total += _file(path, deadline)
            else:
                total += 1  # a missing input is one failure line
    except (_OutOfTime, OSError):
        return None
    return total
