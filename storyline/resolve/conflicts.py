"""Disagreements between sources about one event, and the rule that settles them.

The rule, applied in order until one value wins:

1. the value stated by the most independent reports;
2. the most specific value (the narrowest date interval);
3. the value of the most recent report.

Only like is compared with like: two quantities conflict when they measure the
same thing over the same scope ("5,000 US troops" and "7,500 coalition troops"
are different quantities, not a contradiction).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from storyline.model import Conflict, ConflictValue, QuantityValue, TimeSpan
from storyline.resolve.corroboration import independent_reports
from storyline.resolve.intervals import intersect, width

RULE = "most independent reports, then most specific, then most recent report"


@dataclass(frozen=True, slots=True)
class Statement:
    """One document's value for one field of an event."""

    document: str
    value: str | float
    specificity: int = 0
    published: str = ""


def settle(
    field: str,
    statements: Sequence[Statement],
    groups: Mapping[str, str],
    *,
    event: str | None = None,
) -> tuple[str | float, Conflict | None]:
    """Return the winning value and, when the documents disagree, the conflict."""
    by_value: dict[str | float, list[Statement]] = defaultdict(list)
    for st in statements:
        by_value[st.value].append(st)

    def rank(value: str | float) -> tuple[int, int, str]:
        sts = by_value[value]
        reports = independent_reports((s.document for s in sts), groups)
        return (reports, max(s.specificity for s in sts), max(s.published for s in sts))

    chosen = max(sorted(by_value, key=str), key=rank)
    if len(by_value) < 2:
        return chosen, None
    values = tuple(
        ConflictValue(v, tuple(sorted({s.document for s in by_value[v]})))
        for v in sorted(by_value, key=str)
    )
    return chosen, Conflict(field, values, event=event, chosen=chosen, rule=RULE)


def settle_time(
    spans: Sequence[tuple[str, TimeSpan, str]],
    groups: Mapping[str, str],
    *,
    event: str | None = None,
) -> tuple[TimeSpan, Conflict | None]:
    """Return the interval all reports allow, or settle a contradiction by the rule.

    ``spans`` holds (document, interval, publication date) for each dated mention.
    """
    if not spans:
        return TimeSpan(None, None, "unknown"), None
    agreed = intersect(span for _, span, _ in spans)
    if agreed is not None:
        return agreed, None
    statements = [
        Statement(doc, _span_text(span), -width(span), published) for doc, span, published in spans
    ]
    chosen, conflict = settle("date", statements, groups, event=event)
    winner = next(span for _, span, _ in spans if _span_text(span) == chosen)
    return winner, conflict


def settle_quantities(
    quantities: Sequence[tuple[str, QuantityValue]],
    groups: Mapping[str, str],
    *,
    event: str | None = None,
    key: Callable[[QuantityValue], tuple[str, str]] = lambda q: (q.name, q.scope),
) -> tuple[list[QuantityValue], list[Conflict]]:
    """Merge quantities of like kind and scope, recording contradictions."""
    kinds: dict[tuple[str, str], list[tuple[str, QuantityValue]]] = defaultdict(list)
    for doc_id, quantity in quantities:
        kinds[key(quantity)].append((doc_id, quantity))
    merged, conflicts = [], []
    for (name, scope), items in sorted(kinds.items()):
        statements = [Statement(doc_id, q.value) for doc_id, q in items]
        field = f"quantity:{name}" + (f" ({scope})" if scope else "")
        chosen, conflict = settle(field, statements, groups, event=event)
        docs = tuple(sorted({d for d, q in items if q.value == chosen}))
        merged.append(QuantityValue(name, float(chosen), items[0][1].unit, docs, scope))
        if conflict is not None:
            conflicts.append(conflict)
    return merged, conflicts


def _span_text(span: TimeSpan) -> str:
    start = span.start.isoformat() if span.start else "?"
    end = span.end.isoformat() if span.end else "?"
    return start if start == end else f"{start}/{end}"
