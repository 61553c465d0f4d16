"""Where things are. One environment variable for each location, read when asked, never at import."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SOURCES_DIR = PROJECT_ROOT / "sources"
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"

WAREHOUSE_ENV = "MINZHENG_WAREHOUSE"
LANDING_ENV = "MINZHENG_LANDING"
PSEUDONYM_KEY_ENV = "MINZHENG_PSEUDONYM_KEY"
ENGINE_ENV = "MINZHENG_ENGINE"
LAKE_ENV = "MINZHENG_LAKE"
SPARK_DIR_ENV = "MINZHENG_SPARK_DIR"
DUCKDB_MEMORY_ENV = "MINZHENG_DUCKDB_MEMORY_LIMIT"
# DuckDB's own default is 80 % of RAM for each database instance; the warehouse opens two at a time
# (Dagster's ingestion connection and dbt's), so each is capped and spills to disk beyond the cap.
# The same variable is read by dbt_project/profiles.yml.
DEFAULT_DUCKDB_MEMORY = "2GB"

# the engines dbt can build the warehouse on; each is an output (target) of dbt_project/profiles.yml
ENGINES = ("duckdb", "spark")

DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "minzheng.duckdb"
DEFAULT_LANDING = PROJECT_ROOT / "landing"


def warehouse_path() -> Path:
    """The DuckDB file of the warehouse (MINZHENG_WAREHOUSE, default warehouse/minzheng.duckdb)."""
    return Path(os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE).expanduser().resolve()


def landing_dir() -> Path:
    """The folder the bureaus' files land in (MINZHENG_LANDING, default landing/)."""
    return Path(os.environ.get(LANDING_ENV) or DEFAULT_LANDING).expanduser().resolve()


def work_dir(warehouse: Path | None = None) -> Path:
    """Scratch space beside the warehouse for decoded UTF-8 copies of delivered files."""
    return (warehouse or warehouse_path()).parent / "_work"

def duckdb_memory_limit() -> str:
    """memory_limit of the warehouse's DuckDB connections (MINZHENG_DUCKDB_MEMORY_LIMIT, default 2GB)."""
    return (os.environ.get(DUCKDB_MEMORY_ENV) or DEFAULT_DUCKDB_MEMORY).strip()


def engine() -> str:
    """The engine dbt builds the marts on (MINZHENG_ENGINE: duckdb, the default, or spark).

    It names the dbt target; ingestion writes DuckDB's raw tables either way (on spark they are also
    exported to Parquet in the lake, which the Spark target reads)."""
    value = (os.environ.get(ENGINE_ENV) or "duckdb").strip().lower()
    if value not in ENGINES:
        raise ValueError(f"{ENGINE_ENV}={value!r}: expected one of {', '.join(ENGINES)}")
    return value


def dbt_target() -> str:
    """The output of dbt_project/profiles.yml dbt runs with: the engine's name, or on Spark DBT_TARGET when
    set (another Spark output, e.g. spark_cluster)."""
    name = engine()
    if name == "spark":
        return (os.environ.get("DBT_TARGET") or "").strip() or name
    return name


def lake_dir(warehouse: Path | None = None) -> Path:
    """Parquet copies of the raw tables for the Spark target (MINZHENG_LAKE, default lake/ beside the warehouse).

    On a cluster this is a folder every executor can read (a shared mount)."""
    env = os.environ.get(LAKE_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return (warehouse or warehouse_path()).parent / "lake"


def spark_dir(warehouse: Path | None = None) -> Path:
    """The local Spark warehouse (tables) and its Derby metastore (MINZHENG_SPARK_DIR, default spark/ beside
    the DuckDB file); used by the local `spark` target only."""
    env = os.environ.get(SPARK_DIR_ENV)
    return Path(env).expanduser().resolve() if env else (warehouse or warehouse_path()).parent / "spark"


# Every step that writes the working warehouse (ingestion, dbt, quality checks, publishing) runs in
# this Dagster concurrency pool, limited to 1: runs sharing one DuckDB file are serialised.
WAREHOUSE_POOL = "minzheng_warehouse"

SERVING_ENV = "MINZHENG_SERVING"


def serving_path(warehouse: Path | None = None) -> Path:
    """The serving copy BI tools open read-only (MINZHENG_SERVING, default <warehouse dir>/serving/<name>)."""
    value = os.environ.get(SERVING_ENV)
    if value:
        return Path(value).expanduser().resolve()
    w = warehouse or warehouse_path()
    return w.parent / "serving" / w.name
