"""Work reports as a source, the Dagster wiring: the raw_reports asset.

    assets.py      raw.reports__documents / raw.reports__claims (new or changed reports by sha256)

The extractor itself (report text → claims) is machinery in orchestration/reports/.
"""

import dagster as dg


def definitions() -> dg.Definitions:
    from orchestration.defs.reports.assets import build_report_assets

    return dg.Definitions(assets=build_report_assets())
