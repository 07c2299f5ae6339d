"""flashpoint: conflict and political news -> coded event data, with evidence."""

from __future__ import annotations

__version__ = "0.1.0"
