"""The grammar of the fatality rules: the vocabulary of `data/fatality_rules.v1.json`,
validated at load, compiled once into the sentence shapes `fatalities.py` reads (see its
docstring for the shapes) and the gate word that every shape needs."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from flashpoint.events.fatality_numbers import Vocab

RULES_FILE = "fatality_rules.v1.json"

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
    injured_told: re.Pattern[str]  # "... and six more were hurt": the last group is hurt
    unit_after: re.Pattern[str]
    group: re.Pattern[str]  # one member of a coordinated victim list
    groups: tuple[re.Pattern[str], ...]  # subject and object forms of the list
    plural: frozenset[str]
    count_nouns: dict[str, int]
    unknown: re.Pattern[str]
    modal_before: re.Pattern[str]
    animals: frozenset[str]
    stops: frozenset[str]  # prepositions that end a noun phrase (`object_gap_stops`)
    singular: frozenset[str]  # "was", "is": the verb of one person
    summary_nouns: frozenset[str]  # "deaths", "fatalities", "toll": a count of the whole
    victims: frozenset[str]
    unknown_quant: re.Pattern[str]
    companion: re.Pattern[str]  # "... along with another man"
    more_victims: re.Pattern[str]  # "... and beheaded another", "... and five others in X"
    later_gate: re.Pattern[str]  # "of the injured": the words the later-death shape needs
    aside: re.Pattern[str]  # a parenthetical aside with no death word
    unconfirmed: re.Pattern[str]  # "7 other deaths are feared"
    unconfirmed_clause: re.Pattern[str]  # "4 feared dead by one account, not confirmed"
    attempt: re.Pattern[str]  # "nearly lynched a pastor": no death


REQUIRED_KEYS = (
    "number_words", "vague_quantities", "qualifiers", "active_kill_verbs", "death_words",
    "intransitive_death_words", "death_auxiliaries", "death_nouns", "life_verbs",
    "leave_verbs", "toll_nouns", "toll_links", "self_words", "injury_words", "gap_stop_words",
    "non_victim_units", "victim_nouns", "plural_nouns", "count_nouns", "group_determiners",
    "unknown_groups", "body_words", "present_kill_verbs", "modal_words", "animal_nouns",
    "manner_kill_verbs", "chain_adverbs", "companion_words",
    "unconfirmed_words", "attempt_words", "object_gap_stops", "count_label_stems",
    "subject_pronouns", "time_adverbials", "singular_auxiliaries", "later_death_words",
    "claim_kill_words",
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
    # "26 people, including women and children, were killed": the head count is 26; a list
    # inside the aside runs to the comma before the auxiliary ("5 people, including a
    # driver, a guard and a student, were killed")
    aside = r"(?:,\s+(?:including|among\s+them|among\s+whom|mostly|mainly|most\s+of\s+them)"
    aside_aux = _alt(data["death_auxiliaries"])
    aside += rf"\s+(?:[^,.;]{{1,80}}(?=,)|[^.;]{{1,120}}?(?=,\s+(?:{aside_aux})\s)))"
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
    # "was on 24/05 lynched": a date told as day/month reads as a time phrase
    adverb = rf"(?:(?:{_alt(data['chain_adverbs'] + data['time_adverbials'])}|[a-z]+ly|" \
             r"on\s+\d{1,2}/\d{1,2}(?:/\d{2,4})?)\s+)"
    # "were shot, hacked and decapitated", "were beaten and killed", "was thrown from the
    # bridge and killed", "pulled out of the bus and killed": a chain of participles
    pp = rf"(?:\s+(?:{_alt(data['object_gap_stops'])})\s+(?:{token}\s+){{0,2}}?{token})"
    chain = rf"(?:(?:{token},\s+){{0,2}}{token}{pp}?\s+and\s+(?:then\s+)?)"
    tail = rf"(?:\s+{gap_nc}{{0,3}}?(?:{victim})(?![\w-]))?"

    patterns = (
        ("subject_death",
         rf"(?P<quant>{quant_a})\s+{gap}{{0,6}}?(?:(?P<aux>{aux})\s+)?{chain}?{adverb}?"
         rf"(?P<death>{death})(?![\w-])"),
        ("later_death",  # "three of the injured died the next day": more deaths
         rf"(?P<quant>{quant})\s+of\s+(?:the|those)\s+(?:{_alt(data['injury_words'])})\s+"
         rf"{adverb}?(?:{_alt(data['later_death_words'])})(?![\w-])"),
        # "Nine people including two policemen were killed": the head count is nine
        ("subject_death",
         rf"(?P<quant>{quant_a})\s+{gap_nc}{{0,3}}?(?:including|incl\.|among\s+them)\s+"
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
                ("claim_kill",  # "troops claim to kill four rebels": a claimed kill
                 rf"\b(?:{_alt(data['claim_kill_words'])})\s+(?P<verb>{present})\s+"
                 rf"(?P<quant>{quant_a}){tail}"),
                ("bare_object",
                 rf"\b(?:{active}|{present})\s+(?P<one>)(?:{gap_obj}){{0,2}}?(?:{singular})"
                 rf"(?![\w'’-])"),
                ("bare_subject",
                 rf"(?<![\w'’-])(?:the\s+)?(?P<one>)(?:{gap_nc}){{0,2}}?(?:{singular})\s+"
                 rf"(?:(?P<aux>{aux})\s+)?{adverb}?(?P<death>{death})(?![\w-])"),
                ("pronoun_death",  # "he died in hospital", "she was shot dead"
                 rf"(?<![\w'’-])(?P<one>)(?:{_alt(data['subject_pronouns'])})\s+"
                 rf"(?:(?P<aux>{aux})\s+{chain}?)?{adverb}?(?P<death>{death})(?![\w-])"))
    modal_before = re.compile(rf"(?:^|\W)(?:{modal})\s+(?:\w+\s+)?$", re.I)
    # a member of a victim list: "three soldiers", "the bomber", "his two sons", "a couple"
    dets = _alt(data["group_determiners"] + ["both"])
    unknown = _alt(data["unknown_groups"])
    # a compound of two victim nouns is one member: "a police reservist and a thief" = 2
    member = (rf"(?:(?:{unknown})\s+|(?:(?:{dets})\s+)?(?:{quant}\s+)?)"
              rf"(?:{gap_nc}){{0,2}}?(?:{victim})(?:\s+(?:{victim}))?(?![\w'’-])")
    members = rf"(?P<groups>{member}(?:\s*,\s*{member})*\s*,?\s+and\s+{member})"
    group_patterns = (
        re.compile(rf"(?<![\w-]){members}(?:\s+(?:including|incl\.)\s+(?:{token}\s+){{0,4}}?"
                   rf"{token})?\s+(?:(?P<aux>{aux})\s+)?{adverb}?(?:{death})(?![\w-])", re.I),
        re.compile(rf"\b(?:{active})\s+{members}", re.I),
    )
    # any noun, with a determiner or a number, before a passive death: "a night watchman and
    # a suspected burglar were killed" (the last pattern; its members are split on "and")
    noun = rf"(?!(?:{aux})(?![\w'’-])){token}"  # "the guards were ambushed and ...": no noun
    anyone = (rf"(?:(?:{unknown})\s+|(?:{dets})\s+(?:{quant}\s+)?|{quant}\s+)"
              rf"(?:{noun}\s+){{0,2}}?{noun}(?![\w'’-])")
    group_patterns = (*group_patterns, re.compile(
        rf"(?<![\w-])(?P<groups>{anyone}\s+and\s+{anyone})\s+"
        rf"(?P<aux>{aux})\s+{chain}?{adverb}?(?:{death})(?![\w-])", re.I))
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
        injured_told=re.compile(
            rf"^\s+(?:{aux})\s+{adverb}?(?:{_alt(data['injury_words'])})\b", re.I),
        unit_after=re.compile(rf"^\s+(?:{_alt(data['non_victim_units'])})(?![\w-])", re.I),
        group=re.compile(member, re.I),
        groups=group_patterns,
        plural=frozenset(_norm(x) for x in data["plural_nouns"]),
        count_nouns={_norm(k): int(v) for k, v in data["count_nouns"].items()},
        unknown=re.compile(rf"^(?:{unknown})\b", re.I),
        modal_before=modal_before,
        animals=frozenset(_norm(x) for x in data["animal_nouns"]),
        stops=frozenset(_norm(x) for x in data["object_gap_stops"]),
        singular=frozenset(_norm(x) for x in data["singular_auxiliaries"]),
        summary_nouns=frozenset(_norm(x) for x in data["death_nouns"] + data["toll_nouns"]),
        victims=frozenset(_norm(x) for x in data["victim_nouns"]),
        attempt=re.compile(rf"(?:^|\W)(?:{_alt(data['attempt_words'])})\s+(?:to\s+)?$", re.I),
        unconfirmed=re.compile(rf"^\s+(?:(?:are|were|is|was)\s+)?(?:also\s+)?"
                               rf"(?:{_alt(data['unconfirmed_words'])})\b", re.I),
        unconfirmed_clause=re.compile(
            rf"^[^.;()]{{0,50}}?\b(?:{_alt(data['unconfirmed_words'])})\b", re.I),
        unknown_quant=re.compile(rf"^(?:{unknown})$", re.I),
        later_gate=re.compile(rf"\bof\s+(?:the|those)\s+(?:{_alt(data['injury_words'])})\b",
                              re.I),
        more_victims=re.compile(
            rf"[^.;()]{{0,50}}?\band\s+(?:(?:{active})\s+)?(?P<member>another(?:\s+{victim})?"
            rf"|(?:{quant})\s+others)(?![\w'’-])"  # then the clause ends or a place is told,
            rf"(?=\s*(?:[,.;)]|$)|\s+(?:{_alt(data['object_gap_stops'])})\s)"  # none hurt
            rf"(?![^.;]{{0,80}}?\b(?:{_alt(data['injury_words'])})\b)", re.I),
        companion=re.compile(rf"[^.;()]{{0,40}}?\b(?:{_alt(data['companion_words'])})\s+"
                             rf"(?P<member>{member})", re.I),
        # "(of the nine in the caravan)", "three people - a chief, an imam and a boy - were
        # killed": an aside without a death word (a dash between numbers is a range)
        aside=re.compile(rf"\((?![^()]*\b(?:{death}|{active}|{_alt(data['death_nouns'])})\b)"
                         r"[^()]{1,80}\)|(?<=[^\W\d]\s)[-–—]\s(?!\d)"
                         rf"(?![^-–—.;()]*\b(?:{death}|{active}|{_alt(data['death_nouns'])})\b)"
                         r"[^-–—.;()]{1,80}?\s[-–—](?=\s)", re.I),
    )


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
