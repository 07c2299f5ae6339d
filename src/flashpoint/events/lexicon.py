"""Where the coding knowledge used to live; kept so that old imports still work.

The knowledge is loaded and checked in `knowledge`, triggers are matched in `triggers` and
ACLED codes chosen in `coding`.
"""

from __future__ import annotations

from flashpoint.events.coding import acled_codes
from flashpoint.events.knowledge import (
    NOMINAL_POS,
    VERBAL_POS,
    Lexicon,
    TriggerEntry,
    doc_text,
    load_lexicon,
)
from flashpoint.events.triggers import Trigger, find_triggers

__all__ = ["NOMINAL_POS", "VERBAL_POS", "Lexicon", "Trigger", "TriggerEntry", "acled_codes",
           "doc_text", "find_triggers", "load_lexicon"]
