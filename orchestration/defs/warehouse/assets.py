"""@dbt_assets over the whole dbt project, partitioned by reporting month.

A run for a window of months passes it to dbt as --vars {min_month, max_month}; incremental models
rebuild only that window (is_incremental()), dimensions are rebuilt whole (they are small).
"""

import json
import os

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets
from dagster_duckdb import DuckDBResource

from orchestration import settings
from orchestration.defs.warehouse.project import dbt_project
from orchestration.defs.warehouse.translator import MinzhengTranslator
from orchestration.partitions import monthly_partitions, single_run


def dbt_vars_for(context: dg.AssetExecutionContext) -> dict[str, str]:
    window = context.partition_time_window
    return {"min_month": window.start.date().isoformat(), "max_month": window.end.date().isoformat()}


def warehouse_dbt_assets() -> dg.AssetsDefinition:
    project = dbt_project()

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        dagster_dbt_translator=MinzhengTranslator(),
        partitions_def=monthly_partitions,
        backfill_policy=single_run,
        pool="warehouse",
        name="warehouse_dbt",
    )
    def _dbt(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: DuckDBResource):
        # profiles.yml reads the same variable the DuckDB resource was built from
        os.environ[settings.WAREHOUSE_ENV] = str(warehouse.database)
        args = ["build", "--vars", json.dumps(dbt_vars_for(context))]
        yield from dbt.cli(args, context=context).stream()

    return _dbt
