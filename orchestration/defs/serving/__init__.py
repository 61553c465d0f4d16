"""Publishing the marts to the serving copy (orchestration/serving.py) at the end of a run."""

import dagster as dg

from orchestration.defs.serving.assets import build_serving_asset


def definitions() -> dg.Definitions:
    return dg.Definitions(assets=[build_serving_asset()])
