"""Read .txt, .html and .jsonl inputs into Documents, and bad inputs into Skipped.

Every reader streams: a file is read only after its size is checked, and a
.jsonl file is read one bounded line at a time. A bad input is data: it
becomes a :class:`~storyline.model.Skipped` with a reason and a one-line
detail naming the file, and the batch goes on.
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import IO, Any

from storyline.ingest.chrome import collapse_blank_lines, strip_chrome
from storyline.ingest.dedup import content_hash, minhash
from storyline.ingest.language import detect_language, normalise_tag
from storyline.ingest.metadata import explicit, extract, parse_iso
from storyline.model import Document, Published, Skipped
from storyline.settings import Settings

log = logging.getLogger("storyline.ingest")

SUPPORTED = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
SNIFF_BYTES = 8192
MAX_CONTROL_SHARE = 0.1  # more control characters than this and it is not text
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True, slots=True)
class Given:
    """Metadata that a container states about a document (jsonl fields, html meta tags)."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: Published | None = None
    language: str | None = None

    def over(self, other: Given) -> Given:
        """Return these values, falling back to ``other`` where one is missing."""
        return Given(
            *(mine or theirs for mine, theirs in zip(_values(self), _values(other), strict=True))
        )


def _values(given: Given) -> tuple[Any, ...]:
    return tuple(getattr(given, f.name) for f in dataclasses.fields(given))


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Yield each file to read: files named, and supported files found under folders."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path]:
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            yield from _walk(entry)
        elif entry.is_file() and entry.suffix.lower() in SUPPORTED:
            yield entry


def read_file(path: Path, settings: Settings) -> Iterator[Document | Skipped]:
    """Read one input file into its documents, or into Skipped records."""
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        expected = "expected .txt, .html, .htm or .jsonl"
        yield _skip(path, "unsupported", f"unsupported file type {path.suffix!r} ({expected})")
    elif kind == "jsonl":
        yield from read_jsonl(path, settings)
    else:
        yield read_page(path, kind, settings)


def read_page(path: Path, kind: str, settings: Settings) -> Document | Skipped:
    """Read one .txt or .html file that holds a single document."""
    data = _read_bounded(path, settings)
    if isinstance(data, Skipped):
        return data
    text = decode(data, name=path.name)
    if kind == "html" and isinstance(text, Skipped) and text.reason == "encoding":
        # A page in a legacy charset: trafilatura decodes it from its meta tags.
        return html_document(path.stem, data, where=str(path), settings=settings)
    if isinstance(text, Skipped):
        return dataclasses.replace(text, path=str(path))
    if kind == "html":
        return html_document(path.stem, text, where=str(path), settings=settings)
    return build_document(path.stem, text, where=str(path), settings=settings)


def _read_bounded(path: Path, settings: Settings) -> bytes | Skipped:
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            limit = f"{settings.max_bytes:,}-byte limit (max_bytes)"
            return _skip(path, "too-large", f"{size:,} bytes, over the {limit}")
        return path.read_bytes()
    except OSError as e:
        return _skip(path, "unreadable", f"cannot read ({e.strerror or e})")


def decode(data: bytes, *, name: str) -> str | Skipped:
    """Decode the bytes of a text file, or say why they are not text."""
    if not data.strip():
        return Skipped(name, "empty", f"{name}: empty file")
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            return Skipped(name, "encoding", f"{name}: not UTF-16 ({e.reason} at offset {e.start})")
    binary = binary_reason(data[:SNIFF_BYTES])
    if binary:
        return Skipped(name, "binary", f"{name}: binary file ({binary})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return Skipped(name, "encoding", f"{name}: not UTF-8 ({e.reason} at offset {e.start})")


def binary_reason(sample: bytes) -> str | None:
    """Return why ``sample`` looks binary (NUL bytes, control characters), else None."""
    if b"\x00" in sample:
        return "NUL bytes"
    control = len(sample) - len(sample.translate(None, _CONTROL))
    if sample and control / len(sample) > MAX_CONTROL_SHARE:
        return f"{control / len(sample):.0%} control characters"
    return None


def read_jsonl(path: Path, settings: Settings) -> Iterator[Document | Skipped]:
    """Read a .jsonl file line by line; a bad line is skipped, the rest go on.

    ``max_bytes`` bounds each line (one article), not the file, so a large
    corpus in one file streams through while a runaway line is skipped unread.
    """
    try:
        handle = path.open("rb")
    except OSError as e:
        yield _skip(path, "unreadable", f"cannot read ({e.strerror or e})")
        return
    with handle:
        problem = _sniff(handle, path)
        if problem is not None:
            yield problem
            return
        for number, line in enumerate(_bounded_lines(handle, settings.max_bytes), start=1):
            where = f"{path}:{number}"
            if line is None:
                limit = f"{settings.max_bytes:,}-byte limit (max_bytes)"
                yield Skipped(where, "too-large", f"{path.name}:{number}: line over the {limit}")
            elif line.strip():
                line = line.removeprefix(codecs.BOM_UTF8)
                yield jsonl_document(line, where=where, number=number, path=path, settings=settings)


def _sniff(handle: IO[bytes], path: Path) -> Skipped | None:
    sample = handle.read(SNIFF_BYTES)
    handle.seek(0)
    if not sample.strip():
        return _skip(path, "empty", "empty file")
    binary = binary_reason(sample)
    return _skip(path, "binary", f"binary file ({binary})") if binary else None


def _bounded_lines(handle: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """Yield the lines of ``handle``, or None for a line longer than ``limit`` bytes."""
    while line := handle.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := handle.readline(limit + 1)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def jsonl_document(
    line: bytes, *, where: str, number: int, path: Path, settings: Settings
) -> Document | Skipped:
    """Turn one .jsonl line into a document, or a malformed-line Skipped."""
    name = f"{path.name}:{number}"
    try:
        record = json.loads(line)
    except ValueError as e:
        return Skipped(where, "malformed", f"{name}: not valid JSON ({_json_error(e)})")
    if not isinstance(record, dict):
        return Skipped(where, "malformed", f"{name}: not a JSON object")
    doc_id = record.get("id", f"{path.stem}-{number}")
    if not isinstance(doc_id, str | int) or isinstance(doc_id, bool) or not str(doc_id).strip():
        return Skipped(where, "malformed", f"{name}: id must be a non-empty string or number")
    given = _given_fields(record, name=name)
    if isinstance(record.get("text"), str):
        return build_document(
            str(doc_id), record["text"], where=where, settings=settings, given=given
        )
    if isinstance(record.get("html"), str):
        return html_document(
            str(doc_id), record["html"], where=where, settings=settings, given=given
        )
    return Skipped(where, "malformed", f"{name}: has neither a text nor an html string field")


def _json_error(error: ValueError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at column {error.colno}"
    if isinstance(error, UnicodeDecodeError):
        return f"not UTF-8: {error.reason} at offset {error.start}"
    return str(error).splitlines()[0]


def _given_fields(record: dict[str, Any], *, name: str) -> Given:
    texts = {key: _text_field(record, key) for key in ("title", "outlet", "url", "language")}
    language = normalise_tag(texts["language"]) if texts["language"] else None
    return Given(
        texts["title"], texts["outlet"], texts["url"], _published_field(record, name=name), language
    )


def _text_field(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _published_field(record: dict[str, Any], *, name: str) -> Published | None:
    value = record.get("published")
    if value is None or value == "":
        return None
    day = parse_iso(value) if isinstance(value, str) else None
    if day is None:
        log.warning("%s: cannot parse published date %r; the document is kept undated", name, value)
        return None
    return explicit(day, reason="metadata")


def html_document(
    doc_id: str, page: str | bytes, *, where: str, settings: Settings, given: Given = Given()
) -> Document | Skipped:
    """Extract the article of an HTML page and build its document."""
    no_article = Skipped(where, "no-article", f"{Path(where).name}: no article text found")
    article = extract_article(page)
    if article is None:
        return no_article
    text, found = article
    title = given.title or found.title
    if title and not _opens_with(text, title):
        text = f"{title}\n\n{text}"
    doc = build_document(doc_id, text, where=where, settings=settings, given=given.over(found))
    # What is left of a page once its chrome is gone is no article if it is this short.
    return no_article if isinstance(doc, Skipped) and doc.reason == "too-short" else doc


@functools.cache
def _trafilatura() -> ModuleType:
    # Imported on first use: 26 MB and 0.3 s that a plain-text build never needs.
    import trafilatura

    return trafilatura


def _opens_with(text: str, title: str) -> bool:
    first = text.lstrip().split("\n", 1)[0].strip().casefold()
    return bool(first) and (first in title.casefold() or title.casefold() in first)


def extract_article(page: str | bytes) -> tuple[str, Given] | None:
    """Return the article text of an HTML page, a blank line between blocks, and its metadata."""
    result = _trafilatura().bare_extraction(
        page,
        include_comments=False,
        include_tables=False,
        include_links=False,
        with_metadata=True,
        deduplicate=False,
    )
    if result is None or not (result.text or "").strip():
        return None
    text = "\n\n".join(line.strip() for line in result.text.split("\n") if line.strip())
    day = parse_iso(result.date) if result.date else None
    published = explicit(day, reason="metadata") if day else None
    return text, Given(result.title, result.sitename, result.url, published)


def build_document(
    doc_id: str, text: str, *, where: str, settings: Settings, given: Given = Given()
) -> Document | Skipped:
    """Clean ``text``, read its metadata and fingerprint it into a Document."""
    text, meta = extract(strip_chrome(normalise(text)))
    text = collapse_blank_lines(text)
    if len(text) < settings.min_chars:
        name = Path(where).name
        detail = f"{name}: only {len(text)} characters of text (min_chars is {settings.min_chars})"
        return Skipped(where, "too-short", detail)
    return Document(
        id=doc_id,
        text=text,
        title=given.title or meta.title,
        outlet=given.outlet or meta.outlet,
        url=given.url,
        language=given.language or detect_language(text),
        published=given.published or meta.published,
        dateline=meta.dateline,
        path=where,
        content_hash=content_hash(text),
        minhash=minhash(text),
    )


def normalise(text: str) -> str:
    """Strip a BOM, turn line endings into ``\\n`` and no-break spaces into spaces."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u00a0", " ")


def _skip(path: Path, reason: str, message: str) -> Skipped:
    return Skipped(str(path), reason, f"{path.name}: {message}")
