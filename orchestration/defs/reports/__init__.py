"""Work reports as a source: the report corpus, the claim extractor and its assets.

    extractor.py   report text → claims (regions.py, numbers.py, text.py, catalog.py, lexicon.yaml)
    assets.py      raw.reports__documents / raw.reports__claims (new or changed reports by sha256)
    cli.py         `minzheng extract-report FILE...` (JSON lines)
"""

import dagster as dg


def definitions() -> dg.Definitions:
    from orchestration.defs.reports.assets import build_report_assets

    return dg.Definitions(assets=build_report_assets())
