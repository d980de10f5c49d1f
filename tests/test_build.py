"""End-to-end behaviour of `storyline build`: bad inputs, idempotence, crashes, CLI errors."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main

REPORT = (
    "Coalition hands {base} to Iraqi army\n\n"
    "The US-led coalition handed the {base} to the Iraqi army on Thursday, "
    "a spokesman for the coalition said. About {n} soldiers had been stationed there.\n"
)
BASES = ("K1 Air Base", "Ain al-Asad Air Base", "Qayyarah air base", "Camp Taji", "Balad Air Base")


def write_reports(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = REPORT.format(base=BASES[i % len(BASES)], n=100 + i)
        (folder / f"report_{i:03d}.txt").write_text(text, encoding="utf-8")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "STORYLINE_N_PROCESS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "storyline", *args], capture_output=True, text=True, env=env
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    write_reports(folder, 3)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (folder / "latin1.txt").write_bytes(
        "Caf\xe9 report about the base handover.\n".encode("latin-1") * 5
    )
    with (folder / "huge.txt").open("w", encoding="utf-8") as f:
        f.write("word " * (50 * 2**20 // 5))
    good = {"id": "line-ok", "text": REPORT.format(base="Camp Taji", n=7)}
    (folder / "batch.jsonl").write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    return folder


def test_bad_inputs_each_get_one_line_and_the_rest_is_stored(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    result = run_cli("build", str(corpus), "--db", str(db), "--quiet")
    assert result.returncode == 0, result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    for name in ("empty.txt", "binary.txt", "latin1.txt", "huge.txt", "batch.jsonl:2"):
        assert sum(name in line for line in skipped) == 1, (name, skipped)
    with sqlite3.connect(db) as con:
        ids = {row[0] for row in con.execute("select id from documents")}
    assert ids == {"report_000", "report_001", "report_002", "line-ok"}


def test_building_twice_changes_nothing(tmp_path: Path) -> None:
    write_reports(tmp_path / "in", 3)
    db = tmp_path / "s.db"
    assert run_cli("build", str(tmp_path / "in"), "--db", str(db), "--quiet").returncode == 0
    first = run_cli("export", "--db", str(db), "--format", "json").stdout
    again = run_cli("build", str(tmp_path / "in"), "--db", str(db), "--quiet")
    assert "0 added, 3 unchanged" in again.stderr
    assert run_cli("export", "--db", str(db), "--format", "json").stdout == first


def test_a_build_killed_midway_leaves_a_readable_store_that_a_rerun_completes(
    tmp_path: Path,
) -> None:
    write_reports(tmp_path / "in", 60)
    db = tmp_path / "s.db"
    args = [sys.executable, "-m", "storyline", "build", str(tmp_path / "in"), "--db", str(db)]
    env = {**os.environ, "STORYLINE_N_PROCESS": "1", "STORYLINE_BATCH_SIZE": "2"}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and _count(db) < 5:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored = _count(db)
    assert 0 < stored < 60
    rerun = run_cli("build", str(tmp_path / "in"), "--db", str(db), "--quiet")
    assert rerun.returncode == 0, rerun.stderr
    with sqlite3.connect(db) as con:
        ids = [row[0] for row in con.execute("select id from documents")]
    assert len(ids) == len(set(ids)) == 60


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
            return con.execute("select count(*) from documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_export_of_a_missing_store_is_one_error_line(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    result = CliRunner().invoke(main, ["export", "--db", str(missing)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: [E003] no store at {missing}; "
        f"create it with `storyline build PATH --db {missing}`\n"
    )


def test_build_of_a_missing_path_is_one_error_line(tmp_path: Path) -> None:
    result = run_cli("build", str(tmp_path / "nope"), "--db", str(tmp_path / "s.db"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Error: [E001]")


def test_a_non_english_report_is_stored_and_marked_not_analysed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_reports(folder, 1)
    french = (
        "La coalition quitte la base\n\n"
        "La coalition internationale a remis dimanche la base aérienne aux forces irakiennes, "
        "a annoncé son porte-parole. Environ huit cents soldats y étaient stationnés.\n"
    )
    (folder / "rapport.txt").write_text(french, encoding="utf-8")
    db = tmp_path / "s.db"
    assert run_cli("build", str(folder), "--db", str(db), "--quiet").returncode == 0
    exported = json.loads(run_cli("export", "--db", str(db)).stdout)
    languages = {d["id"]: d["language"] for d in exported["documents"]}
    assert languages == {"report_000": "en", "rapport": "fr"}
    assert all("rapport" not in e["documents"] for e in exported["events"])
