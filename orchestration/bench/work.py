"""The three workloads of the benchmark, each run in its own process (`python -m orchestration.bench.work`).

* pipeline: the real thing, landing → raw → marts through Dagster and dbt (`runner.build_window`),
  restricted to fct_assistance and what it needs (or the whole job, `--full`).
* floor: the fastest plain script for the same work: decode (Python, only where a file is not
  UTF-8), DuckDB read_csv, the same keyed HMAC in SQL, the raw rows kept in a table, the
  fct_assistance measures by one GROUP BY.
* pandas: the same work as an analyst writes it today: read_csv, hmac per row, groupby.

Each prints one JSON line: {"seconds": wall time of the work, "rows": raw rows kept}.
The results are compared by the parent (orchestration/bench/run.py), never here.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

# the fct_assistance columns the three must agree on (the pipeline adds region versions and lineage)
MEASURES = ("region_code", "month", "program_code", "households", "persons", "amount_yuan",
            "households_class_a", "households_class_b", "persons_class_a", "persons_class_b",
            "persons_unable_self_care", "source_rows")
PROGRAM_CODES = {"城市低保": "dibao_urban", "农村低保": "dibao_rural",
                 "特困集中供养": "tekun_centralized", "特困分散供养": "tekun_dispersed"}
ROSTER_HEADERS = ("属地区划代码", "户编号", "姓名", "身份证号", "保障类别", "分类施保类别", "生活自理能力",
                  "户保障人数", "保障金", "发放月份", "开户银行", "账号")


def roster_files(landing: Path, start: date, end: date) -> list[Path]:
    from orchestration.ingest.landing import month_from_name

    out = []
    for p in sorted((landing / "assistance").glob("*.csv")):
        m = month_from_name(p.name)
        if m is not None and start <= m <= end:
            out.append(p)
    return out


def _utf8_copy(path: Path, work: Path) -> Path:
    """path itself when it is UTF-8 (no BOM); else a UTF-8 copy (BOM dropped, GBK/GB18030 decoded)."""
    with path.open("rb") as f:
        head = f.read(3)
    if head != codecs.BOM_UTF8:
        try:
            with path.open("rb") as f:
                dec = codecs.getincrementaldecoder("utf-8")()
                while chunk := f.read(8 << 20):
                    dec.decode(chunk)
                dec.decode(b"", final=True)
            return path
        except UnicodeDecodeError:
            encoding = "gb18030"
    else:
        encoding = "utf-8-sig"
    work.mkdir(parents=True, exist_ok=True)
    dst = work / (path.stem + ".utf8.csv")
    with path.open("rb") as src, dst.open("wb") as out:
        dec = codecs.getincrementaldecoder(encoding)()
        while chunk := src.read(8 << 20):
            out.write(dec.decode(chunk).encode("utf-8"))
        out.write(dec.decode(b"", final=True).encode("utf-8"))
    return dst


def run_pipeline(landing: Path, warehouse: Path, start: date, end: date, full: bool) -> dict:
    import dagster as dg

    from orchestration.definitions import build_definitions
    from orchestration.runner import build
    from orchestration.settings import Settings, apply_process_defaults
    from orchestration.window import Window

    apply_process_defaults()  # this process's boundary
    settings = Settings.from_env(warehouse=warehouse, landing=landing)

    t0 = time.perf_counter()
    selection = None
    if not full:
        defs = build_definitions(settings)
        graph = defs.resolve_asset_graph()
        selection = list(dg.AssetSelection.assets(["marts", "fct_assistance"]).upstream().resolve(graph))
    instance = dg.DagsterInstance.ephemeral()
    outcome = build(Window.months(start, end), settings, log_level="WARNING", selection=selection, instance=instance)
    seconds = time.perf_counter() - t0
    # The quality gate's verdicts on the generated roster (e.g. a partial year) are data findings, not a
    # failure of the pipeline's work: only a failed ingestion or dbt step fails the benchmark.
    from orchestration.quality.runner import CHECK_STEP_PREFIX

    failures = [(step, msg) for step, msg in outcome.step_failures if not step.startswith(CHECK_STEP_PREFIX)]
    if failures or not outcome.materialized:
        raise SystemExit(f"pipeline failed: {failures or outcome.step_failures}")
    failed_checks = sorted({ev.check_name for ev in outcome.failed_checks})
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute("select count(*) from raw.assistance__roster where _reporting_month between ? and ?",
                       [start, end]).fetchone()[0]
    con.close()
    return {"seconds": seconds, "rows": rows, "steps": step_seconds(instance, outcome.result.run_id),
            "failed_checks": failed_checks}


def step_seconds(instance, run_id: str) -> dict[str, float]:
    """Wall seconds of each step of the run (from its start and success events)."""
    starts, out = {}, {}
    for entry in instance.all_logs(run_id):
        e = entry.dagster_event
        if e is None:
            continue
        if e.event_type_value == "STEP_START":
            starts[e.step_key] = entry.timestamp
        elif e.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and e.step_key in starts:
            out[e.step_key] = round(entry.timestamp - starts[e.step_key], 2)
    return out


def run_floor(landing: Path, db: Path, start: date, end: date, key: bytes, work: Path) -> dict:
    import duckdb

    from orchestration.ingest.pseudonymise import hmac_sql

    t0 = time.perf_counter()
    files = [str(_utf8_copy(p, work)) for p in roster_files(landing, start, end)]
    con = duckdb.connect(str(db))
    cols = {h: "VARCHAR" for h in ROSTER_HEADERS}
    cols["户保障人数"] = "BIGINT"
    cols["保障金"] = "DECIMAL(18,2)"
    con.execute(f"""
        create or replace table raw_roster as
        select "属地区划代码" as region_code, "户编号" as household_id,
               {hmac_sql('"身份证号"', key)} as person_pseudonym,
               "保障类别" as program_zh, "分类施保类别" as household_class, "生活自理能力" as self_care_zh,
               "户保障人数" as household_size, "保障金" as amount_yuan,
               cast(strptime("发放月份", '%Y-%m') as date) as pay_month, filename as _source_file
        from read_csv({files!r}, header = true, columns = {cols!r}, filename = true)
    """)
    con.execute("""
        create or replace table fct as
        select region_code, pay_month as month,
               case program_zh when '城市低保' then 'dibao_urban' when '农村低保' then 'dibao_rural'
                    when '特困集中供养' then 'tekun_centralized' when '特困分散供养' then 'tekun_dispersed' end
                   as program_code,
               count(distinct household_id) as households, count(distinct person_pseudonym) as persons,
               sum(amount_yuan) as amount_yuan,
               case when count(household_class) > 0 then count(distinct household_id) filter (household_class = 'A类') end
                   as households_class_a,
               case when count(household_class) > 0 then count(distinct household_id) filter (household_class = 'B类') end
                   as households_class_b,
               case when count(household_class) > 0 then count(distinct person_pseudonym) filter (household_class = 'A类') end
                   as persons_class_a,
               case when count(household_class) > 0 then count(distinct person_pseudonym) filter (household_class = 'B类') end
                   as persons_class_b,
               case when any_value(program_zh) like '特困%' and count(self_care_zh) > 0
                    then count(distinct person_pseudonym) filter (self_care_zh = '完全失能') end as persons_unable_self_care,
               count(*) as source_rows
        from raw_roster group by all
    """)
    seconds = time.perf_counter() - t0
    rows = con.execute("select count(*) from raw_roster").fetchone()[0]
    con.close()
    for f in work.glob("*.utf8.csv"):
        f.unlink()
    return {"seconds": seconds, "rows": rows}


def run_pandas(landing: Path, db: Path, start: date, end: date, key: bytes) -> dict:
    import hashlib
    import hmac

    import duckdb
    import pandas as pd

    t0 = time.perf_counter()
    frames = []
    for path in roster_files(landing, start, end):
        with path.open("rb") as f:
            head = f.read(4 << 20)
        try:
            head.decode("utf-8")
            encoding = "utf-8-sig"
        except UnicodeDecodeError as exc:
            encoding = "utf-8-sig" if exc.start > len(head) - 4 else "gb18030"
        try:
            df = pd.read_csv(path, dtype=str, encoding=encoding, keep_default_na=False, na_values=[""])
        except UnicodeDecodeError:
            df = pd.read_csv(path, dtype=str, encoding="gb18030", keep_default_na=False, na_values=[""])
        df["person_pseudonym"] = df["身份证号"].map(
            lambda v: hmac.new(key, v.upper().encode("utf-8"), hashlib.sha256).hexdigest())
        df = df.drop(columns=["姓名", "身份证号", "开户银行", "账号"])
        df["_source_file"] = str(path)
        frames.append(df)
    raw = pd.concat(frames, ignore_index=True).rename(columns={
        "属地区划代码": "region_code", "户编号": "household_id", "保障类别": "program_zh",
        "分类施保类别": "household_class", "生活自理能力": "self_care_zh", "户保障人数": "household_size",
        "保障金": "amount_yuan", "发放月份": "pay_month"})
    raw["household_size"] = raw["household_size"].astype("Int64")
    raw["amount_cents"] = (raw["amount_yuan"].astype(float) * 100).round().astype("int64")
    raw["month"] = pd.to_datetime(raw["pay_month"], format="%Y-%m").dt.date
    raw["pay_month"] = raw["month"]
    raw["program_code"] = raw["program_zh"].map(PROGRAM_CODES)

    def group(g: pd.DataFrame) -> pd.Series:
        has_class = g["household_class"].notna().any()
        a, b = g["household_class"] == "A类", g["household_class"] == "B类"
        tekun = g.name[2].startswith("tekun")
        return pd.Series({
            "households": g["household_id"].nunique(), "persons": g["person_pseudonym"].nunique(),
            "amount_cents": g["amount_cents"].sum(),
            "households_class_a": g.loc[a, "household_id"].nunique() if has_class else None,
            "households_class_b": g.loc[b, "household_id"].nunique() if has_class else None,
            "persons_class_a": g.loc[a, "person_pseudonym"].nunique() if has_class else None,
            "persons_class_b": g.loc[b, "person_pseudonym"].nunique() if has_class else None,
            "persons_unable_self_care": (g.loc[g["self_care_zh"] == "完全失能", "person_pseudonym"].nunique()
                                         if tekun and g["self_care_zh"].notna().any() else None),
            "source_rows": len(g),
        })

    fct = raw.groupby(["region_code", "month", "program_code"]).apply(group, include_groups=False).reset_index()
    con = duckdb.connect(str(db))
    keep = raw.drop(columns=["amount_yuan"])
    con.register("keep", keep)
    con.execute("create or replace table raw_roster as select * exclude (amount_cents), "
                "amount_cents / 100 :: decimal(18,2) as amount_yuan from keep")
    con.register("fct_df", fct)
    con.execute("create or replace table fct as select * exclude (amount_cents), "
                "cast(amount_cents as decimal(18,0)) / 100 :: decimal(18,2) as amount_yuan from fct_df")
    seconds = time.perf_counter() - t0
    rows = con.execute("select count(*) from raw_roster").fetchone()[0]
    con.close()
    return {"seconds": seconds, "rows": rows}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m orchestration.bench.work")
    p.add_argument("workload", choices=["pipeline", "floor", "pandas"])
    p.add_argument("--landing", required=True)
    p.add_argument("--db", required=True, help="the DuckDB file to write (the warehouse for the pipeline)")
    p.add_argument("--start", required=True)
    p.add_argument("--end", required=True)
    p.add_argument("--full", action="store_true", help="pipeline: the whole build job, not only fct_assistance")
    a = p.parse_args(argv)
    start, end = date.fromisoformat(a.start), date.fromisoformat(a.end)
    landing, db = Path(a.landing).resolve(), Path(a.db).resolve()
    key = os.environ.get("MINZHENG_PSEUDONYM_KEY", "").encode() or b"minzheng-bench-key"
    if a.workload == "pipeline":
        out = run_pipeline(landing, db, start, end, a.full)
    elif a.workload == "floor":
        out = run_floor(landing, db, start, end, key, db.parent / "_floor_work")
    else:
        out = run_pandas(landing, db, start, end, key)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
