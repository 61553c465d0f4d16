"""`minzheng bench`: the pipeline against the floor and a pandas peer, on the same files, in one session.

Every workload runs in a child process (orchestration/bench/work.py) while this process samples
the resident memory of the child and all its descendants (dbt runs as a subprocess of Dagster)
from /proc. The results of the three are checked equal before any number is reported.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from orchestration.bench.data import month_label, write_bench_data
from orchestration.window import Window, parse_month
from orchestration.bench.work import MEASURES

BENCH_KEY = "minzheng-bench-key"
NOTES_MARKER = "<!-- notes: kept when the tables above are regenerated -->"
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(b")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_rss(pid: int) -> int:
    """Resident bytes of pid and all its descendants (0 when it is gone)."""
    tree, total, todo = _children(), 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * _PAGE
        except OSError:
            pass
        todo.extend(tree.get(p, ()))
    return total


@dataclass
class Measured:
    seconds: float  # wall time of the work, measured inside the child
    rows: int
    peak_rss_mb: float  # the child's process tree
    wall_s: float  # including interpreter start and imports
    extra: dict = field(default_factory=dict)


def run_child(workload: str, landing: Path, db: Path, start: date, end: date, *, full: bool = False,
              log=print) -> Measured:
    cmd = [sys.executable, "-m", "orchestration.bench.work", workload, "--landing", str(landing),
           "--db", str(db), "--start", start.isoformat(), "--end", end.isoformat()] + (["--full"] if full else [])
    env = {**os.environ, "MINZHENG_PSEUDONYM_KEY": os.environ.get("MINZHENG_PSEUDONYM_KEY") or BENCH_KEY,
           "GX_ANALYTICS_ENABLED": "false"}
    env.pop("DAGSTER_HOME", None)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{workload} failed (exit {proc.returncode}):\n{err[-4000:]}\n{out[-2000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    m = Measured(result.pop("seconds"), result.pop("rows"), round(peak / 2**20, 1), round(wall, 2), result)
    log(f"  {workload:<9} {m.seconds:8.2f} s  {m.rows:>10,} rows  peak RSS {m.peak_rss_mb:,.0f} MB")
    return m


def _fct(db: Path, pipeline: bool, start: date, end: date) -> list[tuple]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        table = "marts.fct_assistance" if pipeline else "fct"
        cols = ", ".join(MEASURES)
        where = "program_code in ('dibao_urban', 'dibao_rural', 'tekun_centralized', 'tekun_dispersed') and " \
                "month between ? and ?"
        return con.execute(
            f"select {cols.replace('amount_yuan', 'cast(amount_yuan as decimal(18,2))')} from {table} "
            f"where {where} order by region_code, month, program_code", [start, end]).fetchall()
    finally:
        con.close()


def _raw_fingerprint(db: Path, pipeline: bool, start: date, end: date) -> tuple:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        table, month = ("raw.assistance__roster", "_reporting_month") if pipeline else ("raw_roster", "pay_month")
        return con.execute(
            f"select count(*), count(distinct person_pseudonym), bit_xor(hash(person_pseudonym)), "
            f"sum(cast(amount_yuan as decimal(18,2))) from {table} where {month} between ? and ?",
            [start, end]).fetchone()
    finally:
        con.close()


def compare(dbs: dict[str, Path], start: date, end: date, ref_name: str = "pipeline") -> dict:
    """The fct_assistance measures and the kept raw rows of the three, checked equal (to ref_name's)."""
    facts = {k: _fct(db, k == "pipeline", start, end) for k, db in dbs.items()}
    raws = {k: _raw_fingerprint(db, k == "pipeline", start, end) for k, db in dbs.items()}
    ref = facts[ref_name]
    problems = []
    for k, rows in facts.items():
        if rows != ref:
            diff = next((i for i, (a, b) in enumerate(zip(rows, ref)) if a != b), min(len(rows), len(ref)))
            problems.append(f"fct_assistance of {k} differs from the {ref_name}'s ({len(rows)} vs {len(ref)} rows; "
                            f"first difference at row {diff}: {rows[diff:diff + 1]} vs {ref[diff:diff + 1]})")
        if raws[k] != raws[ref_name]:
            problems.append(f"raw rows of {k} differ from the {ref_name}'s: {raws[k]} vs {raws[ref_name]}")
    if not ref:
        problems.append(f"the {ref_name} produced no fct_assistance rows")
    return {"equal": not problems, "fact_rows": len(ref), "raw_rows": raws[ref_name][0], "problems": problems}


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        mem = int(Path("/proc/meminfo").read_text().split()[1]) // 2**20
    except (OSError, ValueError, IndexError):
        pass
    import duckdb
    import pandas
    import polars

    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gib": mem, "python": platform.python_version(),
            "duckdb": duckdb.__version__, "polars": polars.__version__, "pandas": pandas.__version__,
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def _months(start: str, n: int) -> tuple[date, date]:
    """The first and last month (inclusive) of n months from `start` (YYYY-MM or YYYYMM)."""
    window = Window.span(parse_month(start), n)
    return window.start, window.last


def measure_point(scale: float, months: int, work: Path, *, pandas: bool = True, log=print) -> dict:
    """Pipeline, floor and pandas back to back on the same files at one scale."""
    landing = work / f"landing_{scale:g}"
    t0 = time.perf_counter()
    data = write_bench_data(landing, scale, months)
    log(f"scale {scale:g}: wrote {data['files']} files, {data['rows']:,} rows, {data['bytes'] / 1e6:,.0f} MB "
        f"in {time.perf_counter() - t0:.1f} s (rows by encoding: {data['rows_by_encoding']})")
    start, end = _months("2021-01", months)
    dbs = {"pipeline": work / f"pipeline_{scale:g}.duckdb", "floor": work / f"floor_{scale:g}.duckdb"}
    if pandas:
        dbs["pandas"] = work / f"pandas_{scale:g}.duckdb"
    runs = {k: run_child(k, landing, db, start, end, log=log) for k, db in dbs.items()}
    check = compare(dbs, start, end)
    if not check["equal"]:
        raise AssertionError("results differ:\n" + "\n".join(check["problems"]))
    p, f = runs["pipeline"], runs["floor"]
    point = {
        "scale": scale, "months": months, "rows": p.rows, "bytes": data["bytes"], "files": data["files"],
        "rows_by_encoding": data["rows_by_encoding"], "generate_s": round(time.perf_counter() - t0, 2),
        "pipeline_s": round(p.seconds, 2), "floor_s": round(f.seconds, 2),
        "pandas_s": round(runs["pandas"].seconds, 2) if pandas else None,
        "peak_rss_mb": p.peak_rss_mb, "floor_peak_rss_mb": f.peak_rss_mb,
        "pandas_peak_rss_mb": runs["pandas"].peak_rss_mb if pandas else None,
        "pipeline_rows_per_s": round(p.rows / p.seconds), "floor_rows_per_s": round(f.rows / f.seconds),
        "pipeline_steps_s": p.extra.get("steps", {}), "failed_checks": p.extra.get("failed_checks", []),
        "equal": True, "fact_rows": check["fact_rows"],
    }
    point["pipeline_vs_floor"] = round(p.seconds / f.seconds, 2)
    point["pandas_vs_pipeline"] = round(runs["pandas"].seconds / p.seconds, 2) if pandas else None
    for db in dbs.values():
        db.unlink(missing_ok=True)
    shutil.rmtree(landing, ignore_errors=True)
    return point


def measure_fixed(work: Path, log=print) -> float:
    """The pipeline on a tiny delivery (about 5,000 rows): the orchestration's fixed cost."""
    landing = work / "landing_tiny"
    write_bench_data(landing, 0.0001, 1)
    start, end = _months("2021-01", 1)
    m = run_child("pipeline", landing, work / "fixed.duckdb", start, end, log=log)
    (work / "fixed.duckdb").unlink(missing_ok=True)
    shutil.rmtree(landing, ignore_errors=True)
    return round(m.seconds, 2)


def measure_incremental(scale: float, histories: list[int], work: Path, log=print) -> dict[str, float]:
    """Seconds of the whole build job (every asset, fct_indicator_value included) for one new month,
    with `h` months already loaded, for each h in histories (ascending), on one growing warehouse."""
    histories = sorted(histories)
    n = histories[-1] + 1
    landing = work / "landing_incremental"
    data = write_bench_data(landing, scale, n)
    log(f"incremental at scale {scale:g}: {n} months, {data['rows']:,} rows, {data['bytes'] / 1e6:,.0f} MB")
    db = work / "incremental.duckdb"
    loaded = 0  # months 0..loaded-1 are in the warehouse
    out = {}
    for h in histories:
        if h > loaded:  # load months loaded..h-1 in one backfill run (not timed)
            a, _ = _months(month_label(loaded), 1)
            _, b = _months(month_label(loaded), h - loaded)
            run_child("pipeline", landing, db, a, b, full=True, log=lambda *_: None)
            loaded = h
        a, b = _months(month_label(h), 1)
        m = run_child("pipeline", landing, db, a, b, full=True, log=lambda *_: None)
        loaded = h + 1
        out[str(h)] = round(m.seconds, 2)
        log(f"  add {a:%Y-%m} with {h} months loaded: {m.seconds:.2f} s (steps {m.extra.get('steps')})")
    db.unlink(missing_ok=True)
    shutil.rmtree(landing, ignore_errors=True)
    return out


def render(result: dict) -> str:
    m = result["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Generated by `minzheng bench` on {result['date']} — {m['cpus']} CPUs ({m['cpu']}), {m['memory_gib']} GiB, "
        f"Python {m['python']}, DuckDB {m['duckdb']}, polars {m['polars']}, pandas {m['pandas']}; "
        f"load average at start {m['load_average']} (the machine is shared: absolute times are noisy, "
        "the ratios are measured back to back on the same files).",
        "",
        "Pipeline = landing files → raw → marts.fct_assistance through Dagster and dbt (decode, contract checks, "
        "HMAC pseudonyms, lineage, raw rows kept, cross-file key check, region conformance, dbt tests and the GX "
        "gate on the fact; DuckDB capped at MINZHENG_DUCKDB_MEMORY_LIMIT, default 2GB). Floor = plain "
        "DuckDB script doing the same read, HMAC, raw rows and fct measures. Pandas = the analyst's script "
        "(hmac per row). All three are checked equal (fct_assistance measures, raw row count and pseudonyms) "
        "before anything is reported.",
        "",
        "| roster rows | files | MB | pipeline s | floor s | pandas s | pipeline/floor | (pipeline − fixed)/floor "
        "| pandas/pipeline | pipeline rows/s | peak RSS MB (pipeline / floor / pandas) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for p in result["curve"]:
        pandas_s = f"{p['pandas_s']:.1f}" if p["pandas_s"] is not None else "–"
        ratio = f"{p['pandas_vs_pipeline']:.2f}×" if p["pandas_vs_pipeline"] is not None else "–"
        amortised = f"{p['pipeline_minus_fixed_vs_floor']:.2f}×" if p.get("pipeline_minus_fixed_vs_floor") else "–"
        lines.append(
            f"| {p['rows']:,} | {p['files']} | {p['bytes'] / 1e6:,.0f} | {p['pipeline_s']:.1f} | {p['floor_s']:.1f} "
            f"| {pandas_s} | {p['pipeline_vs_floor']:.2f}× | {amortised} | {ratio} | {p['pipeline_rows_per_s']:,} "
            f"| {p['peak_rss_mb']:,.0f} / {p['floor_peak_rss_mb']:,.0f} / "
            f"{p['pandas_peak_rss_mb'] if p['pandas_peak_rss_mb'] is not None else '–'} |")
    lines += ["", f"Fixed cost (the same pipeline on a tiny delivery): {result['fixed_s']} s."
              if result.get("fixed_s") is not None else "Fixed cost: not measured in this run.", ""]
    for p in result["curve"]:
        if p.get("pipeline_steps_s"):
            lines.append(f"Pipeline steps at {p['rows']:,} rows (s): "
                         + ", ".join(f"{k} {v}" for k, v in p["pipeline_steps_s"].items()) + ".")
            if p.get("failed_checks"):
                lines.append(f"Failed gate checks at {p['rows']:,} rows (not a pipeline failure; the payment-vs-standard "
                             "check reads the allowance standards' staging view, which this fct_assistance-only "
                             "selection does not build): " + ", ".join(p["failed_checks"]) + ".")
            lines.append("")
    inc = result.get("incremental_s") or {}
    if inc:
        lines += ["", f"Incremental (whole build job for one new month, scale {result['incremental_scale']:g}, "
                  "history loaded before, fct_indicator_value included):", "",
                  "| months already loaded | seconds |", "|---:|---:|"]
        lines += [f"| {h} | {s:.1f} |" for h, s in inc.items()]
        if "1" in inc and len(inc) > 1:
            last = list(inc)[-1]
            lines += ["", f"Ratio {last} months / 1 month: {inc[last] / inc['1']:.2f}×."]
    lines.append("")
    return "\n".join(lines)


def write_results(result: dict, path: Path) -> None:
    notes = ""
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if NOTES_MARKER in text:
            notes = text[text.index(NOTES_MARKER):]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(result) + "\n" + (notes or NOTES_MARKER + "\n"), encoding="utf-8")


def bench(scales: list[float], months: int = 1, *, fixed: bool = True, pandas: bool = True,
          incremental_scale: float | None = None, histories: list[int] | None = None,
          work_dir: Path | None = None, results: Path | None = None, log=print) -> dict:
    work = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="minzheng-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = datetime.now(timezone.utc)
    info = machine()
    try:
        fixed_s = measure_fixed(work, log=log) if fixed else None
        curve = [measure_point(s, months, work, pandas=pandas, log=log) for s in scales]
        if not curve:  # incremental only
            curve = [{k: None for k in ("rows", "pipeline_s", "floor_s", "pandas_s", "peak_rss_mb", "pipeline_vs_floor",
                                        "pandas_vs_pipeline", "pipeline_rows_per_s", "scale")} | {"equal": True}]
        incremental = (measure_incremental(incremental_scale, histories or [1, 12, 36], work, log=log)
                       if incremental_scale else {})
    finally:
        if not work_dir:
            shutil.rmtree(work, ignore_errors=True)
    for p in curve:  # the ratio with the orchestration's fixed cost amortised
        p["pipeline_minus_fixed_vs_floor"] = (round((p["pipeline_s"] - fixed_s) / p["floor_s"], 2)
                                              if fixed_s is not None and p.get("floor_s") else None)
    last = curve[-1]
    result = {
        "rows": last["rows"], "pipeline_s": last["pipeline_s"], "fixed_s": fixed_s, "floor_s": last["floor_s"],
        "pandas_s": last["pandas_s"], "peak_rss_mb": last["peak_rss_mb"], "incremental_s": incremental,
        "pipeline_vs_floor": last["pipeline_vs_floor"], "pandas_vs_pipeline": last["pandas_vs_pipeline"],
        "pipeline_minus_fixed_vs_floor": last["pipeline_minus_fixed_vs_floor"],
        "rows_per_s": last["pipeline_rows_per_s"], "equal": all(p["equal"] for p in curve),
        "scale": last["scale"], "months": months, "incremental_scale": incremental_scale, "curve": curve,
        "date": started.strftime("%Y-%m-%d %H:%M UTC"), "machine": info,
    }
    if results is not None and last["rows"] is not None:
        write_results(result, results)
    return result
