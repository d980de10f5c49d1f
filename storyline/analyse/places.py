"""The places stage: find place names and resolve them to gazetteer entries.

spaCy's small model often labels Arabic place names PERSON or ORG, so
detection does not trust its labels alone. Candidates come from three
sources: the model's GPE/LOC/FAC spans, facility patterns ("<Name> air base",
"Camp <Name>") and capitalised n-grams the gazetteer knows. Resolution then
ranks each span's gazetteer candidates by what the context says (a facility
or region word), the document's country, the distance to the other places of
the document, and population.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from storyline.analyse.place_resolution import (
    FACILITY_PHRASES,
    REGION_AFTER,
    REGION_WORDS,
    Span,
    qualifier_at,
    resolve,
    span_at,
    split_kind,
)
from storyline.knowledge.gazetteer import Gazetteer, load_gazetteer
from storyline.knowledge.names import name_key
from storyline.model import Document, Mention, Place, PlaceMention, Token
from storyline.pipeline import Context, stage

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
CONTEXT_LABELS = frozenset({"PERSON", "ORG", "NORP"})
_PHRASE_STARTS = frozenset(p[0] for p in FACILITY_PHRASES)
_PREPOSITIONS_TEXT = (
    "in on at near from of to outside around into toward towards across inside via between "
    "within through over"
)
PREPOSITIONS = frozenset(_PREPOSITIONS_TEXT.split())
# "a site known as X", "a town called X": the name that follows is a place's.
NAMING = frozenset({"called", "named", "dubbed"})
CONNECTORS = frozenset({"al", "el", "-", "ad", "ar", "as", "an", "at", "ash", "de", "of"})
# Capitalised words the n-gram search must never take for a place on their own.
_STOPWORDS_TEXT = (
    "a an the he she it they we i you but and or if in on at of for with this that these "
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december president minister general "
    "colonel major captain sergeant police army forces force coalition government ministry "
    "security national international north south east west central new old republic islamic "
    "state united union council defense defence commander spokesman prime mr mrs ms dr base "
    "airport province governorate city camp air airfield district region county will can "
    "brig gen lt col sgt maj gov sen rep corona covid"
)
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
# Adjectival endings and what to put back to get the country name (Wikipedia, "List of
# adjectival and demonymic forms for countries and nations": the regular patterns only).
_DEMONYM_ENDINGS = (
    ("ians", ""),
    ("ians", "e"),
    ("ian", ""),
    ("ian", "e"),
    ("ian", "ia"),
    ("ans", ""),
    ("an", ""),
    ("ese", ""),
    ("is", ""),
    ("i", ""),
    ("ns", ""),
    ("n", ""),
)
_PROPER_TAGS = frozenset({"NNP", "NNPS"})


def _gazetteer(ctx: Context) -> Gazetteer:
    return ctx.resource("gazetteer", lambda: load_gazetteer(ctx.settings))


@stage("places", requires=("sentences", "tokens", "mentions"), assigns=("places",))
def find_places(doc: Document, ctx: Context) -> Document:
    """Find the place names of ``doc`` and resolve each to a gazetteer entry."""
    gazetteer = _gazetteer(ctx)
    spans = detect(doc, gazetteer)
    resolved = resolve(spans, gazetteer)
    places = tuple(
        PlaceMention(s.start, s.end, s.text, s.sentence, place, round(score, 3))
        for s, (place, score) in zip(spans, resolved, strict=True)
    )
    return dataclasses.replace(doc, places=places)


def resolve_offsets(
    text: str, offsets: Sequence[tuple[int, int]], gazetteer: Gazetteer
) -> list[tuple[Place | None, float]]:
    """Resolve the place names at ``offsets`` of ``text``, each in the context of the others."""
    return resolve([span_at(text, start, end) for start, end in offsets], gazetteer)


def resolve_name(text: str, context: Sequence[str], *, gazetteer: Gazetteer) -> Place | None:
    """Resolve the place name ``text`` given the other place names of its document."""
    spans = [Span(0, len(t), t, 0, *split_kind(t)) for t in (text, *context)]
    place = resolve(spans, gazetteer)[0][0]
    return place if place is not None else _demonym_country(text, gazetteer)


def _demonym_country(text: str, gazetteer: Gazetteer) -> Place | None:
    """Return the country an adjective such as "Egyptian" or "Sudanese" is formed from."""
    for suffix, restore in _DEMONYM_ENDINGS:
        if text.endswith(suffix) and len(text) > len(suffix) + 2:
            stem = text[: len(text) - len(suffix)] + restore
            found = gazetteer.candidates(stem, kinds=("country",))
            if found:
                return found[0]
    return None


# --- detection -----------------------------------------------------------------


def detect(doc: Document, gazetteer: Gazetteer) -> list[Span]:
    """Return the non-overlapping place-name spans of ``doc`` in text order."""
    found = [*_model_spans(doc), *_facility_spans(doc, gazetteer)]
    found += _gazetteer_spans(doc, gazetteer)
    found.sort(key=lambda s: (-s.priority, -(s.end - s.start)))
    kept: list[Span] = []
    for span in found:
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(dataclasses.replace(span, qualifier=qualifier_at(doc.text, span.end)))
    return sorted(kept, key=lambda s: s.start)


def _model_spans(doc: Document) -> list[Span]:
    spans = []
    for mention in doc.mentions:
        if mention.label in PLACE_LABELS:
            span = _trim(doc, mention.start, mention.end, mention.sentence, priority=1)
            if span is not None:
                spans.append(_with_region_word(doc, span))
    return spans


def _trim(doc: Document, start: int, end: int, sentence: int, *, priority: int) -> Span | None:
    text = doc.text[start:end]
    if text.lower().startswith("the "):
        start, text = start + 4, text[4:]
    if text.endswith("'s") or text.endswith("\u2019s"):
        end, text = end - 2, text[:-2]
    if not text[:1].isupper() or text.lower() in STOPWORDS:
        return None
    return Span(start, end, text, sentence, *split_kind(text), priority=priority)


def _with_region_word(doc: Document, span: Span) -> Span:
    """Extend ``span`` over a region word that follows it ("Nineveh governorate")."""
    match = REGION_AFTER.match(doc.text, span.end)
    if span.want or match is None:
        return span
    end = match.end()
    return dataclasses.replace(span, end=end, text=doc.text[span.start : end], want="region")


def _facility_spans(doc: Document, gazetteer: Gazetteer) -> list[Span]:
    tokens = doc.tokens
    spans = []
    for i, tok in enumerate(tokens):
        n = _phrase_at(tokens, i)
        if not n:
            continue
        if tok.text == "Camp":
            first, last = i, _name_end(tokens, i + 1) - 1
        else:
            first, last = _name_start(tokens, i), i + n - 1
        if first < last and tokens[first].sentence == tokens[last].sentence:
            span = _trim(doc, tokens[first].start, tokens[last].end, tok.sentence, priority=2)
            if span is not None and _facility_plausible(span, gazetteer):
                spans.append(span)
    return spans


def _phrase_at(tokens: Sequence[Token], i: int) -> int:
    """Return how many tokens of a facility phrase start at token ``i`` (0 when none)."""
    if i >= len(tokens) or tokens[i].text.lower() not in _PHRASE_STARTS:
        return 0
    for phrase in FACILITY_PHRASES:
        n = len(phrase)
        if tuple(t.text.lower() for t in tokens[i : i + n]) == phrase:
            return n
    return 0


def _name_like(tok: Token) -> bool:
    text = tok.text
    return text[:1].isupper() and (text[:1].isalpha() and tok.ent not in ("DATE", "TIME"))


def _name_start(tokens: Sequence[Token], i: int) -> int:
    """Return the first token of the name just before token ``i`` (``i`` when none)."""
    first = i
    j = i - 1
    while j >= 0 and i - j <= 6 and tokens[j].sentence == tokens[i].sentence:
        if not (_name_like(tokens[j]) or tokens[j].text.lower() in CONNECTORS):
            break
        first = j
        j -= 1
    while first < i and not _name_like(tokens[first]):
        first += 1
    return first


def _name_end(tokens: Sequence[Token], i: int) -> int:
    """Return the token after the capitalised name starting at token ``i``."""
    j = i
    while j < len(tokens) and j - i < 3 and _name_like(tokens[j]):
        j += 1
    return j


def _facility_plausible(span: Span, gazetteer: Gazetteer) -> bool:
    """Reject "US base" or "Iraqi airfield": a name that is only a country or nothing."""
    found = gazetteer.lookup(name_key(span.text)) or gazetteer.lookup(name_key(span.name))
    return any(c.place.kind != "country" for c in found)


def _gazetteer_spans(doc: Document, gazetteer: Gazetteer) -> list[Span]:
    tokens = doc.tokens
    entity_at = _entity_index(doc)
    spans = []
    for i, tok in enumerate(tokens):
        article = tok.text.lower() in ("al", "el") and i + 1 < len(tokens)
        if not (_name_like(tok) or article) or (tok.text.lower() in STOPWORDS and not article):
            continue
        for j in range(min(len(tokens), i + 4), i, -1):
            if not _name_like(tokens[j - 1]) or tokens[j - 1].sentence != tok.sentence:
                continue
            text = doc.text[tok.start : tokens[j - 1].end]
            if gazetteer.is_known(name_key(text)) and _supported(tokens, i, j, entity_at):
                spans.append(
                    _with_region_word(
                        doc, Span(tok.start, tokens[j - 1].end, text, tok.sentence, text)
                    )
                )
                break
    return spans


def _listed_with_place(tokens: Sequence[Token], i: int) -> bool:
    """Tell whether token ``i`` is a later item of a list whose first item is a place.

    "the provinces of Diyala, Salahaddin and Nineveh": the model labels the last two
    PERSON, but they are conjuncts of a place name that follows a preposition.
    """
    first = i
    while tokens[first].dep == "conj" and tokens[first].head < first:
        first = tokens[first].head
    if first == i:
        return False
    before = tokens[first - 1].text.lower() if first > 0 else ""
    return tokens[first].ent in PLACE_LABELS and before in PREPOSITIONS


def _entity_index(doc: Document) -> dict[int, Mention]:
    return {m.start: m for m in doc.mentions}


def _supported(tokens: Sequence[Token], i: int, j: int, entity_at: dict[int, Mention]) -> bool:
    """Tell whether the n-gram ``tokens[i:j]`` may be a place given its label and context."""
    label = tokens[i].ent
    if label in PLACE_LABELS:
        return False
    after = tokens[j].text.lower() if j < len(tokens) else ""
    before = tokens[i - 1].text.lower() if i > 0 else ""
    named = before in NAMING or (before == "as" and i > 1 and tokens[i - 2].text.lower() == "known")
    context = named or before in PREPOSITIONS or after in REGION_WORDS or _phrase_at(tokens, j) > 0
    context = context or _listed_with_place(tokens, i)
    if label in CONTEXT_LABELS:
        return context and tokens[i].start in entity_at
    if label:
        return False
    proper = all(t.tag in _PROPER_TAGS or t.text.lower() in CONNECTORS for t in tokens[i:j])
    initial = i == 0 or tokens[i - 1].sentence != tokens[i].sentence
    return proper and (context or not initial)
