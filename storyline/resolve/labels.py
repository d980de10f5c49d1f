"""One-line, human-readable labels for merged events."""

from __future__ import annotations

from typing import NamedTuple

from storyline.model import Place


class Wording(NamedTuple):
    """How a PLOVER type reads in a label."""

    transitive: str  # between a source and a target: "X attacks Y"
    intransitive: str  # after a source with no target: "X carries out an attack"
    noun: str  # with no source: "Attack on Y"; its first word alone with neither


WORDINGS = {
    "AGREE": Wording("agrees with", "reaches an agreement", "Agreement with"),
    "CONSULT": Wording("meets", "holds talks", "Talks with"),
    "SUPPORT": Wording("supports", "voices support", "Support for"),
    "CONCEDE": Wording("concedes to", "makes a concession", "Concession to"),
    "COOPERATE": Wording("cooperates with", "cooperates", "Cooperation with"),
    "AID": Wording("gives aid to", "gives aid", "Aid to"),
    "REQUEST": Wording("makes demands of", "makes demands", "Demand to"),
    "ACCUSE": Wording("accuses", "makes accusations", "Accusation against"),
    "REJECT": Wording("rejects", "refuses", "Rejection of"),
    "THREATEN": Wording("threatens", "issues threats", "Threat against"),
    "PROTEST": Wording("protests against", "protests", "Protest against"),
    "SANCTION": Wording("sanctions", "imposes sanctions", "Sanctions on"),
    "MOBILIZE": Wording("mobilises against", "mobilises", "Mobilisation against"),
    "COERCE": Wording("coerces", "uses coercion", "Coercion of"),
    "ASSAULT": Wording("attacks", "carries out an attack", "Attack on"),
}
MODE_NOTES = {"planned": " (planned)", "negated": " (denied)", "hypothetical": " (possible)"}


def event_label(
    type_: str, mode: str, *, source: str | None, target: str | None, place: Place | None
) -> str:
    """Return a label such as "US-led coalition hands over Qayyarah Airfield West to Iraqi army".

    A withdrawal from a facility reads as its handover, one from a wider area
    as a withdrawal from it, and any other event takes "... in PLACE".
    """
    if type_ == "RETREAT":
        return _withdrawal(source, target, place) + MODE_NOTES.get(mode, "")
    wording = WORDINGS.get(type_, Wording(type_.lower(), type_.lower(), type_.title()))
    if source and target:
        body = f"{source} {wording.transitive} {target}"
    elif source:
        body = f"{source} {wording.intransitive}"
    elif target:
        body = f"{wording.noun} {target}"
    else:
        body = wording.noun.split(" ")[0]
    body += f" in {place.name}" if place is not None else ""
    return body + MODE_NOTES.get(mode, "")


def _withdrawal(source: str | None, target: str | None, place: Place | None) -> str:
    """Word a RETREAT: the handover of a facility, else a withdrawal from the place."""
    if place is not None and place.kind == "facility":
        body = f"{source} hands over {place.name}" if source else f"Handover of {place.name}"
        return body + (f" to {target}" if target else "")
    body = f"{source} withdraws" if source else "Withdrawal"
    body += f" from {place.name}" if place is not None else ""
    return body + (f", handing over to {target}" if target else "")
