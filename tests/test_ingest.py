"""Ingestion of one extract into a real DuckDB file: contract, units, quarantine, ledger, idempotency."""

from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest

from orchestration.ingest.contract import load_contracts
from orchestration.ingest.landing import month_from_name
from orchestration.ingest.load import ingest_window
from tests.helpers import id_number, write_csv

CONTRACTS = {c.table: c for c in load_contracts()}
DEC = (date(2021, 12, 1), date(2022, 1, 1))
A, B, C = id_number("37132419800101001"), id_number("37132419900203002"), id_number("37132419700305003")


def ingest(tmp_path: Path, table: str, window=DEC):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    report = ingest_window(con, CONTRACTS[table], tmp_path / "landing", *window, key=b"test", work_dir=tmp_path / "work")
    return con, report


def test_every_contract_loads_and_names_its_table() -> None:
    assert sorted(CONTRACTS) == [
        "assistance__allowance_standards", "assistance__relief_ledger", "assistance__roster",
        "eldercare__community_services", "eldercare__elder_subsidies", "eldercare__institutions",
        "funeral__cemeteries", "funeral__funeral_statistics", "funeral__grave_remediation",
        "organization__social_orgs", "organization__village_committees",
    ]
    roster = CONTRACTS["assistance__roster"].stored_columns()
    assert "person_pseudonym" in roster
    assert not {"person_name", "id_number", "bank_account", "bank_name"} & set(roster)


@pytest.mark.parametrize(("name", "month"), [
    ("371324_兰陵县_低保特困发放花名册_202112.csv", date(2021, 12, 1)),
    ("花名册2021-03.xlsx", date(2021, 3, 1)),
    ("舟山市2023年6月公墓名册.xlsx", date(2023, 6, 1)),
    ("371324_兰陵县_坟墓整治台账_2021.xlsx", None),  # a year is not a reporting month
    ("舟山市2023年06月公墓名册.xlsx", date(2023, 6, 1)),
    ("花名册.csv", None),
])
def test_month_from_file_name(name: str, month: date | None) -> None:
    assert month_from_name(name) == month


def test_gbk_roster_with_synonyms_reordered_columns_and_bad_rows(tmp_path: Path) -> None:
    write_csv(tmp_path / "landing/assistance/371324_兰陵县_低保特困发放花名册_202112.csv", [
        "兰陵县2021年12月低保特困发放花名册",
        "统计单位：元",
        "身份证号码,姓名,区划代码,户编号,对象类别,保障人数,发放金额,发放年月,开户行,银行账号,备注",
        f"{A},张三,371324001,H1,城镇低保,2,500.50,2021-12,农行,6228001,",
        f"{B},李四,371324001,H1,城市低保,2,-3,202112,农行,6228002,",
        f"{A[:-1]}{'0' if A[-1] != '0' else '1'},王五,371324001,H2,城市低保,1,100,2021-12,农行,6228003,",
        f"{A},张三,371324001,H1,城市低保,2,500.50,2021-12,农行,6228001,",
        f"{C},赵六,371324002,H3,特困集中,1,abc,2021-11,农行,6228004,",
        f"{C},赵六,37132,H3,特困集中供养,1,800,2021-12,农行,6228004,",
    ], encoding="gbk")
    con, report = ingest(tmp_path, "assistance__roster")
    (o,) = report.files
    assert (o.status, o.encoding, o.rows_loaded, o.rows_quarantined) == ("loaded", "gbk", 1, 5)
    row = con.execute("select region_code, household_id, program_zh, household_size, amount_yuan, pay_month, "
                      "_row_number, length(person_pseudonym) from raw.assistance__roster").fetchall()
    assert row == [("371324001", "H1", "城市低保", 2, pytest.approx(500.5), date(2021, 12, 1), 4, 64)]
    q = con.execute("select row_number, column_name, raw_value, reason from ingest.quarantine order by 1, 2").fetchall()
    assert q == [
        (5, "保障金", "-3", "below the minimum 0"),
        (6, "身份证号", f"{A[:4]}…(18 chars)", "not a valid 18-digit identity number (GB 11643 check digit)"),
        (7, "发放月份, 身份证号", None, "duplicate of row 4 (same pay_month, id_number)"),
        (8, "保障类别", "特困集中", "not one of: 城市低保, 农村低保, 特困集中供养, 特困分散供养"),
        (8, "保障金", "abc", "not a number (decimal)"),
        (8, "发放月份", "2021-11", "month differs from the file's reporting month 2021-12"),
        (9, "属地区划代码", "37132", "not a 6-, 9- or 12-digit division code"),
    ]
    ledger = con.execute("select status, encoding, header_row, rows_in_file, rows_loaded, rows_quarantined, extra_columns "
                         "from ingest.file_ledger").fetchall()
    assert ledger == [("loaded", "gbk", 3, 6, 1, 5, "备注")]
    # nothing personal is stored anywhere: not the names, not the identity numbers, not the accounts
    dump = str(con.execute("select * from raw.assistance__roster").fetchall()) + str(
        con.execute("select * from ingest.quarantine").fetchall())
    for secret in ("张三", "李四", A, B, C, "6228001"):
        assert secret not in dump


def test_rerun_is_idempotent_and_same_content_twice_is_a_duplicate(tmp_path: Path) -> None:
    rows = ["属地区划代码,户编号,姓名,身份证号,保障类别,户保障人数,保障金,发放月份",
            f"371324001,H1,张三,{A},农村低保,1,400,2021-12"]
    write_csv(tmp_path / "landing/assistance/371324_低保花名册_202112.csv", rows)
    write_csv(tmp_path / "landing/assistance/371324_低保花名册_202112_copy.csv", rows)
    for _ in range(2):
        con, report = ingest(tmp_path, "assistance__roster")
        assert [f.status for f in report.files] == ["loaded", "duplicate"]
        assert con.execute("select count(*) from raw.assistance__roster").fetchone()[0] == 1
        assert con.execute("select count(*) from ingest.file_ledger").fetchone()[0] == 2
        con.close()


def test_missing_required_column_rejects_the_file_and_leaves_it(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "landing/assistance/371324_低保花名册_202112.csv",
                     ["属地区划代码,户编号,姓名,保障类别,保障金,发放月份", "371324001,H1,张三,农村低保,400,2021-12"])
    con, report = ingest(tmp_path, "assistance__roster")
    (o,) = report.files
    assert o.status == "rejected"
    assert o.reason.startswith("assistance/371324_低保花名册_202112.csv: missing required column(s) 身份证号 (id_number) in header row 1")
    assert path.exists()
    assert con.execute("select status from ingest.file_ledger").fetchall() == [("rejected",)]
    assert con.execute("select count(*) from raw.assistance__roster").fetchone()[0] == 0


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "landing/assistance").mkdir(parents=True)
    (tmp_path / "landing/assistance/371324_低保花名册_202112.csv").write_bytes(b"")
    _, report = ingest(tmp_path, "assistance__roster")
    assert report.files[0].status == "rejected"
    assert "the file is empty" in report.files[0].reason


def test_header_only_file_is_a_delivery_of_zero_rows(tmp_path: Path) -> None:
    write_csv(tmp_path / "landing/funeral/440304_福田区_散葬坟墓整治台账_202112.csv",
              ["台账编号,乡镇(街道)区划代码,类型,整治类别,排查日期,整治完成日期"])
    con, report = ingest(tmp_path, "funeral__grave_remediation")
    assert (report.files[0].status, report.files[0].rows_loaded) == ("loaded", 0)
    assert con.execute("select rows_in_file, notes from ingest.file_ledger").fetchall() == [
        (0, "header only: a delivery of zero rows")]


def test_unchanged_snapshot_of_another_month_is_not_a_duplicate(tmp_path: Path) -> None:
    rows = ["公墓编码,公墓名称,区划代码,公墓性质,批准日期,年检年度,年检结果", "C1,青山公墓,330382,公益性,2021-03-01,2021,合格"]
    for m in ("202111", "202112"):
        write_csv(tmp_path / f"landing/funeral/330382_乐清市_公墓名册_{m}.csv", rows)
    write_csv(tmp_path / "landing/funeral/330382_乐清市_公墓名册_202112_重报.csv", rows)
    con, report = ingest(tmp_path, "funeral__cemeteries", (date(2021, 11, 1), date(2022, 1, 1)))
    assert [f.status for f in report.files] == ["loaded", "loaded", "duplicate"]
    assert con.execute("select _reporting_month, count(*) from raw.funeral__cemeteries group by 1 order by 1").fetchall() == [
        (date(2021, 11, 1), 1), (date(2021, 12, 1), 1)]


def test_amounts_in_wan_yuan_are_stored_in_yuan(tmp_path: Path) -> None:
    write_csv(tmp_path / "landing/assistance/371324_兰陵县_临时救助台账_202112.csv", [
        "乡镇(街道)区划代码,乡镇(街道)名称,救助类型,救助人次,救助金额(万元),统计月份",
        "371324001,卞庄街道,临时救助,12,3.45,2021-12",
        "371324002,苍山街道,医疗救助,3,0.07,2021-12",
    ], encoding="gb18030")
    con, report = ingest(tmp_path, "assistance__relief_ledger")
    assert report.files[0].encoding == "gbk"  # only GBK characters: the narrower name is reported
    got = con.execute("select region_code, relief_type_zh, person_times, amount_yuan from raw.assistance__relief_ledger order by 1").fetchall()
    assert got == [("371324001", "临时救助", 12, 34500), ("371324002", "医疗救助", 3, 700)]
    assert "header says 万元, ×10000 to 元" in con.execute("select notes from ingest.file_ledger").fetchone()[0]


def test_xlsx_title_and_unit_rows_and_per_row_units(tmp_path: Path) -> None:
    folder = tmp_path / "landing/assistance"
    folder.mkdir(parents=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["兰陵县2021年救助保障标准"])
    ws.merge_cells("A1:E1")
    ws.append(["统计单位：元"])
    ws.append(["区划代码", "标准类型", "标准金额", "计量单位", "生效日期"])
    ws.append(["371324", "城市低保标准", 750, "元/人·月", "2021-07-01"])
    ws.append(["371324", "农村低保标准", 5520, "元/人·年", "2021-07-01"])
    ws.append([371324, "特困人员供养标准", 975.5, "元/人/月", "2021/7/1"])
    ws.append(["371324", "农村低保标准", 5520, "元/季", "2021-07-01"])
    wb.save(folder / "371324_兰陵县_救助保障标准_202112.xlsx")
    con, report = ingest(tmp_path, "assistance__allowance_standards")
    (o,) = report.files
    assert (o.encoding, o.header_row, o.rows_loaded, o.rows_quarantined) == ("xlsx", 3, 3, 1)
    got = con.execute("select standard_type_zh, amount_yuan_per_person_month, effective_date, _row_number "
                      "from raw.assistance__allowance_standards order by _row_number").fetchall()
    assert got == [("城市低保标准", 750, date(2021, 7, 1), 4), ("农村低保标准", 460, date(2021, 7, 1), 5),
                   ("特困供养标准", pytest.approx(975.5), date(2021, 7, 1), 6)]
    assert con.execute("select row_number, reason from ingest.quarantine").fetchall() == [
        (7, "unit not one of: 元/人·月, 元/人/月, 元/月, 元/人·年, 元/人/年, 元/年")]


def test_sheet_unit_row_in_wan_yuan_applies_to_amounts(tmp_path: Path) -> None:
    folder = tmp_path / "landing/eldercare"
    folder.mkdir(parents=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["定海区2023年6月老年人补贴发放统计"])
    ws.append(["单位：万元"])
    ws.append(["区划代码", "补贴类别", "发放人数", "发放金额", "发放月份"])
    ws.append(["330902001", "高龄补贴", 120, 1.2, "2023-06"])
    wb.save(folder / "330902_定海区_老年人补贴发放_202306.xlsx")
    con, _ = ingest(tmp_path, "eldercare__elder_subsidies", (date(2023, 6, 1), date(2023, 7, 1)))
    assert con.execute("select subsidy_type_zh, persons, amount_yuan from raw.eldercare__elder_subsidies").fetchall() == [
        ("高龄津贴", 120, 12000)]


def test_window_only_touches_its_months(tmp_path: Path) -> None:
    for m in ("202111", "202112"):
        write_csv(tmp_path / f"landing/funeral/371324_兰陵县_殡葬业务月报_{m}.csv",
                  ["区划代码,地区,死亡人数,火化数,生态安葬数,统计月份", f"371324,兰陵县,100,98,5,{m[:4]}-{m[4:]}"])
    con, _ = ingest(tmp_path, "funeral__funeral_statistics", (date(2021, 11, 1), date(2022, 1, 1)))
    con.execute("update raw.funeral__funeral_statistics set deaths = 1 where _reporting_month = '2021-11-01'")
    con.close()
    con, _ = ingest(tmp_path, "funeral__funeral_statistics", DEC)
    assert con.execute("select month, deaths from raw.funeral__funeral_statistics order by 1").fetchall() == [
        (date(2021, 11, 1), 1), (date(2021, 12, 1), 100)]


def test_file_in_the_wrong_domain_folder_is_rejected_and_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "landing/assistance/371324_兰陵县_公墓名册_202112.csv",
                     ["公墓编码,公墓名称,区划代码,公墓性质", "C1,青山公墓,371324,公益性"])
    write_csv(tmp_path / "landing/assistance/说明_202112.csv", ["readme"])
    con, _ = ingest(tmp_path, "assistance__roster")
    rows = con.execute("select path, domain, extract, status, reason from ingest.file_ledger order by path").fetchall()
    assert rows == [
        ("assistance/371324_兰陵县_公墓名册_202112.csv", "assistance", None, "rejected",
         "assistance/371324_兰陵县_公墓名册_202112.csv: delivered to the wrong folder: the name says 公墓名册 "
         "(funeral__cemeteries), which belongs in funeral/"),
        ("assistance/说明_202112.csv", "assistance", None, "rejected",
         "assistance/说明_202112.csv: no contract in sources/assistance/ matches the file name "
         "(keywords: 临时救助, 保障标准, 医疗救助, 发放名册, 发放明细, 救助台账, 救助标准, 花名册)"),
    ]
    assert path.exists()
    # a second extract asset of the domain records the same rows, not more
    ingest(tmp_path, "assistance__relief_ledger")[0].close()
    con.close()
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    assert con.execute("select count(*) from ingest.file_ledger where extract is null").fetchone()[0] == 2
