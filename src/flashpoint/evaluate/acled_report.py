"""Text rendering of an `eval-acled` result (the dict of `score_acled`)."""

from __future__ import annotations

from typing import Any

# (heading, width, getter) of the one-line-per-group table
COLUMNS: tuple[tuple[str, int, Any], ...] = (
    ("rows", 6, lambda m: f"{m['rows']:,}"),
    ("ev_type", 7, lambda m: _f(m["event_type"])),
    ("sub_type", 8, lambda m: _f(m["sub_event_type"])),
    ("blind", 6, lambda m: _f(m["blind_sub_event_type"])),
    ("macroF1", 7, lambda m: _f(m.get("sub_event_type_macro_f1"))),
    ("25km_p1", 7, lambda m: _f(m["location"]["within_25km_p1"])),
    ("50km_p2", 7, lambda m: _f(m["location"]["within_50km_p2"])),
    ("admin1", 6, lambda m: _f(m["location"]["admin1"])),
    ("fat_ex", 6, lambda m: _f(m["fatalities"]["exact"])),
    ("fat>0", 6, lambda m: _f(m["fatalities"].get("exact_nonzero"))),
    ("fat_mae", 7, lambda m: _n(m["fatalities"]["mae"])),
    ("a1_kind", 7, lambda m: _f(m["actor1"]["kind"])),
    ("a1_name", 7, lambda m: _f(m["actor1"]["name"])),
    ("no_ev", 6, lambda m: _f(m["no_event"])),
    ("ev/note", 7, lambda m: _n(m["events_per_note"])),
)


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _n(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def table(groups: dict[str, dict[str, Any]], title: str, *, width: int = 24,
          limit: int | None = None) -> list[str]:
    """One line per group: the headline figures."""
    head = f"  {title:<{width}}" + "".join(f" {h:>{w}}" for h, w, _ in COLUMNS)
    lines = [head]
    for i, (name, metrics) in enumerate(groups.items()):
        if limit is not None and i >= limit:
            lines.append(f"  ... {len(groups) - limit} more (see --format json)")
            break
        label = name if len(name) <= width else name[:width - 1] + "~"
        lines.append(f"  {label:<{width}}" + "".join(f" {get(metrics):>{w}}"
                                                     for _, w, get in COLUMNS))
    return lines


def format_acled_report(result: dict[str, Any]) -> str:
    overall = result["overall"]
    speed = result["throughput"]
    rate = speed["notes_per_s"]
    lines = [
        f"ACLED eval: {len(result['files'])} file(s), {overall['rows']:,} rows, "
        f"{speed['notes']:,} distinct notes in {speed['seconds']:.1f} s"
        + (f" ({rate:.1f} notes/s)" if rate else "")
        + f"; {result['bad_rows']} bad row(s) left out",
        "  (best-matching predicted event per row; a row without an event counts as wrong; "
        "blind = most confident ACLED event, gold unseen)",
        "",
    ]
    lines += table({**result["by_file"], "overall": overall}, "file")
    if len(result["by_country"]) > 1:
        lines += [""] + table(result["by_country"], "country")
    if "by" in result:
        lines += [""] + table(result["by"]["groups"], result["by"]["key"], limit=40)
    lines += ["", f"  sub-event types (overall): macro F1 "
              f"{_f(overall['sub_event_type_macro_f1'])}, weighted F1 "
              f"{_f(overall['sub_event_type_weighted_f1'])}",
              f"    {'sub_event_type':<44} {'n':>6} {'recall':>6} {'prec':>6} {'F1':>6}"]
    for name, row in overall["per_class"].items():
        lines.append(f"    {name:<44} {row['n']:>6} {_f(row['recall']):>6} "
                     f"{_f(row['precision']):>6} {_f(row['f1']):>6}")
    if overall["confusions"]:
        lines += ["", "  top confusions (gold -> predicted)"]
        lines += [f"    {c['n']:>5}  {c['gold']} -> {c['predicted']}"
                  for c in overall["confusions"][:10]]
    kinds = overall["actor1"].get("kind_confusions") or []
    if kinds:
        lines += ["", "  actor1 kind disagreements (ACLED inter1 -> flashpoint)"]
        lines += [f"    {c['n']:>5}  {c['gold']} -> {c['predicted']}" for c in kinds[:8]]
    if overall["errors"]:
        lines += ["", f"  error categories (rows of {overall['rows']:,}; a row may have several)"]
        lines += [f"    {n:>6}  {100 * n / overall['rows']:5.1f}%  {name}"
                  for name, n in overall["errors"].items()]
    fat = overall["fatalities"]
    loc = overall["location"]
    lines += ["", f"  scored rows: location {loc['n_p1']:,} (p1) / {loc['n_p2']:,} (p2), "
              f"admin1 {loc['n_admin1']:,}, fatalities {fat['n']:,} "
              f"({fat['excluded']:,} left out: notes say the count was coded otherwise), "
              f"actor1 kind {overall['actor1']['n_kind']:,}"]
    bad = [line for f in result["files"] for line in f["bad"]]
    if bad:
        lines += ["", "  bad rows (first ones per file):"] + [f"    {b}" for b in bad]
    return "\n".join(lines)
