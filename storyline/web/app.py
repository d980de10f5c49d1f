"""The web application: the single page and the read-only JSON API over one store.

Every route is a GET. Errors have one JSON shape, ``{"error": {"status",
"message"}}``. Responses carry a strict Content-Security-Policy, requests with
a body or an overlong URL are refused, and the Host header must name this
machine, so that a web page elsewhere cannot read the API through DNS rebinding.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyline import __version__
from storyline.errors import StorylineError
from storyline.model import MODES, PLOVER_TYPES
from storyline.output.export import conflict_json, document_json, event_json, place_json
from storyline.settings import Settings
from storyline.web.assets import Assets
from storyline.web.detail import event_detail
from storyline.web.queries import EventFilter, Reader

MAX_LIMIT = 1000
MAX_URL = 4096
MAX_TEXT = 200
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=2**31, description="Items to skip.")]
Text = Annotated[str | None, Query(max_length=MAX_TEXT)]
Id = Annotated[str, PathParam(min_length=1, max_length=MAX_TEXT)]
Names = Annotated[str | None, Query(max_length=MAX_TEXT, description="Comma-separated.")]
Day = Annotated[date | None, Query(description="An ISO date, YYYY-MM-DD.")]
Flag = Annotated[bool, Query(description="Only events whose sources disagree.")]


class FastJSON(JSONResponse):
    """JSON written in one pass by the standard library, without re-encoding the answer."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _get(app: FastAPI, path: str, **options: Any) -> Callable[[Callable[..., Any]], Any]:
    """Register a GET route whose dict answer goes straight to :class:`FastJSON`.

    FastAPI would otherwise walk every answer with ``jsonable_encoder``, which
    costs more than the query for a page of events.
    """

    def register(func: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        @functools.wraps(func)
        def route(*args: Any, **kwargs: Any) -> Response:
            return FastJSON(func(*args, **kwargs))

        app.get(path, response_class=FastJSON, response_model=None, **options)(route)
        return func

    return register


def create_app(settings: Settings, store_path: Path) -> FastAPI:
    """Return the app serving the page and the read-only API for the store at ``store_path``."""
    reader = Reader(store_path)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        reader.warm()  # build the search indexes before the first request, not during it
        yield
        reader.close()

    app = FastAPI(
        title="storyline",
        version=__version__,
        description="Read-only access to a corroborated, cited storyline.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.reader = reader
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=1)
    hosts = frozenset({*LOCAL_HOSTS, settings.host})
    app.middleware("http")(functools.partial(_guard, hosts=hosts))
    _error_handlers(app)
    _api_routes(app, reader)
    Assets.load().mount(app)
    return app


async def _guard(
    request: Request,
    call_next: Callable[[Request], Awaitable[Response]],
    *,
    hosts: frozenset[str],
) -> Response:
    """Refuse other hosts, bodies and overlong URLs; add the security headers to every answer."""
    host = request.headers.get("host", "")
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    length = request.headers.get("content-length", "0")
    if name not in hosts:
        response: Response = _error(400, f"this server answers only for {', '.join(sorted(hosts))}")
    elif request.headers.get("transfer-encoding") or not length.isdigit() or int(length) > 0:
        response = _error(413, "this API is read-only and takes no request body")
    elif len(str(request.url)) > MAX_URL:
        response = _error(414, f"the URL is longer than {MAX_URL} characters")
    else:
        response = await call_next(request)
    response.headers.update(SECURITY_HEADERS)
    return response


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            f"{'.'.join(str(p) for p in err['loc'][1:]) or 'request'}: {err['msg']}"
            for err in exc.errors()
        ]
        return _error(400, "; ".join(problems))

    @app.exception_handler(StorylineError)
    async def store_error(request: Request, exc: StorylineError) -> JSONResponse:
        return _error(503, str(exc))

    @app.exception_handler(sqlite3.Error)
    async def sqlite_error(request: Request, exc: sqlite3.Error) -> JSONResponse:
        # e.g. a store written by an older storyline that lacks a newer table
        return _error(503, f"the store cannot answer this ({exc}); rebuild it with storyline build")


def _choices(value: str | None, allowed: tuple[str, ...], name: str) -> tuple[str, ...]:
    """Parse a comma-separated list of names, all of them in ``allowed``."""
    if not value:
        return ()
    chosen = tuple(dict.fromkeys(v.strip().upper() for v in value.split(",") if v.strip()))
    unknown = [v for v in chosen if v not in {a.upper() for a in allowed}]
    if unknown:
        raise HTTPException(
            400, f"{name}: unknown value(s) {', '.join(unknown)}; choose from {', '.join(allowed)}"
        )
    return tuple(v if name == "type" else v.lower() for v in chosen)


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """Parse ``west,south,east,north`` in degrees."""
    if not value:
        return None
    parts = value.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise HTTPException(400, "bbox: give four numbers, west,south,east,north") from None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise HTTPException(
            400, "bbox: need -180 <= west <= east <= 180 and -90 <= south <= north <= 90"
        )
    return west, south, east, north


def _filter(
    type: str | None,
    mode: str | None,
    actor: str | None,
    place: str | None,
    start: date | None,
    end: date | None,
    bbox: str | None,
    q: str | None,
) -> EventFilter:
    if start and end and start > end:
        raise HTTPException(400, f"start {start} is after end {end}")
    text = q.strip() if q else None
    if text and not any(ch.isalnum() for ch in text):
        raise HTTPException(400, "q: the search text has no words")
    return EventFilter(
        types=_choices(type, PLOVER_TYPES, "type"),
        modes=_choices(mode, MODES, "mode"),
        actor=actor or None,
        place=place or None,
        start=start,
        end=end,
        bbox=parse_bbox(bbox),
        q=text or None,
    )


def _api_routes(app: FastAPI, reader: Reader) -> None:
    @_get(app, "/api/events", tags=["events"])
    def list_events(
        limit: Limit = 100,
        offset: Offset = 0,
        type: Names = None,
        mode: Names = None,
        actor: Text = None,
        place: Text = None,
        start: Day = None,
        end: Day = None,
        bbox: Text = None,
        q: Text = None,
        conflicts: Flag = False,
    ) -> dict[str, Any]:
        """List events shaped as in the export, by start date, with the places and actors named.

        ``type`` and ``mode`` take comma-separated names; ``actor`` an entity id; ``place`` a
        place id; ``start``/``end`` keep events overlapping that range; ``bbox`` is
        ``west,south,east,north``; ``q`` matches words of the label or the evidence;
        ``conflicts=true`` keeps the events whose sources disagree.
        """
        flt = _filter(type, mode, actor, place, start, end, bbox, q)
        flt = dataclasses.replace(flt, conflicted=conflicts)
        total, events = reader.events(flt, limit=limit, offset=offset)
        place_ids = sorted({e.place for e in events if e.place})
        actor_ids = sorted({a for e in events for a in (*e.source, *e.target)})
        return {
            "total": total,
            "limit": limit,
            "offset": offset,
            "events": [event_json(e) for e in events],
            "places": {p.id: place_json(p, aliases) for p, aliases, _ in reader.places(place_ids)},
            "entities": {
                e.id: {"id": e.id, "name": e.name, "kind": e.kind}
                for e in reader.entity_names(actor_ids).values()
            },
        }

    @_get(app, "/api/events/{event_id}", tags=["events"])
    def get_event(event_id: Id) -> dict[str, Any]:
        """One event: evidence in context, sources, fields, conflicts and merge explanation."""
        event = reader.event(event_id)
        if event is None:
            raise HTTPException(404, f"no event {event_id!r}")
        detail = event_detail(reader, event)
        from storyline.resolve.explain import event_explanation

        with reader.session():
            detail["explanation"] = event_explanation(reader.store(), event_id)
        return detail

    @_get(app, "/api/documents/{doc_id:path}", tags=["documents"])
    def get_document(doc_id: Id) -> dict[str, Any]:
        """One document: its text, its highlighted mentions and the events it is evidence for."""
        doc = reader.document(doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        return {
            **document_json(doc),
            "text": doc.text,
            "mentions": reader.mentions(doc_id),
            "evidence": [
                {"event": ev, "type": kind, "label": label, "start": s, "end": e}
                for ev, kind, label, s, e in reader.cited_by(doc_id)
            ],
        }

    @_get(app, "/api/search", tags=["documents"])
    def search(
        q: Annotated[str, Query(min_length=1, max_length=MAX_TEXT, description="Words to find.")],
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Full-text search over the documents (SQLite FTS5), with highlighted snippets."""
        try:
            total, hits = reader.search(q, limit=limit, offset=offset)
        except ValueError as e:
            raise HTTPException(400, f"q: {e}") from e
        for hit in hits:
            hit["snippet"] = _segments(hit["snippet"])
        return {"total": total, "limit": limit, "offset": offset, "documents": hits}

    @_get(app, "/api/entities", tags=["entities"])
    def list_entities(q: Text = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Entities with their aliases and how many events they take part in."""
        total, entities = reader.entities(q=q, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "entities": entities}

    @_get(app, "/api/entities/{entity_id}", tags=["entities"])
    def get_entity(entity_id: Id, limit: Limit = 100) -> dict[str, Any]:
        """One entity with its aliases, its events and the conflicts about it."""
        entity = reader.entity(entity_id)
        if entity is None:
            raise HTTPException(404, f"no entity {entity_id!r}")
        total, events = reader.events(EventFilter(actor=entity_id), limit=limit, offset=0)
        return {
            "id": entity.id,
            "name": entity.name,
            "kind": entity.kind,
            "aliases": list(entity.aliases),
            "events_total": total,
            "events": [event_json(e) for e in events],
            "conflicts": [conflict_json(c) for c in reader.conflicts(entity=entity_id)],
        }

    @_get(app, "/api/places", tags=["places"])
    def list_places() -> dict[str, Any]:
        """Every place with its coordinates, aliases and number of events."""
        rows = reader.places()
        return {"places": [{**place_json(p, aliases), "events": n} for p, aliases, n in rows]}

    @_get(app, "/api/conflicts", tags=["conflicts"])
    def list_conflicts() -> dict[str, Any]:
        """Every conflict: disagreements about entity names and about events' fields."""
        return {"conflicts": [conflict_json(c) for c in reader.conflicts()]}

    @_get(app, "/api/facets", tags=["events"])
    def facets() -> dict[str, Any]:
        """Counts by type and mode, the date range, and the number of documents and conflicts."""
        return reader.facets()


def _segments(snippet: str) -> list[dict[str, Any]]:
    """Split an FTS5 snippet marked with U+E000/U+E001 into plain-text segments."""
    segments: list[dict[str, Any]] = []
    for i, part in enumerate(snippet.replace("\ue001", "\ue000").split("\ue000")):
        if part:
            segments.append({"text": part, "hit": i % 2 == 1})
    return segments
