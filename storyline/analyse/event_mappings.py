"""PLOVER types mapped to CAMEO root codes and ACLED event types, and CAMEO read back.

``cameo_plover.csv`` maps CAMEO codes to PLOVER types: every CAMEO root and
the few sub-codes whose type differs from their root's, derived from the
PLOVER manual's CAMEO-to-PLOVER table. Read by longest prefix, it codes any
CAMEO code; read backwards, it gives the CAMEO roots of a PLOVER type, so
GDELT users can compare.
``plover_acled.csv`` gives ACLED-style event and sub-event types: rows are
tried in order, and a row whose keywords (``|``-separated) occur in the
event's text wins; a row with no keywords is the type's default. Only events
that happened get an ACLED type, and only the types ACLED codes have one.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from storyline.errors import StorylineError

DATA = Path(__file__).resolve().parents[1] / "knowledge" / "data"


@dataclass(frozen=True, slots=True)
class AcledRule:
    plover: str
    keywords: tuple[str, ...]
    event_type: str
    sub_event_type: str


def _rows(name: str) -> list[dict[str, str]]:
    path = DATA / name
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except OSError as e:
        raise StorylineError(f"cannot read {path}: {e}") from e


@functools.cache
def cameo_table() -> dict[str, str]:
    """Return CAMEO code -> PLOVER type: the roots and the sub-codes that differ from them."""
    return {row["code"]: row["plover"] for row in _rows("cameo_plover.csv")}


def cameo_roots(type_: str) -> list[str]:
    """Return the CAMEO root codes of PLOVER ``type_``, its own root first."""
    codes = sorted((len(c), c) for c, t in cameo_table().items() if t == type_)
    roots: list[str] = []
    for _, code in codes:
        if code[:2] not in roots:
            roots.append(code[:2])
    return roots


def cameo_to_plover(code: str, table: dict[str, str] | None = None) -> str | None:
    """Return the PLOVER type of CAMEO ``code`` by its longest prefix in ``table``.

    Codes outside the table (01 make statement, 02 appeal) have no PLOVER type.
    """
    table = cameo_table() if table is None else table
    for length in range(len(code), 1, -1):
        if code[:length] in table:
            return table[code[:length]]
    return None


@functools.cache
def acled_rules() -> tuple[AcledRule, ...]:
    """Return the ACLED mapping rows in the order they are tried."""
    return tuple(
        AcledRule(
            row["plover"],
            tuple(k for k in row["keywords"].lower().split("|") if k),
            row["acled_event_type"],
            row["acled_sub_event_type"],
        )
        for row in _rows("plover_acled.csv")
    )


def acled_type(type_: str, mode: str, text: str) -> dict[str, str] | None:
    """Return ``{"event_type", "sub_event_type"}`` for an event, or None when ACLED has none."""
    if mode not in ("completed", "reported"):
        return None
    words = f" {' '.join(re.findall(r'[a-z0-9]+', text.lower()))} "
    for rule in acled_rules():
        if rule.plover == type_ and (
            not rule.keywords or any(f" {k} " in words for k in rule.keywords)
        ):
            return {"event_type": rule.event_type, "sub_event_type": rule.sub_event_type}
    return None
