"""Ingest: turn input files into clean, fingerprinted Documents.

:func:`read_paths` walks the paths given to a build and streams one
:class:`~storyline.model.Document` per article, or a
:class:`~storyline.model.Skipped` for each input that cannot be read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest.dedup import NearDuplicateIndex, content_hash, minhash, similarity
from storyline.ingest.language import detect_language
from storyline.ingest.readers import iter_files, read_file
from storyline.model import Document, Skipped
from storyline.settings import Settings

__all__ = [
    "NearDuplicateIndex",
    "content_hash",
    "detect_language",
    "minhash",
    "read_paths",
    "similarity",
]


def read_paths(paths: Iterable[str | Path], settings: Settings) -> Iterator[Document | Skipped]:
    """Stream the documents of every file under ``paths``, and a Skipped for each bad one.

    A directory is walked recursively in sorted order, skipping hidden entries
    and files of other types. A path that does not exist raises
    :class:`~storyline.errors.InputError` at once, before anything is read.
    """
    resolved = [Path(path) for path in paths]
    missing = [str(path) for path in resolved if not path.exists()]
    if missing:
        raise InputError(
            f"no such file or directory: {', '.join(missing)}; check the paths given to build"
        )
    return _read_all(resolved, settings)


def _read_all(paths: list[Path], settings: Settings) -> Iterator[Document | Skipped]:
    for path in iter_files(paths):
        yield from read_file(path, settings)
