"""Cross-document entity resolution: which actor mentions name the same actor.

Mentions are grouped in blocks, never compared all against all:

1. by the alias-table key the actors stage found (*ISIS*, *Daesh*, *IS*);
2. for people and unknown organisations, by a transliteration-tolerant name key,
   the consonant skeleton (*Qassem* / *Qasem* / *Qasim Soleimani*);
3. a person's surname alone (*Soleimani*) joins the full name with that surname
   in the same document or, when only one such person is known, anywhere;
4. an acronym not in the alias table (*PKK*, *AQAP*) joins the one multi-word
   name whose initials it spells (*Kurdistan Workers Party* does not, *Partiya
   Karkerên Kurdistanê* does), preferring a name in the same document;
5. a near match that may be a transcription error (same first name, surnames
   one edit apart, or the reverse: *Vincent Barker* / *Vincent Parker*) is
   merged and flagged as a name conflict.

Entity ids are ``"e-"`` plus a short hash of the group's key, so they do not
depend on document order; entities given as ``previous`` keep their ids.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from storyline.knowledge.actors import (
    alias_key,
    clean_name,
    distinctive,
    load_actor_table,
    skeleton,
)
from storyline.model import Conflict, ConflictValue, Document, Entity

MentionKey = tuple[str, int]
_ACRONYM_NAME = re.compile(r"^[A-Z]{2,6}$")
_MAX_BLOCK = 200  # a larger block is a common first name; near matches in it are not tried
_RULES = {
    "surname": "merged: same first name, surnames one edit apart (possible transcription error)",
    "first": "merged: same surname, first names one edit apart (possible transcription error)",
}


@dataclass(frozen=True, slots=True)
class EntityResolution:
    """The entities found, which entity each actor mention names, and name conflicts."""

    entities: tuple[Entity, ...]
    mention_entity: dict[MentionKey, str]
    conflicts: tuple[Conflict, ...]


@dataclass(frozen=True, slots=True)
class _Ref:
    doc: str
    index: int
    name: str
    kind: str
    key: str
    text: str = ""  # the spelling in the text ("American" of the United States)


def resolve_entities(
    docs: Iterable[Document], *, previous: Sequence[Entity] = ()
) -> EntityResolution:
    """Group the actor mentions of ``docs`` into entities."""
    refs = [
        _Ref(doc.id, i, actor.name or actor.text, actor.kind, actor.key, actor.text)
        for doc in docs
        for i, actor in enumerate(doc.actors)
    ]
    groups = _Groups()
    people = [r for r in refs if _is_named_person(r)]
    for ref in refs:
        if not _is_named_person(ref) or len(_words(ref.name)) > 1:
            groups.add(ref, _group_key(ref))
    flagged = _merge_near_matches(groups, people)
    _attach_acronyms(groups, refs)
    _attach_surnames(groups, [r for r in people if len(_words(r.name)) == 1])
    return _build(groups, flagged, previous)


def _is_named_person(ref: _Ref) -> bool:
    words = ref.name.split()
    return ref.kind == "person" and not ref.key and bool(words) and not words[-1].islower()


def _words(name: str) -> list[str]:
    return alias_key(name).split()


def _group_key(ref: _Ref) -> str:
    if ref.key:
        return f"k:{ref.key}"
    if ref.kind == "person" and _is_named_person(ref):
        return f"p:{skeleton(ref.name)}"
    shape = skeleton(ref.name)
    return f"n:{shape}" if distinctive(shape) else f"n:{alias_key(ref.name)}"


class _Groups:
    """Union-find over group keys, with the mentions filed under each key."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.refs: dict[str, list[_Ref]] = defaultdict(list)

    def add(self, ref: _Ref, key: str) -> None:
        self.parent.setdefault(key, key)
        self.refs[key].append(ref)

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def members(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for key in self.parent:
            out[self.find(key)].append(key)
        return out


def _merge_near_matches(groups: _Groups, people: list[_Ref]) -> dict[str, str]:
    """Merge full names one edit apart in one name part; return flagged keys and rules."""
    full = {f"p:{skeleton(r.name)}": _words(r.name) for r in people if len(_words(r.name)) > 1}
    by_first: dict[str, list[str]] = defaultdict(list)
    by_last: dict[str, list[str]] = defaultdict(list)
    for key, words in full.items():
        by_first[skeleton(words[0])].append(key)
        by_last[skeleton(words[-1])].append(key)
    flagged: dict[str, str] = {}
    for block, part, rule in ((by_first, -1, "surname"), (by_last, 0, "first")):
        for keys in block.values():
            if len(keys) > _MAX_BLOCK:
                continue
            for i, a in enumerate(keys):
                for b in keys[i + 1 :]:
                    if _one_edit(full[a][part], full[b][part]):
                        groups.union(a, b)
                        flagged[a] = flagged[b] = rule
    return flagged


_MINOR_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "al", "el", "de"})


def initials(name: str) -> str:
    """Return the capital initials of a multi-word name (*Syrian Democratic Forces* -> SDF)."""
    words = [w for w in re.split(r"[\s\-–]+", name) if w and w.lower() not in _MINOR_WORDS]
    return "".join(w[0] for w in words).upper() if len(words) > 1 else ""


def _attach_acronyms(groups: _Groups, refs: list[_Ref]) -> None:
    """Join each unkeyed acronym to the one group whose name it abbreviates."""
    anywhere: dict[str, set[str]] = defaultdict(set)
    in_doc: dict[tuple[str, str], set[str]] = defaultdict(set)
    for ref in refs:
        letters = initials(ref.name) if ref.kind != "person" else ""
        if len(letters) >= 2:
            root = groups.find(_group_key(ref))
            anywhere[letters].add(root)
            in_doc[(ref.doc, letters)].add(root)
    for ref in refs:
        if ref.key or not _ACRONYM_NAME.match(ref.name):
            continue
        local = in_doc.get((ref.doc, ref.name), set())
        found = local if len(local) == 1 else anywhere.get(ref.name, set())
        if len(found) == 1:
            groups.union(_group_key(ref), next(iter(found)))


def _one_edit(a: str, b: str) -> bool:
    return skeleton(a) != skeleton(b) and Levenshtein.distance(a, b) == 1


def _attach_surnames(groups: _Groups, surnames: list[_Ref]) -> None:
    """File a lone surname under the full name it abbreviates, or under its own key."""
    by_surname: dict[str, set[str]] = defaultdict(set)
    in_doc: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, refs in list(groups.refs.items()):
        for ref in refs:
            words = _words(ref.name)
            if key.startswith("p:") and len(words) > 1:
                by_surname[skeleton(words[-1])].add(groups.find(key))
                in_doc[(ref.doc, skeleton(words[-1]))].add(groups.find(key))
    for ref in surnames:
        shape = skeleton(ref.name)
        local = in_doc.get((ref.doc, shape), set())
        known = {groups.find(k) for k in by_surname.get(shape, set())}
        target = local if len(local) == 1 else known
        groups.add(ref, next(iter(target)) if len(target) == 1 else f"p:{shape}")


def _build(
    groups: _Groups, flagged: dict[str, str], previous: Sequence[Entity]
) -> EntityResolution:
    table = load_actor_table()
    claimed = _PreviousIds(previous)
    entities, conflicts = [], []
    mention_entity: dict[MentionKey, str] = {}
    for root, keys in sorted(groups.members().items()):
        refs = [ref for key in sorted(keys) for ref in groups.refs[key]]
        known = table.get(root[2:]) if root.startswith("k:") else None
        names = [ref.name for ref in refs]
        entity_id = claimed.take(names, _entity_id(root))
        name = known.name if known is not None else _best_name(names)
        kind = (
            known.kind if known is not None else Counter(r.kind for r in refs).most_common(1)[0][0]
        )
        spellings = [clean_name(ref.text, kind=ref.kind) for ref in refs if ref.text]
        aliases = tuple(n for n in dict.fromkeys([*names, *spellings]) if n and n != name)
        entities.append(Entity(entity_id, name, kind, aliases))
        mention_entity.update({(ref.doc, ref.index): entity_id for ref in refs})
        rule = next((flagged[k] for k in sorted(keys) if k in flagged), None)
        if rule is not None:
            conflicts.append(_name_conflict(entity_id, keys, groups, rule))
    return EntityResolution(tuple(entities), mention_entity, tuple(conflicts))


def _entity_id(key: str) -> str:
    return "e-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def _best_name(names: list[str]) -> str:
    """Return the most frequent full form; ties go to the longest, then the first seen."""
    full = [n for n in names if len(n.split()) > 1] or names
    counts = Counter(full)
    order = {n: i for i, n in reversed(list(enumerate(full)))}
    return max(counts, key=lambda n: (counts[n], len(n), -order[n]))


def _name_conflict(entity_id: str, keys: list[str], groups: _Groups, rule: str) -> Conflict:
    values = []
    for key in sorted(keys, key=lambda k: groups.refs[k][0].doc if groups.refs[k] else ""):
        refs = [r for r in groups.refs[key] if len(_words(r.name)) > 1]
        if refs:
            documents = tuple(dict.fromkeys(r.doc for r in refs))
            values.append(ConflictValue(_best_name([r.name for r in refs]), documents))
    chosen = max(values, key=lambda v: len(v.documents)).value if values else None
    return Conflict("name", tuple(values), entity=entity_id, chosen=chosen, rule=_RULES[rule])


class _PreviousIds:
    """Hand out the ids of earlier entities to the groups that carry their names."""

    def __init__(self, previous: Sequence[Entity]) -> None:
        self.by_name: dict[str, list[str]] = defaultdict(list)
        self.known = {entity.id for entity in previous}
        for entity in previous:
            for name in (entity.name, *entity.aliases):
                self.by_name[alias_key(name)].append(entity.id)
        self.used: set[str] = set()

    def take(self, names: list[str], fallback: str) -> str:
        if fallback in self.known or not self.by_name:
            self.used.add(fallback)
            return fallback
        votes = Counter(i for n in names for i in self.by_name.get(alias_key(n), ()))
        for entity_id, _ in votes.most_common():
            if entity_id not in self.used:
                self.used.add(entity_id)
                return entity_id
        self.used.add(fallback)
        return fallback
