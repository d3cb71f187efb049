"""Records -> Arrow tables with explicit schemas, atomic Parquet writes, manifest.json.

The schema of every table is derived from its row dataclass in
``extractors/records.py``; pandas never infers a type here.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import threading
import types
import typing
from datetime import date
from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from extractors.core.records import TABLES
from pipeline.files import SCHEMA_VERSION, write_atomic  # noqa: F401 (re-exported)

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


def write_table(out: Path, name: str, rows: Iterable[object]) -> int:
    """Write ``<out>/<name>.parquet`` atomically; returns the row count."""
    table = to_table(name, rows)
    write_atomic(out / f"{name}.parquet", lambda tmp: pq.write_table(table, tmp, compression="zstd"))
    return table.num_rows


_WRITERS = itertools.count()  # tells apart two writers of one table in one thread
ROW_GROUP_BYTES = 4 << 20  # Arrow bytes a TableWriter holds before writing them as a row group


class TableWriter:
    """One contract table written as its rows come, never held whole.

    Rows (``add``) are converted to Arrow at each ``flush`` (the runner flushes after
    every batch of documents); about ``row_group_bytes`` of them make one row group of
    a temp file in ``tmp_dir``, which ``commit`` renames onto ``path``. ``abort`` (or
    a crash: the runner clears ``tmp_dir`` at its next start) leaves ``path`` as it was.
    The rows, their order and the schema are those of ``write_table``.
    """

    def __init__(self, path: Path, name: str, tmp_dir: Path, row_group_bytes: int = ROW_GROUP_BYTES):
        self.path, self.name, self.schema = path, name, SCHEMAS[name]
        self.row_group_bytes = row_group_bytes
        tmp_dir.mkdir(parents=True, exist_ok=True)
        # named by process and thread (as write_atomic does) and made by the writer: the umask's
        # permissions, so another analyst can read the tables (mkstemp made them 0600)
        self.tmp = tmp_dir / f".{path.name}.{os.getpid()}.{threading.get_ident()}.{next(_WRITERS)}.tmp"
        self.writer: pq.ParquetWriter | None = pq.ParquetWriter(self.tmp, self.schema, compression="zstd")
        self.rows: list = []
        self.pending: list[pa.Table] = []
        self.n_pending = 0  # bytes
        self.num_rows = 0

    def add(self, rows: Iterable[object]) -> None:
        self.rows.extend(rows)

    def flush(self) -> None:
        """Convert the rows added so far to Arrow (they stay buffered up to a row group)."""
        if self.rows:
            table, self.rows = to_table(self.name, self.rows), []
            self.add_arrow(table)

    def add_arrow(self, data: pa.Table | pa.RecordBatch) -> None:
        """Rows already in Arrow, with this table's schema."""
        if not data.num_rows:
            return
        table = data if isinstance(data, pa.Table) else pa.Table.from_batches([data])
        self.pending.append(table)
        self.n_pending += table.nbytes
        self.num_rows += table.num_rows
        if self.n_pending >= self.row_group_bytes:
            self._write_pending()

    def _write_pending(self) -> None:
        if self.pending:
            table = pa.concat_tables(self.pending)
            self.pending, self.n_pending = [], 0
            self.writer.write_table(table, row_group_size=table.num_rows)  # type: ignore[union-attr]

    def close(self) -> Path:
        """Write what is left and close the temp file; returns it (still uncommitted)."""
        self.flush()
        self._write_pending()
        if self.writer is not None:
            if not self.num_rows:  # one empty row group, as pq.write_table writes for no rows
                self.writer.write_table(self.schema.empty_table())
            self.writer.close()
            self.writer = None
        return self.tmp

    def commit(self) -> int:
        """Close and rename onto ``path``; returns the row count."""
        self.close()
        os.replace(self.tmp, self.path)
        return self.num_rows

    def abort(self) -> None:
        """Drop everything written; ``path`` is left untouched. Safe to call twice."""
        self.rows, self.pending = [], []
        if self.writer is not None:
            try:
                self.writer.close()
            except Exception:  # already broken: the temp file goes anyway
                pass
            self.writer = None
        self.tmp.unlink(missing_ok=True)


def write_json(path: Path, payload: dict) -> None:
    text = json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def read_table(out: Path, name: str) -> pa.Table | None:
    """A table written by a run (file or folder of parts), or None."""
    for candidate in (out / f"{name}.parquet", out / name):
        if candidate.exists():
            return pq.read_table(candidate)
    return None
