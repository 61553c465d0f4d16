"""The quality gate's machinery (no Dagster here; see orchestration/defs/quality for the checks).

    gx_duckdb.py  the one patch that makes Great Expectations 1.24 work on DuckDB (duckdb-engine)
    suites.py     expectations/*.yml and the expectations generated from the indicator catalog
    runner.py     run a suite with GX for a window of months; GX Data Docs
    store.py      quality.check_results
    report.py     the auditor report (self-contained HTML); auditor.py writes it with the Data Docs index

Importing this package (or suites/store/report) never imports great_expectations.
"""
