"""One-line, human-readable labels for merged events."""

from __future__ import annotations

from collections.abc import Callable
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
    # PLOVER SANCTION is any cut in normal relations, formal sanctions among them.
    "SANCTION": Wording("cuts ties with", "cuts ties", "Sanctions on"),
    "MOBILIZE": Wording("mobilises against", "mobilises", "Mobilisation against"),
    "COERCE": Wording("coerces", "uses coercion", "Coercion of"),
    "ASSAULT": Wording("attacks", "carries out an attack", "Attack on"),
}
MODE_NOTES = {"planned": " (planned)", "negated": " (denied)", "hypothetical": " (possible)"}
# Plural words that end a state's sector name ("United States Armed Forces").
PLURAL_HEADS = frozenset({"forces", "troops", "militias", "units", "guards", "soldiers", "police"})


def event_label(
    type_: str,
    mode: str,
    *,
    source: str | None,
    target: str | None,
    place: Place | None,
    source_kind: str = "",
) -> str:
    """Return a label such as "US-led coalition hands over Qayyarah Airfield West to Iraqi army".

    A withdrawal from a facility reads as its handover, one from a wider area
    as a withdrawal from it, and any other event takes "... in PLACE". The verb
    agrees with a plural source ("Iraqi forces hand over").
    """
    agree = _plural_verb if source and is_plural(source, source_kind) else str
    if type_ == "RETREAT":
        return _withdrawal(source, target, place, agree) + MODE_NOTES.get(mode, "")
    wording = WORDINGS.get(type_, Wording(type_.lower(), type_.lower(), type_.title()))
    if source and target:
        body = f"{source} {agree(wording.transitive)} {target}"
    elif source:
        body = f"{source} {agree(wording.intransitive)}"
    elif target:
        body = f"{wording.noun} {target}"
    else:
        body = wording.noun.split(" ")[0]
    body += f" in {place.name}" if place is not None else ""
    return body + MODE_NOTES.get(mode, "")


def _withdrawal(
    source: str | None, target: str | None, place: Place | None, agree: Callable[[str], str]
) -> str:
    """Word a RETREAT: the handover of a facility, else a withdrawal from the place."""
    if place is not None and place.kind == "facility":
        body = f"{source} {agree('hands over')}" if source else "Handover of"
        return f"{body} {place.name}" + (f" to {target}" if target else "")
    body = f"{source} {agree('withdraws')}" if source else "Withdrawal"
    body += f" from {place.name}" if place is not None else ""
    return body + (f", handing over to {target}" if target else "")


def is_plural(name: str, kind: str) -> bool:
    """Tell whether a source's name takes a plural verb ("Iraqi forces", "militias").

    A state is singular ("United States") unless its name ends in a plural word
    for people under arms ("United States Armed Forces").
    """
    last = name.split()[-1].lower() if name.split() else ""
    if last in PLURAL_HEADS:
        return True
    return kind != "state" and last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _plural_verb(phrase: str) -> str:
    """Return ``phrase`` with its first word, a third-person verb, made plural."""
    verb, _, rest = phrase.partition(" ")
    if verb.endswith("ies"):
        verb = verb[:-3] + "y"
    elif verb.endswith(("ches", "shes", "sses", "xes")):
        verb = verb[:-2]
    elif verb.endswith("s"):
        verb = verb[:-1]
    return f"{verb} {rest}".rstrip()
