"""The organization domain: one ingestion asset per contract in sources/organization/."""

import dagster as dg

from orchestration.ingest.assets import build_domain_assets


def definitions() -> dg.Definitions:
    return dg.Definitions(assets=build_domain_assets("organization"))
