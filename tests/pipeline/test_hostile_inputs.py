"""Hostile inputs around the files themselves (issue 18): every entry under --raw is a row, a name
that is not UTF-8 stays recoverable, a file swapped mid-run is never read through a link, and a
failure that depends on the run's limits is not kept as the document's result."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_runner import REPORT, make_raw

from extractors.core.records import ErrorCode, ErrorRow
from pipeline import runner as runner_module
from pipeline.cache import Cache, Entry
from pipeline.inputs import scan_inputs, shown_name
from pipeline.runner import RunRefused, run
from pipeline.stages import READ, STAGES, stage_keys


def documents(out: Path) -> dict[str, dict]:
    return {row["source_path"]: row for row in pq.read_table(out / "documents.parquet").to_pylist()}


def test_a_big5_name_is_read_as_big5_and_its_bytes_stay_recoverable(tmp_path):
    raw = make_raw(tmp_path / "raw", n=1)
    big5 = os.fsdecode(b"\xb3\xf8\xa7\x69.txt")  # 報告.txt in Big5
    (raw / big5).write_text(REPORT.format(n=7), encoding="utf-8")
    other = os.fsdecode(b"\xff\xfe-x.txt")  # no encoding reads it
    (raw / other).write_text(REPORT.format(n=8), encoding="utf-8")
    out = tmp_path / "out"
    run(raw, out, workers=1)
    rows = documents(out)
    assert rows["報告.txt"]["status"] == "ok" and "name_big5" in rows["報告.txt"]["flags"]
    assert "報告.txt".encode("cp950") == b"\xb3\xf8\xa7\x69.txt"
    assert rows["\\xff\\xfe-x.txt"]["status"] == "ok" and "name_escaped" in rows["\\xff\\xfe-x.txt"]["flags"]
    assert len(rows) == 3


def test_shown_name_keeps_utf8_and_escapes_what_no_encoding_reads():
    assert shown_name("臺北/報告.txt") == ("臺北/報告.txt", ())
    assert shown_name(os.fsdecode(b"a\x80.txt"))[1] == ("name_escaped",)


def test_special_files_and_a_symlink_to_one_are_rows_with_a_reason(tmp_path):
    raw = make_raw(tmp_path / "raw", n=1)
    os.mkfifo(raw / "pipe.txt")
    (raw / "link.txt").symlink_to(raw / "pipe.txt")
    out = tmp_path / "out"
    run(raw, out, workers=1)
    rows = documents(out)
    assert rows["pipe.txt"]["status"] == "skipped" and rows["pipe.txt"]["error_code"] == ErrorCode.NOT_A_FILE
    assert "FIFO" in rows["pipe.txt"]["error"]
    assert "FIFO" in rows["link.txt"]["error"] and "outside" not in rows["link.txt"]["error"]
    assert rows["report_000.txt"]["status"] == "ok"


def test_a_socket_in_raw_is_a_row(tmp_path):
    raw = tmp_path / "r"
    raw.mkdir()
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(raw / "s.txt"))
    try:
        items = scan_inputs(raw)
    finally:
        sock.close()
    assert [(i.rel, i.skip_code) for i in items] == [("s.txt", ErrorCode.NOT_A_FILE)]
    assert "socket" in items[0].skip_reason


def test_an_unreadable_file_and_an_unlistable_folder_are_rows_and_the_run_goes_on(tmp_path, monkeypatch):
    raw = make_raw(tmp_path / "raw", n=2)
    (raw / "sub").mkdir()
    locked = raw / "report_001.txt"
    real_open = os.open

    def refuse(path, flags, *args, **kwargs):  # what chmod 000 does to a user without CAP_DAC_OVERRIDE
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    real_walk = os.walk

    def walk(top, *args, onerror=None, **kwargs):
        for dirpath, dirnames, filenames in real_walk(top, *args, onerror=onerror, **kwargs):
            if dirpath.endswith("sub"):
                onerror(PermissionError(13, "Permission denied", dirpath))
                continue
            yield dirpath, dirnames, filenames

    monkeypatch.setattr("pipeline.inputs.os.open", refuse)
    monkeypatch.setattr("pipeline.inputs.os.walk", walk)
    items = {i.rel: i for i in scan_inputs(raw)}
    assert items["report_001.txt"].skip_code == ErrorCode.UNREADABLE
    assert items["report_001.txt"].skip_status == "failed"
    assert "Permission denied" in items["report_001.txt"].skip_reason
    assert items["sub/"].skip_code == ErrorCode.UNREADABLE
    out = tmp_path / "out"
    summary = run(raw, out, workers=1)
    rows = documents(out)
    assert rows["report_001.txt"]["status"] == "failed" and rows["sub/"]["status"] == "failed"
    assert rows["report_000.txt"]["status"] == "ok"
    assert summary.n_inputs == 3


def test_files_under_a_folder_named_tripmine_inside_raw_are_read(tmp_path):
    raw = make_raw(tmp_path / "raw", n=1)
    (raw / ".tripmine").mkdir()
    (raw / ".tripmine" / "kept.txt").write_text(REPORT.format(n=3), encoding="utf-8")
    out = tmp_path / "out"
    run(raw, out, workers=1)
    assert documents(out)[".tripmine/kept.txt"]["status"] == "ok"


def test_a_file_swapped_for_a_symlink_after_the_scan_is_not_read_through_it(tmp_path, monkeypatch):
    raw = make_raw(tmp_path / "raw", n=1)
    secret = tmp_path / "secret.txt"
    secret.write_text("壹、機密\n不得讀取的內容。\n", encoding="utf-8")
    victim = raw / "report_000.txt"
    original = victim.read_bytes()
    real_scan = runner_module.scan_inputs

    def scan_then_swap(root):
        items = real_scan(root)
        victim.unlink()
        victim.symlink_to(secret)
        return items

    monkeypatch.setattr(runner_module, "scan_inputs", scan_then_swap)
    out = tmp_path / "out"
    run(raw, out, workers=1)
    row = documents(out)["report_000.txt"]
    assert row["status"] == "failed" and row["error_code"] == ErrorCode.CHANGED
    monkeypatch.undo()
    victim.unlink()
    victim.write_bytes(original)  # restored: the rerun reads the real report
    run(raw, out, workers=1)
    row = documents(out)["report_000.txt"]
    assert row["status"] == "ok"
    sections = pq.read_table(out / "sections.parquet").to_pylist()
    assert not any("機密" in (s.get("title") or "") for s in sections)


def test_a_timeout_is_not_reused_by_a_run_with_a_larger_limit(tmp_path):
    raw = make_raw(tmp_path / "raw", n=1)
    out = tmp_path / "out"
    run(raw, out, workers=1, timeout=0)
    doc_id = documents(out)["report_000.txt"]["doc_id"]
    keys = stage_keys(STAGES)
    timed_out = ErrorRow(doc_id=doc_id, source_path="report_000.txt", stage=READ, code=ErrorCode.TIMEOUT,
                         message="the read stage took longer than 5 s on this document and was stopped")
    Cache(out).put(READ, doc_id, Entry(keys[READ], {}, timed_out, {"timeout": 5.0}))
    assert Cache(out).has(READ, doc_id, keys[READ], {"timeout": 5.0, "memory": 0.0})
    assert not Cache(out).has(READ, doc_id, keys[READ], {"timeout": 0.0, "memory": 0.0})
    summary = run(raw, out, workers=1, timeout=0)  # no limit: the old timeout does not stand
    assert summary.n_extracted >= 1
    assert documents(out)["report_000.txt"]["status"] == "ok"


@pytest.mark.parametrize("value", [-5.0, float("nan"), float("inf")])
def test_the_api_refuses_a_timeout_that_is_not_seconds(tmp_path, value):
    raw = make_raw(tmp_path / "raw", n=1)
    with pytest.raises(RunRefused):
        run(raw, tmp_path / "out", timeout=value)
