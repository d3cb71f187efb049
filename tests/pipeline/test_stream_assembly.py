"""The streamed assembly: the tables it writes batch by batch equal the whole-corpus reference.

The reference (tests/reference/runner.py) is the assembly as it was before streaming: every
cached entry loaded at once (documents included), every table built as one list of rows, the
corpus stage run over the whole mentions list, each table converted to Arrow whole. The runner must write
the same rows in the same order with the same schema, whatever its batch and row group sizes.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from benchmarks.render import RENDERERS
from benchmarks.report_spec import build_report
from extractors.core.records import TABLES
from pipeline import assembly, parquet, stages
from pipeline.cache import Cache
from pipeline.parquet import SCHEMAS
from pipeline.runner import run
from tests.reference import runner as reference_runner

N_REPORTS = 9


def make_corpus(raw: Path) -> Path:
    """Generated reports (some sharing names across documents), plus one document of every
    other kind: a copy at a second path, a binary file, an unreadable docx, an unsupported
    type, and a report the test's sections stage crashes on (``boom``)."""
    raw.mkdir(parents=True)
    for i in range(N_REPORTS):
        (raw / f"r{i:02d}.txt").write_bytes(RENDERERS["txt"](build_report(5, i, small=True)))
    (raw / "zz_copy.txt").write_bytes((raw / "r03.txt").read_bytes())
    (raw / "binary.txt").write_bytes(b"\x00\x01\x02" * 40)
    (raw / "broken.docx").write_bytes(b"not a zip")
    (raw / "notes.xyz").write_bytes(b"unsupported")
    (raw / "r04b.txt").write_text("壹、目的\nboom 本次赴日本東京參加國際會議。\n\n貳、過程\n參訪東京都廳。\n", encoding="utf-8")
    return raw


def crash_on_boom(doc):
    """The sections stage, except that it crashes on documents that say boom."""
    from extractors.sections.tree import extract_sections

    if "boom" in doc.text:
        raise ValueError("boom on purpose")
    return extract_sections(doc)


def patch_stages(monkeypatch, **changes) -> None:
    """Swap registry fields for the runner, e.g. sections=dict(fn=...)."""
    patched = tuple(dataclasses.replace(s, **changes[s.name]) if s.name in changes else s for s in stages.STAGES)
    monkeypatch.setattr(stages, "STAGES", patched)


def crashing_sections(monkeypatch) -> None:
    patch_stages(monkeypatch, sections={"fn": f"{__name__}:crash_on_boom"})


def assert_tables_equal(out: Path, reference: dict) -> None:
    for name in TABLES:
        got = pq.read_table(out / f"{name}.parquet")
        assert got.schema == SCHEMAS[name], name
        assert got.num_rows == reference[name].num_rows, name
        assert got.to_pylist() == reference[name].to_pylist(), name


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of 2 documents and row groups of a few rows, so every path of the streaming runs."""
    monkeypatch.setattr(assembly, "ASSEMBLY_BATCH", 2)
    monkeypatch.setattr(parquet.TableWriter.__init__, "__defaults__", (2048,))


def test_streamed_tables_equal_the_whole_corpus_reference(tmp_path, monkeypatch, small_batches):
    crashing_sections(monkeypatch)
    raw = make_corpus(tmp_path / "raw")
    summary = run(raw, tmp_path / "out", workers=1)
    statuses = {row["source_path"]: row["status"] for row in pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()}
    assert statuses["notes.xyz"] == "skipped"
    assert statuses["binary.txt"] == statuses["broken.docx"] == "failed"
    assert statuses["r04b.txt"] == "partial"
    assert statuses["zz_copy.txt"] == statuses["r03.txt"] == "ok"
    reference = reference_runner.tables(raw, tmp_path / "out")
    assert reference["mentions"].num_rows > 100 and reference["entities"].num_rows > 10
    assert pq.ParquetFile(tmp_path / "out" / "sections.parquet").num_row_groups > 1  # really written in parts
    assert_tables_equal(tmp_path / "out", reference)
    assert summary.tables == {name: reference[name].num_rows for name in TABLES}
    assert [e.source_path for e in summary.errors] == [e["source_path"] for e in reference["errors"].to_pylist()]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert [d["source_path"] for d in manifest["documents"]] == [d["source_path"] for d in reference["documents"].to_pylist()]


def test_batch_and_row_group_sizes_do_not_change_the_rows(tmp_path, monkeypatch):
    raw = make_corpus(tmp_path / "raw")
    run(raw, tmp_path / "big", workers=1)
    monkeypatch.setattr(assembly, "ASSEMBLY_BATCH", 1)
    monkeypatch.setattr(parquet.TableWriter.__init__, "__defaults__", (1,))
    run(raw, tmp_path / "tiny", workers=1)
    for name in TABLES:
        assert pq.read_table(tmp_path / "tiny" / f"{name}.parquet").equals(pq.read_table(tmp_path / "big" / f"{name}.parquet"))


def test_duckdb_holds_the_parquet_tables(tmp_path, small_batches):
    out = tmp_path / "out"
    run(make_corpus(tmp_path / "raw"), out, workers=1)
    con = duckdb.connect(str(out / "tripmine.duckdb"), read_only=True)
    try:
        for name in TABLES:
            rows = con.execute(f"SELECT * FROM {name}").fetchall()
            assert len(rows) == pq.read_metadata(out / f"{name}.parquet").num_rows, name
        mentions = con.execute("SELECT doc_id, char_start, entity_id FROM mentions").fetchall()
        assert mentions == [(r["doc_id"], r["char_start"], r["entity_id"])
                            for r in pq.read_table(out / "mentions.parquet").to_pylist()]
        assert con.execute("SELECT count(*) FROM trips").fetchone()[0] == N_REPORTS + 1  # + the partial report
    finally:
        con.close()
    assert not (out / ".tripmine" / "duckdb-tmp").exists()


def test_the_assembly_reads_no_document_text(tmp_path, small_batches):
    """Cut every read-stage cache file after its first pickle (the document is gone):
    a rerun still finds everything cached and writes the same tables. (The corpus stage's
    scan is the one reader of text in the assembly, tests/pipeline/test_corpus_stage.py;
    this corpus teaches no name across documents, so without text it adds nothing.)"""
    raw, out = make_corpus(tmp_path / "raw"), tmp_path / "out"
    run(raw, out, workers=1)
    before = {name: pq.read_table(out / f"{name}.parquet") for name in TABLES}
    cut = 0
    for path in (out / ".tripmine" / "cache" / "documents").glob("*.pkl"):
        data = path.read_bytes()
        head = pickle.loads(data)
        if "n_pages" in head.outputs.get("documents", {}):
            assert "doc" not in head.outputs  # the document is in the second pickle only
            path.write_bytes(pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL))
            cut += 1
    assert cut >= N_REPORTS
    (out / ".tripmine" / "outputs.sha256").unlink()  # make the rerun assemble again
    again = run(raw, out, workers=1)
    assert again.n_extracted == 0
    for name in TABLES:
        assert pq.read_table(out / f"{name}.parquet").equals(before[name]), name


def test_an_older_one_pickle_read_cache_still_gives_pages(tmp_path):
    """Read-stage entries from before the split (one pickle, no page rows) are read whole."""
    raw, out = make_corpus(tmp_path / "raw"), tmp_path / "out"
    run(raw, out, workers=1)
    before = {name: pq.read_table(out / f"{name}.parquet") for name in TABLES}
    cache = Cache(out)
    for path in (out / ".tripmine" / "cache" / "documents").glob("*.pkl"):
        entry = cache.get("documents", path.stem, stages.stage_keys(stages.STAGES)["documents"])
        if entry.error is None:
            entry.outputs["documents"].pop("pages")
            path.write_bytes(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
    (out / ".tripmine" / "outputs.sha256").unlink()
    assert run(raw, out, workers=1).n_extracted == 0
    assert pq.read_table(out / "pages.parquet").num_rows > 0
    for name in TABLES:
        assert pq.read_table(out / f"{name}.parquet").equals(before[name]), name


def test_a_crash_during_assembly_leaves_the_old_tables_and_no_temp_files(tmp_path, monkeypatch, small_batches):
    raw, out = make_corpus(tmp_path / "raw"), tmp_path / "out"
    run(raw, out, workers=1)
    before = {p.name: p.read_bytes() for p in out.glob("*.parquet")}
    (raw / "r00.txt").write_text("壹、目的\n本次赴法國巴黎參加會議。\n", encoding="utf-8")

    def crash(self):
        raise OSError("disk full on purpose")

    monkeypatch.setattr(assembly.Assembly, "finish", crash)
    with pytest.raises(OSError, match="on purpose"):
        run(raw, out, workers=1)
    assert {p.name: p.read_bytes() for p in out.glob("*.parquet")} == before
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert not (out / ".tripmine" / "assembly").exists()


class BrokenResolver:
    """A corpus stage stream that fails after taking its input."""

    def add(self, rows):
        return [0 for _ in rows]

    def resolve(self):
        raise RuntimeError("resolution broke on purpose")


def broken_resolve(mentions):
    raise RuntimeError("resolution broke on purpose")


def test_a_crashing_corpus_stage_leaves_mentions_without_ids_and_an_error_row(tmp_path, monkeypatch, small_batches):
    patch_stages(monkeypatch, entities={"fn": f"{__name__}:broken_resolve", "stream": f"{__name__}:BrokenResolver"})
    raw, out = make_corpus(tmp_path / "raw"), tmp_path / "out"
    run(raw, out, workers=1)
    reference = reference_runner.tables(raw, out)  # its corpus stage (broken_resolve) crashes the same way
    assert_tables_equal(out, reference)
    mentions = pq.read_table(out / "mentions.parquet")
    assert mentions.num_rows > 100 and mentions.column("entity_id").null_count == mentions.num_rows
    assert pq.read_table(out / "entities.parquet").num_rows == 0
    errors = pq.read_table(out / "errors.parquet").to_pylist()
    assert errors[-1]["stage"] == "entities" and "broke on purpose" in errors[-1]["message"]


def test_sections_rows_follow_input_order_across_batches(tmp_path, monkeypatch):
    """Rows of a table are grouped by document in --raw order, even across batches."""
    monkeypatch.setattr(assembly, "ASSEMBLY_BATCH", 1)
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in (3, 1, 2):
        (raw / f"d{i}.txt").write_text(f"壹、目的\n第{i}份報告。\n\n貳、過程\n參訪{i}個機關。\n", encoding="utf-8")
    run(raw, tmp_path / "out", workers=1)
    docs = [d["doc_id"] for d in pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()]
    sections = [s["doc_id"] for s in pq.read_table(tmp_path / "out" / "sections.parquet").to_pylist()]
    assert list(dict.fromkeys(sections)) == docs
