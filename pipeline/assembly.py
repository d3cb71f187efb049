"""Assembly: the tables, built from the stage cache for every document now in ``--raw``.

Rows are streamed from the cache into Parquet one batch of documents at a time and
the tables are committed together (atomically, file by file), so a crash never
leaves half a table. The corpus stages run here, fed their input table as it streams.
"""

from __future__ import annotations

import logging
import shutil
from array import array
from collections import Counter
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Callable, Mapping, cast

import pyarrow as pa
import pyarrow.parquet as pq

from extractors.core.doc import Doc
from extractors.core.records import TABLES, DocumentRow, ErrorCode, ErrorRow, Status
from pipeline import __version__, stages
from pipeline.cache import STATE_DIR, Cache, Entry
from pipeline.db import write_db
from pipeline.inputs import InputFile
from pipeline.jobs import bind, page_rows
from pipeline.parquet import SCHEMA_VERSION, TableWriter, write_json
from pipeline.stages import READ, CorpusScan, CorpusStream, Stage
from pipeline.summary import RunSummary

log = logging.getLogger(__name__)

ASSEMBLY_BATCH = 256  # documents whose cached rows are turned into Arrow at a time


def cached_entries(cache: Cache, doc_id: str, keys: Mapping[str, str]) -> dict[str, Entry]:
    """Every cached per-document result of one document, by stage, read once each.

    The read stage's entry comes without the document itself: its info and page rows
    are all the tables need (an older cache entry without page rows is read whole once).
    """
    entries: dict[str, Entry] = {}
    for stage in stages.STAGES:
        if stage.scope != "document":
            continue
        key = keys[stage.name]
        entry = cache.get(stage.name, doc_id, key, bulky=False)
        if entry is None:
            continue
        info = entry.outputs.get("documents")
        if stage.name == READ and isinstance(info, dict) and "pages" not in info:
            doc = entry.outputs.pop("doc", None)  # a one-pickle entry came whole
            if doc is None:
                full = cache.get(stage.name, doc_id, key)
                doc = full.outputs.get("doc") if full else None
            info["pages"] = page_rows(doc_id, doc.pages if isinstance(doc, Doc) else ())
        entries[stage.name] = entry
    return entries


def document_row(item: InputFile, entries: dict[str, Entry]) -> tuple[DocumentRow, list[ErrorRow]]:
    """The documents row of one input and its document's errors (named by this input's path)."""
    base = DocumentRow(doc_id=item.doc_id, source_path=item.rel, source_format=item.source_format, n_bytes=item.n_bytes)
    if item.name_flags:
        base = replace(base, flags=list(item.name_flags))
    if item.skip_reason:
        return replace(base, status=item.skip_status, error=item.skip_reason, error_code=item.skip_code), []
    doc_errors = []
    for name, entry in entries.items():
        if name == READ and "documents" in entry.outputs:  # read (an error beside it: read in part)
            info = cast(dict, entry.outputs["documents"])
            base = replace(
                base, n_pages=info["n_pages"], n_chars=info["n_chars"], encoding=info["encoding"],
                flags=list(item.name_flags) + list(info.get("flags") or []) or None,
            )
        if entry.error is not None:
            doc_errors.append(replace(entry.error, source_path=item.rel))
    if not doc_errors:
        return base, []
    first = doc_errors[0]
    read = entries.get(READ)
    unread = first.stage == READ and (read is None or "documents" not in read.outputs)
    status = Status.FAILED if unread else Status.PARTIAL
    return replace(base, status=status, error=first.message, error_code=first.code), doc_errors


def corpus_stages() -> list[Stage]:
    """The corpus stages that stream their one per-document input table (see ``Assembly``)."""
    found = [s for s in stages.STAGES if s.scope == "corpus" and not s.scans_documents]
    inputs = [s.requires for s in found]
    if any(len(r) != 1 for r in inputs) or len({r[0] for r in inputs}) != len(inputs):
        raise ValueError("each corpus stage must read exactly one table, and no two the same one")
    return found


def scan_stages() -> list[Stage]:
    """The corpus stages that add rows to a per-document table, document by document
    (``stages.CorpusScan``); each produces one table that it also reads, no two the same."""
    found = [s for s in stages.STAGES if s.scope == "corpus" and s.scans_documents]
    tables = [s.produces for s in found]
    if any(len(t) != 1 or t[0] not in s.requires for t, s in zip(tables, found, strict=True)) \
            or len({t[0] for t in tables}) != len(tables):
        raise ValueError("each document-scanning corpus stage must add to one table it reads, and no two the same one")
    return found


class Assembly:
    """The tables, streamed from the cache into Parquet one batch of documents at a time.

    Rows come in the order of ``--raw`` (documents: every input; other tables: each
    distinct document once, at its first path), stage by stage within a document.
    Memory holds one batch of rows, a row group per table and what the corpus stage keeps.

    A corpus stage sees its input table twice without holding it (``stages.CorpusStream``):
    in the main pass each batch goes to its stream's ``add`` and to a temp Parquet file;
    after ``resolve()``, that file is read back in batches, the stream's ``fill`` gives
    the columns it sets, and ``rows()`` gives its other tables. When the stage fails, its
    input table keeps its rows as they came and the failure is an error row, as for a
    per-document stage.

    A corpus stage that reads ``doc`` (``stages.CorpusScan``: the ``corpus`` stage) adds
    rows to its table before the stages that stream it: in the main pass that table's
    rows go only to its ``learn``; after ``prepare()``, every document is read from the
    cache again, one at a time, its text included, and the rows ``scan`` gives for it go
    on as if the per-document stage had made them. A crash on one document leaves that
    document's rows as they came, with an error row.
    """

    def __init__(self, out: Path, work: Path, fail_fast: bool, keys: Mapping[str, str],
                 stream_args: Mapping[str, dict] | None = None):
        self.out, self.work, self.fail_fast, self.keys = out, work, fail_fast, keys
        self.cache = Cache(out)
        self.writers: dict[str, TableWriter] = {}
        for name in TABLES:
            self.writers[name] = TableWriter(out / f"{name}.parquet", name, work)
        self.corpus = corpus_stages()
        self.streams: dict[str, CorpusStream | None] = {}  # corpus stage -> its stream (None: it failed)
        self.scans: dict[str, tuple[Stage, CorpusScan | None]] = {}  # scanned table -> its stage and scan
        for stage in scan_stages():
            scan = self.attempt(stage, lambda s: s.load_scan()(), stage)
            self.scans[stage.produces[0]] = (stage, scan)  # type: ignore[assignment]
        self.order: list[str] = []  # the distinct documents, in corpus order (scanned again at the end)
        self.tokens: dict[str, array] = {}
        self.held: dict[str, TableWriter] = {}  # corpus input table -> its rows before the corpus stage
        self.stage_errors: list[ErrorRow] = []
        for stage in self.corpus:
            (table,) = stage.requires
            self.held[table] = TableWriter(work / f"{table}.unresolved.parquet", table, work)
            self.tokens[stage.name] = array("q")
            args = (stream_args or {}).get(stage.name, {})  # a run option of the stage (the curation file)
            stream = self.attempt(stage, lambda s, a: s.load_stream()(**a), stage, args)
            self.streams[stage.name] = stream  # type: ignore[assignment]
            self.stage_errors += [ErrorRow(doc_id="", stage=stage.name, code=ErrorCode.BAD_OPTION, message=problem)
                                  for problem in getattr(stream, "problems", ())]
        self.documents: list[tuple[str, str, str]] = []  # for the manifest: (doc_id, source_path, status)
        self.errors: list[ErrorRow] = []

    def attempt(self, stage: Stage, call: Callable[..., object], *args: object) -> object:
        """``call(*args)``, or None and an error row when the corpus stage crashes."""
        try:
            return call(*args)
        except Exception as exc:
            if self.fail_fast:
                raise
            log.warning("the %s stage crashed", stage.name, exc_info=True)
            self.stage_errors.append(ErrorRow(
                doc_id="", stage=stage.name, code=ErrorCode.STAGE_CRASHED,
                message=f"the {stage.name} stage crashed: {type(exc).__name__}: {exc}"))
            return None

    def run(self, inputs: list[InputFile]) -> None:
        counts = Counter(item.doc_id for item in inputs if not item.skip_reason)
        again: dict[str, dict[str, Entry]] = {}  # info and errors of the documents found at two paths
        seen: set[str] = set()
        batch = 0
        for item in inputs:
            if item.skip_reason:
                self.add_document(item, {}, first=True)
            elif item.doc_id in seen:
                self.add_document(item, again[item.doc_id], first=False)
            else:
                seen.add(item.doc_id)
                self.order.append(item.doc_id)
                entries = cached_entries(self.cache, item.doc_id, self.keys)
                self.add_document(item, entries, first=True)
                self.add_tables(item.doc_id, entries)
                if counts[item.doc_id] > 1:
                    again[item.doc_id] = {name: Entry(e.key, {"documents": e.outputs.get("documents")}, e.error)
                                          for name, e in entries.items()}
                batch += 1
                if batch == ASSEMBLY_BATCH:
                    self.flush()
                    batch = 0
        self.flush()

    def add_document(self, item: InputFile, entries: dict[str, Entry], first: bool) -> None:
        row, doc_errors = document_row(item, entries)
        self.documents.append((row.doc_id, row.source_path, row.status))
        self.writers["documents"].add([row])
        if first:  # a document's errors name its first path
            self.errors.extend(doc_errors)

    def add_tables(self, doc_id: str, entries: dict[str, Entry]) -> None:
        read = entries.get(READ)
        if read is not None and "documents" in read.outputs:
            self.writers["pages"].add(read.outputs["documents"]["pages"])  # type: ignore[index]
        for stage in stages.STAGES:
            entry = entries.get(stage.name)
            if stage.scope != "document" or stage.name == READ or entry is None:
                continue
            for table in stage.produces:
                rows: list = entry.outputs.get(table, [])  # type: ignore[assignment]
                if table in self.scans:  # written when the table is scanned (``finish``)
                    self.learn(table, rows)
                else:
                    self.deliver(table, rows)

    def deliver(self, table: str, rows: list) -> None:
        """One document's rows of ``table``: to its file (held for the corpus stage that
        reads it) and to that stage's stream."""
        (self.held.get(table) or self.writers[table]).add(rows)
        for corpus in self.corpus:
            stream = self.streams[corpus.name]
            if corpus.requires[0] == table and stream is not None and rows:
                tokens = self.attempt(corpus, stream.add, rows)
                if tokens is None:
                    self.streams[corpus.name] = None
                else:
                    self.tokens[corpus.name].extend(tokens)  # type: ignore[arg-type]

    def learn(self, table: str, rows: list) -> None:
        stage, scan = self.scans[table]
        if scan is not None and rows and self.attempt(stage, done, scan.learn, rows) is None:
            self.scans[table] = (stage, None)  # it crashed: the table goes through as it came

    def scan_tables(self) -> None:
        """The document-scanning corpus stages: each document's rows of the scanned table,
        with what the stage adds, delivered in corpus order. Each document is read from
        the cache again, its text included, one at a time."""
        for table, (stage, scan) in self.scans.items():
            if scan is not None and self.attempt(stage, done, scan.prepare) is None:
                scan = None
            for n, doc_id in enumerate(self.order, 1):
                values = self.document_values(stage, doc_id)
                rows = list(values.get(table) or [])  # type: ignore[call-overload]
                if scan is not None:
                    rows = self.scan_one(stage, scan, doc_id, values, rows)
                self.deliver(table, rows)
                if n % ASSEMBLY_BATCH == 0:
                    self.flush()
            self.flush()

    def scan_one(self, stage: Stage, scan: CorpusScan, doc_id: str, values: dict[str, object], rows: list) -> list:
        """One document's rows after the scan; as they came (and an error row) when it crashes."""
        try:
            return list(scan.scan(**bind(scan.scan, values)))  # type: ignore[attr-defined]
        except Exception as exc:
            if self.fail_fast:
                raise
            log.warning("the %s stage crashed on %s", stage.name, doc_id, exc_info=True)
            self.stage_errors.append(ErrorRow(
                doc_id=doc_id, stage=stage.name, code=ErrorCode.STAGE_CRASHED,
                message=f"the {stage.name} stage crashed: {type(exc).__name__}: {exc}"))
            return rows

    def document_values(self, stage: Stage, doc_id: str) -> dict[str, object]:
        """What ``stage`` requires of one document, from the cache (``doc``: None when unread)."""
        producers = {t: s for s in stages.STAGES if s.scope == "document" for t in s.produces}
        values: dict[str, object] = {name: None if name == "doc" else [] for name in stage.requires}
        for name in stage.requires:
            source = producers[name]
            entry = self.cache.get(source.name, doc_id, self.keys[source.name], bulky=name == "doc")
            if entry is not None and name in entry.outputs:
                values[name] = entry.outputs[name]
        return values

    def flush(self) -> None:
        for writer in (*self.writers.values(), *self.held.values()):
            writer.flush()

    def finish(self) -> None:
        """Run the corpus stages over what they were given; fill and complete their tables."""
        self.scan_tables()
        for stage in self.corpus:
            (table,) = stage.requires
            held = self.held.pop(table).close()
            stream = self.streams[stage.name]
            if stream is None or self.attempt(stage, self.resolve, stream, stage, held) is None:
                for name in stage.produces:  # the stage failed: no rows of its own
                    self.writers[name].abort()
                    self.writers[name] = TableWriter(self.out / f"{name}.parquet", name, self.work)
                self.copy(held, self.writers[table], None)  # its input table as it came
            held.unlink(missing_ok=True)
            self.streams[stage.name] = None  # what it kept goes before the commit and DuckDB
        self.errors.extend(self.stage_errors)
        self.writers["errors"].add(self.errors)

    def resolve(self, stream: CorpusStream, stage: Stage, held: Path) -> bool:
        (table,) = stage.requires
        stream.resolve()
        self.copy(held, self.writers[table], (stream, self.tokens.pop(stage.name)))
        written = 0
        for name, rows in stream.rows():  # its own tables, written as they come
            if name in stage.produces and name != table:
                self.writers[name].add(rows)
                written += len(rows)
                if written >= 4096:
                    self.flush()
                    written = 0
        return True

    @staticmethod
    def copy(held: Path, writer: TableWriter, fill: tuple[CorpusStream, array] | None) -> None:
        """The held rows into ``writer``, batch by batch, with the columns ``fill``'s stream sets."""
        position = 0
        for batch in pq.ParquetFile(held).iter_batches(batch_size=1 << 14):
            if fill is not None:
                stream, tokens = fill
                n = batch.num_rows
                columns = stream.fill(tokens[position:position + n], partial(column_values, batch))
                position += n
                for name, values in columns.items():
                    i = writer.schema.get_field_index(name)
                    field = writer.schema.field(i)
                    batch = batch.set_column(i, field, pa.array(values, field.type))
            writer.add_arrow(batch)

    def commit(self, summary: RunSummary) -> None:
        for name in TABLES:
            summary.tables[name] = self.writers[name].commit()

    def abort(self) -> None:
        for writer in (*self.writers.values(), *self.held.values()):
            writer.abort()


def done(call: Callable[..., object], *args: object) -> bool:
    """``call(*args)``, then True (for ``Assembly.attempt``, whose None means a crash)."""
    call(*args)
    return True


def column_values(batch: pa.RecordBatch, name: str) -> list:
    return batch.column(name).to_pylist()


def assemble_and_write(inputs: list[InputFile], out: Path, fail_fast: bool, summary: RunSummary,
                       keys: Mapping[str, str], stream_args: Mapping[str, dict] | None = None) -> None:
    work = out / STATE_DIR / "assembly"
    shutil.rmtree(work, ignore_errors=True)  # temp files of a run that was killed
    assembly = Assembly(out, work, fail_fast, keys, stream_args)
    try:
        assembly.run(inputs)
        assembly.finish()
        assembly.commit(summary)
    finally:
        assembly.abort()  # nothing left to drop after a commit
        shutil.rmtree(work, ignore_errors=True)
    documents = assembly.documents
    summary.errors = assembly.errors
    summary.n_damaged += assembly.cache.damaged
    for _doc_id, _path, status in documents:
        summary.by_status[status] = summary.by_status.get(status, 0) + 1
    write_json(out / "manifest.json", manifest(documents, summary, keys))
    write_db(out)


def manifest(documents: list[tuple[str, str, str]], summary: RunSummary, keys: Mapping[str, str]) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": __version__,
        "stages": {s.name: keys[s.name] for s in stages.STAGES},
        "inputs": {"total": len(documents), **{str(s): summary.by_status.get(s, 0) for s in Status}},
        "tables": dict(summary.tables),
        "documents": [
            {"doc_id": doc_id, "source_path": path, "status": str(status)} for doc_id, path, status in documents
        ],
    }
