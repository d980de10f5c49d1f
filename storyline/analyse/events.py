"""The events stage: PLOVER event mentions from the dependency parse.

One pass over the tokens looks each lemma up in the trigger lexicon
(:mod:`storyline.analyse.event_rules`); a hit whose particle and object
conditions hold becomes an :class:`~storyline.model.EventMention`. Its
arguments come from the parse: source is the subject (the "by" agent in a
passive, the possessor or "by X" of a nominal), target the recipient ("to X"),
the object or the passive subject, place the most specific resolved place in
the trigger's subtree, time the timex attached lowest above the trigger, and
quantities those inside its subtree. Actors, places, timexes and quantities
are matched to parse subtrees by character offsets.

The mode is read from the trigger's own clause (negation, modal and future
auxiliaries, "if", headline "X to do") and, climbing through complements,
from the words that govern it ("plans to", "refused to", "demanded"). Reported
speech is not a mode: the reporting verb's subject becomes ``speaker``.

The learned coder (:func:`storyline.analyse.event_coder.recode`) then retypes
the mentions it is sure of, and keeps why in each mention's ``rule``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence

from storyline.analyse import event_rules as rules
from storyline.analyse.event_coder import recode
from storyline.analyse.event_model import load_model
from storyline.analyse.event_places import event_place, handed_facilities
from storyline.analyse.event_rules import MAX_CLIMB, Entry, Tree
from storyline.analyse.event_time import governing_timex
from storyline.model import Document, EventMention, Token
from storyline.pipeline import Context, stage

COARSE_POS = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN"}
FINITE_TAGS = frozenset({"VBD", "VBP", "VBZ"})
OBJECTS = ("dobj", "nsubjpass", "attr", "dative", "oprd")
CLAUSAL = ("xcomp", "ccomp", "acl")
# Dependents that belong to a participant's own phrase; locative phrases, relative
# clauses and appositions ("the commander in Baghdad", "X, head of Y") do not.
PHRASE_DEPS = frozenset(
    {"compound", "amod", "nmod", "poss", "conj", "cc", "det", "nummod", "quantmod", "case", "flat"}
)
# Prepositions that put a second event beside the first rather than inside it.
SEPARATE = frozenset({"after", "before", "following", "since", "amid", "despite", "until"})
THEME_TYPES = frozenset({"MOBILIZE", "RETREAT"})


@stage(
    "events",
    requires=("sentences", "tokens", "places", "actors", "timexes", "quantities"),
    assigns=("events",),
)
def find_events(doc: Document, ctx: Context) -> Document:
    """Find the PLOVER event mentions of ``doc`` with their mode and arguments.

    The rules find each mention; the learned coder retypes those it is sure of.
    """
    if not doc.tokens:
        return dataclasses.replace(doc, events=())
    lexicon = ctx.resource("plover_lexicon", rules.load_lexicon)
    model = ctx.resource("plover_model", load_model)
    tree = rules.build_tree(doc)
    events = recode(doc, tree, rule_events(doc, tree, lexicon), lexicon, model)
    return dataclasses.replace(doc, events=tuple(events))


def rule_events(
    doc: Document, tree: Tree, lexicon: dict[tuple[str, str], tuple[Entry, ...]]
) -> list[EventMention]:
    """Return the event mentions the rules find in analysed ``doc``, before the learned coder."""
    found: list[tuple[int, EventMention]] = []
    themes: dict[int, str] = {}
    for token in doc.tokens:
        if token.dep == "amod" and token.pos == "VERB":
            continue  # a participle used as an adjective: "Iran-backed", "the planned"
        entry = match_entry(tree, token, lexicon)
        if entry is not None:
            found.extend((token.index, m) for m in _mentions(doc, tree, token, entry))
            themes.update(dict.fromkeys(_themes(tree, token, entry, lexicon), entry.type))
    # "suspended training", "called off the strike": the object that made the verb's
    # event is what it acts on, not an event of another type of its own.
    kept = [(i, m) for i, m in found if themes.get(i, m.type) == m.type]
    return _merge(kept, tree)


def _themes(
    tree: Tree, token: Token, entry: Entry, lexicon: dict[tuple[str, str], tuple[Entry, ...]]
) -> Iterator[int]:
    """Yield the objects of ``token`` that met ``entry``'s object condition."""
    if entry.object and entry.object != "clause":
        for obj in _objects(tree, token):
            if _in_class(tree, obj, entry.object, lexicon):
                yield obj.index


def match_entry(
    tree: Tree, token: Token, lexicon: dict[tuple[str, str], tuple[Entry, ...]]
) -> Entry | None:
    """Return the first lexicon entry of ``token`` whose conditions hold."""
    for key in _keys(token):
        for entry in lexicon.get(key, ()):
            if _conditions_hold(tree, token, entry, lexicon):
                return entry
    return None


def _keys(token: Token) -> Iterator[tuple[str, str]]:
    lemma = token.lemma.lower()
    pos = COARSE_POS.get(token.pos)
    if pos is not None:
        yield lemma, pos
    elif (token.pos == "PROPN" or token.tag == "VBN") and not token.ent:
        # Title case in headlines makes the tagger call verbs and nouns proper nouns.
        for form in (lemma, lemma[:-1] if lemma.endswith("s") else ""):
            if form:
                yield form, "VERB"
                yield form, "NOUN"


def _conditions_hold(
    tree: Tree, token: Token, entry: Entry, lexicon: dict[tuple[str, str], tuple[Entry, ...]]
) -> bool:
    if entry.particle.startswith("<"):  # a governing word: "on" in "went on strike"
        head = tree.head(token)
        if head is None or head.text.lower() != entry.particle[1:]:
            return False
    elif entry.particle and not any(
        tree.tokens[c].text.lower() == entry.particle for c in tree.children[token.index]
    ):
        return False
    if not entry.object:
        return True
    if entry.object == "clause":
        return tree.child(token.index, CLAUSAL) is not None
    return next(_themes(tree, token, entry, lexicon), None) is not None


STRANDED_REACH = 6  # tokens after a verb without an object where its object may stand
STRANDED_GAP = frozenset({"PUNCT", "DET", "ADJ", "ADV"})


def _objects(
    tree: Tree, token: Token, *, preps: tuple[str, ...] = ("of", "from")
) -> Iterator[Token]:
    """Yield what ``token`` acts on: objects, passive subjects, "of" complements."""
    found = False
    for c in tree.children[token.index]:
        child = tree.tokens[c]
        if child.dep in OBJECTS or (child.dep == "compound" and token.pos == "NOUN"):
            found = True
            yield from _with_conjuncts(tree, child)
        elif child.dep == "prt" or (child.dep == "prep" and child.text.lower() in preps):
            # "handed over X" is sometimes parsed with X as the particle's object.
            for x in tree.children[c]:
                if tree.tokens[x].dep == "pobj":
                    found = True
                    yield from _with_conjuncts(tree, tree.tokens[x])
    if not found and token.pos == "VERB":
        yield from _stranded_object(tree, token)


def _stranded_object(tree: Tree, token: Token) -> Iterator[Token]:
    """Yield the noun a verb left without an object acts on, when word order hid it.

    Machine translation keeps the source's order ("delivered today, Thursday, the
    base ... to the Iraqi forces") and the parser then gives the verb no object: the
    first noun after it is taken when a date stands between them, with only commas,
    adverbs and the noun's own determiner and adjectives besides ("ended in January
    with a strike" has no object).
    """
    if tree.child(token.index, ("nsubjpass", "auxpass")) is not None:
        return  # a passive's object is its subject
    dated = False  # the displaced object follows a time: "delivered today, Thursday, the base"
    for tok in tree.tokens[token.index + 1 : token.index + 1 + STRANDED_REACH]:
        if tok.sentence != token.sentence:
            return
        if tok.ent in ("DATE", "TIME"):
            dated = True
        elif tok.pos not in STRANDED_GAP:
            if dated and tok.pos in ("NOUN", "PROPN"):
                yield tok
            return


def _with_conjuncts(tree: Tree, token: Token) -> Iterator[Token]:
    yield token
    for c in tree.children[token.index]:
        if tree.tokens[c].dep == "conj":
            yield from _with_conjuncts(tree, tree.tokens[c])


def _in_class(
    tree: Tree, obj: Token, name: str, lexicon: dict[tuple[str, str], tuple[Entry, ...]]
) -> bool:
    """Tell whether ``obj`` belongs to the object class ``name``.

    An object that is itself an event of the class's type ("their general strike",
    "air strikes") belongs to it by that type, whatever its word alone suggests.
    """
    kind = rules.EVENT_CLASSES.get(name)
    if kind is not None and obj.pos == "NOUN":
        own = match_entry(tree, obj, lexicon)
        if own is not None:
            return own.type == kind
    words = rules.OBJECT_CLASSES[name]
    if obj.text.lower() in words or obj.lemma.lower() in words:
        return True
    measured = _pobj(tree, obj, ("of",))  # "700 kg of medicine", "dozens of prisoners"
    if measured is not None and {measured.text.lower(), measured.lemma.lower()} & words:
        return True
    if name == "place":
        return any(tree.place_at[i] >= 0 for i in tree.span(obj.index))
    return name == "person" and obj.ent == "PERSON"


def _mentions(doc: Document, tree: Tree, token: Token, entry: Entry) -> list[EventMention]:
    if entry.type == "ASSAULT" and _accidental(tree, token):
        return []
    mode, why = rules.mode(tree, token)
    source, target = _participants(doc, tree, token, entry)
    participants = _participant_tokens(doc, source + target)
    time, signal = governing_timex(doc, tree, token)
    base = EventMention(
        sentence=token.sentence,
        start=token.start,
        end=token.end,
        trigger=token.text,
        lemma=entry.label,
        type=entry.type,
        mode=mode,
        source=source,
        target=target,
        place=event_place(doc, tree, token, participants),
        time=time,
        time_signal=signal,
        quantities=_quantities(doc, tree, token),
        speaker=_speaker(tree, token),
        rule=f"{entry.label}/{entry.pos}->{entry.type} [{entry.source}]; mode: {why}",
    )
    facilities = (
        handed_facilities(doc, tree, _listed(tree, token), participants)
        if entry.type == "RETREAT"
        else []
    )
    if len(facilities) == 1 and base.place is None:
        return [dataclasses.replace(base, place=facilities[0])]  # an object outside the subtree
    if len(facilities) < 2:
        return [base]
    return [dataclasses.replace(base, place=p) for p in facilities]


def _accidental(tree: Tree, token: Token) -> bool:
    """Tell whether a killing is put down to an accident or illness, not an attack."""
    for prep in tree.children[token.index]:
        for obj in tree.children[prep]:
            if tree.tokens[obj].lemma.lower() in rules.NON_VIOLENT_CAUSES:
                return True
    return False


def _actors(tree: Tree, token: Token | None, *, skip: range = range(0)) -> tuple[int, ...]:
    """Return the actors of the phrase headed by ``token``, leaving out its modifiers.

    Locative phrases, relative clauses and appositions ("the commander in Baghdad",
    "X, head of Y") name where or who else, not the participant itself.
    """
    if token is None:
        return ()
    found: set[int] = set()
    stack = [token.index]
    while stack:
        i = stack.pop()
        if i in skip:
            continue
        if tree.actor_at[i] >= 0:
            found.add(tree.actor_at[i])
        stack.extend(c for c in tree.children[i] if tree.tokens[c].dep in PHRASE_DEPS)
    return tuple(sorted(found))


def _pobj(tree: Tree, token: Token, preps: Sequence[str]) -> Token | None:
    for c in tree.children[token.index]:
        child = tree.tokens[c]
        if child.dep in ("prep", "agent", "dative") and child.text.lower() in preps:
            return tree.child(c, ("pobj",)) or (child if child.dep == "dative" else None)
    return None


def _source(tree: Tree, token: Token) -> tuple[int, ...]:
    if token.pos == "NOUN":
        return _nominal_source(tree, token)
    node = token
    for _ in range(MAX_CLIMB):
        if tree.child(node.index, ("auxpass", "nsubjpass")) is not None:
            return _actors(tree, _pobj(tree, node, ("by",)))
        subject = tree.subject(node.index)
        head = tree.head(node)
        if subject is not None and subject.tag in ("WDT", "WP") and head is not None:
            return _actors(tree, head, skip=tree.span(node.index))
        if subject is not None:
            return _actors(tree, subject)
        if head is None or node.dep not in ("xcomp", "conj", "relcl", "acl", "advcl"):
            return ()
        if node.dep == "advcl" and node.tag in FINITE_TAGS:
            return ()  # a finite clause ("after X struck") has a subject of its own, even unseen
        if node.dep in ("relcl", "acl") and head.pos in ("NOUN", "PROPN"):
            return _actors(tree, head, skip=tree.span(node.index))
        node = head
    return ()


def _nominal_source(tree: Tree, token: Token) -> tuple[int, ...]:
    found: set[int] = set()
    for c in tree.children[token.index]:
        child = tree.tokens[c]
        if c < token.index and child.dep in ("poss", "compound", "amod", "nmod"):
            found.update(_actors(tree, child))
    preps = ("by", "of") if token.lemma.lower() in rules.OF_IS_SOURCE else ("by",)
    found.update(_actors(tree, _pobj(tree, token, preps)))
    head = tree.head(token)
    lemma = head.lemma.lower() if head is not None else ""
    light = rules.GOVERNOR_MODES.get(lemma) in (None, "planned") and lemma not in rules.REPORTING
    if not found and light and token.dep == "dobj" and head.pos == "VERB":
        return _source(tree, head)
    return tuple(sorted(found))


def _participants(
    doc: Document, tree: Tree, token: Token, entry: Entry
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Return (source, target); for troop moves the object is who moves, not a target."""
    source = _source(tree, token)
    recipients = _actors(tree, _pobj(tree, token, ("to",)))
    objects = _object_actors(doc, tree, token)
    if entry.type in THEME_TYPES:
        source = source or objects
        target = recipients or _recipient_of_object(tree, token)
    else:
        target = recipients or _recipient_of_object(tree, token) or objects
        target = target or _other_target(tree, token)
    return source, tuple(a for a in target if a not in source)


def _object_actors(doc: Document, tree: Tree, token: Token) -> tuple[int, ...]:
    """Return the actors of the object, unless the object is a site (a base, a town)."""
    for obj in _objects(tree, token, preps=("of",)):
        if obj.dep == "nsubjpass" and token.pos == "NOUN":
            continue
        place = tree.place_at[obj.index]
        resolved = doc.places[place].place if place >= 0 else None
        if resolved is not None and resolved.kind in ("facility", "city"):
            continue
        found = _actors(tree, obj)
        if found:
            return found
    return ()


def _recipient_of_object(tree: Tree, token: Token) -> tuple[int, ...]:
    for obj in _objects(tree, token, preps=("of",)):
        found = _actors(tree, _pobj(tree, obj, ("to",)))
        if found:
            return found
    return ()


def _other_target(tree: Tree, token: Token) -> tuple[int, ...]:
    if token.pos == "NOUN" and token.lemma.lower() in rules.OF_IS_SOURCE:
        return _actors(tree, _pobj(tree, token, ("against", "on", "with", "to", "into")))
    return _actors(tree, _pobj(tree, token, ("against", "on", "with", "at", "into")))


def _participant_tokens(doc: Document, actors: tuple[int, ...]) -> frozenset[tuple[int, int]]:
    return frozenset((doc.actors[a].start, doc.actors[a].end) for a in actors)


def _listed(tree: Tree, token: Token) -> Iterator[Token]:
    """Yield each object of ``token`` and the items its clause lists ("including X and Y").

    The parser often hangs "including ..." on the recipient rather than on the
    bases handed over, so the whole clause is searched for it.
    """
    yield from _objects(tree, token)
    for i in tree.span(token.index):
        prep = tree.tokens[i]
        if prep.dep == "prep" and prep.text.lower() in ("including", "like"):
            for x in tree.children[i]:
                if tree.tokens[x].dep == "pobj":
                    yield from _with_conjuncts(tree, tree.tokens[x])


def _quantities(doc: Document, tree: Tree, token: Token) -> tuple[int, ...]:
    span = tree.span(token.index)
    lo, hi = tree.tokens[span.start].start, tree.tokens[span.stop - 1].end
    return tuple(i for i, q in enumerate(doc.quantities) if lo <= q.start and q.end <= hi)


def _speaker(tree: Tree, token: Token) -> int | None:
    """Return the actor the event is attributed to: "X said", "according to X"."""
    node: Token | None = token
    reporters: list[Token] = []
    for _ in range(MAX_CLIMB * 2):
        head = tree.head(node) if node is not None else None
        if head is None:
            break
        if head.lemma.lower() in rules.REPORTING and head.pos == "VERB":
            reporters.append(head)
        node = head
    root = node if node is not None else token
    reporters.extend(
        tree.tokens[c]
        for c in tree.children[root.index]
        if tree.tokens[c].dep in ("parataxis", "advcl", "ccomp", "conj")
        and tree.tokens[c].lemma.lower() in rules.REPORTING
    )
    for reporter in reporters:
        actors = _actors(tree, tree.subject(reporter.index))
        if actors:
            return actors[0]
    return _according_to(tree, token)


def _according_to(tree: Tree, token: Token) -> int | None:
    for other in tree.tokens[tree.left[_root(tree, token)] : tree.right[_root(tree, token)] + 1]:
        if other.text.lower() == "according":
            actors = _actors(tree, _pobj(tree, other, ("to",)))
            if actors:
                return actors[0]
    return None


def _root(tree: Tree, token: Token) -> int:
    node = token
    for _ in range(64):
        head = tree.head(node)
        if head is None:
            break
        node = head
    return node.index


def _merge(found: list[tuple[int, EventMention]], tree: Tree) -> list[EventMention]:
    """Fold triggers of one sentence that report one event ("a strike ... killed X")."""
    kept: list[tuple[int, EventMention]] = []
    for index, mention in found:
        for k, (other_index, other) in enumerate(kept):
            if _same_event(tree, index, mention, other_index, other):
                kept[k] = _combine(tree, (other_index, other), (index, mention))
                break
        else:
            kept.append((index, mention))
    return [mention for _, mention in kept]


def _same_event(tree: Tree, i: int, a: EventMention, j: int, b: EventMention) -> bool:
    if a.sentence != b.sentence or a.type != b.type or i == j:
        return False
    if not (_inside(tree, i, j) or _inside(tree, j, i)):
        return False
    if a.place is not None and b.place is not None and a.place != b.place:
        return False
    return all(
        not x or not y or set(x) & set(y) for x, y in ((a.source, b.source), (a.target, b.target))
    )


def _inside(tree: Tree, inner: int, outer: int) -> bool:
    """Tell whether trigger ``inner`` is an argument of trigger ``outer`` ("killed in a strike")."""
    node = tree.tokens[inner]
    for _ in range(MAX_CLIMB):
        head = tree.head(node)
        if head is None or node.dep in ("advcl", "ccomp", "parataxis"):
            return False
        if node.dep == "prep" and node.text.lower() in SEPARATE:
            return False
        if head.index == outer:
            return True
        node = head
    return False


def _combine(
    tree: Tree, first: tuple[int, EventMention], second: tuple[int, EventMention]
) -> tuple[int, EventMention]:
    (i, a), (j, b) = sorted((first, second), key=lambda pair: tree.depth[pair[0]])
    return i, dataclasses.replace(
        a,
        source=tuple(sorted(set(a.source) | set(b.source))),
        target=tuple(sorted(set(a.target) | set(b.target) - set(a.source) - set(b.source))),
        place=a.place if a.place is not None else b.place,
        time=a.time if a.time is not None else b.time,
        quantities=tuple(sorted(set(a.quantities) | set(b.quantities))),
        speaker=a.speaker if a.speaker is not None else b.speaker,
        rule=f"{a.rule} | merged {b.lemma}",
    )
