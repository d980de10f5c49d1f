"""Run the web app under uvicorn: ``storyline serve --db DB``, or in a background thread."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.errors import UsageError
from storyline.settings import Settings, load_settings
from storyline.web.app import LOCAL_HOSTS, create_app

log = logging.getLogger(__name__)

# Headers larger than this are refused by the HTTP parser (a request size limit).
MAX_HEADER_BYTES = 16 * 1024
MAX_CONNECTIONS = 64
START_TIMEOUT_S = 30.0


def _config(settings: Settings, db: Path, **options: Any) -> Any:
    import uvicorn

    return uvicorn.Config(
        create_app(settings, db),
        host=settings.host,
        port=settings.port,
        access_log=False,
        server_header=False,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        limit_concurrency=MAX_CONNECTIONS,
        **options,
    )


def serve(db: Path, *, host: str, port: int) -> None:
    """Serve the page and the read-only API for the store at ``db`` until interrupted."""
    import uvicorn

    settings = load_settings(host=host, port=port)
    if settings.host not in LOCAL_HOSTS:
        log.warning("serving on %s: other machines can read this storyline", settings.host)
    uvicorn.Server(_config(settings, db, log_level="info")).run()


@contextlib.contextmanager
def running(db: Path, *, settings: Settings | None = None) -> Iterator[str]:
    """Serve ``db`` on a free port of 127.0.0.1 in a background thread; yield its base URL.

    For tests and scripts: the server stops when the block ends.
    """
    import uvicorn

    settings = settings or Settings()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(_config(settings, db, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise UsageError(f"the web server did not start within {START_TIMEOUT_S:.0f} s")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
