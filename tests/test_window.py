"""The month window value and the run's settings: every spelling of a window comes from one Window."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from orchestration import settings
from orchestration.quality.suites import render
from orchestration.settings import Settings
from orchestration.window import Window, label, parse_month


def test_run_window_from_partition_tags():
    # moved from tests/quality/test_definitions.py (checks.run_window): same tags, same bounds
    assert Window.from_tags({"dagster/partition": "2021-03-01"}).dbt_vars() == {
        "min_month": "2021-03-01", "max_month": "2021-04-01"}
    assert Window.from_tags({"dagster/asset_partition_range_start": "2021-01-01",
                             "dagster/asset_partition_range_end": "2021-12-01"}).dbt_vars() == {
        "min_month": "2021-01-01", "max_month": "2022-01-01"}
    assert Window.from_tags({}) is None


def test_tags_round_trip_and_december():
    one = Window.months(date(2021, 12, 1))
    assert one.tags() == {"dagster/partition": "2021-12-01"}
    assert (one.start, one.end, one.last) == (date(2021, 12, 1), date(2022, 1, 1), date(2021, 12, 1))
    assert Window.from_tags(one.tags()) == one
    many = Window.months(date(2021, 11, 1), date(2022, 2, 1))
    assert many.tags() == {"dagster/asset_partition_range_start": "2021-11-01",
                           "dagster/asset_partition_range_end": "2022-02-01"}
    assert Window.from_tags(many.tags()) == many
    assert list(many) == [date(2021, 11, 1), date(2021, 12, 1), date(2022, 1, 1), date(2022, 2, 1)]
    assert date(2022, 2, 1) in many and date(2022, 3, 1) not in many


def test_labels_and_sql_bounds():
    # the labels quality.runner.partition_label gave: inclusive months, one month alone, or 'all'
    assert Window.months(date(2021, 1, 1), date(2021, 12, 1)).label() == "2021-01-01..2021-12-01"
    assert Window.months(date(2021, 6, 1)).label() == "2021-06-01"
    assert label(None) == "all"
    w = Window.months(date(2021, 1, 1), date(2021, 12, 1))
    assert w.sql_bounds() == ("date '2021-01-01'", "date '2022-01-01'")
    assert render("m >= {min_month} and m < {max_month}", w) == "m >= date '2021-01-01' and m < date '2022-01-01'"
    assert render("m >= {min_month} and m < {max_month}", None) == "m >= date '1900-01-01' and m < date '2999-01-01'"
    assert w.describe() == "2021-01..2021-12"


def test_parsing_the_cli_and_bench_spellings():
    assert parse_month("2021-03") == parse_month("2021/03") == parse_month("202103") == parse_month("2021-03-15") \
        == date(2021, 3, 1)
    with pytest.raises(ValueError, match="'March': expected a month as YYYY-MM"):
        parse_month("March")
    assert Window.parse("2021-11", "2022-01") == Window(date(2021, 11, 1), date(2022, 2, 1))
    assert Window.span(date(2021, 11, 1), 3) == Window(date(2021, 11, 1), date(2022, 2, 1))
    with pytest.raises(ValueError, match="end must be after start"):
        Window(date(2021, 3, 1), date(2021, 3, 1))
    with pytest.raises(ValueError, match="first days of months"):
        Window(date(2021, 3, 2), date(2021, 4, 1))


def test_settings_are_read_once_and_do_not_follow_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(settings.WAREHOUSE_ENV, str(tmp_path / "a" / "w.duckdb"))
    for name in (settings.LAKE_ENV, settings.SPARK_DIR_ENV, settings.SERVING_ENV, settings.ENGINE_ENV):
        monkeypatch.delenv(name, raising=False)
    s = Settings.from_env(landing=tmp_path / "in")
    assert s.warehouse == tmp_path / "a" / "w.duckdb"
    assert s.landing == tmp_path / "in"
    assert (s.lake, s.spark_dir, s.serving) == (tmp_path / "a" / "lake", tmp_path / "a" / "spark",
                                               tmp_path / "a" / "serving" / "w.duckdb")
    assert s.engine == "duckdb" and s.work_dir == tmp_path / "a" / "_work"
    monkeypatch.setenv(settings.WAREHOUSE_ENV, str(tmp_path / "b" / "w.duckdb"))
    assert s.warehouse == tmp_path / "a" / "w.duckdb", "a Settings value is frozen"
    with pytest.raises(AttributeError):
        s.warehouse = Path("/elsewhere")  # type: ignore[misc]
    # an explicit argument (the CLI's --warehouse) wins over the environment; derived folders follow it
    t = Settings.from_env(warehouse=tmp_path / "c" / "x.duckdb")
    assert (t.warehouse, t.lake) == (tmp_path / "c" / "x.duckdb", tmp_path / "c" / "lake")


def test_dbt_gets_the_settings_as_vars(tmp_path):
    s = Settings(warehouse=tmp_path / "w.duckdb", landing=tmp_path / "in", lake=tmp_path / "lake",
                 spark_dir=tmp_path / "spark", serving=tmp_path / "s.duckdb", engine="duckdb", dbt_target="duckdb",
                 duckdb_memory_limit="1GB")
    assert s.dbt_vars() == {"minzheng_warehouse": str(tmp_path / "w.duckdb"), "minzheng_duckdb_memory_limit": "1GB",
                            "minzheng_lake": str(tmp_path / "lake"), "minzheng_spark_dir": str(tmp_path / "spark")}
    profiles = (settings.DBT_PROJECT_DIR / "profiles.yml").read_text(encoding="utf-8")
    lake_macro = (settings.DBT_PROJECT_DIR / "macros" / "cross_db" / "lake_source.sql").read_text(encoding="utf-8")
    for var in s.dbt_vars():  # every var is read by dbt, so none is dead
        assert f"var('{var}'" in profiles + lake_macro, var
    from orchestration.defs.warehouse.assets import dbt_args

    args = dbt_args(s, Window.months(date(2021, 2, 1)))
    assert args[0] == "build" and args.count("--vars") == 1
    assert json.loads(args[args.index("--vars") + 1]) == {"min_month": "2021-02-01", "max_month": "2021-03-01", **s.dbt_vars()}


def test_no_step_writes_the_process_environment():
    # only settings.apply_process_defaults (called by the CLI and build_resources) may write os.environ
    root = settings.PROJECT_ROOT / "orchestration"
    offenders = []
    for p in root.rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        for n, line in enumerate(text.splitlines(), 1):
            code = line.split("#")[0]
            if ("os.environ[" in code and "=" in code.split("os.environ[", 1)[1]) or "os.environ.setdefault" in code \
                    or "os.environ.update" in code or "os.environ.pop" in code or "putenv" in code:
                offenders.append(f"{p.relative_to(root)}:{n}: {line.strip()}")
    # gx_duckdb (not ours) keeps a defensive default for GX used outside a run
    assert [o for o in offenders if not o.startswith("quality/gx_duckdb.py")] == []
