"""Where an event happened: the place arguments of an event trigger.

The place of a mention is the most specific resolved place in the trigger's
subtree (a facility before a city, a region, a country), leaving out its
subject, the names of actors and what describes them, and the clauses joined
to it, which report other events. A handover of several sites ("handed over
X base and Y base") gets one place per site.
"""

from __future__ import annotations

from collections.abc import Iterable

from storyline.analyse.event_rules import Tree
from storyline.model import Document, PlaceMention, Token

KIND_RANK = {"facility": 0, "city": 1, "region": 2, "country": 3}
OTHER_CLAUSES = frozenset({"conj", "parataxis", "ccomp"})
DESCRIPTIONS = frozenset({"relcl", "appos", "acl"})
MODIFIERS = frozenset({"compound", "amod", "poss", "nmod"})


def event_place(
    doc: Document, tree: Tree, token: Token, participants: frozenset[tuple[int, int]]
) -> int | None:
    """Return the most specific place of the event that is not one of its actors."""
    candidates = _places_in(doc, tree, token, participants)
    head = tree.head(token)
    if not candidates and token.pos == "NOUN" and head is not None:
        candidates = _places_in(doc, tree, head, participants)
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def _places_in(
    doc: Document,
    tree: Tree,
    token: Token,
    participants: frozenset[tuple[int, int]] = frozenset(),
) -> list[tuple[tuple[int, int], int]]:
    """Return (rank, place index) for the places in the subtree that say where."""
    skip = _not_where(doc, tree, token)
    found = []
    for i in tree.span(token.index):
        p = tree.place_at[i]
        if p < 0 or i in skip or _overlaps(doc.places[p], participants):
            continue
        resolved = doc.places[p].place
        rank = KIND_RANK.get(resolved.kind, 4) if resolved is not None else 5
        found.append(((rank, abs(i - token.index)), p))
    return found


def _not_where(doc: Document, tree: Tree, token: Token) -> set[int]:
    """Return the tokens of the trigger's subtree whose places do not say where it happened.

    They are the subject's; those of clauses joined to the trigger's ("..., and
    Washington blamed X"), which report other events; those inside an actor's
    name ("two US troops") or in what describes an actor ("Soleimani, who led
    Iran's Quds Force"); and places that themselves stand for an actor.
    """
    subject = tree.subject(token.index)
    skip = set(tree.span(subject.index)) if subject is not None else set()
    for c in tree.children[token.index]:
        child = tree.tokens[c]
        if child.dep in OTHER_CLAUSES and child.pos in ("VERB", "AUX"):
            skip.update(tree.span(c))
    named = set()
    for i in tree.span(token.index):
        if tree.actor_at[i] >= 0:
            skip.add(i)
            for c in tree.children[i]:
                if tree.tokens[c].dep in DESCRIPTIONS:
                    skip.update(tree.span(c))
        if _names_who(doc, tree, i):
            named.add(tree.place_at[i])
    skip.update(i for i in tree.span(token.index) if tree.place_at[i] in named)
    return skip


def _names_who(doc: Document, tree: Tree, index: int) -> bool:
    """Tell whether the place at token ``index`` stands for an actor, not a location.

    The subject of a verb ("Washington has transferred") is the government acting,
    and a country in front of a noun ("US military bases", "American positions")
    says whose, not where.
    """
    p = tree.place_at[index]
    if p < 0:
        return False
    tok = tree.tokens[index]
    head = tree.head(tok)
    if tok.dep == "nsubj" and head is not None and head.pos in ("VERB", "AUX"):
        return True
    resolved = doc.places[p].place
    return resolved is not None and resolved.kind == "country" and tok.dep in MODIFIERS


def _overlaps(mention: PlaceMention, spans: frozenset[tuple[int, int]]) -> bool:
    return any(start < mention.end and mention.start < end for start, end in spans)


def handed_facilities(
    doc: Document, tree: Tree, objects: Iterable[Token], participants: frozenset[tuple[int, int]]
) -> list[int]:
    """Return one place per coordinated object, as in "handed over X base and Y base".

    Each object ("bases including an airport near X and a site known as Y")
    contributes the facilities it names or else its most specific town, so that
    each named site handed over becomes its own event.
    """
    chosen: dict[str, int] = {}
    for obj in objects:
        inner = {
            p
            for c in tree.children[obj.index]
            if tree.tokens[c].dep == "conj"
            for p in _place_ids(tree, c)
        }
        own = [p for p in _places_in(doc, tree, obj, participants) if p[1] not in inner]
        own = [p for p in own if _precise(doc.places[p[1]])]
        facilities = [p for p in own if doc.places[p[1]].place.kind == "facility"]
        for _, best in facilities or sorted(own)[:1]:
            chosen.setdefault(doc.places[best].place.id, best)
    return list(chosen.values())


def _precise(mention: PlaceMention) -> bool:
    return mention.place is not None and mention.place.kind in ("facility", "city")


def _place_ids(tree: Tree, index: int) -> set[int]:
    return {tree.place_at[i] for i in tree.span(index)}
