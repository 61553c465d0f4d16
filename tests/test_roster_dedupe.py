"""stg_assistance__roster keeps one row per person and pay month of a reporting month: when two files of
the month overlap, the row of the latest load, then file, then row wins; rows whose key is delivered once
pass unchanged. A real dbt run on a DuckDB file holding a hand-made raw table."""

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import duckdb

from orchestration import settings
from orchestration.ingest.contract import contracts_for
from orchestration.ingest.load import ensure_tables


def _row(region, person, amount, loaded_at, source_file, row_number, month=date(2021, 12, 1)):
    return {"region_code": region, "household_id": "H-" + person, "person_pseudonym": person,
            "program_zh": "农村低保", "household_size": 1, "amount_yuan": amount, "pay_month": month,
            "_source_file": source_file, "_file_sha256": "0" * 64, "_row_number": row_number,
            "_reporting_month": month, "_loaded_at": loaded_at}


def test_overlapping_files_keep_the_latest_row(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    (roster,) = [c for c in contracts_for("assistance") if c.table == "assistance__roster"]
    con = duckdb.connect(str(warehouse))
    ensure_tables(con, roster)
    early, late = datetime(2022, 1, 5, 8), datetime(2022, 1, 6, 8)
    rows = [
        _row("371324", "p1", 500, early, "assistance/a_202112.csv", 2),
        _row("371324", "p1", 510, late, "assistance/b_202112.csv", 7),    # later load wins
        _row("371324", "p2", 600, late, "assistance/a_202112.csv", 3),
        _row("371324", "p2", 610, late, "assistance/b_202112.csv", 3),    # same load: later file name wins
        _row("371324", "p3", 700, late, "assistance/b_202112.csv", 4),
        _row("371324", "p3", 705, late, "assistance/b_202112.csv", 9),    # same file: later row wins
        _row("371324", "p4", 800, early, "assistance/a_202112.csv", 5),   # once: kept as it is
        _row("371324", "p4", 820, early, "assistance/a_202201.csv", 5, month=date(2022, 1, 1)),  # another month
    ]
    cols = list(rows[0])
    con.executemany(f"insert into raw.assistance__roster ({', '.join(cols)}) values ({', '.join('?' * len(cols))})",
                    [[r[c] for c in cols] for r in rows])
    con.close()

    env = {**os.environ, "MINZHENG_WAREHOUSE": str(warehouse), "DBT_TARGET": "duckdb"}
    run = subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), "run", "--select", "stg_assistance__roster",
         "--project-dir", str(settings.DBT_PROJECT_DIR), "--profiles-dir", str(settings.DBT_PROJECT_DIR),
         "--target-path", str(tmp_path / "target"),
         "--vars", json.dumps({"min_month": "2021-12-01", "max_month": "2022-02-01"})],
        cwd=settings.DBT_PROJECT_DIR, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-4000:]

    con = duckdb.connect(str(warehouse), read_only=True)
    got = con.execute("select pay_month, person_pseudonym, amount_yuan::double, _source_file, _row_number "
                      "from staging.stg_assistance__roster order by all").fetchall()
    con.close()
    assert got == [
        (date(2021, 12, 1), "p1", 510.0, "assistance/b_202112.csv", 7),
        (date(2021, 12, 1), "p2", 610.0, "assistance/b_202112.csv", 3),
        (date(2021, 12, 1), "p3", 705.0, "assistance/b_202112.csv", 9),
        (date(2021, 12, 1), "p4", 800.0, "assistance/a_202112.csv", 5),
        (date(2022, 1, 1), "p4", 820.0, "assistance/a_202201.csv", 5),
    ]
