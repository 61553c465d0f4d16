"""`minzheng bench` and `minzheng bench-data` (argument parsing only; the work is imported when run)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _floats(text: str) -> list[float]:
    return [float(x) for x in text.split(",") if x.strip()]


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def cmd_bench_data(args: argparse.Namespace) -> int:
    import time

    from orchestration import settings
    from orchestration.bench.data import write_bench_data

    out = Path(args.out).resolve() if args.out else settings.landing_dir()
    t0 = time.perf_counter()
    s = write_bench_data(out, args.scale, args.months, args.start, args.seed)
    print(f"wrote {s['files']} files, {s['rows']:,} roster rows, {s['bytes'] / 1e6:,.0f} MB to {out}/assistance "
          f"in {time.perf_counter() - t0:.1f}s; rows by encoding {s['rows_by_encoding']}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from orchestration import settings
    from orchestration.bench.run import bench

    log = (lambda *a: print(*a, file=sys.stderr, flush=True)) if args.json else print
    results = Path(args.results) if args.results else settings.PROJECT_ROOT / "bench" / "results.md"
    result = bench(
        _floats(args.scale), args.months, fixed=not args.no_fixed, pandas=not args.no_pandas,
        incremental_scale=None if args.no_incremental else (args.incremental_scale or min(_floats(args.scale)[-1], 0.005)),
        histories=_ints(args.history), work_dir=Path(args.work) if args.work else None,
        results=None if args.results == "-" else results, log=log,
    )
    if not args.json:
        print(f"\nrows {result['rows']:,}: pipeline {result['pipeline_s']} s, floor {result['floor_s']} s "
              f"({result['pipeline_vs_floor']}×), pandas {result['pandas_s']} s, peak RSS {result['peak_rss_mb']} MB, "
              f"fixed {result['fixed_s']} s, incremental {result['incremental_s']}")
    print(json.dumps(result, ensure_ascii=False, default=str))
    return 0 if result["equal"] else 1


def add_parsers(sub) -> None:
    p = sub.add_parser("bench-data", help="write roster deliveries at a scale (1.0 = national)")
    p.add_argument("--scale", type=float, required=True, help="1.0 = every county, ~46 M rows a month")
    p.add_argument("--months", type=int, default=1)
    p.add_argument("--start", default="2021-01", help="first month YYYY-MM")
    p.add_argument("--out", help="landing folder (default MINZHENG_LANDING or landing/)")
    p.add_argument("--seed", type=int, default=2021)
    p.set_defaults(func=cmd_bench_data)
    p = sub.add_parser("bench", help="benchmark the pipeline against plain DuckDB and pandas (bench/README.md)")
    p.add_argument("--scale", default="0.2", help="scale, or a comma-separated curve (0.022,0.065,0.22)")
    p.add_argument("--months", type=int, default=1)
    p.add_argument("--json", action="store_true", help="progress on stderr; the JSON object is the last line")
    p.add_argument("--results", help="where to write the results table (default bench/results.md; - for nowhere)")
    p.add_argument("--work", help="scratch folder for the generated files and warehouses (default: a temp dir, removed)")
    p.add_argument("--no-fixed", action="store_true", help="skip the fixed-cost run on a tiny delivery")
    p.add_argument("--no-pandas", action="store_true", help="skip the pandas peer")
    p.add_argument("--no-incremental", action="store_true", help="skip the incremental runs")
    p.add_argument("--incremental-scale", type=float, help="scale of the incremental runs (default min(scale, 0.005))")
    p.add_argument("--history", default="1,12,36", help="months already loaded before adding one (default 1,12,36)")
    p.set_defaults(func=cmd_bench)
