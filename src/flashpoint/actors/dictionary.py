"""The actor dictionary: versioned JSON data plus a fast, token-based resolver.

Knowledge lives in `data/actors.v1.json` so it can be reviewed and versioned apart from code.
This module loads it once, compiles every alias into a dict keyed by lowercased token tuples
(no regex per alias per call), and resolves noun phrases to ACLED-style actors.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from flashpoint.record import ACTOR_KINDS, Actor, ActorKind, EntityPattern

DATA_FILE = "actors.v1.json"
ACTORS_VERSION = "actors.v1"
MEANS: tuple[str, ...] = ("air", "drone", "artillery", "naval")
NONSTATE_CATEGORIES: tuple[str, ...] = ("rebel", "militant", "militia")

# Words that may sit beside a bare country in a phrase without changing what it names.
_FILLER = frozenset(
    "the a an s of its their his her our own side state nation country controlled held led "
    "run occupied dominated ruled".split()
)
# "pro-US", "anti-government": the actor is not the one named after the prefix.
_NEGATING_PREFIXES = frozenset({"pro", "anti", "non"})
# "Iran-backed", "US-made": the named one sponsors or supplies; it is not the actor.
_NEGATING_SUFFIXES = frozenset(
    "backed linked affiliated allied aligned inspired sponsored supported funded armed trained "
    "friendly leaning made supplied built provided".split()
)
_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'", "\u201c": '"', "\u201d": '"',
     "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"}
)
_TOKEN = re.compile(r"\w+")
_ISO3 = re.compile(r"^[A-Z]{3}$")

# Precedence of common-noun terms when a phrase holds several: a named non-state term beats a
# state agent ("rebel forces"), agents beat crowds, crowds beat civilians.
_TERM_RANK = {"rebel": 0, "militant": 0, "militia": 0, "military": 1, "police": 2,
              "government": 3, "parties": 3, "protesters": 4, "rioters": 4, "civilians": 5}
# Among several agent terms the most specific kind wins ("government's troops" -> military).


@dataclass(frozen=True)
class ActorMatch:
    """What a phrase resolves to. `actor.start`/`end` stay None: the caller owns offsets."""

    actor: Actor
    means: str | None = None  # "air", "drone", "artillery", "naval"
    is_group: bool = False  # a named armed group (or its leader)
    is_bare_country: bool = False  # the phrase is just a country name ("Russia", "the US")
    entity_id: str | None = None  # dictionary id: "actor:ISIS", "country:SYR", ...


@dataclass(frozen=True)
class Country:
    """One country: ISO3, display name and the form used after 'of' ('the United States')."""

    iso3: str
    name: str
    name_form: str


@dataclass(frozen=True)
class _Entry:
    """One compiled alias target. `exact` is set for case-sensitive aliases."""

    id: str
    type: str  # country demonym group official institution agent generic blocker
    country: str | None = None
    kind: str | None = None
    means: str | None = None
    name: str | None = None
    category: str | None = None
    exact: tuple[str, ...] | None = None


@dataclass(frozen=True)
class _Hit:
    start: int  # token index
    end: int
    entry: _Entry
    negated: bool


@dataclass(frozen=True)
class _Resolved:
    """Immutable, cacheable result; `resolve` turns it into fresh mutable records."""

    name: str
    country: str | None
    kind: str
    confidence: float
    means: str | None
    is_group: bool
    is_bare_country: bool
    entity_id: str | None


def _fold(token: str) -> str:
    """Drop accents so 'Erdoğan' and 'Erdogan' share a key."""
    if token.isascii():
        return token
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Word tokens (accent-folded) with their character spans in the normalised text."""
    norm = text.translate(_QUOTES)
    return [(_fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(norm)]


def _alias_tokens(alias: str) -> tuple[str, ...]:
    return tuple(t for t, _, _ in _tokens(alias))


def is_case_sensitive(alias: str, extra: Iterable[str] = ()) -> bool:
    """Short acronyms ('IS', 'US', 'PKK', 'LeT') must not match ordinary words ('is', 'us')."""
    if alias in extra:
        return True
    if " " in alias or len(alias) > 8:
        return False
    letters = [c for c in alias if c.isalpha()]
    return alias.isupper() or sum(c.isupper() for c in letters) >= 2


def _slug(text: str) -> str:
    return "-".join(t.lower() for t in _alias_tokens(text))


def _alias_key(alias: str, case_sensitive: bool) -> tuple[str, ...]:
    toks = _alias_tokens(alias)
    return toks if case_sensitive else tuple(t.lower() for t in toks)


def _named_aliases(data: dict[str, Any]) -> Iterable[tuple[str, str, str]]:
    """(entry id, entry type, alias) for every named entry, as the data lists them."""
    for c in data["countries"]:
        for a in c["aliases"]:
            yield f"country:{c['iso3']}", "country", a
        for a in c.get("demonyms", []):
            yield f"country:{c['iso3']}", "demonym", a
    for g in data["groups"]:
        for a in g["aliases"]:
            yield f"actor:{g['id']}", "group", a
    for i in data["institutions"]:
        for a in i["aliases"]:
            yield f"institution:{i['id']}", "institution", a
    for o in data["officials"]:
        for a in o["aliases"]:
            yield f"official:{_slug(o['name'])}", "official", a


def validate_actor_data(data: dict[str, Any]) -> list[str]:
    """Integrity problems in the raw data (empty list when sound); run by the tests."""
    problems: list[str] = []
    if data.get("version") != ACTORS_VERSION:
        problems.append(f"version is {data.get('version')!r}, expected {ACTORS_VERSION!r}")
    isos = [c["iso3"] for c in data["countries"]]
    for iso in isos:
        if not _ISO3.match(iso):
            problems.append(f"bad ISO3 {iso!r}")
    if len(set(isos)) != len(isos):
        problems.append("duplicate ISO3 codes")
    iso_set = set(isos)
    group_ids = [g["id"] for g in data["groups"]]
    if len(set(group_ids)) != len(group_ids):
        problems.append("duplicate group ids")
    for section in ("groups", "institutions", "officials"):
        for e in data[section]:
            if e["kind"] not in ACTOR_KINDS:
                problems.append(f"{section}: {e} has kind {e['kind']!r}")
            if e.get("country") is not None and e["country"] not in iso_set:
                problems.append(f"{section}: unknown country {e['country']!r}")
            if e.get("means") is not None and e["means"] not in MEANS:
                problems.append(f"{section}: unknown means {e['means']!r}")
    for o in data["officials"]:
        if o.get("group") is not None and o["group"] not in group_ids:
            problems.append(f"official {o['name']} points to unknown group {o['group']}")
        if o.get("group") is None and o.get("country") is None:
            problems.append(f"official {o['name']} has neither country nor group")
    for a in data["agents"]:
        if a["kind"] not in ("military", "police", "government"):
            problems.append(f"agent {a['term']!r} has kind {a['kind']!r}")
        if a.get("means") is not None and a["means"] not in MEANS:
            problems.append(f"agent {a['term']!r} has means {a['means']!r}")
    cats = data["generic_categories"]
    for cat in cats.values():
        if cat["kind"] not in ACTOR_KINDS:
            problems.append(f"generic category kind {cat['kind']!r}")
    for g in data["generic"]:
        if g["category"] not in cats:
            problems.append(f"generic {g['term']!r} has unknown category {g['category']!r}")
    extra = set(data.get("case_sensitive_aliases", []))
    ambiguous = {_alias_key(a["alias"], is_case_sensitive(a["alias"], extra)): a
                 for a in data.get("ambiguous", [])}
    owners: dict[tuple[str, ...], set[str]] = {}
    for eid, _etype, alias in _named_aliases(data):
        owners.setdefault(_alias_key(alias, is_case_sensitive(alias, extra)), set()).add(eid)
    for key, ids in owners.items():
        if len(ids) > 1:
            amb = ambiguous.get(key)
            if amb is None:
                problems.append(f"alias {' '.join(key)!r} maps to {sorted(ids)} unmarked")
            elif not ids <= set(amb["candidates"]) or amb["default"] not in ids:
                problems.append(f"ambiguous {amb['alias']!r} candidates do not match {ids}")
    terms: dict[tuple[str, ...], str] = {}
    for t in [a["term"] for a in data["agents"]] + [g["term"] for g in data["generic"]]:
        key = _alias_key(t, is_case_sensitive(t, extra))
        if key in terms:
            problems.append(f"term {t!r} listed twice")
        terms[key] = t
    return problems


class ActorDictionary:
    """Compiled actor knowledge: entity patterns for the nlp stage and a phrase resolver."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str = data["version"]
        self._data = data
        self._extra_cs = frozenset(data.get("case_sensitive_aliases", []))
        self.countries: dict[str, Country] = {
            c["iso3"]: Country(c["iso3"], c["name"], c.get("name_form", c["name"]))
            for c in data["countries"]
        }
        self.groups: dict[str, dict[str, Any]] = {g["id"]: g for g in data["groups"]}
        self._state_names: dict[str, str] = data["conventions"]["state_actor_names"]
        self._state_unknown: dict[str, str] = data["conventions"]["state_actor_unknown_country"]
        self._generic_cats: dict[str, dict[str, str]] = data["generic_categories"]
        self._lookup: dict[tuple[str, ...], list[_Entry]] = {}
        self._lengths: dict[str, tuple[int, ...]] = {}
        self._defaults: dict[tuple[str, ...], str] = {}
        self._patterns: list[EntityPattern] = []
        self._compile()
        self._cached = functools.lru_cache(maxsize=65536)(self._resolve_uncached)

    # -- compilation -------------------------------------------------------------------------

    def _add(self, alias: str, entry: _Entry) -> None:
        cs = is_case_sensitive(alias, self._extra_cs)
        toks = _alias_tokens(alias)
        if not toks:
            return
        if cs:
            entry = _Entry(**{**entry.__dict__, "exact": toks})
        key = tuple(t.lower() for t in toks)
        bucket = self._lookup.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)

    def _compile(self) -> None:
        data = self._data
        for c in data["countries"]:
            iso = c["iso3"]
            for a in c["aliases"]:
                self._add(a, _Entry(f"country:{iso}", "country", country=iso))
            for a in c.get("demonyms", []):
                self._add(a, _Entry(f"country:{iso}", "demonym", country=iso))
        for g in data["groups"]:
            e = _Entry(f"actor:{g['id']}", "group", country=g["country"], kind=g["kind"],
                       name=g["name"])
            for a in g["aliases"]:
                self._add(a, e)
        for i in data["institutions"]:
            e = _Entry(f"institution:{i['id']}", "institution", country=i["country"],
                       kind=i["kind"], means=i.get("means"), name=i.get("name"))
            for a in i["aliases"]:
                self._add(a, e)
        for o in data["officials"]:
            group = self.groups.get(o["group"]) if o.get("group") else None
            if group is not None:
                e = _Entry(f"actor:{group['id']}", "group", country=group["country"],
                           kind=group["kind"], name=group["name"])
            else:
                e = _Entry(f"official:{_slug(o['name'])}", "official", country=o["country"],
                           kind=o["kind"])
            for a in o["aliases"]:
                self._add(a, e)
        for a in data["agents"]:
            self._add(a["term"], _Entry(f"agent:{a['term']}", "agent", kind=a["kind"],
                                        means=a.get("means")))
        for g in data["generic"]:
            cat = self._generic_cats[g["category"]]
            self._add(g["term"], _Entry(f"generic:{g['term']}", "generic", kind=cat["kind"],
                                        name=cat["name"], category=g["category"]))
        for b in data.get("blockers", []):
            self._add(b, _Entry(f"blocker:{b}", "blocker"))
        for amb in data.get("ambiguous", []):
            key = tuple(t.lower() for t in _alias_tokens(amb["alias"]))
            self._defaults[key] = amb["default"]
        lengths: dict[str, set[int]] = {}
        for key in self._lookup:
            lengths.setdefault(key[0], set()).add(len(key))
        self._lengths = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}
        self._patterns = self._build_patterns()

    def _build_patterns(self) -> list[EntityPattern]:
        labels = {"country": "GPE", "demonym": "NORP", "group": "ORG", "institution": "ORG",
                  "official": "PERSON"}
        seen: dict[tuple[str, str], EntityPattern] = {}
        for eid, etype, alias in _named_aliases(self._data):
            label = labels[etype]
            key = (label, alias)
            toks = tuple(t.lower() for t in _alias_tokens(alias))
            default = self._defaults.get(toks)
            pid = default if default is not None else eid
            if key not in seen:
                seen[key] = EntityPattern(label=label, text=alias, id=pid,
                                          case_sensitive=is_case_sensitive(alias, self._extra_cs))
        for o in self._data["officials"]:  # leaders of armed groups carry their group's id
            if o.get("group"):
                for a in o["aliases"]:
                    p = seen.get(("PERSON", a))
                    if p is not None:
                        seen[("PERSON", a)] = EntityPattern(p.label, p.text, f"actor:{o['group']}",
                                                            p.case_sensitive)
        return list(seen.values())

    # -- public API --------------------------------------------------------------------------

    def entity_patterns(self) -> list[EntityPattern]:
        """One pattern per alias: GPE countries, NORP demonyms, ORG groups, PERSON officials."""
        return list(self._patterns)

    def country(self, iso3: str) -> Country | None:
        return self.countries.get(iso3)

    def country_for(self, text: str, *, context_country: str | None = None) -> str | None:
        """ISO3 of a country name or demonym that makes up the whole of `text`, else None."""
        toks = _tokens(text)
        hits = self._scan(toks, text.translate(_QUOTES), context_country)
        named = [h for h in hits if h.entry.type in ("country", "demonym")]
        if len(named) != 1:
            return None
        hit = named[0]
        rest = [t for k, (t, _, _) in enumerate(toks) if not hit.start <= k < hit.end]
        return hit.entry.country if all(t.lower() in ("the", "s") for t in rest) else None

    def state_actor_name(self, kind: str, iso3: str | None) -> str:
        """'Military Forces of Syria', 'Government of the United States', or without country."""
        country = self.countries.get(iso3) if iso3 else None
        if country is None:
            return self._state_unknown[kind]
        return self._state_names[kind].format(country=country.name_form)

    def generic_actor_name(self, base: str, iso3: str | None) -> str:
        """'Civilians (Syria)' when the country is known, else 'Civilians'."""
        country = self.countries.get(iso3) if iso3 else None
        return f"{base} ({country.name})" if country else base

    def resolve(
        self, phrase: str, *, context_country: str | None = None, prefer_military: bool = False
    ) -> ActorMatch | None:
        """Resolve a noun phrase as written in text to an actor, or None if it names none."""
        res = self._cached(phrase, context_country, prefer_military)
        if res is None:
            return None
        actor = Actor(text=phrase, name=res.name, country=res.country,
                      kind=_as_kind(res.kind), confidence=res.confidence)
        return ActorMatch(actor=actor, means=res.means, is_group=res.is_group,
                          is_bare_country=res.is_bare_country, entity_id=res.entity_id)

    # -- matching ----------------------------------------------------------------------------

    def _choose(self, key: tuple[str, ...], entries: list[_Entry],
                context_country: str | None) -> _Entry:
        if len(entries) == 1:
            return entries[0]
        if context_country:
            for e in entries:
                if e.country == context_country:
                    return e
        default = self._defaults.get(key)
        for e in entries:
            if e.id == default:
                return e
        return entries[0]

    def _scan(self, toks: list[tuple[str, int, int]], norm: str,
              context_country: str | None) -> list[_Hit]:
        """Greedy longest-alias-first matching, left to right."""
        words = [t for t, _, _ in toks]
        lows = [w.lower() for w in words]
        n = len(words)
        hits: list[_Hit] = []
        i = 0
        while i < n:
            matched = False
            for length in self._lengths.get(lows[i], ()):
                j = i + length
                if j > n:
                    continue
                key = tuple(lows[i:j])
                entries = self._lookup.get(key)
                if not entries:
                    continue
                window = tuple(words[i:j])
                ok = [e for e in entries if e.exact is None or e.exact == window]
                if not ok:
                    continue
                entry = self._choose(key, ok, context_country)
                hits.append(_Hit(i, j, entry, _negated(toks, norm, i, j)))
                i = j
                matched = True
                break
            if not matched:
                i += 1
        return hits

    def _resolve_uncached(self, phrase: str, context_country: str | None,
                          prefer_military: bool) -> _Resolved | None:
        norm = phrase.translate(_QUOTES)
        toks = _tokens(phrase)
        if not toks:
            return None
        hits = [h for h in self._scan(toks, norm, context_country) if h.entry.type != "blocker"]
        live = [h for h in hits if not h.negated]
        means = next((h.entry.means for h in hits
                      if h.entry.type in ("agent", "institution") and h.entry.means), None)

        group = next((h for h in live if h.entry.type == "group"), None)
        if group is not None:
            e = group.entry
            return _Resolved(e.name or e.id, e.country, e.kind or "other", 0.95, means,
                             True, False, e.id)

        named = next((h for h in live if h.entry.type in ("official", "institution")), None)
        if named is not None and named.entry.name:  # non-state body: NATO, AMISOM, UN
            e = named.entry
            return _Resolved(e.name or e.id, e.country, e.kind or "other", 0.9, means,
                             False, False, e.id)

        place = next((h for h in live if h.entry.type in ("country", "demonym")), None)
        country = named.entry.country if named else (place.entry.country if place else None)
        from_text = country is not None
        if country is None and context_country in self.countries:
            country = context_country

        terms = [h for h in live if h.entry.type in ("agent", "generic")]
        term = min(terms, key=lambda h: (_rank(h.entry), h.start)) if terms else None

        if term is not None and term.entry.type == "generic":
            e = term.entry
            conf = 0.85 if from_text else (0.75 if country else 0.6)
            return _Resolved(self.generic_actor_name(e.name or "", country), country,
                             e.kind or "other", conf, means, False, False, e.id)

        if term is not None or named is not None:
            kind = term.entry.kind if term is not None else None
            base = named.entry.kind if named is not None else None
            if base is not None and kind not in ("military", "police"):
                kind = base
            kind = kind or "government"
            conf = 0.9 if from_text else (0.7 if country else 0.4)
            eid = named.entry.id if named else (f"country:{country}" if country else None)
            return _Resolved(self.state_actor_name(kind, country), country, kind, conf, means,
                             False, False, eid)

        if place is None:
            return None
        covered = {k for h in hits for k in range(h.start, h.end)}
        if any(t.lower() not in _FILLER for k, (t, _, _) in enumerate(toks) if k not in covered):
            return None  # "the Syrian city": a place word, not an actor
        bare = place.entry.type == "country"
        kind = "military" if prefer_military else "government"
        return _Resolved(self.state_actor_name(kind, place.entry.country), place.entry.country,
                         kind, 0.8 if bare else 0.6, means, False, bare, place.entry.id)


def _rank(entry: _Entry) -> int:
    if entry.type == "generic":
        return _TERM_RANK[entry.category or "civilians"]
    return _TERM_RANK[entry.kind or "government"]


def _as_kind(kind: str) -> ActorKind:
    return kind if kind in ACTOR_KINDS else "other"  # type: ignore[return-value]


def _negated(toks: list[tuple[str, int, int]], norm: str, i: int, j: int) -> bool:
    """True for 'pro-US', 'anti-government', 'Iran-backed': a sponsor, not the actor."""
    if i > 0:
        prev, _, prev_end = toks[i - 1]
        if prev.lower() in _NEGATING_PREFIXES and norm[prev_end:toks[i][1]] == "-":
            return True
    if j < len(toks):
        nxt, nxt_start, _ = toks[j]
        if nxt.lower() in _NEGATING_SUFFIXES and norm[toks[j - 1][2]:nxt_start] == "-":
            return True
    return False


def load_actor_data() -> dict[str, Any]:
    """The raw JSON (a fresh copy each call; validation and tools use it)."""
    text = resources.files("flashpoint.actors").joinpath("data", DATA_FILE).read_text("utf-8")
    return json.loads(text)


@functools.lru_cache(maxsize=1)
def load_actor_dictionary() -> ActorDictionary:
    """The compiled dictionary, built once per process."""
    return ActorDictionary(load_actor_data())
