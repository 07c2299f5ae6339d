"""The web UI and read-only HTTP API over the event store (`flashpoint serve`)."""

from flashpoint.web.app import create_app

__all__ = ["create_app"]
