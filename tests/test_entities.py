"""Cross-document entity resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.analyse.actors import find_actors
from storyline.analyse.nlp import parse
from storyline.model import ActorMention, Document
from storyline.pipeline import Context
from storyline.resolve.entities import EntityResolution, resolve_entities


def _doc(doc_id: str, *actors: tuple[str, str] | tuple[str, str, str]) -> Document:
    """A document whose actors are given as (name, kind[, key])."""
    mentions = tuple(
        ActorMention(i * 10, i * 10 + len(a[0]), a[0], a[1], 0, a[2] if len(a) > 2 else "", a[0])
        for i, a in enumerate(actors)
    )
    return Document(id=doc_id, text="", actors=mentions)


def _entity_of(result: EntityResolution, doc_id: str, index: int) -> str:
    return result.mention_entity[(doc_id, index)]


def _by_id(result: EntityResolution) -> dict:
    return {e.id: e for e in result.entities}


def test_spelling_variants_of_a_person_resolve_to_one_entity() -> None:
    docs = [
        _doc("a", ("Qassem Soleimani", "person")),
        _doc("b", ("Qasem Soleimani", "person"), ("Qassem Soleimani", "person")),
        _doc("c", ("Qasim Sulaimani", "person"), ("Soleimani", "person")),
    ]
    result = resolve_entities(docs)
    ids = {_entity_of(result, d, i) for d, i in [("a", 0), ("b", 0), ("b", 1), ("c", 0), ("c", 1)]}
    assert len(ids) == 1
    entity = _by_id(result)[ids.pop()]
    assert entity.name == "Qassem Soleimani"
    assert set(entity.aliases) == {"Qasem Soleimani", "Qasim Sulaimani", "Soleimani"}
    assert result.conflicts == ()


def test_a_known_actor_keeps_the_spellings_the_texts_use_as_aliases() -> None:
    def named(text: str) -> ActorMention:
        return ActorMention(0, len(text), text, "state", 0, "USA", "United States")

    docs = [
        Document(id="a", text="", actors=(named("American"), named("the United States"))),
        Document(id="b", text="", actors=(named("US"),)),
    ]
    (entity,) = resolve_entities(docs).entities
    assert entity.name == "United States"
    assert set(entity.aliases) == {"American", "US"}


@pytest.mark.parametrize(
    ("first", "second"),
    [("Vincent Barker", "Vincent Parker"), ("Vincent Barker", "Vincenz Barker")],
)
def test_near_match_is_merged_and_flagged(first: str, second: str) -> None:
    docs = [
        _doc("a", (first, "person")),
        _doc("b", (first, "person")),
        _doc("c", (second, "person")),
    ]
    result = resolve_entities(docs)
    entity_id = _entity_of(result, "a", 0)
    assert _entity_of(result, "c", 0) == entity_id
    [conflict] = result.conflicts
    assert conflict.field == "name" and conflict.entity == entity_id
    assert [(v.value, v.documents) for v in conflict.values] == [
        (first, ("a", "b")),
        (second, ("c",)),
    ]
    assert conflict.chosen == first


def test_people_sharing_only_a_surname_stay_apart() -> None:
    docs = [_doc("a", ("John Smith", "person")), _doc("b", ("Mary Smith", "person"))]
    result = resolve_entities(docs)
    assert _entity_of(result, "a", 0) != _entity_of(result, "b", 0)
    assert result.conflicts == ()


def test_lone_surname_joins_the_full_name_in_its_own_document() -> None:
    docs = [
        _doc("a", ("John Smith", "person"), ("Smith", "person")),
        _doc("b", ("Mary Smith", "person"), ("Smith", "person")),
    ]
    result = resolve_entities(docs)
    assert _entity_of(result, "a", 1) == _entity_of(result, "a", 0)
    assert _entity_of(result, "b", 1) == _entity_of(result, "b", 0)


def test_ambiguous_lone_surname_elsewhere_stays_its_own_entity() -> None:
    docs = [
        _doc("a", ("John Smith", "person")),
        _doc("b", ("Mary Smith", "person")),
        _doc("c", ("Smith", "person")),
    ]
    result = resolve_entities(docs)
    assert _entity_of(result, "c", 0) not in {_entity_of(result, d, 0) for d in "ab"}


def test_alias_table_key_groups_different_names() -> None:
    docs = [
        _doc("a", ("ISIS", "armed_group", "ISIS")),
        _doc("b", ("Daesh", "armed_group", "ISIS"), ("Islamic State", "armed_group", "ISIS")),
    ]
    result = resolve_entities(docs)
    [entity] = result.entities
    assert entity.name == "Islamic State" and entity.kind == "armed_group"
    assert set(entity.aliases) == {"ISIS", "Daesh"}


def test_common_noun_actors_group_by_name() -> None:
    docs = [_doc("a", ("militants", "armed_group")), _doc("b", ("Militants", "armed_group"))]
    result = resolve_entities(docs)
    assert _entity_of(result, "a", 0) == _entity_of(result, "b", 0)


def test_entity_ids_are_stable_when_a_document_is_added() -> None:
    docs = [
        _doc("a", ("Vincent Barker", "person"), ("ISIS", "armed_group", "ISIS")),
        _doc("b", ("Omar Haddad", "person")),
    ]
    before = resolve_entities(docs)
    added = [*docs, _doc("c", ("Vincent Parker", "person"), ("Vincent Parker", "person"))]
    after = resolve_entities(added, previous=before.entities)
    for key, entity_id in before.mention_entity.items():
        assert after.mention_entity[key] == entity_id
    assert _entity_of(after, "c", 0) == _entity_of(after, "a", 0)


def test_entity_ids_do_not_depend_on_document_order() -> None:
    docs = [_doc("a", ("Omar Haddad", "person")), _doc("b", ("Omer Hadad", "person"))]
    forward = resolve_entities(docs)
    backward = resolve_entities(list(reversed(docs)))
    assert forward.mention_entity == backward.mention_entity


def test_seed_reports_resolve_name_variants(seeds: Path, ctx: Context) -> None:
    docs = []
    for path in sorted(seeds.glob("*.txt")):
        doc = Document(id=path.stem, text=path.read_text(encoding="utf-8"), language="en")
        docs.append(find_actors(parse(doc, ctx), ctx))
    result = resolve_entities(docs)
    named = {alias: e for e in result.entities for alias in (e.name, *e.aliases)}
    assert named["Qasem Soleimani"].id == named["Qasim Soleimani"].id
    assert named["Daesh"].id == named["ISIS"].id == named["Islamic State"].id
    flagged = {v.value for c in result.conflicts for v in c.values}
    assert {"Vincent Barker", "Vincent Parker"} <= flagged


def test_acronym_joins_the_name_it_abbreviates_when_not_in_the_alias_table() -> None:
    from storyline.model import ActorMention, Document
    from storyline.resolve.entities import resolve_entities

    text = "The Kurdish Liberation Front said the KLF would fight."
    doc = Document(
        id="d",
        text=text,
        actors=(
            ActorMention(
                4, 26, "Kurdish Liberation Front", "armed_group", 0, "", "Kurdish Liberation Front"
            ),
            ActorMention(36, 39, "KLF", "armed_group", 0, "", "KLF"),
        ),
    )
    ents = resolve_entities([doc])
    assert ents.mention_entity[("d", 0)] == ents.mention_entity[("d", 1)]
