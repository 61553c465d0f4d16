"""A landing folder holding only published tables (the nine fixtures as CSV, XLSX and HTML, and one
table that names no region) builds a warehouse: every numeric cell is a row of
marts.fct_official_statistic, the table without a region is rejected in ingest.file_ledger."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.official.tables import TABLES, to_html, to_xlsx
from tests.official.test_parse import numeric_cells

BUILT: dict[str, Path] = {}  # the official_warehouse fixture's DuckDB file
NO_REGION = "# title: 民政统计月报（2021年7月）\n指标名称,单位,数量\n城市低保人数,人,100\n"


def _landing(root: Path) -> Path:
    folder = root / "official"
    folder.mkdir(parents=True)
    for p in TABLES:
        shutil.copy(p, folder / p.name)
        to_xlsx(p, folder)
        to_html(p, folder)
    (folder / "yuebao_2021-07.csv").write_text(NO_REGION, encoding="utf-8")
    return root


def test_load_official_is_idempotent_and_rejects_without_loading(tmp_path):
    from orchestration.official.load import load_official

    landing = _landing(tmp_path / "landing")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    first = load_official(con, landing, work_dir=tmp_path / "work")
    rows = con.execute("select * from raw.official__statistics order by all").fetchall()
    second = load_official(con, landing, work_dir=tmp_path / "work")
    assert [o.status for o in first] == [o.status for o in second]
    cols = [d[0] for d in con.execute("select * from raw.official__statistics limit 0").description]
    keep = [i for i, c in enumerate(cols) if c != "_loaded_at"]
    again = con.execute("select * from raw.official__statistics order by all").fetchall()
    assert [tuple(r[i] for i in keep) for r in again] == [tuple(r[i] for i in keep) for r in rows]
    ledger = con.execute("select path, status, reason, rows_loaded, extract from ingest.file_ledger "
                         "where domain = 'official' order by path").fetchall()
    assert len(ledger) == 28
    rejected = [r for r in ledger if r[1] == "rejected"]
    assert [r[0] for r in rejected] == ["official/yuebao_2021-07.csv"]
    assert "issuing region cannot be determined" in rejected[0][2]
    assert con.execute("select count(*) from raw.official__statistics where source_file like '%yuebao_2021-07%'"
                       ).fetchone()[0] == 0
    assert {r[4] for r in ledger} == {"statistics"}
    by_path = {r[0]: r[3] for r in ledger}
    for p in TABLES:
        for suffix in (".csv", ".xlsx", ".html"):
            assert by_path[f"official/{p.stem}{suffix}"] == numeric_cells(p), (p.name, suffix)
    con.close()


@pytest.fixture(scope="module")
def official_warehouse(tmp_path_factory):
    """The warehouse built from the published tables alone (its path is BUILT["path"])."""
    from orchestration.runner import build_window

    root = tmp_path_factory.mktemp("official")
    landing = _landing(root / "landing")
    warehouse = root / "wh" / "minzheng.duckdb"
    mp = pytest.MonkeyPatch()
    mp.setenv("MINZHENG_WAREHOUSE", str(warehouse))
    mp.setenv("MINZHENG_LANDING", str(landing))
    mp.setenv("MINZHENG_PSEUDONYM_KEY", "test-key")
    try:
        outcome = build_window(date(2022, 3, 1), date(2022, 3, 1), log_level="WARNING")
        assert outcome.success, outcome.step_failures
        con = duckdb.connect(str(warehouse), read_only=True)
        BUILT["path"] = warehouse
        yield con
        con.close()
    finally:
        mp.undo()


def q(con, sql, params=None):
    return con.execute(sql, params or []).fetchall()


def test_every_numeric_cell_in_the_mart(official_warehouse):
    con = official_warehouse
    counts = dict(q(con, "select source_file, count(*) from marts.fct_official_statistic group by 1"))
    for p in TABLES:
        for suffix in (".csv", ".xlsx", ".html"):
            assert counts[f"official/{p.stem}{suffix}"] == numeric_cells(p), (p.name, suffix)
    assert sum(counts.values()) == 3 * sum(numeric_cells(p) for p in TABLES)
    assert not [f for f in counts if "yuebao_2021-07" in f]


def _one(con, file: str, label: str, role: str = "current", extra: str = "", params=()):
    rows = q(con, f"""select published_value, published_unit, value, unit, indicator_code, region_code, period_type,
                             period_start, period_end, official_code
                      from marts.fct_official_statistic
                      where source_file = ? and published_label = ? and column_role = ? {extra}""",
             [f"official/{file}", label, role, *params])
    assert len(rows) == 1, (file, label, role, rows)
    return rows[0]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".html"])
def test_values_from_each_file(official_warehouse, suffix):
    con = official_warehouse
    f = lambda stem: stem + suffix  # noqa: E731
    r = _one(con, f("fujian_2020-01_minzheng_yuebao"), "A 城市低保人数")
    assert r[:9] == ("62162", "人", 62162.0, "人", "dibao_urban_persons", "350000", "month", date(2020, 1, 1),
                     date(2020, 1, 31))
    r = _one(con, f("fujian_2020-01_minzheng_yuebao"), "(二)民政事业费累计支出", "change_rate")
    assert (r[0], r[1], r[2], r[3]) == ("-89.34", "%", pytest.approx(-0.8934), "ratio")
    r = _one(con, f("sichuan_2020_JBZ_yuebao"), "(二)民政事业费累计支出")
    assert (r[0], r[2], r[3], r[4], r[5], r[6], r[9]) == ("1527874.4", pytest.approx(15278744000.0), "元",
                                                          "civil_affairs_spending_ytd", "510000", "year", "YZH011200000")
    r = _one(con, f("sichuan_2022-Q3_JBZH0001_jibao"), "A 城市低保累计支出", "previous")
    assert (r[0], r[2], r[4], r[6], r[7], r[8]) == ("117034.0", pytest.approx(1170340000.0), "dibao_urban_spending_ytd",
                                                    "quarter", date(2022, 7, 1), date(2022, 9, 30))
    r = _one(con, f("hengyang_2019-Q4_JBZH0001_jibao"), "乡镇级合计")
    assert (r[0], r[4], r[5], r[9]) == ("186", "townships_total", "430400", "JZH011110000")
    r = _one(con, f("ordos_2024_JZH_tongbi"), "II 城市低保临时补贴", "same_period_last_year")
    assert (r[0], r[2], r[4], r[5]) == ("44.4", pytest.approx(444000.0), "dibao_urban_temporary_subsidy_ytd", "150600")
    r = _one(con, f("beijing_2022-03_shehui_fuwu"), "最低生活保障平均标准", extra="and parent_label = ?",
             params=("农村最低生活保障",))
    assert (r[0], r[1], r[2], r[3], r[4], r[5]) == ("14940.0", "元/人·年", pytest.approx(1245.0), "元/人·月",
                                                    "dibao_rural_standard", "110000")
    r = _one(con, f("beijing_2022-03_shehui_fuwu"), "最低生活保障人数", extra="and parent_label = ?",
             params=("城市最低生活保障",))
    assert (r[2], r[3], r[4]) == (pytest.approx(71000.0), "人", "dibao_urban_persons")
    r = _one(con, f("national_2007-02_minzheng_yuebao"), "城市居民最低生活保障人数")
    assert (r[2], r[4], r[5], r[7]) == (pytest.approx(22423000.0), "dibao_urban_persons", "000000", date(2007, 2, 1))
    r = _one(con, f("fujian_yearbook2022_20-2_shehui_jiuji"), "农村低保资金全年计划支出(万元)",
             extra="and period_start = ?", params=(date(2021, 1, 1),))
    assert (r[0], r[2], r[3], r[4], r[6]) == ("249509", pytest.approx(2495090000.0), "元", None, "year")
    r = _one(con, f("fujian_yearbook2018_18-3_zhusu_jigou"), "合计", extra="and period_start = ?",
             params=(date(2011, 1, 1),))
    assert (r[0], r[3], r[8]) == ("1173", "个", date(2011, 12, 31))


def test_unmapped_labels_are_kept(official_warehouse):
    rows = q(official_warehouse, """select published_label, value from marts.fct_official_statistic
                                    where source_file = 'official/beijing_2022-03_shehui_fuwu.csv'
                                      and indicator_code is null order by source_row""")
    assert ("集中养育孤儿", 1000.0) in rows and ("精神疾病服务机构", 1.0) in rows


def test_rejected_table_in_the_ledger(official_warehouse):
    rows = q(official_warehouse, "select status, reason from ingest.file_ledger where path = 'official/yuebao_2021-07.csv'")
    assert len(rows) == 1 and rows[0][0] == "rejected" and "issuing region cannot be determined" in rows[0][1]


# February after the fixture's January (福建 2020-01): each line breaks one check.
DEFECT = """# title: 2020年2月社会服务统计月报
# region: 福建省
# period: 2020-02
# form: 民政统计月报表 (monthly); a defect fixture: every check finds something
指标名称,单位,数量,上期,环比
(一)行政区划,,,,
2.乡,个,20,251,-92.03
其中:民族乡,个,30,19,57.89
(二)民政事业费累计支出,万元,"70,000.0","70,000.0",
2.社会救助,万元,"37,400.0","37,321.9",0.21
最低生活保障,万元,"24,000.0","24,991.9",-3.97
A 城市低保累计支出,万元,"5,000.0","4,546.5",9.97
B 农村低保累计支出,万元,"20,000.0","20,445.4",-2.18
A 城市低保人数,人,"63,000","62,162",5.00
"""


def test_checks_on_the_forms(official_warehouse, tmp_path):
    """The fixtures raise only the two suspect 衡阳 rows FORMS.md names (环比 printed where 上月 belongs);
    a February form that contradicts January and itself raises every check, the errors fail dbt."""
    import subprocess

    from orchestration import settings
    from orchestration.project import dbt_executable
    from orchestration.official.load import load_official

    found = q(official_warehouse, "select check_name, severity, source_file, source_row from marts.rpt_official_checks "
                                  "where source_file like '%.csv' order by all")
    assert found == [
        ("change_agrees_with_current_and_previous", "warn", "official/hengyang_2019-Q4_JBZH0001_jibao.csv", 20),
        ("change_agrees_with_current_and_previous", "warn", "official/hengyang_2019-Q4_JBZH0001_jibao.csv", 21),
    ]
    wh = tmp_path / "copy.duckdb"
    shutil.copy(BUILT["path"], wh)
    landing = tmp_path / "landing"
    (landing / "official").mkdir(parents=True)
    shutil.copy(TABLES[[p.name for p in TABLES].index("fujian_2020-01_minzheng_yuebao.csv")], landing / "official")
    (landing / "official" / "fujian_2020-02_defect.csv").write_text(DEFECT, encoding="utf-8")
    con = duckdb.connect(str(wh))
    load_official(con, landing, work_dir=tmp_path / "work")
    con.close()
    run = subprocess.run(
        [dbt_executable(), "build", "--select", "path:models/staging/official path:models/marts/official",
         "--project-dir", str(settings.DBT_PROJECT_DIR), "--profiles-dir", str(settings.DBT_PROJECT_DIR)],
        env={**__import__("os").environ, settings.WAREHOUSE_ENV: str(wh)}, capture_output=True, text=True,
        cwd=settings.DBT_PROJECT_DIR,
    )
    assert run.returncode != 0 and "rpt_official_checks_no_error_findings" in run.stdout, run.stdout[-3000:]
    con = duckdb.connect(str(wh), read_only=True)
    got = q(con, "select check_name, severity, published_label, round(expected_value, 4), round(actual_value, 4) "
                 "from marts.rpt_official_checks order by all")
    con.close()
    assert got == [
        ("change_agrees_with_current_and_previous", "warn", "A 城市低保人数", round(63000 / 62162 - 1, 4), 0.05),
        ("cumulative_never_falls_within_a_year", "error", "(二)民政事业费累计支出", 761643000.0, 700000000.0),
        ("cumulative_never_falls_within_a_year", "error", "B 农村低保累计支出", 204454000.0, 200000000.0),
        ("cumulative_never_falls_within_a_year", "error", "最低生活保障", 249919000.0, 240000000.0),
        ("of_which_at_most_parent", "error", "其中:民族乡", 20.0, 30.0),
        ("previous_equals_prior_current", "warn", "(二)民政事业费累计支出", 761643000.0, 700000000.0),
        ("urban_plus_rural_equals_total", "warn", "最低生活保障", 240000000.0, 250000000.0),
    ]


def _dbt_official(wh: Path):
    import os
    import subprocess

    from orchestration import settings
    from orchestration.project import dbt_executable

    return subprocess.run(
        [dbt_executable(), "build", "--select", "path:models/staging/official path:models/marts/official",
         "--project-dir", str(settings.DBT_PROJECT_DIR), "--profiles-dir", str(settings.DBT_PROJECT_DIR)],
        env={**os.environ, settings.WAREHOUSE_ENV: str(wh)}, capture_output=True, text=True,
        cwd=settings.DBT_PROJECT_DIR,
    )


def test_sample_forms_agree_and_a_defect_form_does_not(official_warehouse, tmp_path):
    """The generator's 168 monthly forms raise no finding; the defect fixture - 兰陵's December form with
    a 上期 that is not November's 数量 - raises exactly that, and its 环比 no longer follows."""
    from orchestration.official.load import load_official
    from orchestration.samples import official_forms

    landing = tmp_path / "landing"
    forms = official_forms.generate(landing, 2021)
    december = next(p for p in forms if p.name == "371324_兰陵县_民政统计月报_2021-12.csv")
    text = december.read_text(encoding="utf-8")
    assert 'A 城市低保人数,人,"2,873","2,859",0.49' in text
    december.write_text(text.replace('"2,873","2,859",0.49', '"2,873","2,900",0.49'), encoding="utf-8")
    wh = tmp_path / "copy.duckdb"
    shutil.copy(BUILT["path"], wh)
    con = duckdb.connect(str(wh))
    outcomes = load_official(con, landing, work_dir=tmp_path / "work")
    con.close()
    assert {o.status for o in outcomes} == {"loaded"} and len(outcomes) == 168
    run = _dbt_official(wh)
    assert run.returncode == 0, run.stdout[-3000:]
    con = duckdb.connect(str(wh), read_only=True)
    got = q(con, "select check_name, severity, source_file, published_label, expected_value, actual_value "
                 "from marts.rpt_official_checks order by all")
    con.close()
    assert got == [
        ("change_agrees_with_current_and_previous", "warn", "official/371324_兰陵县_民政统计月报_2021-12.csv",
         "A 城市低保人数", pytest.approx(2873 / 2900 - 1), pytest.approx(0.0049)),
        ("previous_equals_prior_current", "warn", "official/371324_兰陵县_民政统计月报_2021-12.csv",
         "A 城市低保人数", 2859.0, 2900.0),
    ]
