"""storyline: corroborated, cited storylines from piles of news reports.

The public Python API mirrors the command line::

    import storyline
    report = storyline.build(["reports/"], "story.db")
    story = storyline.load("story.db")
    storyline.export("story.db", "json", open("story.json", "w"))
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from storyline.build import BuildReport
    from storyline.model import Storyline
    from storyline.settings import Settings

__version__ = "0.1.0"
__all__ = ["__version__", "build", "export", "load"]


def build(
    paths: list[str | Path], db: str | Path, *, settings: Settings | None = None
) -> BuildReport:
    """Ingest, analyse and merge every file under ``paths`` into the store at ``db``."""
    from storyline.build import build as run
    from storyline.settings import load_settings

    return run(paths, db, settings=settings or load_settings())


def load(db: str | Path) -> Storyline:
    """Return the storyline held in the store at ``db``."""
    from storyline.store import Store

    with Store(db, readonly=True) as store:
        return store.storyline()


def export(db: str | Path, fmt: str, out: IO) -> None:
    """Write the storyline at ``db`` to ``out`` as json, csv, geojson or parquet."""
    from storyline.output.export import write_export

    write_export(load(db), fmt, out)
