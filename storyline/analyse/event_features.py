"""Sparse features of an event mention for the learned PLOVER coder.

The features are named strings, so every decision of the linear model in
:mod:`storyline.analyse.event_model` can be explained by the features that
fired. They describe the sentence around an anchor token (the trigger of the
sentence's main event, else the root of its parse): what the rules found
(their type, the CAMEO-style coded type and the mode), the anchor, the words
that govern it and its own dependents (paired with the anchor: verb and
object "lift+curfew", verb, preposition and object "call+for+release",
particle verbs "hand_over", negation "neg+attack"; the lexicon type of its
object; the entity kind of its subject), the lexicon types named anywhere in
the sentence, and the sentence's content lemmas. Words are written in one
spelling (:func:`word`: "criticise" and "criticize" are one feature).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from storyline.analyse.event_rules import MAX_CLIMB, Entry, Tree, coded
from storyline.model import Document, EventMention, Token

CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ"})
ARGUMENT_DEPS = frozenset({"dobj", "xcomp", "ccomp", "nsubjpass", "attr", "acomp", "oprd"})
MARKER_DEPS = frozenset({"neg", "aux", "auxpass", "mark", "prt"})
GOVERNORS = 3
# British -ise/-isation spellings, written as American ones in feature names.
_BRITISH = re.compile(r"(?<=[a-z]{3})is(e|ation|ations)$")


def word(lemma: str) -> str:
    """Return ``lemma`` as a feature word: lower case, in the -ize spelling.

    Training sentences and wire texts mix spellings ("criticised", "criticized");
    one name for both lets what is learned from one apply to the other.
    """
    return _BRITISH.sub(r"iz\1", lemma.lower())


def event_features(
    doc: Document,
    tree: Tree,
    event: EventMention | None,
    lexicon: dict[tuple[str, str], tuple[Entry, ...]],
) -> list[str]:
    """Return the features of ``event``'s sentence, or of the first sentence when None."""
    starts = [t.start for t in doc.tokens]
    if event is not None:
        anchor = tree.tokens[bisect.bisect_left(starts, event.start)]
        sent = doc.sentences[event.sentence]
    else:
        sent = doc.sentences[0]
        anchor = tree.tokens[bisect.bisect_left(starts, sent.start)]
    lo, hi = bisect.bisect_left(starts, sent.start), bisect.bisect_left(starts, sent.end)
    if event is None:
        anchor = _root(tree, anchor)
    siblings = [e for e in doc.events if e.sentence == anchor.sentence]
    return features(tree, range(lo, hi), anchor, siblings, lexicon)


def _root(tree: Tree, token: Token) -> Token:
    node = token
    for _ in range(64):
        head = tree.head(node)
        if head is None:
            return node
        node = head
    return node


def features(
    tree: Tree,
    sentence: range,
    anchor: Token,
    events: Iterable[EventMention],
    lexicon: dict[tuple[str, str], tuple[Entry, ...]],
) -> list[str]:
    """Return the features of the sentence (token range) around ``anchor``."""
    found = _rule_features(anchor, events)
    found += _anchor_features(tree, anchor, lexicon)
    for i in sentence:
        token = tree.tokens[i]
        lemma = token.lemma.lower()
        if token.pos in CONTENT_POS and not token.ent:
            found.append(f"w={word(token.lemma)}")
        for pos in ("VERB", "NOUN"):
            found.extend(f"lex={entry.type}" for entry in lexicon.get((lemma, pos), ()))
    return sorted(set(found))


def _rule_features(anchor: Token, events: Iterable[EventMention]) -> list[str]:
    found = []
    for event in events:
        code = coded(event.type, event.mode, mode_word(event))
        found.append(f"ev={code}")
        if event.start == anchor.start:
            found += [
                f"rule={code}",
                f"type={event.type}",
                f"mode={event.mode}",
                f"trigger={word(event.lemma)}",
                f"trigger={word(event.lemma)}:{event.mode}",
            ]
    return found or ["rule=none"]


def _anchor_features(
    tree: Tree, anchor: Token, lexicon: dict[tuple[str, str], tuple[Entry, ...]]
) -> list[str]:
    lemma = word(anchor.lemma)
    found = [f"anchor={lemma}", f"anchor_pos={anchor.pos}"]
    for c in tree.children[anchor.index]:
        child = tree.tokens[c]
        name = word(child.lemma)
        if child.dep in ARGUMENT_DEPS:
            found.append(f"{child.dep}={name}")
            found.append(f"{lemma}+{name}")
            lexicon_key = (child.lemma.lower(), "NOUN")
            found.extend(f"obj_lex={e.type}" for e in lexicon.get(lexicon_key, ()))
        elif child.dep in MARKER_DEPS:
            found.append(f"{child.dep}={child.text.lower()}")
            if child.dep == "prt":
                found.append(f"{lemma}_{name}")
            if child.dep == "neg":
                found.append(f"neg+{lemma}")
        elif child.dep in ("prep", "agent", "dative"):
            objects = [
                word(tree.tokens[x].lemma) for x in tree.children[c] if tree.tokens[x].dep == "pobj"
            ]
            found.append(f"prep={name}")
            found.extend(f"{name}={obj}" for obj in objects)
            found.extend(f"{lemma}+{name}+{obj}" for obj in objects)
        elif child.dep == "nsubj" and child.ent:
            found.append(f"subj_ent={child.ent}")
    node, climbed = anchor, 0
    while climbed < min(GOVERNORS, MAX_CLIMB):
        head = tree.head(node)
        if head is None:
            break
        found.append(f"gov={word(head.lemma)}")
        found.append(f"gov_dep={node.dep}:{word(head.lemma)}")
        node, climbed = head, climbed + 1
    return found


def mode_word(event: EventMention) -> str:
    """Return the word that set the mode of ``event``, as its rule records it."""
    return event.rule.partition("; mode: ")[2].split(" |")[0]
