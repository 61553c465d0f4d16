"""The same dbt project on Spark: a reduced sample built on DuckDB and on Spark gives equal marts, row for row.

The DuckDB side is the real pipeline (Dagster: ingestion, dbt build with every data test). The Spark side
reads the same raw tables through the lake (orchestration/ingest/lake.py) and runs the same models with
dbt-spark (method session, local[2]); with the CI budget it runs the project's own generic tests
(tests/generic) and the singular tests on Spark, not the ~500 built-in not_null/accepted_values tests.
Spark's marts are Parquet tables in its warehouse folder and are read back with DuckDB.
"""

import json
import math
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from orchestration import settings

pytestmark = [pytest.mark.spark, pytest.mark.slow]

# months of the reduced sample: every year and every area (allowance standards are delivered in 2021-01); within
# a year the months are consecutive, so the quality gate's no_month_missing_in_year passes on the DuckDB side
MONTHS = {date(2021, 1, 1), date(2021, 2, 1), date(2022, 12, 1), date(2023, 6, 1), date(2024, 12, 1)}
WINDOW = {"min_month": "2021-01-01", "max_month": "2025-01-01"}

MARTS = ["dim_region", "dim_month", "dim_day", "dim_indicator", "dim_program", "fct_assistance", "fct_eldercare", "fct_funeral",
         "fct_organization", "fct_indicator_value", "fct_reported_indicator", "rpt_reconciliation",
         "fct_official_statistic", "rpt_official_checks", "rpt_three_way_reconciliation"]

# the project's own generic tests and the singular tests, run on Spark too
SPARK_TESTS = ["test_name:valid_region_at_month", "test_name:indicator_catalog_is_consistent",
               "test_name:part_sum_equals_total", "test_name:catalog_covers_fact_measures",
               "test_name:rate_equals_components", "test_name:unique_combination_of_columns", "test_type:singular"]


def java_available() -> bool:
    return shutil.which("java") is not None or bool(os.environ.get("JAVA_HOME"))


def dbt(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    exe = str(Path(sys.executable).with_name("dbt"))
    return subprocess.run([exe, *args, "--project-dir", str(settings.DBT_PROJECT_DIR),
                           "--profiles-dir", str(settings.DBT_PROJECT_DIR)],
                          cwd=settings.DBT_PROJECT_DIR, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def both_engines(sample_landing: Path, tmp_path_factory: pytest.TempPathFactory):
    """(duckdb file, Spark marts folder): the reduced sample built on both engines."""
    if not java_available():
        pytest.fail("Java is needed for the Spark target (.ci/run installs openjdk-17-jre-headless)")
    from orchestration.ingest.landing import month_from_name
    from orchestration.ingest.lake import export_raw_tables
    from orchestration.runner import build_window

    root = tmp_path_factory.mktemp("engines")
    landing = root / "landing"
    for f in sample_landing.rglob("*"):
        if f.is_file() and month_from_name(f.name) in MONTHS:
            (landing / f.relative_to(sample_landing)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, landing / f.relative_to(sample_landing))
    # the published tables of tests/official/fixtures/, so the official marts are compared on real rows
    shutil.copytree(Path(__file__).parent / "official" / "fixtures", landing / "official")
    warehouse = root / "warehouse" / "minzheng.duckdb"
    warehouse.parent.mkdir()

    mp = pytest.MonkeyPatch()
    mp.setenv("MINZHENG_WAREHOUSE", str(warehouse))
    mp.setenv("MINZHENG_LANDING", str(landing))
    mp.setenv("MINZHENG_PSEUDONYM_KEY", "test-key")
    mp.setenv(settings.ENGINE_ENV, "duckdb")
    try:
        outcome = build_window(date(2021, 1, 1), date(2024, 12, 1), log_level="WARNING")
        assert outcome.success, outcome.step_failures
        # the quality gate passes (its warnings, e.g. the sample's report-only figures, do not block)
        assert [ev.check_name for ev in outcome.failed_checks if ev.severity.value == "ERROR"] == []
    finally:
        mp.undo()

    lake = settings.lake_dir(warehouse)
    spark_dir = settings.spark_dir(warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        exported = export_raw_tables(con, lake)
    finally:
        con.close()
    assert len(exported) == 15  # 11 extracts, admin divisions, report documents and claims, official statistics
    env = {**os.environ, "MINZHENG_WAREHOUSE": str(warehouse), settings.LAKE_ENV: str(lake),
           settings.SPARK_DIR_ENV: str(spark_dir)}
    select = ["resource_type:seed", "resource_type:model", *SPARK_TESTS]
    run = dbt(["build", "--target", "spark", "--target-path", str(root / "dbt_target"), "--indirect-selection", "empty",
               "--vars", json.dumps(WINDOW), "--select", *select], env)
    assert run.returncode == 0, run.stdout[-6000:]
    return warehouse, spark_dir / "tables" / "marts.db", run.stdout


def spark_rows(con: duckdb.DuckDBPyConnection, table_dir: Path, columns: list[tuple[str, str]]) -> list[tuple]:
    # partitioned tables (the facts by month) keep the partition column in the folder names
    select = ", ".join(f'cast("{c}" as {t}) as "{c}"' for c, t in columns)
    return con.execute(f"select {select} from read_parquet('{table_dir}/**/*.parquet', hive_partitioning = true)").fetchall()


def sort_key(row: tuple, floats: set[int]) -> tuple:
    return tuple((0, "") if v is None else (1, v) for i, v in enumerate(row) if i not in floats)


def same(x, y, is_float: bool) -> bool:
    if not is_float or x is None or y is None:
        return x == y
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)


def test_spark_ran_the_models_and_the_generic_tests(both_engines) -> None:
    _, marts, log = both_engines
    assert sorted(p.name for p in marts.iterdir()) == sorted(MARTS)
    # every custom generic test and the singular tests ran on Spark and passed
    # (several of them carry a name of their own in the YAML)
    for name in ("valid_region_at_month_", "fct_indicator_value_parts_add_up_to_totals",
                 "fct_indicator_value_rates_equal_components", "indicator_catalog_covers_fact_measures",
                 "indicator_catalog_is_consistent_", "unique_combination_of_columns_",
                 "assert_facts_reconcile_with_staging", "assert_facts_cover_raw_months"):
        assert f"PASS {name}" in log, name
    assert "ERROR=0 " in log and "FAIL " not in log
    # the facts are partitioned by month on Spark
    assert (marts / "fct_assistance" / "month=2021-02-01").is_dir()
    assert (marts / "fct_indicator_value" / "period_type=year").is_dir()


@pytest.mark.parametrize("mart", MARTS)
def test_mart_equal_on_both_engines(both_engines, mart: str) -> None:
    warehouse, marts, _ = both_engines
    assert_equal_on_both_engines(warehouse, marts, mart)


def assert_equal_on_both_engines(warehouse: Path, marts: Path, mart: str) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        columns = con.execute(
            "select column_name, data_type from information_schema.columns where table_schema = 'marts' "
            "and table_name = ? order by ordinal_position", [mart]).fetchall()
        floats = {i for i, (_, t) in enumerate(columns) if t in ("DOUBLE", "FLOAT")}
        on_duckdb = sorted(con.execute(f"select * from marts.{mart}").fetchall(), key=lambda r: sort_key(r, floats))
        on_spark = sorted(spark_rows(con, marts / mart, columns), key=lambda r: sort_key(r, floats))
    finally:
        con.close()
    assert len(on_duckdb) > 0
    assert len(on_spark) == len(on_duckdb)
    for a, b in zip(on_duckdb, on_spark):
        for i, (x, y) in enumerate(zip(a, b)):
            assert same(x, y, i in floats), f"{mart}.{columns[i][0]}: duckdb {a} spark {b}"


def test_dagster_runs_a_dbt_step_on_spark(both_engines, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same Dagster graph on Spark: the dbt step exports its raw tables to the lake and runs dbt-spark."""
    import dagster as dg

    from orchestration.runner import build_window

    warehouse, marts, _ = both_engines
    lake_file = settings.lake_dir(warehouse) / "raw" / "reference__admin_divisions.parquet"
    before = lake_file.stat().st_mtime_ns
    monkeypatch.setenv("MINZHENG_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("MINZHENG_PSEUDONYM_KEY", "test-key")
    monkeypatch.setenv(settings.ENGINE_ENV, "spark")
    outcome = build_window(date(2021, 2, 1), date(2021, 2, 1), log_level="WARNING",
                           selection=[dg.AssetKey(["marts", "dim_month"])])
    assert outcome.success, outcome.step_failures
    assert {k.to_user_string() for k in outcome.materialized} == {"marts/dim_month"}
    # dim_month's three dbt tests ran on Spark as its asset checks
    checks = {ev.check_name for ev in outcome.check_evaluations}
    assert len(checks) == 3 and {"not_null_dim_month_month", "unique_dim_month_month"} <= checks, checks
    assert outcome.failed_checks == []
    assert lake_file.stat().st_mtime_ns > before, "the step re-exported its raw tables"
    assert os.environ.get(settings.LAKE_ENV) is None, "the lake location is set for the dbt process only"


def test_window_rerun_on_spark_overwrites_its_partitions(both_engines, tmp_path: Path) -> None:
    """An incremental run of one month on Spark (drop the window's partitions, insert_overwrite) leaves the
    facts and the indicators equal to DuckDB's."""
    warehouse, marts, _ = both_engines
    env = {**os.environ, "MINZHENG_WAREHOUSE": str(warehouse), settings.LAKE_ENV: str(settings.lake_dir(warehouse)),
           settings.SPARK_DIR_ENV: str(settings.spark_dir(warehouse))}
    run = dbt(["run", "--target", "spark", "--target-path", str(tmp_path / "dbt_target"),
               "--vars", json.dumps({"min_month": "2021-02-01", "max_month": "2021-03-01"}),
               "--select", "fct_assistance", "fct_indicator_value"], env)
    assert run.returncode == 0, run.stdout[-6000:]
    compiled = (tmp_path / "dbt_target" / "run" / "minzheng" / "models" / "marts" / "assistance" / "fct_assistance.sql")
    assert "insert overwrite table marts.fct_assistance" in compiled.read_text()
    for mart in ("fct_assistance", "fct_indicator_value"):
        assert_equal_on_both_engines(warehouse, marts, mart)
