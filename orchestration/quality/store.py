"""quality.check_results: one row per check per run, appended, never updated."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timezone

DDL = """
create schema if not exists quality;
create table if not exists quality.check_results (
    run_id        varchar   not null,   -- Dagster run id
    checked_at    timestamp not null,   -- UTC
    check_name    varchar   not null,   -- expectation (GX) or dbt test name
    suite         varchar,              -- GX suite (expectations/<suite>.yml) or 'dbt'
    asset         varchar   not null,   -- asset key path, e.g. marts/fct_assistance
    partition     varchar   not null,   -- the run's months, '2021-01-01..2021-12-01', or 'all'
    severity      varchar   not null,   -- error | warn
    status        varchar   not null,   -- pass | fail
    observed      varchar,
    expected      varchar,
    failing_rows  bigint    not null,
    detail        json                  -- up to 20 failing rows with region_code and provenance; label, kind, rule
);
"""

COLUMNS = ("run_id", "checked_at", "check_name", "suite", "asset", "partition", "severity", "status",
           "observed", "expected", "failing_rows", "detail")


def ensure(con) -> None:
    con.execute(DDL)


def append(con, run_id: str, rows: Iterable[dict]) -> int:
    """Append result rows (dicts with COLUMNS but run_id/checked_at) in one statement."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    data = []
    for r in rows:
        detail = r.get("detail")
        data.append((run_id, now, r["check_name"], r.get("suite"), r["asset"], r["partition"], r["severity"],
                     r["status"], r.get("observed"), r.get("expected"), int(r.get("failing_rows") or 0),
                     detail if isinstance(detail, str) or detail is None
                     else json.dumps(detail, ensure_ascii=False, default=str)))
    if not data:
        return 0
    ensure(con)
    con.executemany(f"insert into quality.check_results ({', '.join(COLUMNS)}) values "
                    f"({', '.join('?' for _ in COLUMNS)})", data)
    return len(data)


def outcome_rows(outcomes) -> list[dict]:
    """quality.check_results rows from GX CheckOutcomes."""
    return [{
        "check_name": o.check_name, "suite": o.expectation.suite, "asset": o.asset_path, "partition": o.partition,
        "severity": o.severity, "status": o.status, "observed": o.observed, "expected": o.expected,
        "failing_rows": o.failing_rows, "detail": o.detail(),
    } for o in outcomes]
