"""The engineer's front door: `make dagster` (`dg dev`) started as a new user would, without the venv on
PATH, checked through the webserver's GraphQL API; then one month of the sample is run from that API.

The server runs in its own process group, which is killed at the end and waited for until it is gone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import duckdb
import pytest

from tests.servers import free_port, poll, stop_group

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = Path(__file__).parent / "snapshots" / "asset_graph.json"

pytestmark = pytest.mark.slow

LOCATION_QUERY = """
{ workspaceOrError { __typename ... on Workspace { locationEntries {
    name loadStatus
    locationOrLoadError { __typename
      ... on PythonError { message }
      ... on RepositoryLocation { repositories { name schedules { name } sensors { name } } } } } } } }
"""
ASSETS_QUERY = "{ assetNodes { assetKey { path } } }"
LAUNCH = """
mutation($params: ExecutionParams!) { launchRun(executionParams: $params) { __typename
  ... on LaunchRunSuccess { run { runId } }
  ... on PythonError { message }
  ... on RunConfigValidationInvalid { errors { message } }
  ... on InvalidSubsetError { message } } }
"""
RUN_STATUS = "query($id: ID!) { runOrError(runId: $id) { __typename ... on Run { status } } }"
RUN_FAILURES = """
query($id: ID!) { logsForRun(runId: $id) { ... on EventConnection { events { __typename
  ... on ExecutionStepFailureEvent { stepKey error { message } }
  ... on RunFailureEvent { message } } } } }
"""


def _graphql(port: int, query: str, variables: dict | None = None) -> dict:
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        out = json.loads(resp.read())
    assert "errors" not in out, out
    return out["data"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, sample_landing: Path):
    """`make dagster` on a free port, with PATH holding neither the venv nor any dbt."""
    venv_bin = str(Path(sys.executable).parent)
    path = os.pathsep.join(p for p in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep)
                           if p and Path(p).resolve() != Path(venv_bin).resolve() and not (Path(p) / "dbt").exists())
    assert shutil.which("dbt", path=path) is None
    make = shutil.which("make", path=path)
    assert make, "make is needed for `make dagster`"
    tmp = tmp_path_factory.mktemp("dagster_ui")
    port = free_port()
    env = {
        "HOME": os.environ.get("HOME", str(tmp)), "PATH": path, "LANG": "C.UTF-8",
        "MINZHENG_WAREHOUSE": str(tmp / "ui.duckdb"), "MINZHENG_LANDING": str(sample_landing),
        "MINZHENG_PSEUDONYM_KEY": "test-key",
    }
    log = tmp / "dagster.log"
    # -o: the venv is the one under test (make would otherwise reinstall when pyproject is newer)
    cmd = [make, "-C", str(ROOT), "-o", ".venv/.installed", "dagster",
           f"DAGSTER_PORT={port}", f"DAGSTER_HOME_DIR={tmp / 'home'}"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        def loaded():
            entries = _graphql(port, LOCATION_QUERY)["workspaceOrError"]["locationEntries"]
            return entries if entries and all(e["loadStatus"] == "LOADED" for e in entries) else None

        entries = poll("the code location to load", loaded, 600, proc, log, name="`make dagster`")
        yield {"port": port, "entries": entries, "log": log, "proc": proc, "warehouse": tmp / "ui.duckdb"}
    finally:
        stop_group(proc)


def test_make_dagster_loads_the_code_location_without_the_venv_on_path(server) -> None:
    (entry,) = server["entries"]
    assert entry["name"] == "minzheng"
    location = entry["locationOrLoadError"]
    assert location["__typename"] == "RepositoryLocation", location
    (repo,) = location["repositories"]
    assert [s["name"] for s in repo["schedules"]] == ["monthly_build"]
    assert [s["name"] for s in repo["sensors"]] == ["landing_sensor"]

    keys = {"/".join(n["assetKey"]["path"]) for n in _graphql(server["port"], ASSETS_QUERY)["assetNodes"]}
    assert keys == set(json.loads(SNAPSHOT.read_text(encoding="utf-8")))

    text = server["log"].read_text(errors="replace")
    assert "SupersessionWarning" not in text
    assert "Found a dagster instance configuration value" not in text
    assert "was not found on PATH" not in text


def test_a_month_launched_from_the_api_succeeds(server) -> None:
    port = server["port"]
    params = {
        "selector": {"repositoryLocationName": "minzheng", "repositoryName": "__repository__",
                     "jobName": "build_warehouse"},
        "executionMetadata": {"tags": [{"key": "dagster/partition", "value": "2021-12-01"}]},
        "runConfigData": {},
    }
    launched = _graphql(port, LAUNCH, {"params": params})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]

    def finished():
        status = _graphql(port, RUN_STATUS, {"id": run_id})["runOrError"]["status"]
        return status if status in {"SUCCESS", "FAILURE", "CANCELED"} else None

    status = poll(f"run {run_id}", finished, 900, server["proc"], server["log"], name="`make dagster`")
    if status != "SUCCESS":
        events = _graphql(port, RUN_FAILURES, {"id": run_id})["logsForRun"]["events"]
        pytest.fail(f"run {run_id} ended {status}: " + json.dumps([e for e in events if len(e) > 1],
                                                                   ensure_ascii=False)[:4000])
    con = duckdb.connect(str(server["warehouse"]), read_only=True)
    try:
        months = con.execute("select distinct month from marts.fct_assistance").fetchall()
        lanling = con.execute("select sum(persons) from marts.fct_assistance where region_code like '371324%' "
                              "and program_code like 'dibao%'").fetchone()[0]
    finally:
        con.close()
    assert [m[0].isoformat() for m in months] == ["2021-12-01"]
    assert lanling == 32285  # 兰陵 December 2021, as in the full build
