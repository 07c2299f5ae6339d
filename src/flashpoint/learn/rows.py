"""Reading an ACLED export into training rows, and drawing seeded samples of them."""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class TrainingError(ValueError):
    """The export cannot train a model (missing columns, too few rows or classes)."""


@dataclass(frozen=True)
class TrainingRow:
    """One coded ACLED row: the notes, ACLED's codes, and the export it came from."""

    notes: str
    sub_event_type: str
    event_type: str | None
    source: str = ""  # the export's file name: the unit left out in turn


def read_acled_csv(path: str | Path) -> list[tuple[str, str, str | None]]:
    """(notes, sub_event_type, event_type or None) of every row that has both notes and a
    sub-event type. ACLED exports may be comma- or semicolon-separated."""
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as f:
        sample = f.read(4096)
        f.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(f, dialect=dialect)
        fields = {name.strip().lower(): name for name in reader.fieldnames or []}
        if "notes" not in fields or "sub_event_type" not in fields:
            raise TrainingError(f"{path}: needs the columns notes and sub_event_type "
                                f"(found: {', '.join(fields) or 'none'})")
        rows = []
        for row in reader:
            notes = (row.get(fields["notes"]) or "").strip()
            sub = (row.get(fields["sub_event_type"]) or "").strip()
            etype = (row.get(fields["event_type"]) or "").strip() if "event_type" in fields \
                else ""
            if notes and sub:
                rows.append((notes, sub, etype or None))
    return rows


def read_training_rows(path: str | Path, *, sample: int | None = None,
                       seed: int = 0) -> list[TrainingRow]:
    """The rows of one export as `TrainingRow`s; with `sample`, that many drawn with
    `random.Random(seed)` and kept in file order (the same rows on every run)."""
    rows = read_acled_csv(path)
    if sample is not None and sample < len(rows):
        picked = sorted(random.Random(seed).sample(range(len(rows)), sample))
        rows = [rows[i] for i in picked]
    name = Path(path).name
    return [TrainingRow(notes, sub, etype, name) for notes, sub, etype in rows]


def as_training_rows(rows: Sequence[Any]) -> list[TrainingRow]:
    """`TrainingRow`s from `TrainingRow`s or (notes, sub_event_type, event_type) tuples."""
    return [r if isinstance(r, TrainingRow) else TrainingRow(r[0], r[1], r[2]) for r in rows]
