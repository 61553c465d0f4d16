"""Loading the definitions builds every suite's asset checks without importing great_expectations."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from orchestration.quality.suites import load_suites

SCRIPT = """
import json, sys
from orchestration.definitions import build_definitions
defs = build_definitions()
graph = defs.resolve_asset_graph()
checks = {}
for key in graph.asset_check_keys:
    spec = graph.get_check_spec(key)
    checks[key.asset_key.to_user_string() + ":" + key.name] = spec.blocking
print("RESULT " + json.dumps({"gx": any(m.split(".")[0] == "great_expectations" for m in sys.modules),
                              "checks": checks}))
"""


def test_definitions_do_not_import_gx_and_error_checks_block(tmp_path):
    script = tmp_path / "defs_probe.py"  # a file: pyspark exits silently under `python -c`
    script.write_text(SCRIPT, encoding="utf-8")
    env = {**os.environ, "MINZHENG_WAREHOUSE": str(tmp_path / "w" / "minzheng.duckdb")}
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env,
                          cwd=Path(__file__).resolve().parents[2], timeout=600)
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    assert line, proc.stderr[-3000:]
    got = json.loads(line[-1][len("RESULT "):])
    assert got["gx"] is False
    for suite in load_suites():
        for e in suite.expectations:
            assert got["checks"][f"{suite.asset_path}:{e.name}"] is (e.severity == "error"), e.name


def test_suites_are_generated_from_the_catalog():
    by_name = {e.name: e for s in load_suites() for e in s.expectations}
    # one expectation per catalog relation
    assert by_name["part_sum__dibao_persons__urban_rural"].severity == "error"
    assert by_name["part_sum__dibao_persons__household_class"].severity == "warn"
    assert by_name["part_sum__tekun_persons__support_mode"].label_zh == "集中供养特困人员数 + 分散供养特困人员数 = 特困供养人员数"
    assert by_name["part_sum__social_orgs__org_type"].severity == "error"
    assert by_name["rate__grave_remediation_rate"].kind == "rate"
    assert "rate__meal_service_coverage_rate" in by_name
    assert "subset__eldercare_nursing_beds" in by_name
    assert by_name["report_parts__zombie_org_outcomes"].severity == "warn"
    for e in by_name.values():
        assert e.severity in ("error", "warn") and e.label_zh and "{batch}" in e.sql, e.name
