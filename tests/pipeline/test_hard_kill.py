"""A stage stuck in native code, or crashing its worker, costs one document, not the run."""

from __future__ import annotations

import ctypes
import hashlib
import time

import pyarrow.parquet as pq
from test_runner import make_raw, patch_stage

from extractors.core.records import SectionRow
from pipeline.runner import run


def native_trouble(doc):
    if "101" in doc.text:  # hangs in C: SIGALRM cannot interrupt it
        hashlib.pbkdf2_hmac("sha256", b"x", b"salt", 2_000_000_000)
    if "102" in doc.text:  # a segfault
        ctypes.string_at(0)
    return [SectionRow(doc_id=doc.doc_id, section_path="1", level=1, title="ok")]


def test_a_hang_in_native_code_and_a_segfault_each_cost_one_document(tmp_path, monkeypatch):
    patch_stage(monkeypatch, "sections", native_trouble)
    started = time.monotonic()
    summary = run(make_raw(tmp_path / "raw", n=6), tmp_path / "out", workers=2, timeout=2)
    assert time.monotonic() - started < 150  # the hang alone would run for hours
    docs = {d["source_path"]: d for d in pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()}
    assert docs["report_001.txt"]["error_code"] == "killed"
    assert docs["report_001.txt"]["status"] == "partial"
    assert "was killed" in docs["report_001.txt"]["error"]
    assert docs["report_002.txt"]["error_code"] == "worker_crashed"
    others = [d for p, d in docs.items() if p not in ("report_001.txt", "report_002.txt")]
    assert len(others) == 4 and not [d for d in others if d["error_code"] in ("killed", "worker_crashed")]
    assert summary.tables["sections"] == sum(d["status"] == "ok" for d in others)
    assert not list((tmp_path / "out" / ".tripmine" / "running").glob("*.json"))
