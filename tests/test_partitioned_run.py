"""A run of one month through the front door (`minzheng run --from M --to M`), twice."""

from pathlib import Path

import duckdb
import pytest

from orchestration.cli import main

pytestmark = pytest.mark.slow


def _state(path: Path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            "raw_months": con.execute("select distinct _reporting_month from raw.assistance__roster").fetchall(),
            "raw_rows": con.execute("select count(*) from raw.assistance__roster").fetchone()[0],
            "fact": con.execute("select region_code, month, program_code, persons, amount_yuan from marts.fct_assistance "
                                "order by all").fetchall(),
            "ledger": con.execute("select path, status, rows_loaded from ingest.file_ledger order by path").fetchall(),
            "values": con.execute("select count(*) from marts.fct_indicator_value").fetchone()[0],
        }
    finally:
        con.close()


def test_one_month_is_built_alone_and_again_identically(tmp_path: Path, sample_landing: Path,
                                                       monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    warehouse = tmp_path / "one_month.duckdb"
    monkeypatch.setenv("MINZHENG_PSEUDONYM_KEY", "test-key")
    args = ["run", "--landing", str(sample_landing), "--warehouse", str(warehouse), "--from", "2021-12", "--to", "2021-12"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "building:  2021-12..2021-12 in one run" in out and "succeeded" in out
    first = _state(warehouse)
    assert [m[0].isoformat() for m in first["raw_months"]] == ["2021-12-01"]
    assert {row[1].isoformat() for row in first["fact"]} == {"2021-12-01"}
    assert all(path.endswith("202112.csv") or path.endswith("202112.xlsx") for path, _, _ in first["ledger"])
    # 兰陵 December alone: the same 32285 as in the full build
    lanling = sum(p for r, m, prog, p, _ in first["fact"] if r.startswith("371324") and prog.startswith("dibao"))
    assert lanling == 32285
    assert main(args) == 0
    assert _state(warehouse) == first, "running a month again changes nothing"
