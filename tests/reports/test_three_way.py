"""Three-way reconciliation (issue 15 step 5) on real builds: the session sample build with the sample
generator's monthly 民政统计月报 forms loaded (as `make run` has them; they agree with the extracts),
and a copy of it with one defect form that does not."""

from __future__ import annotations

import os
import shutil
import subprocess

import duckdb
import pytest

pytestmark = pytest.mark.slow

LANLING_DEC = "371324_兰陵县_民政统计月报_2021-12.csv"
KEY = ("dibao_urban_persons", "371324", "month", "2021-12-01")
ROW = """
    select warehouse_value, official_value, form_vs_extracts, result, reason, official_source_file
    from marts.rpt_three_way_reconciliation
    where indicator_code = ? and region_code = ? and period_type = ? and period_start = ?"""


def q(con, sql, params=None):
    return con.execute(sql, params or []).fetchall()


def load_forms(warehouse, landing, work) -> None:
    """Load <landing>/official/ into the warehouse and rebuild the official marts and the three-way mart."""
    from orchestration import settings
    from orchestration.project import dbt_executable
    from orchestration.official.load import load_official

    c = duckdb.connect(str(warehouse))
    try:
        assert {o.status for o in load_official(c, landing, work_dir=work)} == {"loaded"}
    finally:
        c.close()
    run = subprocess.run(
        [dbt_executable(), "build", "--select",
         "path:models/staging/official path:models/marts/official rpt_three_way_reconciliation",
         "--project-dir", str(settings.DBT_PROJECT_DIR), "--profiles-dir", str(settings.DBT_PROJECT_DIR)],
        env={**os.environ, settings.WAREHOUSE_ENV: str(warehouse)}, capture_output=True, text=True,
        cwd=settings.DBT_PROJECT_DIR)
    assert run.returncode == 0, run.stdout[-3000:]


@pytest.fixture(scope="module")
def forms_build(build, tmp_path_factory):
    """(warehouse, landing): a copy of the session build with the 168 sample forms loaded."""
    from orchestration.samples import official_forms

    root = tmp_path_factory.mktemp("three_way")
    landing = root / "landing"
    assert len(official_forms.generate(landing, 2021)) == 168
    warehouse = root / "minzheng.duckdb"
    shutil.copy(build[0], warehouse)
    load_forms(warehouse, landing, root / "work")
    return warehouse, landing


@pytest.fixture(scope="module")
def con(forms_build):
    c = duckdb.connect(str(forms_build[0]), read_only=True)
    yield c
    c.close()


def test_sample_forms_agree_with_the_extracts(con) -> None:
    """Every month of every sample place's 低保 persons and households: form and extracts side by side, all match."""
    got = q(con, """
        select indicator_code, result, reason, count(*) from marts.rpt_three_way_reconciliation
        where official_value is not null and warehouse_value is not null group by all order by all""")
    # 168 forms (every place and month); 深圳's nine districts print no rural 低保 rows (9 x 12 = 108)
    assert got == [("dibao_rural_households", "match", "agree", 60), ("dibao_rural_persons", "match", "agree", 60),
                   ("dibao_urban_households", "match", "agree", 168), ("dibao_urban_persons", "match", "agree", 168)]
    assert q(con, "select result, count(*) from marts.rpt_three_way_reconciliation group by 1") == [("match", 491)]
    assert q(con, ROW, list(KEY)) == [(2873.0, 2873.0, "match", "match", "agree", f"official/{LANLING_DEC}")]


def test_reports_are_set_beside_the_extracts(con) -> None:
    """兰陵's 32285 低保 persons (December 2021): the report and the warehouse agree; 乐清's 356 城市低保 is
    on all three."""
    got = q(con, """
        select reported_value, warehouse_value, report_vs_extracts, result, reason
        from marts.rpt_three_way_reconciliation
        where indicator_code = 'dibao_persons' and region_code = '371324' and period_start = '2021-12-01'""")
    assert got == [(32285.0, 32285.0, "match", "match", "agree")]
    assert q(con, """
        select warehouse_value, official_value, reported_value, form_vs_extracts, report_vs_extracts, report_vs_form,
               result from marts.rpt_three_way_reconciliation where sources_present = 3""") == [
        (356.0, 356.0, 356.0, "match", "match", "match", "match")]
    # every compared claim of rpt_reconciliation is a row, with the same verdict against the extracts
    diff = q(con, """
        select r.claim_id from marts.rpt_reconciliation r
        join marts.rpt_three_way_reconciliation t on t.reported_claim_id = r.claim_id
        where r.result in ('match', 'mismatch') and r.compared_period_type = 'month'
          and t.report_vs_extracts <> r.result""")
    assert diff == []


def test_a_form_that_disagrees_is_a_mismatch(forms_build, tmp_path) -> None:
    """兰陵's December form printing 2,900 城市低保人数 where the extracts count 2,873."""
    warehouse, landing0 = forms_build
    landing = tmp_path / "landing"
    shutil.copytree(landing0 / "official", landing / "official")
    december = landing / "official" / LANLING_DEC
    text = december.read_text(encoding="utf-8")
    assert 'A 城市低保人数,人,"2,873","2,859",0.49' in text
    december.write_text(text.replace('"2,873","2,859",0.49', '"2,900","2,859",1.43'), encoding="utf-8")
    wh = tmp_path / "copy.duckdb"
    shutil.copy(warehouse, wh)
    load_forms(wh, landing, tmp_path / "work")
    c = duckdb.connect(str(wh), read_only=True)
    try:
        assert q(c, ROW, list(KEY)) == [(2873.0, 2900.0, "mismatch", "mismatch", "form_vs_extracts",
                                         f"official/{LANLING_DEC}")]
        assert q(c, "select indicator_code, region_code, official_minus_warehouse "
                    "from marts.rpt_three_way_reconciliation where form_vs_extracts = 'mismatch'") == [
            ("dibao_urban_persons", "371324", 27.0)]
    finally:
        c.close()
