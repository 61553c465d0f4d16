"""The official statistical forms as a source: raw/official__statistics from <landing>/official/
(the parser is orchestration/official/)."""

import dagster as dg


def definitions() -> dg.Definitions:
    from orchestration.defs.official.assets import build_official_assets

    return dg.Definitions(assets=build_official_assets())
