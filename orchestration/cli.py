"""`minzheng`: the front door.

  minzheng samples [--out DIR]       write the deterministic sample extracts (default: the landing folder)
  minzheng run [--from M --to M]     ingest every month present in the landing folder and build the marts,
                                     in-process through Dagster; a summary at the end; exit 1 on failure
  minzheng extract-report FILE...    print the indicator claims of work reports as JSON lines
  minzheng bench-data --scale S      write roster deliveries at scale S (1.0 = national, ~46 M rows a month)
  minzheng bench --scale S --json    pipeline vs plain DuckDB vs pandas on the same files (bench/README.md)
  minzheng quality-report [--out P]  write the auditor report (offline HTML) and the GX Data Docs
  minzheng export --to DIR           write the published marts (the serving copy) as Parquet, swapped in atomically
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from orchestration import settings
from orchestration.settings import Settings
from orchestration.window import Window, parse_month


def cmd_samples(args: argparse.Namespace) -> int:
    from orchestration.samples import generate_samples, official_forms

    out = Path(args.out).resolve() if args.out else settings.landing_dir()
    t0 = time.perf_counter()
    files = generate_samples(out, seed=args.seed)
    files += official_forms.generate(out, args.seed)  # the monthly forms of the sample places (issue 15)
    size = sum(f.stat().st_size for f in files)
    print(f"wrote {len(files)} sample files ({size / 1e6:.1f} MB) to {out} in {time.perf_counter() - t0:.1f}s")
    return 0


def _print_summary(warehouse: Path, run_settings: Settings) -> None:
    import duckdb

    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.IOException as exc:  # e.g. a dbt process of a failed run still finishing
        print(f"\n(no summary: the warehouse is still locked: {exc})")
        return
    try:
        print("\nfiles (ingest.file_ledger):")
        for row in con.execute(
            "select domain, extract, status, count(*), coalesce(sum(rows_loaded),0), coalesce(sum(rows_quarantined),0) "
            "from ingest.file_ledger group by all order by all"
        ).fetchall():
            print(f"  {row[0]:<13}{row[1]:<20}{row[2]:<10}{row[3]:>5} files {row[4]:>10} rows loaded {row[5]:>6} quarantined")
        rejected = con.execute("select reason from ingest.file_ledger where status = 'rejected' order by path").fetchall()
        for (reason,) in rejected:
            print(f"  REJECTED {reason}")
        if run_settings.engine == "spark":  # the marts are Spark's Parquet tables, not DuckDB's
            marts = run_settings.spark_dir / "tables" / "marts.db"
            print(f"\nmarts (Spark, {marts}):")
            for d in sorted(p for p in marts.iterdir() if p.is_dir()) if marts.is_dir() else []:
                n = con.execute(f"select count(*) from read_parquet('{d}/**/*.parquet')").fetchone()[0]
                print(f"  marts.{d.name:<28}{n:>10} rows")
            return
        print("\nmarts:")
        for schema, table, est in con.execute(
            "select schema_name, table_name, estimated_size from duckdb_tables() where schema_name = 'marts' order by 2"
        ).fetchall():
            n = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
            print(f"  {schema}.{table:<28}{n:>10} rows")
    finally:
        con.close()


def cmd_run(args: argparse.Namespace) -> int:
    run_settings = Settings.from_env(warehouse=args.warehouse, landing=args.landing)
    landing, warehouse = run_settings.landing, run_settings.warehouse

    from orchestration.ingest.landing import months_present

    has_files = landing.exists() and any(p.is_file() for p in landing.rglob("*"))
    if args.samples_if_empty and not has_files:
        print(f"{landing} is empty: writing the sample extracts there first")
        cmd_samples(argparse.Namespace(out=str(landing), seed=2021))
    from orchestration.official.load import official_months

    # a folder of published tables only: the latest month they cover (the tables load whole in any window)
    months = months_present(landing) or official_months(landing)[-1:]
    if not months:
        print(f"no delivered files with a contract and a month under {landing}; "
              f"write the samples with `minzheng samples`", file=sys.stderr)
        return 2
    window = Window.months(parse_month(args.start) if args.start else months[0],
                           parse_month(args.end) if args.end else months[-1])
    print(f"landing:   {landing} ({len(months)} months with files, {months[0]:%Y-%m}..{months[-1]:%Y-%m})")
    print(f"warehouse: {warehouse}")
    print(f"building:  {window.describe()} in one run")

    from orchestration.runner import build

    from orchestration.concurrency import WarehouseBusy

    t0 = time.perf_counter()
    try:
        outcome = build(window, run_settings, wait=args.wait, on_wait=lambda m: print(m, flush=True))
    except WarehouseBusy as exc:
        print(f"not started: {exc}", file=sys.stderr)
        return 3
    elapsed = time.perf_counter() - t0
    print(f"\nrun {outcome.result.run_id}: {'succeeded' if outcome.success else 'FAILED'} in {elapsed:.1f}s — "
          f"{len(set(outcome.materialized))} assets materialized, {len(outcome.check_evaluations)} checks "
          f"({len(outcome.failed_checks)} failed)")
    for ev in outcome.failed_checks:
        print(f"  check failed: {ev.asset_key.to_user_string()} {ev.check_name}")
    for step, message in outcome.step_failures:
        print(f"  step failed: {step}: {message[:500]}")
    if warehouse.exists():
        _print_summary(warehouse, run_settings)
        import dagster as dg

        if dg.AssetKey(["quality", "auditor_report"]) in outcome.materialized:
            from orchestration.quality.auditor import default_report_path

            print(f"\nquality report (open in a browser, works offline): {default_report_path(warehouse)}")
        else:  # the gate stopped the run before the report asset: write it here, for the auditor
            _write_quality_report(warehouse, None)
    serving = run_settings.serving
    if outcome.success and serving.exists():
        print(f"\nserving copy for BI tools (open read-only): {serving}")
    return 0 if outcome.success else 1


def _write_quality_report(warehouse: Path, out: Path | None) -> Path | None:
    from orchestration.quality.auditor import write_auditor_report

    try:
        path, docs = write_auditor_report(warehouse, out)
    except Exception as exc:  # noqa: BLE001 - e.g. the warehouse is still locked: say so, don't hide the run's result
        print(f"\n(no quality report: {type(exc).__name__}: {exc})")
        return None
    print(f"\nquality report (open in a browser, works offline): {path}")
    if docs:
        print(f"Great Expectations Data Docs: {docs}")
    return path


def cmd_quality_report(args: argparse.Namespace) -> int:
    warehouse = Settings.from_env(warehouse=args.warehouse).warehouse
    if not warehouse.exists():
        print(f"no warehouse at {warehouse}: run `minzheng run` first", file=sys.stderr)
        return 2
    path = _write_quality_report(warehouse, Path(args.out).resolve() if args.out else None)
    return 0 if path else 1


def cmd_export(args: argparse.Namespace) -> int:
    from orchestration.serving import export_parquet

    serving = Settings.from_env(warehouse=args.warehouse, serving=args.serving).serving
    try:
        counts = export_parquet(serving, Path(args.to))
    except FileNotFoundError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"exported {len(counts)} marts ({sum(counts.values())} rows) from {serving} to {Path(args.to).absolute()}")
    return 0


def cmd_semantic(args: argparse.Namespace) -> int:
    from orchestration import semantic

    if args.check:
        stale = semantic.stale()
        for name in stale:
            print(f"stale: {semantic.SEMANTIC_DIR / name} (run `minzheng semantic`)", file=sys.stderr)
        return 1 if stale else 0
    for name in semantic.write():
        print(semantic.SEMANTIC_DIR / name)
    return 0


def cmd_bi(args: argparse.Namespace) -> int:
    from orchestration import bi

    run_settings = settings.Settings.from_env(warehouse=args.warehouse, serving=args.serving)
    home = bi.home_dir(run_settings, args.home)
    password = os.environ.get(bi.PASSWORD_ENV, "admin")
    venv = Path(args.venv).resolve() if args.venv else bi.BI_VENV
    bundle = bi.prepare(run_settings.serving, home, venv=venv, password=password)
    print(f"dashboards imported from {bundle} (database: {run_settings.serving}, read-only)")
    if args.no_serve:
        return 0
    for board in bi.dashboards():
        print(f"  {board['title']}: http://127.0.0.1:{args.port}/superset/dashboard/{board['slug']}/")
    print(f"log in as {bi.ADMIN_USER} (password: ${bi.PASSWORD_ENV}, default 'admin'); Ctrl-C stops Superset")
    sys.stdout.flush()
    cmd = bi.serve_command(home, args.port, venv=venv)
    os.execve(cmd[0], cmd, bi.superset_env(home))  # Superset takes this process: signals reach it directly
    return 0  # pragma: no cover


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="minzheng", description="minzheng-warehouse: civil-affairs indicators")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("samples", help="write the deterministic sample extracts")
    p.add_argument("--out", help="output folder (default: the landing folder, MINZHENG_LANDING or landing/)")
    p.add_argument("--seed", type=int, default=2021)
    p.set_defaults(func=cmd_samples)
    p = sub.add_parser("run", help="ingest everything in the landing folder and build the marts")
    p.add_argument("--landing", help="landing folder (default MINZHENG_LANDING or landing/)")
    p.add_argument("--warehouse", help="DuckDB file (default MINZHENG_WAREHOUSE or warehouse/minzheng.duckdb)")
    p.add_argument("--from", dest="start", help="first reporting month YYYY-MM (default: earliest with files)")
    p.add_argument("--to", dest="end", help="last reporting month YYYY-MM (default: latest with files)")
    p.add_argument("--samples-if-empty", action="store_true",
                   help="write the sample extracts into the landing folder first when it has no files")
    p.add_argument("--wait", type=float, default=3600.0,
                   help="seconds to wait for another run on the same warehouse to finish (default 3600; 0: fail at once)")
    p.set_defaults(func=cmd_run)
    from orchestration.bench.cli import add_parsers as add_bench_parsers

    add_bench_parsers(sub)
    p = sub.add_parser("quality-report", help="write the auditor report (offline HTML) and the GX Data Docs")
    p.add_argument("--out", help="HTML file (default: quality_report.html beside the warehouse)")
    p.add_argument("--warehouse", help="DuckDB file (default MINZHENG_WAREHOUSE or warehouse/minzheng.duckdb)")
    p.set_defaults(func=cmd_quality_report)
    p = sub.add_parser("export", help="write the published marts as Parquet (one file per mart)")
    p.add_argument("--to", required=True, help="folder (a symlink swapped atomically to each new export)")
    p.add_argument("--serving", help="serving DuckDB file (default MINZHENG_SERVING or <warehouse dir>/serving/<name>)")
    p.add_argument("--warehouse", help="working warehouse whose serving copy to export (default MINZHENG_WAREHOUSE)")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("semantic", help="write the semantic layer (dbt semantic models, metrics) from the catalog")
    p.add_argument("--check", action="store_true", help="only check that dbt_project/models/semantic/ is current")
    p.set_defaults(func=cmd_semantic)
    p = sub.add_parser("bi", help="Apache Superset with the dashboards over the serving copy (`make bi`)")
    p.add_argument("--port", type=int, default=8088, help="port on 127.0.0.1 (default 8088)")
    p.add_argument("--home", help="Superset's state folder (default MINZHENG_BI_HOME or <warehouse dir>/bi)")
    p.add_argument("--venv", help="Superset's virtual environment (default .venv-bi, `make bi-install`)")
    p.add_argument("--warehouse", help="working warehouse whose serving copy to show (default MINZHENG_WAREHOUSE)")
    p.add_argument("--serving", help="serving DuckDB file (default MINZHENG_SERVING or <warehouse dir>/serving/<name>)")
    p.add_argument("--no-serve", action="store_true", help="import the dashboards and stop")
    p.set_defaults(func=cmd_bi)
    from orchestration.reports.cli import add_parser as add_extract_report_parser

    add_extract_report_parser(sub)
    args = parser.parse_args(argv)
    settings.apply_process_defaults()  # the process boundary: the one write to its environment
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
