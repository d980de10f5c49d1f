"""The page and its vendored assets, served from the package and nowhere else.

The files under ``static/`` are listed once, when the app starts; a request is
answered only when its path is one of those names, so no URL can reach any
other file, whatever dots or encoded slashes it carries.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

from fastapi import FastAPI, HTTPException, Response
from fastapi.responses import HTMLResponse

_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    "": "text/plain; charset=utf-8",
}


@dataclass(frozen=True, slots=True)
class Assets:
    """The packaged static files, by their path under ``static/``."""

    files: dict[str, Traversable]

    @classmethod
    def load(cls) -> Assets:
        """List every file packaged under ``storyline/web/static``."""
        root = resources.files("storyline.web").joinpath("static")
        return cls(dict(_walk(root, "")))

    def mount(self, app: FastAPI) -> None:
        """Add ``GET /`` (the page) and ``GET /static/{name}`` to the app."""

        @app.get("/", response_class=HTMLResponse, include_in_schema=False)
        def page() -> Response:
            return self.response("index.html")

        @app.get("/static/{name:path}", include_in_schema=False)
        def asset(name: str) -> Response:
            return self.response(name)

    def response(self, name: str) -> Response:
        """Return the packaged file ``name``, or a 404 for any other name."""
        entry = self.files.get(name)
        if entry is None:
            raise HTTPException(404, "no such file")
        suffix = name[name.rfind(".") :] if "." in name.rsplit("/", 1)[-1] else ""
        media = _TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
        return Response(entry.read_bytes(), media_type=media, headers={"Cache-Control": "no-cache"})


def _walk(folder: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    found = []
    for entry in folder.iterdir():
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            found.extend(_walk(entry, f"{name}/"))
        elif entry.is_file() and not entry.name.startswith("."):
            found.append((name, entry))
    return found
