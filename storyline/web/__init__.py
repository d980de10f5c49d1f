"""The web page and the read-only HTTP API (``storyline serve``)."""

from storyline.web.app import create_app

__all__ = ["create_app"]
