"""Path safety, one test per rule: symlinks, writes outside --out, odd names, --out in --raw, the lock."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.lock import LockHeld, RunLock
from pipeline.runner import RunRefused, doc_id_of, run

REPO = Path(__file__).resolve().parents[2]

REPORT = "壹、目的\n本次出國係參加第{n}屆亞太水資源論壇。\n\n貳、過程\n一、行程\n拜會{n}個機關。\n"
SECRET = "不應被讀取的機密內容"


def write_report(path: Path, n: int = 1) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(REPORT.format(n=n), encoding="utf-8")
    return path


def documents(out: Path) -> dict[str, dict]:
    return {d["source_path"]: d for d in pq.read_table(out / "documents.parquet").to_pylist()}


def all_output_bytes(out: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file())


def snapshot(root: Path, skip: Path) -> dict[str, tuple]:
    """Every path under ``root`` except ``skip``: kind, size, mtime and content hash."""
    found: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if here / d != skip]
        for name in dirnames + filenames:
            path = here / name
            st = path.lstat()
            if path.is_symlink():
                found[str(path)] = ("link", os.readlink(path))
            elif path.is_file():
                found[str(path)] = ("file", st.st_size, st.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
            else:
                found[str(path)] = ("dir", st.st_mode)
    return found


# ------------------------------------------------------------------ symlinks


def test_a_file_symlink_out_of_raw_is_skipped_and_its_content_never_read(tmp_path):
    raw = tmp_path / "raw"
    write_report(raw / "a.txt")
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(f"壹、機密\n{SECRET}\n", encoding="utf-8")
    (raw / "link.txt").symlink_to(secret)
    run(raw, tmp_path / "out", workers=1)
    docs = documents(tmp_path / "out")
    assert docs["link.txt"]["status"] == "skipped"
    assert "outside --raw" in docs["link.txt"]["error"]
    assert docs["link.txt"]["doc_id"] != doc_id_of(secret)
    assert SECRET.encode() not in all_output_bytes(tmp_path / "out")


def test_a_directory_symlink_out_of_raw_is_not_descended(tmp_path):
    raw = tmp_path / "raw"
    write_report(raw / "a.txt")
    outside = tmp_path / "elsewhere"
    write_report(outside / "inner.txt", n=7)
    (outside / "inner2.txt").write_text(f"壹、機密\n{SECRET}\n", encoding="utf-8")
    (raw / "linked_dir").symlink_to(outside, target_is_directory=True)
    run(raw, tmp_path / "out", workers=1)
    docs = documents(tmp_path / "out")
    assert not [p for p in docs if p.startswith("linked_dir")]
    assert doc_id_of(outside / "inner.txt") not in {d["doc_id"] for d in docs.values()}
    assert SECRET.encode() not in all_output_bytes(tmp_path / "out")


def test_a_symlink_to_a_file_inside_raw_is_read(tmp_path):
    raw = tmp_path / "raw"
    target = write_report(raw / "sub" / "real.txt")
    (raw / "alias.txt").symlink_to(target)
    run(raw, tmp_path / "out", workers=1)
    docs = documents(tmp_path / "out")
    assert docs["alias.txt"]["status"] != "skipped"
    assert docs["alias.txt"]["doc_id"] == doc_id_of(target) == docs["sub/real.txt"]["doc_id"]


def test_a_symlink_loop_inside_raw_does_not_hang_or_crash(tmp_path):
    raw = tmp_path / "raw"
    write_report(raw / "a.txt")
    (raw / "loop").symlink_to(raw, target_is_directory=True)
    (raw / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    run(raw, tmp_path / "out", workers=1)
    docs = documents(tmp_path / "out")
    assert docs["a.txt"]["status"] != "skipped"
    assert docs["dangling.txt"]["status"] == "skipped"
    assert not [p for p in docs if p.startswith("loop/")]


# ------------------------------------------------------- writes outside --out


def test_nothing_is_written_outside_out(tmp_path):
    """A CLI run with HOME, TMPDIR and the working directory all under the snapshot."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    for k in range(3):
        write_report(raw / f"r{k}.txt", n=k)
    (raw / "notes.xyz").write_text("not a report", encoding="utf-8")
    for name in ("home", "tmp", "cwd"):
        (tmp_path / name).mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "HOME": str(tmp_path / "home"),
        "TMPDIR": str(tmp_path / "tmp"),
        "XDG_CACHE_HOME": str(tmp_path / "home" / ".cache"),
    }
    before = snapshot(tmp_path, skip=out)
    cmd = [sys.executable, "-m", "pipeline.cli", "run", "--raw", str(raw), "--out", str(out), "--workers", "2", "--quiet"]
    done = subprocess.run(cmd, env=env, cwd=tmp_path / "cwd", capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert snapshot(tmp_path, skip=out) == before
    assert (out / "documents.parquet").is_file()


def test_a_refused_run_writes_nothing_at_all(tmp_path):
    raw = tmp_path / "raw"
    write_report(raw / "a.txt")
    before = snapshot(tmp_path, skip=tmp_path / "none")
    with pytest.raises(RunRefused):
        run(raw, raw / "out", workers=1)
    assert snapshot(tmp_path, skip=tmp_path / "none") == before


# ----------------------------------------------------------------- odd names

ODD_NAMES = ["with space.txt", "中文檔名.txt", "-rf.txt", "--help.txt", "sub dir/報告 (2).md", "a'b\"c.txt"]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_file_names_are_read_under_their_own_name(tmp_path, name):
    raw = tmp_path / "raw"
    path = write_report(raw / name)
    run(raw, tmp_path / "out", workers=1)
    docs = documents(tmp_path / "out")
    assert list(docs) == [name]
    assert docs[name]["status"] != "skipped"
    assert docs[name]["doc_id"] == doc_id_of(path)


def test_leading_dash_folders_and_files_work_through_the_cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("-rf.txt", "--version.txt", "中文檔名.txt", "with space.txt"):
        write_report(tmp_path / "-raw" / name)
    result = CliRunner().invoke(app, ["run", "--raw", "-raw", "--out", "-out", "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    assert sorted(documents(tmp_path / "-out")) == sorted(["--version.txt", "-rf.txt", "with space.txt", "中文檔名.txt"])
    assert (tmp_path / "-raw" / "-rf.txt").read_text(encoding="utf-8") == REPORT.format(n=1)


# ------------------------------------------------------------ --out in --raw


@pytest.mark.parametrize("inner", ["out", "deep/er/out", "."])
def test_out_inside_raw_is_refused_with_a_clear_message(tmp_path, inner):
    raw = tmp_path / "raw"
    write_report(raw / "a.txt")
    with pytest.raises(RunRefused, match=r"--out .* is inside --raw .*choose an output folder outside"):
        run(raw, raw / inner, workers=1)


def test_out_reaching_into_raw_through_a_symlink_is_refused(tmp_path):
    raw = tmp_path / "raw"
    write_report(raw / "a.txt")
    (raw / "target").mkdir()
    (tmp_path / "sneaky").symlink_to(raw / "target", target_is_directory=True)
    with pytest.raises(RunRefused, match="inside --raw"):
        run(raw, tmp_path / "sneaky", workers=1)
    assert list((raw / "target").iterdir()) == []


def test_the_cli_refuses_out_inside_raw_with_exit_code_2(tmp_path):
    raw = tmp_path / "raw"
    write_report(raw / "a.txt")
    result = CliRunner().invoke(app, ["run", "--raw", str(raw), "--out", str(raw / "out"), "--quiet"])
    assert result.exit_code == 2
    message = " ".join(result.output.split())  # rich wraps long lines
    assert "is inside --raw" in message and "choose an output folder outside the inputs" in message
    assert not (raw / "out").exists()


# --------------------------------------------------------------- concurrency

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from pipeline.lock import RunLock
    with RunLock(Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(60)
    """
)


def test_a_concurrent_run_is_refused_naming_the_holder_process(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_report(raw / "a.txt")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(out)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockHeld, match=rf"pid {holder.pid} on {socket.gethostname()}"):
            run(raw, out, workers=1)
        assert (out / ".tripmine" / "lock").exists()  # the refused run left the holder's lock alone
        assert not (out / "documents.parquet").exists()
    finally:
        holder.kill()
        holder.wait()


def test_the_cli_refuses_a_concurrent_run_with_exit_code_2(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_report(raw / "a.txt")
    with RunLock(out) as lock:
        started = time.monotonic()
        result = CliRunner().invoke(app, ["run", "--raw", str(raw), "--out", str(out), "--quiet"])
        assert time.monotonic() - started < 10  # refused at once, not waiting
        assert lock.path.exists()
    assert result.exit_code == 2
    message = " ".join(result.output.split())  # rich wraps long lines
    assert f"another run (pid {os.getpid()} on {socket.gethostname()})" in message
    assert str(lock.path) in "".join(result.output.split())
