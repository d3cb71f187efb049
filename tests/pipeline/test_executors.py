"""Every executor writes the same tables; a stage past its time limit becomes a status."""

from __future__ import annotations

import time

import pyarrow.parquet as pq
import pytest
from test_runner import make_raw, patch_stage, table_bytes

from pipeline.runner import run


def test_the_ray_executor_writes_the_same_tables_as_the_local_pool(tmp_path):
    pytest.importorskip("ray", reason="the ray executor is the optional [cluster] extra, and ray is not installed")
    raw = make_raw(tmp_path / "raw", n=4)
    (raw / "empty.txt").write_bytes(b"")
    run(raw, tmp_path / "local", workers=2)
    run(raw, tmp_path / "ray", workers=2, executor="ray")
    assert table_bytes(tmp_path / "ray") == table_bytes(tmp_path / "local")


def slow(doc):
    if "年度國際會議" in doc.text:  # the test reports, not the runner's warm-up document
        time.sleep(60)
    return []


def test_a_stage_past_its_time_limit_becomes_a_timeout_status(tmp_path, monkeypatch):
    patch_stage(monkeypatch, "sections", slow)
    started = time.monotonic()
    run(make_raw(tmp_path / "raw", n=1), tmp_path / "out", workers=1, timeout=0.5)
    assert time.monotonic() - started < 50  # cut off long before the 60 s sleep ends
    (doc,) = pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()
    assert doc["status"] == "partial"
    assert doc["error_code"] == "timeout"
    assert "longer than 0.5 s" in doc["error"]


def test_an_unknown_executor_is_refused():
    from pipeline.executors import execute

    with pytest.raises(ValueError, match="unknown executor"):
        list(execute(len, [[1]], executor="dask"))


def test_idle_work_runs_once_after_the_pool_started_and_never_inline():
    from pipeline.executors import run_local

    calls: list[int] = []
    assert sorted(run_local(abs, [-1, -2, -3], 2, idle=lambda: calls.append(1))) == [1, 2, 3]
    assert calls == [1]
    assert list(run_local(abs, [-1, -2], 1, idle=lambda: calls.append(2))) == [1, 2]  # inline: nothing to overlap
    assert calls == [1]


def test_workers_are_forked_warm_from_the_run_that_loaded_the_stages(tmp_path, monkeypatch):
    """With two workers the run loads the stages once, before the fork; no worker loads them
    again. With one worker the worker loads them (the run's process would gain nothing)."""
    import os

    from pipeline import jobs

    log = tmp_path / "loads.txt"
    real = jobs.warm_up

    def counting(selected, source_format):
        if selected not in jobs._warm:  # a load, not a no-op
            with log.open("a") as fh:
                fh.write(f"{os.getpid()}\n")
        real(selected, source_format)

    monkeypatch.setattr(jobs, "warm_up", counting)
    monkeypatch.setattr(jobs, "_warm", set())
    run(make_raw(tmp_path / "raw", n=4), tmp_path / "out", workers=2)
    assert log.read_text().split() == [str(os.getpid())]
    jobs._warm.clear()
    log.unlink()
    run(make_raw(tmp_path / "raw1", n=2), tmp_path / "out1", workers=1)
    assert str(os.getpid()) not in log.read_text().split() and len(log.read_text().split()) == 1
