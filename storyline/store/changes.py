"""The event change log and the stored merge decisions.

Each build compares the new storyline with the previous one, mention by
mention, and records what happened to each event:

- ``new``: an event whose mentions belonged to no earlier event;
- ``changed``: the same id, with different content;
- ``removed``: an earlier event none of whose mentions is in any event now;
- ``merged``: an earlier event whose mentions now sit in another event
  (``related`` names it);
- ``split``: an event that took mentions from an earlier event that still
  exists, or an earlier event whose mentions went to several events.

Event ids never change for a surviving event, so "what changed since build N"
is the union of the entries of the later builds.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from storyline.model import MentionKey


@dataclass(frozen=True, slots=True)
class EventChange:
    """One entry of the change log."""

    build: int
    event: str
    change: str
    related: tuple[str, ...] = ()


def diff_events(
    previous: Mapping[str, str],
    current: Mapping[str, str],
    old_members: Mapping[MentionKey, str],
    new_members: Mapping[MentionKey, str],
) -> list[tuple[str, str, tuple[str, ...]]]:
    """Return (event, change, related events) for every event that differs.

    ``previous`` and ``current`` map event ids to their stored JSON.
    """
    went: dict[str, set[str]] = defaultdict(set)  # old event -> new events of its mentions
    came: dict[str, set[str]] = defaultdict(set)  # new event -> old events of its mentions
    for key, old in old_members.items():
        new = new_members.get(key)
        if new is not None:
            went[old].add(new)
            came[new].add(old)
    out = []
    for eid in sorted(previous.keys() - current.keys()):
        targets = tuple(sorted(went.get(eid, ())))
        change = "removed" if not targets else "merged" if len(targets) == 1 else "split"
        out.append((eid, change, targets))
    for eid in sorted(current):
        donors = tuple(sorted(came.get(eid, set()) - {eid}))
        surviving = tuple(d for d in donors if d in current)
        if eid not in previous:
            out.append((eid, "split" if surviving else "new", surviving))
        elif previous[eid] != current[eid]:
            out.append((eid, "changed", donors))
    return out


def insert_changes(
    conn: sqlite3.Connection, build: int, changes: Iterable[tuple[str, str, tuple[str, ...]]]
) -> None:
    """Append the changes of ``build`` to the log."""
    conn.executemany(
        "INSERT OR REPLACE INTO event_changes (build, event, change, related) VALUES (?, ?, ?, ?)",
        [(build, eid, change, json.dumps(list(related))) for eid, change, related in changes],
    )


def _has(conn: sqlite3.Connection, table: str) -> bool:
    """Whether ``table`` exists: a store written by an older release, opened read-only, lacks it."""
    sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return conn.execute(sql, (table,)).fetchone() is not None


def read_changes(conn: sqlite3.Connection, *, since: int = 0) -> list[EventChange]:
    """Return the changes logged by builds after ``since``, oldest first."""
    if not _has(conn, "event_changes"):
        return []
    rows = conn.execute(
        "SELECT build, event, change, related FROM event_changes WHERE build > ? "
        "ORDER BY build, event, change",
        (since,),
    )
    return [EventChange(b, e, c, tuple(json.loads(r))) for b, e, c, r in rows]


def insert_decisions(conn: sqlite3.Connection, decisions: Iterable[Any]) -> None:
    """Store merge decisions (:class:`storyline.resolve.storyline.MergeDecision`)."""
    conn.executemany(
        "INSERT OR REPLACE INTO merge_decisions (document, idx, event, action, score, data) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                d.mention[0],
                d.mention[1],
                d.event,
                d.action,
                d.score,
                json.dumps({"features": d.features, "apart": [list(a) for a in d.apart]}),
            )
            for d in decisions
        ],
    )


def read_decisions(
    conn: sqlite3.Connection, *, event: str | None = None, apart_from: str | None = None
) -> list[dict[str, Any]]:
    """Return stored decisions of one event's mentions, or of those kept apart from it."""
    if not _has(conn, "merge_decisions"):
        return []
    sql = "SELECT document, idx, event, action, score, data FROM merge_decisions"
    if event is not None:
        rows = conn.execute(sql + " WHERE event = ? ORDER BY document, idx", (event,))
    else:
        pattern = f'%"{apart_from}"%'
        rows = conn.execute(sql + " WHERE data LIKE ? ORDER BY document, idx", (pattern,))
    out = []
    for document, idx, eid, action, score, data in rows:
        parsed = json.loads(data)
        out.append(
            {"document": document, "mention": idx, "event": eid, "action": action, "score": score}
            | parsed
        )
    if apart_from is not None:
        out = [
            d
            for d in out
            if d["event"] != apart_from and any(a[0] == apart_from for a in d["apart"])
        ]
    return out
