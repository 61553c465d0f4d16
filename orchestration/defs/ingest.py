"""The ingestion assets: one per extract contract (sources/<domain>/<extract>.yaml), in its domain's group.

The domains are the folders of sources/ that hold contracts (ingest.contract.domains); the asset key is
the dbt source key ["raw", "<domain>__<extract>"], so lineage runs from the delivered file to the marts.
Adding a domain adds its assets here without an edit.
"""


from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from orchestration import settings
from orchestration.ingest.contract import Contract, load_contracts
from orchestration.ingest.load import ingest_window
from orchestration.partitions import monthly_partitions, single_run
from orchestration.resources import LandingResource, PseudonymResource
from orchestration.window import Window


# Transient errors (the warehouse locked by another process, an OS error reading a file still being
# copied in) are retried; anything else is a bug or a broken contract and fails at once.
TRANSIENT_RETRY = dg.RetryPolicy(max_retries=3, delay=2, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS)


def is_transient(exc: BaseException) -> bool:
    from orchestration.concurrency import WarehouseBusy, is_lock_error

    return isinstance(exc, WarehouseBusy | TimeoutError | InterruptedError | BlockingIOError) or is_lock_error(exc) or (
        isinstance(exc, OSError) and not isinstance(exc, FileNotFoundError | PermissionError | IsADirectoryError))


def raise_unless_transient(exc: BaseException):
    """Re-raise a transient error (the step's RetryPolicy retries it); fail anything else without retry."""
    if is_transient(exc):
        raise exc
    raise dg.Failure(description=f"{type(exc).__name__}: {exc}", allow_retries=False) from exc


def _column_schema(contract: Contract) -> dg.TableSchema:
    desc = {f.stored_name: f"{f.label_zh}" + (f" [{f.unit}]" if f.unit else "") for f in contract.fields if f.stored_name}
    return dg.TableSchema(columns=[
        dg.TableColumn(name, type_.lower(), description=desc.get(name, "lineage"))
        for name, type_ in contract.stored_columns().items()
    ])


def build_extract_asset(contract: Contract) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(["raw", contract.table]),
        group_name=contract.domain,
        partitions_def=monthly_partitions,
        backfill_policy=single_run,
        kinds={"duckdb", "polars"},
        description=f"{contract.name_zh} — {contract.description}",
        metadata={
            "contract": str(contract.path.relative_to(settings.PROJECT_ROOT)),
            "dagster/table_name": contract.qualified_table,
            "dagster/column_schema": _column_schema(contract),
        },
        tags={"domain": contract.domain},
        pool=settings.WAREHOUSE_POOL,
        retry_policy=TRANSIENT_RETRY,
    )
    def _ingest(
        context: dg.AssetExecutionContext,
        warehouse: DuckDBResource,
        landing: LandingResource,
        pseudonym: PseudonymResource,
    ) -> dg.MaterializeResult:
        window = Window.from_context(context)
        start, end = window.start, window.end
        try:
            with warehouse.get_connection() as con:
                report = ingest_window(
                    con, contract, Path(landing.path), start, end,
                    key=pseudonym.key(), work_dir=settings.work_dir(Path(warehouse.database)), run_id=context.run_id,
                )
        except Exception as exc:
            raise_unless_transient(exc)
        for o in report.files:
            if o.status == "rejected":
                context.log.error(f"rejected {o.file.relpath}: {o.reason}")
            elif o.status == "duplicate":
                context.log.warning(f"duplicate {o.file.relpath}: {o.reason}")
            else:
                context.log.debug(f"loaded {o.file.relpath} ({o.encoding}): {o.rows_loaded} rows, "
                                  f"{o.rows_quarantined} quarantined")
        context.log.info(
            f"{contract.qualified_table} {start:%Y-%m}..{end:%Y-%m}: {len(report.by_status('loaded'))} files, "
            f"{report.rows_loaded} rows loaded, {report.rows_quarantined} quarantined, "
            f"{len(report.by_status('rejected'))} files rejected, {len(report.by_status('duplicate'))} duplicates"
        )
        return dg.MaterializeResult(metadata={
            "window": f"{start:%Y-%m} .. {end:%Y-%m} (exclusive)",
            "files_loaded": len(report.by_status("loaded")),
            "files_rejected": len(report.by_status("rejected")),
            "files_duplicate": len(report.by_status("duplicate")),
            "rows_loaded": report.rows_loaded,
            "rows_quarantined": report.rows_quarantined,
            "dagster/row_count": report.rows_loaded,
            "rejected": "\n".join(o.reason or "" for o in report.by_status("rejected")) or "none",
        })

    return _ingest


def build_ingest_assets() -> list[dg.AssetsDefinition]:
    return [build_extract_asset(c) for c in load_contracts()]


def definitions() -> dg.Definitions:
    return dg.Definitions(assets=build_ingest_assets())
