"""What the page shows about one event, computed from stored records: highlighted spans of
the evidence sentence, the modality in words with its speaker, denials with the denier
marked, how well the date is known, and whether the sources of one cluster disagree."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flashpoint.export.timeinfo import date_kind, plot_date

MODALITY_WORDS = {
    "asserted": "reported as fact",
    "claimed": "claimed",
    "alleged": "alleged",
    "denied": "known only through a denial",
    "planned": "announced or planned",
    "negated": "reported as not having happened",
    "hypothetical": "hypothetical (conditional)",
}
SPEAKER_WORD = {"claimed": "by", "alleged": "by", "planned": "by", "denied": "by",
                "asserted": "according to", "negated": "according to",
                "hypothetical": "according to"}
UNNAMED = {"claimed": "(claimant not named)", "alleged": "(accuser not named)"}
AFFIRMING = {"asserted", "claimed", "alleged"}


def highlights(record: dict[str, Any], sentence: dict[str, Any]) -> list[dict[str, Any]]:
    """Spans of the event's actors, place, date, fatalities and attribution inside its
    evidence sentence, as offsets relative to the sentence (from the record's offsets)."""
    base, text = sentence.get("start") or 0, sentence.get("sentence") or ""
    out = []
    spans = [("actor", "actor1", "start", "end"), ("actor", "actor2", "start", "end"),
             ("place", "location", "start", "end"), ("date", "date", "start_char", "end_char"),
             ("fatalities", "fatalities", "start", "end"),
             ("source", "attribution", "start", "end")]
    for kind, key, s_key, e_key in spans:
        part = record.get(key) or {}
        start, end = part.get(s_key), part.get(e_key)
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        rel_s, rel_e = start - base, end - base
        if 0 <= rel_s < rel_e <= len(text):
            out.append({"kind": kind, "field": key, "start": rel_s, "end": rel_e,
                        "text": text[rel_s:rel_e]})
    out.sort(key=lambda h: (h["start"], -h["end"]))
    kept: list[dict[str, Any]] = []
    for h in out:  # no overlaps: the earlier (longer) span wins
        if not kept or h["start"] >= kept[-1]["end"]:
            kept.append(h)
    return kept


def speaker(record: dict[str, Any]) -> str | None:
    att = record.get("attribution") or {}
    return att.get("name") or att.get("text") or None


def modality_words(record: dict[str, Any]) -> str:
    """"alleged by X", "claimed (claimant not named)", "reported as fact", ..."""
    modality = record.get("modality") or "asserted"
    words = MODALITY_WORDS.get(modality, modality)
    who = speaker(record)
    if who:
        return f"{words} {SPEAKER_WORD.get(modality, 'by')} {who}"
    if modality in UNNAMED:
        return f"{words} {UNNAMED[modality]}"
    return words


def denials(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Each denial: who denies, the denial sentence, and the denier's words in it."""
    out = []
    for d in record.get("denials") or []:
        ev = d.get("evidence") or {}
        sentence = ev.get("sentence") or ""
        words = d.get("text") or ""
        at = sentence.find(words) if words else -1
        marks = [{"kind": "denier", "start": at, "end": at + len(words), "text": words}] \
            if at >= 0 else []
        out.append({"name": d.get("name") or words or "someone", "text": words,
                    "sentence": sentence, "start": ev.get("start"), "end": ev.get("end"),
                    "highlights": marks,
                    "words": f"denied by {d.get('name') or words or 'a party not named'}"})
    return out


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def date_info(record: dict[str, Any], published: Any) -> dict[str, Any]:
    """How well the event's date is known, in words, and the day it is plotted on."""
    date = record.get("date") or {}
    start, end, pub = _day(date.get("start")), _day(date.get("end")), _day(published)
    kind = date_kind(date.get("precision"), start, end, pub)
    plot = plot_date(date.get("precision"), start, end, pub)
    if kind is None:
        label = "no date"
    elif kind == "article":
        label = f"reported by {(pub or end or start).isoformat()}"  # type: ignore[union-attr]
    elif kind == "day":
        label = start.isoformat()  # type: ignore[union-attr]
    else:
        label = f"{start} – {end}" + (f" ({kind})" if kind != "range" else "")
    return {"kind": kind, "label": label, "plot_date": plot.isoformat() if plot else None,
            "text": date.get("text")}


def disagreements(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where the sources of ONE cluster disagree: one affirms what another reports denied,
    or their fatality counts differ. Each item names the sources on each side."""
    def who(s: dict[str, Any]) -> str:
        return s.get("source") or s.get("title") or s.get("article_id") or "a source"

    out: list[dict[str, Any]] = []
    if len({s.get("article_id") for s in sources}) < 2:
        return out
    affirm = [s for s in sources if s.get("modality") in AFFIRMING and not s.get("denials")]
    deny = [s for s in sources if s.get("modality") == "denied" or s.get("denials")]
    if affirm and deny and {s.get("article_id") for s in affirm} != \
            {s.get("article_id") for s in deny}:
        out.append({
            "kind": "modality",
            "text": ("; ".join(f"{who(s)} reports it ({s.get('modality')})" for s in affirm)
                     + " — " + "; ".join(f"{who(s)} reports a denial" for s in deny)),
            "sources": sorted({who(s) for s in affirm + deny})})
    counts = {}
    for s in sources:
        best = s.get("fatalities")
        if best is not None:
            counts.setdefault(best, []).append(who(s))
    if len(counts) > 1:
        out.append({
            "kind": "fatalities",
            "text": "fatalities differ: " + "; ".join(
                f"{', '.join(sorted(set(names)))} {n}" for n, names in sorted(counts.items())),
            "sources": sorted({n for names in counts.values() for n in names})})
    return out
