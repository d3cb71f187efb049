"""The command line: exit codes, the data dictionary, the DuckDB database."""

from __future__ import annotations

import duckdb
from test_runner import make_raw
from test_schema import contract_columns
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def parse_markdown_tables(text: str) -> dict[str, dict[str, str]]:
    tables: dict[str, dict[str, str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("### "):
            current = line[4:].split()[0]
            tables[current] = {}
        elif current and line.startswith("| ") and not line.startswith("| column"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            tables[current][cells[0]] = cells[1]
    return tables


def test_schema_lists_every_contract_column_with_the_contract_type():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    ours = parse_markdown_tables(result.stdout)
    for table, columns in contract_columns().items():
        for name, phrase in columns.items():
            assert name in ours[table], f"{table}.{name}"
            typed = phrase.split(",")[0].strip()
            if typed in {"string", "int8", "int32", "int64", "date32", "bool", "list<string>"}:
                assert ours[table][name].split(",")[0] == typed, f"{table}.{name}"


def test_unknown_stage_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["run", "--stage", "nope", "--raw", str(tmp_path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "unknown stage" in result.output


def test_unreadable_raw_exits_2_with_a_sentence(tmp_path):
    result = runner.invoke(app, ["run", "--raw", str(tmp_path / "missing"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "not a readable folder" in result.output


def test_out_inside_raw_exits_2(tmp_path):
    raw = make_raw(tmp_path / "raw", n=1)
    result = runner.invoke(app, ["run", "--raw", str(raw), "--out", str(raw / "out")])
    assert result.exit_code == 2
    assert "inside --raw" in result.output


def test_run_then_query_the_trips_view(tmp_path):
    raw = make_raw(tmp_path / "raw", n=2)
    (raw / "notes.xyz").write_text("not a report")
    result = runner.invoke(app, ["run", "--raw", str(raw), "--out", str(tmp_path / "o"), "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    # closed at once: forking a later run's workers while DuckDB's threads live can kill them
    with duckdb.connect(str(tmp_path / "o" / "tripmine.duckdb"), read_only=True) as con:
        rows = con.sql("select source_path from trips order by source_path").fetchall()
        skipped = con.sql("select error from documents where status = 'skipped'").fetchall()
    assert rows == [("report_000.txt",), ("report_001.txt",)]
    assert skipped == [("unsupported file type '.xyz'",)]


def test_show_prints_the_section_tree_and_rejects_unknown_documents(tmp_path):
    raw = make_raw(tmp_path / "raw", n=1)
    out = tmp_path / "o"
    result = runner.invoke(app, ["run", "--raw", str(raw), "--out", str(out), "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["show", "report_000.txt", "--out", str(out)])
    assert shown.exit_code == 0, shown.output
    assert "report_000.txt" in shown.output
    assert "sections" in shown.output and "目的" in shown.output
    missing = runner.invoke(app, ["show", "nope.pdf", "--out", str(out)])
    assert missing.exit_code == 2
    assert "no document matches" in missing.output


def test_show_on_a_seed_lists_its_tree_cover_itinerary_entities_and_pages(sample_out):
    shown = runner.invoke(app, ["show", "002_db59ea7e1ec3d519.pdf", "--out", str(sample_out)])
    assert shown.exit_code == 0, shown.output
    out = shown.output
    assert "report (cover form)" in out and "trip_start" in out
    assert "sections" in out and "<summary>" in out and "<recommendations>" in out
    assert "itinerary (" in out and "mentions (" in out and "dates (" in out
    assert "tables (" in out  # the table regions the table model found
    assert "p.1" in out  # rows point back to their PDF page
