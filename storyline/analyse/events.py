"""Placeholder until the events stage lands; it assigns nothing yet."""

from __future__ import annotations

from storyline.model import Document
from storyline.pipeline import Context, stage


@stage("events")
def run(doc: Document, ctx: Context) -> Document:
    """Pass the document through unchanged."""
    return doc
