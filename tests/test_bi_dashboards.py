"""`make bi`: Apache Superset serves the dashboards of bi/dashboards.yml over the serving copy, and what
headless Chromium shows on them (network off) equals the marts.

Superset lives in its own virtual environment (.venv-bi, `make bi-install`; .ci/run installs it). Where it
is missing the test is skipped, except in CI (CI=true), where it fails. MINZHENG_SCREENSHOTS=DIR keeps a
screenshot of every dashboard in DIR (docs/bi/ holds the README's).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import urllib.request
from pathlib import Path

import duckdb
import pytest

from orchestration import bi
from tests.browser import chromium, require_browser
from tests.servers import free_port, poll, stop_group

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = bi.ROOT
PASSWORD = "bi-test-password"


def require_superset() -> Path:
    venv = Path(os.environ.get("MINZHENG_BI_VENV", ROOT / ".venv-bi"))
    if not (venv / "bin" / "superset").exists():
        msg = f"Superset is not installed in {venv} (`make bi-install`)"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return venv


def number(value: float) -> str:
    """A value as the dashboards print it (d3 format ',.2~f': thousands separators, at most two decimals,
    no trailing zeros)."""
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@pytest.fixture(scope="module")
def superset(build, tmp_path_factory: pytest.TempPathFactory):
    """`make bi` on a free port over the session warehouse's serving copy."""
    venv = require_superset()
    require_browser()
    warehouse = build[0]
    serving = warehouse.parent / "serving" / warehouse.name
    assert serving.exists(), "the build publishes the serving copy"
    tmp = tmp_path_factory.mktemp("bi")
    port = free_port()
    make = shutil.which("make")
    assert make, "make is needed for `make bi`"
    env = {**os.environ, "MINZHENG_WAREHOUSE": str(warehouse), "MINZHENG_BI_HOME": str(tmp / "home"),
           bi.PASSWORD_ENV: PASSWORD, "LANG": "C.UTF-8"}
    env.pop("MINZHENG_SERVING", None)
    log = tmp / "superset.log"
    # -o: the venvs are the ones under test (make would otherwise reinstall when a requirements file is newer)
    cmd = [make, "-C", str(ROOT), "-o", ".venv/.installed", "-o", ".venv-bi/.installed", "bi",
           f"BI_PORT={port}", f"BI_VENV={venv}"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        def healthy():
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=30) as resp:
                return resp.status == 200
        poll("Superset's /health", healthy, 900, proc, log, name="`make bi`")
        yield {"port": port, "log": log, "serving": serving, "home": tmp / "home"}
    finally:
        stop_group(proc)


@pytest.fixture(scope="module")
def serving_con(superset):
    con = duckdb.connect(str(superset["serving"]), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def pages(superset):
    """Each dashboard as shown: {slug: {"rows": [text of each table row], "charts": n, "canvases": n,
    "errors": [...], "text": body text}}, read in one offline browser session."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    base = f"http://127.0.0.1:{superset['port']}"
    shots = os.environ.get("MINZHENG_SCREENSHOTS")
    out: dict[str, dict] = {}
    with chromium(offline=True) as driver:
        driver.get(f"{base}/login/")
        WebDriverWait(driver, 120).until(lambda d: d.find_elements(By.ID, "username"))
        driver.find_element(By.ID, "username").send_keys(bi.ADMIN_USER)
        field = driver.find_element(By.ID, "password")
        field.send_keys(PASSWORD)
        field.send_keys(Keys.ENTER)
        WebDriverWait(driver, 120).until(lambda d: "/login" not in d.current_url)
        for board in bi.dashboards():
            driver.get(f"{base}/superset/dashboard/{board['slug']}/")
            n_charts = sum(1 for item in board["items"] if item.get("type") != "MARKDOWN")

            def loaded(d):
                # every chart has rendered: a table with rows (or Superset's "no results"), or a canvas
                state = d.execute_script("""
                    const holders = [...document.querySelectorAll('.dashboard-component-chart-holder[class*="dashboard-chart-id-"]')];
                    return holders.map(h => {
                        if (h.querySelector('.ant-alert-error, .alert-danger')) return 'error';
                        if (h.querySelector('table tbody tr')) return 'table';
                        if (h.querySelector('canvas')) return 'canvas';
                        if (h.querySelector('.ant-empty')) return 'empty';  // Superset's "no results"
                        return null;
                    });""")
                return state if len(state) == n_charts and all(state) else None

            state = WebDriverWait(driver, 300, poll_frequency=1).until(loaded)
            rows = driver.execute_script(
                "return [...document.querySelectorAll('.dashboard-component-chart-holder table tbody tr')]"
                ".map(tr => [...tr.querySelectorAll('td')].map(td => td.innerText.trim()).join(' | '));")
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                driver.set_window_size(1400, 1900)
                driver.save_screenshot(str(Path(shots) / f"{board['slug']}.png"))
                driver.set_window_size(1400, 1000)
            out[board["slug"]] = {"rows": rows, "state": state,
                                  "text": driver.find_element(By.TAG_NAME, "body").text}
        logs = driver.get_log("browser")
    out["_network_errors"] = [e for e in logs if e.get("source") == "network"]  # type: ignore[assignment]
    return out


def _year_rows(con, domain: str, codes: list[str], region: str, year: int) -> list[tuple]:
    return con.execute(
        f"select period_label, region_name_zh, region_level_zh, indicator_name_zh, value_shown, unit_shown, "
        f"coverage_label, months_label, complete_label from ({bi.INDICATOR_VALUES_SQL}) "
        "where domain = ? and period_type = 'year' and region_code = ? and year(period_start) = ? "
        f"and indicator_code in ({', '.join('?' * len(codes))})",
        [domain, region, year, *codes]).fetchall()


def _shown(row: tuple) -> str:
    return " | ".join(number(v) if isinstance(v, float) else str(v) for v in row)


def test_the_assistance_dashboard_shows_lanling_2021_as_the_mart(pages, serving_con) -> None:
    rows = pages["minzheng-assistance"]["rows"]
    spec = bi.load_spec()["domains"]["assistance"]
    expected = _year_rows(serving_con, "assistance", spec["indicators"], "371324", 2021)
    assert len(expected) == len(spec["indicators"])
    for row in expected:
        assert _shown(row) in rows, (row, [r for r in rows if "兰陵县" in r][:20])
    # the figure of the work report: 兰陵 2021 城乡低保对象 32,285 人, complete (1 of 1 county, 12 of 12 months)
    assert "2021年 | 兰陵县 | 县（区） | 城乡低保对象人数 | 32,285 | 人 | 1/1 | 12/12 | 完整" in rows
    # a roll-up over regions that did not all report says so
    national = [r for r in rows if r.startswith("2021年 | 全国 | 全国 | 城乡低保对象人数 |")]
    assert len(national) == 1 and national[0].endswith("| 不完整"), national


def test_the_standards_in_force_are_each_regions_latest_month(pages, serving_con) -> None:
    rows = pages["minzheng-assistance"]["rows"]
    expected = serving_con.execute(
        f"select period_label, region_name_zh, region_level_zh, indicator_name_zh, value_shown, unit_shown, "
        f"coverage_label from ({bi.STANDARDS_SQL}) where region_code = '371324'").fetchall()
    assert {r[3] for r in expected} == {"城市低保标准", "农村低保标准", "特困人员供养标准", "低保边缘认定标准"}, expected
    for row in expected:
        assert _shown(row) in rows, row
        assert row[5] == "元/人·月" and row[0].endswith("月"), row


@pytest.mark.parametrize("domain", ["eldercare", "funeral", "organization"])
def test_each_domain_dashboard_equals_the_mart(pages, serving_con, domain: str) -> None:
    spec = bi.load_spec()["domains"][domain]
    page = pages[f"minzheng-{domain}"]
    assert "canvas" in page["state"], page["state"]  # the trend chart drew
    counties = serving_con.execute(
        f"select distinct region_code from ({bi.INDICATOR_VALUES_SQL}) where domain = ? and period_type = 'year' "
        "and region_level = 'county' and year(period_start) = 2021 order by 1", [domain]).fetchall()
    assert counties, domain
    checked = 0
    for (code,) in counties[:3]:
        for row in _year_rows(serving_con, domain, spec["indicators"], code, 2021):
            assert _shown(row) in page["rows"], row
            checked += 1
    assert checked >= 3
    # rates are shown as percentages, never as fractions
    rates = [r for r in page["rows"] if " | % | " in r]
    assert not any(r for r in page["rows"] if " | ratio | " in r)
    assert all(0 <= float(r.split(" | ")[4].replace(",", "")) <= 100 for r in rates)


def test_the_auditor_dashboard_counts_verdicts_by_region_as_the_mart(pages, serving_con) -> None:
    page = pages["minzheng-auditor"]
    counts = serving_con.execute(
        f"select region_name_zh, result_zh, count(*) from ({bi.RECONCILIATION_SQL}) group by all").fetchall()
    assert sum(n for _, _, n in counts) == serving_con.execute(
        "select count(*) from marts.rpt_reconciliation").fetchone()[0]
    for region, verdict, n in counts:
        assert f"{region} | {verdict} | {n}" in page["rows"], (region, verdict, n)
    # the open claims, each as its row: report, region, indicator, period, reported, computed (N/A: none), unit
    open_claims = serving_con.execute(
        f"select document_name, region_name_zh, indicator_name_zh, period_label, reported_value, computed_value, "
        f"unit, result_zh, reason from ({bi.RECONCILIATION_SQL}) where result in ('mismatch', 'no_data')").fetchall()
    assert open_claims
    shown = [r for r in page["rows"] if len(r.split(" | ")) == 9]
    assert len(shown) == len(open_claims)
    for claim in open_claims:
        assert " | ".join("N/A" if v is None else number(v) if isinstance(v, float) else str(v)
                          for v in claim) in shown, claim


def test_every_chart_is_labelled_in_chinese_with_units_and_the_browser_stayed_offline(pages) -> None:
    for board in bi.dashboards():
        page = pages[board["slug"]]
        assert "error" not in page["state"], (board["slug"], page["state"])
        for item in board["items"]:
            if item.get("type") != "MARKDOWN":
                assert item["slice_name"] in page["text"], item["slice_name"]
    assert "城乡低保对象人数（人）：月度趋势，县（区）" in pages["minzheng-assistance"]["text"]
    # Superset's telemetry pixel is refused by the Content-Security-Policy: no request left for the internet
    assert pages["_network_errors"] == [], pages["_network_errors"]


def test_the_bundle_is_reimported_in_place(superset) -> None:
    """A second import (the next `make bi`) updates the same dashboards: their UUIDs come from their names."""
    first = bi.read_bundle(superset["home"] / "minzheng_dashboards.zip")
    again = bi.bundle(superset["serving"], superset["home"] / "again.zip")
    second = bi.read_bundle(again)
    assert first == second
    boards = [d for n, d in first.items() if "/dashboards/" in n]
    assert sorted(b["slug"] for b in boards) == sorted(d["slug"] for d in bi.dashboards())
    db = next(d for n, d in first.items() if "/databases/" in n)
    assert db["sqlalchemy_uri"] == f"duckdb:///{superset['serving']}?access_mode=read_only"
    con = sqlite3.connect(superset["home"] / "superset.db")  # Superset's metadata database
    try:
        slugs = [s for (s,) in con.execute("select slug from dashboards order by slug")]
    finally:
        con.close()
    assert slugs == sorted(d["slug"] for d in bi.dashboards())
