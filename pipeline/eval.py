"""``pipeline eval``: score the tables of a run against the gold annotations.

The rules are those of ``tests/gold/README.md``; the area scorers live in
:mod:`pipeline.eval_areas` and the matching primitives in :mod:`pipeline.eval_match`.

Documents meet gold files by file STEM: the gold ``source`` ``000_x.txt`` scores every
document whose ``source_path`` has the stem ``000_x`` (the .txt seed, its .pdf rendering,
...), except documents with status ``skipped`` (unsupported inputs, not failures). A gold
file that meets no document is scored once against nothing (all misses) under the format
``(none)``, so a report the run lost still costs recall.

Scores add up per document into per-format and overall totals (micro-averaged counts). The
resolution area is the exception: its pairs cross documents, so it is computed again over
the pooled observations of each format and of the whole run.

A table that is missing or unreadable reads as empty: its areas score as all misses.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.eval_areas import (
    ENTITY_LABELS,
    Observation,
    find_observations,
    score_dates,
    score_entities,
    score_itinerary,
    score_participants,
    score_reports,
    score_resolution,
    score_sections,
)
from pipeline.eval_match import Score

__all__ = ["EvalReport", "DocumentScore", "Score", "evaluate", "format_report", "read_gold", "read_table"]

TABLES = ("documents", "reports", "participants", "sections", "itinerary", "mentions", "dates")
REPORT_FIELDS = ("title", "category", "trip_type", "organizer", "contact_name", "contact_phone",
                 "trip_start", "trip_end", "destinations", "report_date", "has_attachment", "summary")
NO_DOCUMENT = "(none)"


@dataclass
class DocumentScore:
    """The scores of one document against its gold file."""

    gold_source: str
    doc_id: str | None
    source_path: str | None
    source_format: str
    areas: dict[str, Score]
    observations: set[Observation] = field(default_factory=set, repr=False)

    def to_dict(self) -> dict:
        return {"gold_source": self.gold_source, "doc_id": self.doc_id, "source_path": self.source_path,
                "source_format": self.source_format,
                "scores": {name: s.to_dict() for name, s in self.areas.items()}}


@dataclass
class EvalReport:
    """Per-area scores: overall, per source format, and per document."""

    overall: dict[str, Score]
    by_format: dict[str, dict[str, Score]]
    documents: list[DocumentScore]
    missing_tables: list[str] = field(default_factory=list)
    unmatched_gold: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, source_format: str | None = None) -> int:
        """Number of scored documents (of one format, or all)."""
        return sum(1 for d in self.documents if source_format in (None, d.source_format))

    def to_dict(self) -> dict:
        return {
            "n_documents": self.count(),
            "overall": {name: s.to_dict() for name, s in self.overall.items()},
            "by_format": {
                fmt: {"n_documents": self.count(fmt), "scores": {name: s.to_dict() for name, s in areas.items()}}
                for fmt, areas in self.by_format.items()
            },
            "documents": [d.to_dict() for d in self.documents],
            "missing_tables": list(self.missing_tables),
            "unmatched_gold": list(self.unmatched_gold),
            "notes": list(self.notes),
        }


# --- reading -------------------------------------------------------------------------------


def read_table(out_dir: Path, name: str) -> list[dict] | None:
    """Rows of ``<name>.parquet`` or of the parts in folder ``<name>/``; None when absent.

    Parts are read one by one and concatenated (schemas unified), so a folder never gets
    hive-partition columns invented from its subfolder names.
    """
    path = Path(out_dir) / f"{name}.parquet"
    folder = Path(out_dir) / name
    if path.is_file():
        return pq.read_table(path).to_pylist()
    if folder.is_dir():
        parts = sorted(p for p in folder.rglob("*.parquet") if p.is_file())
        if not parts:
            return None
        tables = [pq.read_table(p) for p in parts]
        return pa.concat_tables(tables, promote_options="default").to_pylist()
    return None


def read_gold(gold_dir: Path) -> list[dict]:
    """Every gold JSON file of ``gold_dir`` (sorted by file name), each an object with a ``source``."""
    gold = []
    for path in sorted(Path(gold_dir).glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(entry, dict) or not entry.get("source"):
            raise ValueError(f"{path}: a gold file must be a JSON object with a 'source'")
        gold.append(entry)
    return gold


def stem_of(path: str) -> str:
    """The file stem of a path written with / or \\."""
    return PurePosixPath(str(path).replace("\\", "/")).stem


def format_of(row: dict) -> str:
    """A document's source format: its column, else its file extension."""
    fmt = row.get("source_format")
    if fmt:
        return str(fmt).lower()
    suffix = PurePosixPath(str(row.get("source_path") or "").replace("\\", "/")).suffix
    return suffix.lstrip(".").lower() or "unknown"


# --- scoring -------------------------------------------------------------------------------


def evaluate(out_dir: Path, gold_dir: Path) -> EvalReport:
    """Score the Parquet tables in ``out_dir`` against every gold JSON in ``gold_dir``."""
    tables: dict[str, list[dict]] = {}
    missing: list[str] = []
    notes: list[str] = []
    for name in TABLES:
        try:
            rows = read_table(Path(out_dir), name)
        except (OSError, pa.ArrowException) as error:
            rows = None
            notes.append(f"table {name} could not be read ({error}); scored as empty")
        if rows is None:
            missing.append(name)
        tables[name] = rows or []
    by_doc = {name: group_by_doc(rows) for name, rows in tables.items() if name != "documents"}

    documents: list[DocumentScore] = []
    unmatched: list[str] = []
    for gold in read_gold(Path(gold_dir)):
        stem = stem_of(gold["source"])
        matched = [d for d in tables["documents"]
                   if stem_of(d.get("source_path") or "") == stem and d.get("status") != "skipped"]
        if not matched:
            unmatched.append(gold["source"])
            documents.append(score_document(gold, None, {}))
        for row in sorted(matched, key=lambda d: str(d.get("source_path"))):
            rows = {name: grouped.get(row.get("doc_id"), []) for name, grouped in by_doc.items()}
            documents.append(score_document(gold, row, rows))

    overall = add_scores(documents)
    formats = sorted({d.source_format for d in documents})
    by_format = {fmt: add_scores([d for d in documents if d.source_format == fmt]) for fmt in formats}
    return EvalReport(overall, by_format, documents, missing, unmatched, notes)


def group_by_doc(rows: Iterable[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row.get("doc_id"), []).append(row)
    return grouped


def score_document(gold: dict, document: dict | None, rows: dict[str, list[dict]]) -> DocumentScore:
    """All areas of one document (``document`` None: the gold met no document)."""
    doc_id = document.get("doc_id") if document else None
    areas: dict[str, Score] = {}
    fields = score_reports(gold.get("reports"), rows.get("reports", []))
    areas["reports"] = total(fields.values())
    areas.update(fields)
    areas["participants"] = score_participants(gold.get("participants") or [], rows.get("participants", []))
    areas["sections"] = score_sections(gold.get("sections") or [], rows.get("sections", []))
    areas["itinerary"] = score_itinerary(gold.get("itinerary") or [], rows.get("itinerary", []))
    labels = score_entities(gold.get("entities") or [], rows.get("mentions", []))
    areas["entities"] = total(labels.values())
    areas.update(labels)
    areas["dates"] = score_dates(gold.get("dates") or [], rows.get("dates", []))
    doc_key = doc_id or f"{NO_DOCUMENT}:{gold['source']}"
    observations = find_observations(gold.get("entities") or [], rows.get("mentions", []), doc_key)
    areas["resolution"] = score_resolution(observations)
    return DocumentScore(
        gold_source=gold["source"],
        doc_id=doc_id,
        source_path=document.get("source_path") if document else None,
        source_format=format_of(document) if document else NO_DOCUMENT,
        areas=areas,
        observations=observations,
    )


def total(scores: Iterable[Score]) -> Score:
    result = Score()
    for score in scores:
        result.add(score)
    return result


def add_scores(documents: list[DocumentScore]) -> dict[str, Score]:
    """Sum the counts of every area over documents; resolution from the pooled observations."""
    summed: dict[str, Score] = {}
    for document in documents:
        for name, score in document.areas.items():
            summed.setdefault(name, Score()).add(score)
    pooled: set[Observation] = set().union(*(d.observations for d in documents)) if documents else set()
    summed["resolution"] = score_resolution(pooled)
    return {name: summed[name] for name in order_areas(summed)}


def order_areas(names: Iterable[str]) -> list[str]:
    """Areas in reading order: reports and its fields, ..., entities and its labels, dates, resolution."""
    names = set(names)
    head = ["reports"] + [f"reports.{f}" for f in REPORT_FIELDS]
    head += sorted(n for n in names if n.startswith("reports.") and n not in head)
    head += ["participants", "sections", "itinerary", "entities"] + [f"entities.{label}" for label in ENTITY_LABELS]
    head += sorted(n for n in names if n.startswith("entities.") and n not in head)
    head += ["dates", "resolution"]
    return [n for n in head if n in names] + sorted(names - set(head))


# --- text ----------------------------------------------------------------------------------


def format_report(report: EvalReport, *, per_document: bool = False) -> str:
    """A plain text table per scope (overall, then each format): area, P, R, F1, tp, fp, fn.

    Percentages with one decimal, as spaCy prints its per-type scores. Sub-areas
    (``reports.<field>``, ``entities.<LABEL>``) are indented under their area.
    """
    blocks = [format_block(f"Overall ({plural(report.count())})", report.overall)]
    for fmt, areas in report.by_format.items():
        blocks.append(format_block(f"Format {fmt} ({plural(report.count(fmt))})", areas))
    if per_document:
        for d in report.documents:
            name = d.source_path or f"{d.gold_source} (no document)"
            blocks.append(format_block(f"Document {name} [{d.doc_id or '-'}]", d.areas))
    tail = []
    if report.missing_tables:
        tail.append("Missing tables (scored as empty): " + ", ".join(report.missing_tables))
    if report.unmatched_gold:
        tail.append("Gold files with no document: " + ", ".join(report.unmatched_gold))
    tail.extend(report.notes)
    return "\n\n".join(blocks + (["\n".join(tail)] if tail else [])) + "\n"


def format_block(heading: str, areas: dict[str, Score]) -> str:
    lines = [heading, f"{'area':<24}{'P':>7}{'R':>7}{'F1':>7}{'tp':>7}{'fp':>7}{'fn':>7}"]
    for name, s in areas.items():
        label = f"  {name.split('.', 1)[1]}" if "." in name else name
        lines.append(f"{label:<24}{100 * s.precision:>7.1f}{100 * s.recall:>7.1f}{100 * s.f1:>7.1f}"
                     f"{s.tp:>7}{s.fp:>7}{s.fn:>7}")
    return "\n".join(lines)


def plural(n: int) -> str:
    return f"{n} document" + ("" if n == 1 else "s")
