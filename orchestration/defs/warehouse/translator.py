"""Asset keys and groups for dbt nodes.

Sources keep dagster-dbt's default key ["raw", "<table>"], which is exactly the ingestion asset's key,
so the graph runs from file to mart in one lineage. Models and seeds are keyed [schema, name]
("marts/fct_assistance"), and grouped by source: the folder under staging/intermediate/marts when it
names a folder of sources/ (a domain, official, reports, reference), else core (seeds: seeds).
"""

import functools
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings

from orchestration import settings



@functools.cache
def source_groups() -> frozenset[str]:
    """The folders of sources/: the domains (with contracts) and the other sources (official, reports, reference)."""
    return frozenset(p.name for p in settings.SOURCES_DIR.iterdir() if p.is_dir() and not p.name.startswith("."))


class MinzhengTranslator(DagsterDbtTranslator):
    def __init__(self) -> None:
        super().__init__(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: Any) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = (manifest.get("nodes", {}).get(unique_id) or manifest.get("sources", {}).get(unique_id) or {})
        if props.get("resource_type") not in ("model", "seed", "snapshot"):
            return spec
        schema = props.get("schema") or "main"
        fqn = props.get("fqn", [])
        folders = fqn[1:-1]
        group = next((f for f in folders if f in source_groups()), None)
        if group is None:
            group = "seeds" if props.get("resource_type") == "seed" else "core"
        return spec.replace_attributes(key=dg.AssetKey([schema, props["name"]]), group_name=group)
