"""Find reported death counts in a sentence ("killing at least twelve people", "26 dead").

Event records carry a fatality count with its range, as ACLED does: `best` is the stated
number (the lowest one when a range is given, ACLED's most conservative estimate), `low` and
`high` bound it. The words (kill verbs, death nouns, injury words, vague quantities and their
values) live in `data/fatality_rules.v1.json`, which also documents the counting conventions;
this module only assembles them into a handful of sentence shapes:

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

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from flashpoint.events.fatality_numbers import Vocab, quantity
from flashpoint.record import Fatalities

RULES_FILE = "fatality_rules.v1.json"
_NEGATED = re.compile(r"\b(?:no|not|nor|without|never)\s*$", re.I)
_NEGATED_NEAR = re.compile(r"\b(?:no|not|nor|without|never)(?:\s+[\w'’-]+){0,2}\s*$", re.I)
_YEAR_CONTEXT = re.compile(r"\b(?:in|since|of|by|during|until|from|year|early|late|mid)\s*$", re.I)


def _alt(words: list[str]) -> str:
    """Longest first, so "a dozen" wins over "a" and "at least another" over "at least"."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@dataclass(frozen=True)
class _Grammar:
    vocab: Vocab
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    object_after: re.Pattern[str]
    injury_after: re.Pattern[str]
    unit_after: re.Pattern[str]
    group: re.Pattern[str]  # one member of a coordinated victim list
    groups: tuple[re.Pattern[str], ...]  # subject and object forms of the list
    plural: frozenset[str]
    count_nouns: dict[str, int]
    unknown: re.Pattern[str]
    modal_before: re.Pattern[str]
    animals: frozenset[str]
    victims: frozenset[str]
    unknown_quant: re.Pattern[str]
    companion: re.Pattern[str]  # "... along with another man"
    aside: re.Pattern[str]  # a parenthetical aside with no death word
    unconfirmed: re.Pattern[str]  # "7 other deaths are feared"
    attempt: re.Pattern[str]  # "nearly lynched a pastor": no death


REQUIRED_KEYS = (
    "number_words", "vague_quantities", "qualifiers", "active_kill_verbs", "death_words",
    "intransitive_death_words", "death_auxiliaries", "death_nouns", "life_verbs",
    "leave_verbs", "toll_nouns", "toll_links", "self_words", "injury_words", "gap_stop_words",
    "non_victim_units", "victim_nouns", "plural_nouns", "count_nouns", "group_determiners",
    "unknown_groups", "body_words", "present_kill_verbs", "modal_words", "animal_nouns",
    "manner_kill_verbs", "chain_adverbs", "companion_words",
    "unconfirmed_words", "attempt_words", "object_gap_stops", "count_label_stems",
    "subject_pronouns", "time_adverbials",
)


def _validate(data: dict[str, Any]) -> None:
    """Fail at load, naming the key, rather than on the first sentence read."""
    missing = [k for k in REQUIRED_KEYS if k not in data]
    if missing:
        raise ValueError(f"{RULES_FILE}: missing keys {', '.join(missing)}")
    for key in REQUIRED_KEYS:
        value = data[key]
        if isinstance(value, list) and not all(isinstance(w, str) and w.strip() for w in value):
            raise ValueError(f"{RULES_FILE}: {key} must be a list of non-empty strings")
    for key in ("vague_quantities", "count_nouns"):
        if not all(isinstance(v, int) and v >= 0 for v in data[key].values()):
            raise ValueError(f"{RULES_FILE}: {key} values must be non-negative integers")
    if set(data["body_words"]) != {"nouns", "verbs"}:
        raise ValueError(f"{RULES_FILE}: body_words needs exactly 'nouns' and 'verbs'")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    """Compile the vocabulary into regexes once."""
    raw = resources.files("flashpoint.events").joinpath("data", RULES_FILE).read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    _validate(data)
    nw = data["number_words"]
    q = data["qualifiers"]
    vocab = Vocab(
        units=dict(nw["units"]),
        tens=dict(nw["tens"]),
        scales=dict(nw["scales"]),
        dozen=int(nw["dozen"]),
        vague={_norm(k): int(v) for k, v in data["vague_quantities"].items()},
        exact=tuple(_norm(x) for x in q["exact"]),
        up_to=tuple(_norm(x) for x in q["up_to"]),
        fewer_than=tuple(_norm(x) for x in q["fewer_than"]),
        active=frozenset(_norm(x) for x in data["active_kill_verbs"]),
        intransitive=frozenset(_norm(x) for x in data["intransitive_death_words"]),
        non_victim_units=frozenset(_norm(x) for x in data["non_victim_units"]),
    )

    units, tens = _alt(list(vocab.units)), _alt(list(vocab.tens))
    small = rf"(?:(?:{tens})(?:[\s-]+(?:{units}))?|(?:{units}))"
    hundred = rf"(?:(?:{small}|a)\s+hundred(?:\s+(?:and\s+)?{small})?)"
    thousand = rf"(?:(?:{hundred}|{small}|a)\s+thousand(?:\s+(?:and\s+)?(?:{hundred}|{small}))?)"
    wordnum = rf"(?:(?:{thousand}|{hundred}|{small})(?:\s+dozen)?)"
    digits = r"(?<![\w.,:/])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d:/]|[.,]\d)"
    vague = rf"(?:(?:{_alt(list(vocab.vague))})(?:\s+of)?)"
    number = rf"(?:{vague}|{wordnum}|{digits})(?![\w-])"
    word_range = rf"(?:between\s+{number}\s+and\s+{number}|{number}\s+(?:to|or)\s+{number})"
    digit_range = rf"(?:{digits}\s*[-–]\s*{digits})"
    qual = _alt(list(vocab.exact + vocab.up_to + vocab.fewer_than))
    quant = rf"(?<![\w-])(?:(?:{qual})\s+)?(?:{word_range}|{digit_range}|{number})"
    quant_a = rf"(?:{quant}|(?<![\w-])an?(?![\w-]))"

    stop = _alt(data["gap_stop_words"] + data["injury_words"] + data["non_victim_units"])
    token = rf"(?!(?:{stop})(?![\w'’-]))(?!{number})[\w'’-]+"
    # "26 people, including women and children, were killed": the head count is 26.
    aside = r"(?:,\s+(?:including|among\s+them|among\s+whom|mostly|mainly|most\s+of\s+them)"
    aside += r"\s+[^,.;]{1,80}(?=,))"
    gap = rf"(?:{token}{aside}?,?\s+)"
    gap_nc = rf"(?:{token}\s+)"
    # "two killed in local fighting": a preposition ends the gap before a named victim
    gap_obj = rf"(?:(?!(?:{_alt(data['object_gap_stops'])})(?![\w'’-])){token}\s+)"
    victim = _alt(data["victim_nouns"])
    death = _alt(data["death_words"])
    body_verbs, body_nouns = _alt(data["body_words"]["verbs"]), _alt(data["body_words"]["nouns"])
    aux = _alt(data["death_auxiliaries"])
    active = _alt(data["active_kill_verbs"])
    selfw = _alt(data["self_words"])
    adverb = rf"(?:(?:{_alt(data['chain_adverbs'] + data['time_adverbials'])}|[a-z]+ly)\s+)"
    # "were shot, hacked and decapitated", "were beaten and killed": a chain of participles
    chain = rf"(?:(?:{token},\s+){{0,2}}{token}\s+and\s+(?:then\s+)?)"
    tail = rf"(?:\s+{gap_nc}{{0,3}}?(?:{victim})(?![\w-]))?"

    patterns = (
        ("subject_death",
         rf"(?P<quant>{quant_a})\s+{gap}{{0,6}}?(?:(?P<aux>{aux})\s+{chain}?)?{adverb}?"
         rf"(?P<death>{death})(?![\w-])"),
        # "Nine people including two policemen were killed": the head count is nine
        ("subject_death",
         rf"(?P<quant>{quant_a})\s+{gap_nc}{{0,3}}?(?:including|among\s+them)\s+"
         rf"(?:{quant_a}\s+)?{gap_nc}{{0,4}}?(?:(?P<aux>{aux})\s+)?{adverb}?"
         rf"(?P<death>{death})(?![\w-])"),
        ("kill_object",
         rf"\b(?P<verb>{active})\s+(?:(?:{selfw})\s+and\s+)?(?P<quant>{quant_a}){tail}"),
        ("leave_dead",
         rf"\b(?:{_alt(data['leave_verbs'])})\s+(?P<quant>{quant_a})\s+{gap_nc}{{0,3}}?dead\b"),
        ("lives_of",
         rf"\b(?:{_alt(data['life_verbs'])})\s+(?:the\s+)?lives\s+of\s+(?P<quant>{quant_a}){tail}"),
        ("claimed_lives",
         rf"\b(?:{_alt(data['life_verbs'])})\s+(?P<quant>{quant})\s+{gap_nc}{{0,2}}?lives\b"),
        ("death_toll",
         rf"\b(?:{_alt(data['toll_nouns'])})\b(?:\s+[\w'’,-]+){{0,6}}?\s+"
         rf"(?:{_alt(data['toll_links'])})\s+(?P<quant>{quant})"),
        ("death_noun",
         rf"(?P<quant>{quant})\s+{gap_nc}{{0,2}}?(?:{_alt(data['death_nouns'])})\b"),
        ("body_found",
         rf"\b(?:the\s+)?(?:{body_nouns})\s+of\s+(?P<quant>{quant_a})"
         rf"\s+{gap_nc}{{0,3}}?(?:{victim})(?![\w-])(?=[^.;]*\b(?:{body_verbs})\b)"),
        ("body_found",  # "police found the bodies of four men"
         rf"\b(?:{body_verbs})\s+(?:the\s+)?(?:{body_nouns})\s+of\s+(?P<quant>{quant})"
         rf"\s+{gap_nc}{{0,3}}?(?:{victim})(?![\w-])"),
        ("body_count",  # "two bullet-riddled bodies were found"
         rf"(?P<quant>{quant})\s+{gap_nc}{{0,3}}?(?:{body_nouns})\b(?=[^.;]*\b(?:{body_verbs})\b)"),
        ("body_one",  # "her body was found"
         rf"\b(?:his|her|the|a|an)\s+(?P<one>)(?:[\w'’-]+\s+){{0,2}}?(?:body|corpse)\s+"
         rf"(?:{aux})\s+(?:later\s+)?(?:{body_verbs})\b"),
        ("manner_object",  # "stabbed 3 traders to death", "shot two guards dead"
         rf"\b(?:{_alt(data['manner_kill_verbs'])})\s+(?P<quant>{quant_a})\s+{gap_nc}{{1,3}}?"
         rf"(?:to\s+death|dead)\b"),
        ("count_label",  # "FATALITIES: 15": the note's own field for the toll
         rf"\b(?:{_alt(data['count_label_stems'])})[a-z]*\s*:\s*"
         rf"(?P<quant>\d{{1,6}}(?![\d:/]|[.,]\d)|{quant})(?![\w-])"),
    )
    # headline style: "gunmen kill two", "mob kills man", "kill Italian missionary"
    plural = {_norm(x) for x in data["plural_nouns"]}
    singular = _alt([v for v in data["victim_nouns"] if not v.endswith("s") and
                     _norm(v) not in plural])
    present = _alt(data["present_kill_verbs"])
    modal = _alt(data["modal_words"])
    patterns = (*patterns,
                ("present_kill",
                 rf"(?<![\w'’-])(?<!\bto\s)(?P<verb>{present})\s+(?P<quant>{quant_a}){tail}"),
                ("bare_object",
                 rf"\b(?:{active}|{present})\s+(?P<one>)(?:{gap_obj}){{0,2}}?(?:{singular})"
                 rf"(?![\w'’-])"),
                ("bare_subject",
                 rf"(?<![\w'’-])(?:the\s+)?(?P<one>)(?:{gap_nc}){{0,2}}?(?:{singular})\s+"
                 rf"(?:(?P<aux>{aux})\s+)?{adverb}?(?P<death>{death})(?![\w-])"),
                ("pronoun_death",  # "he died in hospital", "she was shot dead"
                 rf"(?<![\w'’-])(?P<one>)(?:{_alt(data['subject_pronouns'])})\s+"
                 rf"(?:(?P<aux>{aux})\s+)?{adverb}?(?P<death>{death})(?![\w-])"))
    modal_before = re.compile(rf"(?:^|\W)(?:{modal})\s+(?:\w+\s+)?$", re.I)
    # a member of a victim list: "three soldiers", "the bomber", "his two sons", "a couple"
    dets = _alt(data["group_determiners"] + ["both"])
    unknown = _alt(data["unknown_groups"])
    # a compound of two victim nouns is one member: "a police reservist and a thief" = 2
    member = (rf"(?:(?:{unknown})\s+|(?:(?:{dets})\s+)?(?:{quant}\s+)?)"
              rf"(?:{gap_nc}){{0,2}}?(?:{victim})(?:\s+(?:{victim}))?(?![\w'’-])")
    members = rf"(?P<groups>{member}(?:\s*,\s*{member})*\s*,?\s+and\s+{member})"
    group_patterns = (
        re.compile(rf"(?<![\w-]){members}\s+(?:(?:{aux})\s+)?{adverb}?(?:{death})(?![\w-])", re.I),
        re.compile(rf"\b(?:{active})\s+{members}", re.I),
    )
    # any noun, with a determiner or a number, before a passive death: "a night watchman and
    # a suspected burglar were killed" (the last pattern; its members are split on "and")
    anyone = (rf"(?:(?:{unknown})\s+|(?:{dets})\s+(?:{quant}\s+)?|{quant}\s+)"
              rf"(?:{token}\s+){{0,2}}?{token}(?![\w'’-])")
    group_patterns = (*group_patterns, re.compile(
        rf"(?<![\w-])(?P<groups>{anyone}\s+and\s+{anyone})\s+"
        rf"(?:{aux})\s+{chain}?{adverb}?(?:{death})(?![\w-])", re.I))
    return _Grammar(
        vocab=vocab,
        patterns=tuple((name, re.compile(p, re.IGNORECASE)) for name, p in patterns),
        # An active kill verb followed by its object is not a passive death ("2 gunmen
        # killed a policeman" says nothing about 2 deaths).
        # ... also after a chain of verbs: "beat and stabbed to death a young trader"
        object_after=re.compile(
            rf"^(?:\s*,?\s+(?:and|then)\s+(?:{active}|[a-z]+ed|burnt|beat|shot)"
            rf"(?:\s+(?:alive|to\s+death))?)*"
            rf"\s+(?:{quant_a}|the|his|her|their|its|(?:{selfw})|{victim})(?![\w-])", re.I
        ),
        injury_after=re.compile(
            rf"^\s+(?:and|or|and/or)\s+(?:{_alt(data['injury_words'])})\b", re.I
        ),
        unit_after=re.compile(rf"^\s+(?:{_alt(data['non_victim_units'])})(?![\w-])", re.I),
        group=re.compile(member, re.I),
        groups=group_patterns,
        plural=frozenset(_norm(x) for x in data["plural_nouns"]),
        count_nouns={_norm(k): int(v) for k, v in data["count_nouns"].items()},
        unknown=re.compile(rf"^(?:{unknown})\b", re.I),
        modal_before=modal_before,
        animals=frozenset(_norm(x) for x in data["animal_nouns"]),
        victims=frozenset(_norm(x) for x in data["victim_nouns"]),
        attempt=re.compile(rf"(?:^|\W)(?:{_alt(data['attempt_words'])})\s+(?:to\s+)?$", re.I),
        unconfirmed=re.compile(rf"^\s+(?:(?:are|were|is|was)\s+)?(?:also\s+)?"
                               rf"(?:{_alt(data['unconfirmed_words'])})\b", re.I),
        unknown_quant=re.compile(rf"^(?:{unknown})$", re.I),
        companion=re.compile(rf"[^.;()]{{0,40}}?\b(?:{_alt(data['companion_words'])})\s+"
                             rf"(?P<member>{member})", re.I),
        aside=re.compile(rf"\((?![^()]*\b(?:{death}|{active}|{_alt(data['death_nouns'])})\b)"
                         r"[^()]{1,80}\)", re.I),
    )


def animal_nouns() -> frozenset[str]:
    """Nouns of animals: killing them is no fatality (`animal_nouns` in the rules file)."""
    return _grammar().animals


def _animals_counted(m: re.Match[str], text: str, grammar: _Grammar) -> bool:
    """"killed two hundred cows", "six oxen were killed": the count is of animals."""
    words = re.findall(r"[\w'’-]+", text[m.start("quant"):m.end()].lower())
    for w in re.findall(r"[\w'’-]+|[,;:.]", text[m.end():m.end() + 40].lower())[:3]:
        if w in ("and", "or", ",", ";", ":", ".") or w in grammar.plural:
            break  # "killed 9 soldiers and 30 cattle": the count is of the soldiers
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
        if grammar.injury_after.match(after) and not grammar.unknown_quant.match(quant):
            return False  # "killed or wounded": casualties, not deaths
    if name != "death_toll" and _animals_counted(m, text, grammar):
        return False  # animals are no fatalities
    if name in ("kill_object", "lives_of") and quant in ("a", "an"):
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
            total = [0, 0, 0]
            parts = [p.group(0) for p in grammar.group.finditer(m.group("groups"))] if \
                n + 1 < len(grammar.groups) else _SPLIT.split(m.group("groups"))
            for part in parts:
                counts = _member_counts(part, grammar)
                if counts is None:
                    total = []
                    break
                total = [a + b for a, b in zip(total, counts, strict=True)]
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


@lru_cache(maxsize=1)
def _gate() -> re.Pattern[str]:
    """One word every shape needs (a death word, a kill verb, lives, toll, bodies, dead)."""
    raw = resources.files("flashpoint.events").joinpath("data", RULES_FILE).read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    _validate(data)
    words = [*data["death_words"], *data["active_kill_verbs"], *data["death_nouns"],
             *data["toll_nouns"], *data["body_words"]["nouns"], *data["present_kill_verbs"],
             *data["count_label_stems"], "lives", "dead"]
    stems = sorted({w.lower().split()[0] for w in words}, key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(w) for w in stems)})", re.I)


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
    return tuple(_companions(c, text, grammar) for c in sorted(chosen))


def _companions(cand: tuple[int, int, int, int, int], text: str,
                grammar: _Grammar) -> tuple[int, int, int, int, int]:
    """"a trader was shot dead along with another man": the companion dies too (2)."""
    m = grammar.companion.match(text, cand[1])
    if m is None:
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
