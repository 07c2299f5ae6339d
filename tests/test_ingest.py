"""Readers: every bad input is one InputFailure with a short reason; good input gives Articles."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from flashpoint.ingest import InputFailure, read_inputs
from flashpoint.record import Article

STORY = (
    "Militants attack army post in Borno\n\n"
    "Gunmen attacked an army post near Maiduguri on Tuesday, killing four soldiers, "
    "military sources said.\n"
)

HTML = """<!DOCTYPE html><html><head><title>Clashes erupt in Khartoum suburbs</title>
<meta property="article:published_time" content="2023-05-04T08:00:00Z">
</head><body><nav>Home | World</nav><article><h1>Clashes erupt in Khartoum suburbs</h1>
<p>Heavy fighting broke out between the army and the Rapid Support Forces in the suburbs
of Khartoum on Wednesday, residents said, as air strikes hit the city's east.</p>
<p>At least a dozen civilians were killed, according to a local doctors' committee that
has been tracking casualties since the conflict began in April.</p>
</article><footer>All rights reserved</footer></body></html>"""


def _all(paths: list[str], **kw: object) -> list[Article | InputFailure]:
    return list(read_inputs(paths, **kw))  # type: ignore[arg-type]


def _one_failure(paths: list[str], **kw: object) -> InputFailure:
    out = _all(paths, **kw)
    assert len(out) == 1 and isinstance(out[0], InputFailure), out
    return out[0]


def test_txt_first_line_is_title_and_text_is_verbatim(tmp_path: Path) -> None:
    f = tmp_path / "borno.txt"
    f.write_text(STORY, encoding="utf-8")
    [art] = _all([str(f)])
    assert isinstance(art, Article)
    assert art.title == "Militants attack army post in Borno"
    assert art.text == STORY
    assert art.origin == str(f)


def test_txt_id_is_stable_and_content_based(tmp_path: Path) -> None:
    f = tmp_path / "borno.txt"
    f.write_text(STORY, encoding="utf-8")
    [a] = _all([str(f)])
    [b] = _all([str(f)])
    assert isinstance(a, Article) and isinstance(b, Article)
    assert a.id == b.id and a.id.startswith("borno-") and len(a.id) == len("borno-") + 8
    f.write_text(STORY + "More.\n", encoding="utf-8")
    [c] = _all([str(f)])
    assert isinstance(c, Article) and c.id != a.id


def test_bom_is_stripped(tmp_path: Path) -> None:
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + STORY.encode())
    [art] = _all([str(f)])
    assert isinstance(art, Article) and art.text == STORY


def test_unknown_extension_is_text(tmp_path: Path) -> None:
    f = tmp_path / "story.md"
    f.write_text(STORY, encoding="utf-8")
    [art] = _all([str(f)])
    assert isinstance(art, Article) and art.text == STORY


def test_published_argument_applies_to_text(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(STORY, encoding="utf-8")
    [art] = _all([str(f)], published=dt.date(2020, 1, 2))
    assert isinstance(art, Article) and art.published == dt.date(2020, 1, 2)


def test_empty_file_fails(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    fail = _one_failure([str(f)])
    assert fail.input == str(f) and fail.reason == "empty file"


def test_whitespace_only_file_fails(tmp_path: Path) -> None:
    f = tmp_path / "blank.txt"
    f.write_text("  \n\t\n", encoding="utf-8")
    assert _one_failure([str(f)]).reason.startswith("empty file")


def test_binary_file_fails(tmp_path: Path) -> None:
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert _one_failure([str(f)]).reason == "binary file (NUL bytes)"


def test_non_utf8_names_byte_and_offset(tmp_path: Path) -> None:
    f = tmp_path / "latin1.txt"
    f.write_bytes(b"Hello world\xff more")
    assert _one_failure([str(f)]).reason == "not UTF-8 (invalid byte 0xff at offset 11)"


def test_huge_file_fails_without_reading(tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:  # sparse: instant to create
        fh.truncate(52_400_000)
    fail = _one_failure([str(f)])
    assert fail.reason == "file too large (52.4 MB > 20 MB limit)"
    assert str(fail) == f"{f}: file too large (52.4 MB > 20 MB limit)"


def test_max_bytes_is_configurable(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(STORY, encoding="utf-8")
    assert _one_failure([str(f)], max_bytes=10).reason.startswith("file too large")


def test_missing_file_fails(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    fail = _one_failure([missing])
    assert fail.input == missing and fail.reason == "no such file"


def test_failure_str_is_input_colon_reason() -> None:
    assert str(InputFailure("a.jsonl:3", "line 3: missing 'text'")) == (
        "a.jsonl:3: line 3: missing 'text'"
    )


def test_html_extracts_title_text_and_date(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(HTML, encoding="utf-8")
    [art] = _all([str(f)], published=dt.date(2000, 1, 1))
    assert isinstance(art, Article)
    assert art.title == "Clashes erupt in Khartoum suburbs"
    assert art.text.startswith("Clashes erupt in Khartoum suburbs\n")
    assert "Rapid Support Forces" in art.text and "Home | World" not in art.text
    assert art.published == dt.date(2023, 5, 4)  # the page's own date wins


def test_html_without_date_takes_argument(tmp_path: Path) -> None:
    f = tmp_path / "nodate.htm"
    f.write_text(HTML.replace("2023-05-04T08:00:00Z", ""), encoding="utf-8")
    [art] = _all([str(f)], published=dt.date(2021, 6, 7))
    assert isinstance(art, Article) and art.published == dt.date(2021, 6, 7)


def test_truncated_html_gives_article_or_one_failure(tmp_path: Path) -> None:
    for i, cut in enumerate((40, 200, len(HTML) // 2, len(HTML) - 30)):
        f = tmp_path / f"cut{i}.html"
        f.write_text(HTML[:cut], encoding="utf-8")
        out = _all([str(f)])
        assert len(out) == 1
        assert isinstance(out[0], Article | InputFailure)


def test_html_without_text_fails(tmp_path: Path) -> None:
    f = tmp_path / "nav.html"
    f.write_text("<html><head><title>x</title></head><body></body></html>", encoding="utf-8")
    assert _one_failure([str(f)]).reason == "HTML: no article text found"


def test_garbage_html_does_not_raise(tmp_path: Path) -> None:
    f = tmp_path / "junk.html"
    f.write_bytes(b"<<<>>><</p<div " + bytes(range(1, 256)) * 4)
    out = _all([str(f)])
    assert len(out) == 1


def _jsonl(tmp_path: Path, lines: list[str]) -> Path:
    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


def test_jsonl_bad_line_amid_good_ones(tmp_path: Path) -> None:
    good = json.dumps({"id": "a1", "text": "Police fired tear gas in Nairobi."})
    f = _jsonl(tmp_path, [good, "", "{not json", json.dumps({"id": "a2", "title": "x"}), good])
    out = _all([str(f)])
    assert [type(x).__name__ for x in out] == [
        "Article", "InputFailure", "InputFailure", "Article",
    ]
    bad_json, no_text = out[1], out[2]
    assert isinstance(bad_json, InputFailure) and isinstance(no_text, InputFailure)
    assert bad_json.input == f"{f}:3"
    assert bad_json.reason.startswith("line 3: not valid JSON (Expecting property name")
    assert no_text.reason == "line 4: missing 'text'"


def test_jsonl_fields_and_title_not_in_text(tmp_path: Path) -> None:
    rec = {
        "id": "x9", "text": "Troops shelled the town.", "title": "Town shelled",
        "published": "2022-03-01", "url": "https://example.org/a", "source": "Example",
    }
    [art] = _all([str(_jsonl(tmp_path, [json.dumps(rec)]))], published=dt.date(1999, 1, 1))
    assert isinstance(art, Article)
    assert (art.id, art.text, art.title) == ("x9", "Troops shelled the town.", "Town shelled")
    assert art.published == dt.date(2022, 3, 1)
    assert (art.url, art.source) == ("https://example.org/a", "Example")


def test_jsonl_published_argument_fills_in(tmp_path: Path) -> None:
    rec = {"id": "x", "text": "Troops shelled the town."}
    [art] = _all([str(_jsonl(tmp_path, [json.dumps(rec)]))], published=dt.date(2019, 9, 9))
    assert isinstance(art, Article) and art.published == dt.date(2019, 9, 9)


def test_jsonl_bad_published_fails_that_line(tmp_path: Path) -> None:
    rec = {"id": "x", "text": "Troops shelled the town.", "published": "last Tuesday"}
    fail = _one_failure([str(_jsonl(tmp_path, [json.dumps(rec)]))])
    assert fail.reason == "line 1: bad 'published' date ('last Tuesday')"


def test_jsonl_datetime_published_accepted(tmp_path: Path) -> None:
    rec = {"id": "x", "text": "Troops shelled the town.", "published": "2022-03-01T10:00:00Z"}
    [art] = _all([str(_jsonl(tmp_path, [json.dumps(rec)]))])
    assert isinstance(art, Article) and art.published == dt.date(2022, 3, 1)


def test_jsonl_non_utf8_line_fails_alone(tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "a", "text": "Rebels seized the town."}).encode()
    f.write_bytes(good + b"\n" + b'{"id": "b", "text": "caf\xe9"}\n' + good + b"\n")
    out = _all([str(f)])
    assert [type(x).__name__ for x in out] == ["Article", "InputFailure", "Article"]
    assert isinstance(out[1], InputFailure)
    assert out[1].reason.startswith("line 2: not UTF-8 (invalid byte 0xe9")


def test_directory_walk_is_recursive_and_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Z title\n\nZ body.\n", encoding="utf-8")
    (tmp_path / "a" / "y.txt").write_text("Y title\n\nY body.\n", encoding="utf-8")
    (tmp_path / "x.txt").write_text("X title\n\nX body.\n", encoding="utf-8")
    (tmp_path / "a" / "notes.pdf").write_bytes(b"%PDF\x00")
    (tmp_path / "a" / "w.jsonl").write_text(
        json.dumps({"id": "w", "text": "W body."}) + "\n", encoding="utf-8"
    )
    out = _all([str(tmp_path)])
    assert all(isinstance(x, Article) for x in out)
    assert [x.text.split()[0] for x in out if isinstance(x, Article)] == ["W", "Y", "Z", "X"]


def test_empty_directory_fails(tmp_path: Path) -> None:
    assert _one_failure([str(tmp_path)]).reason.startswith("directory has no")


def test_stdin_dash_reads_text(tmp_path: Path) -> None:
    [art] = _all(["-"], stdin=io.StringIO(STORY), published=dt.date(2024, 2, 2))
    assert isinstance(art, Article)
    assert art.text == STORY and art.title == "Militants attack army post in Borno"
    assert art.origin == "-" and art.published == dt.date(2024, 2, 2)


def test_stdin_binary_buffer_is_decoded_strictly() -> None:
    stream = io.TextIOWrapper(io.BytesIO(b"Title here\n\nBad \xff byte"), encoding="utf-8")
    fail = _one_failure(["-"], stdin=stream)
    assert fail.input == "-" and fail.reason.startswith("not UTF-8 (invalid byte 0xff")


def test_empty_stdin_fails() -> None:
    assert _one_failure(["-"], stdin=io.StringIO("")).reason == "empty input"


def test_mixed_inputs_keep_order(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    out = _all([str(tmp_path / "missing.txt"), str(good)])
    assert isinstance(out[0], InputFailure) and isinstance(out[1], Article)
