"""Where things are, and which engine builds the marts.

One environment variable for each location, read by the functions below (never at import). A run reads
them once, at its boundary (the CLI, or `build_resources` when Dagster loads the code location), into a
frozen `Settings` that is passed down; nothing below the boundary reads or writes the environment for
them. dbt gets them from `Settings.dbt_vars()` (as --vars, which dbt_project/profiles.yml reads).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
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
SERVING_ENV = "MINZHENG_SERVING"
# DuckDB's own default is 80 % of RAM for each database instance; the warehouse opens two at a time
# (Dagster's ingestion connection and dbt's), so each is capped and spills to disk beyond the cap.
# The same variable is read by dbt_project/profiles.yml.
DEFAULT_DUCKDB_MEMORY = "2GB"

# the engines dbt can build the warehouse on; each is an output (target) of dbt_project/profiles.yml
ENGINES = ("duckdb", "spark")

DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "minzheng.duckdb"
DEFAULT_LANDING = PROJECT_ROOT / "landing"

# Every step that writes the working warehouse (ingestion, dbt, quality checks, publishing) runs in
# this Dagster concurrency pool, limited to 1: runs sharing one DuckDB file are serialised.
WAREHOUSE_POOL = "minzheng_warehouse"

# Process-wide defaults of the libraries we drive, set (if unset) once at the boundary by
# apply_process_defaults: GX's usage statistics off; dbt tests run in the step that builds the last of
# their parents (dagster-dbt reads DBT_INDIRECT_SELECTION from the process and overrides it per subset).
PROCESS_DEFAULTS = {"GX_ANALYTICS_ENABLED": "false", "DBT_INDIRECT_SELECTION": "buildable"}


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




def serving_path(warehouse: Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The serving copy BI tools open read-only (MINZHENG_SERVING, default <warehouse dir>/serving/<name>),
    of the process environment or of `environ`."""
    value = (os.environ if environ is None else environ).get(SERVING_ENV)
    if value:
        return Path(value).expanduser().resolve()
    w = warehouse or warehouse_path()
    return w.parent / "serving" / w.name


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know about where it works, resolved once at the boundary."""

    warehouse: Path
    landing: Path
    lake: Path
    spark_dir: Path
    serving: Path
    engine: str
    dbt_target: str
    duckdb_memory_limit: str

    @classmethod
    def from_env(cls, *, warehouse: str | Path | None = None, landing: str | Path | None = None,
                 serving: str | Path | None = None) -> Settings:
        """The settings of the process environment, with the CLI's explicit arguments taking precedence.

        The lake, Spark and serving locations default beside the (possibly overridden) warehouse."""
        wh = Path(warehouse).expanduser().resolve() if warehouse else warehouse_path()
        return cls(
            warehouse=wh,
            landing=Path(landing).expanduser().resolve() if landing else landing_dir(),
            lake=lake_dir(wh),
            spark_dir=spark_dir(wh),
            serving=Path(serving).expanduser().resolve() if serving else serving_path(wh),
            engine=engine(),
            dbt_target=dbt_target(),
            duckdb_memory_limit=duckdb_memory_limit(),
        )

    def with_warehouse(self, warehouse: str | Path) -> Settings:
        """The same settings for another warehouse file (its lake, Spark and serving folders beside it
        unless their variables name them)."""
        wh = Path(warehouse).expanduser().resolve()
        return replace(self, warehouse=wh, lake=lake_dir(wh), spark_dir=spark_dir(wh), serving=serving_path(wh))

    @property
    def work_dir(self) -> Path:
        return work_dir(self.warehouse)

    def dbt_vars(self) -> dict[str, str]:
        """dbt's view of these settings: the variables dbt_project/profiles.yml and macros/cross_db read
        (each falls back to its environment variable when dbt runs by hand). The one place they are mapped."""
        return {
            "minzheng_warehouse": str(self.warehouse),
            "minzheng_duckdb_memory_limit": self.duckdb_memory_limit,
            "minzheng_lake": str(self.lake),
            "minzheng_spark_dir": str(self.spark_dir),
        }


def apply_process_defaults(environ: Mapping[str, str] | None = None,
                           defaults: Mapping[str, str] | None = None) -> None:
    """The one write to the process environment: PROCESS_DEFAULTS (and a console script's own `defaults`,
    e.g. minzheng-mf's dbt variables), where unset. Called at the boundary only."""
    env = os.environ if environ is None else environ
    for name, value in {**PROCESS_DEFAULTS, **(defaults or {})}.items():
        if name not in env:
            env[name] = value  # type: ignore[index]
