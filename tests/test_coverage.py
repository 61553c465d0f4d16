"""Coverage of the roll-ups (issue 14): a real warehouse built by the real pipeline from the sample
extracts of 2021-10..2021-12 with a county missing (光明区 440311 delivers nothing) and a month missing
(坪山区 440310 delivers no December). The build succeeds; the figures of 深圳 and above keep their values and say
how many counties were expected and reported; nothing partial is flagged complete.

Coverage is county-months delivered / county-months expected (dim_region valid at each month)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.conftest import scalar

GUANGMING, PINGSHAN, SHENZHEN, NANSHAN = "440311", "440310", "440300", "440305"


@pytest.fixture(scope="module")
def gaps_build(tmp_path_factory: pytest.TempPathFactory):
    from orchestration.runner import build_window
    from orchestration.samples import generate_samples

    landing = tmp_path_factory.mktemp("landing_gaps")
    generate_samples(landing)
    removed = []
    for f in sorted(p for p in landing.rglob("*") if p.is_file()):
        if f.name.startswith(GUANGMING + "_") or (f.name.startswith(PINGSHAN + "_") and f.stem.endswith("_202112")):
            removed.append(f.name)
            f.unlink()
    assert any(n.startswith(GUANGMING) for n in removed) and any(n.startswith(PINGSHAN) for n in removed)
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
