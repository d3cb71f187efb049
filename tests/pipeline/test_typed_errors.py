"""Typed, visible errors: enum codes with the same strings in Parquet, damaged cache
entries counted, no bare assert in library code."""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extractors.core.records import ErrorCode, Status
from pipeline.runner import run

REPO = Path(__file__).resolve().parents[2]
LIBRARY = sorted(p for package in ("extractors", "pipeline") for p in (REPO / package).rglob("*.py"))

REPORT = "壹、目的\n本次出國係參加{n}年度國際會議。\n\n貳、過程\n一、行程\n參訪{n}個機關。\n"


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(REPO)))
def test_no_bare_assert_in_library_code(path):
    """``python -O`` drops asserts: a check the code relies on must raise."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Assert)]
    assert lines == [], f"{path.name}: assert on lines {lines}; raise an exception instead"


def test_every_code_the_code_raises_is_an_error_code():
    """A reader's ``ExtractionError("code", ...)`` names a member of ``ErrorCode``."""
    pattern = re.compile(r"ExtractionError\(\s*[\"']([a-z_]+)[\"']")
    raised = {code for path in LIBRARY for code in pattern.findall(path.read_text(encoding="utf-8"))}
    assert len(raised) >= 8, "the scan found too few codes to be right"
    assert sorted(raised - {c.value for c in ErrorCode}) == []


def test_status_and_codes_are_the_strings_parquet_holds(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(REPORT.format(n=101), encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "notes.xyz").write_bytes(b"unsupported")
    run(raw, tmp_path / "out", workers=1)
    docs = {d["source_path"]: d for d in pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()}
    assert docs["a.txt"]["status"] == Status.OK == "ok"
    assert (docs["empty.txt"]["status"], docs["empty.txt"]["error_code"]) == ("failed", ErrorCode.EMPTY_FILE)
    assert (docs["notes.xyz"]["status"], docs["notes.xyz"]["error_code"]) == ("skipped", "unsupported")
    assert {type(d["status"]) for d in docs.values()} == {str}  # plain strings, read back from Parquet
    assert {s.value for s in Status} == {"ok", "partial", "failed", "skipped"}


def test_a_damaged_cache_entry_is_counted_logged_and_made_again(tmp_path, caplog):
    raw = tmp_path / "raw"
    raw.mkdir()
    for n in (101, 102):
        (raw / f"r{n}.txt").write_text(REPORT.format(n=n), encoding="utf-8")
    out = tmp_path / "out"
    first = run(raw, out, workers=1)
    before = {p.name: p.read_bytes() for p in out.glob("*.parquet")}
    entry = sorted((out / ".tripmine" / "cache" / "sections").glob("*.pkl"))[0]
    entry.write_bytes(entry.read_bytes()[:10])  # truncated, as by a full disk
    # A library that configured logging earlier in the session (dictConfig) may have disabled our logger.
    logging.getLogger("pipeline.runner").disabled = False
    with caplog.at_level("WARNING", logger="pipeline.runner"):
        again = run(raw, out, workers=1)
    assert again.n_damaged == 1 and again.ran == {"sections": 1}
    assert "1 damaged cache entries" in caplog.text  # the run's log (the worker logs which file)
    assert first.n_damaged == 0
    assert {p.name: p.read_bytes() for p in out.glob("*.parquet")} == before
