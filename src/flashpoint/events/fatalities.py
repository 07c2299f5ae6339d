"""Find reported death counts in a sentence ("killing at least twelve people", "26 dead").

Event records carry a fatality count with its range, as ACLED does: `best` is the stated
number (the lowest one when a range is given, ACLED's most conservative estimate), `low` and
`high` bound it. The words (kill verbs, death nouns, injury words, vague quantities and their
values) live in `data/fatality_rules.v1.json`, which also documents the counting conventions;
`fatality_grammar.py` compiles them into a handful of sentence shapes, read here:

  1. quantity ... death word     "5 people were killed", "dozens were killed", "26 dead"
  2. kill verb + quantity        "killed 14 soldiers", "killing at least twelve people"
  3. leave verb + quantity dead  "left 3 dead"
  4. claim verb + lives          "claimed 26 lives", "claimed the lives of 26 people"
  5. death toll                  "the death toll rose to 40"
  6. quantity + death noun       "5 civilian deaths"
  7. victim groups joined by "and", as subject of a death word or object of a kill verb:
     "three soldiers and two militiamen were killed" (5), "the bomber and three bystanders
     died" (4), "killed a village chief and his two sons" (3)
  8. bodies found                "the body of a shepherd was found" (1)

Injuries never count: injury words stop a match, so "5 injured" gives nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flashpoint.events.fatality_grammar import (
    RULES_FILE,
    _gate,
    _Grammar,
    _grammar,
    _norm,
    _validate,
)
from flashpoint.events.fatality_numbers import quantity
from flashpoint.record import Fatalities

# the rules file and its loader stay reachable here, where the counts are read
__all__ = ["RULES_FILE", "_grammar", "_validate", "animal_nouns", "attempted", "companions_after",
           "find_fatalities", "parse_quantity", "singular_auxiliaries", "summary_nouns"]

_NEGATED = re.compile(r"\b(?:no|not|nor|without|never)\s*$", re.I)
_NEGATED_NEAR = re.compile(r"\b(?:no|not|nor|without|never)(?:\s+[\w'’-]+){0,2}\s*$", re.I)
_YEAR_CONTEXT = re.compile(r"\b(?:in|since|of|by|during|until|from|year|early|late|mid)\s*$", re.I)



def animal_nouns() -> frozenset[str]:
    """Nouns of animals: killing them is no fatality (`animal_nouns` in the rules file)."""
    return _grammar().animals


def singular_auxiliaries() -> frozenset[str]:
    """Auxiliaries of one person ("was", "is": `singular_auxiliaries` in the rules file)."""
    return _grammar().singular


def summary_nouns() -> frozenset[str]:
    """Nouns of a count of the whole toll ("4 fatalities", "the death toll"), no side's dead."""
    return _grammar().summary_nouns


def _animals_counted(m: re.Match[str], text: str, grammar: _Grammar) -> bool:
    """"killed two hundred cows", "six oxen were killed": the count is of animals."""
    words = re.findall(r"[\w'’-]+", text[m.start("quant"):m.end()].lower())
    for w in re.findall(r"[\w'’-]+|[,;:.]", text[m.end():m.end() + 40].lower())[:3]:
        if w in ("and", "or", ",", ";", ":", ".") or w in grammar.plural or w in grammar.stops:
            break  # "killed 9 soldiers and 30 cattle", "killed in a cattle raid": not animals
        words.append(w)
    return any(w in grammar.animals and (i + 1 == len(words) or words[i + 1] not in
                                         grammar.victims)  # "cattle rustlers" are people
               for i, w in enumerate(words))


def parse_quantity(text: str) -> tuple[int, int, int] | None:
    """(best, low, high) for a quantity phrase such as "at least 12" or "between 10 and 15".

    Public so that other stages can read a count they found themselves.
    """
    return quantity(text, _grammar().vocab)


def _accept(name: str, m: re.Match[str], text: str, grammar: _Grammar) -> bool:
    """Context checks a regex cannot express comfortably."""
    if name == "body_one":
        return True  # "her body was found"
    if name in ("present_kill", "bare_object", "kill_object", "lives_of") and \
            grammar.attempt.search(text[: m.start()]):
        return False  # "nearly lynched a pastor", "tried to kill two"
    if name in ("present_kill", "bare_object") and grammar.modal_before.search(
            text[: m.start()]):
        return False  # "threatened to kill two", "will kill hostages"
    if name == "pronoun_death":
        return not _NEGATED_NEAR.search(text[: m.start()]) and not grammar.attempt.search(
            text[: m.start("death")]) and not grammar.injury_after.match(text[m.end():]) and (
            m.group("aux") is not None or _norm(m.group("death")) in grammar.vocab.intransitive)
    if name in ("bare_object", "bare_subject"):
        after = text[m.end():]
        if name == "bare_subject" and _NEGATED_NEAR.search(text[: m.start()]):
            return False
        if name == "bare_subject" and m.group("aux") is None and _norm(m.group("death")) in \
                grammar.vocab.active and grammar.object_after.match(after):
            return False  # "the gunman killed a policeman": the subject killed
        if grammar.injury_after.match(after):
            return False
        return True
    quant = _norm(m.group("quant"))
    after = text[m.end() :]
    if grammar.unconfirmed.match(after):
        return False  # "7 other deaths are feared": not reported deaths
    if re.fullmatch(r"(?:19|20)\d\d", quant) and _YEAR_CONTEXT.search(text[: m.start("quant")]):
        return False  # "in 2015 militants killed ..." is a year, not a count
    if _NEGATED.search(text[: m.start("quant")]):
        return False  # "no one was killed", "not a single soldier died"
    if grammar.unit_after.match(text[m.end("quant") :]):
        return False  # "killed 5 km from", "two days ago people died"
    if name == "subject_death":
        death = _norm(m.group("death"))
        has_aux = m.group("aux") is not None
        if quant in ("a", "an") and not (has_aux or death in grammar.vocab.intransitive):
            return False  # "a bomb killed ..." counts nothing
        if not has_aux and death in grammar.vocab.active and grammar.object_after.match(after):
            return False  # active verb with an object: the subject are the killers
        if death == "feared dead" and grammar.unconfirmed_clause.match(after):
            return False  # "a further 4 feared dead by one account, not confirmed"
        if grammar.injury_after.match(after) and not grammar.unknown_quant.match(quant) and \
                quant not in grammar.vocab.vague:
            return False  # "killed or wounded": casualties; "several killed and wounded": 3
    if name != "death_toll" and _animals_counted(m, text, grammar):
        return False  # animals are no fatalities
    if name in ("kill_object", "lives_of", "claim_kill") and quant in ("a", "an"):
        return m.end() > m.end("quant")  # "killing a soldier" needs its victim noun
    return True


_QUOTE_MARKS = re.compile("[\"'‘’“”«»]")
_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def _member_counts(member: str, grammar: _Grammar) -> tuple[int, int, int] | None:
    """(best, low, high) of one member of a victim list; None when its size is unknown."""
    words = _norm(member).split()
    if grammar.unknown.match(_norm(member)):
        return 3, 3, 3  # "an unknown number of fighters": ACLED's 3
    noun = words[-1]
    if noun in grammar.count_nouns:
        return (grammar.count_nouns[noun],) * 3
    # the longest leading run of words that reads as a quantity: "his two sons" -> "two"
    body = words[1:] if words[0] in ("the", "his", "her", "their", "its") else words
    for end in range(len(body) - 1, 0, -1):
        counts = parse_quantity(" ".join(body[:end]))
        if counts is not None:
            return counts
    if words[0] in ("a", "an", "one", "another") or (
            noun not in grammar.plural and not noun.endswith("s")):
        return 1, 1, 1  # "the bomber", "their driver", "a soldier"
    return None  # "the soldiers": a group of unknown size


def _victim_lists(text: str, grammar: _Grammar) -> list[tuple[int, int, int, int, int]]:
    """Summed counts of coordinated victim groups ("three soldiers and two militiamen")."""
    found = []
    for n, regex in enumerate(grammar.groups):
        for m in regex.finditer(text):
            if _NEGATED.search(text[: m.start("groups")]):
                continue
            if n == 1 and grammar.injured_told.match(text[m.end():]):
                continue  # "shot dead 4 guards, and 6 more were hurt": 4, not 10
            total = [0, 0, 0]
            parts = [p.group(0) for p in grammar.group.finditer(m.group("groups"))] if \
                n + 1 < len(grammar.groups) else _SPLIT.split(m.group("groups"))
            for part in parts:
                counts = _member_counts(part, grammar)
                if counts is None:
                    total = []
                    break
                total = [a + b for a, b in zip(total, counts, strict=True)]
            if total and total[0] == len(parts) and "aux" in regex.groupindex and \
                    _norm(m.group("aux") or "") in grammar.singular:
                continue  # "a cleric and party leader was shot dead": one person, two titles
            if total and total[0] > 0 and not grammar.injury_after.match(text[m.end():]):
                found.append((m.start(), m.end(), total[0], total[1], total[2]))
    return found


def find_fatalities(text: str, offset: int = 0) -> list[Fatalities]:
    """Death counts reported in `text`, in reading order, non-overlapping.

    `start`/`end` are the matched words' character offsets plus `offset` (the sentence's
    position in the article). Overlapping readings are settled longest-first, so
    "left 3 dead" wins over "3 dead" and a list of victim groups over its last member.
    """
    if not _gate().search(text):
        return []  # no death word at all: most sentences (the patterns are not even compiled)
    return [
        Fatalities(text=text[s:e], best=best, low=low, high=high, start=s + offset,
                   end=e + offset)
        for s, e, best, low, high in _find(text)
    ]



@lru_cache(maxsize=1024)
def _find(text: str) -> tuple[tuple[int, int, int, int, int], ...]:
    """(start, end, best, low, high) of each count in `text`; cached, as the coder and the
    incident stage read the same sentences."""
    grammar = _grammar()
    text = _QUOTE_MARKS.sub(" ", text)  # same length: offsets still slice the original
    # "two porters (of the nine in the caravan) were killed": read through the aside
    text = grammar.aside.sub(lambda m: " " * len(m.group(0)), text)
    found: list[tuple[int, int, int, int, int]] = _victim_lists(text, grammar)
    bodies: list[tuple[int, int, int, int, int]] = []
    for name, regex in grammar.patterns:
        if name == "later_death" and not grammar.later_gate.search(text):
            continue  # "three of the injured died": only where "of the injured" is told
        pos = 0
        while True:
            m = regex.search(text, pos)
            if m is None:
                break
            pos = m.start() + 1
            if not _accept(name, m, text, grammar):
                continue
            counts = (1, 1, 1) if "one" in regex.groupindex else parse_quantity(m.group("quant"))
            if counts is None or counts[0] <= 0:
                continue
            (bodies if name.startswith("body") else found).append((m.start(), m.end(), *counts))
    if not found:  # a body found beside a told count is that count's victim
        found = bodies
    chosen: list[tuple[int, int, int, int, int]] = []
    for cand in sorted(found, key=lambda c: (-(c[1] - c[0]), c[0])):
        if all(cand[1] <= s or cand[0] >= e for s, e, *_ in chosen):
            chosen.append(cand)
    chosen.sort()
    ends = [c[0] for c in chosen[1:]] + [len(text)] if chosen else []
    return tuple(_companions(c, text, grammar, end) for c, end in zip(chosen, ends, strict=True))


def _companions(cand: tuple[int, int, int, int, int], text: str, grammar: _Grammar,
                limit: int) -> tuple[int, int, int, int, int]:
    """"a trader died in the ambush along with his driver": the companion dies too (2); "killed a
    man and beheaded another", "executed four men in Lomo and five others in Tamba": more
    victims of the same act (2, 9); never past the next count (`limit`)."""
    m = grammar.companion.match(text, cand[1]) or grammar.more_victims.match(text, cand[1])
    if m is None or m.end() > limit:
        return cand
    counts = _member_counts(m.group("member"), grammar)
    if counts is None:
        return cand
    return (cand[0], m.end(), cand[2] + counts[0], cand[3] + counts[1], cand[4] + counts[2])


def companions_after(text: str, pos: int) -> tuple[int, int, int, int] | None:
    """(end, best, low, high) of a companion group told right after `pos` ("... was shot dead
    along with another man": one more), or None; for the parse reader's implied victims."""
    grammar = _grammar()
    m = grammar.companion.match(text, pos)
    counts = None if m is None else _member_counts(m.group("member"), grammar)
    return None if m is None or counts is None else (m.end(), *counts)


def attempted(before: str) -> bool:
    """Whether the words before a kill verb make it an attempt ("nearly killed", "tried to
    kill"): no death."""
    return _grammar().attempt.search(before) is not None
