"""Resources: the warehouse (DuckDB), the landing folder, the pseudonym key, dbt."""

from __future__ import annotations

import contextlib

import dagster as dg
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource

from orchestration import settings
from orchestration.ingest.pseudonymise import pseudonym_key


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


def build_resources() -> dict[str, object]:
    from orchestration.defs.warehouse.project import dbt_executable, dbt_project

    warehouse = settings.warehouse_path()
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    return {
        "warehouse": WarehouseResource(database=str(warehouse),
                                       connection_config={"memory_limit": settings.duckdb_memory_limit()}),
        "landing": LandingResource(path=str(settings.landing_dir())),
        "pseudonym": PseudonymResource(),
        "dbt": DbtCliResource(
            project_dir=dbt_project(), profiles_dir=str(settings.DBT_PROJECT_DIR), dbt_executable=dbt_executable(),
            target=settings.dbt_target(),  # MINZHENG_ENGINE: duckdb (default) or spark
        ),
    }
