"""Run a suite with Great Expectations against the warehouse DuckDB file.

Each expectation becomes a GX ``UnexpectedRowsExpectation`` over a query asset (the guarded mart
restricted to the run's window). GX runs in a file-backed context beside the warehouse
(``<warehouse dir>/gx/``), so every validation result is kept for the Data Docs. great_expectations
is imported here, lazily, inside the functions: never when the definitions load.
"""

from __future__ import annotations

import gc
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from orchestration.quality.suites import Expectation, Suite, render
from orchestration.window import Window, label as window_label

MAX_DETAIL_ROWS = 20
DATASOURCE = "minzheng_warehouse"
# the Dagster step of a suite is named CHECK_STEP_PREFIX + suite name (defs/quality/checks.py; the
# benchmark tells gate verdicts by it)
CHECK_STEP_PREFIX = "gx_"


@dataclass
class CheckOutcome:
    expectation: Expectation
    asset_path: str
    partition: str
    passed: bool
    failing_rows: int
    rows: list[dict] = field(default_factory=list)  # at most MAX_DETAIL_ROWS failing rows
    error: str | None = None  # the query failed (counts as a failure)

    @property
    def check_name(self) -> str:
        return self.expectation.name

    @property
    def severity(self) -> str:
        return self.expectation.severity

    @property
    def status(self) -> str:
        return "pass" if self.passed else "fail"

    @property
    def observed(self) -> str:
        if self.error:
            return "query failed"
        return f"{self.failing_rows} failing rows"

    @property
    def expected(self) -> str:
        return "0 failing rows"

    def detail(self) -> dict:
        d: dict = {
            "suite": self.expectation.suite,
            "label_zh": self.expectation.label_zh,
            "kind": self.expectation.kind,
            "description": self.expectation.description,
            "generated_from": self.expectation.generated_from,
            "rows": [_jsonable(r) for r in self.rows[:MAX_DETAIL_ROWS]],
            "rows_shown": min(len(self.rows), MAX_DETAIL_ROWS),
        }
        if self.error:
            d["error"] = self.error
        return d


def _jsonable(row: dict) -> dict:
    out = {}
    for k, v in row.items():
        if isinstance(v, (date, datetime)):
            v = v.isoformat()
        elif isinstance(v, Decimal):
            v = float(v)
        elif v is not None and not isinstance(v, (str, int, float, bool)):
            v = str(v)
        out[k] = v
    return out


def gx_root(warehouse: Path) -> Path:
    """The GX project folder beside the warehouse (validation results and Data Docs)."""
    return Path(warehouse).parent / "gx"


def _context():
    """An ephemeral GX context (suites and validation definitions are rebuilt from expectations/
    every run; nothing of GX's own is persisted but the Data Docs)."""
    from orchestration.quality import gx_duckdb

    gx_duckdb.apply()
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return context


def docs_dir(warehouse: Path) -> Path:
    """GX Data Docs beside the warehouse: one site per suite, gx/data_docs/<suite>/index.html."""
    return gx_root(warehouse) / "data_docs"


def _build_suite_docs(context, suite_name: str, warehouse: Path) -> None:
    site = docs_dir(warehouse) / suite_name
    context.add_data_docs_site(site_name="local", site_config={
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(site)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    })
    context.build_data_docs(site_names=["local"])
    from orchestration.quality.offline import make_offline

    make_offline(site)  # no CDN: the pages work on an intranet


_BATCH_ALIAS = re.compile(r"\{batch\}\s+as\s+(\w+)", re.IGNORECASE)


def gx_query(sql: str, window: Window | None) -> str:
    """The query GX runs: window bounds filled in; `{batch} as x` made a derived table GX accepts
    (GX substitutes {batch} with `(<batch query>) AS subselect`, which takes no second alias)."""
    return _BATCH_ALIAS.sub(r"(select * from {batch}) as \1", render(sql, window))


def run_suite(suite: Suite, warehouse: Path, window: Window | None = None,
              data_docs: bool = True) -> list[CheckOutcome]:
    """Validate one suite for a window of months (None: every row)."""
    warehouse = Path(warehouse).resolve()
    context = _context()
    import great_expectations as gx
    from sqlalchemy.pool import NullPool

    if suite.window is None:
        window = None
    label = window_label(window)
    # NullPool: every connection is closed as soon as GX has read its result, so the DuckDB file is
    # free for the next writer (and for a connection of another configuration in this process)
    ds = context.data_sources.add_sql(name=DATASOURCE, connection_string=f"duckdb:///{warehouse}",
                                      kwargs={"poolclass": NullPool})
    try:
        asset = ds.add_query_asset(name=suite.name, query=suite.batch_query(window))
        batch_def = asset.add_batch_definition_whole_table("window")
        gx_suite = gx.ExpectationSuite(name=suite.name)
        for e in suite.expectations:
            gx_suite.add_expectation(gx.expectations.UnexpectedRowsExpectation(
                unexpected_rows_query=gx_query(e.sql, window),
                description=f"{e.label_zh} ({e.severity})",
                meta={"check_name": e.name, "severity": e.severity, "kind": e.kind, "label_zh": e.label_zh,
                      "asset": suite.asset_path, "partition": label},
            ))
        gx_suite = context.suites.add(gx_suite)
        vd = context.validation_definitions.add(
            gx.ValidationDefinition(name=suite.name, data=batch_def, suite=gx_suite))
        result = vd.run(result_format="COMPLETE")
        by_name = {r.expectation_config.meta.get("check_name"): r for r in result.results}
        outcomes = []
        for e in suite.expectations:
            r = by_name.get(e.name)
            if r is None:
                outcomes.append(CheckOutcome(e, suite.asset_path, label, False, 0, error="not evaluated by GX"))
                continue
            exc = r.exception_info or {}
            raised = [v for v in (exc.values() if isinstance(exc, dict) else []) if isinstance(v, dict)
                      and v.get("raised_exception")]
            if exc.get("raised_exception") or raised:
                msg = exc.get("exception_message") or (raised[0].get("exception_message") if raised else "")
                outcomes.append(CheckOutcome(e, suite.asset_path, label, False, 0, error=str(msg)[:2000]))
                continue
            res = r.result or {}
            n = int(res.get("observed_value") or 0)
            rows = list((res.get("details") or {}).get("unexpected_rows") or [])
            outcomes.append(CheckOutcome(e, suite.asset_path, label, bool(r.success), n, rows[:MAX_DETAIL_ROWS]))
    finally:
        _release(ds)
    if data_docs:
        try:
            _build_suite_docs(context, suite.name, warehouse)
        except Exception:  # noqa: BLE001 - the docs are a convenience; the results are in quality.check_results
            pass
    return outcomes


def _release(ds) -> None:
    """Close every connection GX opened, so the next dbt step can open the DuckDB file for writing."""
    for getter in ("get_engine",):
        try:
            getattr(ds, getter)().dispose()
        except Exception:  # noqa: BLE001 - best effort: nothing to close
            pass
    gc.collect()


def data_docs_index(warehouse: Path) -> Path | None:
    """An index.html linking the Data Docs site of every suite (written by run_suite); None if none."""
    root = docs_dir(Path(warehouse).resolve())
    sites = sorted(p.parent for p in root.glob("*/index.html")) if root.exists() else []
    if not sites:
        return None
    links = "".join(f'<li><a href="{p.name}/index.html">{p.name}</a></li>' for p in sites)
    index = root / "index.html"
    index.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>GX Data Docs</title></head><body>"
                     f"<h1>Great Expectations Data Docs</h1><ul>{links}</ul></body></html>", encoding="utf-8")
    return index


def dumps(detail: dict) -> str:
    return json.dumps(detail, ensure_ascii=False, default=str)
