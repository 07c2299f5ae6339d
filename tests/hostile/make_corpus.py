"""The hostile-input corpus, generated (no binaries are checked in).

    python tests/hostile/make_corpus.py OUT_DIR      # writes every case and prints the count

Each `Case` is one input a careless scraper or a hostile user could hand to `extract` or
`ingest`, with what flashpoint must make of it: how many failure lines (each naming the
input) and how many articles. Every text here is made up for this corpus.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

# CASEID becomes the case's number, so no two cases are the same text (a repeated text is
# rightly skipped as already stored); the story has no comma, so it is one CSV field.
STORY = ("Case CASEID: Gunmen attacked a police post in the town of Gao on Monday and "
         "killed three officers.")


@dataclass(frozen=True)
class Case:
    name: str          # also the file name (with its suffix)
    content: bytes
    failures: int      # failure lines expected for this input
    articles: int      # articles expected from it


def _jl(*records: object) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n"
                   for r in records).encode("utf-8")


def _rec(i: int, **extra: object) -> dict[str, object]:
    return {"id": f"h{i}", "text": f"Report {i}\n\n{STORY} ({i})", **extra}


def cases() -> list[Case]:
    out: list[Case] = []

    def add(name: str, content: bytes, failures: int, articles: int) -> None:
        n = str(len(out)).encode()
        content = content.replace(b"CASEID", n).replace("CASEID".encode("utf-16-le"),
                                                        n.decode().encode("utf-16-le"))
        content = content.replace("CASEID".encode("utf-16-be"), n.decode().encode("utf-16-be"))
        out.append(Case(name, content, failures, articles))

    story = STORY.encode()
    # --- plain text files
    add("empty.txt", b"", 1, 0)
    add("spaces.txt", b"   \n\t\n", 1, 0)
    add("nul.txt", b"abc\x00def" * 10, 1, 0)
    add("random.txt", bytes(range(256)) * 4, 1, 0)
    add("latin1.txt", "Caf\u00e9 bombing\n\n".encode("latin-1") + story, 1, 0)
    add("bad-continuation.txt", b"Title\n\n\xe2\x28\xa1 " + story, 1, 0)
    add("lone-bom.txt", b"\xef\xbb\xbf", 1, 0)
    add("bom-spaces.txt", b"\xef\xbb\xbf   \n", 1, 0)
    add("overlong-utf8.txt", b"Title\n\n\xc0\xaf" + story, 1, 0)
    add("surrogate-utf8.txt", b"Title\n\n\xed\xa0\x80" + story, 1, 0)
    add("truncated-utf8.txt", b"Title\n\n" + story + b"\xe2\x82", 1, 0)
    add("utf16-le.txt", ("Headline\n\n" + STORY).encode("utf-16"), 0, 1)
    add("utf16-be.txt", b"\xfe\xff" + ("Headline\n\n" + STORY).encode("utf-16-be"), 0, 1)
    add("ansi.txt", b"\x1b[31mRed title\x1b[0m\n\n" + story, 0, 1)
    add("bidi.txt", "Title \u202e\n\n".encode() + story, 0, 1)
    add("controls.txt", b"Title\x07\x08\n\n" + story, 0, 1)
    add("crlf.txt", b"Title\r\n\r\n" + story + b"\r\n", 0, 1)
    add("cr-only.txt", b"Title\r\r" + story, 0, 1)
    add("one-word.txt", b"Attack", 0, 1)
    add("many-lines.txt", b"Headline of a report\n\n" + b"\n".join(
        b"Line %d of a long report." % i for i in range(3000)) + b"\n" + story, 0, 1)
    add("tabs.txt", b"Title\t\t\n\n\t" + story, 0, 1)
    add("zero-width.txt", "Ti\u200btle\n\n".encode() + story, 0, 1)
    add("emoji.txt", "\U0001f4a3 Blast\n\n".encode() + story, 0, 1)
    add("html-in-txt.txt", b"<script>alert(1)</script>\n\n" + story, 0, 1)
    add("name\nwith-newline.txt", b"Title\n\n" + story, 0, 1)
    add("name\x1b[2J-escape.txt", b"Title\n\n" + story, 0, 1)
    add("unknown-suffix.dat", b"Title\n\n" + story, 0, 0)  # a folder walk reads known kinds
    # --- JSONL
    add("not-json.jsonl", b"this is not json\n", 1, 0)
    add("array-line.jsonl", _jl("[1, 2, 3]"), 1, 0)
    add("number-line.jsonl", _jl("42"), 1, 0)
    add("string-line.jsonl", _jl('"text"'), 1, 0)
    add("null-line.jsonl", _jl("null"), 1, 0)
    add("no-text.jsonl", _jl({"id": "x1", "title": "No body"}), 1, 0)
    add("text-number.jsonl", _jl({"id": "x2", "text": 5}), 1, 0)
    add("text-list.jsonl", _jl({"id": "x3", "text": ["a", "b"]}), 1, 0)
    add("text-empty.jsonl", _jl({"id": "x4", "text": ""}), 1, 0)
    add("text-spaces.jsonl", _jl({"id": "x5", "text": "   \n "}), 1, 0)
    add("title-number.jsonl", _jl(_rec(6, title=7)), 1, 0)
    add("url-list.jsonl", _jl(_rec(7, url=["x"])), 1, 0)
    add("source-object.jsonl", _jl(_rec(8, source={"a": 1})), 1, 0)
    add("id-bool.jsonl", _jl({**_rec(9), "id": True}), 1, 0)
    add("id-list.jsonl", _jl({**_rec(10), "id": [1]}), 1, 0)
    add("id-empty.jsonl", _jl({**_rec(11), "id": ""}), 1, 0)
    add("id-huge.jsonl", _jl({**_rec(12), "id": "k" * 5000}), 1, 0)
    add("id-newline.jsonl", _jl({**_rec(13), "id": "a\nb"}), 1, 0)
    add("id-5000-digits.jsonl", ('{"id": ' + "9" * 5000 + ', "text": "x y z"}\n').encode(), 1, 0)
    add("id-integer.jsonl", _jl({**_rec(14), "id": 12345}), 0, 1)
    add("deep-arrays.jsonl", ("[" * 100_000 + "]" * 100_000 + "\n").encode(), 1, 0)
    add("deep-objects.jsonl", ('{"a":' * 50_000 + "1" + "}" * 50_000 + "\n").encode(), 1, 0)
    add("lone-surrogate.jsonl", b'{"id": "s1", "text": "Report\\n\\nGunmen \\ud800 attacked '
        b'a bus near Gao, killing two."}\n', 0, 1)
    add("surrogate-title.jsonl", b'{"id": "s2", "title": "\\udfff", "text": "Report\\n\\n'
        + story + b'"}\n', 0, 1)
    add("published-bad.jsonl", _jl(_rec(15, published="yesterday")), 1, 0)
    add("published-number.jsonl", _jl(_rec(16, published=20240101)), 1, 0)
    add("published-impossible.jsonl", _jl(_rec(17, published="2020-02-30")), 1, 0)
    add("published-far.jsonl", _jl(_rec(18, published="0001-01-01")), 0, 1)
    add("nul-in-line.jsonl", b'{"id": "n1", "text": "a\x00b"}\n', 1, 0)
    add("bad-byte-line.jsonl", b'{"id": "b1", "text": "caf\xe9 attack"}\n', 1, 0)
    add("blank-lines-only.jsonl", b"\n\n   \n", 1, 0)
    add("trailing-garbage.jsonl", _jl(json.dumps(_rec(19)) + " garbage"), 1, 0)
    add("duplicate-keys.jsonl", _jl('{"id": "d1", "text": "x", "text": "Report\\n\\n'
                                    + STORY + '"}'), 0, 1)
    add("bom-first-line.jsonl", b"\xef\xbb\xbf" + _jl(_rec(20)), 0, 1)
    add("crlf-lines.jsonl", _jl(_rec(21)).replace(b"\n", b"\r\n"), 0, 1)
    add("mixed-good-bad.jsonl", _jl(_rec(22), "{broken", _rec(23), "[]", _rec(24)), 2, 3)
    add("truncated-last.jsonl", _jl(_rec(25)) + b'{"id": "t", "text": "Rep', 1, 1)
    add("unicode-escape-id.jsonl", _jl({**_rec(26), "id": "\u202eevil"}), 0, 1)
    add("script-title.jsonl", _jl(_rec(27, title="<script>alert(1)</script>")), 0, 1)
    add("formula-source.jsonl", _jl(_rec(28, source="=HYPERLINK(\"http://x.invalid\")")), 0, 1)
    add("nan-published.jsonl", b'{"id": "p9", "text": "Report\\n\\n' + story
        + b'", "published": NaN}\n', 1, 0)
    add("huge-number-field.jsonl", ('{"id": "hn", "text": "Report\\n\\n' + STORY
                                    + '", "extra": 1e999999}\n').encode(), 0, 1)
    # --- CSV
    add("csv-no-header.csv", b"", 1, 0)
    add("csv-no-text-col.csv", b"id,body\n1,hello\n", 1, 0)
    add("csv-semicolons.csv", b"id;text\n1;" + story + b"\n", 1, 0)
    add("csv-header-only.csv", b"id,text\n", 1, 0)
    add("csv-nul.csv", b"id,text\n\x00\x01", 1, 0)
    add("csv-unclosed.csv", b'id,text\nc1,"never closed\nc2,' + story + b"\n", 1, 1)
    add("csv-bad-byte.csv", b"id,text\nc3," + story + b"\nc4,caf\xe9\nc5," + story
        + b" Again.\n", 1, 2)
    add("csv-extra-fields.csv", b"id,text\nc6," + story + b",extra\n", 1, 0)
    add("csv-empty-text.csv", b"id,text\nc7,\n", 1, 0)
    add("csv-bad-date.csv", b"id,text,published\nc8," + story + b",31/02/2020\n", 1, 0)
    add("csv-quoted-newline.csv", b'id,text\nc9,"Report\n\n' + story + b'"\n', 0, 1)
    add("csv-bom.csv", b"\xef\xbb\xbfid,text\nc10," + story + b"\n", 0, 1)
    add("csv-crlf.csv", b"id,text\r\nc11," + story + b"\r\n", 0, 1)
    add("csv-stray-quote.csv", b'id,text\nc12,"ab"cd\nc13,' + story + b"\n", 1, 1)
    add("csv-formula.csv", b"id,text,source\nc14," + story + b",=1+1\n", 0, 1)
    # --- HTML
    add("html-empty.html", b"", 1, 0)
    add("html-spaces.html", b"  \n ", 1, 0)
    add("html-nav-only.html", b"<html><body><nav><a href=/>Home</a></nav></body></html>", 1, 0)
    add("html-binary.html", b"\x00\x01\x02" * 50, 1, 0)
    add("html-script-only.html", b"<html><script>var a = 1;</script></html>", 1, 0)
    add("html-comment-only.html", b"<html><!-- nothing here --></html>", 1, 0)
    add("html-truncated.html", b"<html><body><article><p>Gunmen attacked a police post in",
        0, 1)  # six words of text are still an article
    page = (b"<html><head><title>Attack on police post</title>%s</head><body><article><p>"
            + story + b" The attack lasted an hour and the town was sealed off.</p>"
            b"</article></body></html>")
    add("html-good.html", page % b"", 0, 1)
    add("html-impossible-date.html", page % b'<meta name="date" content="31/02/2020">', 0, 1)
    add("html-latin1.html", (page % b'<meta charset="iso-8859-1">').replace(
        b"police post", b"caf\xe9 post"), 0, 1)
    add("html-xss.html", page % b"<script>alert(1)</script>", 0, 1)
    return out


def write(root: Path) -> list[Case]:
    """Every case under `root`; a good plain-text article between each two."""
    root.mkdir(parents=True, exist_ok=True)
    made = cases()
    for i, case in enumerate(made):
        (root / f"{i:03d}-{case.name}").write_bytes(case.content)
        (root / f"{i:03d}-zz-good.txt").write_bytes(
            f"Good report {i}\n\nSoldiers clashed with rebels near Kidal on day {i}.".encode())
    return made


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    print(f"{len(write(target))} hostile cases written to {target}")
