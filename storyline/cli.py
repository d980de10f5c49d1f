"""The ``storyline`` command: thin click wrappers over the public API."""

from __future__ import annotations

import functools
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from storyline.errors import StorylineError
from storyline.tasks import TASKS

EXPORT_FORMATS = ("json", "csv", "geojson", "parquet")


def _boundary(func: Callable[..., Any]) -> Callable[..., Any]:
    """Print one ``Error: …`` line and exit 1 on a storyline error (traceback with --verbose)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except StorylineError as e:
            if click.get_current_context().find_root().params.get("verbose"):
                traceback.print_exc()
            click.echo(f"Error: {e}", err=True)
            sys.exit(1)

    return wrapper


@click.group()
@click.version_option(package_name="storyline")
@click.option("--verbose", "-v", is_flag=True, help="Log details and show tracebacks.")
def main(verbose: bool) -> None:
    """Turn a pile of news reports into a corroborated, cited storyline."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


db_option = click.option(
    "--db", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The store."
)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--processes", "-j", type=click.IntRange(1, 64), help="Worker processes.")
@click.option("--quiet", "-q", is_flag=True, help="No progress and no timeline.")
@_boundary
def build(paths: tuple[Path, ...], db: Path, processes: int | None, quiet: bool) -> None:
    """Ingest, analyse and merge every file under PATHS into the store at DB."""
    from storyline.build import build as run_build
    from storyline.output.timeline import format_timeline
    from storyline.settings import load_settings
    from storyline.store import Store

    settings = load_settings(n_process=processes)
    progress = _Progress(enabled=not quiet and sys.stderr.isatty())
    report = run_build(
        paths,
        db,
        settings=settings,
        on_progress=progress.update,
        on_skip=lambda s: click.echo(f"skipped {s.detail or s.path}", err=True),
    )
    progress.close()
    summary = f"{report.seen} document(s) read: {report.added} added, {report.unchanged} unchanged"
    if report.resolved:
        summary += f"; {report.events} events"
    if report.skipped_summary():
        summary += f"; {report.skipped_summary()}"
    click.echo(f"{summary} in {report.seconds:.1f}s", err=True)
    if not quiet:
        with Store(db, readonly=True) as store:
            click.echo(format_timeline(store.storyline(), limit=40))


class _Progress:
    """A one-line progress counter on stderr, only on a terminal."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.shown = False

    def update(self, report: Any) -> None:
        if self.enabled:
            done = report.added + report.unchanged + sum(report.skipped.values())
            click.echo(f"\ranalysed {done} document(s)", err=True, nl=False)
            self.shown = True

    def close(self) -> None:
        if self.shown:
            click.echo("", err=True)


@main.command()
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="json", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File.")
@click.option(
    "--since", type=click.IntRange(0), help="Add a 'changes' section: what builds after BUILD did."
)
@_boundary
def export(db: Path, fmt: str, output: Path | None, since: int | None) -> None:
    """Write the storyline in DB as json, csv, geojson or parquet."""
    from storyline.output.export import changes_json, write_export
    from storyline.store import Store

    with Store(_existing(db), readonly=True) as store:
        story = store.storyline()
        changes = None if since is None else changes_json(store.changes(since=since), since=since)
    binary = fmt == "parquet"
    if output is None:
        write_export(story, fmt, sys.stdout.buffer if binary else sys.stdout, changes=changes)
        return
    with output.open("wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as out:
        write_export(story, fmt, out, changes=changes)


@main.command()
@db_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default="report.html",
    show_default=True,
)
@_boundary
def report(db: Path, output: Path) -> None:
    """Write a self-contained HTML page with the storyline's timeline and evidence."""
    from storyline.output.report import render_report
    from storyline.store import Store

    with Store(_existing(db), readonly=True) as store:
        page = render_report(store.storyline())
    output.write_text(page, encoding="utf-8")
    click.echo(f"wrote {output}", err=True)


@main.command()
@click.argument("task", type=click.Choice(TASKS))
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@_boundary
def predict(task: str, path: Path) -> None:
    """Write each record of PATH (JSONL) with the system's TASK predictions filled in."""
    import json

    from storyline.settings import load_settings
    from storyline.tasks import read_records, task_module

    records = list(read_records(path))
    for record in task_module(task).predict(records, load_settings()):
        click.echo(json.dumps(record, ensure_ascii=False))


@main.command(name="eval")
@click.argument("task", type=click.Choice(TASKS))
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@_boundary
def evaluate(task: str, path: Path) -> None:
    """Score TASK on PATH (JSONL) and print the metrics beside baseline peers."""
    from storyline.settings import load_settings
    from storyline.tasks import read_records, task_module

    records = list(read_records(path))
    click.echo(task_module(task).evaluate(records, load_settings()))


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@_boundary
def serve(db: Path, host: str, port: int) -> None:
    """Serve the web page and the read-only HTTP API for the store at DB."""
    from storyline.web.server import serve as run_server

    run_server(_existing(db), host=host, port=port)


@main.command()
@db_option
@click.argument("event_id")
@_boundary
def explain(db: Path, event_id: str) -> None:
    """Show why the mentions of EVENT_ID were merged, and what was kept apart."""
    from storyline.resolve.explain import explain_event
    from storyline.store import Store

    with Store(_existing(db), readonly=True) as store:
        click.echo(explain_event(store, event_id))


def _existing(db: Path) -> Path:
    from storyline.errors import StoreError

    if not db.is_file():
        raise StoreError(f"no store at {db}; create it with `storyline build PATH --db {db}`")
    return db
