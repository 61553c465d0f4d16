"""Coverage of the roll-ups (issue 14): a real warehouse built by the real pipeline from the sample
extracts of 2021-10..2021-12 with a county missing (光明区 440311 delivers nothing) and a month missing
(坪山区 440310 delivers no December), and 深圳市本级 (the city bureau, reporting the institutions the city runs; seed
city_level_units) missing October (a gap inside a year would block at the gate). The build succeeds; the figures of 深圳 and above keep their values and say
how many units were expected and reported; nothing partial is flagged complete.

Coverage is unit-months delivered / unit-months expected (the counties valid in dim_region at each month, plus the
市本级 units declared for the indicator)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.conftest import scalar

GUANGMING, PINGSHAN, SHENZHEN, NANSHAN = "440311", "440310", "440300", "440305"
INSTITUTIONS = "eldercare_institutions"


@pytest.fixture(scope="module")
def gaps_build(tmp_path_factory: pytest.TempPathFactory):
    from orchestration.runner import build_window
    from orchestration.samples import generate_samples

    landing = tmp_path_factory.mktemp("landing_gaps")
    generate_samples(landing)
    removed = []
    for f in sorted(p for p in landing.rglob("*") if p.is_file()):
        if f.name.startswith(GUANGMING + "_") or (f.name.startswith(PINGSHAN + "_") and f.stem.endswith("_202112")) \
                or f.name == "440300_深圳市本级_养老机构名册_202110.xlsx":
            removed.append(f.name)
            f.unlink()
    assert any(n.startswith(GUANGMING) for n in removed) and any(n.startswith(PINGSHAN) for n in removed)
    assert any(n.startswith(SHENZHEN) for n in removed)
    warehouse = tmp_path_factory.mktemp("warehouse_gaps") / "minzheng.duckdb"
    mp = pytest.MonkeyPatch()
    mp.setenv("MINZHENG_WAREHOUSE", str(warehouse))
    mp.setenv("MINZHENG_LANDING", str(landing))
    mp.setenv("MINZHENG_PSEUDONYM_KEY", "test-key")
    try:
        # the last quarter of 2021 only (a short build): the year 2021 is then 3 of its 12 months
        outcome = build_window(date(2021, 10, 1), date(2021, 12, 1), log_level="WARNING")
        # a missing county and a missing month are not errors
        assert outcome.success, outcome.step_failures
        yield warehouse
    finally:
        mp.undo()


@pytest.fixture()
def con(gaps_build: Path):
    c = duckdb.connect(str(gaps_build), read_only=True)
    yield c
    c.close()


def row(con, region: str, period_type: str, period_start: str, indicator: str = "dibao_persons"):
    r = con.execute(
        "select value, months_covered, children_expected, children_reporting, coverage, is_complete "
        "from marts.fct_indicator_value where region_code = ? and period_type = ? and period_start = ? "
        "and indicator_code = ?", [region, period_type, period_start, indicator]).fetchone()
    assert r is not None, (region, period_type, period_start, indicator)
    return dict(zip(["value", "months", "expected", "reporting", "coverage", "complete"], r))


def test_city_without_one_district_and_one_december(con):
    quarter = row(con, SHENZHEN, "quarter", "2021-10-01")
    assert (quarter["expected"], quarter["reporting"]) == (9, 8)  # 光明 never reported
    assert quarter["coverage"] == pytest.approx((7 * 3 + 2) / (9 * 3))  # 坪山: 2 of 3 months
    assert quarter["months"] == 3 and quarter["complete"] is False
    november = row(con, SHENZHEN, "month", "2021-11-01")
    assert (november["expected"], november["reporting"], november["complete"]) == (9, 8, False)
    assert november["coverage"] == pytest.approx(8 / 9)
    december = row(con, SHENZHEN, "month", "2021-12-01")
    assert (december["expected"], december["reporting"], december["complete"]) == (9, 7, False)
    assert december["coverage"] == pytest.approx(7 / 9)
    # the partial value is kept: the city's December is the sum of the seven districts that reported
    districts = scalar(con, "select sum(value) from marts.fct_indicator_value where period_type = 'month' "
                            "and period_start = '2021-12-01' and indicator_code = 'dibao_persons' "
                            "and region_level = 'county' and region_code like '4403%'")
    assert december["value"] == pytest.approx(districts) and december["value"] > 0
    # the year: 3 months loaded of 12, county-months 7*3 + 2 of 9*12
    year = row(con, SHENZHEN, "year", "2021-01-01")
    assert (year["months"], year["expected"], year["reporting"], year["complete"]) == (3, 9, 8, False)
    assert year["coverage"] == pytest.approx(23 / 108)


def test_county_with_a_missing_month(con):
    pingshan = row(con, PINGSHAN, "quarter", "2021-10-01")
    assert (pingshan["months"], pingshan["expected"], pingshan["reporting"]) == (2, 1, 1)
    assert pingshan["coverage"] == pytest.approx(2 / 3) and pingshan["complete"] is False
    amount = row(con, PINGSHAN, "quarter", "2021-10-01", "dibao_amount")
    assert (amount["months"], amount["coverage"], amount["complete"]) == (2, pytest.approx(2 / 3), False)
    nanshan = row(con, NANSHAN, "quarter", "2021-10-01")
    assert (nanshan["expected"], nanshan["reporting"], nanshan["coverage"], nanshan["complete"]) == (1, 1, 1.0, True)


def test_province_and_national_count_every_county_of_dim_region(con):
    guangdong_counties = scalar(con, """
        select count(distinct region_code) from marts.dim_region
        where level = 'county' and province_code = '440000'
          and valid_from <= date '2021-12-31' and (valid_to is null or valid_to > date '2021-10-31')""")
    guangdong = row(con, "440000", "quarter", "2021-10-01")
    assert guangdong_counties > 100
    assert (guangdong["expected"], guangdong["reporting"], guangdong["complete"]) == (guangdong_counties, 8, False)
    national = row(con, "000000", "quarter", "2021-10-01")
    reporting = scalar(con, """select count(distinct region_code) from marts.fct_indicator_value
                               where region_level = 'county' and period_type = 'quarter' and period_start = '2021-10-01'
                                 and indicator_code = 'dibao_persons'""")
    assert national["reporting"] == reporting and national["expected"] > 2500 and national["complete"] is False
    assert national["value"] == pytest.approx(scalar(con, """
        select sum(value) from marts.fct_indicator_value where region_level = 'province' and period_type = 'quarter'
           and period_start = '2021-10-01' and indicator_code = 'dibao_persons'"""))
    assert scalar(con, "select region_level from marts.fct_indicator_value where region_code = '000000' limit 1") == "national"


def test_nothing_partial_is_complete(con):
    assert scalar(con, "select count(*) from marts.fct_indicator_value where is_complete and coverage < 1") == 0
    assert scalar(con, "select count(*) from marts.fct_indicator_value_complete where region_code = ?", [SHENZHEN]) == 0
    assert scalar(con, "select count(*) from marts.fct_indicator_value_complete where region_code = ?", [NANSHAN]) > 0


def test_warn_check_names_who_has_not_reported(con):
    status, detail = con.execute("""
        select status, detail from quality.check_results
        where check_name = 'closed_years_not_fully_reported' order by checked_at desc limit 1""").fetchone()
    assert status == "fail"
    text = json.dumps(json.loads(detail), ensure_ascii=False)
    assert "光明区(0/12)" in text and "坪山区(2/12)" in text
    error = con.execute("""select status from quality.check_results
                           where check_name = 'complete_means_every_unit_reported' order by checked_at desc limit 1""").fetchone()
    assert error == ("pass",)


def test_city_level_unit_counts_once_and_in_coverage(con):
    """深圳市本级 is a reporting unit of its own for the institution registry: 9 districts + 1 expected; its rows
    (the city's code) are in the city's total once and in no district's."""
    quarter = row(con, SHENZHEN, "quarter", "2021-10-01", INSTITUTIONS)
    assert (quarter["expected"], quarter["reporting"], quarter["complete"]) == (10, 9, False)  # 光明 never
    assert quarter["coverage"] == pytest.approx((7 * 3 + 2 + 2) / (10 * 3))  # 坪山 and 市本级: 2 of 3 months
    october = row(con, SHENZHEN, "month", "2021-10-01", INSTITUTIONS)
    assert (october["expected"], october["reporting"], october["coverage"]) == (10, 8, pytest.approx(0.8))
    november = row(con, SHENZHEN, "month", "2021-11-01", INSTITUTIONS)
    assert (november["expected"], november["reporting"], november["coverage"]) == (10, 9, pytest.approx(0.9))
    december = row(con, SHENZHEN, "month", "2021-12-01", INSTITUTIONS)
    assert (december["expected"], december["reporting"], december["coverage"]) == (10, 8, pytest.approx(0.8))
    districts = {m: scalar(con, """select sum(value) from marts.fct_indicator_value where period_type = 'month'
                                   and period_start = ? and indicator_code = ? and region_level = 'county'
                                   and region_code like '4403%'""", [m, INSTITUTIONS])
                 for m in ("2021-10-01", "2021-12-01")}
    # October: the districts alone (市本级 did not deliver); December: the districts + 深圳市社会福利中心
    assert october["value"] == districts["2021-10-01"] > 0
    assert december["value"] == districts["2021-12-01"] + 1
    # 福田, where the city-run institution stands, does not count it: its seven are its own
    futian = row(con, "440304", "month", "2021-12-01", INSTITUTIONS)
    assert (futian["value"], futian["expected"], futian["reporting"]) == (7, 1, 1)
    # an indicator 市本级 is not declared for expects the nine districts only
    assert row(con, SHENZHEN, "quarter", "2021-10-01", "eldercare_day_care_centers")["expected"] == 9
    assert row(con, SHENZHEN, "quarter", "2021-10-01")["expected"] == 9  # dibao_persons
    # a rate expects 市本级 where both components are declared (residents / beds)
    occupancy = row(con, SHENZHEN, "month", "2021-12-01", "eldercare_bed_occupancy_rate")
    assert (occupancy["expected"], occupancy["reporting"]) == (10, 8)
    # the province counts it too: its counties plus 深圳市本级
    guangdong = row(con, "440000", "quarter", "2021-10-01", INSTITUTIONS)
    assert guangdong["expected"] == row(con, "440000", "quarter", "2021-10-01")["expected"] + 1
    assert guangdong["reporting"] == 9
    # the sum check adds a region's own rows to its children's: it passed (error severity)
    assert con.execute("""select status from quality.check_results where check_name = 'districts_add_up_to_city'
                          order by checked_at desc limit 1""").fetchone() == ("pass",)


def test_warn_check_names_the_city_level_unit(con):
    detail = con.execute("""select detail from quality.check_results where check_name = 'closed_years_not_fully_reported'
                            order by checked_at desc limit 1""").fetchone()[0]
    rows = {(r["region_code"], r["source_model"]): r for r in json.loads(detail)["rows"]}
    eldercare = rows[("440000", "fct_eldercare")]["counties_not_fully_reported"]
    assert "深圳市: " in eldercare and "光明区(0/12)" in eldercare and "深圳市本级(2/12)" in eldercare, eldercare
    # 市本级 is expected for the institution registry only: not among who has not delivered 低保
    assert "深圳市本级" not in rows[("440000", "fct_assistance")]["counties_not_fully_reported"]


def test_full_sample_city_level_unit_makes_the_city_complete(wh):
    """In the full sample 深圳市本级 delivers every month: 深圳's 71 institutions (seed report: 全市已建成71家养老机构)
    are 70 in the districts and 1 run by the city, complete with 10 of 10 units."""
    r = wh.execute("""select value, children_expected, children_reporting, coverage, is_complete
                      from marts.fct_indicator_value where region_code = '440300' and indicator_code = ?
                        and period_type = 'year' and period_start = '2021-01-01'""", [INSTITUTIONS]).fetchone()
    assert r == (71.0, 10, 10, 1.0, True)
    districts = scalar(wh, """select sum(value) from marts.fct_indicator_value where region_level = 'county'
                              and region_code like '4403%' and indicator_code = ? and period_type = 'year'
                              and period_start = '2021-01-01'""", [INSTITUTIONS])
    assert districts == 70
    claim = wh.execute("""select result, reason from marts.rpt_reconciliation
                          where region_code = '440300' and indicator_code = ? and reported_value = 71""",
                       [INSTITUTIONS]).fetchone()
    assert claim == ("match", "exact")
    undeclared = wh.execute("""select count(*) from intermediate.int_indicators__base_monthly b
                               join marts.dim_region r on r.region_code = b.region_code and r.level = 'city'""").fetchone()[0]
    assert undeclared == 9 * 12  # 深圳市本级's nine declared indicators, every month: nothing undeclared
