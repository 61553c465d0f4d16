"""A person is paid once a month: when two roster files of one reporting month overlap, ingestion keeps the
row of the file whose path sorts last and quarantines the other with a reason naming the row kept
(sources/assistance/roster.yaml, unique_across_files). Nothing is silently dropped: the ledger accounts
for every row, and loading the window again gives the same tables."""

from datetime import date
from pathlib import Path

import duckdb

from orchestration.ingest.contract import contracts_for
from orchestration.ingest.load import ingest_window
from orchestration.ingest.transform import ID_CHECK, ID_WEIGHTS

HEADER = "属地区划代码,户编号,姓名,身份证号,保障类别,分类施保类别,生活自理能力,户保障人数,保障金,发放月份,开户银行,账号"


def id_number(serial: int) -> str:
    body = f"37132419600101{serial:03d}"
    return body + ID_CHECK[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS)) % 11]


def roster_file(path: Path, rows: list[tuple[int, str, str]]) -> None:
    lines = [HEADER] + [f"371324,H{serial},张三,{id_number(serial)},农村低保,A类,,1,{amount},{month},银行,6222"
                        for serial, amount, month in rows]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def state(con: duckdb.DuckDBPyConnection) -> tuple:
    raw = con.execute("select _source_file, _row_number, household_id, amount_yuan::double from raw.assistance__roster "
                      "order by all").fetchall()
    quarantine = con.execute("select path, row_number, column_name, reason from ingest.quarantine order by all").fetchall()
    ledger = con.execute("select path, status, rows_in_file, rows_loaded, rows_quarantined from ingest.file_ledger "
                         "order by path").fetchall()
    return raw, quarantine, ledger


def test_overlapping_files_of_a_month_keep_one_row_per_person(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    a = "assistance/371324_兰陵县_低保特困发放花名册_城区_202112.csv"
    b = "assistance/371324_兰陵县_低保特困发放花名册_乡镇_202112.csv"
    roster_file(landing / a, [(1, "500", "2021-12"), (2, "600", "2021-12"), (3, "700", "2021-12")])
    roster_file(landing / b, [(3, "710", "2021-12"), (4, "800", "2021-12")])
    roster_file(landing / "assistance/371324_兰陵县_低保特困发放花名册_城区_202201.csv", [(3, "720", "2022-01")])
    (contract,) = [c for c in contracts_for("assistance") if c.table == "assistance__roster"]
    con = duckdb.connect(str(tmp_path / "w.duckdb"))

    def load() -> None:
        ingest_window(con, contract, landing, date(2021, 12, 1), date(2022, 2, 1), key=b"k", work_dir=tmp_path / "work")

    load()
    first = state(con)
    raw, quarantine, ledger = first
    # person 3 is in both December files: the row of a is kept (its path sorts after b's: 城 > 乡)
    assert a > b
    assert raw == sorted([
        (a, 2, "H1", 500.0), (a, 3, "H2", 600.0), (a, 4, "H3", 700.0),
        (b, 3, "H4", 800.0),
        ("assistance/371324_兰陵县_低保特困发放花名册_城区_202201.csv", 2, "H3", 720.0),  # another month: not a repeat
    ])
    assert quarantine == [(b, 2, "发放月份, 身份证号",
                           f"duplicate of row 4 in {a} (same reporting month and pay_month, person_pseudonym): "
                           "kept there, not here")]
    assert (a, "loaded", 3, 3, 0) in ledger and (b, "loaded", 2, 1, 1) in ledger
    load()
    assert state(con) == first, "loading the window again changes nothing"
    con.close()
