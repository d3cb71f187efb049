"""Compare two output folders table by table: are the Parquet tables equal?

    python benchmarks/compare_outputs.py OLD_OUT NEW_OUT [--rename-stages]

Each of the contract tables must hold the same rows in the same order with the same
values (schemas compared by column names and types). ``errors.stage`` may be mapped
from the old stage names to the new ones with ``--rename-stages``. From manifest.json
only the fields that do not legitimately differ are compared (input counts, table row
counts, documents); stage keys and versions are not. Exit code 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

OLD_STAGE_NAMES = {"read": "documents", "trip": "reports", "entities": "mentions", "resolve": "entities"}


def load(out: Path, name: str, rename: bool) -> pa.Table:
    table = pq.read_table(out / f"{name}.parquet")
    if rename and name == "errors":
        i = table.schema.get_field_index("stage")
        stages = [OLD_STAGE_NAMES.get(s, s) if s is not None else None for s in table.column("stage").to_pylist()]
        table = table.set_column(i, table.schema.field(i), pa.array(stages, pa.string()))
    return table


def compare(old: Path, new: Path, rename: bool = False) -> list[str]:
    """The differences between two output folders, as sentences (empty: equal)."""
    from extractors.core.records import TABLES

    problems: list[str] = []
    for name in TABLES:
        a, b = load(old, name, rename), load(new, name, rename)
        if a.schema.names != b.schema.names or a.schema.types != b.schema.types:
            problems.append(f"{name}: schemas differ: {a.schema} vs {b.schema}")
            continue
        if a.num_rows != b.num_rows:
            problems.append(f"{name}: {a.num_rows} rows vs {b.num_rows}")
            continue
        rows_a, rows_b = a.to_pylist(), b.to_pylist()
        diff = [i for i, (x, y) in enumerate(zip(rows_a, rows_b, strict=True)) if x != y]
        if diff:
            i = diff[0]
            problems.append(f"{name}: {len(diff)} rows differ, first at {i}: {rows_a[i]} vs {rows_b[i]}")
    ma = json.loads((old / "manifest.json").read_text(encoding="utf-8"))
    mb = json.loads((new / "manifest.json").read_text(encoding="utf-8"))
    for field in ("schema_version", "inputs", "tables", "documents"):
        if ma.get(field) != mb.get(field):
            problems.append(f"manifest.json: {field} differs")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--rename-stages", action="store_true", help="map old stage names in errors.stage to new ones")
    args = parser.parse_args()
    problems = compare(args.old, args.new, args.rename_stages)
    for line in problems:
        print(line)
    print("equal" if not problems else f"{len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
