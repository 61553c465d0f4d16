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



# ---- second round (issue 20): every class a county export breaks in ----------------------------
XLSX = LEDGER.replace(".csv", ".xlsx")


def _raw(landing: Path, data: bytes, name: str = LEDGER) -> list[Path]:
    path = landing / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return [path]


def _row(code: str = "371324001", name: str = "卞庄街道", kind: str = "临时救助", n: str = "12", amount: str = "3450",
         month: str = "2021-12") -> str:
    return ",".join([code, name, kind, n, amount, month])


# encoding and bytes
def utf16_excel_unicode_text(landing: Path) -> list[Path]:
    """Excel's "Unicode text (*.txt)" renamed to .csv: UTF-16LE with a BOM, cells separated by tabs."""
    text = "\r\n".join(r.replace(",", "\t") for r in (HEADER, ROW1, ROW2)) + "\r\n"
    return _raw(landing, b"\xff\xfe" + text.encode("utf-16-le"))


def cr_line_ends(landing: Path) -> list[Path]:
    """An old county system writes CR alone at the end of each line (classic Mac line ends)."""
    return _ledger(landing, [HEADER, ROW1, ROW2], eol="\r")


def lf_and_crlf_mixed(landing: Path) -> list[Path]:
    """Rows appended by a script with LF under an Excel export with CRLF."""
    return _raw(landing, f"{HEADER}\r\n{ROW1}\r\n{ROW2}\n".encode())


def nul_padding(landing: Path) -> list[Path]:
    """A copy interrupted and padded with zeros to its announced size."""
    return _raw(landing, f"{HEADER}\r\n{ROW1}\r\n{ROW2}\r\n".encode() + b"\x00" * 512)


def bom_in_the_middle(landing: Path) -> list[Path]:
    """Two exports joined with `copy a.csv+b.csv`: the second one's BOM and header in the middle."""
    return _raw(landing, b"\xef\xbb\xbf" + f"{HEADER}\r\n{ROW1}\r\n".encode() + b"\xef\xbb\xbf"
                + f"{HEADER}\r\n{ROW2}\r\n".encode())


# numbers as people type them
def magnitude_in_cell(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, _row(amount="1.2万"), _row("371324002", "苍山街道", "医疗救助", "3", "700元")])


def chinese_numerals(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, ROW1, _row("371324002", "苍山街道", "医疗救助", "一千二百", "700")])


def dash_for_none(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, ROW1, _row("371324002", "苍山街道", "医疗救助", "—", "/")])


def spaces_and_fullwidth_digits(landing: Path) -> list[Path]:
    """Full-width digits (a Chinese input method), a non-breaking and an ideographic space, a space
    between thousands (copied from a web page)."""
    return _ledger(landing, [HEADER, _row(n="１２", amount="3\u00a0450"),
                             _row("371324002", "苍山街道", "医疗救助", "\u00a03\u3000", "７００")])


def thousands_separators(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, _row(amount='"3,450.00"'), _row("371324002", "苍山街道", "医疗救助", "3", "7，00"), _row("371324101", "向城镇", "医疗救助", "1", '"1,000"')])


def fractional_count(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, ROW1, _row("371324002", "苍山街道", "医疗救助", "2.5", "700")])


# months written many ways
def month_written_many_ways(landing: Path) -> list[Path]:
    rows = [("371324002", "2021年12月"), ("371324101", "202112"), ("371324102", "2021/12"), ("371324103", "2021.12"),
            ("371324104", "2021-12-01 00:00:00")]
    return _ledger(landing, [HEADER, ROW1] + [_row(code, "", "临时救助", "1", "100", m) for code, m in rows])


def excel_date_serial_month(landing: Path) -> list[Path]:
    """A date-formatted month cell saved as its serial: 44531 is 2021-12-01, 44501 is 2021-11-01."""
    return _ledger(landing, [HEADER, _row(month="44531"), _row("371324002", "苍山街道", "医疗救助", "3", "700", "44501")])


def single_digit_month(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, _row(month="2021-3"), _row("371324002", "苍山街道", "医疗救助", "3", "700", "2021年3月")],
                   name=LEDGER.replace("202112", "202103"))


# region codes as spreadsheets mangle them
def region_code_scientific_notation(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, ROW1, _row("3.71324E+08", "苍山街道", "医疗救助", "3", "700")])


def region_code_leading_apostrophe(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, _row("'371324001"), _row("'371324002", "苍山街道", "医疗救助", "3", "700")])


def region_code_float_and_12_digits(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, _row("371324001.0"), _row("371324002000", "苍山街道", "医疗救助", "3", "700")])


def region_code_before_division_change(landing: Path) -> list[Path]:
    """莲都区 联城镇 331102101 was abolished on 2024-07-01 (now 联城街道 331102007); August still uses it."""
    return _ledger(landing, [HEADER, "331102007,联城街道,临时救助,2,800,2024-08", "331102101,联城镇,临时救助,1,500,2024-08"],
                   name="assistance/331102_莲都区_临时救助台账_202408.csv")


# the table's structure
def totals_row_at_bottom(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, ROW1, ROW2, "合计,,,15,4150,"])


def footer_and_blank_rows(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, ROW1, "", ROW2, ",,,,,", "填表人：王科员,审核人：李科长,,,,", "注：救助金额单位为元,,,,,"])


def broken_quoting(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, ROW1.replace("卞庄街道", '"卞庄街道'), ROW2])


def trailing_empty_cells(landing: Path) -> list[Path]:
    """Excel saves the formatted-but-empty columns to the right of the table."""
    return _ledger(landing, [HEADER, ROW1 + ",,", ROW2 + ",,"])


def row_with_extra_cells(landing: Path) -> list[Path]:
    """A name with an unquoted comma: one row has seven cells."""
    return _ledger(landing, [HEADER, ROW1.replace("卞庄街道", "卞庄街道,东片"), ROW2])


def header_with_line_breaks(landing: Path) -> list[Path]:
    """Headers wrapped inside their cells, with full-width brackets and spaces."""
    return _ledger(landing, ['"乡镇（街道）\n区划代码","乡镇（街道）\n名称",救助 类型,"救助\n人次",救助金额（元）,统计月份', ROW1])


# XLSX as people save them
def _workbook(landing: Path, fill, name: str = XLSX) -> list[Path]:
    path = landing / name
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    fill(wb)
    wb.save(path)
    return [path]


def _sheet_rows(ws, rows) -> None:
    ws.append(HEADER.split(","))
    for r in rows:
        ws.append(r)


def xlsx_instructions_sheet_first(landing: Path) -> list[Path]:
    def fill(wb):
        wb.active.title = "填表说明"
        wb.active.append(["请按模板填写，金额单位为元"])
        _sheet_rows(wb.create_sheet("台账"), [["371324001", "卞庄街道", "临时救助", 12, 3450, "2021-12"]])
        hidden = wb.create_sheet("旧数据")
        _sheet_rows(hidden, [["371324002", "苍山街道", "医疗救助", 9, 9999, "2021-12"]])
        hidden.sheet_state = "hidden"
    return _workbook(landing, fill)


def xlsx_two_data_sheets(landing: Path) -> list[Path]:
    def fill(wb):
        wb.active.title = "11月"
        _sheet_rows(wb.active, [["371324001", "卞庄街道", "临时救助", 10, 3000, "2021-11"]])
        _sheet_rows(wb.create_sheet("12月"), [["371324001", "卞庄街道", "临时救助", 12, 3450, "2021-12"]])
    return _workbook(landing, fill)


def xlsx_typed_cells(landing: Path) -> list[Path]:
    """Codes as numbers, a count stored as text, an amount as a float, the month as a date-formatted cell."""
    import datetime

    def fill(wb):
        _sheet_rows(wb.active, [[371324001, "卞庄街道", "临时救助", "12", 3450.0, datetime.datetime(2021, 12, 1)],
                                [371324002, "苍山街道", "医疗救助", 3, 700, datetime.datetime(2021, 12, 31)]])
        for row in (2, 3):
            wb.active.cell(row, 6).number_format = "yyyy年m月"
    return _workbook(landing, fill)


def xlsx_formulas_with_cached_values(landing: Path) -> list[Path]:
    """Amounts as formulas and a =SUM totals row, with the values Excel cached when it saved."""
    import zipfile

    def fill(wb):
        _sheet_rows(wb.active, [["371324001", "卞庄街道", "临时救助", 12, "=3000+450", "2021-12"],
                                ["371324002", "苍山街道", "医疗救助", 3, 700, "2021-12"],
                                ["合计", None, None, "=SUM(D2:D3)", "=SUM(E2:E3)", None]])
    path = _workbook(landing, fill)[0]
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for formula, value in (("3000+450", "3450"), ("SUM(D2:D3)", "15"), ("SUM(E2:E3)", "4150")):
        sheet = sheet.replace(f"<f>{formula}</f><v></v>", f"<f>{formula}</f><v>{value}</v>").replace(
            f"<f>{formula}</f><v />", f"<f>{formula}</f><v>{value}</v>")
    assert sheet.count("<v>3450</v>") == 1 and sheet.count("<v>4150</v>") == 1, sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
    return [path]


def xlsx_hidden_row(landing: Path) -> list[Path]:
    def fill(wb):
        _sheet_rows(wb.active, [["371324001", "卞庄街道", "临时救助", 12, 3450, "2021-12"],
                                ["371324002", "苍山街道", "医疗救助", 3, 700, "2021-12"]])
        wb.active.row_dimensions[3].hidden = True
    return _workbook(landing, fill)


def xlsx_merged_data_cells(landing: Path) -> list[Path]:
    """The township's code and name merged down over its two rows (one per relief type)."""
    def fill(wb):
        _sheet_rows(wb.active, [["371324001", "卞庄街道", "临时救助", 12, 3450, "2021-12"],
                                [None, None, "医疗救助", 3, 700, "2021-12"]])
        wb.active.merge_cells("A2:A3")
        wb.active.merge_cells("B2:B3")
    return _workbook(landing, fill)


# content that cannot be true or must not be kept
def phone_and_id_in_free_text(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, _row(name="卞庄街道(联系人王五13812345678)"),
                             _row("371324002", f"苍山街道 张三{ID_A}", "医疗救助", "3", "700")])


def identity_number_as_household_id(landing: Path) -> list[Path]:
    return [write_csv(landing / ROSTER, [ROSTER_HEADER, f"371324001,H1,张三,{ID_A},农村低保,1,400,2021-12",
                                         f"371324001,{ID_B},李四,{ID_B},农村低保,1,400,2021-12"])]


# deliveries repeated, corrected, mistimed
def resent_under_another_name(landing: Path) -> list[Path]:
    """Re-sent as "…(1).csv" after being saved again in GBK (other bytes, same rows, one row corrected)."""
    first = _ledger(landing, [HEADER, ROW1, ROW2])
    os.utime(first[0], ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    return first + _ledger(landing, [HEADER, ROW1, ROW2.replace(",3,700,", ",3,750,")],
                           name=LEDGER.replace(".csv", "(1).csv"), encoding="gbk")


def correction_for_a_closed_month(landing: Path) -> list[Path]:
    """December is open; November's correction arrives now. A window over both re-takes November from
    the correction and leaves December as it is."""
    nov = LEDGER.replace("202112", "202111")
    first = _ledger(landing, [HEADER, ROW1.replace("2021-12", "2021-11")], name=nov)
    os.utime(first[0], ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    return first + _ledger(landing, [HEADER, ROW1.replace("2021-12", "2021-11").replace(",12,3450,", ",13,3600,")],
                           name=nov.replace(".csv", "_更正.csv")) + _ledger(landing, [HEADER, ROW2])


# the landing folder itself
def editor_lock_files(landing: Path) -> list[Path]:
    """Excel's owner file ~$x.xlsx and LibreOffice's .~lock.x.csv# beside the delivery they have open."""
    return (_ledger(landing, [HEADER, ROW1]) + _raw(landing, b"\x05WPS\x00" + b" " * 157, "assistance/~$" + XLSX.split("/")[1])
            + _raw(landing, b"1,user,host,07.12.2026 03:00,file:///home/user;\n", f"assistance/.~lock.{LEDGER.split('/')[1]}#"))


def hidden_and_system_files(landing: Path) -> list[Path]:
    return (_ledger(landing, [HEADER, ROW1]) + _raw(landing, b"\x00\x05\x16\x07\x00\x02", "assistance/._" + LEDGER.split("/")[1])
            + _raw(landing, b"Bud1\x00\x00", "assistance/.DS_Store") + _raw(landing, b"\xd0\xcf\x11\xe0", "assistance/Thumbs.db"))


def partial_uploads(landing: Path) -> list[Path]:
    """Uploads still being written under temporary names; the finished file is renamed when complete."""
    half = f"{HEADER}\r\n{ROW1}\r\n371324".encode()
    return (_ledger(landing, [HEADER, ROW1]) + _raw(landing, half, LEDGER.replace("202112", "202201") + ".part")
            + _raw(landing, half, LEDGER.replace("202112", "202201") + ".crdownload")
            + _raw(landing, half, LEDGER.replace(".csv", ".tmp")))


def symbolic_link(landing: Path) -> list[Path]:
    target = landing.parent / "elsewhere" / "ledger.csv"
    write_csv(target, [HEADER, ROW1])
    link = landing / LEDGER
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    return [link, target]


def zero_byte_xlsx(landing: Path) -> list[Path]:
    return _raw(landing, b"", XLSX)


def odd_file_name(landing: Path) -> list[Path]:
    """Full-width digits in the month, a space before an upper-case suffix."""
    return _ledger(landing, [HEADER, ROW1], name="assistance/371324_兰陵县_临时救助台账_２０２１年１２月 .CSV")


def file_in_a_subfolder(landing: Path) -> list[Path]:
    return _ledger(landing, [HEADER, ROW1], name="assistance/2021年12月/" + LEDGER.split("/")[1])


CASES: dict[str, Callable[[Path], list[Path]]] = {f.__name__: f for f in (
    wrong_encoding, mixed_encoding, bom, synonyms_and_reordered_columns, missing_required_column, extra_columns,
    title_and_unit_rows, merged_header_cells_xlsx, empty_file, truncated_last_line, text_in_numeric_column,
    negative_counts, amount_in_wan_yuan, unknown_region_code, region_not_valid_in_month, duplicate_rows,
    same_file_twice, corrected_redelivery, wrong_domain_folder, id_number_bad_check_digit, no_month_in_name,
    corrupt_xlsx, row_month_differs,
    # second round
    utf16_excel_unicode_text, cr_line_ends, lf_and_crlf_mixed, nul_padding, bom_in_the_middle,
    magnitude_in_cell, chinese_numerals, dash_for_none, spaces_and_fullwidth_digits, thousands_separators, fractional_count,
    month_written_many_ways, excel_date_serial_month, single_digit_month,
    region_code_scientific_notation, region_code_leading_apostrophe, region_code_float_and_12_digits,
    region_code_before_division_change,
    totals_row_at_bottom, footer_and_blank_rows, broken_quoting, trailing_empty_cells, row_with_extra_cells,
    header_with_line_breaks,
    xlsx_instructions_sheet_first, xlsx_two_data_sheets, xlsx_typed_cells, xlsx_formulas_with_cached_values,
    xlsx_hidden_row, xlsx_merged_data_cells,
    phone_and_id_in_free_text, identity_number_as_household_id,
    resent_under_another_name, correction_for_a_closed_month,
    editor_lock_files, hidden_and_system_files, partial_uploads, symbolic_link, zero_byte_xlsx, odd_file_name,
    file_in_a_subfolder,
)}
