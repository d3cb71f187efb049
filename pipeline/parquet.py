"""Records -> Arrow tables with explicit schemas, atomic Parquet writes, manifest.json.

The schema of every table is derived from its row dataclass in
``extractors/records.py``; pandas never infers a type here.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
import types
import typing
from datetime import date
from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from extractors.records import TABLES

SCHEMA_VERSION = 1

_SCALARS: dict[Any, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    date: pa.date32(),
}
_NARROW = {"int8": pa.int8(), "int16": pa.int16(), "int32": pa.int32(), "int64": pa.int64()}


def arrow_type(hint: Any, meta: dict) -> pa.DataType:
    """The Arrow type of one dataclass field (``X | None`` is X, nullable)."""
    if "arrow" in meta:
        return _NARROW[meta["arrow"]]
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return arrow_type(inner, meta)
    if origin is list:
        (item,) = typing.get_args(hint)
        return pa.list_(arrow_type(item, {}))
    return _SCALARS[hint]


def schema_for(row_type: type) -> pa.Schema:
    """The Arrow schema of a row dataclass."""
    hints = typing.get_type_hints(row_type)
    fields = []
    for f in dataclasses.fields(row_type):
        meta = dict(f.metadata)
        fields.append(pa.field(f.name, arrow_type(hints[f.name], meta), nullable=meta.get("nullable", True)))
    return pa.schema(fields)


SCHEMAS: dict[str, pa.Schema] = {name: schema_for(cls) for name, cls in TABLES.items()}


def to_table(name: str, rows: Iterable[object]) -> pa.Table:
    """Rows of one contract table -> an Arrow table with the table's schema."""
    schema = SCHEMAS[name]
    columns: dict[str, list] = {f.name: [] for f in schema}
    for row in rows:
        for key in columns:
            columns[key].append(getattr(row, key))
    table = pa.table(columns, schema=schema)
    for f in schema:
        if not f.nullable and table.column(f.name).null_count:
            raise ValueError(f"{name}.{f.name} is required but {table.column(f.name).null_count} rows have no value")
    return table


def write_atomic(path: Path, write: typing.Callable[[Path], None]) -> None:
    """Write through a temp file in the same folder, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_table(out: Path, name: str, rows: Iterable[object]) -> int:
    """Write ``<out>/<name>.parquet`` atomically; returns the row count."""
    table = to_table(name, rows)
    write_atomic(out / f"{name}.parquet", lambda tmp: pq.write_table(table, tmp, compression="zstd"))
    return table.num_rows


def write_json(path: Path, payload: dict) -> None:
    text = json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def read_table(out: Path, name: str) -> pa.Table | None:
    """A table written by a run (file or folder of parts), or None."""
    for candidate in (out / f"{name}.parquet", out / name):
        if candidate.exists():
            return pq.read_table(candidate)
    return None
