"""The clean sample passes every error-severity check; the run records every check; 兰陵's 僵尸型
outcomes (5 + 29 + 35 = 69 against 70 checked) surface as a warning; the auditor report is written."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.quality.suites import load_suites


def _expectations():
    return {(s.asset_path, e.name): e for s in load_suites() for e in s.expectations}


def test_every_check_ran_and_no_error_check_failed(build):
    warehouse, outcome = build
    expected = _expectations()
    evs = {(ev.asset_key.to_user_string(), ev.check_name): ev for ev in outcome.check_evaluations}
    assert set(expected) <= set(evs)
    failed = sorted(k for k, e in expected.items() if e.severity == "error" and not evs[k].passed)
    assert failed == []
    for k, e in expected.items():
        want = dg.AssetCheckSeverity.ERROR if e.severity == "error" else dg.AssetCheckSeverity.WARN
        assert evs[k].severity == want, k


def test_check_results_hold_the_run(build):
    warehouse, outcome = build
    expected = _expectations()
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute("""select asset, check_name, severity, status, partition, failing_rows
                              from quality.check_results where run_id = ?""", [outcome.result.run_id]).fetchall()
    finally:
        con.close()
    assert {(a, c) for a, c, *_ in rows} == set(expected) and len(rows) == len(expected)
    assert all(status == "pass" for _, _, sev, status, *_ in rows if sev == "error")
    parts = {p for a, *_, p, _ in rows if a == "marts/fct_assistance"}
    assert parts == {"2021-01-01..2024-12-01"}
    assert {p for a, *_, p, _ in rows if a == "marts/rpt_reconciliation"} == {"all"}


def test_lanling_zombie_outcomes_are_a_warning(build):
    warehouse, outcome = build
    ev = next(ev for ev in outcome.check_evaluations
              if ev.asset_key.to_user_string() == "marts/fct_reported_indicator"
              and ev.check_name == "report_parts__zombie_org_outcomes")
    assert ev.passed is False and ev.severity == dg.AssetCheckSeverity.WARN
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        status, severity, n, detail = con.execute("""
            select status, severity, failing_rows, detail from quality.check_results
            where run_id = ? and check_name = 'report_parts__zombie_org_outcomes'""",
            [outcome.result.run_id]).fetchone()
    finally:
        con.close()
    assert (status, severity, n) == ("fail", "warn", 1)
    (row,) = json.loads(detail)["rows"]
    assert row["region_code"] == "371324" and row["reported_total"] == 70 and row["parts_value"] == 69
    assert "僵尸型" in row["quote"] and "拟撤销35家" in row["part_quotes"]


def test_auditor_report_is_written_by_the_run_and_the_cli(build, tmp_path):
    from orchestration.cli import main

    warehouse, outcome = build
    assert dg.AssetKey(["quality", "auditor_report"]) in outcome.materialized
    html = (Path(warehouse).parent / "quality_report.html").read_text(encoding="utf-8")
    assert "僵尸型社会组织处置结果之和" in html and "<svg" in html
    out = tmp_path / "report.html"
    assert main(["quality-report", "--warehouse", str(warehouse), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    for label in ("按业务领域汇总", "按区划汇总", "未通过的检查", "报告数与计算数核对", "隐去的数字", "趋势", "marts/fct_assistance",
                  "三方核对", "未映射的报表指标"):
        assert label in text, label
    # the verdicts' reasons: a sub-part (乐清's 587 graves), report-only claims, and what each reason means
    for reason in ("<td>sub_part</td>", "<td>report_only</td>", "<td>no_source_system</td>", "<td>change_vs_stock</td>"):
        assert reason in text, reason
    assert "one named part of what the warehouse counts" in text
    # coverage beside every warehouse figure: 深圳's 71 institutions, 9 districts and 深圳市本级 of 10 units,
    # compared with the report's claim; 乐清 (one county) stands for itself
    assert ("<td>深圳市</td><td>养老机构数</td><td>eldercare_institutions</td><td>2021-12-31</td><td>2021-12-31</td>"
            '<td class="n">71</td><td class="n">71</td><td>10/10 · 1.000</td>') in text
    assert '<td>乐清市</td><td>城市低保对象人数</td><td>dibao_urban_persons</td>' in text
    assert "覆盖（报送/应报 · 覆盖率）" in text and text.count("<td>1/1 · 1.000</td>") > 10
    # self-contained: no scripts, stylesheets or images fetched from anywhere
    assert "<script" not in text and "<link" not in text and "src=\"http" not in text
    # redacted claims are listed (the seeds publish templates with x)
    assert text.count("已隐去") >= 1
    assert (Path(warehouse).parent / "gx" / "data_docs" / "fct_assistance" / "index.html").exists()
