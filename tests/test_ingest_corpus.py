"""`flashpoint ingest` on a generated corpus: scale, idempotence, clustering, bad files, SIGKILL.

The corpus is ~2,000 short wire-style articles made from templates (varied actors, places,
verbs, days, casualty clauses) spread over .jsonl, .txt, .csv and .html files, plus exact
duplicates, near-duplicate reports of the same events from different outlets, and bad files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flashpoint.cli import main
from flashpoint.store import ingest, open_store

N_RANDOM = 2000
ACTORS = [
    "Syrian government forces", "Islamic State militants", "Nigerian troops",
    "Boko Haram fighters", "Russian forces", "Ukrainian troops", "Al-Shabaab militants",
    "Somali soldiers", "Houthi rebels", "Taliban fighters", "Afghan security forces",
    "Sudanese army", "Rapid Support Forces", "Police", "Gunmen", "Kenyan police",
]
PLACES = [
    "Aleppo", "Mosul", "Maiduguri", "Kharkiv", "Mogadishu", "Sanaa", "Kandahar", "Khartoum",
    "Kano", "Donetsk", "Homs", "Herat", "Nairobi", "Lagos", "Kabul", "Baghdad", "Aden",
    "Omdurman", "Bauchi", "Jalalabad",
]
VERBS = [
    "attacked a checkpoint in {p}", "shelled {p}", "clashed with gunmen near {p}",
    "fired on protesters in {p}", "launched air strikes on {p}", "arrested {n} activists in {p}",
    "seized the town of {p}", "ambushed a convoy near {p}", "detonated a car bomb in {p}",
]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
        "on Sunday", "overnight", "late on Sunday"]
TAILS = [", killing {n} civilians, residents said.", ", killing at least {n} people, "
         "officials said.", ", a spokesman said.", ".", ", wounding {n}.",
         ", killing {n} soldiers, the army said."]
SECOND = [
    " Hundreds of protesters later gathered in {q} to demand an end to the violence.",
    " The government condemned the attack.",
    " Residents fled to {q}.",
    "",
]
OUTLETS = ["Wire One", "Daily Two", "Radio Three", "Gazette Four"]

# (published, [report texts]) - one real-world event each, told by different outlets
PLANTED = [
    ("2022-01-05", [
        "Syrian government forces shelled Raqqa on Monday, killing {a} civilians, "
        "activists said.",
        "On Monday, Syrian government forces shelled Raqqa, killing at least {b} people, "
        "a monitoring group reported.",
    ]),
    ("2022-02-09", [
        "Al-Shabaab militants attacked a military base in Buulobarde on Tuesday, killing {a} "
        "soldiers, officials said.",
        "Al-Shabaab militants stormed a military base in Buulobarde on Tuesday and killed at "
        "least {b} soldiers.",
        "Al-Shabaab militants attacked a military base in Buulobarde on Tuesday, killing {b} "
        "soldiers, witnesses said.",
    ]),
    ("2022-03-16", [
        "Boko Haram fighters attacked the village of Bama on Sunday, killing {a} civilians.",
        "Boko Haram fighters killed {b} villagers in an attack on Bama on Sunday, residents "
        "said.",
    ]),
    ("2022-04-20", [
        "Syrian government forces shelled Latakia on Monday, killing {a} civilians, activists "
        "said.",
        "On Monday, Syrian government forces shelled Latakia, killing at least {b} people, "
        "rescuers reported.",
    ]),
]


def make_corpus(root: Path, n_random: int = N_RANDOM, seed: int = 7) -> dict:
    """Write the corpus under `root`; return what a correct ingest must find."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    records = []
    for i in range(n_random):
        n = rng.randint(2, 40)
        verb = rng.choice(VERBS).format(p=rng.choice(PLACES), n=n)
        body = (f"{rng.choice(ACTORS)} {verb} {rng.choice(DAYS)}"
                f"{rng.choice(TAILS).format(n=n)}"
                f"{rng.choice(SECOND).format(q=rng.choice(PLACES))}")
        published = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        records.append({"id": f"r{i}", "text": body, "published": published.isoformat(),
                        "source": rng.choice(OUTLETS), "title": f"Report {i}"})
    # 70% JSONL (3 files), 15% CSV, 14% .txt, 1% .html
    n_jsonl, n_csv, n_html = int(n_random * 0.70), int(n_random * 0.15), int(n_random * 0.01)
    chunks = [records[:n_jsonl][k::3] for k in range(3)]
    for k, chunk in enumerate(chunks):
        with (root / f"wire{k}.jsonl").open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r) + "\n" for r in chunk)
    import csv

    with (root / "feed.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "text", "title", "published", "url",
                                                "source"])
        writer.writeheader()
        for r in records[n_jsonl:n_jsonl + n_csv]:
            writer.writerow({**r, "url": f"https://example.org/{r['id']}"})
    txt_dir = root / "txt"
    txt_dir.mkdir()
    html_dir = root / "html"
    html_dir.mkdir()
    rest = records[n_jsonl + n_csv:]
    for r in rest[:n_html]:
        (html_dir / f"{r['id']}.html").write_text(
            f"<html><head><title>{r['title']}</title></head><body><article>"
            f"<p>{r['text']}</p></article></body></html>", encoding="utf-8")
    for r in rest[n_html:]:
        (txt_dir / f"{r['id']}.txt").write_text(f"{r['title']}\n\n{r['text']}\n",
                                                 encoding="utf-8")
    # exact duplicates: 40 JSONL texts again under other ids and outlets
    dups = rng.sample(records[:n_jsonl], 40)
    with (root / "dups.jsonl").open("w", encoding="utf-8") as fh:
        for k, r in enumerate(dups):
            fh.write(json.dumps({**r, "id": f"dup{k}", "source": "Copycat"}) + "\n")
    # near duplicates: the same events told by different outlets
    groups = []
    with (root / "planted.jsonl").open("w", encoding="utf-8") as fh:
        for g, (published, reports) in enumerate(PLANTED):
            ids = []
            for k, template in enumerate(reports):
                rid = f"p{g}-{k}"
                ids.append(rid)
                text = template.format(a=5 + g, b=9 + g)
                fh.write(json.dumps({"id": rid, "text": text, "published": published,
                                     "source": OUTLETS[k]}) + "\n")
            groups.append(ids)
    # bad files
    bad = root / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (bad / "latin1.txt").write_bytes("Attaque \xe0 Gao\n\nDes hommes arm\xe9s".encode("latin-1"))
    (bad / "broken.jsonl").write_text('{"id": "ok1", "text": "Police arrested 3 men in Kano '
                                      'on Monday."}\n{"id": "x", "text": \n[1, 2]\n',
                                      encoding="utf-8")
    with (bad / "huge.txt").open("wb") as fh:
        fh.write(b"Huge\n\n" + b"Troops shelled the town. " * 840_000)  # 21 MB
    (bad / "truncated.html").write_bytes(b"<html><body><div><p>Gun")
    bad_inputs = ["empty.txt", "binary.txt", "latin1.txt", "broken.jsonl:2", "broken.jsonl:3",
                  "huge.txt", "truncated.html"]
    # and many more of each kind, so that 50 bad inputs are met in one run
    for k in range(9):
        (bad / f"empty{k}.txt").write_bytes(b"   \n" * k)
        (bad / f"binary{k}.txt").write_bytes(bytes([k, 0, 255, 0]) * (10 + k))
        (bad / f"cp1252_{k}.txt").write_bytes(f"Protest in Lom\xe9 {k}\n\nCaf\xe9".encode("cp1252"))
        (bad / f"broken{k}.jsonl").write_text('{"id": "b' + str(k) + '", "text": \n',
                                              encoding="utf-8")
        (bad / f"cut{k}.html").write_bytes(b"<html><body><p>" + b"<" * k)
        bad_inputs += [f"empty{k}.txt", f"binary{k}.txt", f"cp1252_{k}.txt",
                       f"broken{k}.jsonl:1", f"cut{k}.html"]
    assert len(bad_inputs) >= 50
    # .txt and .html texts carry their unique title; JSONL/CSV bodies may repeat by chance
    unique = {r["text"] for r in records[:n_jsonl + n_csv]}
    unique.add("Police arrested 3 men in Kano on Monday.")  # the good line of broken.jsonl
    n_planted = sum(len(ids) for ids in groups)
    return {"unique_articles": len(unique) + len(rest) + n_planted, "groups": groups,
            "duplicates": [(f"dup{k}", r["id"]) for k, r in enumerate(dups)],
            "bad_inputs": bad_inputs}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("corpus")
    return root, make_corpus(root / "in")


@pytest.fixture(scope="module")
def ingested(corpus: tuple[Path, dict]) -> dict:
    root, expected = corpus
    db = root / "events.duckdb"
    import contextlib
    import io

    err = io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stderr(err):
        code = main(["ingest", str(root / "in"), "--db", str(db), "--no-progress",
                     "--batch-size", "200"])
    seconds = time.perf_counter() - t0
    return {"db": db, "code": code, "stderr": err.getvalue(), "seconds": seconds, **expected}


def test_corpus_ingest_stores_every_unique_article_once(ingested: dict) -> None:
    assert ingested["code"] == 1  # bad files were met
    with open_store(ingested["db"], read_only=True) as store:
        con = store.con
        assert store.count("articles") == ingested["unique_articles"]
        assert con.execute("SELECT count(*) - count(DISTINCT content_hash) FROM articles"
                           ).fetchone() == (0,)
        assert con.execute("SELECT count(*) - count(DISTINCT event_id) FROM events"
                           ).fetchone() == (0,)
        assert store.count("events") >= ingested["unique_articles"]  # most articles code >= 1
        assert con.execute("SELECT count(*) FROM events WHERE cluster_id IS NULL"
                           ).fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM events e LEFT JOIN articles a "
                           "ON a.id = e.article_id WHERE a.id IS NULL").fetchone() == (0,)
        stored = {r[0] for r in con.execute("SELECT id FROM articles").fetchall()}
        for copy, original in ingested["duplicates"]:  # exactly one of each pair is stored
            assert (copy in stored) != (original in stored), (copy, original)


def test_every_bad_file_is_a_failure_and_a_stderr_line(ingested: dict) -> None:
    with open_store(ingested["db"], read_only=True) as store:
        failures = store.failures()
    inputs = [Path(i).name for i in failures["input"]]
    lines = [ln for ln in ingested["stderr"].splitlines() if ln.startswith("flashpoint: ")]
    for bad in ingested["bad_inputs"]:
        assert bad in inputs, (bad, inputs)
        assert any(f"{os.sep}{bad}: " in ln for ln in lines), bad
    assert len(failures) == len(ingested["bad_inputs"])
    assert "too large" in " ".join(failures["reason"])


def test_near_duplicates_from_different_outlets_form_one_cluster(ingested: dict) -> None:
    with open_store(ingested["db"], read_only=True) as store:
        con = store.con
        for ids in ingested["groups"]:
            rows = con.execute(
                "SELECT DISTINCT e.cluster_id, c.n_sources, c.fatalities_low, "
                "c.fatalities_best, c.fatalities_high, c.sources FROM events e JOIN clusters c "
                "USING (cluster_id) WHERE e.article_id IN (SELECT unnest(?)) "
                "AND e.plover_type = 'ASSAULT'", [ids]).fetchall()
            assert len(rows) == 1, (ids, rows)
            _, n_sources, low, best, high, sources = rows[0]
            assert n_sources == len(ids) >= 2
            assert len(sources) == len(ids)
            g = ingested["groups"].index(ids)
            assert best == low == 5 + g  # ACLED: the lowest estimate is the best
            assert high >= 9 + g


def test_reingest_adds_nothing_and_is_fast(corpus: tuple[Path, dict], ingested: dict,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = corpus
    with open_store(ingested["db"], read_only=True) as store:
        before = [store.count(t) for t in ("articles", "events", "clusters", "failures")]
    t0 = time.perf_counter()
    code = main(["ingest", str(root / "in"), "--db", str(ingested["db"]), "--no-progress"])
    seconds = time.perf_counter() - t0
    err = capsys.readouterr().err
    assert code == 1 and "0 new" in err
    with open_store(ingested["db"], read_only=True) as store:
        after = [store.count(t) for t in ("articles", "events", "clusters", "failures")]
    assert after == before
    assert seconds < ingested["seconds"] / 3, (seconds, ingested["seconds"])
    print(f"first ingest {ingested['seconds']:.1f} s, re-ingest {seconds:.1f} s")


# ---------------------------------------------------------------------- SIGKILL
def test_sigkill_then_rerun_matches_uninterrupted_run(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    rng = random.Random(3)
    lines = []
    for i in range(300):
        body = (f"{rng.choice(ACTORS)} {rng.choice(VERBS).format(p=rng.choice(PLACES), n=i)} "
                f"{rng.choice(DAYS)}{rng.choice(TAILS).format(n=i % 30 + 2)}")
        lines.append(json.dumps({"id": f"k{i}", "text": body, "published": "2023-05-17"}))
    lines.insert(60, "{not json")  # its failure line is printed once 3 batches of 20 committed
    (src / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    reference = tmp_path / "reference.duckdb"
    with open_store(reference) as store:
        ingest([str(src)], store, batch_size=20)
    db = tmp_path / "killed.duckdb"
    cmd = [sys.executable, "-m", "flashpoint.cli", "ingest", str(src), "--db", str(db),
           "--batch-size", "20", "--no-progress"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    for line in proc.stderr:
        if "not valid JSON" in line or time.monotonic() > deadline:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    with open_store(db, read_only=True) as store:
        partial = store.count("articles")
    assert 0 < partial < 300

    rerun = subprocess.run([*cmd, "--workers", "2"], capture_output=True, text=True,
                           timeout=300)
    assert rerun.returncode == 1, rerun.stderr  # the broken line is still a failure
    query = "SELECT {} FROM {} ORDER BY 1"
    with open_store(reference, read_only=True) as ref, open_store(db, read_only=True) as got:
        for table, col in (("articles", "content_hash"), ("events", "event_id"),
                           ("clusters", "cluster_id"), ("failures", "input")):
            want = ref.con.execute(query.format(col, table)).fetchall()
            have = got.con.execute(query.format(col, table)).fetchall()
            assert have == want, table
        assert got.count("articles") == 300
