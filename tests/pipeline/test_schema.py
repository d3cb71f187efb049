"""The derived Parquet schemas must match ../shared/CONTRACT.md, so code and contract cannot drift."""

from __future__ import annotations

import re
from datetime import date

import pyarrow as pa
import pytest

from extractors.core.records import TABLES, DocumentRow, SectionRow
from pipeline.parquet import SCHEMAS, to_table
from tests.support.seeds import ROOT, SHARED, require

CONTRACT = SHARED / "CONTRACT.md"
LOCAL_COPY = ROOT / "tests" / "contract" / "CONTRACT.md"


def contract_text() -> str:
    """The shared contract next to the repository, else the repository's copy of it."""
    path = CONTRACT if CONTRACT.exists() else require(LOCAL_COPY, "the output contract (../shared/CONTRACT.md or its copy)")
    return path.read_text(encoding="utf-8")


def contract_columns() -> dict[str, dict[str, str]]:
    """table -> column -> type phrase, parsed from the contract's markdown tables."""
    tables: dict[str, dict[str, str]] = {}
    current = None
    for line in contract_text().splitlines():
        if m := re.match(r"^### (\w+)", line):
            current = m.group(1)
            tables[current] = {}
        elif current and line.startswith("| ") and not line.startswith("| column") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            for name in cells[0].split(","):
                tables[current][name.strip()] = cells[1]
    return tables


def expected_type(phrase: str) -> pa.DataType | None:
    phrase = phrase.split(",")[0].strip()
    return {
        "string": pa.string(),
        "int8": pa.int8(),
        "int32": pa.int32(),
        "int64": pa.int64(),
        "date32": pa.date32(),
        "bool": pa.bool_(),
        "list<string>": pa.list_(pa.string()),
    }.get(phrase)


def test_the_contract_parses_into_every_table():
    assert set(contract_columns()) == set(TABLES) - {"errors", "aliases", "pages"}


@pytest.mark.parametrize("table", sorted(set(TABLES) - {"errors", "aliases", "pages"}))
def test_every_contract_column_exists_with_its_type(table):
    columns = contract_columns()[table]
    schema = SCHEMAS[table]
    for name, phrase in columns.items():
        assert name in schema.names, f"{table}.{name} missing"
        expected = expected_type(phrase)
        if expected is None:  # "see above" or a blank cell: contract gives no type
            expected = pa.string()
        assert schema.field(name).type == expected, f"{table}.{name}: {schema.field(name).type} != {expected}"
        assert schema.field(name).nullable == ("not null" not in phrase), f"{table}.{name} nullability"


def test_rows_round_trip_through_arrow_with_dates_lists_and_small_ints():
    row = SectionRow(doc_id="d", section_path="4.2.1", level=3, marker="（一）", title="t", char_start=0, char_end=9)
    table = to_table("sections", [row])
    assert table.schema.field("level").type == pa.int8()
    assert table.to_pylist()[0]["section_path"] == "4.2.1"
    from extractors.core.records import ReportRow

    rep = ReportRow(doc_id="d", trip_start=date(2018, 4, 9), destinations=["巴基斯坦"])
    back = to_table("reports", [rep]).to_pylist()[0]
    assert back["trip_start"] == date(2018, 4, 9) and back["destinations"] == ["巴基斯坦"]


def test_required_columns_reject_nulls():
    with pytest.raises((pa.ArrowInvalid, ValueError)):
        to_table("documents", [DocumentRow(doc_id=None, source_path="x")]).validate(full=True)
