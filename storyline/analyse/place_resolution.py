"""Toponym resolution: pick each place name's gazetteer entry from its document's context.

Each span's candidates get a prior (kind, population, whether the name is the entry's
own) and bonuses from what the text says: a facility or region word, a qualifier
("Athens, Ga."), the countries and first-level regions the document's other places
lie in, and the distance to them. Resolution runs twice: the first pass, on priors
alone, gives the context that the second pass weighs.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.knowledge.distance import place_km
from storyline.knowledge.gazetteer import Candidate, Gazetteer
from storyline.knowledge.geo_sources import ABBREVIATION, FACILITY_ONLY, REGION_ONLY
from storyline.knowledge.names import name_key
from storyline.model import PLACE_KINDS, Place

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
REGION_WORDS = frozenset(
    {"province", "governorate", "region", "district", "county", "oblast", "parish", "state"}
)
REGION_AFTER = re.compile(r" (?:[Pp]rovince|[Gg]overnorate|[Rr]egion|[Dd]istrict|County|Parish)\b")
# "Athens, Ga.", "Paris, Texas": the name after the comma says where the first one lies.
_QUALIFIER = re.compile(r",\s*((?:[A-Z][a-z]*\.?\s?){1,3})")
# A short all-capitals name ("US", "UK", "GA") or a dotted one ("Fla.") is an abbreviation.
_ACRONYM = re.compile(r"[A-Z][A-Z.]{0,4}")
_ABBREVIATED_KINDS = frozenset({"country", "facility", "region"})
_KIND_PRIOR = {"country": 2.0, "facility": 0.2}
_FACILITY_PRIOR = {"curated": 0.9, "large_airport": 0.5, "medium_airport": 0.4}
_CONTEXT_BONUS = 2.0  # a facility or region word that agrees with the candidate's kind
_QUALIFIER_BONUS = 3.0
_COUNTRY_BONUS = 0.8
_ADMIN1_BONUS = 1.0
_SUPPORT_BONUS = 0.5
_MAX_OPTIONS = 40
_BARE_PENALTY = 0.5
_CAPITAL_PRIOR = 0.8
_ADMIN1_PRIOR = 0.6
_NEAR_BONUS = 0.8
_NEAR_KM = 50.0
_COUNTRY_NEAR_BONUS = 0.6
_COUNTRY_KM = 500.0

Option = tuple[Candidate, float]


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
    qualifier: str = ""  # the name after a comma: "Ga." of "Athens, Ga."


def split_kind(text: str) -> tuple[str, str]:
    """Return the name part of ``text`` and "facility"/"region" if a word of it says so."""
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


def span_at(text: str, start: int, end: int, *, sentence: int = 0) -> Span:
    """Return the span of ``text[start:end]`` with what the text around it says."""
    name, want = split_kind(text[start:end])
    if not want and REGION_AFTER.match(text, end):
        want = "region"
    return Span(
        start, end, text[start:end], sentence, name, want, qualifier=qualifier_at(text, end)
    )


def qualifier_at(text: str, end: int) -> str:
    """Return the capitalised name after a comma at ``end`` ("Ga." of "Athens, Ga."), or ""."""
    match = _QUALIFIER.match(text, end, min(len(text), end + 40))
    return match.group(1).strip() if match else ""


def resolve(spans: Sequence[Span], gazetteer: Gazetteer) -> list[tuple[Place | None, float]]:
    """Return the best place and its probability for each span, using the others as context.

    Spans that read alike (same text, kind word and qualifier) are resolved once; each
    repetition still counts in the context the others see.
    """
    groups: dict[tuple[str, str, str, str], list[int]] = {}
    for i, span in enumerate(spans):
        groups.setdefault((span.text, span.name, span.want, span.qualifier), []).append(i)
    alike = [(spans[members[0]], len(members)) for members in groups.values()]
    qualifiers = [_qualifier_areas(span, gazetteer) for span, _ in alike]
    options = [
        _likeliest(_options(span, gazetteer), qualifier)
        for (span, _), qualifier in zip(alike, qualifiers, strict=True)
    ]
    empty = Context.build([], [], [])
    first = [_best(opts, empty, q, "") for opts, q in zip(options, qualifiers, strict=True)]
    context = Context.build(alike, options, first)
    out: list[tuple[Place | None, float]] = [(None, 0.0)] * len(spans)
    for members, (span, _), opts, qualifier in zip(
        groups.values(), alike, options, qualifiers, strict=True
    ):
        cand, probability = _best(opts, context, qualifier, name_key(span.name))
        for i in members:
            out[i] = (None if cand is None else cand.place, probability)
    return out


class Votes:
    """Weights that each name gives to keys, summed, so one name's share can be left out."""

    def __init__(self) -> None:
        self.total: Counter[str] = Counter()
        self.by_name: dict[str, Counter[str]] = {}
        self.sum = 0.0
        self.name_sums: Counter[str] = Counter()

    def add(self, name: str, key: str, weight: float) -> None:
        self.total[key] += weight
        self.by_name.setdefault(name, Counter())[key] += weight
        self.sum += weight
        self.name_sums[name] += weight

    def without(self, key: str, name: str) -> float:
        """Return the weight of ``key`` from every name but ``name``."""
        own = self.by_name.get(name)
        return self.total.get(key, 0.0) - (own.get(key, 0.0) if own else 0.0)

    def share(self, key: str, name: str) -> float:
        """Return the share of ``key`` among the votes of every name but ``name``."""
        rest = self.sum - self.name_sums.get(name, 0.0)
        return self.without(key, name) / rest if rest > 1e-9 else 0.0


@dataclass(frozen=True, slots=True)
class Context:
    """Where a document's places lie, as evidence for each of its names.

    ``winners`` holds the first pass's winners' countries and first-level regions;
    ``support`` says how many names could lie in each area (a name weighs less the more
    areas it spans); ``grid`` holds every candidate's point by 1-degree cell, with the
    weight of its name's belief in it, for spatial coherence; ``countries`` are the
    countries the first pass found, for coherence at the scale of a world region.
    """

    winners: Votes
    support: Votes
    grid: dict[tuple[int, int], list[tuple[str, Place, float]]]
    countries: tuple[tuple[str, Place], ...]

    @staticmethod
    def build(
        spans: Sequence[tuple[Span, int]],
        options: list[list[Option]],
        first: list[tuple[Candidate | None, float]],
    ) -> Context:
        """Gather the evidence of the first pass's winners and of all candidates.

        ``spans`` are the distinct spans with how often each occurs.
        """
        winners, support = Votes(), Votes()
        grid: dict[tuple[int, int], list[tuple[str, Place, float]]] = {}
        countries: dict[str, tuple[str, Place]] = {}
        seen: set[str] = set()
        for (span, count), opts, (cand, probability) in zip(spans, options, first, strict=True):
            name = name_key(span.name)
            if cand is not None:
                for key in filter(None, (cand.place.country, cand.admin1)):
                    winners.add(name, key, probability * count)
                if cand.place.kind == "country":
                    countries[cand.place.id] = (name, cand.place)
            if name in seen or not opts:
                continue
            seen.add(name)
            _add_areas(support, name, opts)
            top = max(score for _, score in opts)
            for other, score in opts:
                if _is_point(other):
                    entry = (name, other.place, math.exp(score - top))
                    grid.setdefault(_cell(other.place), []).append(entry)
        for entries in grid.values():
            entries.sort(key=lambda e: -e[2])  # lets nearness stop at the first light one
        return Context(winners, support, grid, tuple(countries.values()))

    def nearness(self, place: Place, name: str) -> float:
        """Return how close the other names' likely candidates lie to ``place``, 0 to 1."""
        lat, lon = _cell(place)
        best = 0.0
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for other, point, weight in self.grid.get((lat + dlat, lon + dlon), ()):
                    if weight <= best:
                        break
                    if other != name:
                        best = max(best, weight * math.exp(-place_km(place, point) / _NEAR_KM))
        return best

    def country_nearness(self, place: Place, name: str) -> float:
        """Return how close ``place`` lies to the nearest country another name gave, 0 to 1."""
        distances = [place_km(place, point) for other, point in self.countries if other != name]
        return math.exp(-min(distances) / _COUNTRY_KM) if distances else 0.0


def _is_point(cand: Candidate) -> bool:
    """Tell whether a candidate is small enough for its point to mean something nearby."""
    return cand.place.kind != "country" and cand.detail != "continent"


def _add_areas(support: Votes, name: str, opts: list[Option]) -> None:
    areas = {c.admin1 for c, _ in opts if c.admin1} | {
        c.place.country for c, _ in opts if c.place.country
    }
    for area in areas:
        support.add(name, area, 1.0 / math.sqrt(len(areas)))


def _cell(place: Place) -> tuple[int, int]:
    return math.floor(place.lat), math.floor(place.lon)


def _options(span: Span, gazetteer: Gazetteer) -> list[Option]:
    """Return the span's candidates with their context-free scores."""
    found: dict[str, Option] = {}
    abbreviated = bool(_ACRONYM.fullmatch(span.name)) or span.name.endswith(".")
    kinds = _ABBREVIATED_KINDS if abbreviated else PLACE_KINDS
    if span.want:
        for cand in gazetteer.lookup(name_key(span.text)):
            if cand.place.kind == span.want:
                found[cand.place.id] = (cand, _prior(cand) + _CONTEXT_BONUS + 0.5)
    for cand in gazetteer.lookup(name_key(span.name)):
        if (
            cand.place.id in found
            or cand.place.kind not in kinds
            or not _fits(cand, span, abbreviated)
        ):
            continue
        bonus = _CONTEXT_BONUS if span.want and cand.place.kind == span.want else 0.0
        if cand.needs(REGION_ONLY) and span.want != "region":
            bonus -= _BARE_PENALTY  # "Oconee" for Oconee County: possible, unlikely
        if cand.needs(FACILITY_ONLY) and span.want != "facility":
            bonus -= _BARE_PENALTY  # "Heathrow" for the airport: a hub goes by its bare name
        found[cand.place.id] = (cand, _prior(cand) + bonus)
    return list(found.values())


def _likeliest(opts: list[Option], qualifier: frozenset[str]) -> list[Option]:
    """Keep the options with the best priors, and any that the qualifier names."""
    if len(opts) <= _MAX_OPTIONS:
        return opts
    ranked = sorted(opts, key=lambda o: -o[1])
    named = [o for o in ranked[_MAX_OPTIONS:] if _in_areas(o[0], qualifier)]
    return ranked[:_MAX_OPTIONS] + named


def _in_areas(cand: Candidate, areas: frozenset[str]) -> bool:
    return bool(areas) and (cand.admin1 in areas or cand.place.country in areas)


def _fits(cand: Candidate, span: Span, abbreviated: bool) -> bool:
    """Tell whether the span's context allows a name that needs context."""
    if cand.needs(FACILITY_ONLY) and span.want != "facility" and not _hub(cand):
        return False
    return abbreviated or not cand.needs(ABBREVIATION)


def _hub(cand: Candidate) -> bool:
    """Tell whether the candidate is a large airport, known by its bare name ("Heathrow")."""
    return cand.detail.startswith("airport large_airport")


def _prior(cand: Candidate) -> float:
    kind = cand.place.kind
    score = 0.2 if cand.primary else 0.0
    if kind == "facility":
        words = cand.detail.split()
        tag = words[0] if words[0] == "curated" else (words[1] if len(words) > 1 else "")
        return score + _FACILITY_PRIOR.get(tag, _KIND_PRIOR[kind])
    if kind == "country" or cand.detail == "continent":
        return score + _KIND_PRIOR["country"]
    size = 0.15 * math.log10(cand.population + 1)
    if cand.detail == "adm2":
        return score + size - 0.5
    if cand.detail == "capital":
        return score + size + _CAPITAL_PRIOR
    return score + size + (_ADMIN1_PRIOR if kind == "region" else 0.0)


def _qualifier_areas(span: Span, gazetteer: Gazetteer) -> frozenset[str]:
    """Return the admin1 and country codes that the span's qualifier names."""
    if not span.qualifier:
        return frozenset()
    abbreviated = bool(_ACRONYM.fullmatch(span.qualifier)) or span.qualifier.endswith(".")
    areas = set()
    for cand in gazetteer.lookup(name_key(span.qualifier)):
        if cand.place.kind in ("region", "country") and (
            abbreviated or not cand.needs(ABBREVIATION)
        ):
            areas.add(cand.admin1 or cand.place.country or "")
    return frozenset(areas - {""})


def _best(
    opts: list[Option], context: Context, qualifier: frozenset[str], name: str
) -> tuple[Candidate | None, float]:
    """Return the best-scoring candidate of ``opts`` and its softmax probability."""
    if not opts:
        return None, 0.0
    scores = [_score(o, context, qualifier, name) for o in opts]
    top = max(scores)
    winner = scores.index(top)
    return opts[winner][0], 1.0 / sum(math.exp(s - top) for s in scores)


def _score(option: Option, context: Context, qualifier: frozenset[str], name: str) -> float:
    cand, score = option
    place = cand.place
    if _in_areas(cand, qualifier):
        score += _QUALIFIER_BONUS
    for key, bonus in ((place.country, _COUNTRY_BONUS), (cand.admin1, _ADMIN1_BONUS)):
        if key:
            score += bonus * context.winners.share(key, name)
            score += _SUPPORT_BONUS * math.log1p(context.support.without(key, name))
    if _is_point(cand):
        score += _NEAR_BONUS * context.nearness(place, name)
        score += _COUNTRY_NEAR_BONUS * context.country_nearness(place, name)

    return score
