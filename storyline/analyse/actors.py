"""Placeholder until the actors stage lands; it assigns nothing yet."""

from __future__ import annotations

from storyline.model import Document
from storyline.pipeline import Context, stage


@stage("actors")
def run(doc: Document, ctx: Context) -> Document:
    """Pass the document through unchanged."""
    return doc
