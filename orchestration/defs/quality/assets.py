"""quality/auditor_report: the offline HTML report for auditors and the GX Data Docs, written
beside the warehouse after the marts and their checks (``minzheng run`` writes it too, even when
the gate stopped the run)."""

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from orchestration import settings
from orchestration.partitions import monthly_partitions, single_run


@dg.asset(
    key=["quality", "auditor_report"],
    group_name="quality",
    deps=[dg.AssetKey(["marts", "fct_indicator_value"]), dg.AssetKey(["marts", "rpt_reconciliation"])],
    partitions_def=monthly_partitions,
    backfill_policy=single_run,
    pool=settings.WAREHOUSE_POOL,
    description="Self-contained HTML report of the quality checks (quality.check_results), the reconciliation "
                "of the work reports and their redacted figures, with the trend over runs; and GX Data Docs.",
)
def auditor_report(context: dg.AssetExecutionContext, warehouse: DuckDBResource) -> dg.MaterializeResult:
    from orchestration.quality.auditor import write_auditor_report

    path, docs = write_auditor_report(Path(warehouse.database))
    context.log.info(f"auditor report: {path}")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(path)),
        **({"data_docs": dg.MetadataValue.path(str(docs))} if docs else {}),
    })
