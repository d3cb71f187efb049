"""`<out>/tripmine.duckdb`: the tables plus analyst views, ready for SQL.

The Parquet files stay the source of truth. The database copies them into
DuckDB tables (so the file still works when the folder is moved or sent to
someone else) and adds views for the questions analysts ask first.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from extractors.core.records import TABLES
from pipeline.cache import STATE_DIR
from pipeline.files import write_atomic

DB_NAME = "tripmine.duckdb"

VIEWS: dict[str, str] = {
    # One row per report: when, where, who went, which events it mentions.
    "trips": """
        SELECT d.doc_id, d.source_path, r.title, r.trip_type, r.organizer,
               r.trip_start, r.trip_end, year(r.trip_start) AS trip_year,
               r.destinations, r.report_date,
               (SELECT list(p.name ORDER BY p.seq) FROM participants p WHERE p.doc_id = d.doc_id) AS participants,
               (SELECT list(DISTINCT coalesce(e.name_zh, e.name_en, e.abbr))
                  FROM mentions m JOIN entities e USING (entity_id)
                 WHERE m.doc_id = d.doc_id AND m.label = 'EVENT') AS events,
               (SELECT count(*) FROM itinerary i WHERE i.doc_id = d.doc_id) AS itinerary_days
          FROM (SELECT DISTINCT doc_id, min(source_path) AS source_path FROM documents
                 WHERE status IN ('ok', 'partial') GROUP BY doc_id) d
          LEFT JOIN reports r USING (doc_id)
         ORDER BY d.source_path
    """,
    # How often each organization is mentioned, per trip year.
    "org_mentions_by_year": """
        SELECT e.entity_id, coalesce(e.name_zh, e.name_en, e.abbr) AS name, e.abbr,
               year(r.trip_start) AS trip_year,
               count(*) AS n_mentions, count(DISTINCT m.doc_id) AS n_docs
          FROM mentions m JOIN entities e USING (entity_id) LEFT JOIN reports r USING (doc_id)
         WHERE m.label = 'ORG'
         GROUP BY ALL
    """,
    # Pairs of entities mentioned in the same section.
    "co_mentions": """
        WITH s AS (SELECT DISTINCT doc_id, section_path, entity_id FROM mentions WHERE entity_id IS NOT NULL),
             pairs AS (
                SELECT a.entity_id AS entity_a, b.entity_id AS entity_b,
                       count(*) AS n_sections, count(DISTINCT a.doc_id) AS n_docs
                  FROM s a JOIN s b
                    ON a.doc_id = b.doc_id AND a.section_path IS NOT DISTINCT FROM b.section_path
                   AND a.entity_id < b.entity_id
                 GROUP BY ALL)
        SELECT p.entity_a, coalesce(ea.name_zh, ea.name_en, ea.abbr) AS name_a, ea.label AS label_a,
               p.entity_b, coalesce(eb.name_zh, eb.name_en, eb.abbr) AS name_b, eb.label AS label_b,
               p.n_sections, p.n_docs
          FROM pairs p
          LEFT JOIN entities ea ON ea.entity_id = p.entity_a
          LEFT JOIN entities eb ON eb.entity_id = p.entity_b
    """,
}


class DatabaseFailed(OSError):
    """The database could not be built completely (the disk filled, DuckDB failed)."""


def literal_path(path: Path) -> str:
    """``path`` for ``read_parquet``, which globs: each glob character is its own bracket class."""
    return re.sub(r"([*?\[])", r"[\1]", str(path))


DB_MEMORY_LIMIT = "32MB"  # DuckDB's buffer while copying the tables in: bounded, not a share of RAM


def write_db(out: Path) -> Path:
    """(Re)build ``<out>/tripmine.duckdb`` from the Parquet tables in ``out``.

    DuckDB reads the Parquet files itself (``CREATE TABLE ... AS SELECT * FROM
    read_parquet``), one thread under a small memory limit, so building the file
    costs the same memory whatever the size of the tables; a copy that does not fit
    (DuckDB says out of memory) is built again without the limit.
    """
    import duckdb

    target = out / DB_NAME
    spill = out / STATE_DIR / "duckdb-tmp"

    def build(tmp: Path, limited: bool) -> None:
        tmp.unlink(missing_ok=True)  # duckdb wants to create the file itself
        con = duckdb.connect(str(tmp))
        try:
            con.execute("SET threads = 1")  # one reader: rows in file order, a bounded buffer
            con.execute("SET temp_directory = ?", [str(spill)])
            if limited:
                con.execute(f"SET memory_limit = '{DB_MEMORY_LIMIT}'")
            for name in TABLES:
                source = out / f"{name}.parquet"
                if source.exists():
                    con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet(?)", [literal_path(source)])
            for name, sql in VIEWS.items():
                con.execute(f"CREATE VIEW {name} AS {sql}")
            con.execute("CHECKPOINT")  # raises when the disk is full; close() would swallow it
        finally:
            con.close()
        wal = wal_of(tmp)
        if wal.exists():  # the tables are still in the write-ahead log, not in the file
            raise DatabaseFailed(f"DuckDB could not finish writing {tmp.name} (is the disk full?)")

    def write(tmp: Path) -> None:
        try:
            build(tmp, limited=True)
        except duckdb.OutOfMemoryException:
            build(tmp, limited=False)

    try:
        write_atomic(target, write)
    except (duckdb.Error, OSError) as exc:
        target.unlink(missing_ok=True)  # no database rather than one that disagrees with the tables
        for leftover in target.parent.glob(f".{DB_NAME}.*.tmp*"):
            leftover.unlink(missing_ok=True)
        raise DatabaseFailed(f"could not build {target}: {exc}; free some space and run again") from exc
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    return target


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + ".wal")
