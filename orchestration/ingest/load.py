"""Load one extract's files for a window of reporting months into raw, with ledger and quarantine.

The window is replaced in one transaction: its raw rows are deleted and every file of the window
in the landing folder is inserted again. Running twice gives the same tables; a crash leaves the
previous state. Rejected files stay where they are and are recorded in ingest.file_ledger.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import polars as pl

from orchestration.faults import fault_point
from orchestration.ingest.contract import Contract
from orchestration.ingest.deliveries import delivery_identity
from orchestration.ingest.encoding import EncodingRejected, decode_to_utf8
from orchestration.ingest.landing import LandedFile, scan
from orchestration.ingest.pseudonymise import hmac_sql
from orchestration.ingest.reader import FileRejected, read_csv, read_xlsx
from orchestration.ingest.transform import Typed, apply_contract

log = logging.getLogger(__name__)

LEDGER_DDL = """
CREATE SCHEMA IF NOT EXISTS ingest;
CREATE TABLE IF NOT EXISTS ingest.file_ledger (
    path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    domain VARCHAR NOT NULL,
    extract VARCHAR,
    month DATE,
    status VARCHAR NOT NULL,          -- loaded | rejected | duplicate | superseded
    reason VARCHAR,
    encoding VARCHAR,
    header_row INTEGER,
    rows_in_file BIGINT,
    rows_loaded BIGINT,
    rows_quarantined BIGINT,
    extra_columns VARCHAR,
    notes VARCHAR,
    loaded_at TIMESTAMP NOT NULL,
    run_id VARCHAR
);
CREATE TABLE IF NOT EXISTS ingest.quarantine (
    path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    domain VARCHAR NOT NULL,
    extract VARCHAR NOT NULL,
    month DATE,
    row_number BIGINT NOT NULL,
    column_name VARCHAR,
    raw_value VARCHAR,
    reason VARCHAR NOT NULL,
    quarantined_at TIMESTAMP NOT NULL,
    run_id VARCHAR
);
"""


@dataclass
class FileOutcome:
    file: LandedFile
    sha256: str
    status: str
    reason: str | None = None
    encoding: str | None = None
    typed: Typed | None = None
    header_row: int | None = None
    # rows of the typed frame: kept when the frame itself is released after its insert
    rows_accepted: int = 0

    @property
    def rows_loaded(self) -> int:
        return self.rows_accepted if self.typed and self.status == "loaded" else 0

    @property
    def rows_quarantined(self) -> int:
        return self.typed.rows_quarantined if self.typed and self.status == "loaded" else 0


@dataclass
class IngestReport:
    extract: str
    window: tuple[date, date]
    files: list[FileOutcome] = field(default_factory=list)

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files)

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.files)

    def by_status(self, status: str) -> list[FileOutcome]:
        return [f for f in self.files if f.status == status]


def ensure_tables(con: duckdb.DuckDBPyConnection, contract: Contract | None = None) -> None:
    con.execute(LEDGER_DDL)
    if contract is not None:
        con.execute("CREATE SCHEMA IF NOT EXISTS raw")
        cols = ", ".join(f'"{n}" {t}' for n, t in contract.stored_columns().items())
        con.execute(f"CREATE TABLE IF NOT EXISTS {contract.qualified_table} ({cols})")


class AccountingError(AssertionError):
    """Rows in a file != rows loaded + rows quarantined: a bug, never bad input. The load rolls back."""


def read_file(lf: LandedFile, work_dir: Path, regions=None) -> FileOutcome:
    """Decode, read and type one file. Never raises for bad input: the outcome says why."""
    contract = lf.contract
    assert contract is not None
    where = lf.relpath
    sha = lf.sha256()
    if lf.problem:
        return FileOutcome(lf, sha, "rejected", lf.problem)
    if lf.path.stat().st_size == 0:
        return FileOutcome(lf, sha, "rejected", f"{where}: the file is empty")
    if lf.month is None:
        return FileOutcome(lf, sha, "rejected", f"{where}: no reporting month (YYYYMM) in the file name")
    try:
        if lf.path.suffix.lower() == ".xlsx":
            raw, enc = read_xlsx(lf.path, contract, where), "xlsx"
        else:
            decoded = decode_to_utf8(lf.path, work_dir, sha)
            enc = decoded.encoding
            try:
                raw = read_csv(decoded.path, contract, where)
            finally:
                if decoded.path != lf.path:
                    decoded.path.unlink(missing_ok=True)
            if decoded.truncated_char:
                raw.notes.append("the file ends inside a character: cut off during transfer")
        fault_point("ingest.read")
        typed = apply_contract(raw, contract, lf.month, where, regions=regions)
        typed.notes.extend(raw.notes)
        fault_point("ingest.typed")
    except EncodingRejected as exc:
        return FileOutcome(lf, sha, "rejected", f"{where}: {exc}")
    except FileRejected as exc:
        return FileOutcome(lf, sha, "rejected", str(exc), locals().get("enc"))
    if typed.rows_in_file == 0:
        typed.notes.append("header only: a delivery of zero rows")
    if typed.frame.height + typed.rows_quarantined != typed.rows_in_file:
        raise AccountingError(f"{where}: {typed.rows_in_file} rows in the file but {typed.frame.height} "
                              f"accepted + {typed.rows_quarantined} quarantined")
    return FileOutcome(lf, sha, "loaded", None, enc, typed, raw.header_row, typed.frame.height)


def ingest_window(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    landing: Path,
    start: date,
    end: date,
    *,
    key: bytes,
    work_dir: Path,
    run_id: str | None = None,
) -> IngestReport:
    """Replace raw.<domain>__<extract> rows for reporting months in [start, end) from the landing files."""
    from orchestration.ingest.regions import region_validity

    _sweep_work_files(work_dir)
    regions = region_validity() if any(f.type == "region_code" for f in contract.fields) else None
    landed = [f for f in scan(landing, contract.domain) if f.month is None or start <= f.month < end]
    files = [f for f in landed if f.contract == contract]
    report = IngestReport(contract.table, (start, end))
    # Files of this folder that belong to no extract of the domain are recorded too (by every extract
    # asset of the domain: the ledger row is keyed by path, so recording it again changes nothing).
    unmatched = [
        FileOutcome(f, f.sha256(), "rejected", f.problem or f.why_unmatched()) for f in landed if f.contract is None
    ]
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    ensure_tables(con, contract)
    # One file at a time: read, typed and handed to DuckDB, then released, so memory holds one file, not
    # the window (a national month is ~46 M rows in ~31 provincial files). All of it is one transaction,
    # and the rows of all files go in by one INSERT streaming from the files (measured at 10 M rows: one
    # INSERT per file kept each file's uncommitted rows in memory, 4.8 GB; one streaming INSERT 1.6 GB).
    con.execute("BEGIN TRANSACTION")
    try:
        fault_point("ingest.begin")
        con.execute(
            f"DELETE FROM {contract.qualified_table} WHERE _reporting_month >= ? AND _reporting_month < ?",
            [start, end],
        )
        paths = [f.relpath for f in files]
        con.execute("DELETE FROM ingest.quarantine WHERE extract = ? AND domain = ? AND month >= ? AND month < ?",
                    [contract.extract, contract.domain, start, end])
        if paths:
            con.execute("DELETE FROM ingest.file_ledger WHERE list_contains(?, path)", [paths])
        if unmatched:
            con.execute("DELETE FROM ingest.file_ledger WHERE list_contains(?, path)", [[o.file.relpath for o in unmatched]])
        fault_point("ingest.deleted")
        _insert_stream(con, contract, _loaded_frames(files, work_dir, regions, report, now), key)
        # a corrected re-delivery replaces the earlier file of its extract × place × month: its rows go
        for o in supersede(report.files):
            con.execute(f"DELETE FROM {contract.qualified_table} WHERE _source_file = ? "
                        "AND _reporting_month >= ? AND _reporting_month < ?", [o.file.relpath, start, end])
        if contract.unique_across_files:
            _quarantine_cross_file_duplicates(con, contract, start, end, report)
        for o in report.files:
            log.info("%s: %s %s", o.file.relpath, o.status, o.reason or "")
            _record(con, contract, o, now, run_id)
            fault_point("ingest.recorded")
        for o in unmatched:
            _record(con, None, o, now, run_id)
        _check_accounting(con, contract, start, end)
        fault_point("ingest.before_commit")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    fault_point("ingest.committed")
    return report


def supersede(outcomes: list[FileOutcome]) -> list[FileOutcome]:
    """Mark earlier accepted files of one delivery (extract × place × month) superseded (deliveries.py);
    returns the files it marked."""
    marked: list[FileOutcome] = []
    groups: dict[tuple, list[tuple[tuple, FileOutcome]]] = {}
    for o in outcomes:
        if o.status != "loaded":
            continue
        identity, revision = delivery_identity(o.file.path.name)
        order = (revision, o.file.path.stat().st_mtime_ns, o.file.relpath)
        groups.setdefault((o.file.contract.table, o.file.month, identity), []).append((order, o))
    for (_, month, _), members in groups.items():
        if len(members) < 2:
            continue
        members.sort(key=lambda m: m[0])
        latest = members[-1][1]
        for _, o in members[:-1]:
            o.status = "superseded"
            o.reason = (f"superseded by {latest.file.relpath}: a corrected re-delivery of the same extract, place and "
                        f"month ({month:%Y-%m}); its rows replace this file's")
            marked.append(o)
    return marked


def _quarantine_cross_file_duplicates(con, contract: Contract, start: date, end: date, report: IngestReport) -> None:
    """Rows whose unique key another loaded file of the same reporting month also delivers: the row of
    the file whose path sorts last (then the later row) stays, the others move from raw to quarantine
    with a reason naming the row kept. Within one file, repeats were quarantined by apply_contract.
    One GROUP BY over the window finds the (usually no) repeated keys; only those are ranked."""
    key_fields = [contract.field_named(k) for k in contract.unique_key]
    key = [f.stored_name for f in key_fields]
    cols = ", ".join(f'"{k}"' for k in key)
    tcols = ", ".join(f't."{k}"' for k in key)
    part = f"t._reporting_month, {tcols}"
    losers = con.execute(
        f"""
        with repeated as (  -- by a 64-bit hash of the key (cheaper to group); collisions are ranked apart below
            select _reporting_month, hash({cols}) as h from {contract.qualified_table}
            where _reporting_month >= ? and _reporting_month < ?
            group by all having count(*) > 1
        ), ranked as (
            select t._source_file, t._row_number,
                   row_number() over w as rank,
                   first_value(t._source_file) over w as kept_file,
                   first_value(t._row_number) over w as kept_row
            from {contract.qualified_table} as t
            semi join repeated as r on r._reporting_month = t._reporting_month and r.h = hash({tcols})
            where t._reporting_month >= ? and t._reporting_month < ?
            window w as (partition by {part} order by t._source_file desc, t._row_number desc)
        )
        select _source_file, _row_number, kept_file, kept_row from ranked where rank > 1
        order by _source_file, _row_number
        """,
        [start, end, start, end],
    ).fetchall()
    losers = pl.DataFrame(losers, schema={"_source_file": pl.Utf8, "_row_number": pl.Int64, "kept_file": pl.Utf8,
                                          "kept_row": pl.Int64}, orient="row")
    if losers.height == 0:
        return
    con.register("losers", losers.to_arrow())
    try:
        con.execute(f"DELETE FROM {contract.qualified_table} AS t USING losers AS l "
                    "WHERE t._source_file = l._source_file AND t._row_number = l._row_number "
                    "AND t._reporting_month >= ? AND t._reporting_month < ?", [start, end])
    finally:
        con.unregister("losers")
    labels = ", ".join(f.label_zh for f in key_fields)
    by_file = {o.file.relpath: o for o in report.files if o.status == "loaded"}
    for (path,), rows in losers.group_by(["_source_file"], maintain_order=True):
        o = by_file[path]
        q = rows.select(
            pl.col("_row_number").cast(pl.Int64),
            pl.lit(labels).alias("column_name"),
            pl.lit(None, dtype=pl.Utf8).alias("raw_value"),
            pl.format("duplicate of row {} in {} (same reporting month and {}): kept there, not here",
                      pl.col("kept_row"), pl.col("kept_file"), pl.lit(", ".join(contract.unique_key))).alias("reason"),
        )
        o.typed.quarantine = pl.concat([o.typed.quarantine, q]).sort("_row_number", "column_name")
        o.rows_accepted -= rows.height


def _check_accounting(con, contract: Contract, start: date, end: date) -> None:
    """In the load transaction: every loaded file's rows in raw and in quarantine match its ledger row."""
    bad = con.execute(
        f"""
        with raw_rows as (
            select _source_file as path, count(*) as n from {contract.qualified_table}
            where _reporting_month >= ? and _reporting_month < ? group by 1
        ), q as (
            select path, count(distinct row_number) as n from ingest.quarantine
            where domain = ? and extract = ? and month >= ? and month < ? group by 1
        )
        select l.path, l.rows_in_file, coalesce(r.n, 0), coalesce(q.n, 0)
        from ingest.file_ledger as l
        left join raw_rows as r on r.path = l.path
        left join q on q.path = l.path
        where l.domain = ? and l.extract = ? and l.month >= ? and l.month < ? and l.status = 'loaded'
          and (l.rows_in_file <> coalesce(r.n, 0) + coalesce(q.n, 0) or l.rows_loaded <> coalesce(r.n, 0)
               or l.rows_quarantined <> coalesce(q.n, 0))
        union all
        select r.path, null, r.n, null from raw_rows as r
        where not exists (select 1 from ingest.file_ledger as l where l.path = r.path and l.status = 'loaded')
        """,
        [start, end, contract.domain, contract.extract, start, end, contract.domain, contract.extract, start, end],
    ).fetchall()
    if bad:
        raise AccountingError(f"{contract.qualified_table}: rows do not add up (path, in file, in raw, quarantined): {bad}")


def _sweep_work_files(work_dir: Path) -> None:
    """Decoded copies left by a killed run hold the delivered text (personal data): remove them.
    Runs on one warehouse are serialised, so no other reader of work_dir is running."""
    if work_dir.is_dir():
        for p in work_dir.glob("*.utf8.csv"):
            p.unlink(missing_ok=True)


def _loaded_frames(files: list[LandedFile], work_dir: Path, regions, report: IngestReport, now: datetime):
    """Read each file; record its outcome in report.files; yield the accepted rows of each loaded file
    (lineage columns added), then release them.

    The same bytes delivered twice for one month are one delivery. An unchanged month-end snapshot is
    byte-identical to last month's and is a delivery of its own: the key includes the month."""
    seen: dict[tuple[str, date | None], str] = {}
    for lf in files:
        outcome = read_file(lf, work_dir, regions)
        key_ = (outcome.sha256, lf.month)
        if outcome.status == "loaded" and key_ in seen:
            outcome = FileOutcome(lf, outcome.sha256, "duplicate",
                                  f"same content as {seen[key_]} (sha256 {outcome.sha256[:12]}…) for the same month: "
                                  "not loaded twice", outcome.encoding)
        report.files.append(outcome)
        if outcome.status != "loaded":
            continue
        seen[key_] = lf.relpath
        yield outcome.typed.frame.with_columns(
            pl.lit(lf.relpath).alias("_source_file"),
            pl.lit(outcome.sha256).alias("_file_sha256"),
            pl.lit(lf.month).alias("_reporting_month"),
            pl.lit(now).alias("_loaded_at"),
        )
        outcome.typed.frame = outcome.typed.frame.clear()  # the rows are DuckDB's now
        fault_point("ingest.inserted")


def _insert_stream(con, contract: Contract, frames, key: bytes) -> None:
    """INSERT every frame of `frames` into the raw table in one statement streaming from them, the
    identity number replaced by its HMAC in SQL and dropped personal fields never handed over.

    An error raised while a file is read (bad input is an outcome, not an error; this is a bug, a fault
    injection or an I/O error) ends the stream and is raised again here, as itself."""
    import pyarrow as pa  # only when loading: not on the definitions' import path

    schema = {"_row_number": pl.Int64}
    select = []
    for f in contract.fields:
        if f.pii == "drop":
            continue
        schema[f.name] = f.polars_type
        if f.pii == "pseudonymise":
            select.append(f'{hmac_sql(f"batch.{f.name}", key)} AS "{f.stored_name}"')
        else:
            select.append(f'CAST(batch."{f.name}" AS {f.duckdb_type}) AS "{f.name}"')
    schema.update({"_source_file": pl.Utf8, "_file_sha256": pl.Utf8, "_reporting_month": pl.Date,
                   "_loaded_at": pl.Datetime("us")})
    select += [f'CAST(batch."{c}" AS {t}) AS "{c}"' for c, t in contract.stored_columns().items() if c.startswith("_")]
    arrow_schema = pl.DataFrame(schema=schema).to_arrow().schema
    failure: list[BaseException] = []

    def batches():
        try:
            for frame in frames:
                table = frame.select([pl.col(c).cast(t) for c, t in schema.items()]).to_arrow()
                yield from table.cast(arrow_schema).to_batches()
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller below
            failure.append(exc)

    cols = ", ".join(f'"{c}"' for c in contract.stored_columns())
    con.register("batch", pa.RecordBatchReader.from_batches(arrow_schema, batches()))
    try:
        con.execute(f"INSERT INTO {contract.qualified_table} ({cols}) SELECT {', '.join(select)} FROM batch")
    finally:
        con.unregister("batch")
    if failure:
        raise failure[0]


def _record(con, contract: Contract | None, o: FileOutcome, now: datetime, run_id: str | None) -> None:
    t = o.typed if o.status == "loaded" else None
    in_file = o.typed.rows_in_file if o.typed is not None and o.status == "superseded" else None
    con.execute(
        "INSERT INTO ingest.file_ledger VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            o.file.relpath, o.sha256, o.file.domain, contract.extract if contract else None, o.file.month,
            o.status, o.reason,
            o.encoding, o.header_row,
            t.rows_in_file if t else in_file, o.rows_loaded if t else None, o.rows_quarantined if t else None,
            ", ".join(t.extra_columns) if t and t.extra_columns else None,
            "; ".join(t.notes) if t and t.notes else None,
            now, run_id,
        ],
    )
    if t is not None and contract is not None and t.quarantine.height:
        q = t.quarantine.with_columns(
            pl.lit(o.file.relpath).alias("path"), pl.lit(o.sha256).alias("sha256"),
            pl.lit(contract.domain).alias("domain"), pl.lit(contract.extract).alias("extract"),
            pl.lit(o.file.month).alias("month"), pl.lit(now).alias("quarantined_at"), pl.lit(run_id).alias("run_id"),
        )
        con.register("q", q.to_arrow())
        try:
            con.execute(
                "INSERT INTO ingest.quarantine SELECT path, sha256, domain, extract, month, _row_number, "
                "column_name, raw_value, reason, quarantined_at, run_id FROM q"
            )
        finally:
            con.unregister("q")
