"""The runner: isolation, skips, incremental reruns, determinism, locks, crash safety."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extractors.core.records import SectionRow
from pipeline import runner, stages
from pipeline.lock import LockHeld, RunLock
from pipeline.parquet import write_atomic
from pipeline.runner import RunRefused, run

REPO = Path(__file__).resolve().parents[2]

REPORT = "壹、目的\n本次出國係參加{n}年度國際會議。\n\n貳、過程\n一、行程\n參訪{n}個機關。\n"


def make_raw(folder: Path, n: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"report_{i:03d}.txt").write_text(REPORT.format(n=i + 100), encoding="utf-8")
    return folder


def table_bytes(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.parquet"))} | {
        "manifest.json": (out / "manifest.json").read_bytes()
    }


def test_first_run_writes_every_table_and_manifest(tmp_path):
    raw = make_raw(tmp_path / "raw")
    summary = run(raw, tmp_path / "out", workers=1)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["inputs"]["ok"] == 3
    assert manifest["tables"]["documents"] == 3
    assert [d["source_path"] for d in manifest["documents"]] == [f"report_{i:03d}.txt" for i in range(3)]
    assert summary.tables["sections"] > 0
    docs = pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()
    assert {d["doc_id"] for d in docs} == {runner.doc_id_of(p) for p in raw.iterdir()}


def test_second_run_reuses_everything_and_tables_are_identical(tmp_path):
    raw = make_raw(tmp_path / "raw")
    first = run(raw, tmp_path / "out", workers=1)
    before = table_bytes(tmp_path / "out")
    second = run(raw, tmp_path / "out", workers=1)
    assert first.n_extracted > 0
    assert second.n_extracted == 0
    assert second.n_reused == first.n_extracted
    assert table_bytes(tmp_path / "out") == before


def test_a_changed_file_is_the_only_one_extracted_again(tmp_path):
    raw = make_raw(tmp_path / "raw")
    run(raw, tmp_path / "out", workers=1)
    (raw / "report_001.txt").write_text(REPORT.format(n=999), encoding="utf-8")
    again = run(raw, tmp_path / "out", workers=1)
    assert again.n_extracted == len([s for s in stages.STAGES if s.scope == "document"])


def test_two_clean_runs_give_byte_identical_outputs(tmp_path):
    raw = make_raw(tmp_path / "raw")
    run(raw, tmp_path / "a", workers=1)
    run(raw, tmp_path / "b", workers=2)
    assert table_bytes(tmp_path / "a") == table_bytes(tmp_path / "b")


def patch_stage(monkeypatch, name: str, fn) -> None:
    """Swap one registered stage's function (a test double) for the runner."""
    patched = tuple(
        dataclasses.replace(s, fn=f"{fn.__module__}:{fn.__name__}") if s.name == name else s
        for s in stages.STAGES
    )
    monkeypatch.setattr(stages, "STAGES", patched)


def explode(doc):
    if "101" in doc.text:
        raise ValueError("boom on purpose")
    return [SectionRow(doc_id=doc.doc_id, section_path="1", level=1, title="ok")]


def test_an_exception_in_one_document_becomes_an_error_row(tmp_path, monkeypatch):
    patch_stage(monkeypatch, "sections", explode)
    summary = run(make_raw(tmp_path / "raw"), tmp_path / "out", workers=1)
    docs = {d["source_path"]: d for d in pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()}
    assert docs["report_001.txt"]["status"] == "partial"
    assert "boom on purpose" in docs["report_001.txt"]["error"]
    assert docs["report_000.txt"]["status"] == docs["report_002.txt"]["status"] == "ok"
    sections = pq.read_table(tmp_path / "out" / "sections.parquet").to_pylist()
    assert len(sections) == 2  # the good documents keep every row
    errors = pq.read_table(tmp_path / "out" / "errors.parquet").to_pylist()
    assert [(e["source_path"], e["stage"], e["code"]) for e in errors] == [("report_001.txt", "sections", "stage_crashed")]
    assert summary.by_status == {"ok": 2, "partial": 1}


def test_fail_fast_reraises(tmp_path, monkeypatch):
    patch_stage(monkeypatch, "sections", explode)
    with pytest.raises(ValueError, match="boom"):
        run(make_raw(tmp_path / "raw"), tmp_path / "out", workers=1, fail_fast=True)


def test_duplicate_bytes_at_two_paths_are_two_documents_one_extraction(tmp_path):
    raw = make_raw(tmp_path / "raw", n=1)
    (raw / "copy").mkdir()
    (raw / "copy" / "same.txt").write_bytes((raw / "report_000.txt").read_bytes())
    run(raw, tmp_path / "out", workers=1)
    docs = pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()
    assert [d["source_path"] for d in docs] == ["copy/same.txt", "report_000.txt"]
    assert docs[0]["doc_id"] == docs[1]["doc_id"]
    sections = pq.read_table(tmp_path / "out" / "sections.parquet").to_pylist()
    assert len({(s["doc_id"], s["section_path"]) for s in sections}) == len(sections)


def test_out_inside_raw_is_refused(tmp_path):
    raw = make_raw(tmp_path / "raw")
    with pytest.raises(RunRefused, match="inside --raw"):
        run(raw, raw / "out", workers=1)


def test_missing_raw_is_refused(tmp_path):
    with pytest.raises(RunRefused, match="not a readable folder"):
        run(tmp_path / "nope", tmp_path / "out", workers=1)


def test_a_live_lock_names_its_holder(tmp_path):
    out = tmp_path / "out"
    with RunLock(out):
        with pytest.raises(LockHeld, match=f"pid {os.getpid()}"):
            run(make_raw(tmp_path / "raw"), out, workers=1)


def test_a_stale_lock_from_a_dead_process_is_taken_over(tmp_path):
    out = tmp_path / "out"
    lock = RunLock(out)
    lock.path.parent.mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lock.path.write_text(json.dumps({"pid": int(dead.stdout), "host": lock.holder["host"]}))
    run(make_raw(tmp_path / "raw"), out, workers=1)
    assert not lock.path.exists()


def test_symlink_out_of_raw_is_not_followed(tmp_path):
    raw = make_raw(tmp_path / "raw", n=1)
    secret = tmp_path / "secret.txt"
    secret.write_text("壹、機密\n不應讀取。\n", encoding="utf-8")
    (raw / "link.txt").symlink_to(secret)
    run(raw, tmp_path / "out", workers=1)
    docs = {d["source_path"]: d for d in pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()}
    assert docs["link.txt"]["status"] == "skipped"
    assert "outside --raw" in docs["link.txt"]["error"]


def test_failed_atomic_write_keeps_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "t.parquet"
    target.write_bytes(b"old")

    def broken(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomic(target, broken)
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_changing_the_first_stage_invalidates_it_and_everything_downstream():
    changed = tuple(dataclasses.replace(s, fn=f"{__name__}:explode") if s.name == "documents" else s
                    for s in stages.STAGES)
    old, new = stages.stage_keys(), stages.stage_keys(changed)
    assert all(old[name] != new[name] for name in old)


def test_registry_rejects_a_stage_whose_input_nobody_produces():
    bad = (stages.Stage("late", "x:y", ("sections",), ("dates",)),) + stages.STAGES
    with pytest.raises(ValueError, match="requires"):
        stages.check_registry(bad)


def test_sigkill_midway_then_rerun_equals_a_clean_run(tmp_path):
    raw = make_raw(tmp_path / "raw", n=60)
    cmd = [sys.executable, "-m", "pipeline.cli", "run", "--raw", str(raw), "--workers", "1", "--quiet"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    # A session of its own, so SIGKILL reaches the run and its pool workers together
    # (orphaned workers would otherwise wait forever holding the test's output pipe).
    victim = subprocess.Popen(
        cmd + ["--out", str(tmp_path / "killed")], env=env, cwd=REPO,
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    cache = tmp_path / "killed" / ".tripmine" / "cache" / "sections"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(cache.glob("*.pkl"))) < 5:
        time.sleep(0.01)
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()
    assert not list((tmp_path / "killed").glob("*.tmp"))
    subprocess.run(cmd + ["--out", str(tmp_path / "killed")], env=env, cwd=REPO, check=True)
    subprocess.run(cmd + ["--out", str(tmp_path / "clean")], env=env, cwd=REPO, check=True)
    assert table_bytes(tmp_path / "killed") == table_bytes(tmp_path / "clean")


def test_a_removed_input_leaves_the_tables_without_extracting_anything(tmp_path):
    raw = make_raw(tmp_path / "raw")
    run(raw, tmp_path / "out", workers=1)
    (raw / "report_002.txt").unlink()
    again = run(raw, tmp_path / "out", workers=1)
    assert again.n_extracted == 0
    docs = pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()
    assert [d["source_path"] for d in docs] == ["report_000.txt", "report_001.txt"]
    sections = pq.read_table(tmp_path / "out" / "sections.parquet").to_pylist()
    assert {s["doc_id"] for s in sections} == {d["doc_id"] for d in docs}


def test_a_deleted_table_is_written_again_on_a_cached_rerun(tmp_path):
    raw = make_raw(tmp_path / "raw")
    run(raw, tmp_path / "out", workers=1)
    before = table_bytes(tmp_path / "out")
    (tmp_path / "out" / "dates.parquet").unlink()
    again = run(raw, tmp_path / "out", workers=1)
    assert again.n_extracted == 0
    assert table_bytes(tmp_path / "out") == before
