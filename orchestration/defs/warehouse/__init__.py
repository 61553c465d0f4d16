"""The dbt warehouse (dbt_project/) as Dagster assets."""

import dagster as dg

from orchestration.defs.warehouse.assets import warehouse_dbt_assets


def definitions() -> dg.Definitions:
    return dg.Definitions(assets=warehouse_dbt_assets())
