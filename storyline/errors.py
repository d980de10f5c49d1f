"""One exception hierarchy. Each message says what happened and how to fix it."""

from __future__ import annotations


class StorylineError(Exception):
    """Base class: the CLI prints ``Error: <message>`` and exits non-zero."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")


class InputError(StorylineError):
    """A path given on the command line does not exist or cannot be read."""

    code = "E001"


class DocumentError(StorylineError):
    """One document cannot be ingested; the batch goes on without it.

    ``reason`` is a short category (empty, binary, encoding, too-large,
    malformed) used to summarise skips at the end of a build.
    """

    code = "E002"

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class StoreError(StorylineError):
    """The database is missing, locked, or of an unknown schema version."""

    code = "E003"


class ModelError(StorylineError):
    """The spaCy model cannot be loaded."""

    code = "E004"


class UsageError(StorylineError):
    """An option or argument has a value storyline cannot use."""

    code = "E005"
