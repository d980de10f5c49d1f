"""The read-only HTTP API: shapes, filters, errors, and its defences against hostile input.

The store is made by hand through the Store API: two reports whose titles,
outlets, text, entity and place names carry script payloads, and events with
conflicts, so every route meets hostile text. ``tests/test_web_browser.py``
drives the same store in a real browser.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
import uvicorn
from click.testing import CliRunner
from fastapi.testclient import TestClient

from storyline.cli import main
from storyline.model import (
    ActorMention,
    Conflict,
    ConflictValue,
    Document,
    Entity,
    Event,
    EventMention,
    Evidence,
    Place,
    PlaceMention,
    Published,
    Quantity,
    QuantityValue,
    Sentence,
    Storyline,
    TimeSpan,
    Timex,
)
from storyline.output.export import to_json
from storyline.settings import Settings
from storyline.store import BuildLog, Store
from storyline.web import create_app

PAYLOAD = (
    "<script>window.__pwned=1;document.title='pwned'</script>"
    "<img src=x onerror=\"window.__pwned=2;document.title='pwned'\">"
)
D1 = (
    "Rebels handed the Vellmar depot to the army on 3 May.",
    f"Crowds chanted {PAYLOAD} outside the gate.",
    "Some 300 fighters left the depot.",
)
D2 = (
    "Army units took over the Vellmar depot on 5 May, a spokesman said.",
    "About 500 fighters left.",
    "Rebels attacked Kessel in June.",
)
DEPOT = Place("p1", "Vellmar Depot", "facility", 44.25, 12.5, country="ZZ", source="test")
KESSEL = Place("p2", f"Kessel {PAYLOAD}", "city", 40.0, 20.0, country="ZZ", source="test")
MAY3 = TimeSpan(date(2021, 5, 3), date(2021, 5, 3), "day")


def _sentences(parts: tuple[str, ...]) -> tuple[str, tuple[Sentence, ...]]:
    text, sentences = "", []
    for i, part in enumerate(parts):
        start = len(text) + (1 if text else 0)
        text = f"{text} {part}" if text else part
        sentences.append(Sentence(i, start, start + len(part)))
    return text, tuple(sentences)


def _at(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _doc1() -> Document:
    text, sentences = _sentences(D1)
    return Document(
        id="d1",
        text=text,
        title=f"Depot handed over {PAYLOAD}",
        outlet=f"Outlet {PAYLOAD}",
        url="javascript:alert(1)",
        language="en",
        published=Published(date(2021, 5, 4), inferred=True, confidence=0.5, reason="dateline"),
        sentences=sentences,
        timexes=(Timex(*_at(text, "3 May"), "3 May", 0, "DATE", "2021-05-03", MAY3),),
        places=(PlaceMention(*_at(text, "Vellmar depot"), "Vellmar depot", 0, DEPOT, 0.9),),
        actors=(ActorMention(*_at(text, "Rebels"), "Rebels", "armed_group", 0),),
        quantities=(
            Quantity(*_at(text, "300 fighters"), "300 fighters", 2, 300.0, "people", "fighters"),
        ),
        events=(EventMention(0, *_at(text, "handed"), "handed", "hand", "RETREAT", "completed"),),
    )


def _doc2() -> Document:
    text, sentences = _sentences(D2)
    may5 = TimeSpan(date(2021, 5, 5), date(2021, 5, 5), "day")
    return Document(
        id="wire/d2",
        text=text,
        title="Army takes over depot",
        outlet="Wire",
        url="https://example.org/d2",
        language="en",
        published=Published(date(2021, 5, 6)),
        sentences=sentences,
        timexes=(Timex(*_at(text, "5 May"), "5 May", 0, "DATE", "2021-05-05", may5),),
        places=(PlaceMention(*_at(text, "Vellmar depot"), "Vellmar depot", 0, DEPOT, 0.9),),
        quantities=(
            Quantity(*_at(text, "500 fighters"), "500 fighters", 1, 500.0, "people", "fighters"),
        ),
        events=(
            EventMention(0, *_at(text, "took over"), "took over", "take", "RETREAT", "completed"),
            EventMention(2, *_at(text, "attacked"), "attacked", "attack", "ASSAULT", "completed"),
        ),
    )


def _evidence(doc: Document, index: int) -> Evidence:
    sent = doc.sentences[index]
    return Evidence(doc.id, sent.start, sent.end, doc.text[sent.start : sent.end])


def _storyline(d1: Document, d2: Document) -> Storyline:
    handover = Event(
        id="ev-1",
        type="RETREAT",
        label="Rebels hand Vellmar depot to the army",
        mode="completed",
        source=("e1",),
        target=("e2",),
        place="p1",
        time=MAY3,
        documents=("d1", "wire/d2"),
        independent_reports=2,
        evidence=(_evidence(d1, 0), _evidence(d2, 0), _evidence(d1, 2), _evidence(d2, 1)),
        quantities=(QuantityValue("fighters", 300.0, "people", ("d1",)),),
        conflicts=(
            Conflict(
                "date",
                (ConflictValue("2021-05-03", ("d1",)), ConflictValue("2021-05-05", ("wire/d2",))),
                event="ev-1",
                chosen="2021-05-03",
                rule="most recent",
            ),
            Conflict(
                "quantity:fighters",
                (ConflictValue(300.0, ("d1",)), ConflictValue(500.0, ("wire/d2",))),
                event="ev-1",
                chosen=300.0,
                rule="most recent",
            ),
        ),
    )
    attack = Event(
        id="ev-2",
        type="ASSAULT",
        label=f"Rebels attack Kessel {PAYLOAD}",
        mode="completed",
        source=("e1",),
        target=(),
        place="p2",
        time=TimeSpan(date(2021, 6, 1), date(2021, 6, 30), "month"),
        documents=("wire/d2",),
        independent_reports=1,
        evidence=(_evidence(d2, 2),),
    )
    protest = Event(
        id="ev-3",
        type="PROTEST",
        label=f"Crowds protest {PAYLOAD}",
        mode="negated",
        source=("e3",),
        target=(),
        place=None,
        time=TimeSpan(None, None, "unknown"),
        documents=("d1",),
        independent_reports=1,
        evidence=(_evidence(d1, 1),),
    )
    names = (ConflictValue(f"Kem {PAYLOAD}", ("d1",)), ConflictValue("Kem Oru", ("wire/d2",)))
    return Storyline(
        documents=(d1, d2),
        entities=(
            Entity("e1", "Rebels", "armed_group", ("rebel fighters",)),
            Entity("e2", "Army", "state", ("army", "Army units")),
            Entity("e3", f"Kem {PAYLOAD}", "person", (f"K. {PAYLOAD}",)),
        ),
        places=(DEPOT, KESSEL),
        events=(handover, attack, protest),
        conflicts=(Conflict("name", names, entity="e3", chosen=f"Kem {PAYLOAD}", rule="r"),),
        place_aliases={"p1": ("Vellmar depot",)},
    )


def build_hostile_store(path: Path) -> Path:
    """Write the hand-made hostile store to ``path`` and return it."""
    d1, d2 = _doc1(), _doc2()
    with Store(path) as store:
        store.add_document(d1)
        store.add_document(d2)
        members = {("d1", 0): "ev-1", ("wire/d2", 0): "ev-1", ("wire/d2", 1): "ev-2"}
        store.save_storyline(_storyline(d1, d2), members=members, build=BuildLog())
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile_store(tmp_path_factory.mktemp("web") / "hostile.db")


@pytest.fixture(scope="module")
def client(store_path: Path) -> TestClient:
    with TestClient(create_app(Settings(), store_path), base_url="http://127.0.0.1") as client:
        yield client


def ids(answer: dict) -> list[str]:
    return [event["id"] for event in answer["events"]]


def test_event_list_is_shaped_as_in_the_export(client: TestClient, store_path: Path) -> None:
    with Store(store_path, readonly=True) as store:
        exported = {e["id"]: e for e in to_json(store.storyline())["events"]}
    answer = client.get("/api/events").json()
    assert answer["total"] == 3
    assert ids(answer) == ["ev-1", "ev-2", "ev-3"]  # by start date, undated last
    assert {e["id"]: e for e in answer["events"]} == exported
    assert answer["places"]["p1"]["name"] == "Vellmar Depot"
    assert answer["entities"]["e1"]["name"] == "Rebels"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=ASSAULT", ["ev-2"]),
        ("type=assault,retreat", ["ev-1", "ev-2"]),
        ("mode=negated", ["ev-3"]),
        ("actor=e1", ["ev-1", "ev-2"]),
        ("actor=e3", ["ev-3"]),
        ("place=p2", ["ev-2"]),
        ("bbox=10,40,15,50", ["ev-1"]),
        ("start=2021-05-04", ["ev-2"]),
        ("end=2021-05-31", ["ev-1"]),
        ("start=2021-05-01&end=2021-06-01", ["ev-1", "ev-2"]),
        ("q=kessel", ["ev-2"]),
        ("q=spokes", ["ev-1"]),  # evidence words, the last one as a prefix
        ("q=script", ["ev-2", "ev-3"]),
        ("type=RETREAT&q=kessel", []),
        ("conflicts=true", ["ev-1"]),
    ],
)
def test_event_filters(client: TestClient, query: str, expected: list[str]) -> None:
    answer = client.get(f"/api/events?{query}").json()
    assert ids(answer) == expected
    assert answer["total"] == len(expected)


def test_event_list_pages(client: TestClient) -> None:
    first = client.get("/api/events?limit=2").json()
    second = client.get("/api/events?limit=2&offset=2").json()
    assert first["total"] == second["total"] == 3
    assert ids(first) + ids(second) == ["ev-1", "ev-2", "ev-3"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("type=RIOT", "type: unknown value(s) RIOT"),
        ("mode=maybe", "mode: unknown value(s) MAYBE"),
        ("start=2021-13-01", "start:"),
        ("start=yesterday", "start:"),
        ("start=2021-06-01&end=2021-05-01", "start 2021-06-01 is after end 2021-05-01"),
        ("bbox=1,2,3", "bbox: give four numbers"),
        ("bbox=10,40,5,50", "bbox: need -180 <= west <= east <= 180"),
        ("bbox=a,b,c,d", "bbox: give four numbers"),
        ("limit=0", "limit:"),
        ("limit=100000", "limit:"),
        ("offset=-1", "offset:"),
        ("q=%22%3F%2A", "q: the search text has no words"),
        ("q=" + "x" * 201, "q:"),
    ],
)
def test_bad_input_is_a_clear_400(client: TestClient, query: str, message: str) -> None:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]


def test_fts_syntax_in_the_text_is_searched_as_words(client: TestClient) -> None:
    response = client.get('/api/events?q=kessel" OR NEAR(a')
    assert response.status_code == 200
    assert ids(response.json()) == []  # every word must match; "OR", "NEAR" are words


@pytest.mark.parametrize(
    "path", ["/api/events/ev-404", "/api/documents/nope", "/api/entities/e404", "/api/nothing"]
)
def test_unknown_ids_are_404_in_the_error_shape(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert set(response.json()) == {"error"}
    assert response.json()["error"]["status"] == 404


def test_event_detail_has_context_sources_fields_and_conflicts(client: TestClient) -> None:
    detail = client.get("/api/events/ev-1").json()
    assert detail["event"]["id"] == "ev-1"
    first = detail["evidence"][0]
    context = first["context"]["text"]
    assert first["text"] in context and D1[1] in context  # the next sentence is context
    sentence = next(m for m in first["marks"] if m["field"] == "evidence")
    assert context[sentence["start"] : sentence["end"]] == D1[0]
    marked = {m["field"]: context[m["start"] : m["end"]] for m in first["marks"]}
    assert marked["type"] == "handed"
    assert marked["place"] == "Vellmar depot"
    assert marked["date"] == "3 May"
    assert marked["source"] == "Rebels"
    sources = {s["id"]: s for s in detail["sources"]}
    assert sources["wire/d2"]["outlet"] == "Wire"
    assert sources["d1"]["published"]["date"] == "2021-05-04"
    assert sources["d1"]["published"]["inferred"] is True
    fields = {f["field"]: f for f in detail["fields"]}
    assert fields["date"]["supporting"] == [0]  # d1 says 3 May
    assert fields["date"]["contradicting"] == [1]  # the wire says 5 May
    assert fields["quantity:fighters"]["supporting"] == [2]
    assert fields["quantity:fighters"]["contradicting"] == [3]
    assert fields["place"]["conflict"] is None
    assert {c["field"] for c in detail["conflicts"]} == {"date", "quantity:fighters"}
    assert "explanation" in detail


def test_document_has_text_mentions_and_the_events_it_supports(client: TestClient) -> None:
    doc = client.get("/api/documents/wire/d2").json()  # ids may hold slashes
    assert doc["text"].startswith(D2[0])
    assert doc["outlet"] == "Wire"
    places = [m for m in doc["mentions"] if m["kind"] == "place"]
    assert [doc["text"][m["start"] : m["end"]] for m in places] == ["Vellmar depot"]
    assert {e["event"] for e in doc["evidence"]} == {"ev-1", "ev-2"}


def test_full_text_search_over_documents(client: TestClient) -> None:
    answer = client.get("/api/search?q=fighters left").json()
    assert answer["total"] == 2
    hit = answer["documents"][0]
    assert any(s["hit"] and s["text"].lower() == "fighters" for s in hit["snippet"])
    assert "\ue000" not in json.dumps(answer)
    assert client.get("/api/search?q=%2A%2A").status_code == 400


def test_entities_places_and_conflicts(client: TestClient) -> None:
    entities = client.get("/api/entities?q=rebel").json()
    assert [(e["id"], e["events"]) for e in entities["entities"]] == [("e1", 2)]
    assert entities["entities"][0]["aliases"] == ["rebel fighters"]
    kem = client.get("/api/entities/e3").json()
    assert [e["id"] for e in kem["events"]] == ["ev-3"]
    assert kem["conflicts"][0]["field"] == "name"
    places = {p["id"]: p for p in client.get("/api/places").json()["places"]}
    assert places["p1"]["aliases"] == ["Vellmar depot"] and places["p1"]["events"] == 1
    fields = [c["field"] for c in client.get("/api/conflicts").json()["conflicts"]]
    assert sorted(fields) == ["date", "name", "quantity:fighters"]


def test_openapi_lists_only_get_routes(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/search"} <= set(schema["paths"])
    methods = {m for path in schema["paths"].values() for m in path}
    assert methods == {"get"}


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_there_are_no_write_routes(client: TestClient, method: str) -> None:
    assert client.request(method, "/api/events").status_code in (405, 413)
    assert client.request(method, "/api/events/ev-1").status_code in (405, 413)


def test_request_bodies_and_huge_urls_are_refused(client: TestClient) -> None:
    assert client.request("GET", "/api/events", content=b"x" * 10).status_code == 413
    assert client.get("/api/events?q=" + "a" * 5000).status_code == 414


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e%2f%2e%2e%2fstore%2fschema.sql",
        "/static//etc/passwd",
        "/static/js/../../assets.py",
        "/api/documents/..%2f..%2fetc%2fpasswd",
    ],
)
def test_no_path_reaches_a_file_outside_the_assets(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert b"import" not in response.content and b"root:" not in response.content


def test_other_host_names_are_refused(client: TestClient) -> None:
    for host in ("attacker.example", "attacker.example:8765", "127.0.0.1.attacker.example"):
        response = client.get("/api/events", headers={"host": host})
        assert response.status_code == 400
        assert "answers only for 127.0.0.1" in response.json()["error"]["message"]
    assert client.get("/api/facets", headers={"host": "localhost:8765"}).status_code == 200


def test_every_answer_carries_a_strict_csp(client: TestClient) -> None:
    for path in ("/", "/api/events", "/static/js/main.js", "/api/nothing"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert headers["x-content-type-options"] == "nosniff"


def test_the_page_has_no_inline_script_and_loads_only_local_assets(client: TestClient) -> None:
    page = client.get("/").text
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"\son\w+=", page)
    for ref in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert ref.startswith("/static/"), ref
        assert client.get(ref).status_code == 200


def test_json_answers_are_never_served_as_html(client: TestClient) -> None:
    response = client.get("/api/events/ev-2")
    assert response.headers["content-type"] == "application/json"
    assert PAYLOAD in response.json()["event"]["label"]  # data stays data, unmangled


def test_the_store_is_only_read(store_path: Path) -> None:
    before = hashlib.sha256(store_path.read_bytes()).hexdigest()
    with TestClient(create_app(Settings(), store_path), base_url="http://127.0.0.1") as client:
        for path in ("/api/events?q=depot", "/api/events/ev-1", "/api/search?q=army"):
            assert client.get(path).status_code == 200
    assert hashlib.sha256(store_path.read_bytes()).hexdigest() == before


def test_serve_binds_localhost_on_8765_by_default(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bound: list[tuple[str, int]] = []
    monkeypatch.setattr(
        uvicorn.Server, "run", lambda self: bound.append((self.config.host, self.config.port))
    )
    result = CliRunner().invoke(main, ["serve", "--db", str(store_path)])
    assert result.exit_code == 0, result.output
    assert bound == [("127.0.0.1", 8765)]


def test_serve_without_a_store_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = CliRunner().invoke(main, ["serve", "--db", str(missing)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: [E003] no store at {missing}; "
        f"create it with `storyline build PATH --db {missing}`\n"
    )


def test_a_store_without_a_storyline_answers_empty_lists(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    Store(empty).close()
    with TestClient(create_app(Settings(), empty), base_url="http://127.0.0.1") as client:
        assert client.get("/api/events").json()["total"] == 0
        assert client.get("/api/facets").json()["events"] == 0
        assert client.get("/api/conflicts").json() == {"conflicts": []}


def test_a_store_missing_a_newer_table_gets_a_json_503(tmp_path: Path) -> None:
    old = build_hostile_store(tmp_path / "old.db")
    with sqlite3.connect(old) as conn:
        conn.execute("DROP TABLE mentions")  # as if written before that table existed
    app = create_app(Settings(), old)
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        response = client.get("/api/documents/d1")
        assert response.status_code == 503
        assert "rebuild it with storyline build" in response.json()["error"]["message"]
