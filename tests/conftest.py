"""Session fixtures: the sample extracts, and a warehouse built from them by the real pipeline."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.pop("DAGSTER_HOME", None)  # ephemeral Dagster instances in tests


@pytest.fixture(scope="session")
def sample_landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from orchestration.samples import generate_samples

    out = tmp_path_factory.mktemp("landing")
    generate_samples(out)
    return out


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory, sample_landing: Path):
    """One Dagster run over every month of the samples (2021-01..2024-12) into a fresh DuckDB file."""
    from orchestration.ingest.landing import months_present
    from orchestration.runner import build_window

    warehouse = tmp_path_factory.mktemp("warehouse") / "minzheng.duckdb"
    mp = pytest.MonkeyPatch()
    mp.setenv("MINZHENG_WAREHOUSE", str(warehouse))
    mp.setenv("MINZHENG_LANDING", str(sample_landing))
    mp.setenv("MINZHENG_PSEUDONYM_KEY", "test-key")
    try:
        months = months_present(sample_landing)
        outcome = build_window(months[0], months[-1], log_level="WARNING")
        assert outcome.success, outcome.step_failures
        yield warehouse, outcome
    finally:
        mp.undo()


@pytest.fixture()
def wh(build):
    con = duckdb.connect(str(build[0]), read_only=True)
    yield con
    con.close()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    row = con.execute(sql, params or []).fetchone()
    return None if row is None else row[0]


