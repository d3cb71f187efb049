"""Runs the stages over a folder of reports: isolation, caching, assembly, writing.

Per-document stages run in a process pool, one job per distinct document; each
(document, stage) call is wrapped so that an exception becomes an error row and
the run goes on. Results go to the stage cache; the tables are then assembled
from the cache for every document now in ``--raw`` and written atomically, so a
crash never leaves half a table and a rerun picks up where the last one stopped.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import shutil
import time
from array import array
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Callable

import pyarrow as pa
import pyarrow.parquet as pq

from extractors.core.doc import Doc
from extractors.core.records import TABLES, DocumentRow, ErrorRow, ExtractionError, PageRow
from pipeline import __version__
from pipeline.cache import STATE_DIR, Cache, Entry
from pipeline.db import write_db
from pipeline.executors import execute
from pipeline.limits import DEFAULT_TIMEOUT, StageTimeout, time_limit
from pipeline.lock import RunLock
from pipeline.parquet import SCHEMA_VERSION, TableWriter, write_atomic, write_json
from pipeline.readers import format_of, read_document
from pipeline.stages import STAGE_KEYS, STAGES, Stage, stage_named
from pipeline.watchdog import StuckWorkers, confine_caches, hard_limit, mark_running, running_dir


class RunRefused(Exception):
    """The run itself cannot proceed (bad folders, a lock held by another run)."""


@dataclass(frozen=True)
class InputFile:
    path: Path
    rel: str
    doc_id: str
    n_bytes: int
    source_format: str | None
    skip_reason: str | None = None


@dataclass(frozen=True)
class Job:
    path: Path
    rel: str
    doc_id: str
    source_format: str
    stages: tuple[str, ...]
    out: Path
    reprocess: bool
    fail_fast: bool
    timeout: float = 0.0  # seconds per (document, stage); 0 = none


@dataclass(frozen=True)
class JobResult:
    doc_id: str
    ran: tuple[str, ...]
    reused: tuple[str, ...]
    errors: tuple[ErrorRow, ...]


@dataclass
class RunSummary:
    out: Path
    n_inputs: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    tables: dict[str, int] = field(default_factory=dict)
    n_extracted: int = 0  # (document, stage) calls actually run
    n_reused: int = 0  # (document, stage) results taken from the cache
    errors: list[ErrorRow] = field(default_factory=list)
    seconds: float = 0.0


Progress = Callable[[str, int, int], None]  # (event, done, total)


def doc_id_of(path: Path) -> str:
    """First 16 hex digits of the SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def scan_inputs(raw: Path) -> list[InputFile]:
    """Every file under ``raw``, sorted by relative path; symlinks out of raw are skipped."""
    root = raw.resolve()
    found: list[InputFile] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d != STATE_DIR)
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root) or not target.is_file():
                    found.append(InputFile(path, rel, "", 0, None, "a symlink that leads outside --raw; not followed"))
                    continue
            if not path.is_file():
                continue
            fmt = format_of(path)
            reason = None if fmt else f"unsupported file type '{path.suffix or '(none)'}'"
            found.append(InputFile(path, rel, doc_id_of(path), path.stat().st_size, fmt, reason))
    return sorted(found, key=lambda item: item.rel)


def bind(fn: Callable[..., object], values: dict[str, object]) -> dict[str, object]:
    """Arguments for a stage function, taken by parameter name from upstream values."""
    return {name: values[name] for name in parameter_names(fn) if name in values}


@lru_cache(maxsize=256)
def parameter_names(fn: Callable[..., object]) -> tuple[str, ...]:
    """The names a function takes by keyword (inspect.signature is slow enough to remember)."""
    params = inspect.signature(fn).parameters
    return tuple(name for name, p in params.items() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))


def as_outputs(stage: Stage, result: object) -> dict[str, object]:
    if isinstance(result, dict):
        return {t: list(result.get(t, [])) for t in stage.produces}
    (table,) = stage.produces
    return {table: list(result)}  # type: ignore[call-overload]


def error_row(job: Job, stage: str, exc: BaseException) -> ErrorRow:
    if isinstance(exc, ExtractionError):
        code, message = exc.code, exc.message
    elif isinstance(exc, StageTimeout):
        code, message = "timeout", str(exc)
    else:
        code = "stage_crashed"
        message = f"the {stage} stage crashed: {type(exc).__name__}: {exc}".strip()
    return ErrorRow(doc_id=job.doc_id, source_path=job.rel, stage=stage, code=code, message=message)


def run_read(job: Job) -> Entry:
    key = STAGE_KEYS["read"]
    try:
        data = job.path.read_bytes()
        with time_limit(job.timeout, "read"):
            doc, result = read_document(data, doc_id=job.doc_id, source_path=job.rel, source_format=job.source_format)
    except Exception as exc:
        if job.fail_fast:
            raise
        return Entry(key, {}, error_row(job, "read", exc))
    info = {"n_pages": doc.n_pages, "n_chars": len(doc.text), "encoding": result.encoding, "flags": list(doc.flags),
            "pages": page_rows(job.doc_id, doc.pages)}  # what the tables need, cached apart from the doc
    return Entry(key, {"doc": doc, "documents": info})


WARM_UP_TEXT = "壹、目的\n本次赴日本東京參加國際會議。\n\n貳、過程\n一、行程\n113年3月4日抵達東京。\n"


_warm: set[tuple[str, ...]] = set()  # stage selections this process has loaded


def warm_up(selected: tuple[str, ...]) -> None:
    """Load the selected stages (imports, dictionaries, lexicons) once per process.

    Called before the first stage a process actually runs, outside any time limit,
    so the seconds jieba and spaCy take to load are not charged to whichever
    document a worker happens to receive first; a fully cached rerun never pays it.
    """
    if selected in _warm:
        return
    _warm.add(selected)
    values: dict[str, object] = {"doc": Doc(doc_id="warm-up", text=WARM_UP_TEXT)}
    for stage in STAGES:
        if stage.scope != "document" or stage.name == "read" or stage.name not in selected:
            continue
        fn = stage.load()
        try:
            values.update(as_outputs(stage, fn(**bind(fn, values))))
        except Exception:  # a warm-up failure only costs the time it saves
            return


def process(job: Job) -> JobResult:
    """Run the selected per-document stages for one document, using the cache."""
    confine_caches(job.out)
    try:
        return process_stages(job)
    finally:
        (running_dir(job.out) / f"{os.getpid()}.json").unlink(missing_ok=True)


def process_stages(job: Job) -> JobResult:
    cache = Cache(job.out)
    values: dict[str, object] = {}
    ran: list[str] = []
    reused: list[str] = []
    errors: list[ErrorRow] = []
    for stage in STAGES:
        if stage.scope != "document" or stage.name not in job.stages:
            continue
        key = STAGE_KEYS[stage.name]
        if not job.reprocess and cache.has(stage.name, job.doc_id, key):
            reused.append(stage.name)
            continue
        if stage.name != "read" and "doc" not in values and read_failed(job, cache):
            continue  # no text: nothing to run, so no reason to load the stages either
        warm_up(job.stages)
        mark_running(job, stage.name)
        if stage.name == "read":
            entry = run_read(job)
        else:
            entry = run_stage(stage, job, cache, values)
            if entry is None:
                continue
        cache.put(stage.name, job.doc_id, entry)
        values.update(entry.outputs)
        ran.append(stage.name)
        if entry.error:
            errors.append(entry.error)
    return JobResult(job.doc_id, tuple(ran), tuple(reused), tuple(errors))


def read_failed(job: Job, cache: Cache) -> bool:
    """True when the read stage gave this document no text (an empty or broken file)."""
    entry = cache.get("read", job.doc_id, STAGE_KEYS["read"], bulky=False)
    return entry is not None and "documents" not in entry.outputs  # never read: the stage reports it


def cached_result(job: Job) -> JobResult | None:
    """The job's result when every selected stage is cached or has no text to work on: no worker needed."""
    if job.reprocess:
        return None
    cache = Cache(job.out)
    reused = []
    for stage in STAGES:
        if stage.scope != "document" or stage.name not in job.stages:
            continue
        if cache.has(stage.name, job.doc_id, STAGE_KEYS[stage.name]):
            reused.append(stage.name)
        elif stage.name == "read" or not read_failed(job, cache):
            return None
    return JobResult(job.doc_id, (), tuple(reused), ())


def upstream_values(stage: Stage, job: Job, cache: Cache, values: dict[str, object]) -> dict[str, object] | None:
    """Load what ``stage`` requires; None when the document has no text to work on."""
    producers = {t: s for s in STAGES if s.scope == "document" for t in s.produces}
    for name in stage.requires:
        if name in values:
            continue
        source = producers[name]
        entry = cache.get(source.name, job.doc_id, STAGE_KEYS[source.name])
        if entry is None:
            raise ExtractionError(
                "missing_upstream",
                f"the {source.name} stage has no results for this document; run `pipeline run --stage all` first",
            )
        values.update(entry.outputs)
        if name not in values:  # the upstream stage failed on this document
            if name == "doc":
                return None
            values[name] = []
    return values


def run_stage(stage: Stage, job: Job, cache: Cache, values: dict[str, object]) -> Entry | None:
    key = STAGE_KEYS[stage.name]
    try:
        inputs = upstream_values(stage, job, cache, values)
        if inputs is None:
            return None
        fn = stage.load()
        with time_limit(job.timeout, stage.name):
            return Entry(key, as_outputs(stage, fn(**bind(fn, inputs))))
    except Exception as exc:
        if job.fail_fast:
            raise
        return Entry(key, {}, error_row(job, stage.name, exc))


def check_folders(raw: Path, out: Path) -> None:
    if not raw.is_dir():
        raise RunRefused(f"--raw {raw} is not a readable folder")
    raw_r, out_r = raw.resolve(), out.resolve()
    if out_r == raw_r or out_r.is_relative_to(raw_r):
        raise RunRefused(f"--out {out} is inside --raw {raw}; choose an output folder outside the inputs")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise RunRefused(f"--out {out} is not writable: {exc.strerror or exc}") from exc


def select_stages(stage: str) -> tuple[str, ...]:
    if stage == "all":
        return tuple(s.name for s in STAGES)
    return (stage_named(stage).name,)


def run(
    raw: Path,
    out: Path,
    *,
    stage: str = "all",
    workers: int | None = None,
    reprocess: bool = False,
    fail_fast: bool = False,
    executor: str = "local",
    timeout: float = DEFAULT_TIMEOUT,
    progress: Progress | None = None,
) -> RunSummary:
    """Run ``stage`` (or all stages) over every input in ``raw``; write tables to ``out``."""
    started = time.perf_counter()
    selected = select_stages(stage)
    check_folders(raw, out)
    with RunLock(out):
        inputs = scan_inputs(raw)
        summary = RunSummary(out=out, n_inputs=len(inputs))
        jobs = unique_jobs(inputs, selected, out, reprocess, fail_fast, timeout)
        notify = progress or (lambda event, done, total: None)
        shutil.rmtree(running_dir(out), ignore_errors=True)  # markers left by a killed run
        watchdog = StuckWorkers(out, hard_limit(timeout), STAGE_KEYS) if executor == "local" and timeout else None
        cached = [result for result in map(cached_result, jobs) if result]  # a rerun starts no worker for these
        done = {result.doc_id for result in cached}
        todo = [job for job in jobs if job.doc_id not in done]
        results = chain(cached, execute(process, todo, executor=executor, workers=workers, watchdog=watchdog,
                                        key=lambda j: j.doc_id) if todo else ())
        for done, result in enumerate(results, 1):
            summary.n_extracted += len(result.ran)
            summary.n_reused += len(result.reused)
            notify("extracted" if result.ran else "reused", done, len(jobs))
        fingerprint = outputs_fingerprint(inputs)
        if summary.n_extracted or not reuse_outputs(out, fingerprint, summary):
            confine_caches(out)  # the corpus stages run in this process
            assemble_and_write(inputs, out, selected, reprocess, fail_fast, summary)
            write_atomic(fingerprint_path(out), lambda tmp: tmp.write_text(fingerprint))
    summary.seconds = time.perf_counter() - started
    return summary


def fingerprint_path(out: Path) -> Path:
    return out / STATE_DIR / "outputs.sha256"


def outputs_fingerprint(inputs: list[InputFile]) -> str:
    """What the tables are a function of: the inputs' paths and bytes, the stage and schema versions."""
    digest = hashlib.sha256()
    digest.update(json.dumps([SCHEMA_VERSION, __version__, STAGE_KEYS]).encode())
    for item in inputs:
        digest.update(json.dumps([item.rel, item.doc_id, item.skip_reason]).encode())
    return digest.hexdigest()


def reuse_outputs(out: Path, fingerprint: str, summary: RunSummary) -> bool:
    """When nothing was extracted and the inputs are the ones the tables were made from,
    the tables on disk are already the answer: keep them (identical by construction)."""
    try:
        if fingerprint_path(out).read_text() != fingerprint:
            return False
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not all((out / f"{name}.parquet").exists() for name in TABLES):
        return False
    summary.tables = dict(manifest["tables"])
    summary.by_status = {k: v for k, v in manifest["inputs"].items() if k != "total" and v}
    errors = pq.ParquetFile(out / "errors.parquet").read()  # no pyarrow.dataset import: stays fast
    summary.errors = [ErrorRow(**row) for row in errors.to_pylist()]
    return True


def unique_jobs(inputs: list[InputFile], selected, out: Path, reprocess: bool, fail_fast: bool, timeout: float) -> list[Job]:
    jobs: dict[str, Job] = {}
    for item in inputs:
        if item.skip_reason or item.doc_id in jobs:
            continue
        jobs[item.doc_id] = Job(item.path, item.rel, item.doc_id, item.source_format or "", selected, out, reprocess, fail_fast, timeout)
    return list(jobs.values())


ASSEMBLY_BATCH = 256  # documents whose cached rows are turned into Arrow at a time


def page_rows(doc_id: str, pages) -> list[PageRow]:
    return [PageRow(doc_id, p.number, p.char_start, p.char_end, p.n_chars, p.cid_share, p.fake_bold) for p in pages]


def cached_entries(cache: Cache, doc_id: str) -> dict[str, Entry]:
    """Every cached per-document result of one document, by stage, read once each.

    The read stage's entry comes without the document itself: its info and page rows
    are all the tables need (an older cache entry without page rows is read whole once).
    """
    entries: dict[str, Entry] = {}
    for stage in STAGES:
        if stage.scope != "document":
            continue
        key = STAGE_KEYS[stage.name]
        entry = cache.get(stage.name, doc_id, key, bulky=False)
        if entry is None:
            continue
        info = entry.outputs.get("documents")
        if stage.name == "read" and isinstance(info, dict) and "pages" not in info:
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
    if item.skip_reason:
        return replace(base, status="skipped", error=item.skip_reason, error_code="unsupported"), []
    doc_errors = []
    for name, entry in entries.items():
        if name == "read" and entry.error is None:
            info = entry.outputs["documents"]
            base = replace(
                base, n_pages=info["n_pages"], n_chars=info["n_chars"], encoding=info["encoding"],
                flags=info.get("flags") or None,
            )
        if entry.error is not None:
            doc_errors.append(replace(entry.error, source_path=item.rel))
    if not doc_errors:
        return base, []
    first = doc_errors[0]
    status = "failed" if first.stage == "read" else "partial"
    return replace(base, status=status, error=first.message, error_code=first.code), doc_errors


def corpus_stages() -> list[Stage]:
    """The corpus stages, each streaming its one per-document input table (see ``Assembly``)."""
    found = [s for s in STAGES if s.scope == "corpus"]
    inputs = [s.requires for s in found]
    if any(len(r) != 1 for r in inputs) or len({r[0] for r in inputs}) != len(inputs):
        raise ValueError("each corpus stage must read exactly one table, and no two the same one")
    return found


class Assembly:
    """The tables, streamed from the cache into Parquet one batch of documents at a time.

    Rows come in the order of ``--raw`` (documents: every input; other tables: each
    distinct document once, at its first path), stage by stage within a document.
    Memory holds one batch of rows, a row group per table and what the corpus stage keeps.

    The corpus stage (resolve) sees its input table (mentions) twice without holding it:
    in the main pass each batch goes to its ``stream`` object (``add(rows) -> tokens``)
    and to a temp Parquet file; after ``resolve()``, that file is read back in batches,
    ``entity_ids(tokens, doc_ids)`` fills the table's entity_id, and ``rows()`` gives its
    other tables. When the stage fails, the table keeps its rows without entity_id and
    the failure is an error row, as for a per-document stage.
    """

    def __init__(self, out: Path, work: Path, fail_fast: bool):
        self.out, self.work, self.fail_fast = out, work, fail_fast
        self.cache = Cache(out)
        self.writers: dict[str, TableWriter] = {}
        for name in TABLES:
            self.writers[name] = TableWriter(out / f"{name}.parquet", name, work)
        self.corpus = corpus_stages()
        self.streams: dict[str, object] = {}  # corpus stage -> its stream object (None: it failed)
        self.tokens: dict[str, array] = {}
        self.held: dict[str, TableWriter] = {}  # corpus input table -> its rows before the corpus stage
        self.stage_errors: list[ErrorRow] = []
        for stage in self.corpus:
            (table,) = stage.requires
            self.held[table] = TableWriter(work / f"{table}.unresolved.parquet", table, work)
            self.tokens[stage.name] = array("q")
            self.streams[stage.name] = self.attempt(stage, lambda s: s.load_stream()(), stage)
        self.documents: list[tuple[str, str, str]] = []  # for the manifest: (doc_id, source_path, status)
        self.errors: list[ErrorRow] = []

    def attempt(self, stage: Stage, call: Callable[..., object], *args: object) -> object:
        """``call(*args)``, or None and an error row when the corpus stage crashes."""
        try:
            return call(*args)
        except Exception as exc:
            if self.fail_fast:
                raise
            self.stage_errors.append(ErrorRow(
                doc_id="", stage=stage.name, code="stage_crashed",
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
                entries = cached_entries(self.cache, item.doc_id)
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
        read = entries.get("read")
        if read is not None and read.error is None:
            self.writers["pages"].add(read.outputs["documents"]["pages"])
        for stage in STAGES:
            entry = entries.get(stage.name)
            if stage.scope != "document" or stage.name == "read" or entry is None:
                continue
            for table in stage.produces:
                rows = entry.outputs.get(table, [])
                (self.held.get(table) or self.writers[table]).add(rows)
                for corpus in self.corpus:
                    stream = self.streams[corpus.name]
                    if corpus.requires[0] == table and stream is not None and rows:
                        tokens = self.attempt(corpus, stream.add, rows)  # type: ignore[attr-defined]
                        if tokens is None:
                            self.streams[corpus.name] = None
                        else:
                            self.tokens[corpus.name].extend(tokens)

    def flush(self) -> None:
        for writer in (*self.writers.values(), *self.held.values()):
            writer.flush()

    def finish(self) -> None:
        """Run the corpus stages over what they were given; fill and complete their tables."""
        for stage in self.corpus:
            (table,) = stage.requires
            held = self.held.pop(table).close()
            stream = self.streams[stage.name]
            if stream is None or self.attempt(stage, self.resolve, stream, stage, held) is None:
                for name in stage.produces:  # the stage failed: no rows of its own
                    self.writers[name].abort()
                    self.writers[name] = TableWriter(self.out / f"{name}.parquet", name, self.work)
                self.copy(held, self.writers[table], None)  # its input table as it came, entity_id empty
            held.unlink(missing_ok=True)
            self.streams[stage.name] = None  # what it kept goes before the commit and DuckDB
        self.errors.extend(self.stage_errors)
        self.writers["errors"].add(self.errors)

    def resolve(self, stream, stage: Stage, held: Path) -> bool:
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
    def copy(held: Path, writer: TableWriter, fill) -> None:
        """The held rows into ``writer``, batch by batch, entity_id filled by ``fill``."""
        column = writer.schema.get_field_index("entity_id")
        position = 0
        for batch in pq.ParquetFile(held).iter_batches(batch_size=1 << 14):
            if fill is not None:
                stream, tokens = fill
                n = batch.num_rows
                ids = stream.entity_ids(tokens[position:position + n], batch.column("doc_id").to_pylist())
                position += n
                batch = batch.set_column(column, writer.schema.field(column), pa.array(ids, pa.string()))
            writer.add_arrow(batch)

    def commit(self, summary: RunSummary) -> None:
        for name in TABLES:
            summary.tables[name] = self.writers[name].commit()

    def abort(self) -> None:
        for writer in (*self.writers.values(), *self.held.values()):
            writer.abort()


def assemble_and_write(inputs, out: Path, selected, reprocess, fail_fast, summary: RunSummary) -> None:
    work = out / STATE_DIR / "assembly"
    shutil.rmtree(work, ignore_errors=True)  # temp files of a run that was killed
    fingerprint_path(out).unlink(missing_ok=True)  # the tables are about to change
    assembly = Assembly(out, work, fail_fast)
    try:
        assembly.run(inputs)
        assembly.finish()
        assembly.commit(summary)
    finally:
        assembly.abort()  # nothing left to drop after a commit
        shutil.rmtree(work, ignore_errors=True)
    documents = assembly.documents
    summary.errors = assembly.errors
    for _doc_id, _path, status in documents:
        summary.by_status[status] = summary.by_status.get(status, 0) + 1
    write_json(out / "manifest.json", manifest(documents, summary))
    write_db(out)


def manifest(documents: list[tuple[str, str, str]], summary: RunSummary) -> dict:
    statuses = ("ok", "partial", "failed", "skipped")
    return {
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": __version__,
        "stages": {s.name: s.version for s in STAGES},
        "inputs": {"total": len(documents), **{s: summary.by_status.get(s, 0) for s in statuses}},
        "tables": dict(summary.tables),
        "documents": [
            {"doc_id": doc_id, "source_path": path, "status": status} for doc_id, path, status in documents
        ],
    }
