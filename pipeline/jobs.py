"""Per-document jobs: the selected per-document stages over one document, using the cache.

One job per distinct document runs in a worker (see ``pipeline.executors``); each
(document, stage) call is wrapped so that an exception becomes an error row and the
run goes on. Results go to the stage cache, from which ``pipeline.assembly`` builds
the tables.
"""

from __future__ import annotations

import inspect
import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping

from extractors.core.doc import Doc
from extractors.core.records import ErrorCode, ErrorRow, ExtractionError, PageRow
from pipeline import stages
from pipeline.cache import Cache, Entry
from pipeline.inputs import InputFile, hash_id, read_regular
from pipeline.limits import StageTimeout, time_limit, worker_memory_limit
from pipeline.readers import read_document, reader_for
from pipeline.stages import READ, Stage
from pipeline.watchdog import confine_caches, mark_running, running_dir

log = logging.getLogger(__name__)


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
    keys: Mapping[str, str] | None = None  # the run's stage cache keys (None: computed here)
    ocr: str = "auto"  # which PDF pages are read by OCR: auto, off, force


@dataclass(frozen=True)
class JobResult:
    doc_id: str
    ran: tuple[str, ...]
    reused: tuple[str, ...]
    errors: tuple[ErrorRow, ...]
    damaged: int = 0  # cache entries found damaged (and made again)


def unique_jobs(inputs: list[InputFile], selected: tuple[str, ...], out: Path, reprocess: bool, fail_fast: bool,
                timeout: float, keys: Mapping[str, str], ocr: str = "auto") -> list[Job]:
    """One job per distinct document (bytes found at two paths are extracted once)."""
    jobs: dict[str, Job] = {}
    for item in inputs:
        if item.skip_reason or item.doc_id in jobs:
            continue
        jobs[item.doc_id] = Job(item.path, item.rel, item.doc_id, item.source_format or "", selected, out,
                                reprocess, fail_fast, timeout, keys, ocr)
    return list(jobs.values())


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


def run_limits(job: Job) -> dict[str, float]:
    """The limits a limit-dependent failure of this job is recorded under (0 = none)."""
    return {"timeout": job.timeout, "memory": float(worker_memory_limit())}


def failed(job: Job, key: str, stage: str, exc: BaseException) -> Entry:
    """The cache entry of a failed (document, stage); a timeout or running out of memory
    records the run's limits, so a run with larger ones tries again; a file that changed or
    could not be opened during the read is tried again by the next run."""
    row = error_row(job, stage, exc)
    limits = None
    if row.code == ErrorCode.TIMEOUT:
        limits = {"timeout": job.timeout}
    elif row.code == ErrorCode.OUT_OF_MEMORY:
        limits = {"memory": float(worker_memory_limit())}
    elif row.code in (ErrorCode.CHANGED, ErrorCode.UNREADABLE):  # about the moment, not the bytes
        limits = {"retry": 0.0}  # stands for no later run
    return Entry(key, {}, row, limits)


def error_row(job: Job, stage: str, exc: BaseException) -> ErrorRow:
    if isinstance(exc, ExtractionError):
        code, message = exc.code, exc.message
    elif isinstance(exc, StageTimeout):
        code, message = ErrorCode.TIMEOUT, str(exc)
    elif isinstance(exc, MemoryError):
        code = ErrorCode.OUT_OF_MEMORY
        message = (f"the {stage} stage needed more memory than a worker may use "
                   f"({worker_memory_limit() >> 20} MiB beyond its start); the file is too large or hostile")
    else:
        code = ErrorCode.STAGE_CRASHED
        message = f"the {stage} stage crashed: {type(exc).__name__}: {exc}".strip()
    return ErrorRow(doc_id=job.doc_id, source_path=job.rel, stage=stage, code=code, message=message)


def page_rows(doc_id: str, pages) -> list[PageRow]:
    return [PageRow(doc_id, p.number, p.char_start, p.char_end, p.n_chars, p.cid_share, p.fake_bold,
                    p.ocr, p.ocr_confidence, p.ocr_low_share) for p in pages]


def run_read(job: Job, key: str) -> Entry:
    try:
        data = read_regular(job.path)
        if hash_id(data) != job.doc_id:  # replaced (or swapped for a symlink) since the scan
            raise ExtractionError(ErrorCode.CHANGED, "the file changed after the run listed it (its bytes no "
                                  "longer match its doc_id); nothing was kept; run again to read the new version")
        with time_limit(job.timeout, READ):
            doc, result = read_document(data, doc_id=job.doc_id, source_path=job.rel, source_format=job.source_format,
                                        ocr=job.ocr)
    except (Exception, StageTimeout) as exc:
        if job.fail_fast:
            raise
        return failed(job, key, READ, exc)
    info = {"n_pages": doc.n_pages, "n_chars": len(doc.text), "encoding": result.encoding, "flags": list(doc.flags),
            "pages": page_rows(job.doc_id, doc.pages)}  # what the tables need, cached apart from the doc
    warning = None
    if result.warning:  # read, but not all of it: the document is partial
        warning = ErrorRow(doc_id=job.doc_id, source_path=job.rel, stage=READ, code=result.warning[0],
                           message=result.warning[1])
    return Entry(key, {"doc": doc, "documents": info}, warning)


WARM_UP_TEXT = "壹、目的\n本次赴日本東京參加國際會議。\n\n貳、過程\n一、行程\n113年3月4日抵達東京。\n"


_warm: set[tuple[str, ...]] = set()  # stage selections and ("reader", format)s this process has loaded


def warm_up(selected: tuple[str, ...], source_format: str) -> None:
    """Load the selected stages (imports, dictionaries, lexicons) once per process, and
    the reader of ``source_format`` once per format.

    Called before the first stage a process actually runs, outside any time limit,
    so the seconds jieba and spaCy (or a reader's libraries) take to load are not
    charged to whichever document a worker happens to receive first; a fully cached
    rerun never pays it.
    """
    if READ in selected and source_format and ("reader", source_format) not in _warm:
        _warm.add(("reader", source_format))
        try:
            reader_for(source_format)
        except Exception:  # the read stage reports it, as an error row
            log.debug("loading the %s reader failed", source_format, exc_info=True)
    if selected in _warm:
        return
    _warm.add(selected)
    values: dict[str, object] = {"doc": Doc(doc_id="warm-up", text=WARM_UP_TEXT)}
    for stage in stages.STAGES:
        if stage.scope != "document" or stage.name == READ or stage.name not in selected:
            continue
        fn = stage.load()
        try:
            values.update(as_outputs(stage, fn(**bind(fn, values))))
        except Exception:  # a warm-up failure only costs the time it saves
            log.debug("warm-up of the %s stage failed", stage.name, exc_info=True)
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
    keys = job.keys if job.keys is not None else stages.stage_keys(stages.STAGES)
    values: dict[str, object] = {}
    ran: list[str] = []
    reused: list[str] = []
    errors: list[ErrorRow] = []
    for stage in stages.STAGES:
        if stage.scope != "document" or stage.name not in job.stages:
            continue
        key = keys[stage.name]
        if not job.reprocess and cache.has(stage.name, job.doc_id, key, run_limits(job)):
            reused.append(stage.name)
            continue
        if stage.name != READ and "doc" not in values and read_failed(job, cache, keys):
            continue  # no text: nothing to run, so no reason to load the stages either
        warm_up(job.stages, job.source_format)
        mark_running(job, stage.name)
        if stage.name == READ:
            entry = run_read(job, key)
        else:
            found = run_stage(stage, job, cache, values, keys)
            if found is None:
                continue
            entry = found
        cache.put(stage.name, job.doc_id, entry)
        values.update(entry.outputs)
        ran.append(stage.name)
        if entry.error:
            errors.append(entry.error)
    return JobResult(job.doc_id, tuple(ran), tuple(reused), tuple(errors), cache.damaged)


def read_failed(job: Job, cache: Cache, keys: Mapping[str, str]) -> bool:
    """True when the read stage gave this document no text (an empty or broken file)."""
    entry = cache.get(READ, job.doc_id, keys[READ], bulky=False)
    return entry is not None and "documents" not in entry.outputs  # never read: the stage reports it


def cached_result(job: Job) -> JobResult | None:
    """The job's result when every selected stage is cached or has no text to work on: no worker needed."""
    if job.reprocess:
        return None
    cache = Cache(job.out)
    keys = job.keys if job.keys is not None else stages.stage_keys(stages.STAGES)
    reused = []
    for stage in stages.STAGES:
        if stage.scope != "document" or stage.name not in job.stages:
            continue
        if cache.has(stage.name, job.doc_id, keys[stage.name], run_limits(job)):
            reused.append(stage.name)
        elif stage.name == READ or not read_failed(job, cache, keys):
            return None
    return JobResult(job.doc_id, (), tuple(reused), ())


def upstream_values(stage: Stage, job: Job, cache: Cache, values: dict[str, object],
                    keys: Mapping[str, str]) -> dict[str, object] | None:
    """Load what ``stage`` requires; None when the document has no text to work on."""
    producers = {t: s for s in stages.STAGES if s.scope == "document" for t in s.produces}
    for name in stage.requires:
        if name in values:
            continue
        source = producers[name]
        entry = cache.get(source.name, job.doc_id, keys[source.name])
        if entry is None:
            raise ExtractionError(
                ErrorCode.MISSING_UPSTREAM,
                f"the {source.name} stage has no results for this document; run `pipeline run --stage all` first",
            )
        values.update(entry.outputs)
        if name not in values:  # the upstream stage failed on this document
            if name == "doc":
                return None
            values[name] = []
    return values


def run_stage(stage: Stage, job: Job, cache: Cache, values: dict[str, object],
              keys: Mapping[str, str]) -> Entry | None:
    key = keys[stage.name]
    try:
        inputs = upstream_values(stage, job, cache, values, keys)
        if inputs is None:
            return None
        fn = stage.load()
        with time_limit(job.timeout, stage.name):
            return Entry(key, as_outputs(stage, fn(**bind(fn, inputs))))
    except (Exception, StageTimeout) as exc:
        if job.fail_fast:
            raise
        return failed(job, key, stage.name, exc)
