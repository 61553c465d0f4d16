"""The one Definitions object of the code location (`dagster dev -m orchestration.definitions`).

Built lazily: nothing is parsed, read or connected at import time.
"""

import warnings

import dagster as dg

from orchestration.defs import ingest, official, quality, reference, reports, serving, warehouse
from orchestration.project import ensure_manifest
from orchestration.defs.jobs import build_warehouse_job, landing_sensor, monthly_schedule
from orchestration.resources import build_resources
from orchestration.settings import Settings


def build_definitions(settings: Settings | None = None) -> dg.Definitions:
    """The definitions for these settings (None: Dagster loading the code location reads them from
    the environment, in build_resources)."""
    # backfill_policy and pools are marked beta; we rely on them knowingly (docs/architecture.md)
    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    warnings.filterwarnings("ignore", category=dg.PreviewWarning)
    ensure_manifest(settings)
    return dg.Definitions.merge(
        reference.definitions(),
        ingest.definitions(),  # one asset per contract of every domain (the folders of sources/)
        official.definitions(),
        reports.definitions(),
        warehouse.definitions(),
        quality.definitions(),
        serving.definitions(),
        dg.Definitions(
            jobs=[build_warehouse_job],
            schedules=[monthly_schedule],
            sensors=[landing_sensor],
            resources=build_resources(settings),
            # One writer per DuckDB file: steps of a run execute one after another in the run process.
            executor=dg.in_process_executor,
        ),
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions()
