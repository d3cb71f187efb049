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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import pyarrow.parquet as pq

from extractors.doc import Doc
from extractors.records import TABLES, DocumentRow, ErrorRow, ExtractionError, PageRow
from pipeline import __version__
from pipeline.cache import STATE_DIR, Cache, Entry
from pipeline.db import write_db
from pipeline.executors import execute
from pipeline.limits import DEFAULT_TIMEOUT, StageTimeout, time_limit
from pipeline.lock import RunLock
from pipeline.parquet import SCHEMA_VERSION, write_atomic, write_json, write_table
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
    params = inspect.signature(fn).parameters
    return {
        name: values[name]
        for name, p in params.items()
        if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and name in values
    }


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
    info = {"n_pages": doc.n_pages, "n_chars": len(doc.text), "encoding": result.encoding, "flags": list(doc.flags)}
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
        results = execute(process, jobs, executor=executor, workers=workers, watchdog=watchdog, key=lambda j: j.doc_id)
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


Results = dict[str, dict[str, Entry]]  # doc_id -> stage name -> cached entry


def load_results(inputs: list[InputFile], cache: Cache) -> Results:
    """Every cached per-document result, read from disk once for the whole assembly.

    The read stage's entry keeps only what the tables need (its info and page map),
    not the document's full text.
    """
    results: Results = {}
    for item in inputs:
        if item.skip_reason or item.doc_id in results:
            continue
        entries: dict[str, Entry] = {}
        for stage in STAGES:
            if stage.scope != "document":
                continue
            entry = cache.get(stage.name, item.doc_id, STAGE_KEYS[stage.name])
            if entry is None:
                continue
            if stage.name == "read" and "doc" in entry.outputs:
                pages = entry.outputs["doc"].pages
                entry = Entry(entry.key, {"documents": entry.outputs["documents"], "pages": pages}, entry.error)
            entries[stage.name] = entry
        results[item.doc_id] = entries
    return results


def document_rows(inputs: list[InputFile], results: Results) -> tuple[list[DocumentRow], list[ErrorRow]]:
    rows: list[DocumentRow] = []
    errors: list[ErrorRow] = []
    seen: set[str] = set()
    for item in inputs:
        base = DocumentRow(
            doc_id=item.doc_id, source_path=item.rel, source_format=item.source_format, n_bytes=item.n_bytes
        )
        if item.skip_reason:
            rows.append(replace(base, status="skipped", error=item.skip_reason, error_code="unsupported"))
            continue
        doc_errors = []
        for name, entry in results[item.doc_id].items():
            if name == "read" and entry.error is None:
                info = entry.outputs["documents"]
                base = replace(
                    base, n_pages=info["n_pages"], n_chars=info["n_chars"], encoding=info["encoding"],
                    flags=info.get("flags") or None,
                )
            if entry.error is not None:
                doc_errors.append(replace(entry.error, source_path=item.rel))
        if item.doc_id not in seen:
            errors.extend(doc_errors)
            seen.add(item.doc_id)
        if not doc_errors:
            rows.append(base)
            continue
        first = doc_errors[0]
        status = "failed" if first.stage == "read" else "partial"
        rows.append(replace(base, status=status, error=first.message, error_code=first.code))
    return rows, errors


def page_rows(order: list[str], results: Results) -> list[PageRow]:
    rows: list[PageRow] = []
    for doc_id in order:
        read = results[doc_id].get("read")
        for p in read.outputs.get("pages", ()) if read else ():
            rows.append(PageRow(doc_id, p.number, p.char_start, p.char_end, p.n_chars, p.cid_share, p.fake_bold))
    return rows


def assemble_and_write(inputs, out: Path, selected, reprocess, fail_fast, summary: RunSummary) -> None:
    results = load_results(inputs, Cache(out))
    documents, errors = document_rows(inputs, results)
    order = list(dict.fromkeys(r.doc_id for r in documents if r.status != "skipped"))
    tables: dict[str, list] = {name: [] for name in TABLES}
    tables["documents"] = documents
    tables["pages"] = page_rows(order, results)
    for stage in STAGES:
        if stage.scope != "document" or stage.name == "read":
            continue
        for doc_id in order:
            entry = results[doc_id].get(stage.name)
            if entry is not None:
                for table in stage.produces:
                    tables[table].extend(entry.outputs.get(table, []))
    for stage in STAGES:
        if stage.scope == "corpus":  # derived from the assembled tables, so always rebuilt
            fn = stage.load()
            try:
                result = as_outputs(stage, fn(**bind(fn, tables)))
            except Exception as exc:
                if fail_fast:
                    raise
                errors.append(ErrorRow(doc_id="", stage=stage.name, code="stage_crashed", message=f"the {stage.name} stage crashed: {type(exc).__name__}: {exc}"))
                continue
            tables.update(result)
    tables["errors"] = errors
    for name in TABLES:
        summary.tables[name] = write_table(out, name, tables[name])
    summary.errors = errors
    for row in documents:
        summary.by_status[row.status] = summary.by_status.get(row.status, 0) + 1
    write_json(out / "manifest.json", manifest(documents, summary))
    write_db(out)


def manifest(documents: list[DocumentRow], summary: RunSummary) -> dict:
    statuses = ("ok", "partial", "failed", "skipped")
    return {
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": __version__,
        "stages": {s.name: s.version for s in STAGES},
        "inputs": {"total": len(documents), **{s: summary.by_status.get(s, 0) for s in statuses}},
        "tables": dict(summary.tables),
        "documents": [
            {"doc_id": r.doc_id, "source_path": r.source_path, "status": r.status} for r in documents
        ],
    }
