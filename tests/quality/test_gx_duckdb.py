"""The GX-on-DuckDB patch (orchestration/quality/gx_duckdb.py) is needed, and works.

Each case runs in a fresh interpreter so that the unpatched engine really is unpatched.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

SCRIPT = r"""
import json, sys
patch, db = sys.argv[1] == "patch", sys.argv[2]
import great_expectations as gx
if patch:
    from orchestration.quality import gx_duckdb
    gx_duckdb.apply(); gx_duckdb.apply()  # idempotent
ctx = gx.get_context(mode="ephemeral")
ds = ctx.data_sources.add_sql(name="wh", connection_string="duckdb:///" + db)
batch = ds.add_query_asset(name="q", query="select * from t").add_batch_definition_whole_table("all")
suite = ctx.suites.add(gx.ExpectationSuite(name="s", expectations=[
    gx.expectations.UnexpectedRowsExpectation(unexpected_rows_query="select * from {batch} where v < 0"),
    gx.expectations.ExpectColumnValuesToBeBetween(column="v", min_value=0),
]))
vd = ctx.validation_definitions.add(gx.ValidationDefinition(name="vd", data=batch, suite=suite))
out = []
for r in vd.run().results:
    info = r.exception_info or {}
    msgs = [str(v.get("exception_message")) + " " + str(v.get("exception_traceback"))
            for v in info.values() if isinstance(v, dict) and v.get("raised_exception")]
    if info.get("raised_exception"):
        msgs.append(str(info.get("exception_message")) + " " + str(info.get("exception_traceback")))
    out.append({"type": r.expectation_config.type, "success": r.success,
                "observed": (r.result or {}).get("observed_value"),
                "unexpected": (r.result or {}).get("unexpected_count"), "errors": msgs})
print("RESULT " + json.dumps(out))
"""


def _run(mode: str, db: Path) -> list[dict]:
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false", "TQDM_DISABLE": "1"}
    # a script file, not `python -c`: pyspark (imported by GX) exits silently when __main__ has no __file__
    script = db.parent / "gx_probe.py"
    script.write_text(SCRIPT, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script), mode, str(db)], capture_output=True, text=True, env=env,
                          cwd=Path(__file__).resolve().parents[2], timeout=300)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    assert lines, proc.stderr[-3000:]
    return json.loads(lines[-1][len("RESULT "):])


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gx") / "t.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table t as select i as id, i - 2 as v from range(6) as r(i)")  # v: -2 -1 0 1 2 3
    con.close()
    return path


def test_unpatched_gx_fails_on_duckdb(db):
    results = _run("nopatch", db)
    assert [r["success"] for r in results] == [False, False]
    for r in results:  # the result was read after duckdb-engine closed its connection
        assert any("MetricResolutionError" in m for m in r["errors"]), r
    assert any("list index out of range" in m for r in results for m in r["errors"])


def test_patched_gx_evaluates_on_duckdb(db):
    results = _run("patch", db)
    by_type = {r["type"]: r for r in results}
    rows = by_type["unexpected_rows_expectation"]
    assert rows["errors"] == [] and rows["success"] is False and rows["observed"] == 2
    between = by_type["expect_column_values_to_be_between"]
    assert between["errors"] == [] and between["success"] is False and between["unexpected"] == 2
