"""Ingest's progress bar knows its total before the first batch (a cheap count of the
inputs), so it shows the rate and an ETA from the start."""

from __future__ import annotations

import io
import json
from pathlib import Path

from flashpoint.store import ingest, open_store
from flashpoint.store.progress import count_inputs


def _corpus(root: Path) -> Path:
    folder = root / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Title\nSome words here.", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("Other\nMore words.", encoding="utf-8")
    (folder / "notes.md").write_text("not an input", encoding="utf-8")
    (folder / ".hidden.txt").write_text("skipped", encoding="utf-8")
    lines = [json.dumps({"id": f"j{i}", "text": f"Article {i} text."}) for i in range(3)]
    (folder / "feed.jsonl").write_text("\n".join(lines[:2]) + "\n\n" + lines[2],
                                       encoding="utf-8")  # a blank line, no final newline
    (folder / "rows.csv").write_text("id,text\nc1,First row.\nc2,Second row.\n",
                                     encoding="utf-8")
    return folder


def test_count_inputs(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    assert count_inputs([str(folder)]) == 2 + 3 + 2
    assert count_inputs([str(folder / "feed.jsonl"), str(tmp_path / "missing.txt")]) == 4
    assert count_inputs(["-"]) is None
    assert count_inputs([str(folder)], budget_s=-1) is None  # out of time: no total


def test_the_bar_has_its_total_from_the_first_batch(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    seen: list[int] = []

    def runner(batches, store_batch) -> None:
        for articles, failures in batches:
            seen.append(len(articles))
            store_batch(articles, failures, [([], None) for _ in articles])

    out = io.StringIO()
    with open_store(tmp_path / "e.duckdb") as store:
        report = ingest([str(folder)], store, runner=runner, progress=True,
                        progress_file=out, batch_size=3, cluster=False)
    assert report.stored == 7 and sum(seen) == 7
    text = out.getvalue()
    frames = [f for f in text.replace("\n", "\r").split("\r") if f.strip()]
    after_first = next(f for f in frames if "3/7" in f)  # drawn right after the first batch
    assert "%" in after_first and "<" in after_first and "articles/s" in after_first  # ETA, rate
    assert "7/7" in frames[-1]
