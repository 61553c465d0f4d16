"""The dbt `unit_tests:` (the SQL rules stated in a few rows each) run here, on DuckDB, against a copy of
the built sample warehouse (dbt reads the column types of a unit test's inputs from the relations).

Materializations exclude them (`--exclude-resource-type unit_test` in defs/warehouse/assets.py): they
test the code, not the month's data, so a scheduled run does not pay for them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from orchestration import settings

# every unit test of the project, by name: a new one is added here on purpose
UNIT_TESTS = {
    "dim_region_versions_and_lifespans",
    "int_assistance__roster_monthly_counts",
    "fct_indicator_value_stocks_take_the_last_month_flows_sum",
    "fct_indicator_value_rates_recomputed_from_components",
    "fct_indicator_value_partial_roll_up_is_flagged",
    "rpt_reconciliation_verdicts_and_reasons",
    "int_indicators__coverage_city_level_unit_is_a_reporting_unit",
}


def test_every_dbt_unit_test_passes(build, tmp_path: Path) -> None:
    warehouse = tmp_path / "minzheng.duckdb"
    shutil.copy(build[0], warehouse)
    target = tmp_path / "dbt_target"
    dbt = str(Path(sys.executable).with_name("dbt"))
    run = subprocess.run(
        [dbt, "test", "--select", "test_type:unit", "--target-path", str(target),
         "--project-dir", str(settings.DBT_PROJECT_DIR), "--profiles-dir", str(settings.DBT_PROJECT_DIR),
         "--vars", json.dumps({"minzheng_warehouse": str(warehouse)})],
        cwd=settings.DBT_PROJECT_DIR, capture_output=True, text=True,
    )
    results = json.loads((target / "run_results.json").read_text()) if (target / "run_results.json").exists() else {}
    statuses = {r["unique_id"].split(".")[-1]: r["status"] for r in results.get("results", [])}
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert statuses == {name: "pass" for name in UNIT_TESTS}, statuses
