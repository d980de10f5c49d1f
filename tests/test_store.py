"""The SQLite store: round trips, idempotence, atomicity, and bad files."""

from __future__ import annotations

import dataclasses
import signal
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from storyline.errors import StoreError
from storyline.model import (
    ActorMention,
    Conflict,
    ConflictValue,
    Document,
    Entity,
    Event,
    EventMention,
    Evidence,
    Mention,
    Place,
    PlaceMention,
    Published,
    Quantity,
    QuantityValue,
    Sentence,
    Storyline,
    TimeSpan,
    Timex,
    Token,
)
from storyline.store import BuildLog, Store

TEXT = "Rebels handed the Vellmar depot to the army on 3 May. Some 300 fighters left."
DEPOT = Place("p1", "Vellmar Depot", "facility", 12.5, 44.25, country="ZZ", source="test")


def analysed_doc(id: str = "d1", text: str = TEXT) -> Document:
    """Build a fully analysed document by hand, without spaCy."""
    day = TimeSpan(date(2021, 5, 3), date(2021, 5, 3), "day")
    return Document(
        id=id,
        text=text,
        title="Depot handed over",
        outlet="The Example",
        language="en",
        published=Published(date(2021, 5, 4), inferred=True, confidence=0.5, reason="dateline"),
        path=f"/in/{id}.txt",
        sentences=(Sentence(0, 0, 53), Sentence(1, 54, 78)),
        tokens=(Token(0, 0, 6, "Rebels", "rebel", "NOUN", "NNS", "nsubj", 1, 0),),
        mentions=(Mention(18, 25, "Vellmar", "GPE", 0),),
        timexes=(Timex(47, 52, "3 May", 0, "DATE", "2021-05-03", day, relative=True),),
        places=(PlaceMention(18, 31, "Vellmar depot", 0, DEPOT, 0.9),),
        actors=(ActorMention(0, 6, "Rebels", "armed_group", 0, key="rebels", name="Rebels"),),
        quantities=(Quantity(59, 71, "300 fighters", 1, 300.0, "people", "fighters"),),
        events=(
            EventMention(0, 7, 13, "handed", "hand", "RETREAT", "completed", (0,), (), 0, 0, ()),
        ),
    )


def small_storyline(label: str = "Rebels hand Vellmar depot to the army") -> Storyline:
    event = Event(
        id="ev-1",
        type="RETREAT",
        label=label,
        mode="completed",
        source=("e1",),
        target=(),
        place="p1",
        time=TimeSpan(date(2021, 5, 3), date(2021, 5, 3), "day"),
        documents=("d1",),
        independent_reports=1,
        evidence=(Evidence("d1", 0, 53, TEXT[:53]),),
        quantities=(QuantityValue("fighters", 300.0, "people", ("d1",)),),
        conflicts=(Conflict("quantity:fighters", (ConflictValue(300.0, ("d1",)),), event="ev-1"),),
    )
    names = (ConflictValue("Rebels", ("d1",)), ConflictValue("Rebel", ("d2",)))
    return Storyline(
        documents=(),
        entities=(Entity("e1", "Rebels", "armed_group", ("Rebel",)),),
        places=(DEPOT,),
        events=(event,),
        conflicts=(Conflict("name", names, entity="e1"),),
        place_aliases={"p1": ("Vellmar depot",)},
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "s.db") as opened:
        yield opened


def test_analysed_document_round_trips(store: Store) -> None:
    doc = analysed_doc()
    assert store.add_document(doc)
    loaded = store.document("d1")
    assert loaded == dataclasses.replace(doc, content_hash=loaded.content_hash)
    assert list(store.documents()) == [loaded]
    assert store.count_documents() == 1 and store.document_ids() == {"d1"}
    assert store.needs_resolution()


def test_add_document_is_idempotent_by_hash(store: Store) -> None:
    assert store.add_document(analysed_doc())
    assert not store.add_document(analysed_doc())
    assert not store.add_document(analysed_doc(id="other"))
    assert store.count_documents() == 1
    assert store.has_hash(store.document("d1").content_hash)


def test_new_content_under_a_taken_id_gets_a_suffix(store: Store) -> None:
    store.add_document(analysed_doc())
    store.add_document(analysed_doc(text=TEXT + " More."))
    store.add_document(analysed_doc(text=TEXT + " Even more."))
    assert [d.id for d in store.documents()] == ["d1", "d1~2", "d1~3"]


def test_sentences_and_mentions_are_queryable(store: Store) -> None:
    store.add_document(analysed_doc())
    conn = sqlite3.connect(store.path)
    sentences = conn.execute("SELECT text FROM sentences ORDER BY idx").fetchall()
    kinds = dict(conn.execute("SELECT kind, ref FROM mentions"))
    triggers = conn.execute("SELECT trigger, type FROM event_mentions").fetchall()
    assert sentences[1] == ("Some 300 fighters left.",)
    assert kinds == {
        "entity": "model",
        "place": "p1",
        "actor": "rebels",
        "timex": "2021-05-03",
        "quantity": "300 people",
    }
    assert triggers == [("handed", "RETREAT")]


def test_a_second_store_sees_committed_documents(store: Store) -> None:
    store.add_document(analysed_doc())
    with Store(store.path, readonly=True) as reader:
        assert reader.document_ids() == {"d1"}
        with pytest.raises(StoreError, match="read-only"):
            reader.add_document(analysed_doc(id="d2", text="Another text entirely."))


def test_a_failed_write_leaves_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_insert_parts", fail)
    with pytest.raises(RuntimeError):
        store.add_document(analysed_doc())
    assert store.count_documents() == 0
    monkeypatch.undo()
    assert store.add_document(analysed_doc())


def test_update_published_rewrites_the_document(store: Store) -> None:
    store.add_document(analysed_doc())
    store.update_published("d1", Published(date(2021, 6, 1)))
    assert store.document("d1").published == Published(date(2021, 6, 1))
    assert store.storyline().documents[0].published == Published(date(2021, 6, 1))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a database at all" * 100, "not a storyline database"),
        (None, "not a storyline database"),
    ],
)
def test_a_foreign_file_raises_a_clear_error(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "foreign.db"
    if content is None:
        sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    with pytest.raises(StoreError, match=message):
        Store(path)
    assert path.read_bytes() == before


def test_a_newer_schema_raises_a_clear_error(tmp_path: Path) -> None:
    Store(tmp_path / "s.db").close()
    conn = sqlite3.connect(tmp_path / "s.db")
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    with pytest.raises(StoreError, match="newer"):
        Store(tmp_path / "s.db")


def test_a_missing_file_cannot_be_opened_read_only(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "missing.db", readonly=True)


def test_storyline_round_trips_and_logs_the_build(store: Store) -> None:
    store.add_document(analysed_doc())
    storyline = small_storyline()
    build = store.save_storyline(
        storyline, members={("d1", 0): "ev-1"}, build=BuildLog(documents_added=1)
    )
    loaded = store.storyline()
    assert loaded.events == storyline.events
    assert loaded.entities == storyline.entities and loaded.places == storyline.places
    assert loaded.conflicts == storyline.conflicts
    assert loaded.place_aliases == storyline.place_aliases
    assert [d.id for d in loaded.documents] == ["d1"]
    assert store.event_members() == {("d1", 0): "ev-1"}
    assert not store.needs_resolution()
    assert (build.events_total, build.events_new, build.id) == (1, 1, 1)
    assert store.builds() == [build]


def test_save_storyline_replaces_and_counts_changes(store: Store) -> None:
    store.add_document(analysed_doc())
    store.save_storyline(small_storyline(), members={("d1", 0): "ev-1"}, build=BuildLog())
    changed = small_storyline(label="A new label")
    build = store.save_storyline(changed, members={}, build=BuildLog(started=1600000000.0))
    assert store.storyline().events[0].label == "A new label"
    assert store.event_members() == {}
    assert (build.events_new, build.events_changed, build.events_removed) == (0, 1, 0)
    assert [b.id for b in store.builds()] == [1, 2]


def test_a_failed_save_keeps_the_previous_storyline(store: Store) -> None:
    store.save_storyline(small_storyline(), members={}, build=BuildLog())
    with pytest.raises(StoreError, match="does not hang together"):
        store.save_storyline(small_storyline("x"), members={("d1", 0): "nope"}, build=BuildLog())
    assert store.storyline().events == small_storyline().events
    assert len(store.builds()) == 1


def test_full_text_search_finds_documents(store: Store) -> None:
    if not store.fts:
        pytest.skip("this SQLite has no FTS5")
    store.add_document(analysed_doc())
    conn = sqlite3.connect(store.path)
    sql = "SELECT d.id FROM documents_fts f JOIN documents d ON d.seq = f.rowid WHERE f MATCH ?"
    hits = conn.execute(sql.replace("f MATCH", "documents_fts MATCH"), ("fighters",)).fetchall()
    assert hits == [("d1",)]


def test_documents_can_come_without_tokens(store: Store) -> None:
    store.add_document(analysed_doc())
    assert next(store.documents(tokens=False)).tokens == ()
    assert store.document("d1", tokens=False).mentions == analysed_doc().mentions


WRITER = """
import dataclasses, sys
sys.path.insert(0, sys.argv[2])
from test_store import analysed_doc
from storyline.store import Store
store = Store(sys.argv[1])
for i in range(100000):
    store.add_document(analysed_doc(id=f"k{i}", text=f"{i} " + analysed_doc().text))
    print("stored", flush=True)
"""


def test_a_killed_writer_leaves_whole_documents(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(Path(__file__).parent)],
        stdout=subprocess.PIPE,
        text=True,
    )
    for _ in range(20):
        assert child.stdout.readline() == "stored\n"
    child.send_signal(signal.SIGKILL)
    child.wait()
    with Store(path) as store:
        ids = store.document_ids()
        conn = sqlite3.connect(path)
        parts = conn.execute(
            "SELECT count(DISTINCT document) FROM sentences WHERE document IN "
            "(SELECT id FROM documents)"
        ).fetchone()[0]
        orphans = conn.execute(
            "SELECT count(*) FROM mentions WHERE document NOT IN (SELECT id FROM documents)"
        ).fetchone()[0]
        assert len(ids) >= 20 and parts == len(ids) and orphans == 0
        assert all(len(doc.sentences) == 2 for doc in store.documents())
