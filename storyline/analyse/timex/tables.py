"""The compiled patterns the trigger scan uses on a text: ASCII twins where they match alike.

Python's regex engine matches a case-insensitive Unicode pattern slower than the same
pattern compiled with ``re.ASCII``, which folds case and tests ``\\w``, ``\\d`` and
``\\s`` without Unicode tables. On ASCII text the two match alike, with one exception:
Unicode ``\\s`` also matches the separators U+001C to U+001F, and ASCII ``\\s`` does
not. So :func:`table_for` gives the ASCII twins to ASCII text without those separators
(most news text), and the original patterns to any other text. No pattern holds a
non-ASCII character that folds to an ASCII one (such as the Kelvin sign), so case
folding cannot tell the two apart on ASCII text either.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from storyline.analyse.timex import patterns as rules


def ascii_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """Return ``pattern`` compiled with ``re.ASCII`` in place of ``re.UNICODE``."""
    return re.compile(pattern.pattern, (pattern.flags & ~re.UNICODE) | re.ASCII)


class _Twins(dict[str, re.Pattern[str]]):
    """The ASCII twins of a table of patterns, each compiled on first use (compiling
    them all would double the import time of the tagger)."""

    def __init__(self, originals: Mapping[str, re.Pattern[str]]) -> None:
        super().__init__()
        self.originals = originals

    def __missing__(self, key: str) -> re.Pattern[str]:
        twin = self[key] = ascii_twin(self.originals[key])
        return twin


@dataclass(frozen=True, slots=True)
class Table:
    """The patterns the scan runs: see :mod:`storyline.analyse.timex.patterns`."""

    first: Mapping[str, re.Pattern[str]]
    patterns: Mapping[str, re.Pattern[str]]
    count: re.Pattern[str]
    number_ahead: re.Pattern[str]


UNICODE = Table(rules.FIRST, rules.PATTERNS, rules.COUNT, rules.NUMBER_AHEAD)
ASCII = Table(
    _Twins(rules.FIRST),
    _Twins(rules.PATTERNS),
    ascii_twin(rules.COUNT),
    ascii_twin(rules.NUMBER_AHEAD),
)


def table_for(text: str) -> Table:
    """Return the patterns that match fastest on ``text`` and exactly as the originals."""
    return ASCII if text.isascii() and not _separated(text) else UNICODE


def _separated(text: str) -> bool:
    """Whether ``text`` holds U+001C to U+001F, which Unicode ``\\s`` matches and ASCII
    ``\\s`` does not; four substring tests run several times faster than a regex search."""
    return "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text
