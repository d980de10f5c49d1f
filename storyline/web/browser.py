"""Drive the page in Debian's chromium (for the browser tests and the screenshot script).

``playwright install`` cannot download browsers here, so Playwright launches the
system chromium, headless and with every background network feature off.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium_path() -> Path | None:
    """Return the system chromium, or None when it is not installed."""
    if CHROMIUM.is_file():
        return CHROMIUM
    found = shutil.which("chromium")
    return Path(found) if found else None


def launch(playwright: Any) -> Any:
    """Launch the system chromium through a started Playwright; return the browser."""
    path = chromium_path()
    if path is None:
        raise FileNotFoundError("chromium is not installed; run `make chromium`")
    return playwright.chromium.launch(executable_path=str(path), args=list(CHROMIUM_ARGS))
