"""The lake: Parquet copies of DuckDB's raw tables, which the Spark target of dbt reads.

Ingestion stays the one writer of ``raw.*`` in the DuckDB warehouse (with its ledger and quarantine).
When the warehouse is built on Spark (MINZHENG_ENGINE=spark), each dbt step first exports the raw
tables its models read to ``<lake>/raw/<table>.parquet`` (DuckDB ``COPY ... TO``), and dbt's
``source()`` resolves to those files on Spark (dbt_project/macros/cross_db/lake_source.sql).

Each file is written beside its final name and renamed over it (``os.replace``): a reader sees the
old copy or the new one, never half a file. Exporting right before dbt runs means Spark reads exactly
what DuckDB holds at that moment, whichever asset (extract, reference, reports) wrote it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from pathlib import Path

import duckdb

RAW_SCHEMA = "raw"


def lake_file(lake: Path, table: str) -> Path:
    return lake / RAW_SCHEMA / f"{table}.parquet"


def raw_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE' "
        "order by table_name",
        [RAW_SCHEMA],
    ).fetchall()
    return [r[0] for r in rows]


def export_raw_tables(con: duckdb.DuckDBPyConnection, lake: Path, tables: Iterable[str] | None = None) -> list[Path]:
    """Write raw.<table> to <lake>/raw/<table>.parquet for each table (default: every raw table), atomically.

    Tables named but absent from DuckDB are skipped (their file, if any, is left as it is: as on DuckDB,
    a model reading a table that was never loaded fails in dbt, not here)."""
    present = set(raw_tables(con))
    wanted = sorted(present if tables is None else set(tables) & present)
    out_dir = lake / RAW_SCHEMA
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for table in wanted:
        final = lake_file(lake, table)
        tmp = out_dir / f".{table}.{uuid.uuid4().hex}.parquet.tmp"
        try:
            con.execute(
                f"copy (select * from {RAW_SCHEMA}.\"{table}\") to '{_sql_path(tmp)}' "
                "(format parquet, compression zstd)"
            )
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
        written.append(final)
    return written


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
