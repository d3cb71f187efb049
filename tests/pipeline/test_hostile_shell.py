"""Hostile conditions around the run rather than in a document: the lock, the database, options,
and names that would drive the terminal (issue 18)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time
from pathlib import Path

import duckdb
import pytest
from test_runner import make_raw
from typer.testing import CliRunner

from pipeline import db as db_module
from pipeline.cli import app
from pipeline.lock import LockHeld, RunLock, pid_alive
from pipeline.terminal import plain, safe

runner = CliRunner()
REAL_CONNECT = duckdb.connect


def dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


# --- the lock ---------------------------------------------------------------------------------


def test_an_empty_lock_file_left_by_a_full_disk_does_not_refuse_every_later_run(tmp_path):
    lock = tmp_path / ".tripmine" / "lock"
    lock.parent.mkdir(parents=True)
    lock.write_bytes(b"")  # what a crash between create and write leaves
    with RunLock(tmp_path):
        assert json.loads(lock.read_text())["pid"] == os.getpid()
    assert not lock.exists()


def test_a_lock_is_never_left_empty_when_writing_it_fails(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(json, "dump", full)
    with pytest.raises(OSError):
        RunLock(tmp_path).__enter__()
    monkeypatch.undo()
    assert not (tmp_path / ".tripmine" / "lock").exists()
    with RunLock(tmp_path):
        pass


def test_a_zombie_is_not_alive():
    child = subprocess.Popen(["true"])
    try:
        for _ in range(200):  # until it has exited (it stays a zombie: nobody reaps it yet)
            state = Path(f"/proc/{child.pid}/stat").read_text().rpartition(")")[2].split()[0]
            if state == "Z":
                break
            time.sleep(0.01)
        assert state == "Z"
        assert not pid_alive(child.pid)
    finally:
        child.wait()
    assert pid_alive(os.getpid())


def test_two_runs_taking_over_a_stale_lock_never_both_hold_it(tmp_path, monkeypatch):
    """B finds the lock stale; before B removes it, A takes it over. B must not remove A's lock."""
    from pipeline import lock as lock_module

    lock = tmp_path / ".tripmine" / "lock"
    lock.parent.mkdir(parents=True)
    lock.write_text(json.dumps({"pid": dead_pid(), "host": socket.gethostname()}))
    first, second = RunLock(tmp_path), RunLock(tmp_path)
    held: list[str] = []

    def take_first() -> None:
        try:
            first.__enter__()
            held.append("first")
        except LockHeld:
            pass

    real = lock_module.pid_alive
    rival: list[threading.Thread] = []

    def check_after_rival(pid: int) -> bool:  # the first taker runs while the second is between check and take
        if not rival:
            rival.append(threading.Thread(target=take_first))
            rival[0].start()
            rival[0].join(0.5)
        return real(pid)

    monkeypatch.setattr(lock_module, "pid_alive", check_after_rival)
    try:
        second.__enter__()
        held.append("second")
    except LockHeld:
        pass
    rival[0].join(5)
    assert len(held) == 1, f"{held} all hold the lock"


# --- the database -----------------------------------------------------------------------------


class SilentCloseConnection:
    """A DuckDB connection whose close leaves the tables in a .wal, as on a full disk:
    DuckDB's checkpoint at close fails there without an exception."""

    def __init__(self, path: str):
        self.path = path
        self.con = REAL_CONNECT(path)

    def execute(self, sql, *args):
        if sql.strip().upper() == "CHECKPOINT":
            return None  # the checkpoint silently did not happen
        return self.con.execute(sql, *args)

    def close(self):
        self.con.close()
        Path(self.path + ".wal").write_bytes(b"tables not checkpointed")


def failing_checkpoint(path: str):
    con = REAL_CONNECT(path)

    class Con:
        def execute(self, sql, *args):
            if sql.strip().upper() == "CHECKPOINT":
                raise duckdb.IOException(f'Could not write file "{path}": No space left on device')
            return con.execute(sql, *args)

        def close(self):
            con.close()

    return Con()


@pytest.mark.parametrize("connect", [SilentCloseConnection, failing_checkpoint], ids=["silent", "raises"])
def test_a_full_disk_during_the_database_build_fails_the_run_and_the_rerun_rebuilds(tmp_path, monkeypatch, connect):
    raw, out = make_raw(tmp_path / "raw", n=1), tmp_path / "o"
    monkeypatch.setattr(duckdb, "connect", connect)
    result = runner.invoke(app, ["run", "--raw", str(raw), "--out", str(out), "--workers", "1", "--quiet"])
    assert result.exit_code != 0
    assert "database" in result.output or "tripmine.duckdb" in result.output
    leftovers = [p.name for p in out.iterdir() if "duckdb" in p.name]
    assert leftovers == [], leftovers  # no half-built database, no .wal, no temp file
    assert not (out / ".tripmine" / "lock").exists()
    monkeypatch.undo()
    again = runner.invoke(app, ["run", "--raw", str(raw), "--out", str(out), "--workers", "1", "--quiet"])
    assert again.exit_code == 0, again.output
    with duckdb.connect(str(out / db_module.DB_NAME), read_only=True) as con:
        assert con.execute("select count(*) from documents").fetchone() == (1,)
        assert con.execute("select count(*) from trips").fetchone() == (1,)


def test_an_out_folder_with_glob_characters_loads_only_its_own_tables(tmp_path):
    raw = make_raw(tmp_path / "raw", n=2)
    other = make_raw(tmp_path / "raw_other", n=1)
    decoy = tmp_path / "o1"  # what o[1] globs to
    good = tmp_path / "o[1]"
    assert runner.invoke(app, ["run", "--raw", str(other), "--out", str(decoy), "--workers", "1", "-q"]).exit_code == 0
    result = runner.invoke(app, ["run", "--raw", str(raw), "--out", str(good), "--workers", "1", "-q"])
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(good / db_module.DB_NAME), read_only=True) as con:
        assert con.execute("select count(*) from documents").fetchone() == (2,)


# --- options and the terminal -----------------------------------------------------------------


@pytest.mark.parametrize("value", ["-5", "nan", "inf", "-inf"])
def test_a_timeout_that_is_not_a_number_of_seconds_exits_2(tmp_path, value):
    raw = make_raw(tmp_path / "raw", n=1)
    result = runner.invoke(app, ["run", "--raw", str(raw), "--out", str(tmp_path / "o"), "--timeout", value])
    assert result.exit_code == 2, result.output
    assert "--timeout" in result.output
    assert not (tmp_path / "o" / ".tripmine" / "cache").exists()  # nothing was run, nothing cached


def test_negative_workers_exit_2(tmp_path):
    raw = make_raw(tmp_path / "raw", n=1)
    result = runner.invoke(app, ["run", "--raw", str(raw), "--out", str(tmp_path / "o"), "--workers", "-1"])
    assert result.exit_code == 2, result.output


def test_terminal_text_escapes_markup_ansi_bidi_and_undecodable_bytes():
    assert safe("x[/]bad.pdf") == "x\\[/]bad.pdf"
    assert plain("a\x1b[31mred\x1b[0m.txt") == "a\\x1b[31mred\\x1b[0m.txt"
    assert plain("evil\u202etxt.exe") == "evil\\u202etxt.exe"
    assert plain(os.fsdecode(b"\xb3\xf8.txt")) == "\\xb3\\xf8.txt"
    assert plain("臺北\t報告") == "臺北\\x09報告"


def test_markup_and_escapes_in_file_names_reach_the_terminal_harmless(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "x[").mkdir()  # the relative path reads x[/]bad.pdf: a closing tag to Rich
    (raw / "x[/]bad.pdf").write_bytes(b"%PDF-1.4 not really")
    (raw / "a\x1b[2Jclear.txt").write_bytes(b"")
    out = tmp_path / "o"
    result = runner.invoke(app, ["run", "--raw", str(raw), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "\x1b[2J" not in result.output
    assert "x[/]bad.pdf" in result.output and "\\x1b[2Jclear.txt" in result.output
    shown = runner.invoke(app, ["show", "x[/]bad.pdf", "--out", str(out)])
    assert shown.exit_code == 0, shown.output
    assert "x[/]bad.pdf" in shown.output


def test_the_readme_errors_section_lists_every_error_code_with_what_to_do():
    import re

    from extractors.core.records import ErrorCode

    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Errors", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([a-z_]+)` \|", section, re.M))
    raised = set()
    for path in (root / "pipeline").rglob("*.py"):
        raised |= set(re.findall(r'ExtractionError\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    missing = ({code.value for code in ErrorCode} | raised) - listed
    assert not missing, f"README 'Errors' lacks {sorted(missing)}"
    for line in section.splitlines():
        if line.startswith("| `"):
            assert line.count("|") >= 5 and line.rstrip(" |").split("|")[-1].strip(), line
