"""Runs the stages over a folder of reports: inputs, jobs, assembly, and when to skip work.

``run`` scans ``--raw`` (``pipeline.inputs``), runs one job per distinct document in
the chosen executor (``pipeline.jobs``: per-document stages into the stage cache),
then builds the tables from the cache (``pipeline.assembly``). A rerun extracts only
what the cache lacks, and keeps the tables on disk when nothing they depend on changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import math
import os
import shutil
import time
from itertools import chain
from pathlib import Path
from typing import Callable, Mapping

from extractors.core.records import TABLES, ErrorRow
from pipeline import __version__, stages
from pipeline import jobs as job_runs
from pipeline.cache import STATE_DIR
from pipeline.db import DB_NAME
from pipeline.executors import execute
from pipeline.files import SCHEMA_VERSION, write_atomic
from pipeline.fingerprint import default_lexicon_dir, stage_parts
from pipeline.inputs import InputFile, doc_id_of, scan_inputs
from pipeline.jobs import Job, JobResult, as_outputs, bind, cached_result, process, unique_jobs
from pipeline.limits import DEFAULT_TIMEOUT
from pipeline.lock import RunLock
from pipeline.readers import OCR_MODES
from pipeline.stages import READ
from pipeline.summary import RunSummary
from pipeline.watchdog import StuckWorkers, confine_caches, hard_limit, running_dir

__all__ = [
    "InputFile", "Job", "JobResult", "RunRefused", "RunSummary", "as_outputs", "bind", "doc_id_of",
    "run", "scan_inputs",
]

log = logging.getLogger(__name__)


class RunRefused(Exception):
    """The run itself cannot proceed (bad folders, a lock held by another run)."""


Progress = Callable[[str, int, int], None]  # (event, done, total)


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
    """The stage names ``--stage`` selects (``all``, a stage name or an older alias)."""
    if stage == "all":
        return tuple(s.name for s in stages.STAGES)
    return (stages.stage_named(stage).name,)


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
    ocr: str = "auto",
    curation: Path | None = None,
) -> RunSummary:
    """Run ``stage`` (or all stages) over every input in ``raw``; write tables to ``out``.

    ``ocr`` (auto, off, force) says which PDF pages are read by OCR; a value other than
    the default is part of the read stage's cache key. ``curation``: the analysts' curation
    file (``extractors.entities.curation``); its content is part of the entities stage's
    key, so editing it re-runs resolution only.
    """
    started = time.perf_counter()
    if not math.isfinite(timeout) or timeout < 0:
        raise RunRefused(f"--timeout {timeout} is not a number of seconds; give 0 (no limit) or more")
    selected = select_stages(stage)
    if ocr not in OCR_MODES:
        raise RunRefused(f"unknown --ocr {ocr!r}; choose one of: {', '.join(OCR_MODES)}")
    check_folders(raw, out)
    curation_text = read_curation(curation)
    options = {} if ocr == "auto" else {READ: f"ocr={ocr}"}
    if curation_text is not None:
        options[CURATED] = "curation=" + hashlib.sha256(curation_text.encode("utf-8")).hexdigest()
    keys = stages.stage_keys(stages.STAGES, options or None)
    with RunLock(out):
        inputs = scan_inputs(raw)
        summary = RunSummary(out=out, n_inputs=len(inputs))
        jobs = unique_jobs(inputs, selected, out, reprocess, fail_fast, timeout, keys, ocr)
        notify = progress or (lambda event, done, total: None)
        shutil.rmtree(running_dir(out), ignore_errors=True)  # markers left by a killed run
        watchdog = StuckWorkers(out, hard_limit(timeout), dict(keys), timeout) if executor == "local" and timeout else None
        cached = [result for result in map(cached_result, jobs) if result]  # a rerun starts no worker for these
        done_ids = {result.doc_id for result in cached}
        todo = [job for job in jobs if job.doc_id not in done_ids]
        if todo and executor == "local" and min(len(todo), workers or os.cpu_count() or 1) > 1:
            warm_parent(todo)
        results = chain(cached, execute(process, todo, executor=executor, workers=workers, watchdog=watchdog,
                                        key=lambda j: j.doc_id, idle=load_assembly) if todo else ())
        for done, result in enumerate(results, 1):
            summary.n_extracted += len(result.ran)
            summary.n_reused += len(result.reused)
            summary.n_damaged += result.damaged
            for name in result.ran:
                summary.ran[name] = summary.ran.get(name, 0) + 1
            notify("extracted" if result.ran else "reused", done, len(jobs))
        fingerprint = outputs_fingerprint(inputs, keys)
        if summary.n_extracted or not reuse_outputs(out, fingerprint, summary):
            confine_caches(out)  # the corpus stages run in this process
            fingerprint_path(out).unlink(missing_ok=True)  # the tables are about to change
            from pipeline.assembly import assemble_and_write  # pyarrow: only when the tables change

            assemble_and_write(inputs, out, fail_fast, summary, keys,
                               {CURATED: {"curation": curation_text}} if curation_text is not None else None)
            summary.assembled = True
            errors = json.dumps([dataclasses.asdict(e) for e in summary.errors], ensure_ascii=False)
            write_text(errors_path(out), errors)
            write_text(fingerprint_path(out), fingerprint)
    if summary.n_damaged:
        log.warning("%d damaged cache entries were extracted again", summary.n_damaged)
    summary.seconds = time.perf_counter() - started
    return summary


def warm_parent(todo: list[Job]) -> None:
    """Load the stages (modules, dictionaries, the readers of the formats to read) here, once,
    before the pool forks its workers: each then starts warm instead of loading them itself
    (a second and a half of CPU per worker). With one worker nothing would be saved, and this
    process would only hold the tables longer, so it is left to the worker."""
    for source_format in sorted({job.source_format for job in todo}):
        job_runs.warm_up(todo[0].stages, source_format)


def load_assembly() -> None:
    """Import what builds the tables while the pool's workers extract, so that on a free core
    it is not added to the run's time: pyarrow and DuckDB, and pandas, which pyarrow imports
    the first time it turns a Python list into an array (to check that the list is not a
    pandas object): a second of CPU together."""
    import duckdb  # noqa: F401

    import pipeline.assembly  # noqa: F401

    try:
        import pandas  # noqa: F401
    except ImportError:  # pyarrow does without
        pass


CURATED = "entities"  # the stage the curation file steers


def read_curation(path: Path | None) -> str | None:
    """The curation file's text (None without one); a file that cannot be read refuses the run."""
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RunRefused(f"--curation {path} is not a readable UTF-8 file: {getattr(exc, 'strerror', None) or exc}") from exc


def fingerprint_path(out: Path) -> Path:
    return out / STATE_DIR / "outputs.sha256"


def errors_path(out: Path) -> Path:
    """The errors table's rows as JSON, so a rerun that keeps the tables needs no pyarrow."""
    return out / STATE_DIR / "errors.json"


def write_text(path: Path, text: str) -> None:
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    write_atomic(path, write)


def outputs_fingerprint(inputs: list[InputFile], keys: Mapping[str, str]) -> str:
    """What the tables are a function of: the inputs' paths and bytes, the stage keys,
    the code that assembles the tables, the schema."""
    assembly = stage_parts(("pipeline.assembly",), default_lexicon_dir()).digest()
    digest = hashlib.sha256()
    digest.update(json.dumps([SCHEMA_VERSION, __version__, dict(keys), assembly], sort_keys=True).encode())
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
        errors = json.loads(errors_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # no tables yet, or a damaged manifest: assemble them
        log.debug("the tables in %s are assembled again: %s", out, exc)
        return False
    if not all((out / f"{name}.parquet").exists() for name in TABLES) or not (out / DB_NAME).exists():
        return False
    summary.tables = dict(manifest["tables"])
    summary.by_status = {k: v for k, v in manifest["inputs"].items() if k != "total" and v}
    summary.errors = [ErrorRow(**row) for row in errors]
    return True
