"""Reconciliation verdicts that say why (issue 14 part 5) on the session sample build: every claim has
one verdict and a documented reason, sub-parts and other scopes are not_comparable, change claims are
compared with the difference of the stock, and report-only claims are not no_data."""

from __future__ import annotations

import csv

import duckdb
import pytest

from orchestration import settings

pytestmark = pytest.mark.slow

REASONS = settings.DBT_PROJECT_DIR / "seeds" / "reconciliation_reasons.csv"
LEQING = "000_5cec5b6624562a69.txt"
ZHOUSHAN = "002_8f15201e147daf51.txt"


@pytest.fixture(scope="module")
def con(build):
    c = duckdb.connect(str(build[0]), read_only=True)
    yield c
    c.close()


def rows(con, sql, params=None):
    return con.execute(sql, params or []).fetchall()


def test_every_claim_has_a_documented_reason_for_its_verdict(con) -> None:
    documented = {(r["reason"], res) for r in csv.DictReader(REASONS.open(encoding="utf-8"))
                  if r["model"] == "rpt_reconciliation" for res in r["results"].split("|")}
    got = rows(con, "select result, reason, count(*) from marts.rpt_reconciliation group by all")
    assert got and all((reason, result) in documented for result, reason, _ in got), got
    assert {r[0] for r in got} <= {"match", "mismatch", "not_comparable", "no_data", "redacted", "planned"}
    assert rows(con, "select count(*) from marts.rpt_reconciliation where reason is null") == [(0,)]


def test_leqing_587_graves_and_zhoushan_11_canteens_are_sub_parts(con) -> None:
    got = rows(con, """
        select document_name, indicator_code, reported_value, result, reason from marts.rpt_reconciliation
        where (document_name = ? and reported_value = 587) or (document_name = ? and reported_value = 11
               and indicator_code = 'eldercare_meal_service_points') order by 1""", [LEQING, ZHOUSHAN])
    assert got == [
        (LEQING, "graves_remediated_in_month", 587.0, "not_comparable", "sub_part"),
        (ZHOUSHAN, "eldercare_meal_service_points", 11.0, "not_comparable", "sub_part"),
    ]


def test_a_change_claim_is_compared_with_the_stock_difference(con) -> None:
    """舟山 新增认知障碍照护床位197张 (2023 H1): the stock of June 2023 minus the stock of December 2022."""
    (claim,) = rows(con, """
        select result, reason, compared_period_type, compared_period_start, compared_period_end, computed_value
        from marts.rpt_reconciliation
        where document_name = ? and indicator_code = 'eldercare_dementia_beds' and time_basis = 'change'""",
                    [ZHOUSHAN])
    stock = dict(rows(con, """
        select period_start, value from marts.fct_indicator_value
        where region_code = '330900' and indicator_code = 'eldercare_dementia_beds' and period_type = 'month'
          and period_start in ('2022-12-01', '2023-06-01')"""))
    assert len(stock) == 2
    result, reason, ptype, start, end, computed = claim
    assert (result, reason, ptype) == ("match", "change_vs_stock", "change")
    assert (start.isoformat(), end.isoformat()) == ("2022-12-01", "2023-06-30")
    assert computed == stock[max(stock)] - stock[min(stock)]
    assert computed == pytest.approx(197)


def test_claims_no_system_counts_are_report_only_not_no_data(con) -> None:
    got = dict(rows(con, """
        select reason, count(*) from marts.rpt_reconciliation r
        join marts.dim_indicator i using (indicator_code)
        where r.status = 'reported' and not i.is_computed group by 1"""))
    assert got.get("report_only", 0) > 20
    assert set(got) <= {"report_only", "no_source_system", "sub_part", "scope", "relative_change", "no_value"}
    # a report-only indicator a named system counts: no_data, the system named
    named = rows(con, """
        select distinct result, source_system from marts.rpt_reconciliation
        where reason = 'no_source_system' and indicator_code = 'marriage_registrations'""")
    assert named == [("no_data", "全国婚姻登记信息管理系统")]
    assert rows(con, "select count(*) from marts.rpt_reconciliation where reason = 'report_only' "
                     "and result <> 'not_comparable'") == [(0,)]


def test_rounded_claims_are_compared_within_their_precision(con) -> None:
    """A 余/多 claim matches from its figure up to its bound, no lower (4万余: 40000 to 49999)."""
    got = rows(con, """
        select result, reported_value, upper_bound, computed_value from marts.rpt_reconciliation
        where reason = 'rounded' and qualifier = 'at_least' and upper_bound is not null""")
    for result, value, bound, computed in got:
        assert (result == "match") == (value <= computed < bound), (result, value, bound, computed)


def test_a_region_that_delivers_nothing_is_region_not_covered(build, tmp_path) -> None:
    """A report of 杭州市西湖区 (tests/reports/fixtures/), a district that delivers no extract: its claims on
    computed indicators are no_data / region_not_covered, never period_not_loaded or a mismatch."""
    import os
    import shutil
    import subprocess
    from pathlib import Path

    from orchestration.defs.reports.assets import load_reports
    from orchestration.project import dbt_executable

    landing = tmp_path / "landing"
    (landing / "reports").mkdir(parents=True)
    shutil.copy(Path(__file__).with_name("fixtures") / "xihu_2022_summary.txt", landing / "reports")
    wh = tmp_path / "copy.duckdb"
    shutil.copy(build[0], wh)
    c = duckdb.connect(str(wh))
    try:
        assert load_reports(c, landing).loaded == ["reports/xihu_2022_summary.txt"]
    finally:
        c.close()
    run = subprocess.run(
        [dbt_executable(), "build", "--select", "path:models/staging/reports path:models/marts/reports",
         "--project-dir", str(settings.DBT_PROJECT_DIR), "--profiles-dir", str(settings.DBT_PROJECT_DIR)],
        env={**os.environ, settings.WAREHOUSE_ENV: str(wh)}, capture_output=True, text=True,
        cwd=settings.DBT_PROJECT_DIR)
    assert run.returncode == 0, run.stdout[-3000:]
    c = duckdb.connect(str(wh), read_only=True)
    try:
        got = dict(c.execute("""
            select reason, count(*) from marts.rpt_reconciliation r join marts.dim_indicator i using (indicator_code)
            where r.region_code = '330106' and r.status = 'reported' and i.is_computed
              and r.reason not in ('sub_part', 'scope', 'relative_change') group by 1""").fetchall())
    finally:
        c.close()
    assert got == {"region_not_covered": 30}
