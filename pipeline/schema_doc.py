"""The data dictionary, generated from the record types so it cannot drift."""

from __future__ import annotations

import dataclasses

import pyarrow as pa

from extractors.core.records import TABLES
from pipeline.parquet import SCHEMA_VERSION, SCHEMAS


def type_phrase(field: pa.Field) -> str:
    text = "list<string>" if pa.types.is_list(field.type) else str(field.type)
    text = {"date32[day]": "date32"}.get(text, text)
    return text if field.nullable else f"{text}, not null"


def schema_markdown() -> str:
    """Every table and column with its Arrow type and meaning, as markdown."""
    lines = [f"# tripmine tables (schema_version {SCHEMA_VERSION})", ""]
    for name, row_type in TABLES.items():
        doc = (row_type.__doc__ or "").strip().splitlines()[0] if row_type.__doc__ else ""
        lines += [f"### {name}" + (f" — {doc}" if doc and not doc.startswith(row_type.__name__) else ""), ""]
        lines += ["| column | type | meaning |", "|---|---|---|"]
        meanings = {f.name: f.metadata.get("doc", "") for f in dataclasses.fields(row_type)}
        for field in SCHEMAS[name]:
            lines.append(f"| {field.name} | {type_phrase(field)} | {meanings[field.name]} |")
        lines.append("")
    return "\n".join(lines)
