"""serving/marts: the marts copied to the serving DuckDB file by an atomic swap.

Downstream of every mart, so it runs only when every mart step succeeded and every blocking check on
them passed (a failed or skipped upstream step skips it): BI tools see the previous checked marts or
the new checked marts, never a half-built state.
"""

import json
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from orchestration import settings
from orchestration.project import dbt_project
from orchestration.partitions import monthly_partitions, single_run


def mart_keys() -> list[dg.AssetKey]:
    """The asset keys of the dbt models in schema marts (the translator keys models [schema, name])."""
    manifest = json.loads(Path(dbt_project().manifest_path).read_text(encoding="utf-8"))
    return sorted(
        (dg.AssetKey(["marts", n["name"]]) for n in manifest["nodes"].values()
         if n.get("resource_type") == "model" and n.get("schema") == "marts"),
        key=lambda k: k.path,
    )


def build_serving_asset() -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(["serving", "marts"]),
        group_name="serving",
        deps=mart_keys(),
        partitions_def=monthly_partitions,
        backfill_policy=single_run,
        kinds={"duckdb"},
        description="The marts published to the serving DuckDB file (MINZHENG_SERVING, default "
                    "<warehouse dir>/serving/<name>) by an atomic swap; BI tools open that copy read-only.",
        pool=settings.WAREHOUSE_POOL,
    )
    def serving_marts(context: dg.AssetExecutionContext, warehouse: DuckDBResource) -> dg.MaterializeResult:
        from orchestration.serving import publish_serving

        serving = settings.serving_path(Path(warehouse.database))
        with warehouse.get_connection() as con:
            counts = publish_serving(con, serving, run_id=context.run_id)
        context.log.info(f"published {len(counts)} marts to {serving}")
        return dg.MaterializeResult(metadata={
            "path": str(serving), "tables": len(counts), "dagster/row_count": sum(counts.values()),
            **{f"rows/{t}": n for t, n in counts.items()},
        })

    return serving_marts
