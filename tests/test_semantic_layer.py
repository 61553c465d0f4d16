"""The semantic layer: written from the catalog, validated by MetricFlow against the real warehouse,
and MetricFlow's answers equal fct_indicator_value for the same region and period.

MetricFlow runs as a user runs it, through `minzheng-mf` (the venv's console script: offline, the
serving copy opened read-only), on the session's sample warehouse."""

from __future__ import annotations

import csv
import math
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from orchestration import semantic

MF = str(Path(sys.executable).parent / "minzheng-mf")


def _metrics() -> list[str]:
    rows = semantic.load_catalog()
    return [r.code for r in semantic.measured(rows)] + [r.code for r in semantic.rates(rows)]


def _mf(build, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("MINZHENG_SERVING", "DBT_TARGET", "DBT_PROFILES_DIR",
                                                              "DBT_PROJECT_DIR")}
    env["MINZHENG_WAREHOUSE"] = str(build[0])
    return subprocess.run([MF, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)


def _query(build, tmp_path: Path, group_by: str, *extra: str) -> list[dict[str, str]]:
    out = tmp_path / f"{group_by.replace(',', '_')}.csv"
    done = _mf(build, tmp_path, "query", "--metrics", ",".join(_metrics()), "--group-by", group_by,
               "--csv", str(out), *extra)
    assert done.returncode == 0, done.stdout + done.stderr
    with open(out, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def mart(build) -> dict[tuple[str, str, str, str], float]:
    serving = build[0].parent / "serving" / build[0].name
    con = duckdb.connect(str(serving), read_only=True)
    try:
        return {(r, p, str(s), i): v for r, p, s, i, v in con.execute(
            "select region_code, period_type, period_start, indicator_code, value from marts.fct_indicator_value"
        ).fetchall()}
    finally:
        con.close()


def _compare(rows, grain: str, region_column: str | None, mart) -> tuple[int, list]:
    """(cells equal, cells that differ or have no row in the mart)."""
    equal, wrong = 0, []
    for row in rows:
        period = row[f"metric_time__{grain}"][:10]
        region = row[region_column] if region_column else "000000"
        for name, value in row.items():
            if name.startswith(("metric_time__", "region__")) or value == "":
                continue
            want = mart.get((region, grain, period, name))
            if want is not None and math.isclose(float(value), want, rel_tol=1e-9, abs_tol=1e-9):
                equal += 1
            else:
                wrong.append((region, period, name, value, want))
    return equal, wrong


def test_the_semantic_layer_is_written_from_the_catalog() -> None:
    assert semantic.stale() == [], "run `minzheng semantic`"
    files = semantic.render()
    assert sorted(files) == ["sem_assistance.yml", "sem_eldercare.yml", "sem_funeral.yml", "sem_organization.yml",
                             "sem_rates.yml", "sem_regions.yml"]
    assistance = yaml.safe_load(files["sem_assistance.yml"])["semantic_models"][0]
    measures = {m["name"]: m for m in assistance["measures"]}
    # a stock is semi-additive over time (the last month), a flow sums
    assert measures["dibao_persons"]["non_additive_dimension"] == {"name": "report_month", "window_choice": "max"}
    assert measures["dibao_persons"]["expr"] == "case when program_code in ('dibao_urban', 'dibao_rural') then persons end"
    assert "non_additive_dimension" not in measures["dibao_amount"]
    assert measures["dibao_amount"]["label"] == "城乡低保资金支出（元）"
    rates = {m["name"]: m for m in yaml.safe_load(files["sem_rates.yml"])["metrics"]}
    assert rates["cremation_rate"]["type_params"] == {"numerator": "funeral_cremations", "denominator": "funeral_deaths"}
    assert rates["nursing_bed_share"]["type_params"] == {"numerator": "eldercare_nursing_beds",
                                                        "denominator": "eldercare_beds"}
    # every stock and flow computed from a domain fact, and every rate of two of them; standards are not summed
    catalog = semantic.load_catalog()
    assert len(semantic.measured(catalog)) == sum(
        len(yaml.safe_load(files[f])["semantic_models"][0]["measures"])
        for f in ("sem_assistance.yml", "sem_eldercare.yml", "sem_funeral.yml", "sem_organization.yml"))
    assert not [r for r in semantic.measured(catalog) if r.kind == "standard"]
    assert len(_metrics()) >= 98


def test_a_catalog_change_makes_the_semantic_layer_stale(tmp_path) -> None:
    for name, text in semantic.render().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert semantic.stale(tmp_path) == []
    rows = [r for r in semantic.load_catalog() if r.code != "cremation_rate"]
    changed = semantic.render(rows)
    (tmp_path / "sem_rates.yml").write_text(changed["sem_rates.yml"], encoding="utf-8")
    assert semantic.stale(tmp_path) == ["sem_rates.yml"]


def test_metricflow_validates_the_semantic_layer_against_the_warehouse(build, tmp_path) -> None:
    done = _mf(build, tmp_path, "validate-configs")
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    for step in ("the semantics of built manifest", "semantic models against data warehouse",
                 "measures against data warehouse", "metrics against data warehouse"):
        assert f"Successfully validated {step} (ERRORS: 0" in out, out


def test_metricflow_equals_the_mart_by_county_and_quarter(build, tmp_path, mart) -> None:
    rows = _query(build, tmp_path, "metric_time__quarter,region__county_code")
    by_county = [r for r in rows if r["region__county_code"]]
    equal, wrong = _compare(by_county, "quarter", "region__county_code", mart)
    assert wrong == []
    assert equal > 4000
    # rows of no county are the 市本级 unit's (深圳市社会福利中心, the city's own code): eldercare only
    city_level = {k for r in rows if not r["region__county_code"] for k, v in r.items()
                  if v and not k.startswith(("metric_time__", "region__"))}
    assert city_level and all(k.startswith(("eldercare_", "nursing_", "dementia_")) for k in city_level), city_level


def test_metricflow_equals_the_mart_by_province_and_year(build, tmp_path, mart) -> None:
    rows = _query(build, tmp_path, "metric_time__year,region__province_code")
    equal, wrong = _compare(rows, "year", "region__province_code", mart)
    assert wrong == []
    assert equal > 400
    lanling = _query(build, tmp_path, "metric_time__year,region__county_code",
                     "--where", "{{ Dimension('region__county_code') }} = '371324'")
    year_2021 = next(r for r in lanling if r["metric_time__year"].startswith("2021"))
    # the seed report's figures: 兰陵 2021 低保 32,285 persons, 17604.19 万元
    assert float(year_2021["dibao_persons"]) == 32285
    assert float(year_2021["dibao_amount"]) == pytest.approx(176_041_900)


def test_metricflow_equals_the_mart_for_the_nation_and_cities_by_month(build, tmp_path, mart) -> None:
    nation = _query(build, tmp_path, "metric_time__month")
    equal, wrong = _compare(nation, "month", None, mart)
    assert wrong == [] and equal > 2000
    cities = _query(build, tmp_path, "metric_time__month,region__city_code")
    equal, wrong = _compare(cities, "month", "region__city_code", mart)
    assert wrong == [] and equal > 4000
    # 深圳's 71 institutions in December 2021: 70 in the districts and 1 run by 深圳市本级
    shenzhen = next(r for r in cities if r["region__city_code"] == "440300" and r["metric_time__month"].startswith("2021-12"))
    assert float(shenzhen["eldercare_institutions"]) == 71


NO_NETWORK = """
import socket, sys, requests, urllib.request
calls = []
def refuse(*args, **kwargs):
    calls.append(args)
    raise RuntimeError("network")
requests.get = requests.post = requests.Session.request = urllib.request.urlopen = refuse
socket.socket.connect = socket.socket.connect_ex = socket.create_connection = refuse
from orchestration.metricflow_cli import main
try:
    main(["list", "metrics"])
except SystemExit as exc:
    code = exc.code
print("NETWORK_CALLS", len(calls))
sys.exit(code)
"""


def test_minzheng_mf_makes_no_network_call_and_reads_the_serving_copy(build, tmp_path) -> None:
    from orchestration.metricflow_cli import environment

    env = environment({"MINZHENG_WAREHOUSE": str(build[0])})
    assert env["DBT_TARGET"] == "serving"
    assert env["MINZHENG_SERVING"] == str(build[0].parent / "serving" / build[0].name)
    # `mf` asks PyPI for a newer version on every start and dbt posts usage events; minzheng-mf does neither
    run_env = {k: v for k, v in os.environ.items() if k not in ("MINZHENG_SERVING", "DBT_TARGET")}
    run_env["MINZHENG_WAREHOUSE"] = str(build[0])
    done = subprocess.run([sys.executable, "-c", NO_NETWORK], cwd=tmp_path, env=run_env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "NETWORK_CALLS 0" in done.stdout
    assert "cremation_rate" in done.stdout and "dibao_persons" in done.stdout
    # the serving copy stays readable by others while MetricFlow reads it (read-only on both sides)
    con = duckdb.connect(env["MINZHENG_SERVING"], read_only=True)
    try:
        done = _mf(build, tmp_path, "query", "--metrics", "dibao_persons", "--group-by", "metric_time__year")
        assert done.returncode == 0, done.stdout + done.stderr
        assert "2021-01-01" in done.stdout
    finally:
        con.close()
