"""One-line, human-readable labels for merged events."""

from __future__ import annotations

# How each PLOVER type reads between its source and its target.
VERBS = {
    "AGREE": "agrees with",
    "CONSULT": "meets",
    "SUPPORT": "supports",
    "CONCEDE": "concedes to",
    "COOPERATE": "cooperates with",
    "AID": "gives aid to",
    "RETREAT": "hands over",
    "REQUEST": "makes demands of",
    "ACCUSE": "accuses",
    "REJECT": "rejects",
    "THREATEN": "threatens",
    "PROTEST": "protests against",
    "SANCTION": "sanctions",
    "MOBILIZE": "mobilises against",
    "COERCE": "coerces",
    "ASSAULT": "attacks",
}
MODE_NOTES = {"planned": " (planned)", "negated": " (denied)", "hypothetical": " (possible)"}


def event_label(
    type_: str, mode: str, *, source: str | None, target: str | None, place: str | None
) -> str:
    """Return a label such as "US-led coalition hands over Qayyarah Airfield West to Iraqi army"."""
    who = source or "Unnamed actor"
    if type_ == "RETREAT":
        middle = f"hands over {place}" if place else "withdraws"
        middle += f" to {target}" if target else ""
    else:
        middle = VERBS.get(type_, type_.lower())
        middle += f" {target}" if target else ""
        middle += f" in {place}" if place else ""
    return f"{who} {middle}{MODE_NOTES.get(mode, '')}"
