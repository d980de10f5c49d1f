"""The event coder: the rules' event mentions, retyped by the learned model where it is sure.

The events stage (:mod:`storyline.analyse.events`) finds each mention with the
rules and hands them to :func:`recode`: the learned model
(:mod:`storyline.analyse.event_model`) weighs the rules' verdict together with
the words and the parse around each sentence's main event, and its type
replaces the rules' when it is sure enough and disagrees with the type the
rules code (:func:`coded_type`, the CAMEO-to-PLOVER conventions), unless
another mention of the sentence already has that type. The mode and the
arguments stay the rules'. Each mention's ``rule`` keeps the rule that fired and
adds the model's verdict with the features that pushed it most, ending in
"over X" where the model's type replaced the rules' coded type X.

A text is coded by its main event (:func:`main_event`), the one highest in the
parse; where no rule fired, the model decides from the parse root, and it may
find that the text reports no event (:func:`code_text`).
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from storyline.analyse import event_rules
from storyline.analyse.event_features import event_features, features, mode_word
from storyline.analyse.event_model import NO_EVENT, Coding, Model
from storyline.model import Document, EventMention

# The model overrides the rules' coded type only when at least this sure; chosen by
# cross-validation on the training data (training/train_events.py), not on a benchmark.
OVERRIDE_AT = 0.5
Lexicon = dict[tuple[str, str], tuple[event_rules.Entry, ...]]


@dataclass(frozen=True, slots=True)
class TextCode:
    """The coded type of a text, its mode, and the rule and model decisions behind it."""

    type: str | None
    mode: str | None
    rule: str
    model: Coding | None

    def explain(self) -> str:
        """Return the rule that fired and the model's decision as one line."""
        parts = [f"rule: {self.rule}" if self.rule else "rule: none"]
        if self.model is not None:
            parts.append(self.model.explain())
        return " | ".join(parts)


def coded_type(event: EventMention) -> str:
    """Return the PLOVER type an event coder gives the sentence of ``event``.

    See :func:`storyline.analyse.event_rules.coded`: intent, demand and refusal
    change the coded type, while the storyline keeps the type and the mode apart.
    """
    return event_rules.coded(event.type, event.mode, mode_word(event))


def main_event(doc: Document, tree: event_rules.Tree | None = None) -> EventMention | None:
    """Return the event highest in its sentence's parse: the one a sentence is about.

    ``tree`` is the parse tree of ``doc`` when the caller has built it already.
    """
    if not doc.events:
        return None
    if tree is None:
        tree = event_rules.build_tree(doc)
    return min(doc.events, key=_height(doc, tree))


def _height(doc: Document, tree: event_rules.Tree) -> Callable[[EventMention], tuple[int, ...]]:
    starts = [t.start for t in doc.tokens]

    def height(event: EventMention) -> tuple[int, int, int]:
        index = bisect.bisect_left(starts, event.start)
        return (event.sentence, tree.depth[index], event.start)

    return height


def recode(
    doc: Document,
    tree: event_rules.Tree,
    events: Sequence[EventMention],
    lexicon: Lexicon,
    model: Model,
) -> list[EventMention]:
    """Return the rules' ``events`` of analysed ``doc``, each sentence's main one recoded.

    The model codes a sentence, so it judges only the sentence's main event (the
    one it was trained on); the other mentions keep the rules' type. Where the
    model's type is the coded type of another mention of the sentence, that
    mention is what the model saw, and nothing is retyped.
    """
    recoded = list(events)
    for k, coding in _verdicts(doc, tree, events, lexicon, model):
        main = events[k]
        others = {coded_type(e) for e in events if e.sentence == main.sentence and e is not main}
        ruled = coded_type(main)
        why = f"{main.rule} | {coding.explain()}"
        if _sure(coding) and coding.type != ruled and coding.type not in others:
            recoded[k] = dataclasses.replace(main, type=coding.type, rule=f"{why} over {ruled}")
        else:
            recoded[k] = dataclasses.replace(main, rule=why)
    return recoded


def code_text(
    doc: Document,
    events: Sequence[EventMention],
    lexicon: Lexicon,
    model: Model,
    tree: event_rules.Tree | None = None,
) -> TextCode:
    """Return the coded type of analysed ``doc`` and why, from the rules' ``events``.

    The text is coded as its first sentence's main event, with the verdict the
    events stage gives it: the model's type when it is sure, else the rules'.
    ``tree`` is the parse tree of ``doc`` when the caller has built it already.
    """
    if not doc.tokens or not doc.sentences:
        return TextCode(None, None, "", None)
    if tree is None:
        tree = event_rules.build_tree(doc)
    if not events:
        coding = model.code(event_features(doc, tree, None, lexicon))
        return TextCode(None if coding.type == NO_EVENT else coding.type, None, "", coding)
    k, coding = next(_verdicts(doc, tree, events, lexicon, model))
    main = events[k]
    ruled = coded_type(main)
    found = coding.type if _sure(coding) else ruled
    return TextCode(found, main.mode, f"{ruled} via {main.rule}", coding)


def _sure(coding: Coding) -> bool:
    return coding.probability >= OVERRIDE_AT and coding.type != NO_EVENT


def _verdicts(
    doc: Document,
    tree: event_rules.Tree,
    events: Sequence[EventMention],
    lexicon: Lexicon,
    model: Model,
) -> Iterator[tuple[int, Coding]]:
    """Yield, sentence by sentence, the index of its main event and the model's verdict."""
    height = _height(doc, tree)
    starts = [t.start for t in doc.tokens]
    for n in sorted({e.sentence for e in events}):
        k = min(
            (k for k, e in enumerate(events) if e.sentence == n), key=lambda k: height(events[k])
        )
        sent = doc.sentences[n]
        tokens = range(bisect.bisect_left(starts, sent.start), bisect.bisect_left(starts, sent.end))
        anchor = tree.tokens[bisect.bisect_left(starts, events[k].start)]
        siblings = [e for e in events if e.sentence == n]
        yield k, model.code(features(tree, tokens, anchor, siblings, lexicon))
