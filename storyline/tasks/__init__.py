"""Benchmark tasks behind ``storyline predict TASK`` and ``storyline eval TASK``.

Each task is a module in this package with two functions:

- ``predict(records, settings) -> Iterator[dict]`` yields each input record with the
  system's predictions filled in, as ``../shared/CONTRACT.md`` describes;
- ``evaluate(records, settings) -> str`` predicts, scores, and returns the metrics table,
  with the task's baseline peers measured in the same run.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from types import ModuleType

import click

from storyline.errors import InputError

TASKS = ("timex", "geocode", "eventtype", "crossdoc")


def task_module(name: str) -> ModuleType:
    """The module that implements task ``name``."""
    if name not in TASKS:
        raise InputError(f"unknown task {name!r}; choose one of {', '.join(TASKS)}")
    return importlib.import_module(f"storyline.tasks.{name}")


def progress(total: int, label: str) -> AbstractContextManager:
    """A progress bar on stderr, so that stdout carries only the data."""
    return click.progressbar(length=total, label=label, file=sys.stderr)


def read_records(path: Path) -> Iterator[dict]:
    """The JSON objects of a JSONL file, one per non-blank line, with the line number on error."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from e
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as e:
                raise InputError(f"{path}:{number}: not a JSON object: {e}") from e
            if not isinstance(record, dict):
                raise InputError(f"{path}:{number}: not a JSON object")
            yield record
