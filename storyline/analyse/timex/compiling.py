"""Regex rewrites that make the tagger's patterns fail faster and match exactly alike.

Python's regex engine runs an optional group ``(...)?`` through its general repeat
machinery, which keeps a repeat context for every attempt, while an alternation with
an empty last branch, ``(?:(...)|)``, only saves a position. The two try the same
things in the same order (the group, then nothing), so they match the same spans with
the same groups; :func:`branch_optionals` writes every optional group the second way.

An alternation of kinds that names each kind with an empty group at the end of its
branch (:func:`kind_alternation`) reports the same ``lastgroup`` as one that wraps each
branch in the group, but sets no group while a branch is still being tried, so a
failing branch has no group marks to save and restore.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")
_GROUP = re.compile(r"\(\?P<\w+>")


def branch_optionals(pattern: str) -> str:
    """Return ``pattern`` with each greedy optional group "(X)?" written "(?:(X)|)".

    Lookarounds, lazy "??" and possessive "?+" groups are left as they are.
    """
    out: list[str] = []
    opened: list[int] = []  # where each open group starts in ``out``
    i, size = 0, len(pattern)
    while i < size:
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif char == "[":
            stop = _class_end(pattern, i)
            out.append(pattern[i:stop])
            i = stop
        elif char == "(":
            opened.append(len(out))
            out.append(char)
            i += 1
        elif char == ")":
            start = opened.pop()
            group = "".join(out[start:]) + char
            del out[start:]
            greedy = pattern[i + 1 : i + 2] == "?" and pattern[i + 2 : i + 3] not in ("?", "+")
            if greedy and not group.startswith(_LOOKAROUND):
                out.append(f"(?:{group}|)")
                i += 2
            else:
                out.append(group)
                i += 1
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _class_end(pattern: str, start: int) -> int:
    """Return the index just after the character class that opens at ``start``."""
    i = start + 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":  # a "]" first in a class is a member
        i += 1
    while pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def compile_fast(pattern: str, flags: int) -> re.Pattern[str]:
    """Compile ``pattern`` after :func:`branch_optionals`."""
    return re.compile(branch_optionals(pattern), flags)


def kind_alternation(
    patterns: Mapping[str, str], kinds: Iterable[str], flags: int
) -> re.Pattern[str]:
    """Return one pattern that tries ``kinds`` in order; ``lastgroup`` names the kind that
    matched. The kinds' own groups become non-capturing."""
    branches = (f"(?:{_GROUP.sub('(?:', patterns[kind])})(?P<{kind}>)" for kind in kinds)
    return compile_fast("|".join(branches), flags)
