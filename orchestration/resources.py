"""Resources: the warehouse (DuckDB), the landing folder, the pseudonym key, dbt, and the run's settings.

`build_resources(settings)` is the boundary of a Dagster process: when no Settings are given it reads
them from the environment once (orchestration/settings.py) and every resource is configured from them.
"""

from __future__ import annotations

import contextlib

import dagster as dg
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource

from orchestration import settings as settings_module
from orchestration.ingest.pseudonymise import pseudonym_key
from orchestration.settings import Settings


class WarehouseResource(DuckDBResource):
    """The working warehouse (a DuckDBResource) whose connections wait out another writer's lock with
    backoff and then fail naming the process that holds the file (orchestration/concurrency.py)."""

    @contextlib.contextmanager
    def get_connection(self):
        from orchestration.concurrency import connect_with_retry

        con = connect_with_retry(self.database, config={"custom_user_agent": "dagster", **self.connection_config},
                                 log=lambda m: dg.get_dagster_logger().warning(m))
        try:
            yield con
        finally:
            con.close()


class LandingResource(dg.ConfigurableResource):
    """The folder delivered files land in (landing/<domain>/<file>)."""

    path: str


class PseudonymResource(dg.ConfigurableResource):
    """Supplies the HMAC key for identity numbers (from MINZHENG_PSEUDONYM_KEY; never logged)."""

    def key(self) -> bytes:
        return pseudonym_key()


class SettingsResource(dg.ConfigurableResource):
    """The run's Settings as a resource: the dbt steps read the engine, the lake and dbt's vars from it."""

    warehouse: str
    landing: str
    lake: str
    spark_dir: str
    serving: str
    engine: str
    dbt_target: str
    duckdb_memory_limit: str

    @classmethod
    def of(cls, s: Settings) -> SettingsResource:
        return cls(warehouse=str(s.warehouse), landing=str(s.landing), lake=str(s.lake), spark_dir=str(s.spark_dir),
                   serving=str(s.serving), engine=s.engine, dbt_target=s.dbt_target,
                   duckdb_memory_limit=s.duckdb_memory_limit)

    def get(self) -> Settings:
        from pathlib import Path

        return Settings(warehouse=Path(self.warehouse), landing=Path(self.landing), lake=Path(self.lake),
                        spark_dir=Path(self.spark_dir), serving=Path(self.serving), engine=self.engine,
                        dbt_target=self.dbt_target, duckdb_memory_limit=self.duckdb_memory_limit)


def build_resources(settings: Settings | None = None) -> dict[str, object]:
    from orchestration.project import dbt_executable, dbt_project

    settings_module.apply_process_defaults()  # where unset (dagster-dbt reads DBT_INDIRECT_SELECTION)
    if settings is None:  # Dagster loading the code location: this is the boundary
        settings = Settings.from_env()
    settings.warehouse.parent.mkdir(parents=True, exist_ok=True)
    return {
        "warehouse": WarehouseResource(database=str(settings.warehouse),
                                       connection_config={"memory_limit": settings.duckdb_memory_limit}),
        "landing": LandingResource(path=str(settings.landing)),
        "pseudonym": PseudonymResource(),
        "settings": SettingsResource.of(settings),
        "dbt": DbtCliResource(
            project_dir=dbt_project(), profiles_dir=str(settings_module.DBT_PROJECT_DIR),
            dbt_executable=dbt_executable(),
            target=settings.dbt_target,  # MINZHENG_ENGINE: duckdb (default) or spark
        ),
    }
