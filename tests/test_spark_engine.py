"""The engine setting and the lake, without Spark: the asset graph is the same graph on both engines, and
the lake holds exact Parquet copies of the raw tables."""

from datetime import date, datetime
from decimal import Decimal

import duckdb
import pytest

from orchestration import settings
from orchestration.ingest.lake import export_raw_tables, lake_file


def test_engine_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(settings.ENGINE_ENV, raising=False)
    monkeypatch.delenv("DBT_TARGET", raising=False)
    assert settings.engine() == "duckdb" and settings.dbt_target() == "duckdb"
    monkeypatch.setenv(settings.ENGINE_ENV, " Spark ")
    assert settings.engine() == "spark" and settings.dbt_target() == "spark"
    monkeypatch.setenv("DBT_TARGET", "spark_cluster")
    assert settings.dbt_target() == "spark_cluster"
    monkeypatch.setenv(settings.ENGINE_ENV, "duckdb")
    assert settings.dbt_target() == "duckdb", "DBT_TARGET names a Spark output only"
    monkeypatch.setenv(settings.ENGINE_ENV, "trino")
    with pytest.raises(ValueError, match="MINZHENG_ENGINE='trino': expected one of duckdb, spark"):
        settings.engine()


def test_lake_locations_default_beside_the_warehouse(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.delenv(settings.LAKE_ENV, raising=False)
    monkeypatch.delenv(settings.SPARK_DIR_ENV, raising=False)
    wh = tmp_path / "w" / "minzheng.duckdb"
    assert settings.lake_dir(wh) == tmp_path / "w" / "lake"
    assert settings.spark_dir(wh) == tmp_path / "w" / "spark"
    monkeypatch.setenv(settings.LAKE_ENV, str(tmp_path / "shared"))
    assert settings.lake_dir(wh) == tmp_path / "shared"


def test_export_is_an_exact_copy_and_replaces_the_file(tmp_path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create schema raw")
    con.execute("create table raw.assistance__roster as select 'a''b' as s, 1.5::decimal(18,2) as amount, "
                "date '2021-12-01' as month, timestamp '2021-12-31 23:59:59' as _loaded_at, null::varchar as n")
    con.execute("create table raw.funeral__cemeteries as select 1 as x")
    lake = tmp_path / "lake"
    written = export_raw_tables(con, lake, ["assistance__roster", "missing__table"])
    assert written == [lake_file(lake, "assistance__roster")]
    assert con.execute(f"select * from '{written[0]}'").fetchall() == [
        ("a'b", Decimal("1.50"), date(2021, 12, 1),
         datetime(2021, 12, 31, 23, 59, 59), None)]
    con.execute("insert into raw.assistance__roster select 'c', 2, date '2022-01-01', now()::timestamp, 'x'")
    export_raw_tables(con, lake)
    assert con.execute(f"select count(*) from '{written[0]}'").fetchone()[0] == 2
    assert sorted(p.name for p in (lake / "raw").iterdir()) == ["assistance__roster.parquet", "funeral__cemeteries.parquet"]


def test_asset_graph_is_the_same_on_both_engines(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_asset_graph import graph

    monkeypatch.setenv(settings.ENGINE_ENV, "duckdb")
    on_duckdb = graph()
    monkeypatch.setenv(settings.ENGINE_ENV, "spark")
    on_spark = graph()
    assert on_spark == on_duckdb
    assert "marts/fct_indicator_value" in on_spark and "raw/assistance__roster" in on_spark
