"""Hostile records are their own failure domain; re-scrapes are the same article.

Every input here is one we made up; each asserts what the user gets: which records become
articles (with which text and id) and which become one failure naming the line or row.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import pytest

from flashpoint.ingest import InputFailure, read_inputs
from flashpoint.ingest.clean import clean
from flashpoint.record import Article, text_hash
from flashpoint.store import ingest, open_store
from flashpoint.store.db import _V1

GOOD = '{"id": "good", "text": "Police arrested ten men in the capital."}\n'


def _read(path: Path) -> list[Article | InputFailure]:
    return list(read_inputs([str(path)]))


@pytest.mark.parametrize(("line", "reason"), [
    ('{"id": %s, "text": "Troops shelled a village."}' % ("7" * 5000), "number too long"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"id": "", "text": "Troops shelled a village."}', "'id' is empty"),
    ('{"id": "%s", "text": "Troops shelled a village."}' % ("k" * 500), "not a usable key"),
    ('{"id": [1], "text": "Troops shelled a village."}', "not a string or an integer"),
])
def test_a_hostile_jsonl_line_fails_alone(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(GOOD + line + "\n" + GOOD.replace("good", "after"), encoding="utf-8")
    first, bad, after = _read(path)
    assert isinstance(first, Article) and first.id == "good"
    assert isinstance(bad, InputFailure) and bad.input.endswith("feed.jsonl:2")
    assert reason in bad.reason and "\n" not in bad.reason
    assert isinstance(after, Article) and after.id == "after"


def test_lone_surrogate_is_replaced_in_place_and_the_article_kept(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "s1", "text": "Gunmen \\ud800 attacked a bus."}\n', encoding="utf-8")
    (article,) = _read(path)
    assert isinstance(article, Article)
    assert article.text == "Gunmen \ufffd attacked a bus."  # same length: offsets hold
    assert len(article.content_hash) == 64


def test_csv_unclosed_quote_loses_only_its_own_row(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes(b'id,text\n'
                     b'r1,"Rebels raided a depot.\n'
                     b'r2,Police dispersed a march.\n'
                     b'r3,"Troops ""cleared"" a road,\nthen withdrew."\n')
    bad, second, third = _read(path)
    assert isinstance(bad, InputFailure) and bad.input.endswith("rows.csv:1")
    assert "unclosed quote" in bad.reason and "line 2" in bad.reason
    assert isinstance(second, Article) and second.id == "r2"
    assert isinstance(third, Article) and third.text == 'Troops "cleared" a road,\nthen withdrew.'


def test_csv_bad_byte_names_its_row_and_keeps_the_row_before(tmp_path: Path) -> None:
    path = tmp_path / "bytes.csv"
    path.write_bytes(b"id,text\nr1,Militia fighters burned a market.\nr2,caf\xe9 bombing\n"
                     b"r3,Soldiers seized a checkpoint.\n")
    first, bad, third = _read(path)
    assert isinstance(first, Article) and first.id == "r1"
    assert isinstance(bad, InputFailure) and bad.input.endswith("bytes.csv:2")
    assert "row 2" in bad.reason and "0xe9" in bad.reason
    assert isinstance(third, Article) and third.id == "r3"


def test_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text("Title\n\nTroops shelled a town.\n", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    real = os.scandir

    def scandir(path):  # root reads everything, so the refusal is simulated
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = _read(tmp_path)
    failures = [i for i in items if isinstance(i, InputFailure)]
    assert [f.input.endswith("locked") for f in failures] == [True]
    assert "cannot read folder" in failures[0].reason
    assert [i.origin.endswith("a.txt") for i in items if isinstance(i, Article)] == [True]


def test_a_file_name_with_a_newline_stays_one_line(tmp_path: Path) -> None:
    (failure,) = _read(tmp_path / "two\nlines.txt")
    assert isinstance(failure, InputFailure) and "\n" not in str(failure)
    assert "two\\u000alines.txt" in failure.input


def test_hash_ignores_whitespace_line_endings_and_unicode_form() -> None:
    base = "Troops shelled Hasakah.\n\nTwo civilians died."
    assert text_hash(base) == text_hash(base.replace("\n", "\r\n") + " \n")
    assert text_hash("Caf\u00e9 bombed.") == text_hash("Cafe\u0301 bombed.")
    assert text_hash(base) != text_hash(base.replace("Two", "Three"))


def _jsonl(path: Path, *records: str) -> str:
    path.write_text("".join(r + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_rescrape_is_skipped_and_a_corrected_date_replaces(tmp_path: Path) -> None:
    text = "Title line\\n\\nGunmen killed three farmers near Gao on Monday."
    db = tmp_path / "s.duckdb"
    with open_store(db) as store:
        first = ingest([_jsonl(tmp_path / "a.jsonl",
                               f'{{"id": "a", "text": "{text}", "published": "2024-05-01"}}')],
                       store, cluster=False)
        again = ingest([_jsonl(tmp_path / "b.jsonl",
                               f'{{"id": "b", "text": "{text}  \\r\\n", '
                               f'"published": "2024-05-01"}}')], store, cluster=False)
        fixed = ingest([_jsonl(tmp_path / "c.jsonl",
                               f'{{"id": "c", "text": "{text}", "published": "2024-06-03"}}')],
                       store, cluster=False)
        assert (first.stored, again.skipped, again.stored) == (1, 1, 0)
        assert (fixed.updated, fixed.stored) == (1, 0)
        rows = store.con.execute("SELECT id, published FROM articles").fetchall()
        assert rows == [("a", dt.date(2024, 6, 3))]
        dates = store.con.execute("SELECT DISTINCT date_end FROM events").fetchall()
        assert dates and all(d[0] <= dt.date(2024, 6, 3) and d[0] > dt.date(2024, 5, 1)
                             for d in dates)


def test_a_version_1_store_is_rehashed_on_open(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, "
                "applied_at TIMESTAMP NOT NULL)")
    con.execute(_V1)
    con.execute("INSERT INTO schema_version VALUES (1, now())")
    con.execute("INSERT INTO articles VALUES ('x', 'raw-sha', NULL, NULL, NULL, NULL, "
                "'Troops  shelled a town.\r\n', NULL, now())")
    con.close()
    with open_store(db) as store:
        assert store.version() >= 2  # and every later step
        assert store.known_hashes() == {text_hash("Troops shelled a town.")}


def test_clean_keeps_offsets_on_an_article_of_many_short_lines() -> None:
    text = "A headline about a clash\n\n" + "\n".join(f"Line {i} of the report." for i in
                                                   range(20_000))
    document = clean(Article(id="long", text=text))
    assert len(document.analysis_text) == len(text)
    assert document.segments[0].role == "title"
    assert document.segments[-1].end == len(text)


def test_csv_exports_neutralise_formula_cells(tmp_path: Path) -> None:
    import csv
    import io

    from flashpoint.export import export, safe_cell

    assert [safe_cell(v) for v in ("=1+1", "+x", "-y", "@z", "\tq", "ok", -3.5)] == \
        ["'=1+1", "'+x", "'-y", "'@z", "'\tq", "ok", -3.5]
    feed = _jsonl(tmp_path / "f.jsonl", '{"id": "f1", "published": "2024-03-12", '
                  '"source": "=HYPERLINK(\\"http://x.invalid\\")", '
                  '"text": "Headline\\n\\n=Gunmen attacked a police post in Gao on Monday."}')
    with open_store(tmp_path / "x.duckdb") as store:
        ingest([feed], store)
        for fmt in ("acled", "csv"):
            out = io.StringIO()
            assert export(store, fmt, out) >= 1
            cells = [c for row in csv.reader(io.StringIO(out.getvalue())) for c in row]
            assert not any(c.startswith(("=", "+", "@")) for c in cells), fmt
            if fmt == "acled":  # its `source` column holds the outlet's name
                assert "'=HYPERLINK(\"http://x.invalid\")" in cells


def test_utf16_text_is_read_not_called_binary(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("Headline\n\nTroops shelled a village.\n".encode("utf-16"))
    (article,) = _read(path)
    assert isinstance(article, Article) and article.text.startswith("Headline")


def test_an_impossible_page_date_is_not_moved_to_another_day(tmp_path: Path) -> None:
    body = ("<article><p>Troops clashed with rebels near the town of Gao on Monday, killing "
            "four people, officials said. The fighting lasted for hours.</p></article>")
    for name, meta, want in (("bad.html", "31/02/2020", dt.date(2024, 1, 1)),
                             ("good.html", "2020-03-04", dt.date(2020, 3, 4))):
        (tmp_path / name).write_text(f'<html><head><meta name="date" content="{meta}">'
                                     f"<title>Clash</title></head><body>{body}</body></html>",
                                     encoding="utf-8")
        (article,) = list(read_inputs([str(tmp_path / name)], published=dt.date(2024, 1, 1)))
        assert isinstance(article, Article) and article.published == want, name
