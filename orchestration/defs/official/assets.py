"""raw/official__statistics: the published tables in <landing>/official/, one row per numeric cell.

Keyed ["raw", "official__statistics"], the dbt source key, so the graph runs from the published file
to marts.fct_official_statistic. Partitioned by month like every asset (one job builds everything),
but a published table belongs to its own period: whichever window runs, every table is loaded.
"""

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from orchestration import settings
from orchestration.defs.ingest import TRANSIENT_RETRY, raise_unless_transient
from orchestration.partitions import monthly_partitions, single_run
from orchestration.resources import LandingResource


def build_official_assets() -> list[dg.AssetsDefinition]:
    @dg.asset(
        key=dg.AssetKey(["raw", "official__statistics"]),
        group_name="official",
        partitions_def=monthly_partitions,
        backfill_policy=single_run,
        kinds={"duckdb", "python"},
        description="Official statistical tables (民政统计月报/季报, public summaries, yearbook tables) read from "
                    "<landing>/official/ (CSV, XLSX, HTML): one row per numeric cell with its label, unit, code, "
                    "column role, issuing region and period.",
        metadata={"dagster/table_name": "raw.official__statistics", "source": "sources/official/README.md"},
        pool=settings.WAREHOUSE_POOL,
        retry_policy=TRANSIENT_RETRY,
    )
    def official__statistics(context: dg.AssetExecutionContext, warehouse: DuckDBResource,
                             landing: LandingResource) -> dg.MaterializeResult:
        from orchestration.official.load import load_official

        try:
            with warehouse.get_connection() as con:
                outcomes = load_official(con, Path(landing.path), work_dir=settings.work_dir(Path(warehouse.database)),
                                         run_id=context.run_id)
        except Exception as exc:
            raise_unless_transient(exc)
        loaded = [o for o in outcomes if o.status == "loaded"]
        rejected = [o for o in outcomes if o.status == "rejected"]
        for o in rejected:
            context.log.error(f"rejected {o.file.relpath}: {o.reason}")
        cells = sum(o.rows_loaded for o in loaded)
        context.log.info(f"official tables: {len(loaded)} loaded ({cells} cells), {len(rejected)} rejected")
        return dg.MaterializeResult(metadata={
            "files_loaded": len(loaded), "files_rejected": len(rejected),
            "rejected": "\n".join(o.reason or "" for o in rejected) or "none",
            "dagster/row_count": cells,
        })

    return [official__statistics]
