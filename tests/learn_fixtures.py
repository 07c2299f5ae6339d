"""Invented ACLED-style notes (our own words, fictional places) for the learn tests."""

from __future__ import annotations

import csv
from pathlib import Path

TOWNS = {
    "north": ["Marrowby", "Kelvane", "Tosk", "Ardel", "Brinmoor", "Otterly", "Quillon",
              "Harrowgate Hill", "Sallow", "Fenwick Cross", "Dunmere", "Lowbridge"],
    "south": ["Varesh", "Imbolo", "Katunde", "Serrano Flats", "Ouvelle", "Tamsin Bay",
              "Rukari", "Belmarro", "Nyasso", "Corvale", "Pellam", "Zinnow Well"],
}
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

TEMPLATES = {
    ("Battles", "Armed clash"): [
        "On {d}, soldiers exchanged fire with rebel fighters near {p} for several hours.",
        "On {d}, the army fought an armed group outside {p}; two fighters were killed.",
        "On {d}, militia members and government troops clashed in {p}.",
    ],
    ("Strategic developments", "Arrests"): [
        "On {d}, police arrested four suspects in {p} over a robbery.",
        "On {d}, security forces detained a local councillor in {p}.",
        "On {d}, officers arrested two traders in {p} for smuggling.",
    ],
    ("Protests", "Peaceful protest"): [
        "On {d}, teachers marched peacefully in {p} to demand unpaid wages.",
        "On {d}, residents held a sit-in at the town hall of {p} over water cuts.",
        "On {d}, students demonstrated in {p} against higher fees. [size=no report]",
    ],
}
ONLY_SOUTH = {
    ("Strategic developments", "Looting/property destruction"): [
        "On {d}, unknown men looted shops and set a granary on fire in {p}.",
        "On {d}, a gang ransacked the market stalls of {p} and carried off goods.",
        "On {d}, thieves broke into the clinic at {p} and stole its medicines.",
    ],
}
FIELDS = ["event_date", "event_type", "sub_event_type", "notes"]


def country_rows(country: str, *, extra: bool = False) -> list[dict[str, str]]:
    templates = dict(TEMPLATES)
    if extra:
        templates.update(ONLY_SOUTH)
    rows = []
    for i, town in enumerate(TOWNS[country]):
        for (etype, sub), forms in templates.items():
            rows.append({"event_date": f"2024-03-{1 + i:02d}", "event_type": etype,
                         "sub_event_type": sub,
                         "notes": forms[i % len(forms)].format(p=town, d=DAYS[i % 7])})
    return rows


def write_export(path: Path, rows: list[dict[str, str]], fields: list[str] = FIELDS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def two_countries(folder: Path) -> tuple[Path, Path]:
    """north.csv (three sub-types) and south.csv (the same three plus looting)."""
    return (write_export(folder / "north.csv", country_rows("north")),
            write_export(folder / "south.csv", country_rows("south", extra=True)))
