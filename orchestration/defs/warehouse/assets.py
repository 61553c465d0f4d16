"""@dbt_assets over the dbt project, partitioned by reporting month, in one op per stage.

The project runs as six dbt invocations, each its own Dagster step:

- ``dbt_conformed``: seeds and the conformed dimensions (dim_region, dim_month, dim_program, dim_indicator);
- ``dbt_<domain>`` for assistance, eldercare, funeral and organization: that domain's staging,
  intermediate and fact models;
- ``dbt_indicators``: the catalog-driven fct_indicator_value and the work-report marts.

A failed or blocked domain therefore stops only its own models and the marts that need every
domain; the other domains' facts are still built. The quality gate's blocking checks on the facts
(defs/quality) sit between a domain's step and ``dbt_indicators``.

A run for a window of months passes it to dbt as --vars {min_month, max_month}; incremental models
rebuild only that window (is_incremental()), dimensions are rebuilt whole (they are small).
Tests run with indirect selection ``buildable``: a test runs in the step that builds the last of
its parents (a fact's relationship to dim_region runs with the fact, not with dim_region).
"""

import json
import os

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets
from dagster_duckdb import DuckDBResource

from orchestration import settings
from orchestration.concurrency import connect_with_retry
from orchestration.faults import fault_point
from orchestration.defs.warehouse.project import dbt_project
from orchestration.defs.warehouse.translator import MinzhengTranslator
from orchestration.partitions import monthly_partitions, single_run

DOMAINS = ("assistance", "eldercare", "funeral", "organization")

# step name -> dbt selection
STAGES: dict[str, str] = {
    "dbt_conformed": "resource_type:seed stg_reference__admin_divisions dim_region dim_month dim_program dim_indicator",
    **{f"dbt_{d}": f"path:models/staging/{d} path:models/intermediate/{d} path:models/marts/{d}" for d in DOMAINS},
    "dbt_indicators": ("path:models/intermediate/indicators fct_indicator_value "
                       "path:models/staging/reports path:models/marts/reports"),
}


def dbt_vars_for(context: dg.AssetExecutionContext) -> dict[str, str]:
    window = context.partition_time_window
    return {"min_month": window.start.date().isoformat(), "max_month": window.end.date().isoformat()}


def _stage_assets(name: str, select: str) -> dg.AssetsDefinition:
    project = dbt_project()

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        select=select,
        dagster_dbt_translator=MinzhengTranslator(),
        partitions_def=monthly_partitions,
        backfill_policy=single_run,
        pool=settings.WAREHOUSE_POOL,
        name=name,
    )
    def _dbt(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: DuckDBResource):
        # profiles.yml reads the same variable the DuckDB resource was built from
        os.environ[settings.WAREHOUSE_ENV] = str(warehouse.database)
        os.environ.setdefault("DBT_INDIRECT_SELECTION", "buildable")
        args = ["build", "--vars", json.dumps(dbt_vars_for(context))]
        # dbt opens the file itself: wait here (backoff, then a clear error naming the holder) while
        # another process holds the warehouse, instead of letting dbt fail on DuckDB's lock
        connect_with_retry(warehouse.database, log=context.log.warning).close()
        invocation = dbt.cli(args, context=context)
        fault_point("dbt.started")
        for event in invocation.stream():
            yield event
            if isinstance(event, dg.Output | dg.AssetMaterialization):
                fault_point("dbt.model")

    return _dbt


def warehouse_dbt_assets() -> list[dg.AssetsDefinition]:
    return [_stage_assets(name, select) for name, select in STAGES.items()]
