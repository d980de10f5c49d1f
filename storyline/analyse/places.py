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
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.knowledge.gazetteer import Candidate, Gazetteer, load_gazetteer
from storyline.knowledge.names import name_key
from storyline.model import PLACE_KINDS, Document, Mention, Place, PlaceMention, Token
from storyline.pipeline import Context, stage

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
CONTEXT_LABELS = frozenset({"PERSON", "ORG", "NORP"})
# Token sequences that make the name before them a facility, longest first.
FACILITY_PHRASES = tuple(
    tuple(p.split())
    for p in sorted(
        [
            "air force base",
            "military base",
            "air base",
            "air field",
            "army air field",
            "air station",
            "military airport",
            "border crossing",
            "airbase",
            "airfield",
            "airport",
            "airstrip",
            "base",
            "camp",
            "garrison",
        ],
        key=lambda p: -len(p.split()),
    )
)
_PHRASE_STARTS = frozenset(p[0] for p in FACILITY_PHRASES)
REGION_WORDS = frozenset({"province", "governorate", "region", "district", "county", "oblast"})
_REGION_AFTER = re.compile(r" (?:[Pp]rovince|[Gg]overnorate|[Rr]egion|[Dd]istrict|County)\b")
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
# A short all-capitals name ("US", "UK", "IS") is a country or a known facility, not a town.
_ACRONYM = re.compile(r"[A-Z][A-Z.]{0,4}")
_ACRONYM_KINDS = frozenset({"country", "facility"})
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
_KIND_PRIOR = {"country": 1.0, "facility": 0.2}
_FACILITY_PRIOR = {"curated": 0.6, "large_airport": 0.5, "medium_airport": 0.4}
_CONTEXT_BONUS = 2.0
_COUNTRY_BONUS = 0.8
_NEAR_BONUS = 0.8
_NEAR_KM = 100.0


@dataclass(frozen=True, slots=True)
class Span:
    """A detected place name and what its context says it is."""

    start: int
    end: int
    text: str
    sentence: int
    name: str
    want: str = ""  # "facility" or "region" when a word of the span says so
    priority: int = 0


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


def resolve_name(text: str, context: Sequence[str], *, gazetteer: Gazetteer) -> Place | None:
    """Resolve the place name ``text`` given the other place names of its document."""
    spans = [Span(0, len(t), t, 0, *_split_kind(t)) for t in (text, *context)]
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
            kept.append(span)
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
    return Span(start, end, text, sentence, *_split_kind(text), priority=priority)


def _with_region_word(doc: Document, span: Span) -> Span:
    """Extend ``span`` over a region word that follows it ("Nineveh governorate")."""
    match = _REGION_AFTER.match(doc.text, span.end)
    if span.want or match is None:
        return span
    end = match.end()
    return dataclasses.replace(span, end=end, text=doc.text[span.start : end], want="region")


def _split_kind(text: str) -> tuple[str, str]:
    """Return the name part of ``text`` and "facility"/"region" if a trailing word says so."""
    words = text.split()
    lowered = [w.lower() for w in words]
    for phrase in FACILITY_PHRASES:
        n = len(phrase)
        if len(words) > n and tuple(lowered[-n:]) == phrase:
            return " ".join(words[:-n]), "facility"
    if len(words) > 1 and lowered[0] == "camp":
        return " ".join(words[1:]), "facility"
    if len(words) > 1 and lowered[-1] in REGION_WORDS:
        return " ".join(words[:-1]), "region"
    return text, ""


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
    if label in CONTEXT_LABELS:
        return context and tokens[i].start in entity_at
    if label:
        return False
    proper = all(t.tag in _PROPER_TAGS or t.text.lower() in CONNECTORS for t in tokens[i:j])
    initial = i == 0 or tokens[i - 1].sentence != tokens[i].sentence
    return proper and (context or not initial)


# --- resolution ------------------------------------------------------------------


def resolve(spans: Sequence[Span], gazetteer: Gazetteer) -> list[tuple[Place | None, float]]:
    """Return the best place and its probability for each span, using the others as context."""
    options = [_options(span, gazetteer) for span in spans]
    best = [_best(opts, {}, []) for opts in options]
    countries = _country_shares(best, options)
    anchors = [(i, c[0]) for i, c in enumerate(best) if c[0] is not None]
    out = []
    for i, opts in enumerate(options):
        others = list({p.id: p for j, p in anchors if spans[j].name != spans[i].name}.values())
        out.append(_best(opts, countries, others))
    return out


def _options(span: Span, gazetteer: Gazetteer) -> list[tuple[Candidate, float]]:
    """Return the span's candidates with their context-free scores."""
    found: dict[str, tuple[Candidate, float]] = {}
    kinds = _ACRONYM_KINDS if _ACRONYM.fullmatch(span.name) else PLACE_KINDS
    if span.want == "facility":
        for cand in gazetteer.lookup(name_key(span.text)):
            found[cand.place.id] = (cand, _prior(cand) + _CONTEXT_BONUS + 0.5)
    for cand in gazetteer.lookup(name_key(span.name)):
        if cand.place.id in found or (cand.facility_only and span.want != "facility"):
            continue
        if cand.place.kind not in kinds:
            continue
        bonus = _CONTEXT_BONUS if span.want and cand.place.kind == span.want else 0.0
        found[cand.place.id] = (cand, _prior(cand) + bonus)
    return list(found.values())


def _prior(cand: Candidate) -> float:
    kind = cand.place.kind
    score = 0.2 if cand.primary else 0.0
    if kind == "facility":
        tag = cand.detail.split()[0 if cand.detail.startswith("curated") else -1]
        tag = cand.detail.split()[1] if tag != "curated" and " " in cand.detail else tag
        return score + _FACILITY_PRIOR.get(tag, _KIND_PRIOR[kind])
    if kind == "country":
        return score + _KIND_PRIOR[kind]
    size = 0.15 * math.log10(cand.population + 1)
    return score + size - (0.3 if kind == "region" else 0.0)


def _best(
    opts: list[tuple[Candidate, float]], countries: dict[str, float], others: list[Place]
) -> tuple[Place | None, float]:
    """Return the best-scoring place of ``opts`` and its softmax probability."""
    if not opts:
        return None, 0.0
    scores = [_score(o, countries, others) for o in opts]
    top = max(scores)
    winner = scores.index(top)
    return opts[winner][0].place, 1.0 / sum(math.exp(s - top) for s in scores)


def _score(
    option: tuple[Candidate, float], countries: dict[str, float], others: list[Place]
) -> float:
    cand, score = option
    score += _COUNTRY_BONUS * countries.get(cand.place.country or "", 0.0)
    if others:
        nearest = min(_km(cand.place, other) for other in others)
        score += _NEAR_BONUS * math.exp(-nearest / _NEAR_KM)
    return score


def _country_shares(
    best: list[tuple[Place | None, float]], options: list[list[tuple[Candidate, float]]]
) -> dict[str, float]:
    votes: Counter[str] = Counter()
    for (place, _), opts in zip(best, options, strict=True):
        if place is not None and place.country:
            votes[place.country] += 1.0 / len(opts)
    total = sum(votes.values())
    return {code: n / total for code, n in votes.items()} if total else {}


def _km(a: Place, b: Place) -> float:
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))
