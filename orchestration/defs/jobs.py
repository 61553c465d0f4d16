"""The build job, the monthly schedule and the landing-folder sensor."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import dagster as dg

from orchestration.ingest.landing import scan
from orchestration.partitions import monthly_partitions
from orchestration.resources import LandingResource

build_warehouse_job = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all(),
    partitions_def=monthly_partitions,
    description="Ingest the landing files of a window of reporting months and rebuild the marts for it.",
)

# Reports are due on the 15th of the following month: on the 16th, build the month just closed.
monthly_schedule = dg.build_schedule_from_partitioned_job(
    build_warehouse_job,
    name="monthly_build",
    day_of_month=16,
    hour_of_day=6,
)


def _fingerprint(stat) -> str:
    return f"{stat.st_size}:{stat.st_mtime_ns}"


@dg.sensor(job=build_warehouse_job, minimum_interval_seconds=60, name="landing_sensor",
           description="Starts a build of a month when files for it appear or change in the landing folder; "
                       "a new or changed work report starts a build of the latest month.")
def landing_sensor(context: dg.SensorEvaluationContext, landing: LandingResource):
    from orchestration.defs.reports.assets import report_files

    seen: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    now: dict[str, str] = {}
    changed_months: dict[str, list[str]] = {}
    changed_reports: list[str] = []
    for r in report_files(Path(landing.path)):
        if r.origin != "landing":
            continue  # the corpus changes with the code, not with deliveries
        fp = _fingerprint(r.path.stat())
        now[r.relpath] = fp
        if seen.get(r.relpath) != fp:
            changed_reports.append(f"{r.relpath}@{fp}")
    for f in scan(Path(landing.path)):
        fp = _fingerprint(f.path.stat())
        now[f.relpath] = fp
        if seen.get(f.relpath) == fp:
            continue
        if f.contract is None or f.month is None:
            context.log.warning(f"{f.relpath}: no contract or no month in the name; it will not be loaded")
            continue
        # monthly partition keys are the month's first day, YYYY-MM-DD
        changed_months.setdefault(f.month.isoformat(), []).append(f"{f.relpath}@{fp}")
    if changed_reports and not changed_months:
        # A report belongs to no month: any run loads the changed reports; build the latest month.
        latest = monthly_partitions.get_last_partition_key()
        if latest is not None:
            changed_months[latest] = changed_reports
    for key in sorted(changed_months):
        digest = hashlib.sha256("\n".join(sorted(changed_months[key])).encode()).hexdigest()[:16]
        yield dg.RunRequest(run_key=f"{key}:{digest}", partition_key=key,
                            tags={"minzheng/trigger": "landing_sensor"})
    context.update_cursor(json.dumps(now, sort_keys=True))
