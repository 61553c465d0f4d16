"""The bad-input corpus: small deliveries as county bureaus really send them, each one broken in one
way. `CASES` maps a case name to a builder that writes its file(s) into a landing folder and returns
the paths; tests/test_bad_input.py asserts how each is handled (ledger row, quarantine rows, row
accounting, the rejected file left in place). Generated rather than committed so that the bytes
(encodings, cut-off lines, merged cells) are explicit in code review.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import openpyxl

from tests.helpers import id_number, write_csv

LEDGER = "assistance/371324_兰陵县_临时救助台账_202112.csv"
HEADER = "乡镇(街道)区划代码,乡镇(街道)名称,救助类型,救助人次,救助金额,统计月份"
ROW1 = "371324001,卞庄街道,临时救助,12,3450,2021-12"
ROW2 = "371324002,苍山街道,医疗救助,3,700,2021-12"
ROSTER = "assistance/371324_兰陵县_低保特困发放花名册_202112.csv"
ROSTER_HEADER = "属地区划代码,户编号,姓名,身份证号,保障类别,户保障人数,保障金,发放月份"
ID_A = id_number("37132419800101001")
ID_B = id_number("37132419900203002")


def _ledger(landing: Path, rows: list[str], name: str = LEDGER, **kw) -> list[Path]:
    return [write_csv(landing / name, rows, **kw)]


def wrong_encoding(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, ROW1], encoding="utf-16")


def mixed_encoding(landing: Path) -> list[Path]:
    path = landing / LEDGER
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(f"{HEADER}\r\n{ROW1}\r\n".encode() + f"{ROW2}\r\n".encode("gbk"))
    return [path]


def bom(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, ROW1, ROW2], bom=True)


def synonyms_and_reordered_columns(landing: Path) -> list[Path]:
    return _ledger(landing, ["所属月份,救助资金,人次,救助类别,行政区划代码", "2021-12,3450,12,临时救助,371324001"])


def missing_required_column(landing: Path) -> list[Path]:
    return _ledger(landing, ["乡镇(街道)区划代码,救助类型,救助金额,统计月份", "371324001,临时救助,3450,2021-12"])


def extra_columns(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER + ",备注,填报人", ROW1 + ",,王科员"])


def title_and_unit_rows(landing: Path) -> list[Path]:
    return _ledger(landing, ["兰陵县2021年12月临时救助和医疗救助台账", "统计单位：万元",
                             HEADER, "371324001,卞庄街道,临时救助,12,3.45,2021-12"], encoding="gbk")


def merged_header_cells_xlsx(landing: Path) -> list[Path]:
    """A two-row header: 区划代码/名称/月份 merged down over both rows, 救助情况 merged across its
    three sub-columns (as the county's statistics template prints it)."""
    path = landing / "assistance/371324_兰陵县_临时救助台账_202112.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["兰陵县2021年12月临时救助和医疗救助台账"])
    ws.merge_cells("A1:F1")
    ws.append(["乡镇(街道)区划代码", "乡镇(街道)名称", "救助情况", None, None, "统计月份"])
    ws.append([None, None, "救助类型", "救助人次", "救助金额(万元)", None])
    for col in "ABF":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("C2:E2")
    ws.append(["371324001", "卞庄街道", "临时救助", 12, 3.45, "2021-12"])
    ws.append(["371324002", "苍山街道", "医疗救助", 3, 0.07, "2021-12"])
    wb.save(path)
    return [path]


def empty_file(landing: Path) -> list[Path]:
    path = landing / LEDGER
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    return [path]


def truncated_last_line(landing: Path) -> list[Path]:
    """The transfer stopped in the middle of the last record (and of a GBK character)."""
    path = landing / LEDGER
    path.parent.mkdir(parents=True, exist_ok=True)
    data = f"{HEADER}\r\n{ROW1}\r\n{ROW2}\r\n371324101,向城镇".encode("gbk")
    path.write_bytes(data[:-1])
    return [path]


def text_in_numeric_column(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, ROW1, "371324002,苍山街道,医疗救助,三,700,2021-12"])


def negative_counts(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, ROW1, "371324002,苍山街道,医疗救助,-3,700,2021-12"])


def amount_in_wan_yuan(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER.replace("救助金额", "救助金额(万元)"), "371324001,卞庄街道,临时救助,12,3.45,2021-12"])


def unknown_region_code(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, ROW1, "371324999,不存在镇,医疗救助,3,700,2021-12"])


def region_not_valid_in_month(landing: Path) -> list[Path]:
    """莲都区: 联城镇 331102101 became 联城街道 331102007 on 2024-07-01 (seeds/region_townships.csv)."""
    return _ledger(landing, [HEADER, "331102101,联城镇,临时救助,2,800,2024-06", "331102007,联城街道,临时救助,1,500,2024-06"],
                   name="assistance/331102_莲都区_临时救助台账_202406.csv")


def duplicate_rows(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, ROW1, ROW2, ROW1.replace(",12,", ",13,")])


def same_file_twice(landing: Path) -> list[Path]:
    rows = [HEADER, ROW1, ROW2]
    return _ledger(landing, rows) + _ledger(landing, rows, name=LEDGER.replace(".csv", " - 副本.csv"))


def corrected_redelivery(landing: Path) -> list[Path]:
    first = _ledger(landing, [HEADER, ROW1, ROW2])
    second = _ledger(landing, [HEADER, ROW1, ROW2.replace(",3,700,", ",4,900,")],
                     name=LEDGER.replace(".csv", "_更正.csv"))
    # the correction arrives later
    os.utime(first[0], ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    return first + second


def wrong_domain_folder(landing: Path) -> list[Path]:
    return [write_csv(landing / "assistance/371324_兰陵县_殡葬业务统计月报_202112.csv",
                      ["区划代码,地区,死亡人数,火化数,生态安葬数,统计月份", "371324,兰陵县,100,98,5,2021-12"])]


def id_number_bad_check_digit(landing: Path) -> list[Path]:
    bad = ID_B[:-1] + ("0" if ID_B[-1] != "0" else "1")
    return [write_csv(landing / ROSTER, [ROSTER_HEADER, f"371324001,H1,张三,{ID_A},农村低保,1,400,2021-12",
                                         f"371324001,H2,李四,{bad},农村低保,1,400,2021-12"], encoding="gbk")]


def no_month_in_name(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, ROW1], name="assistance/371324_兰陵县_临时救助台账.csv")


def corrupt_xlsx(landing: Path) -> list[Path]:
    path = landing / "assistance/371324_兰陵县_临时救助台账_202112.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PK\x03\x04 this is not a workbook")
    return [path]


def row_month_differs(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, ROW1, "371324002,苍山街道,医疗救助,3,700,2021-11"])


CASES: dict[str, Callable[[Path], list[Path]]] = {f.__name__: f for f in (
    wrong_encoding, mixed_encoding, bom, synonyms_and_reordered_columns, missing_required_column, extra_columns,
    title_and_unit_rows, merged_header_cells_xlsx, empty_file, truncated_last_line, text_in_numeric_column,
    negative_counts, amount_in_wan_yuan, unknown_region_code, region_not_valid_in_month, duplicate_rows,
    same_file_twice, corrected_redelivery, wrong_domain_folder, id_number_bad_check_digit, no_month_in_name,
    corrupt_xlsx, row_month_differs,
)}
