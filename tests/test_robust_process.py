"""Kills, interrupts and a busy store, with the real `flashpoint ingest` in subprocesses:
no worker outlives its parent, SIGTERM rolls back and says so in one line, a held store is
exit code 4 with a plain message, and a re-run after a kill stores everything once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")

SENTENCES = [
    "Gunmen attacked a police post in the town of Gao on Monday, killing {n} officers.",
    "Troops shelled rebel positions near Homs on Tuesday, wounding {n} fighters.",
    "Protesters marched in Lagos on Friday and {n} people were arrested, police said.",
]


def _corpus(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"Report {i}\n\n" + " ".join(s.format(n=i % 9 + 2) for s in SENTENCES)
            fh.write(json.dumps({"id": f"r{i}", "published": "2024-05-06", "text": text}) + "\n")
    return path


def _cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "flashpoint.cli", *args]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def _stored(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        con.close()


def test_killed_parent_leaves_no_worker_and_rerun_completes(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c.jsonl", 1500)
    db = tmp_path / "k.duckdb"
    args = ("ingest", str(corpus), "--db", str(db), "--workers", "2", "--batch-size", "10",
            "--no-progress")
    proc = subprocess.Popen(_cmd(*args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert _wait_for(lambda: len(_children(proc.pid)) >= 2, 120), "no workers started"
        workers = _children(proc.pid)
        wal = db.with_name(db.name + ".wal")  # grows once the workers' first batch commits
        assert _wait_for(lambda: wal.exists() and wal.stat().st_size > 0, 180)
        time.sleep(1)
        proc.kill()
        proc.wait(30)
        assert _wait_for(lambda: not any(_alive(w) for w in workers), 20), "orphan workers"
        assert b"Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
    rerun = subprocess.run(_cmd(*args), capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert _stored(db) == 1500


def test_sigterm_rolls_back_and_prints_one_line(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c.jsonl", 3000)
    db = tmp_path / "t.duckdb"
    proc = subprocess.Popen(_cmd("ingest", str(corpus), "--db", str(db), "--batch-size", "5",
                                 "--no-progress"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(12)  # the model loads, some batches commit
    assert proc.poll() is None, "finished before the signal: make the corpus larger"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "interrupted" in lines[0] and "Traceback" not in err
    assert 0 < _stored(db) < 3000  # what was read is committed, the rest is not
    rerun = subprocess.run(_cmd("ingest", str(corpus), "--db", str(db), "--no-progress"),
                           capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0 and _stored(db) == 3000, rerun.stderr


def test_a_held_store_is_exit_code_4_with_a_plain_message(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c.jsonl", 1)
    db = tmp_path / "h.duckdb"
    holder = duckdb.connect(str(db))  # this process now holds the file
    try:
        env = {**os.environ}
        r = subprocess.run(_cmd("ingest", str(corpus), "--db", str(db), "--no-progress"),
                           capture_output=True, text=True, timeout=120, env=env)
        assert r.returncode == 4, r.stderr
        assert r.stderr.count("\n") == 1 and "in use by another flashpoint process" in r.stderr
        waited = subprocess.run(_cmd("ingest", str(corpus), "--db", str(db), "--no-progress",
                                     "--wait", "1"),
                                capture_output=True, text=True, timeout=120)
        assert waited.returncode == 4
    finally:
        holder.close()
