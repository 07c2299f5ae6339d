"""Write the sub-type training corpus: our hand-written sentences + our templates, seeded.

    python scripts/make_training_corpus.py [--per-type 200] [--seed 14] [--check]

Reads `benchmarks/data/training/handwritten.v1.txt` (sentences we wrote, under
"## Event type | Sub-type" headers) and `templates.v1.txt` (our body templates per sub-type
and the slot fillers: invented places, generic actors, tolls, demands) and writes
`benchmarks/data/training/acled_subtypes.v1.jsonl`, one JSON object a line:
{"id", "text", "event_type", "sub_event_type", "style", "source"} where style is "acled"
(an ACLED-note frame: "On 3 May 2024, militants attacked ...") or "news" (a raw-news frame:
"... on Tuesday, officials said."), source "hand" or "template", and a sentence that reports
no event has event_type and sub_event_type null. Deterministic: the same files and seed give
the same bytes. `--check` only verifies that the file on disk is what the script writes.

Nothing here comes from ACLED, PLOVER or GeoWebNews text: every template, name and sentence
is ours (see the folder's README.md).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "benchmarks" / "data" / "training"
OUTPUT = FOLDER / "acled_subtypes.v1.jsonl"
VERSION = "acled_subtypes.v1"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NEWS_WHEN = ("on {d}", "late on {d}", "early on {d}", "on {d} night", "on {d} morning",
             "overnight", "last week", "on {d} afternoon", "")
SLOT = re.compile(r"\{([A-Za-z_]+)\}")
NONE = "none"


def read_sections(path: Path) -> tuple[dict[str, list[str]], dict[tuple[str, str], list[str]]]:
    """(slot -> fillers, (event type, sub-type) -> lines) of a templates/hand-written file."""
    slots: dict[str, list[str]] = {}
    bodies: dict[tuple[str, str], list[str]] = {}
    current: list[str] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("# ") or line == "#":
            continue
        if line.startswith("@ "):
            current = slots.setdefault(line[2:].strip(), [])
        elif line.startswith("## "):
            etype, _, sub = line[3:].partition("|")
            current = bodies.setdefault((etype.strip(), sub.strip()), [])
        elif current is None:
            raise SystemExit(f"{path.name}: a line before any header: {line!r}")
        else:
            current.append("" if line == "-" else line)
    return slots, bodies


def check_taxonomy(bodies: dict[tuple[str, str], list[str]], name: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from flashpoint.events.lexicon import load_lexicon

    known = {(e, s) for e, subs in load_lexicon().acled["event_types"].items() for s in subs}
    for key in bodies:
        if key != (NONE, NONE) and key not in known:
            raise SystemExit(f"{name}: unknown ACLED pair {key}")
    missing = known - set(bodies)
    if missing:
        raise SystemExit(f"{name}: no sentences for {sorted(missing)}")


def fill(template: str, slots: dict[str, list[str]], rng: random.Random, depth: int = 0) -> str:
    if depth > 6:
        raise SystemExit(f"slots nest too deep in {template!r}")

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in slots:
            raise SystemExit(f"unknown slot {{{name}}} in {template!r}")
        return fill(rng.choice(slots[name]), slots, rng, depth + 1)

    return SLOT.sub(one, template)


def acled_date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2018, 2025)}"


def tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.])", r"\1", text)
    text = text.replace(",.", ".").replace("..", ".")
    text = re.sub(r"([.;] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return text[:1].upper() + text[1:]


def frame(body: str, style: str, slots: dict[str, list[str]], rng: random.Random) -> str:
    """The body in an ACLED-note frame or a raw-news frame."""
    if style == "acled":
        text = f"On {acled_date(rng)}, {body}."
        if rng.random() < 0.25:
            text += " " + rng.choice(("Fatalities were not reported.", "The perpetrators fled.",
                                      "Property was also damaged.",
                                      "No group claimed responsibility.",
                                      "The area remained tense afterwards."))
        return tidy(text)
    when = rng.choice(NEWS_WHEN).format(d=rng.choice(WEEKDAYS))
    said = fill("{source}", slots, rng)
    main, sep, tail = body.partition(". ")  # a toll sentence ("... . 3 people were killed")
    shape = rng.random()
    if shape < 0.45:
        text = f"{main} {when}, {said}"
    elif shape < 0.7:
        text = f"{said[:1].upper() + said[1:]} that {main} {when}"
        if said.startswith("according"):
            text = f"{said[:1].upper() + said[1:]}, {main} {when}"
    else:
        text = f"{main} {when}"
    text += "." + (f" {tail}." if sep else "")
    return tidy(text)


def generate(per_type: int, seed: int) -> list[dict[str, object]]:
    slots, templates = read_sections(FOLDER / "templates.v1.txt")
    _, hand = read_sections(FOLDER / "handwritten.v1.txt")
    check_taxonomy(templates, "templates.v1.txt")
    check_taxonomy(hand, "handwritten.v1.txt")
    rows: list[dict[str, object]] = []
    seen: set[str] = set()

    def add(text: str, key: tuple[str, str], style: str, source: str) -> None:
        if text in seen:
            return
        seen.add(text)
        etype, sub = (None, None) if key == (NONE, NONE) else key
        rows.append({"id": f"{source[0]}{len(rows):05d}", "text": text, "event_type": etype,
                     "sub_event_type": sub, "style": style, "source": source})

    for key, lines in hand.items():
        for line in lines:
            add(tidy(line), key, "acled" if line.startswith("On ") else "news", "hand")
    rng = random.Random(seed)
    for key in sorted(templates):
        bodies = templates[key]
        goal = per_type // 2 if key == (NONE, NONE) else per_type
        tries = 0
        made = 0
        while made < goal and tries < goal * 20:
            tries += 1
            body = fill(bodies[made % len(bodies)], slots, rng)
            style = "acled" if rng.random() < 0.5 else "news"
            before = len(rows)
            add(frame(body, style, slots, rng), key, style, "template")
            made += len(rows) - before
    return rows


def dump(rows: list[dict[str, object]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-type", type=int, default=200, help="template sentences per sub-type")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--check", action="store_true", help="verify the file on disk, write nothing")
    args = ap.parse_args()
    text = dump(generate(args.per_type, args.seed))
    if args.check:
        same = OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == text
        print(f"{OUTPUT.name}: {'up to date' if same else 'differs from the generator'}")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    counts: dict[str, int] = {}
    for line in text.splitlines():
        sub = json.loads(line)["sub_event_type"] or NONE
        counts[sub] = counts.get(sub, 0) + 1
    print(f"{OUTPUT.relative_to(ROOT)}: {sum(counts.values())} sentences, "
          f"{len(counts)} labels (min {min(counts.values())}, max {max(counts.values())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
