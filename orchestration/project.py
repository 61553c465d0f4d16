"""The one cached DbtProject, and the manifest it needs before definitions can load."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject
from dagster_dbt.dbt_project import DagsterDbtProjectPreparer

from orchestration import settings


class _VenvDbtPreparer(DagsterDbtProjectPreparer):
    """`dagster dev`/`dg dev` re-parse the project on start with the venv's dbt, not the one on PATH
    (the stock preparer builds a DbtCliResource with the default executable `dbt`, found on PATH only
    when the venv is activated)."""

    def _prepare_manifest(self, project: DbtProject) -> None:
        from dagster_dbt.core.resource import DbtCliResource

        DbtCliResource(project_dir=project, dbt_executable=dbt_executable()).cli(
            self._prepare_project_cli_args, target_path=project.target_path).wait()

    def _prepare_packages(self, project: DbtProject) -> None:
        from dagster_dbt.core.resource import DbtCliResource

        DbtCliResource(project_dir=project, dbt_executable=dbt_executable()).cli(
            ["deps", "--quiet"], target_path=project.target_path).wait()


@functools.cache
def dbt_project() -> DbtProject:
    project = DbtProject(project_dir=settings.DBT_PROJECT_DIR, profiles_dir=settings.DBT_PROJECT_DIR)
    # project.prepare_if_dev() with the venv's dbt: `dagster dev`/`dg dev` re-parse on start
    _VenvDbtPreparer().prepare_if_dev(project)
    return project


def dbt_executable() -> str:
    """`minzheng-dbt` installed beside this Python (the venv need not be activated): dbt that dies
    with the process that started it (orchestration/dbt_shim.py, procguard)."""
    return str(Path(sys.executable).parent / "minzheng-dbt")


def _newest_source(project_dir: Path) -> float:
    newest = 0.0
    for sub in ("models", "seeds", "macros", "tests", "snapshots"):
        for p in (project_dir / sub).rglob("*"):
            if p.is_file():
                newest = max(newest, p.stat().st_mtime)
    for name in ("dbt_project.yml", "profiles.yml"):
        p = project_dir / name
        if p.exists():
            newest = max(newest, p.stat().st_mtime)
    return newest


def ensure_manifest(run_settings: settings.Settings | None = None, force: bool = False) -> Path:
    """Run `dbt parse` when target/manifest.json is missing or older than the project's files (or when forced)."""
    project_dir = settings.DBT_PROJECT_DIR
    manifest = project_dir / "target" / "manifest.json"
    if not force and manifest.exists() and manifest.stat().st_mtime >= _newest_source(project_dir):
        return manifest
    profile_vars = (run_settings or settings.Settings.from_env()).dbt_vars()
    subprocess.run(
        [dbt_executable(), "parse", "--quiet", "--project-dir", str(project_dir), "--profiles-dir", str(project_dir),
         "--vars", json.dumps(profile_vars)],
        check=True, cwd=project_dir,
    )
    return manifest
