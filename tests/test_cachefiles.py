"""Cache pruning: stale versions go, recent ones (another checkout's) stay."""

from __future__ import annotations

import os
from pathlib import Path

from flashpoint.cachefiles import prune_stale


def _touch(path: Path, mtime: float) -> Path:
    path.write_bytes(b"x")
    os.utime(path, (mtime, mtime))
    return path


def test_keeps_the_newest_other_versions_and_drops_old_ones(tmp_path: Path) -> None:
    now = 1_000_000.0
    current = _touch(tmp_path / "rulers-m-cur.pickle", now)
    for name, age in {"a": 10, "b": 20, "c": 30, "d": 3 * 86400}.items():
        _touch(tmp_path / f"rulers-m-{name}.pickle", now - age)
    index = _touch(tmp_path / "rulers-m-key-1.txt", now - 40)
    gone = {p.name for p in prune_stale(current, "rulers-*.pickle", keep=2, now=now)}
    assert gone == {"rulers-m-c.pickle", "rulers-m-d.pickle"}
    assert current.exists() and index.exists()


def test_a_recent_version_survives_even_when_it_is_not_the_newest(tmp_path: Path) -> None:
    now = 1_000_000.0
    current = _touch(tmp_path / "gazetteer-new.pickle", now)
    other = _touch(tmp_path / "gazetteer-other.pickle", now - 3600)
    assert prune_stale(current, "gazetteer-*.pickle", now=now) == []
    assert other.exists()


def test_building_rulers_prunes_stale_rulers_caches(tmp_path: Path) -> None:
    from flashpoint.nlp.pipeline import load_language
    from flashpoint.record import EntityPattern

    stale = _touch(tmp_path / "rulers-x-stale.pickle", 1000.0)  # years old
    load_language([EntityPattern(label="GPE", text="Qaraqosh", id="place:t")],
                  cache_dir=tmp_path)
    assert not stale.exists()
    assert list(tmp_path.glob("rulers-*.pickle"))
