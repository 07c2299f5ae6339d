"""What every `flashpoint` command module shares: exit codes, argument types, safe printing.

The command modules (`cli`, `cli_eval`, `cli_train`, `cli_store`, `cli_watch`) import from
here; this module imports none of them.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterator

EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE, EXIT_BROKEN, EXIT_LOCKED = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130  # SIGINT/SIGTERM: the batch in hand rolled back, a re-run goes on


def date_arg(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"not a positive integer: {value!r}")
    return number


# C0/C1 control characters except newline, DEL, and bidi overrides/isolates ("Trojan source")
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    """Untrusted text made safe for a terminal: control characters become \\uXXXX escapes."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@contextlib.contextmanager
def stop_on_signal() -> Iterator[Callable[[], bool]]:
    """The first SIGINT or SIGTERM asks `ingest` to stop at the next input (the batch in
    hand is committed); a second SIGINT interrupts at once (the open transaction rolls
    back). Yields the poll function `ingest` takes as `stop`."""
    import signal

    asked: list[int] = []

    def handler(signum: int, frame: object) -> None:
        if asked and signum == signal.SIGINT:
            raise KeyboardInterrupt
        asked.append(signum)

    try:
        old = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread (the CLI called from a thread): no handlers
        yield lambda: False
        return
    try:
        yield lambda: bool(asked)
    finally:
        for sig, previous in old.items():
            signal.signal(sig, previous)


def load_model_or_exit(path: str, err) -> object:
    """The `--model FILE` classifier, or `EXIT_USAGE` after one line naming the file."""
    from flashpoint.learn import TrainingError, load_model

    try:
        return load_model(path)
    except OSError as exc:
        print(f"flashpoint: {escape_controls(path)}: cannot read the model file "
              f"({escape_controls(exc.strerror or str(exc))})", file=err)
    except TrainingError as exc:
        print(f"flashpoint: {escape_controls(str(exc))}", file=err)
    return EXIT_USAGE

