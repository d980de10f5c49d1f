"""Cross-document event coreference.

Mentions are visited in a fixed order and each joins the best compatible
cluster or opens one. Compatibility is what a reader would check: the same
PLOVER type, modes that can describe one happening, overlapping time
intervals, and places within :data:`NEAR_KM` of each other. Clusters are
found through blocks (type and map cell, or type and target entity), so a
mention is never compared with every other.

A mention that names no precise place ("the base was handed over") can still
join a cluster when it shares a targeted person with it, or when a mention of
the same type with a precise place sits within :data:`DISCOURSE_WINDOW`
sentences of it in the same document and the mention names no participant
that event lacks.

Among the compatible clusters the best is the one with the highest score,
where shared participants (actor overlap) and alike sentences (shared content
words) add to the place and time evidence. When ``decisions`` is given, every
mention's outcome is appended to it as a :class:`Decision`: the cluster it
joined or opened, the score and the features that decided, and the nearby
clusters it was kept apart from, each with the reason.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from storyline.knowledge.distance import place_km
from storyline.model import MentionKey, Place, TimeSpan
from storyline.resolve.intervals import intersect, overlaps

NEAR_KM = 30.0
CELL_DEGREES = 0.5
DISCOURSE_WINDOW = 3
PRECISE = ("facility", "city")
# Modes that a cluster of another mode may absorb: an announced handover of a
# base is evidence for the handover that then happens there.
ABSORBED = {"completed": ("completed", "planned"), "planned": ("planned",)}


@dataclass(frozen=True, slots=True)
class Candidate:
    """An event mention with its arguments resolved across documents."""

    key: MentionKey
    type: str
    mode: str
    sentence: int
    place: Place | None
    time: TimeSpan
    timed: bool
    sources: frozenset[str]
    targets: frozenset[str]
    story: str
    people: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()

    @property
    def precise(self) -> bool:
        return self.place is not None and self.place.kind in PRECISE


@dataclass(slots=True, eq=False)
class Cluster:
    index: int
    type: str
    mode: str
    members: list[Candidate] = field(default_factory=list)
    distinct: dict[str, Place] = field(default_factory=dict)
    time: TimeSpan = TimeSpan(None, None, "unknown")
    people: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)

    @property
    def places(self) -> Iterable[Place]:
        return self.distinct.values()

    def add(self, cand: Candidate) -> None:
        self.members.append(cand)
        if cand.place is not None:
            self.distinct.setdefault(cand.place.id, cand.place)
        if cand.mode == self.mode:
            self.time = intersect([self.time, cand.time]) or self.time
        self.people.update(cand.people)
        self.actors.update(cand.sources | cand.targets)
        self.words.update(cand.words)


@dataclass(frozen=True, slots=True)
class Decision:
    """Why one mention joined, opened or left a cluster; ``cluster`` is an index or None."""

    mention: MentionKey
    action: str
    cluster: int | None
    score: float
    features: dict[str, float | str | None]
    apart: tuple[tuple[int, str, dict[str, float | str | None]], ...] = ()


def cluster_mentions(
    candidates: Sequence[Candidate], *, decisions: list[Decision] | None = None
) -> list[list[Candidate]]:
    """Group candidates into events; the order of ``candidates`` decides ties."""
    state = _State()
    # Precise, completed mentions settle the clusters first; the rest attach to them.
    for cand in sorted(candidates, key=lambda c: (not c.precise, c.mode != "completed")):
        cluster, action = _best(state, cand)
        if cluster is None and not (cand.precise or cand.timed or cand.place):
            if decisions is not None:
                decisions.append(_decision(state, cand, None, "dropped: no place, time or match"))
            continue
        if decisions is not None:
            decisions.append(_decision(state, cand, cluster, action))
        state.assign(cand, cluster)
    return [c.members for c in sorted(state.clusters, key=lambda c: c.index)]


def features(cluster: Cluster, cand: Candidate) -> dict[str, float | str | None]:
    """Return what a reader checks to tell whether ``cand`` reports ``cluster``'s event."""
    places = [p for p in cluster.places if cand.place is not None]
    km = min((_distance(p, cand.place) for p in places), default=None)
    return {
        "type": f"{cand.type} vs {cluster.type}",
        "mode": f"{cand.mode} vs {cluster.mode}",
        "time_compatible": float(overlaps(cluster.time, cand.time)),
        "place_km": round(km, 1) if km is not None else None,
        "shared_targets": float(len(cluster.people & cand.people)),
        "actor_overlap": _overlap(cluster.actors, cand.sources | cand.targets),
        "sentence_similarity": _overlap(cluster.words, cand.words),
    }


def _overlap(a: set[str] | frozenset[str], b: frozenset[str]) -> float:
    return round(len(a & b) / min(len(a), len(b)), 3) if a and b else 0.0


def _decision(state: _State, cand: Candidate, cluster: Cluster | None, action: str) -> Decision:
    score = round(_score(cluster, cand), 3) if cluster is not None else 0.0
    chosen = features(cluster, cand) if cluster is not None else {}
    apart = [
        (other.index, _reason(other, cand), features(other, cand))
        for other in sorted(set(state.blocks(cand)), key=lambda c: c.index)
        if other is not cluster
    ]
    index = cluster.index if cluster is not None else None
    if action == "opened":
        index = len(state.clusters)  # the index the cluster it opens will get
    return Decision(cand.key, action, index, score, chosen, tuple(apart[:3]))


def _reason(cluster: Cluster, cand: Candidate) -> str:
    """Say why ``cand`` did not join ``cluster``."""
    if cluster.type != cand.type:
        return "different event type"
    if not _modes_fit(cluster, cand):
        return f"mode {cand.mode} cannot join {cluster.mode}"
    if cand.mode == cluster.mode and not overlaps(cluster.time, cand.time):
        return "time intervals do not overlap"
    if cand.precise and not any(p.kind in PRECISE and _near(p, cand.place) for p in cluster.places):
        return f"places more than {NEAR_KM:g} km apart"
    if _score(cluster, cand) > 0:
        return "another compatible cluster scored higher"
    return "no precise place and no shared target"


class _State:
    def __init__(self) -> None:
        self.clusters: list[Cluster] = []
        self.by_cell: dict[tuple[str, int, int], list[Cluster]] = defaultdict(list)
        self.by_target: dict[tuple[str, str], list[Cluster]] = defaultdict(list)
        self.by_sentence: dict[tuple[str, str], list[tuple[int, Cluster]]] = defaultdict(list)

    def assign(self, cand: Candidate, cluster: Cluster | None) -> None:
        if cluster is None:
            cluster = Cluster(len(self.clusters), cand.type, cand.mode)
            self.clusters.append(cluster)
        cluster.add(cand)
        if cand.place is not None:
            cell = _cell(cand.place)
            if cluster not in self.by_cell[(cand.type, *cell)]:
                self.by_cell[(cand.type, *cell)].append(cluster)
        for target in cand.people:
            if cluster not in self.by_target[(cand.type, target)]:
                self.by_target[(cand.type, target)].append(cluster)
        if cand.precise:
            self.by_sentence[(cand.key[0], cand.type)].append((cand.sentence, cluster))

    def blocks(self, cand: Candidate) -> Iterator[Cluster]:
        if cand.place is not None:
            lat, lon = _cell(cand.place)
            for dlat in (-1, 0, 1):
                for dlon in (-1, 0, 1):
                    yield from self.by_cell.get((cand.type, lat + dlat, lon + dlon), ())
        for target in cand.people:
            yield from self.by_target.get((cand.type, target), ())


def _best(state: _State, cand: Candidate) -> tuple[Cluster | None, str]:
    if not cand.precise:
        nearby = _discourse_antecedent(state, cand)
        if nearby is not None:
            return nearby, f"joined: same type within {DISCOURSE_WINDOW} sentences in its report"
    scored = [(s, c.index, c) for c in set(state.blocks(cand)) if (s := _score(c, cand)) > 0]
    if not scored:
        return None, "opened"
    return max(scored, key=lambda t: (t[0], -t[1]))[2], "joined: best compatible cluster"


def _discourse_antecedent(state: _State, cand: Candidate) -> Cluster | None:
    doc_id = cand.key[0]
    near = [
        (abs(sent - cand.sentence), cluster)
        for sent, cluster in state.by_sentence.get((doc_id, cand.type), ())
        if abs(sent - cand.sentence) <= DISCOURSE_WINDOW
        and _modes_fit(cluster, cand)
        and (cand.mode != cluster.mode or overlaps(cluster.time, cand.time))
    ]
    # Two triggers of one type in one sentence report one event, whatever vaguer
    # place the second one picked up. Across sentences, a mention that names its
    # own participants ("IS fighters mount ambushes") refers back only to an event
    # that shares one of them; one that names none ("the strike") takes the nearest.
    named = cand.sources | cand.targets
    near = [
        (d, c)
        for d, c in near
        if d == 0 or (_place_fits(c, cand) and (not named or bool(c.actors & named)))
    ]
    return min(near, key=lambda t: (t[0], t[1].index))[1] if near else None


def _score(cluster: Cluster, cand: Candidate) -> float:
    """Return how well ``cand`` fits ``cluster``: 0 when incompatible."""
    if cluster.type != cand.type or not _modes_fit(cluster, cand):
        return 0.0
    if cand.mode == cluster.mode and not overlaps(cluster.time, cand.time):
        return 0.0
    shared_targets = bool(cluster.people & cand.people)
    # Participants and wording only rank clusters that place and time already allow.
    context = 0.2 * _overlap(cluster.actors, cand.sources | cand.targets)
    context += 0.1 * _overlap(cluster.words, cand.words)
    if cand.precise:
        near = [p for p in cluster.places if p.kind in PRECISE and _near(p, cand.place)]
        if not near:
            return 0.0
        return 1.0 + 0.5 * shared_targets + 0.1 * (cluster.time.start is not None) + context
    if shared_targets and _place_fits(cluster, cand):
        return 1.0 + context
    return 0.0


def _modes_fit(cluster: Cluster, cand: Candidate) -> bool:
    return cand.mode in ABSORBED.get(cluster.mode, (cluster.mode,))


def _place_fits(cluster: Cluster, cand: Candidate) -> bool:
    """A vague place fits when it contains, or lies near, the cluster's places."""
    if cand.place is None or not cluster.distinct:
        return True
    if cand.place.kind == "country":
        return any(p.country == cand.place.country for p in cluster.places)
    return any(_near(p, cand.place, km=150.0) for p in cluster.places)


def _near(a: Place, b: Place | None, *, km: float = NEAR_KM) -> bool:
    return b is not None and (a.id == b.id or _distance(a, b) <= km)


@functools.lru_cache(maxsize=65536)
def _distance(a: Place, b: Place) -> float:
    return place_km(a, b)


def _cell(place: Place) -> tuple[int, int]:
    return (math.floor(place.lat / CELL_DEGREES), math.floor(place.lon / CELL_DEGREES))
