"""One-line, human-readable labels for merged events."""

from __future__ import annotations

# How each PLOVER type reads between its source and its target, and as a noun
# when the reports name no source ("Attack on X in Baghdad").
VERBS = {
    "AGREE": ("agrees with", "Agreement with"),
    "CONSULT": ("meets", "Talks with"),
    "SUPPORT": ("supports", "Support for"),
    "CONCEDE": ("concedes to", "Concession to"),
    "COOPERATE": ("cooperates with", "Cooperation with"),
    "AID": ("gives aid to", "Aid to"),
    "RETREAT": ("withdraws", "Withdrawal"),
    "REQUEST": ("makes demands of", "Demand to"),
    "ACCUSE": ("accuses", "Accusation against"),
    "REJECT": ("rejects", "Rejection of"),
    "THREATEN": ("threatens", "Threat against"),
    "PROTEST": ("protests against", "Protest against"),
    "SANCTION": ("sanctions", "Sanctions on"),
    "MOBILIZE": ("mobilises against", "Mobilisation against"),
    "COERCE": ("coerces", "Coercion of"),
    "ASSAULT": ("attacks", "Attack on"),
}
MODE_NOTES = {"planned": " (planned)", "negated": " (denied)", "hypothetical": " (possible)"}


def event_label(
    type_: str, mode: str, *, source: str | None, target: str | None, place: str | None
) -> str:
    """Return a label such as "US-led coalition hands over Qayyarah Airfield West to Iraqi army"."""
    if type_ == "RETREAT" and place:
        verb, noun = "hands over", "Handover of"
        body = f"{source} {verb} {place}" if source else f"{noun} {place}"
        body += f" to {target}" if target else ""
    else:
        verb, noun = VERBS.get(type_, (type_.lower(), type_.title()))
        if source:
            body = f"{source} {verb}" + (f" {target}" if target else "")
        elif target:
            body = f"{noun} {target}"
        else:
            body = noun.split(" ")[0]
        body += f" in {place}" if place else ""
    return body + MODE_NOTES.get(mode, "")
