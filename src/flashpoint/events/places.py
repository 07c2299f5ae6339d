"""Place mentions of a sentence and the place an event's words name."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from flashpoint.events.context import Context
from flashpoint.events.draft import Draft, PlaceMention
from flashpoint.events.grammar import PLACE_LABELS, sentence_ents
from flashpoint.events.knowledge import doc_text


def find_places(ctx: Context, sent: Span) -> list[PlaceMention]:
    out = []
    for ent in sentence_ents(sent):
        if ent.label_ not in PLACE_LABELS and not ent.ent_id_.startswith("place:"):
            continue
        if ent.label_ == "GPE" or ent.ent_id_.startswith("country:"):
            match = ctx.actors.resolve(ent.text)
            is_country = bool(match and match.is_bare_country)
        else:
            is_country = False
        end = ent.end
        doc = sent.doc
        # "the Der ez-Zor region": the region word belongs to the toponym
        if end < sent.end and doc[end].lower_ in ctx.lex.cues.region_words:
            end += 1
        start_char = ent.start_char
        end_char = doc[end - 1].idx + len(doc[end - 1].text)
        out.append(PlaceMention(ent.start, end, doc_text(doc)[start_char:end_char],
                                start_char, end_char, is_country))
    out.extend(named_by_head_noun(ctx, sent, out))
    return out


def named_by_head_noun(
    ctx: Context, sent: Span, known: list[PlaceMention]
) -> list[PlaceMention]:
    """"the town of Gwoza": a proper name after a place noun is a place, even when the
    statistical NER and the gazetteer patterns miss it."""
    doc = sent.doc
    taken = {i for p in known for i in range(p.start, p.end)}
    found = []
    for tok in sent:
        if tok.lower_ not in ctx.lex.cues.place_of_nouns or tok.i + 2 >= sent.end:
            continue
        if doc[tok.i + 1].lower_ != "of" or doc[tok.i + 2].pos_ != "PROPN":
            continue
        start = end = tok.i + 2
        while end < sent.end and (doc[end].pos_ == "PROPN" or doc[end].text == "-"):
            end += 1
        while end > start and doc[end - 1].text == "-":
            end -= 1
        if any(i in taken for i in range(start, end)):
            continue
        start_char, end_char = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        found.append(PlaceMention(start, end, doc_text(doc)[start_char:end_char], start_char,
                                  end_char, False))
    return found


def place_at(tok: Token, places: list[PlaceMention]) -> PlaceMention | None:
    for p in places:
        if p.start <= tok.i < p.end:
            return p
    return None


def place_in(tok: Token, places: list[PlaceMention],
             containers: dict[int, PlaceMention]) -> list[PlaceMention]:
    """The place a patient phrase names: "the city of Tabqa", "spots in Tabqa".

    The first place is the most specific one; a later one contains it ("Kautikari in
    Borno state") and is kept as its container for when the first cannot be found.
    """
    found: list[PlaceMention] = []
    for t in tok.subtree:
        p = place_at(t, places)
        if p is not None and p not in found:
            # "pro-US rebels" names a side, not a place
            if t.dep_ == "amod" or (t.i + 1 < len(t.doc) and t.nbor().text == "-"):
                continue
            found.append(p)
    if not found:
        return []
    found.sort(key=lambda p: p.is_country)  # stable: the first town or region first
    if len(found) > 1:
        containers[found[0].start_char] = found[1]
    return [found[0]]


def fallback_place(
    ctx: Context, draft: Draft, places: list[PlaceMention],
    paragraph_places: list[PlaceMention],
) -> None:
    """No place in the event's own words: the nearest earlier place in its paragraph."""
    h = draft.trigger.head
    agent_ids = {t.i for t in draft.agent.subtree} if draft.agent is not None else set()
    before = [p for p in places if p.end <= h.i and p.start not in agent_ids
              and not p.is_country]
    after = [p for p in places if p.start > h.i and p.start not in agent_ids
             and not p.is_country]
    if before and anaphoric_place(ctx, draft):
        draft.places = [before[-1]]
    elif paragraph_places:
        draft.places = [paragraph_places[-1]]
    elif after:
        draft.places = [after[0]]
    elif before:
        draft.places = [before[-1]]
    else:
        return
    draft.place_fallback = True


def anaphoric_place(ctx: Context, draft: Draft) -> bool:
    p = draft.patient
    return p is not None and p.lemma_.lower() in ctx.lex.cues.location_anaphora


def unique_places(places: Iterable[PlaceMention]) -> list[PlaceMention]:
    seen: set[int] = set()
    out = []
    for p in places:
        if p.start_char not in seen:
            seen.add(p.start_char)
            out.append(p)
    return out
