"""Run the build job in-process for a window of months (used by `minzheng run` and by the tests)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

import dagster as dg

from orchestration.settings import Settings
from orchestration.window import Window


@dataclass
class BuildOutcome:
    result: dg.ExecuteInProcessResult

    @property
    def success(self) -> bool:
        return self.result.success

    def events(self, type_value: str) -> list[dg.DagsterEvent]:
        return [e for e in self.result.all_events if e.event_type_value == type_value]

    @property
    def materialized(self) -> list[dg.AssetKey]:
        return [e.event_specific_data.materialization.asset_key for e in self.events("ASSET_MATERIALIZATION")]

    @property
    def check_evaluations(self) -> list:
        return [e.event_specific_data for e in self.events("ASSET_CHECK_EVALUATION")]

    @property
    def failed_checks(self) -> list:
        return [ev for ev in self.check_evaluations if not ev.passed]

    @property
    def step_failures(self) -> list[tuple[str, str]]:
        return [(e.step_key, e.event_specific_data.error.message.strip()) for e in self.events("STEP_FAILURE")]


def ensure_pool_limit(instance: dg.DagsterInstance) -> int | None:
    """The warehouse pool's limit on a persistent instance: set it to 1 when the instance has none.

    (An ephemeral instance keeps no concurrency slots; the run lock serialises those runs.)"""
    from orchestration.settings import WAREHOUSE_POOL

    storage = instance.event_log_storage
    if not storage.supports_global_concurrency_limits:
        return None
    info = storage.get_concurrency_info(WAREHOUSE_POOL)
    if info.slot_count != 1:
        storage.set_concurrency_slots(WAREHOUSE_POOL, 1)
        info = storage.get_concurrency_info(WAREHOUSE_POOL)
    return info.slot_count


def build_window(start: date, end: date, *, settings: Settings | None = None,
                 instance: dg.DagsterInstance | None = None,
                 log_level: str = "INFO", selection: list[dg.AssetKey] | None = None,
                 wait: float = 0.0, on_wait=None) -> BuildOutcome:
    """Materialize every asset for reporting months start..end (both inclusive) in one run."""
    return build(Window.months(start, end), settings or Settings.from_env(), instance=instance,
                 log_level=log_level, selection=selection, wait=wait, on_wait=on_wait)


def build(window: Window, settings: Settings, *, instance: dg.DagsterInstance | None = None,
          log_level: str = "INFO", selection: list[dg.AssetKey] | None = None,
          wait: float = 0.0, on_wait=None) -> BuildOutcome:
    """Materialize every asset for the window's months in one run, on the warehouse of `settings`.

    Holds the warehouse's run lock (concurrency.run_lock) for the run: another run on the same
    warehouse waits up to `wait` seconds, then fails with WarehouseBusy naming the holder."""
    from orchestration.concurrency import run_lock

    with run_lock(settings.warehouse, wait=wait, on_wait=on_wait, what=f"build {window.describe()}"):
        return _build(window, settings, instance=instance, log_level=log_level, selection=selection)


def _build(window: Window, settings: Settings, *, instance: dg.DagsterInstance | None,
           log_level: str, selection: list[dg.AssetKey] | None) -> BuildOutcome:
    from orchestration.definitions import build_definitions

    defs = build_definitions(settings)
    job = defs.get_job_def("build_warehouse")
    if instance is None:
        instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    ensure_pool_limit(instance)
    result = job.execute_in_process(
        instance=instance,
        tags=window.tags(),
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        raise_on_error=False,
        asset_selection=selection,
    )
    return BuildOutcome(result)
