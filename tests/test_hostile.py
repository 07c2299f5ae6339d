"""The generated hostile corpus (tests/hostile/make_corpus.py) through `extract` and
`ingest`: every good article kept, every bad input one failure line naming it, no traceback,
exit code 1 (some inputs failed), and a second `ingest` adds nothing."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import duckdb
import pytest

from flashpoint.cli import main
from flashpoint.ingest.readers import one_line

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("make_corpus", HERE / "hostile" / "make_corpus.py")
assert _spec and _spec.loader
make_corpus = importlib.util.module_from_spec(_spec)
sys.modules["make_corpus"] = make_corpus  # its dataclass looks itself up there
_spec.loader.exec_module(make_corpus)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    root = tmp_path_factory.mktemp("hostile") / "corpus"
    return root, make_corpus.write(root)


def _belongs(origin: str, path: str) -> bool:
    return origin == path or origin.startswith(path + ":")


def test_the_corpus_has_at_least_90_kinds(corpus) -> None:
    _, cases = corpus
    assert len(cases) >= 90 and len({c.name for c in cases}) == len(cases)


def test_ingest_keeps_every_good_article_and_records_every_bad_input_once(
        corpus, tmp_path: Path, capsys) -> None:
    root, cases = corpus
    db = tmp_path / "h.duckdb"
    code = main(["ingest", str(root), "--db", str(db), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    con = duckdb.connect(str(db), read_only=True)
    origins = [r[0] for r in con.execute("SELECT origin FROM articles").fetchall()]
    failures = [r[0] for r in con.execute("SELECT input FROM failures").fetchall()]
    con.close()
    wrong = []
    for i, case in enumerate(cases):
        path = one_line(str(root / f"{i:03d}-{case.name}"))
        got = (sum(_belongs(f, path) for f in failures), sum(_belongs(o, path) for o in origins))
        if got != (case.failures, case.articles):
            wrong.append(f"{case.name!r}: failures/articles {got}, expected "
                         f"{(case.failures, case.articles)}")
        good = one_line(str(root / f"{i:03d}-zz-good.txt"))
        if origins.count(good) != 1:
            wrong.append(f"good article after {case.name!r} not stored once")
    assert not wrong, "\n".join(wrong)
    lines = [line for line in err.splitlines() if line.startswith("flashpoint: ")]
    assert len(lines) == len(failures) + 1  # one per failure, and the summary

    again = main(["ingest", str(root), "--db", str(db), "--no-progress"])
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    assert again == 1 and " 0 new," in summary


def test_extract_prints_one_line_per_bad_input_and_codes_the_rest(corpus, capsys) -> None:
    root, cases = corpus
    code = main(["extract", str(root), "--format", "jsonl"])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    assert len(err.strip().splitlines()) == sum(c.failures for c in cases)
    assert all(line.startswith("flashpoint: ") for line in err.strip().splitlines())
    assert out.count('"plover"') >= len(cases)  # every good article gives its clash event
