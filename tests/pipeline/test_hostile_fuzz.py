"""A bounded hypothesis run of the whole pipeline over generated hostile folders (issue 18):
names, permissions, special files, bombs, amplification, pathological regex input and garbage
glyphs beside one good report. Every run exits 0, gives one row per input, and extracts the good
report exactly as it does alone."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_runner import REPORT

from benchmarks.hostile_inputs import (
    BLANK_LINES,
    HUGE_OL,
    META_UNDEFINED,
    ODD_UTF16,
    garbage_pdf,
    zip_bomb_docx,
)
from pipeline.readers.base import MAX_XML_MEMBER_BYTES
from pipeline.runner import run

GOOD = "good_report.txt"
ROW_TABLES = ("sections", "reports", "participants", "itinerary", "dates", "mentions")

BOMB = zip_bomb_docx(MAX_XML_MEMBER_BYTES + (1 << 20))
SPAN_BOMB = ("<table><tr>" + '<td rowspan="1000">x</td>' * 1000 + "</tr>" + "<tr></tr>" * 999 + "</table>").encode()
MARKS = ("報告a" + "\u0301\u0316" * 50_000 + "\n本次出國。\n").encode()

# kind -> (extension, bytes); None makes a special file
KINDS: dict[str, tuple[str, bytes | None]] = {
    "blank_lines": (".txt", BLANK_LINES),
    "huge_ol": (".html", HUGE_OL),
    "meta_undefined": (".html", META_UNDEFINED),
    "odd_utf16": (".txt", ODD_UTF16),
    "zip_bomb": (".docx", BOMB),
    "span_bomb": (".html", SPAN_BOMB),
    "combining_marks": (".md", MARKS),
    "garbage_pdf": (".pdf", garbage_pdf(pages=2, private_use=True)),
    "empty": (".txt", b""),
    "fifo": (".txt", None),
}
# name stems: Big5 bytes, bytes nothing decodes, Rich markup, ANSI escapes, bidi controls, plain
STEMS = [b"\xb3\xf8\xa7\x69", b"\xff\xfe\x80", b"[bold]x[", b"\x1b[2Jclear", "evil\u202etxt".encode(), b"plain"]


def stage_rows(out: Path, doc_id: str) -> dict[str, int]:
    return {name: sum(1 for r in pq.read_table(out / f"{name}.parquet").to_pylist() if r["doc_id"] == doc_id)
            for name in ROW_TABLES}


@pytest.fixture(scope="module")
def alone(tmp_path_factory):
    raw = tmp_path_factory.mktemp("good_alone")
    (raw / GOOD).write_text(REPORT.format(n=42), encoding="utf-8")
    out = tmp_path_factory.mktemp("good_alone_out")
    run(raw, out, workers=1, timeout=0)
    row = pq.read_table(out / "documents.parquet").to_pylist()[0]
    assert row["status"] == "ok"
    return row["doc_id"], stage_rows(out, row["doc_id"])


@settings(max_examples=4, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.sampled_from(sorted(KINDS)), st.sampled_from(STEMS)), min_size=1, max_size=5,
                unique_by=lambda pair: pair[0]))
def test_hostile_folders_run_with_exit_0_a_row_each_and_the_good_report_whole(alone, picks):
    doc_id, expected = alone
    work = Path(tempfile.mkdtemp(prefix="tm-hostile-"))
    try:
        raw = work / "raw"
        raw.mkdir()
        (raw / GOOD).write_text(REPORT.format(n=42), encoding="utf-8")
        for k, (kind, stem) in enumerate(picks):
            extension, data = KINDS[kind]
            name = os.fsdecode(stem + f"-{k}{extension}".encode())
            path = raw / name
            if "/" in name:
                continue
            if data is None:
                os.mkfifo(path)
            else:
                path.write_bytes(data)
        n_inputs = len(os.listdir(raw))
        summary = run(raw, work / "out", workers=1, timeout=0)
        rows = pq.read_table(work / "out" / "documents.parquet").to_pylist()
        assert summary.n_inputs == n_inputs == len(rows)
        good = next(r for r in rows if r["source_path"] == GOOD)
        assert good["status"] == "ok" and good["doc_id"] == doc_id
        assert stage_rows(work / "out", doc_id) == expected
        for row in rows:
            if row["source_path"] != GOOD and row["status"] != "ok":
                assert row["error"] and row["error_code"], row
    finally:
        shutil.rmtree(work, ignore_errors=True)
