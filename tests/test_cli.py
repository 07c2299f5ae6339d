"""The `flashpoint` command line: formats, bad input, exit codes, eval commands, offsets.

Most tests call `flashpoint.cli.main([...])` in-process (the spaCy pipeline loads once per
process); two run the installed entry point in a subprocess.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flashpoint.cli import escape_controls, main
from flashpoint.record import EVENT_KEYS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "article.txt"
SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "gold" / "seed.jsonl"

GOOD_TEXT = (
    "Gunmen attack police post in Kano\n\n"
    "Gunmen attacked a police post in Kano on Tuesday, killing three officers, "
    "police said.\n"
)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def _entry_point() -> list[str]:
    """The installed console script next to this interpreter, else `python -m flashpoint.cli`."""
    script = Path(sys.executable).parent / "flashpoint"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    found = shutil.which("flashpoint")
    return [found] if found else [sys.executable, "-m", "flashpoint.cli"]


# --- output formats ---------------------------------------------------------------------------


def test_jsonl_lines_are_objects_with_exactly_the_contract_keys(capsys):
    code, out, _ = _run(capsys, "extract", str(EXAMPLE), "--published", "2024-03-12",
                        "--format", "jsonl")
    assert code == 0
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) >= 1
    for line in lines:
        event = json.loads(line)
        assert isinstance(event, dict)
        assert list(event) == list(EVENT_KEYS)


def test_json_format_is_one_list(capsys):
    code, out, _ = _run(capsys, "extract", str(EXAMPLE), "--published", "2024-03-12",
                        "--format", "json")
    assert code == 0
    events = json.loads(out)
    assert isinstance(events, list) and events
    assert all(list(e) == list(EVENT_KEYS) for e in events)


def test_table_format_names_event_types(capsys):
    code, out, _ = _run(capsys, "extract", str(EXAMPLE), "--published", "2024-03-12",
                        "--format", "table")
    assert code == 0
    assert out.startswith("== ")
    assert "event(s)" in out
    assert "ASSAULT" in out
    assert "ACLED:" in out and "evidence [" in out
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_table_is_the_default_format(capsys):
    code, out, _ = _run(capsys, "extract", str(EXAMPLE), "--published", "2024-03-12")
    assert code == 0
    assert out.startswith("== ") and "ASSAULT" in out


def test_stdin_dash_is_read(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EXAMPLE.read_bytes()),
                                                       encoding="utf-8"))
    code, out, err = _run(capsys, "extract", "-", "--published", "2024-03-12",
                          "--format", "jsonl")
    assert code == 0, err
    events = _jsonl(out)
    assert events
    assert all(e["article_id"].startswith("stdin-") for e in events)


def test_published_fills_in_the_date(capsys):
    _, out, _ = _run(capsys, "extract", str(EXAMPLE), "--published", "2024-03-12",
                     "--format", "jsonl")
    for event in _jsonl(out):
        assert event["date"] is not None
        assert "2024-02-01" <= event["date"]["start"] <= event["date"]["end"] <= "2024-05-01"


# --- bad input --------------------------------------------------------------------------------


def test_jsonl_broken_line_is_reported_and_the_good_lines_processed(tmp_path, capsys):
    path = tmp_path / "batch.jsonl"
    good = [
        {"id": "a1", "text": GOOD_TEXT, "published": "2024-03-12"},
        {"id": "a2", "text": EXAMPLE.read_text(encoding="utf-8"), "published": "2024-03-12"},
    ]
    path.write_text(
        "\n".join(json.dumps(r) for r in good) + '\n{"id": "a3", "text": "broken\n',
        encoding="utf-8",
    )
    code, out, err = _run(capsys, "extract", str(path), "--format", "jsonl")
    assert code == 1
    assert {e["article_id"] for e in _jsonl(out)} == {"a1", "a2"}
    err_lines = err.strip().splitlines()
    assert len(err_lines) == 1
    assert f"{path}:3" in err_lines[0]
    assert "not valid JSON" in err_lines[0]


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name -> (path, a word the stderr line must contain)."""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"Attack\n\x00\x01\x02\x00 killed" * 10)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Attaque à Bamako\n\nDes hommes armés ont tué".encode("latin-1"))
    missing = tmp_path / "missing.txt"
    truncated = tmp_path / "truncated.html"
    truncated.write_text(
        "<!DOCTYPE html><html><head><title>Militants attack</title></head>"
        "<body><article><p>Militants atta",
        encoding="utf-8",
    )
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # sparse: 21 MB on paper, instant to create
        fh.truncate(21_000_000)
    return {
        "empty": (empty, "empty"),
        "binary": (binary, "binary"),
        "non-utf8": (latin1, "UTF-8"),
        "missing": (missing, "no such file"),
        "truncated html": (truncated, "HTML"),
        "oversized": (big, "too large"),
    }


@pytest.mark.parametrize(
    "kind", ["empty", "binary", "non-utf8", "missing", "truncated html", "oversized"]
)
def test_bad_file_is_one_stderr_line_and_the_others_are_processed(tmp_path, capsys, kind):
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    bad, word = _bad_inputs(tmp_path)[kind]
    code, out, err = _run(capsys, "extract", str(bad), str(good), "--published", "2024-03-12",
                          "--format", "jsonl")
    assert code == 1
    err_lines = err.strip().splitlines()
    assert len(err_lines) == 1, err
    assert err_lines[0].startswith(f"flashpoint: {bad}: ")
    assert word in err_lines[0]
    events = _jsonl(out)
    assert events and all(e["article_id"].startswith("good-") for e in events)


def test_all_bad_inputs_together_give_one_line_each(tmp_path, capsys):
    bad = _bad_inputs(tmp_path)
    code, out, err = _run(capsys, "extract", *(str(p) for p, _ in bad.values()),
                          str(EXAMPLE), "--published", "2024-03-12", "--format", "jsonl")
    assert code == 1
    err_lines = err.strip().splitlines()
    assert len(err_lines) == len(bad)
    for (path, word), line in zip(bad.values(), err_lines, strict=True):
        assert str(path) in line and word in line
    assert _jsonl(out)


def test_all_good_inputs_exit_zero_with_silent_stderr(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    code, _, err = _run(capsys, "extract", str(EXAMPLE), str(good), "--published", "2024-03-12",
                        "--format", "jsonl")
    assert code == 0
    assert err == ""


def test_folder_input_is_walked(tmp_path, capsys):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "two.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = _run(capsys, "extract", str(tmp_path), "--published", "2024-03-12",
                        "--format", "jsonl")
    assert code == 0
    ids = {e["article_id"].split("-")[0] for e in _jsonl(out)}
    assert ids == {"one", "two"}


# --- usage errors -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["12/03/2024", "2024-13-01", "yesterday"])
def test_bad_published_is_a_usage_error(capsys, value):
    code, out, err = _run(capsys, "extract", str(EXAMPLE), "--published", value)
    assert code == 2
    assert out == ""
    assert "not a date" in err


def test_unknown_format_and_missing_command_are_usage_errors(capsys):
    assert _run(capsys, "extract", str(EXAMPLE), "--format", "xml")[0] == 2
    assert _run(capsys)[0] == 2


def test_help_exits_zero(capsys):
    code, out, _ = _run(capsys, "--help")
    assert code == 0
    assert "extract" in out and "eval-plover" in out


# --- eval commands ----------------------------------------------------------------------------


def test_eval_on_the_seed_gold_prints_scores(capsys):
    if not GOLD.is_file():
        pytest.skip(f"shared gold file not present at {GOLD}")
    code, out, err = _run(capsys, "eval", str(GOLD), "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    assert set(result) == {"events", "fields"}
    assert set(result["events"]) == {"precision", "recall", "f1", "tp", "fp", "fn"}
    for key in ("precision", "recall", "f1"):
        assert 0.0 <= result["events"][key] <= 1.0
    assert result["events"]["tp"] + result["events"]["fn"] >= 1
    assert isinstance(result["fields"], dict) and result["fields"]


def test_eval_missing_gold_file_exits_one(tmp_path, capsys):
    code, _, err = _run(capsys, "eval", str(tmp_path / "nope.jsonl"))
    assert code == 1
    assert "nope.jsonl" in err


def test_eval_plover_on_a_tiny_file(tmp_path, capsys):
    records = [
        {
            "id": "T-ASSAULT-1", "event": "ASSAULT",
            "text": "Syrian troops shelled rebel positions near Aleppo on Monday.",
            "source": [{"actorText": "Syrian troops", "code": "SYRMIL"}],
            "target": [{"actorText": "rebel", "code": "SYRREB"}],
            "textInfo": {"markup": "(SRC: Syrian troops) (EVT: shelled) (TAR: rebel) positions"},
        },
        {
            "id": "T-PROTEST-1", "event": "PROTEST",
            "text": "Thousands of Kenyan students protested in Nairobi against fee increases.",
            "source": [{"actorText": "Kenyan students", "code": "KENEDU"}],
            "target": [{"actorText": "Kenyan", "code": "KENGOV"}],
            "textInfo": {"markup": "Thousands of (SRC: Kenyan students) (EVT: protested)"},
        },
        {
            "id": "T-AGREE-1", "event": "AGREE",
            "text": "Indian and Pakistani officials agreed to resume talks next month.",
            "source": [{"actorText": "Indian", "code": "INDGOV"}],
            "target": [{"actorText": "Pakistani", "code": "PAKGOV"}],
            "textInfo": {"markup": "(SRC: Indian) and (TAR: Pakistani) officials (EVT: agreed)"},
        },
    ]
    path = tmp_path / "plover.txt"
    path.write_text(json.dumps(records), encoding="utf-8")
    code, out, err = _run(capsys, "eval-plover", str(path), "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    assert result["n"] == 3
    assert 0.0 <= result["type_accuracy"] <= 1.0
    assert set(result["per_type"]) >= {"ASSAULT", "PROTEST", "AGREE"}


def test_eval_plover_missing_file_exits_one(tmp_path, capsys):
    code, _, err = _run(capsys, "eval-plover", str(tmp_path / "none.txt"))
    assert code == 1
    assert "none.txt" in err


# --- offsets ----------------------------------------------------------------------------------


def _spans(event: dict) -> list[tuple[str, int, int, str]]:
    """(what, start, end, expected text) for every offset-carrying part of an event."""
    spans = [("evidence", event["evidence"]["start"], event["evidence"]["end"],
              event["evidence"]["sentence"])]
    for key in ("actor1", "actor2", "location", "fatalities", "attribution"):
        part = event[key]
        if part and part.get("start") is not None:
            spans.append((key, part["start"], part["end"], part["text"]))
    date = event["date"]
    if date and date.get("start_char") is not None and date.get("text") is not None:
        spans.append(("date", date["start_char"], date["end_char"], date["text"]))
    return spans


def _example_events(capsys: pytest.CaptureFixture[str]) -> tuple[str, list[dict]]:
    text = EXAMPLE.read_text(encoding="utf-8")
    _, out, _ = _run(capsys, "extract", str(EXAMPLE), "--published", "2024-03-12",
                     "--format", "jsonl")
    events = _jsonl(out)
    assert events
    return text, events


def test_offsets_point_into_the_article_text(capsys):
    text, events = _example_events(capsys)
    for event in events:
        for what, start, end, expected in _spans(event):
            assert 0 <= start <= end <= len(text), (what, start, end)
            assert text[start:end] == expected, (event["event_id"], what)


def test_denial_evidence_offsets_point_into_the_article_text(capsys):
    text, events = _example_events(capsys)
    denials = [d for e in events for d in e["denials"]]
    assert denials, "the example article's last sentence is a denial"
    for denial in denials:
        ev = denial["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["sentence"]


# --- untrusted text ---------------------------------------------------------------------------

EVIL = (
    "Attack in Kabul\n\n"
    "Gunmen killed five civilians in Kabul on Monday <script>alert(1)</script>, police said. "
    "\x1b[31mTaliban fighters attacked a checkpoint in Kandahar\x1b[0m on Tuesday.\u202e\r\n"
)


def test_untrusted_text_does_not_crash_and_the_table_emits_no_control_characters(
    tmp_path, capsys
):
    path = tmp_path / "evil.txt"
    path.write_text(EVIL, encoding="utf-8")
    code, out, err = _run(capsys, "extract", str(path), "--published", "2024-03-12")
    assert code == 0, err
    assert "ASSAULT" in out
    assert "\x1b" not in out and "\r" not in out and "\u202e" not in out
    assert "Kandahar" in out
    code, out, _ = _run(capsys, "extract", str(path), "--published", "2024-03-12",
                        "--format", "jsonl")
    assert code == 0
    assert "\x1b" not in out  # JSON escapes control characters itself
    assert any("<script>" in e["evidence"]["sentence"] for e in _jsonl(out))


def test_failure_lines_escape_control_characters_in_file_names(tmp_path, capsys):
    path = tmp_path / "bad\x1b[2Jname.txt"
    code, _, err = _run(capsys, "extract", str(path))
    assert code == 1
    assert "\x1b" not in err and "\\u001b" in err
    assert len(err.strip().splitlines()) == 1


def test_escape_controls_keeps_newlines_and_printable_text():
    assert escape_controls("a\nb") == "a\nb"
    assert escape_controls("tab\there") == "tab\\u0009here"
    assert escape_controls("x\x1b[31my\x7f\u202e") == "x\\u001b[31my\\u007f\\u202e"
    assert escape_controls("Ḩamāh — «café»") == "Ḩamāh — «café»"


# --- the real entry point ---------------------------------------------------------------------


def test_entry_point_jsonl_subprocess():
    proc = subprocess.run(
        [*_entry_point(), "extract", str(EXAMPLE), "--published", "2024-03-12",
         "--format", "jsonl"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    events = _jsonl(proc.stdout)
    assert events and all(list(e) == list(EVENT_KEYS) for e in events)


def test_module_entry_point_stdin_and_failures_subprocess(tmp_path):
    missing = tmp_path / "missing.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "flashpoint.cli", "extract", "-", str(missing),
         "--published", "2024-03-12", "--format", "jsonl"],
        input=GOOD_TEXT, capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [f"flashpoint: {missing}: no such file"]
    events = _jsonl(proc.stdout)
    assert events and all(e["article_id"].startswith("stdin-") for e in events)


def test_terminal_escapes_do_not_hide_names():
    import flashpoint

    text = "\x1b[31mTaliban fighters attacked a checkpoint in Kandahar\x1b[0m on Tuesday."
    events = flashpoint.extract(text, published="2024-03-12")
    assert events and events[0].actor1 is not None and events[0].actor1.name == "Taliban"
    assert events[0].location is not None and events[0].location.text == "Kandahar"
