"""The quality gate in Dagster: the GX suites of expectations/ as asset checks on the marts they
guard (error severity = blocking), and the auditor report asset.

    checks.py   one @multi_asset_check per suite; results appended to quality.check_results
    assets.py   quality/auditor_report: the offline HTML report and the GX Data Docs

Nothing here imports great_expectations: the check functions import it when they run.
"""

import dagster as dg


def definitions() -> dg.Definitions:
    from orchestration.defs.quality.assets import auditor_report
    from orchestration.defs.quality.checks import build_suite_checks

    return dg.Definitions(assets=[auditor_report], asset_checks=build_suite_checks())
