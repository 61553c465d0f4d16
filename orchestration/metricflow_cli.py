"""`minzheng-mf`: MetricFlow's `mf` on this project's semantic layer, offline and on the serving copy.

    minzheng-mf validate-configs
    minzheng-mf query --metrics dibao_persons,dibao_amount --group-by metric_time__year,region__county_code \
        --where "{{ Dimension('region__county_code') }} = '371324'"

The same as `mf` run inside dbt_project/, except that:

* it never calls the network: `mf` asks PyPI for a newer version of itself on every start
  (update_checker), which a bureau's intranet cannot reach; that check is switched off here;
* dbt's project and profile are this project's (DBT_PROJECT_DIR, DBT_PROFILES_DIR), whatever the
  working directory;
* the DuckDB file it reads is the **serving copy** BI tools read (settings.Settings.serving: beside
  MINZHENG_WAREHOUSE, or MINZHENG_SERVING), opened read-only (profile target ``serving``), so BI
  tools may hold it open too and the pipeline's working warehouse is never touched.

The semantic layer itself is written from the catalog by `minzheng semantic`
(orchestration/semantic.py); `dbt parse` (or any dbt run) writes target/semantic_manifest.json.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The variables `mf` needs, where unset (the process boundary's one write to its environment):
    this project's dbt folder, and the serving copy of the configured warehouse as a read-only target."""
    from orchestration import settings

    env = dict(os.environ if environ is None else environ)
    env.setdefault("DBT_PROJECT_DIR", str(settings.DBT_PROJECT_DIR))
    env.setdefault("DBT_PROFILES_DIR", str(settings.DBT_PROJECT_DIR))
    env.setdefault("DBT_TARGET", "serving")
    warehouse = env.get(settings.WAREHOUSE_ENV)
    env[settings.SERVING_ENV] = str(settings.serving_path(
        Path(warehouse).expanduser().resolve() if warehouse else None, environ=env))
    return env


def _manifest_databases(path: Path) -> set[str]:
    if not path.exists():
        return set()
    data = json.loads(path.read_text(encoding="utf-8"))
    relations = [m["node_relation"] for m in data.get("semantic_models") or []] + \
        [t["node_relation"] for t in (data.get("project_configuration") or {}).get("time_spines") or []]
    return {r.get("database") for r in relations}


def prepare_semantic_manifest(serving: Path) -> Path:
    """target/semantic_manifest.json of the current project files, naming the serving copy's database.

    `mf` reads the relations as dbt last parsed them: the database is the stem of the warehouse file
    of that parse (the serving copy has the warehouse's name). A manifest parsed for another warehouse
    file, or older than the project, is parsed again for this one."""
    from orchestration import settings
    from orchestration.project import ensure_manifest

    target = settings.DBT_PROJECT_DIR / "target" / "semantic_manifest.json"
    run_settings = settings.Settings.from_env()
    ensure_manifest(run_settings, force=_manifest_databases(target) != {serving.stem})
    return target


def main(argv: list[str] | None = None) -> int:
    import update_checker

    update_checker.UpdateChecker.check = lambda self, package_name, package_version: None  # offline
    from orchestration import settings

    settings.apply_process_defaults(defaults=environment())
    prepare_semantic_manifest(Path(os.environ["MINZHENG_SERVING"]))
    from dbt_metricflow.cli.main import cli

    return cli.main(args=sys.argv[1:] if argv is None else argv, prog_name="minzheng-mf", standalone_mode=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
