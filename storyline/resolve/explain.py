"""Why an event's mentions were merged, and which nearby mentions were kept apart.

:func:`event_explanation` gathers, from the store, the event, the decision
stored for each of its mentions (action, score and the features that decided:
type, mode, time compatibility, place distance, shared targets, actor overlap,
sentence similarity), the mentions of other events that were compared with it
and kept apart (with the reason), and its conflicts with the rule's choice.
:func:`explain_event` formats that as text for ``storyline explain``.
"""

from __future__ import annotations

from typing import Any

from storyline.errors import StoreError
from storyline.store import Store


def event_explanation(store: Store, event_id: str) -> dict[str, Any]:
    """Return the explanation of ``event_id`` as JSON-able data."""
    event = store.event(event_id)
    if event is None:
        raise StoreError(
            f"no event {event_id!r} in {store.path}; list them with `storyline export`"
        )
    return {
        "event": event_id,
        "type": event.type,
        "label": event.label,
        "documents": list(event.documents),
        "independent_reports": event.independent_reports,
        "members": [_decision(store, d) for d in store.decisions(event=event_id)],
        "kept_apart": [
            _decision(store, d) | {"reason": _reason(d, event_id)}
            for d in store.decisions(apart_from=event_id)
        ],
        "conflicts": [
            {
                "field": c.field,
                "chosen": c.chosen,
                "rule": c.rule,
                "values": [{"value": v.value, "documents": list(v.documents)} for v in c.values],
            }
            for c in event.conflicts
        ],
    }


def _decision(store: Store, d: dict[str, Any]) -> dict[str, Any]:
    return {
        "document": d["document"],
        "mention": d["mention"],
        "trigger": _trigger(store, d["document"], d["mention"]),
        "event": d["event"],
        "action": d["action"],
        "score": d["score"],
        "features": d["features"],
    }


def _reason(d: dict[str, Any], event_id: str) -> str:
    return next((why for eid, why, _ in d["apart"] if eid == event_id), "")


def _trigger(store: Store, document: str, index: int) -> str:
    doc = store.document(document, tokens=False)
    if doc is None or not 0 <= index < len(doc.events):
        return ""
    mention = doc.events[index]
    sent = doc.sentences[mention.sentence] if mention.sentence < len(doc.sentences) else None
    context = " ".join(doc.text[sent.start : sent.end].split()) if sent else ""
    return f"{mention.trigger!r} in: {context}"


def explain_event(store: Store, event_id: str) -> str:
    """Return the explanation of ``event_id`` as text."""
    data = event_explanation(store, event_id)
    lines = [
        f"{data['event']}  {data['type']}  {data['label']}",
        f"{len(data['documents'])} document(s), "
        f"{data['independent_reports']} independent report(s)",
        "",
        "merged mentions:",
    ]
    lines += [_line(d) for d in data["members"]] or ["  (no decisions stored; rebuild the store)"]
    lines += ["", "kept apart:"]
    lines += [f"{_line(d)}\n      reason: {d['reason']}" for d in data["kept_apart"]] or ["  none"]
    if data["conflicts"]:
        lines += ["", "conflicts:"]
        for c in data["conflicts"]:
            values = "; ".join(f"{v['value']} ({', '.join(v['documents'])})" for v in c["values"])
            lines.append(f"  {c['field']}: chose {c['chosen']} by {c['rule']}; values: {values}")
    return "\n".join(lines)


def _line(d: dict[str, Any]) -> str:
    shown = ", ".join(f"{k}={v}" for k, v in d["features"].items() if v not in (None, ""))
    head = f"  {d['document']}#{d['mention']} {d['action']} (score {d['score']:g})"
    return f"{head}\n      {d['trigger']}\n      {shown or 'no features: it opened the event'}"
