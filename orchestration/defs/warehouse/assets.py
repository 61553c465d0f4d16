"""@dbt_assets over the dbt project, partitioned by reporting month, in one op per stage.

The project runs as six dbt invocations, each its own Dagster step:

- ``dbt_conformed``: seeds and the conformed dimensions (dim_region, dim_month, dim_day, dim_program, dim_indicator);
- ``dbt_<domain>`` for each domain (the folders of sources/ with contracts: assistance, eldercare,
  funeral, organization): that domain's staging, intermediate and fact models;
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

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets
from dagster_duckdb import DuckDBResource

from orchestration.concurrency import connect_with_retry
from orchestration.faults import fault_point
from orchestration.ingest.contract import domains
from orchestration.project import dbt_project
from orchestration.defs.warehouse.translator import MinzhengTranslator
from orchestration.partitions import monthly_partitions, single_run
from orchestration.resources import SettingsResource
from orchestration.settings import WAREHOUSE_POOL, Settings
from orchestration.window import Window

# step name -> dbt selection; one step per domain (a folder of sources/ with contracts)
STAGES: dict[str, str] = {
    "dbt_conformed": "resource_type:seed stg_reference__admin_divisions dim_region dim_month dim_day dim_program dim_indicator",
    **{f"dbt_{d}": f"path:models/staging/{d} path:models/intermediate/{d} path:models/marts/{d}" for d in domains()},
    "dbt_indicators": ("path:models/intermediate/indicators fct_indicator_value fct_indicator_value_complete "
                       "path:models/staging/reports path:models/marts/reports"),
    "dbt_official": "path:models/staging/official path:models/marts/official",  # the published forms (defs/official)
}


# the raw tables (by name prefix) each step's models read: exported to the lake before dbt runs on Spark
STAGE_RAW_TABLES: dict[str, tuple[str, ...]] = {
    "dbt_conformed": ("reference__",),
    **{f"dbt_{d}": (f"{d}__",) for d in domains()},
    "dbt_indicators": ("reports__",),
    "dbt_official": ("official__",),
}


def export_lake(step: str, settings: Settings, warehouse: DuckDBResource) -> None:
    """On Spark, the step's raw tables exported to the lake (Parquet) the Spark target reads."""
    from orchestration.ingest.lake import export_raw_tables, raw_tables

    with warehouse.get_connection() as con:
        tables = [t for t in raw_tables(con) if t.startswith(STAGE_RAW_TABLES.get(step, ("",)))]
        export_raw_tables(con, settings.lake, tables)


def dbt_args(settings: Settings, window: Window) -> list[str]:
    """`dbt build` for the window; dbt's profile and macros get the run's settings as vars too.

    dbt's `unit_tests:` test the SQL, not the data: they do not run in a materialization (dbt's own
    advice for production builds) but in the test suite, tests/test_dbt_unit_tests.py."""
    return ["build", "--exclude-resource-type", "unit_test",
            "--vars", json.dumps({**window.dbt_vars(), **settings.dbt_vars()})]


def _stage_assets(name: str, select: str) -> dg.AssetsDefinition:
    project = dbt_project()

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        select=select,
        dagster_dbt_translator=MinzhengTranslator(),
        partitions_def=monthly_partitions,
        backfill_policy=single_run,
        pool=WAREHOUSE_POOL,
        name=name,
    )
    def _dbt(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: DuckDBResource,
             settings: SettingsResource):
        run_settings = settings.get()
        args = dbt_args(run_settings, Window.from_context(context))
        # dbt opens the file itself: wait here (backoff, then a clear error naming the holder) while
        # another process holds the warehouse, instead of letting dbt fail on DuckDB's lock
        connect_with_retry(warehouse.database, log=context.log.warning).close()
        if run_settings.engine == "spark":
            export_lake(name, run_settings, warehouse)
        invocation = dbt.cli(args, context=context)
        fault_point("dbt.started")
        for event in invocation.stream():
            yield event
            if isinstance(event, dg.Output | dg.AssetMaterialization):
                fault_point("dbt.model")

    return _dbt


def warehouse_dbt_assets() -> list[dg.AssetsDefinition]:
    return [_stage_assets(name, select) for name, select in STAGES.items()]
