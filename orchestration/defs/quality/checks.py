"""Every suite of expectations/ as one @multi_asset_check on the mart it guards.

One AssetCheckSpec per expectation: error severity → ``blocking=True`` (a failure stops the assets
downstream of the guarded mart in the same run), warn → recorded and reported only. The check runs
after the step that materialized its mart, for the run's months (the partition or the partition
range of the run), and appends every result to quality.check_results.
"""

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from orchestration import settings
from orchestration.quality.runner import CHECK_STEP_PREFIX
from orchestration.quality.suites import Suite, load_suites
from orchestration.window import Window


SEVERITY = {"error": dg.AssetCheckSeverity.ERROR, "warn": dg.AssetCheckSeverity.WARN}


def _rows_markdown(rows: list[dict], limit: int = 10) -> str:
    if not rows:
        return ""
    cols = list(rows[0].keys())
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows[:limit]:
        lines.append("| " + " | ".join(str(r.get(c, ""))[:80].replace("|", "/") for c in cols) + " |")
    return "\n".join(lines)


def _suite_check(suite: Suite) -> dg.AssetChecksDefinition:
    key = dg.AssetKey(list(suite.asset))
    specs = [
        dg.AssetCheckSpec(
            name=e.name, asset=key, blocking=(e.severity == "error"),
            description=f"[{e.severity}] {e.label_zh} — {e.description}".strip(" —"),
            metadata={"severity": e.severity, "kind": e.kind, "suite": f"expectations/{suite.name}.yml",
                      **({"generated_from": e.generated_from} if e.generated_from else {})},
        )
        for e in suite.expectations
    ]

    @dg.multi_asset_check(
        specs=specs,
        name=f"{CHECK_STEP_PREFIX}{suite.name}",
        description=f"Great Expectations suite expectations/{suite.name}.yml ({suite.label_zh})",
        pool=settings.WAREHOUSE_POOL,
    )
    def _check(context: dg.AssetCheckExecutionContext, warehouse: DuckDBResource):
        from orchestration.quality import store
        from orchestration.quality.runner import run_suite

        op_context = context.op_execution_context
        # a check has no partition context of its own: the run's months are in its tags
        outcomes = run_suite(suite, Path(warehouse.database), Window.from_tags(op_context.run.tags))
        # through the resource: a lock held by another writer is waited out like every other step's
        with warehouse.get_connection() as con:
            store.append(con, op_context.run_id, store.outcome_rows(outcomes))
        for o in outcomes:
            meta = {
                "severity": o.severity,
                "partition": o.partition,
                "failing_rows": o.failing_rows,
                "label_zh": o.expectation.label_zh,
            }
            if o.error:
                meta["error"] = dg.MetadataValue.text(o.error)
            if o.rows:
                meta["failing_rows_sample"] = dg.MetadataValue.md(_rows_markdown(o.rows))
            yield dg.AssetCheckResult(
                check_name=o.check_name, asset_key=key, passed=o.passed,
                severity=SEVERITY[o.severity], metadata=meta,
            )

    return _check


def build_suite_checks() -> list[dg.AssetChecksDefinition]:
    return [_suite_check(s) for s in load_suites()]
