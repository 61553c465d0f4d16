"""raw.official__statistics: every numeric cell of the published tables in <landing>/official/.

The whole table is replaced in one transaction from the files present (a few hundred cells a file):
running twice gives the same rows, a crash leaves the previous state. Each file gets a row in
ingest.file_ledger (domain ``official``, extract ``statistics``) through the ingestion's own ledger
code (orchestration/ingest/load.py): ``loaded`` (rows_in_file = table rows, rows_loaded = cells),
``rejected`` with the reason (no region, no period, no table, bad encoding) and nothing of it loaded,
or ``duplicate`` (the same bytes as a file already taken). Cells in value columns that are neither
blank, a number nor a yearbook symbol (…, 一) are quarantined in ingest.quarantine with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import polars as pl

from orchestration.ingest.encoding import file_sha256
from orchestration.ingest.landing import LandedFile
from orchestration.ingest.load import FileOutcome, _record, ensure_tables
from orchestration.ingest.transform import Typed
from orchestration.official.grid import TableRejected, read_grid
from orchestration.official.parse import PublishedTableRejected, parse_table

DOMAIN = "official"
EXTRACT = "statistics"
TABLE = "raw.official__statistics"
SUFFIXES = {".csv", ".xlsx", ".html", ".htm"}

COLUMNS = {
    "source_file": "varchar not null",
    "source_row": "integer not null",
    "source_column": "varchar not null",
    "published_label": "varchar not null",
    "label_norm": "varchar not null",
    "parent_label_norm": "varchar",
    "parent_row": "integer",
    "is_of_which": "boolean not null",
    "published_value": "varchar not null",
    "published_unit": "varchar",
    "official_code": "varchar",
    "column_role": "varchar not null",
    "form": "varchar not null",
    "title": "varchar",
    "issuer": "varchar",
    "region_code": "varchar not null",
    "region_name": "varchar",
    "region_evidence": "varchar not null",
    "period_type": "varchar not null",
    "period_start": "date not null",
    "period_end": "date not null",
    "report_period_type": "varchar not null",
    "report_period_start": "date not null",
    "report_period_end": "date not null",
    "period_evidence": "varchar not null",
    "_file_sha256": "varchar not null",
    "_loaded_at": "timestamp not null",
    "_run_id": "varchar",
}
DDL = f"create table if not exists {TABLE} ({', '.join(f'{k} {v}' for k, v in COLUMNS.items())})"


@dataclass(frozen=True)
class _Source:
    """What the ledger code needs of a contract: the domain and extract it records."""

    domain: str = DOMAIN
    extract: str = EXTRACT


SOURCE = _Source()


def official_files(landing: Path) -> list[Path]:
    folder = landing / DOMAIN
    if not folder.is_dir():
        return []
    return [p for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix.lower() in SUFFIXES
            and not p.name.startswith((".", "~$"))]


def _typed(rows_in_table: int, quarantine: list, notes: list[str]) -> Typed:
    q = pl.DataFrame(
        [(x.row_number, x.column_name, x.raw_value, x.reason) for x in quarantine],
        schema={"_row_number": pl.Int64, "column_name": pl.Utf8, "raw_value": pl.Utf8, "reason": pl.Utf8},
        orient="row",
    )
    return Typed(pl.DataFrame(), q, rows_in_table, {}, [], list(notes))


def load_official(con, landing: Path, *, work_dir: Path, run_id: str | None = None) -> list[FileOutcome]:
    """Replace raw.official__statistics from <landing>/official/; returns one outcome per file."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    outcomes: list[FileOutcome] = []
    records: list[tuple] = []
    seen: dict[str, str] = {}
    for path in official_files(landing):
        rel = path.relative_to(landing).as_posix()
        lf = LandedFile(path=path, relpath=rel, domain=DOMAIN, contract=None, month=None)
        sha = file_sha256(path)
        if sha in seen:
            outcomes.append(FileOutcome(lf, sha, "duplicate", f"same content as {seen[sha]} (sha256 {sha[:12]}…): "
                                                              "not loaded twice"))
            continue
        try:
            grid = read_grid(path, work_dir)
            table = parse_table(grid, path)
        except (TableRejected, PublishedTableRejected) as exc:
            outcomes.append(FileOutcome(lf, sha, "rejected", f"{rel}: {exc}"))
            continue
        seen[sha] = rel
        m = table.meta
        lf = LandedFile(path=path, relpath=rel, domain=DOMAIN, contract=None, month=m.period_start)
        notes = [f"{m.form}; region {m.region_code} {m.region_name} ({m.region_evidence}); "
                 f"period {m.period_type} {m.period_start}..{m.period_end} ({m.period_evidence}); "
                 f"{len(table.cells)} numeric cells from {table.rows_in_table} table rows", *table.notes]
        o = FileOutcome(lf, sha, "loaded", None, grid.encoding, _typed(table.rows_in_table, table.quarantine, notes),
                        grid.header_row, len(table.cells))
        outcomes.append(o)
        for c in table.cells:
            records.append((
                rel, c.source_row, c.source_column, c.published_label, c.label_norm, c.parent_label_norm,
                c.parent_row, c.is_of_which, c.published_value, c.published_unit, c.official_code, c.column_role,
                m.form, m.title, m.issuer, m.region_code, m.region_name, m.region_evidence, c.period_type,
                c.period_start, c.period_end, m.period_type, m.period_start, m.period_end, m.period_evidence,
                sha, now, run_id,
            ))
    ensure_tables(con)
    con.execute("create schema if not exists raw")
    con.execute(DDL)
    con.execute("begin transaction")
    try:
        con.execute(f"delete from {TABLE}")
        con.execute("delete from ingest.file_ledger where domain = ? and (extract = ? or extract is null)",
                    [DOMAIN, EXTRACT])
        con.execute("delete from ingest.quarantine where domain = ? and extract = ?", [DOMAIN, EXTRACT])
        if records:
            con.executemany(f"insert into {TABLE} values ({', '.join('?' * len(COLUMNS))})", records)
        for o in outcomes:
            _record(con, SOURCE, o, now, run_id)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return outcomes


def official_months(landing: Path, work_dir: Path | None = None) -> list:
    """First days of the months in which the readable tables of <landing>/official/ end their report
    period, from the first partition (2016-01) on: the window a build needs when the landing folder
    holds only published tables."""
    import tempfile
    from datetime import date

    months = set()
    with tempfile.TemporaryDirectory() as tmp:
        for path in official_files(landing):
            try:
                meta = parse_table(read_grid(path, work_dir or Path(tmp)), path).meta
            except (TableRejected, PublishedTableRejected):
                continue
            end = meta.period_end
            if end >= date(2016, 1, 1):
                months.add(end.replace(day=1))
    return sorted(months)
