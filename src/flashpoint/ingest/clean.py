"""Cleaning: mark the title, page furniture and a repeated title without moving any offset.

Scraped articles carry share bars, comment forms and a title pasted again (often glued to
the next sentence: "...ISIS basesLike they did"). Later stages must not code events from
those, yet every offset they report has to point into `Article.text` as given. So cleaning
never deletes: it blanks unwanted runs with spaces (newlines kept) in `analysis_text`, which
therefore has exactly the length of the original text, and records each run as a `Segment`.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from flashpoint.record import Article, Document, Segment

RULES_FILE = "boilerplate.v1.json"
TITLE_MAX_CHARS = 300  # a first line longer than this is a paragraph, not a headline
GLUE_WINDOW = 300  # a title glued to the first sentence must end within this many chars

_SENTENCE_END = re.compile(r"[a-z]{2}[.!?][\"'”’)]?(\s|$)")
_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_TOKEN_CHARS = re.compile(r"[\w'’-]")


@dataclass(frozen=True)
class BoilerplateRules:
    """Line patterns and footer markers, loaded from data so they can be tuned without code."""

    line_patterns: tuple[re.Pattern[str], ...]
    footer_markers: tuple[re.Pattern[str], ...]
    camel_case_words: frozenset[str]
    camel_case_prefixes: frozenset[str]
    max_line_chars: int = 400
    footer_min_fraction: float = 0.3
    footer_min_body_chars: int = 200

    def is_boilerplate(self, line: str) -> bool:
        return len(line) <= self.max_line_chars and any(
            p.fullmatch(line) for p in self.line_patterns
        )

    def is_footer_marker(self, line: str) -> bool:
        return len(line) <= self.max_line_chars and any(
            p.fullmatch(line) for p in self.footer_markers
        )


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


@functools.cache
def load_rules(path: str | None = None) -> BoilerplateRules:
    """Load boilerplate rules from `path`, or from the packaged `data/boilerplate.v1.json`."""
    if path is None:
        raw = (resources.files("flashpoint.ingest") / "data" / RULES_FILE).read_text("utf-8")
    else:
        raw = Path(path).read_text("utf-8")
    data = json.loads(raw)
    return BoilerplateRules(
        line_patterns=_compile(data["line_patterns"]),
        footer_markers=_compile(data.get("footer_markers", [])),
        camel_case_words=frozenset(w.lower() for w in data.get("camel_case_words", [])),
        camel_case_prefixes=frozenset(data.get("camel_case_prefixes", [])),
        max_line_chars=int(data.get("max_line_chars", 400)),
        footer_min_fraction=float(data.get("footer_min_fraction", 0.3)),
        footer_min_body_chars=int(data.get("footer_min_body_chars", 200)),
    )


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line's content with surrounding whitespace trimmed; blanks dropped."""
    out: list[tuple[int, int]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            start = pos + (len(raw) - len(raw.lstrip()))
            out.append((start, start + len(stripped)))
        pos += len(raw)
    return out


def _glue_point(text: str, start: int, end: int, rules: BoilerplateRules) -> int | None:
    """Where a headline at `start` runs into its first sentence with no space ("basesLike").

    The left part must read as a headline (3+ words, no sentence-final period) and the right
    part as prose; camel-case names (YouTube, McDonald) and any glued token that recurs
    elsewhere in the text are real words, not a glue point.
    """
    if not (text[start].isupper() or text[start].isdigit() or text[start] in "\"'“‘"):
        return None
    window = text[start : min(end, start + GLUE_WINDOW)]
    for m in _GLUE.finditer(window):
        left = window[: m.start()]
        if _SENTENCE_END.search(left):
            return None  # a sentence ended before the glue: this is prose, not a headline
        words = left.split()
        if len(words) < 3 or len(left) < 15:
            continue
        left_word = words[-1]
        if len(left_word) < 3 or left_word in rules.camel_case_prefixes:
            continue
        tok_end = m.start()
        while tok_end < len(window) and _TOKEN_CHARS.match(window[tok_end]):
            tok_end += 1
        token = left_word + window[m.start() : tok_end]
        if token.lower() in rules.camel_case_words:
            continue
        right = text[start + m.start() : end]
        if len(right) < 30 or len(right.split()) < 4:
            continue
        if text.count(token) > 1:
            continue  # a word used twice is a real word, not an accident of scraping
        return start + m.start()
    return None


def title_span(
    text: str, title: str | None = None, *, first_line_is_title: bool = False
) -> tuple[int, int] | None:
    """Offsets of the headline at the start of `text`, or None when there is none.

    A given `title` wins when the text starts with it (alone on its line or glued to the
    next sentence). Otherwise a glued headline is looked for in the first line; failing that,
    a short first line followed by more text is the title when `first_line_is_title` (plain
    text files) or when it does not end like a sentence.
    """
    lines = _lines(text)
    if not lines:
        return None
    start, end = lines[0]
    if title and title.strip() and "\n" not in title.strip():
        t = title.strip()
        if text.startswith(t, start) and start + len(t) <= end:
            return (start, start + len(t))
    glue = _glue_point(text, start, end, load_rules())
    if glue is not None:
        return (start, len(text[start:glue].rstrip()) + start)
    if len(lines) < 2 or end - start > TITLE_MAX_CHARS:
        return None
    if first_line_is_title or not re.search(r"[.!?;:,][\"'”’)]?$", text[start:end]):
        return (start, end)
    return None


def _title_regex(title: str) -> re.Pattern[str] | None:
    words = title.split()
    if len(words) < 3 or len(title) < 15:
        return None  # too short to tell a repeated title from an ordinary sentence start
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def _duplicate_title(
    text: str, pattern: re.Pattern[str], n_words: int, line: tuple[int, int]
) -> tuple[int, int] | None:
    """The title repeated at the start of `line`, alone or glued to the following sentence."""
    start, end = line
    m = pattern.match(text, start, end)
    if m is None:
        return None
    after = text[m.end() : end]
    if not after:
        return (start, m.end())
    first = after[0]
    if not first.isspace():
        # glued: "basesLike"; a lowercase letter means the title is only a word prefix
        if first.isupper() or first.isdigit() or first in "\"'“‘(":
            return (start, m.end())
        return None
    nxt = after.lstrip()[:1]
    if n_words >= 5 and nxt and (nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘(-–—|:"):
        return (start, m.end())
    return None


# Control characters (terminal escapes, bidi overrides) glue onto words and hide names.
_CONTROLS = re.compile(
    "\x1b\\[[0-9;?]*[A-Za-z]"  # ANSI escape sequences
    "|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


# "MAIDUGURI, Nigeria (Wire) - ", "KYIV, March 11 (Reuters) -", "GAZA CITY (AP) — "
DATELINE = re.compile(
    r"[A-Z][A-Z.'\- ]{1,40}(?:, [A-Z][A-Za-z.' ]{1,30})?(?:, [A-Z][a-z]{2,8}\.? \d{1,2})?"
    r"(?: \([A-Za-z.' &]{1,30}\))?\s*[-\u2013\u2014]{1,2}\s+"
)


def _first_body_char(text: str, start: int) -> int:
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def _blank(text: str, spans: list[Segment]) -> str:
    """Spaces over `spans` and over control characters; newlines kept, length unchanged."""
    chars = list(_CONTROLS.sub(lambda m: " " * len(m.group()), text))
    for seg in spans:
        for i in range(seg.start, seg.end):
            if chars[i] not in "\n\r":
                chars[i] = " "
    return "".join(chars)


def clean(article: Article, rules: BoilerplateRules | None = None) -> Document:
    """Segment an article and blank boilerplate and repeated titles, keeping every offset.

    Segments (sorted, non-overlapping): the `title` line (kept in `analysis_text`),
    `duplicate_title` and `boilerplate` runs (blanked), and `body` runs for the rest.
    """
    rules = rules or load_rules()
    text = article.text
    lines = _lines(text)
    marked: list[Segment] = []

    span = title_span(text, article.title)
    body_from = 0
    if span is not None:
        marked.append(Segment(span[0], span[1], "title"))
        body_from = span[1]

    # A wire dateline ("KYIV, March 11 (Reuters) - ") is not part of the first sentence.
    dateline = DATELINE.match(text, _first_body_char(text, body_from))
    if dateline is not None:
        marked.append(Segment(dateline.start(), dateline.end(), "dateline"))

    # A footer marker near the end ("Leave a Reply", "Related posts"): all after is furniture.
    footer = len(text)
    before, counted_to = 0, body_from  # non-space characters of the body before a line
    for ls, le in lines:
        if ls < body_from:
            continue
        line = text[ls:le]
        before += len(text[counted_to:ls]) - _count_space(text, counted_to, ls)
        counted_to = ls
        if (
            rules.is_footer_marker(line)
            and ls >= rules.footer_min_fraction * len(text)
            and before >= rules.footer_min_body_chars
        ):
            footer = ls
            break
    if footer < len(text):
        marked.append(Segment(footer, len(text.rstrip()), "boilerplate"))

    tstring = (article.title or "").strip() or (text[span[0] : span[1]] if span else "")
    pattern = _title_regex(tstring) if tstring else None
    for ls, le in lines:
        if ls < body_from or ls >= footer:
            continue
        if pattern is not None:
            dup = _duplicate_title(text, pattern, len(tstring.split()), (ls, le))
            if dup is not None:
                marked.append(Segment(dup[0], dup[1], "duplicate_title"))
                continue
        if rules.is_boilerplate(text[ls:le]) or rules.is_footer_marker(text[ls:le]):
            marked.append(Segment(ls, le, "boilerplate"))

    marked.sort(key=lambda s: s.start)
    segments: list[Segment] = []
    pos = 0
    for seg in marked:
        segments.extend(_body_runs(text, pos, seg.start))
        segments.append(seg)
        pos = seg.end
    segments.extend(_body_runs(text, pos, len(text)))

    blanked = [s for s in marked if s.role in ("boilerplate", "duplicate_title", "dateline")]
    return Document(article=article, analysis_text=_blank(text, blanked), segments=segments)


_SPACE = re.compile(r"\s+")


def _count_space(text: str, start: int, end: int) -> int:
    return sum(m.end() - m.start() for m in _SPACE.finditer(text, start, end))


def _body_runs(text: str, start: int, end: int) -> list[Segment]:
    """The gap between marked segments as one body run, trimmed; nothing if only whitespace."""
    chunk = text[start:end]
    if not chunk.strip():
        return []
    lead = len(chunk) - len(chunk.lstrip())
    return [Segment(start + lead, start + len(chunk.rstrip()), "body")]
