"""`flashpoint ingest --engine dask` gives the local engine's store, over loopback only.

The corpus is a few dozen short generated articles (conflict reports, no-event texts, two
outlets reporting one event, an exact duplicate, an empty and a binary file). It is ingested
by the local engine into one DuckDB file and by the Dask engine (a LocalCluster of 2 worker
processes, through the CLI) into another; articles, event records, clusters and failures
must be the same.

Loopback only: a guard (written as `sitecustomize.py` on PYTHONPATH, so it is installed in
every worker process from its first line, and imported here for the client, scheduler and
nannies) records and blocks every socket connect/send/bind and name lookup that is not
loopback or a Unix socket. Each process self-checks the guard against TEST-NET 192.0.2.1
(blocked before anything is sent); the test asserts the self-checks ran in the worker
processes and that nothing else was recorded. Native code that opens sockets without
Python's `socket` module is outside its reach.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed")
pytest.importorskip("pyarrow", reason="the dask extra is not installed")

from flashpoint.cli import main  # noqa: E402
from flashpoint.store import ingest, open_store  # noqa: E402

GUARD = r'''
"""Test guard: record and block socket use beyond loopback in this process."""
import ipaddress
import os
import socket

_VIOLATIONS = os.environ.get("FP_NET_GUARD_LOG", "")
_SELFCHECKS = os.environ.get("FP_NET_GUARD_SELFCHECK", "")
_INET = (socket.AF_INET, socket.AF_INET6)
_orig = {}
_in_selfcheck = False


def _append(path, line):
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


def _loopback(host):
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(str(host).split("%")[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or bool(mapped and mapped.is_loopback)


def _block(op, target):
    line = f"{os.getpid()} {op} {target!r}"
    _append(_SELFCHECKS if _in_selfcheck else _VIOLATIONS, line)
    raise OSError(f"fp-net-guard: {op} {target!r} blocked (not loopback)")


def _check_sock(sock, op, address):
    if sock.family in _INET and isinstance(address, tuple) and not _loopback(address[0]):
        _block(op, address)


def _wrap_method(name, addr_of):
    orig = getattr(socket.socket, name)
    _orig[("socket", name)] = orig

    def guarded(self, *args, **kwargs):
        address = addr_of(args)
        if address is not None:
            _check_sock(self, name, address)
        return orig(self, *args, **kwargs)

    setattr(socket.socket, name, guarded)


def _wrap_lookup(name, host_of):
    orig = getattr(socket, name)
    _orig[("module", name)] = orig

    def guarded(*args, **kwargs):
        host = host_of(args, kwargs)
        if host not in (None, "", b"") and not _loopback(host):
            _block(name, host)
        return orig(*args, **kwargs)

    setattr(socket, name, guarded)


def install():
    if _orig:
        return
    _wrap_method("connect", lambda a: a[0] if a else None)
    _wrap_method("connect_ex", lambda a: a[0] if a else None)
    _wrap_method("bind", lambda a: a[0] if a else None)
    _wrap_method("sendto", lambda a: a[-1] if len(a) >= 2 else None)
    _wrap_method("sendmsg", lambda a: a[3] if len(a) >= 4 else None)
    _wrap_lookup("getaddrinfo", lambda a, k: a[0] if a else k.get("host"))
    _wrap_lookup("gethostbyname", lambda a, k: a[0] if a else None)
    _wrap_lookup("gethostbyname_ex", lambda a, k: a[0] if a else None)
    _wrap_lookup("gethostbyaddr", lambda a, k: a[0] if a else None)
    _wrap_lookup("getnameinfo", lambda a, k: a[0][0] if a and a[0] else None)


def uninstall():
    for (where, name), orig in _orig.items():
        setattr(socket.socket if where == "socket" else socket, name, orig)
    _orig.clear()


def selfcheck():
    """Connect to TEST-NET-1 with the guard on: it must block (and note) the attempt."""
    global _in_selfcheck
    _in_selfcheck = True
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.settimeout(0.01)
        sock.connect(("192.0.2.1", 9))
    except OSError as exc:
        return "fp-net-guard" in str(exc)
    finally:
        _in_selfcheck = False
        sock.close()
    return False


if _VIOLATIONS:
    install()
    selfcheck()
'''

ACTORS = ["Syrian government forces", "Islamic State militants", "Nigerian troops",
          "Boko Haram fighters", "Al-Shabaab militants", "Houthi rebels", "Police", "Gunmen"]
PLACES = ["Aleppo", "Mosul", "Maiduguri", "Mogadishu", "Sanaa", "Kano", "Homs", "Baghdad"]
VERBS = ["attacked a checkpoint in {p}", "shelled {p}", "fired on protesters in {p}",
         "arrested {n} activists in {p}", "ambushed a convoy near {p}"]
TAILS = [", killing {n} civilians, residents said.", ".", ", wounding {n}."]
NO_EVENT = [
    "The central bank kept interest rates unchanged on Tuesday.",
    "A new bridge over the river opened to traffic in Lagos.",
    "The football team won the regional cup after extra time.",
]


def make_corpus(root: Path) -> list[str]:
    """A few dozen short articles in .jsonl, .txt and .csv, with a duplicate and bad files."""
    rng = random.Random(7)
    root.mkdir(parents=True)
    rows = []
    for i in range(24):
        text = (f"{rng.choice(ACTORS)} {rng.choice(VERBS)} on Monday{rng.choice(TAILS)}"
                .format(p=rng.choice(PLACES), n=rng.randint(2, 40)))
        rows.append({"id": f"w{i:02d}", "text": text, "published": f"2023-05-{1 + i % 28:02d}",
                     "source": f"Outlet {i % 3}"})
    for i, text in enumerate(NO_EVENT):
        rows.append({"id": f"n{i}", "text": text, "published": "2023-06-01"})
    same = [  # one event, two outlets: one cluster of two
        "Al-Shabaab militants attacked a military base in Buulobarde on Tuesday, killing 9 "
        "soldiers, officials said.",
        "Al-Shabaab militants stormed a military base in Buulobarde on Tuesday and killed at "
        "least 11 soldiers.",
    ]
    for i, text in enumerate(same):
        rows.append({"id": f"k{i}", "text": text, "published": "2022-02-09",
                     "source": f"Buulobarde {i}"})
    (root / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows),
                                     encoding="utf-8")
    (root / "txt").mkdir()
    (root / "txt" / "a.txt").write_text(
        "Houthi rebels fired missiles at Marib on Friday, killing 4 people.\n", encoding="utf-8")
    (root / "txt" / "dup.txt").write_text(rows[0]["text"] + "\n", encoding="utf-8")
    (root / "txt" / "dup2.txt").write_text(rows[0]["text"] + "\n", encoding="utf-8")
    (root / "txt" / "empty.txt").write_text("", encoding="utf-8")
    (root / "txt" / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    (root / "more.csv").write_text(
        "id,text,title,published,url,source\n"
        'c1,"Police arrested 12 protesters in Nairobi on Sunday.",,2023-07-02,,Star\n'
        'c2,"Gunmen killed 3 villagers in Kaduna on Saturday.",,2023-07-01,,Star\n',
        encoding="utf-8")
    return [str(root / "wire.jsonl"), str(root / "txt"), str(root / "more.csv")]


def snapshot(db: Path) -> dict[str, object]:
    """What must be equal between engines (ingest times aside)."""
    with open_store(db, read_only=True) as store:
        con = store.con

        def rows(sql: str) -> list[tuple]:
            return sorted(tuple(map(str, r)) for r in con.execute(sql).fetchall())

        return {
            "articles": rows("SELECT id, content_hash, url, source, title, published, text, "
                             "origin FROM articles"),
            "records": sorted(json.dumps(json.loads(r[0]), sort_keys=True) for r in
                              con.execute("SELECT record FROM events").fetchall()),
            "events": rows("SELECT * EXCLUDE (record) FROM events"),
            "clusters": rows("SELECT * FROM clusters"),
            "failures": rows("SELECT input, reason, stage FROM failures"),
        }


@pytest.fixture
def net_guard(tmp_path, monkeypatch):
    """The loopback guard in this process and (via PYTHONPATH) in every process started."""
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    violations, selfchecks = tmp_path / "violations.log", tmp_path / "selfchecks.log"
    violations.touch()
    monkeypatch.setenv("FP_NET_GUARD_LOG", str(violations))
    monkeypatch.setenv("FP_NET_GUARD_SELFCHECK", str(selfchecks))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(guard_dir), *filter(None, [os.environ.get("PYTHONPATH")])]))
    monkeypatch.setenv("DASK_DISTRIBUTED__DIAGNOSTICS__NVML", "False")
    spec = importlib.util.spec_from_file_location("_fp_net_guard", guard_dir / "sitecustomize.py")
    assert spec and spec.loader
    guard = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(guard)  # installs it here and self-checks
    try:
        yield guard, violations, selfchecks
    finally:
        guard.uninstall()


def _pids(log: Path) -> set[int]:
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    return {int(line.split()[0]) for line in text.splitlines() if line}


def test_dask_engine_equals_local_engine_over_loopback_only(tmp_path, net_guard, capsys):
    from distributed import LocalCluster

    from flashpoint.engines.dask_engine import ingest_dask, read_shard

    guard, violations, selfchecks = net_guard
    assert os.getpid() in _pids(selfchecks), "the guard did not block TEST-NET here"
    assert guard.selfcheck()  # and it keeps doing so
    paths = make_corpus(tmp_path / "corpus")

    local_db = tmp_path / "local.duckdb"
    with open_store(local_db) as store:
        local = ingest(paths, store, workers=1, batch_size=6)
    assert local.stored >= 28 and local.events >= 20 and local.failures == 2

    dask_db, shards = tmp_path / "dask.duckdb", tmp_path / "shards"
    code = main(["ingest", "--engine", "dask", "--workers", "2", "--batch-size", "6",
                 "--no-progress", "--db", str(dask_db), "--shards", str(shards),
                 "--keep-shards", *paths])
    err = capsys.readouterr().err
    assert code == 1, err  # the empty and the binary file
    assert "empty.txt" in err and "blob.txt" in err and "Traceback" not in err
    assert f"{local.stored} new" in err and f"{local.events} events" in err

    want, got = snapshot(local_db), snapshot(dask_db)
    assert got["records"] == want["records"]
    for table in ("articles", "events", "clusters", "failures"):
        assert got[table] == want[table], table
    assert any(int(row[1]) >= 2 for row in want["clusters"])  # n_events: a real cluster

    # one shard per batch; together they hold every stored article and every failure
    files = sorted(shards.glob("*.parquet"))
    assert len(files) == -(-(local.stored) // 6)
    parts = [read_shard(f) for f in files]
    assert sum(len(a) for a, _, _ in parts) == local.stored
    assert sum(len(f) for _, f, _ in parts) == 2

    # the processes that ran the extraction had the guard (self-checked in each of them)
    worker_pids = _pids(selfchecks) - {os.getpid()}
    assert len(worker_pids) >= 2, "the guard did not reach the Dask worker processes"

    # re-run on an existing cluster (the --scheduler path): nothing new, nothing changes
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None,
                      scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        with open_store(dask_db) as store:
            again = ingest_dask(paths, store, scheduler=cluster.scheduler_address)
    assert (again.stored, again.events, again.skipped) == (0, 0, local.read)
    assert again.failures == 2 and again.shards == 1  # the bad inputs' failure-only shard
    assert snapshot(dask_db)["records"] == want["records"]
    assert not list(tmp_path.glob(".flashpoint-shards-*"))  # temp shard folder removed

    assert violations.read_text(encoding="utf-8") == "", "traffic beyond loopback"


def test_guard_records_non_loopback(tmp_path, net_guard):
    """The guard can fail the test: a lookup and a connect beyond loopback are recorded."""
    import socket

    guard, violations, _ = net_guard
    with pytest.raises(OSError, match="fp-net-guard"):
        socket.create_connection(("192.0.2.1", 9), timeout=0.01)
    with pytest.raises(OSError, match="fp-net-guard"):
        socket.getaddrinfo("example.invalid", 80)
    logged = violations.read_text(encoding="utf-8")
    assert "192.0.2.1" in logged and "example.invalid" in logged
    with socket.create_server(("127.0.0.1", 0)) as server:  # loopback passes
        socket.create_connection(server.getsockname(), timeout=1).close()


def test_unreachable_scheduler_is_one_line(tmp_path, capsys):
    import dask

    paths = make_corpus(tmp_path / "corpus")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code = main(["ingest", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9",
                     "--no-progress", "--db", str(tmp_path / "x.duckdb"), paths[0]])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err.startswith("flashpoint: tcp://127.0.0.1:9: cannot reach the Dask scheduler")
    assert len(err.splitlines()) == 1


def test_missing_dask_is_a_broken_installation(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    monkeypatch.delitem(sys.modules, "flashpoint.engines.dask_engine", raising=False)
    code = main(["ingest", "--engine", "dask", "--db", str(tmp_path / "x.duckdb"), "x.txt"])
    err = capsys.readouterr().err.strip()
    assert code == 3
    assert "pip install 'flashpoint[dask]'" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "x.duckdb").exists()


def test_dask_flags_need_the_dask_engine(tmp_path, capsys):
    code = main(["ingest", "--scheduler", "tcp://127.0.0.1:8786", "--db",
                 str(tmp_path / "x.duckdb"), "x.txt"])
    assert code == 2
    assert "--scheduler needs --engine dask" in capsys.readouterr().err


def test_failed_task_is_recorded_not_raised(tmp_path):
    """A task whose worker died: its articles become analysis failures (a re-run retries)."""
    from flashpoint.engines.dask_engine import _ShardRunner

    class DeadFuture:
        def result(self) -> bytes:
            raise RuntimeError("worker died\nremote traceback ...")

    class DeadClient:
        def register_plugin(self, plugin: object) -> None:
            pass

        def submit(self, *args: object, **kwargs: object) -> DeadFuture:
            return DeadFuture()

    paths = make_corpus(tmp_path / "corpus")
    shards = tmp_path / "shards"
    shards.mkdir()
    runner = _ShardRunner(DeadClient(), shards, keep=False, window=2)  # type: ignore[arg-type]
    with open_store(tmp_path / "x.duckdb") as store:
        report = ingest(paths, store, runner=runner, batch_size=10, cluster=False)
        failures = store.failures()
        assert store.count("articles") == 0
    new = report.read - report.skipped
    assert report.stored == 0 and report.failures == new + 2  # + the two bad files
    analysis = failures[failures.stage == "analysis"]
    assert len(analysis) == new
    assert set(analysis.reason) == {"Dask task failed (RuntimeError: worker died)"}
    assert runner.shards == -(-new // 10)
    assert not list(shards.iterdir())  # written, loaded, removed
