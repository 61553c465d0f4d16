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
