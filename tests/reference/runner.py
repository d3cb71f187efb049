"""The runner's assembly in its former form (tests/pipeline/test_stream_assembly.py).

Before streaming, the runner loaded every cached entry at once (documents included),
built every table as one list of rows, ran the corpus stages over the whole mentions list
(the one that scans documents again over every document at once) and converted each
table to Arrow whole.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from extractors.core.records import TABLES, DocumentRow, ErrorRow, PageRow
from pipeline import runner, stages
from pipeline.cache import Cache, Entry
from pipeline.parquet import to_table


def tables(raw: Path, out: Path) -> dict:
    """The whole-corpus assembly (the runner's before streaming), from the run's cache in ``out``."""
    inputs = runner.scan_inputs(raw)
    cache = Cache(out)
    results: dict[str, dict[str, Entry]] = {}
    for item in inputs:
        if item.skip_reason or item.doc_id in results:
            continue
        results[item.doc_id] = {
            s.name: e for s in stages.STAGES if s.scope == "document"
            for e in [cache.get(s.name, item.doc_id, stages.stage_keys(stages.STAGES)[s.name])] if e is not None
        }
    documents: list[DocumentRow] = []
    errors: list[ErrorRow] = []
    seen: set[str] = set()
    for item in inputs:
        base = DocumentRow(doc_id=item.doc_id, source_path=item.rel, source_format=item.source_format, n_bytes=item.n_bytes)
        if item.skip_reason:
            documents.append(replace(base, status="skipped", error=item.skip_reason, error_code="unsupported"))
            continue
        doc_errors = []
        for name, entry in results[item.doc_id].items():
            if name == "documents" and entry.error is None:
                info = entry.outputs["documents"]
                base = replace(base, n_pages=info["n_pages"], n_chars=info["n_chars"], encoding=info["encoding"],
                               flags=info.get("flags") or None)
            if entry.error is not None:
                doc_errors.append(replace(entry.error, source_path=item.rel))
        if item.doc_id not in seen:
            errors.extend(doc_errors)
            seen.add(item.doc_id)
        if doc_errors:
            first = doc_errors[0]
            base = replace(base, status="failed" if first.stage == "documents" else "partial",
                           error=first.message, error_code=first.code)
        documents.append(base)
    order = list(dict.fromkeys(r.doc_id for r in documents if r.status != "skipped"))
    tables: dict[str, list] = {name: [] for name in TABLES}
    tables["documents"] = documents
    for doc_id in order:
        read = results[doc_id].get("documents")
        doc = read.outputs.get("doc") if read else None
        for p in doc.pages if doc else ():
            tables["pages"].append(PageRow(doc_id, p.number, p.char_start, p.char_end, p.n_chars, p.cid_share, p.fake_bold,
                                                  p.ocr, p.ocr_confidence, p.ocr_low_share))
    for stage in stages.STAGES:
        if stage.scope != "document" or stage.name == "documents":
            continue
        for doc_id in order:
            entry = results[doc_id].get(stage.name)
            if entry is not None:
                for table in stage.produces:
                    tables[table].extend(entry.outputs.get(table, []))
    docs = [entry.outputs["doc"] for doc_id in order
            for entry in [results[doc_id].get("documents")] if entry is not None and "doc" in entry.outputs]
    for stage in stages.STAGES:
        if stage.scope == "corpus":
            fn = stage.load()
            try:
                values = {**tables, "doc": docs} if "doc" in stage.requires else tables  # every document
                tables.update(runner.as_outputs(stage, fn(**runner.bind(fn, values))))
            except Exception as exc:
                errors.append(ErrorRow(doc_id="", stage=stage.name, code="stage_crashed",
                                       message=f"the {stage.name} stage crashed: {type(exc).__name__}: {exc}"))
    tables["errors"] = errors
    return {name: to_table(name, rows) for name, rows in tables.items()}
