"""Trigger matching and the sentence's trigger fix-ups."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from flashpoint.events.context import Context
from flashpoint.events.grammar import noun_phrase
from flashpoint.events.knowledge import NOMINAL_POS, VERBAL_POS, Lexicon, TriggerEntry, doc_text

# entity labels of peoples and places: "a number of Ruritanians" names no armed group
PEOPLE_LABELS = frozenset({"NORP", "GPE", "LOC"})


@dataclass
class Trigger:
    """A trigger found in a sentence: its head token, all its tokens and its entry."""

    head: Token
    tokens: list[Token]
    entry: TriggerEntry

    @property
    def start_char(self) -> int:
        return self.tokens[0].idx

    @property
    def end_char(self) -> int:
        last = self.tokens[-1]
        return last.idx + len(last.text)

    @property
    def text(self) -> str:
        return doc_text(self.head.doc)[self.start_char : self.end_char]


def contained(containers: frozenset[str], obj: Token) -> list[Token]:
    """The object and, for a container noun ("a team of inspectors", "700 kg of medicine"),
    the noun it holds: what an object-conditioned sense is about."""
    out = [obj]
    if obj.lemma_.lower() in containers or obj.lower_ in containers:
        out.extend(p for prep in obj.children if prep.dep_ == "prep" and prep.lower_ == "of"
                   for p in prep.children if p.dep_ == "pobj")
    return out


def _objects_hold(token: Token, entry: TriggerEntry, containers: frozenset[str]) -> bool:
    """An `objects` entry: a direct object (or what it holds) is one of its lemmas, with
    none of the modifiers that make it another sense ("a peace treaty"); in a passive with a
    by-phrase, its subject."""
    allowed = entry.objects or frozenset()
    unless = entry.objects_unless_modified or frozenset()
    # a passive with its doer named ("the march was stopped by the police") has its
    # object as its subject
    by_agent = any(c.dep_ == "agent" for c in token.children)
    for c in token.children:
        if c.dep_ != "dobj" and not (by_agent and c.dep_ == "nsubjpass"):
            continue
        for o in contained(containers, c):
            if o.lemma_.lower() not in allowed and o.lower_ not in allowed:
                continue
            if not any({m.lemma_.lower(), m.lower_} & unless for m in o.children
                       if m.dep_ in ("compound", "amod", "nmod")):
                return True
    return False


def _object_sense_ok(token: Token, entry: TriggerEntry,
                     containers: frozenset[str] = frozenset()) -> bool:
    """Whether the word's object fits the entry's sense: an intransitive sense takes no
    object, and `objects_if_any` names the only objects the sense takes."""
    objs = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    if token.dep_ == "acl" and token.tag_ == "VBN":
        objs.append(token.head)  # "the sensor deployed off the coast"
    if entry.intransitive:
        if any(c.dep_ in ("dobj", "nsubjpass") for c in objs) or any(
                c.dep_ == "ccomp" or (c.dep_ == "prep" and c.lower_ == "of")
                for c in token.children):
            return False
    if entry.transitive and token.pos_ == "VERB" and not objs and not token.conjuncts:
        return False  # a coordinated verb may share its object ("beat and tortured them")
    if entry.objects_if_any is not None:
        allowed = entry.objects_if_any
        def fits(c: Token) -> bool:  # "an air defence system": a modifier may say it
            return any(w.lemma_.lower() in allowed or w.lower_ in allowed for o in contained(
                containers, c) for w in (o, *(
                m for m in o.children if m.dep_ in ("compound", "amod"))))

        if not all(fits(c) for c in objs):
            return False
    return True


def _subject_in(token: Token, allowed: frozenset[str]) -> bool:
    """Whether the word's subject, or the noun its participle or relative clause modifies
    ("teachers striking", "teachers who struck"), is one of `allowed`."""
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    if token.dep_ in ("acl", "relcl", "amod") and (
            not subjects or subjects[0].lower_ in ("who", "that", "which")):
        subjects = [token.head]
    for s in subjects:
        words = {s.lemma_.lower(), s.lower_}
        words |= {f"{c.lower_} {s.lower_}" for c in s.children if c.dep_ in ("compound", "amod")}
        if words & allowed:
            return True
    return False


def _takes_infinitive(token: Token) -> bool:
    """The verb completes a to-infinitive ("have sworn to fight")."""
    return any(c.pos_ in VERBAL_POS and c.dep_ in ("xcomp", "advcl", "ccomp") and
               any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
               for c in token.children)


def _passive(token: Token) -> bool:
    """A passive verb, a past participle modifying its noun ("fighters sighted near"), or a
    headline's participle with no auxiliary and no object ("3 mutilated bodies found")."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children) or (
        token.dep_ == "acl" and token.tag_ == "VBN") or (
        token.dep_ == "ROOT" and token.tag_ == "VBN" and
        not any(c.dep_ in ("aux", "dobj") for c in token.children))


def subject_of(token: Token) -> Token | None:
    """Who the word says did or underwent it: its subject (active or passive), the noun its
    participle modifies, or the subject of the clause it completes ("were seen gathering")."""
    node = token
    for _ in range(3):
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            s = subjects[0]
            return node.head if s.lower_ in ("who", "that", "which") and \
                node.dep_ == "relcl" else s
        if node.dep_ in ("acl", "relcl") and node.head.i != node.i:
            return node.head
        if node.dep_ not in ("xcomp", "conj", "advcl", "ccomp") or node.head.i == node.i:
            return None
        node = node.head
    return None


def armed_subject(ctx: Context, token: Token) -> bool:
    """The word's subject names an armed, organised actor: a word of an armed kind
    ("fighters", "militiamen") or a name the actor resolver knows as one ("the army")."""
    subject = subject_of(token)
    if subject is None and token.pos_ in NOMINAL_POS:
        # a noun's doer: "movements of armed men", "the rebels' movements"
        subject = next((p for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                        for p in c.children if p.dep_ == "pobj"), None) or next(
            (c for c in token.children if c.dep_ == "poss"), None)
    if subject is None:
        return False
    cues = ctx.lex.cues
    # the head, its modifiers and what it is a group of ("armed men", "a band of fighters")
    words = {subject.lemma_.lower()}
    for c in subject.children:
        if c.dep_ in ("amod", "compound"):
            words.add(c.lemma_.lower())
        elif c.dep_ == "prep" and c.lower_ == "of":  # "a group of armed men"
            words.update(w.lemma_.lower() for o in c.children if o.dep_ == "pobj"
                         for w in (o, *o.children) if w.i == o.i or w.dep_ == "amod")
    side = ctx.lex.acled["cues"]["armed_side_words"]
    if any(w in cues.armed_person_nouns or w in cues.force_nouns or w in side for w in words):
        return True
    # a name the resolver may know: the subject itself, or the name a common noun is a
    # member of ("members of al-Zorat", "Zorat Front members")
    names = [subject] if subject.pos_ == "PROPN" or subject.ent_type_ else []
    if not names and any(c.dep_ == "compound" and (c.pos_ == "PROPN" or c.ent_type_) and
                         c.ent_type_ not in PEOPLE_LABELS for c in subject.children):
        names.append(subject)
    # a group's name, not a people's ("a number of Ruritanians" names no armed force)
    names += [o for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"
              for o in c.children if o.dep_ == "pobj" and (o.pos_ == "PROPN" or o.ent_type_)
              and o.ent_type_ not in PEOPLE_LABELS]
    armed = ctx.lex.acled["cues"]["armed_kinds"]
    for name in names:  # a common noun of no armed kind ("families", "pilgrims") has none
        match = ctx.actors.resolve(noun_phrase(name), prefer_military=True)
        if match is not None and match.actor.kind in armed and (
                name is subject or not match.is_bare_country):
            return True
    return False


def _pos_ok(token: Token, allowed: frozenset[str]) -> bool:
    pos = token.pos_
    if pos == "PROPN":
        pos = "NOUN"
    if pos == "AUX":
        pos = "VERB"
    return pos in allowed


def _as_topic(head: Token, onset_verbs: frozenset[str]) -> bool:
    """The noun is what its sentence is about: the root of a verbless note, or the subject
    (through the nouns it modifies: "post-election violence - details not given"); the
    subject of an onset verb ("ethnic violence erupted") is the onset phrase's."""
    t = head
    while t.dep_ in ("compound", "amod", "nmod", "appos") and t.head.i != t.i:
        t = t.head
    if t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_.lower() in onset_verbs:
        return False
    return t.dep_ in ("ROOT", "nsubj", "nsubjpass")


def find_triggers(lex: Lexicon, sent: Span) -> list[Trigger]:
    found: list[Trigger] = []
    used: set[int] = set()
    tokens = list(sent)
    containers = lex.object_containers
    for i, tok in enumerate(tokens):
        if tok.i in used or tok.is_space or tok.is_punct:
            continue
        match = None
        for span_tokens, entry in _match_phrases(lex, tokens, i):
            head = _phrase_head(span_tokens, entry)
            # "broke up the protest", not "broke up trafficking rings"; a phrase of one
            # sense may give way to the same words of another ("handed over food" is aid)
            if _pos_ok(head, entry.pos) and (
                    entry.objects is None or _objects_hold(head, entry, containers)) and (
                    entry.objects_if_any is None or
                    _object_sense_ok(head, entry, containers)) and (
                    not entry.topic or _as_topic(head, lex.cues.onset_verbs)):
                match = Trigger(head, span_tokens, entry)
                break
        if match is not None:
            found.append(match)
            used.update(t.i for t in match.tokens)
            continue
        if tok.ent_type_ in ("DATE", "TIME"):
            continue  # "On 2 March": a month, not a march
        lemma = tok.lemma_.lower()
        for key in ((lemma,) if lemma == tok.lower_ else (lemma, tok.lower_)):
            hit = False
            for entry, only_pos in lex.lemma_index.get(key, ()):
                allowed = only_pos or entry.pos
                if entry.objects is not None and not _objects_hold(tok, entry, containers):
                    continue  # the next entry for this word may still apply
                if not _object_sense_ok(tok, entry, containers):
                    continue
                if entry.subjects is not None and not _subject_in(
                        tok, lex.cues.get(entry.subjects, frozenset())):
                    continue
                if entry.passive and not _passive(tok):
                    continue
                if entry.infinitive and not _takes_infinitive(tok):
                    continue
                if _pos_ok(tok, allowed):
                    found.append(Trigger(tok, [tok], entry))
                    used.add(tok.i)
                    hit = True
                    break
            if hit:
                break
    return found


def _match_phrases(
    lex: Lexicon, tokens: list[Token], i: int
) -> Iterator[tuple[list[Token], TriggerEntry]]:
    """The phrase entries that match at token i, longest first (file order among equals)."""
    first = tokens[i]
    lemma = first.lemma_.lower()
    candidates = lex.phrase_index.get(lemma, [])
    if lemma != first.lower_:  # the same list twice would test each phrase twice
        candidates = candidates + lex.phrase_index.get(first.lower_, [])
    if not candidates:
        return
    # "pushed hard for": a verb's own adverb after it may sit inside a verb phrase
    skippable = i + 1 < len(tokens) and first.pos_ in VERBAL_POS and \
        tokens[i + 1].dep_ == "advmod" and tokens[i + 1].pos_ == "ADV" and \
        tokens[i + 1].head.i == first.i
    for words, entry in sorted(candidates, key=lambda c: -len(c[0])):
        n = len(words)
        if n == 1:
            yield [first], entry
            continue
        starts = (i + 1, i + 2) if skippable else (i + 1,)
        for start in starts:
            window = [first, *tokens[start : start + n - 1]]
            if len(window) == n and all(w in (t.lemma_.lower(), t.lower_)
                                        for w, t in zip(words, window, strict=True)):
                if "VERB" not in entry.pos and any(t.pos_ in VERBAL_POS for t in window):
                    break  # "missiles struck" is a clause, not the noun "missile strike"
                yield window, entry
                break
        else:
            if _split_particle(first, words, entry):
                yield [first], entry
            elif entry.noun_modifiers and (window := _modified_noun_window(
                    lex, tokens, i, words)) is not None:
                yield window, entry


MAX_NOUN_MODIFIERS = 5  # "went on a 72 - hour partial strike"


def _modified_noun_window(lex: Lexicon, tokens: list[Token], i: int,
                          words: tuple[str, ...]) -> list[Token] | None:
    """A verb phrase whose final noun carries its own modifiers ("went on a 48-hour
    strike", "observed an indefinite strike"): the words before the noun in a row, then the
    noun after words that all belong to it. A modifier that makes a phrase of its own with
    the noun ("an air strike") is that other phrase's, not a modifier of this one."""
    n = len(words)
    if n < 2 or tokens[i].pos_ not in VERBAL_POS:
        return None
    prefix = tokens[i : i + n - 1]
    if len(prefix) < n - 1 or not all(w in (t.lemma_.lower(), t.lower_)
                                      for w, t in zip(words[:-1], prefix, strict=True)):
        return None
    first_gap = i + n - 1
    for j in range(first_gap + 1, min(first_gap + MAX_NOUN_MODIFIERS + 1, len(tokens))):
        noun = tokens[j]
        if noun.pos_ not in NOMINAL_POS or words[-1] not in (noun.lemma_.lower(), noun.lower_):
            continue
        gap = tokens[first_gap:j]
        if not all(t.i < noun.i and noun in t.ancestors for t in gap):
            return None
        if any((m.lemma_.lower(), words[-1]) in {p for p, _ in lex.phrase_index.get(
                m.lemma_.lower(), ())} for m in gap):
            return None
        return [*prefix, noun]
    return None


def _split_particle(first: Token, words: tuple[str, ...], entry: TriggerEntry) -> bool:
    """A verb and its particle around the object ("forced the agency out"): only for a
    sense its object decides (`objects`), so the object says which sense it is."""
    return entry.objects is not None and len(words) == 2 and first.pos_ in VERBAL_POS and \
        words[0] in (first.lemma_.lower(), first.lower_) and any(
            c.lower_ == words[1] and c.dep_ in ("prt", "advmod", "prep", "oprd") and
            c.i > first.i + 1 for c in first.children)  # "set the huts ablaze": oprd


def _phrase_window(tokens: list[Token], i: int, n: int, skip: bool) -> list[Token] | None:
    """n tokens from i; with `skip`, a verb's own adverb after it is passed over ("pushed
    hard for", "called again for"): it modifies the phrase, it does not break it."""
    first = tokens[i]
    window = [first]
    j = i + 1
    while len(window) < n and j < len(tokens):
        t = tokens[j]
        if skip and first.pos_ in VERBAL_POS and t.dep_ == "advmod" and \
                t.head.i == first.i and t.pos_ == "ADV" and len(window) == 1:
            j += 1
            continue
        window.append(t)
        j += 1
    return window if len(window) == n else None


def _phrase_head(tokens: list[Token], entry: TriggerEntry) -> Token:
    if "VERB" in entry.pos and tokens[0].pos_ in VERBAL_POS:
        return tokens[0]
    nouns = [t for t in tokens if t.pos_ in NOMINAL_POS]
    if nouns:
        # the syntactic head among the nouns: the one whose head is outside the phrase
        ids = {t.i for t in tokens}
        for t in nouns:
            if t.head.i not in ids or t.head.i == t.i:
                return t
        return nouns[-1]
    return tokens[-1]


# a demand with no trigger of its own ("said Chad must pay its debts")
OBLIGATION = TriggerEntry(plover="REQUEST", mode=None, acled_class=None, pos=frozenset({"VERB"}))


# "clashed with the minister over the budget": a war of words, coded as an accusation
VERBAL_DISPUTE = TriggerEntry(plover="ACCUSE", mode="dispute", acled_class=None,
                              pos=frozenset({"VERB", "NOUN"}))


def dispute_parties(ctx: Context, h: Token) -> list[Token]:
    """The sides of a clash: its subject and the objects of with/against/between."""
    out = [c for c in h.children if c.dep_ in ("nsubj", "poss")]
    if h.dep_ in ("acl", "relcl") or (h.dep_ == "conj" and not out):
        out.append(h.head)
    for prep in h.children:
        if prep.dep_ == "prep" and prep.lower_ in ctx.lex.cues.dispute_prepositions:
            for p in prep.children:
                if p.dep_ == "pobj":
                    out.extend([p, *p.conjuncts])
    return out


def verbal_dispute(ctx: Context, trig: Trigger) -> bool:
    """A clash of words, not of arms: no violence word in the sentence, a political figure
    on one side, and an issue ("over the budget"), a forum ("in parliament") or a
    political figure on the other side too."""
    cues = ctx.lex.cues
    h = trig.head
    if trig.entry.plover != "ASSAULT" or h.lemma_.lower() not in cues.verbal_dispute_words:
        return False
    if any({t.lemma_.lower(), t.lower_} & cues.physical_clash_words for t in h.sent):
        return False
    figures = cues.political_figures

    def political(t: Token) -> bool:
        return t.ent_type_ == "PERSON" or any(  # "rival groups": no figure (a rival is)
            {w.lemma_.lower(), w.lower_} & figures for w in (t, *(
                c for c in t.children if c.dep_ in ("compound", "amod")
                and c.lower_ not in cues.competing_modifiers)))

    sides = [p for p in dispute_parties(ctx, h) if political(p)]
    if not sides:
        return False
    issue = any(prep.dep_ == "prep" and prep.lower_ in cues.dispute_issue_prepositions
                for prep in h.children)
    forum = any(t.lemma_.lower() in cues.verbal_dispute_context for t in h.sent)
    return issue or forum or len(sides) >= 2


def obligations(ctx: Context, sent: Span, triggers: list[Trigger]) -> list[Trigger]:
    """'X said Y must return Z' with no trigger in the demand: the demand is a REQUEST."""
    cues = ctx.lex.cues
    heads = {t.head.i for t in triggers}
    found = []
    for tok in sent:
        if tok.pos_ in ("VERB", "AUX") and said_content(ctx, tok) and \
                any(c.dep_ == "aux" and c.lower_ in cues.obligation_auxiliaries
                    for c in tok.children) and \
                not any(t.i in heads for t in own_clause(tok)) and \
                obliged_party(ctx, tok):
            found.append(Trigger(tok, [tok], OBLIGATION))
    return found


def obliged_party(ctx: Context, verb: Token) -> bool:
    """A demand binds someone: "the economy should be growing" or "the issue should be
    dealt with" is a forecast or an opinion, not a demand made of a party."""
    cues = ctx.lex.cues
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return True
    party_words = cues.political_nouns | cues.party_nouns | cues.political_figures | \
        cues.charging_nouns
    return any(s.pos_ == "PRON" or s.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or
               s.lemma_.lower() in party_words or s.lower_ in party_words
               for s in subjects)


def said_content(ctx: Context, verb: Token) -> bool:
    """The clause is what someone says: the complement of a reporting verb ("said Y must
    pay") or of a speech noun ("a statement that Y must free Z")."""
    head = verb.head.lemma_.lower()
    if verb.head.i == verb.i:
        return False
    return (verb.dep_ == "ccomp" and head in ctx.lex.cues.reporting_verbs) or (
        verb.dep_ in ("acl", "ccomp") and head in ctx.lex.cues.speech_nouns)


def own_clause(tok: Token) -> list[Token]:
    """The clause's words without the relative clauses of its nouns: in "must pay for the
    trucks that were looted", the looting is another event, not the demanded act."""
    out = []
    stack = [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "acl"))
    return out


def sentence_triggers(ctx: Context, sent: Span) -> list[Trigger]:
    """The sentence's triggers after the fix-ups: an entry chosen for its object owns that
    object, a demand with no trigger of its own is a REQUEST, a war of words is an ACCUSE."""
    triggers = [t for t in find_triggers(ctx.lex, sent)
                if not t.entry.armed_subject or armed_subject(ctx, t.head)]
    # "reduced aid", "restored relations": an entry chosen for its object owns that object
    owned = {o.i for t in triggers if t.entry.objects is not None
             for c in t.head.children if c.dep_ == "dobj"
             for o in contained(ctx.lex.object_containers, c)}
    triggers = [t for t in triggers if t.head.i not in owned]
    triggers.extend(obligations(ctx, sent, triggers))
    return [Trigger(t.head, t.tokens, VERBAL_DISPUTE) if verbal_dispute(ctx, t) else t
            for t in triggers]
