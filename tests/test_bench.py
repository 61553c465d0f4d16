"""The benchmark end to end at a tiny scale: the pipeline, the floor and the pandas peer give the
same fct_assistance rows and the same pseudonymised raw rows, and the JSON has its keys.
No timing is asserted (speed is measured by `make bench`, never tested)."""

import json
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration.bench.data import HEADER, write_bench_data
from orchestration.bench.run import compare, run_child, tree_rss
from orchestration.cli import main
from orchestration.ingest.transform import ID_CHECK, ID_WEIGHTS

pytestmark = pytest.mark.slow


def test_bench_data_is_deterministic_and_valid(tmp_path: Path) -> None:
    a = write_bench_data(tmp_path / "a", 0.0002, 2)
    b = write_bench_data(tmp_path / "b", 0.0002, 2)
    assert a == b and a["files"] == 62 and a["provinces"] == 31 and a["counties"] == 2814
    assert set(a["rows_by_encoding"]) == {"utf-8", "utf-8-sig", "gbk", "gb18030"}
    for f in sorted((tmp_path / "a" / "assistance").iterdir()):
        assert f.read_bytes() == (tmp_path / "b" / "assistance" / f.name).read_bytes()
    beijing = tmp_path / "a" / "assistance" / "110000_北京_低保特困发放花名册_202101.csv"
    assert beijing.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM by ENCODINGS
    df = pl.read_csv(tmp_path / "a" / "assistance" / "440000_广东_低保特困发放花名册_202102.csv", infer_schema=False)
    assert tuple(df.columns) == HEADER
    ids = df["身份证号"].to_list()
    assert len(set(ids)) == len(ids)
    for i in ids[:200]:  # GB 11643 check digits
        assert ID_CHECK[sum(int(c) * w for c, w in zip(i[:17], ID_WEIGHTS)) % 11] == i[17]
    assert set(df["保障类别"]) <= {"城市低保", "农村低保", "特困集中供养", "特困分散供养"}
    assert set(df["发放月份"]) == {"2021-02"}


def test_bench_runs_end_to_end_and_the_three_agree(tmp_path: Path, capsys) -> None:
    results = tmp_path / "results.md"
    code = main(["bench", "--scale", "0.0002", "--no-fixed", "--no-incremental", "--json",
                 "--results", str(results), "--work", str(tmp_path / "work")])
    out = capsys.readouterr().out.strip().splitlines()
    result = json.loads(out[-1])
    assert code == 0 and result["equal"] is True
    for key in ("rows", "pipeline_s", "fixed_s", "floor_s", "pandas_s", "peak_rss_mb", "incremental_s"):
        assert key in result
    assert result["rows"] == result["curve"][0]["rows"] > 5000
    assert result["curve"][0]["fact_rows"] > 2000  # region × month × programme
    assert result["peak_rss_mb"] > 50  # the sampler saw the process tree
    assert isinstance(result["incremental_s"], dict)
    text = results.read_text(encoding="utf-8")
    assert "| roster rows |" in text and f"| {result['rows']:,} |" in text


def test_compare_reports_a_difference(tmp_path: Path) -> None:
    """The equality check is not vacuous: one changed amount in a copy of the floor's result is reported."""
    landing = tmp_path / "landing"
    write_bench_data(landing, 0.0001, 1)
    from datetime import date

    start = date(2021, 1, 1)
    dbs = {"floor": tmp_path / "f.duckdb", "pandas": tmp_path / "p.duckdb"}
    run_child("floor", landing, dbs["floor"], start, start, log=lambda *_: None)
    shutil.copyfile(dbs["floor"], dbs["pandas"])
    first = compare(dbs, start, start, ref_name="floor")
    assert first["equal"] and first["raw_rows"] > 2000, first
    con = duckdb.connect(str(dbs["pandas"]))
    con.execute("update fct set amount_yuan = amount_yuan + 0.01 where rowid = 0")
    con.close()
    check = compare(dbs, start, start, ref_name="floor")
    assert not check["equal"] and "fct_assistance of pandas differs" in check["problems"][0]
    assert tree_rss(1 << 22) == 0  # no such process
